"""Fuzzing the importer (issue 9): whatever bytes it gets, in whichever encoding, it never raises, and the
source it writes reads back without an error.

The number of examples comes from the hypothesis profile (tests/conftest.py): a bounded, derandomized run
in CI, `make fuzz` for a long local campaign.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportpress.errors import SourceError
from reportpress.importer import format_report, import_text
from reportpress.reader import read_text

from .strategies import ENCODINGS, raw_report_bytes

# Random text makes glossaries and footnotes that the body never uses: the reader warns, rightly.
pytestmark = pytest.mark.warns()


@given(raw_report_bytes())
def test_any_report_in_any_encoding_imports_to_a_source_that_reads_back(raw: bytes) -> None:
    result = import_text(raw)
    assert format_report(result.report)
    read_text(result.markdown, "imported.md")


@given(raw_report_bytes(), st.sampled_from([*ENCODINGS, "ascii", "utf-7", "cp1252", "shift_jis", "rot13", "hex",
                                             "undefined", "punycode", "idna", "unicode_escape"]))
def test_a_named_encoding_fails_only_with_a_source_error(raw: bytes, encoding: str) -> None:
    try:
        result = import_text(raw, encoding=encoding)
    except SourceError as error:
        assert str(error).count("\n") == 0
        return
    read_text(result.markdown, "imported.md")
