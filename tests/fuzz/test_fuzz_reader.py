"""Fuzzing the reader (issue 9): whatever Markdown-like source it gets, it returns a document or raises a
`ReportpressError` (one clear message per problem), never anything else.

The number of examples comes from the hypothesis profile (tests/conftest.py): a bounded, derandomized run
in CI, `make fuzz` for a long local campaign.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from reportpress.errors import ReportpressError, SourceErrors
from reportpress.reader import read_text

from .strategies import markdown_source

# Random sources define footnotes and glossary entries they never use: the reader warns, rightly.
pytestmark = pytest.mark.warns()


@given(markdown_source)
def test_the_reader_raises_nothing_but_reportpress_errors(text: str) -> None:
    try:
        read_text(text, "fuzz.md")
    except ReportpressError as error:
        errors = error.errors if isinstance(error, SourceErrors) else (error,)
        assert errors and all(str(item) for item in errors)


# What the fuzzer found (a KeyError on Pandoc inline notes, fixed in the reader): each becomes one footnote
@pytest.mark.parametrize("text", ["^[一]", "一:^[一]", "- x\n  \n  x^[一]"])
def test_inline_footnote_found_by_the_fuzzer(text: str) -> None:
    document = read_text(text, "fuzz.md")
    assert len(document.footnotes) == 1 and document.footnotes[0].blocks
