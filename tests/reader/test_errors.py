"""Every source error names file and line and says what to do; several are reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.errors import SourceError, SourceErrors
from reportpress.reader import read_text
from tests.fixtures import Fixture, read_fixture_file

CASES = read_fixture_file(Path(__file__).parents[1] / "data" / "reader" / "errors.md")


@pytest.mark.parametrize("case", CASES, ids=[f"{case.line}-{case.title}" for case in CASES])
def test_source_error(case: Fixture) -> None:
    path = "report.md"
    with pytest.raises((SourceError, SourceErrors)) as raised:
        read_text(case.input, path)
    error = raised.value
    errors = error.errors if isinstance(error, SourceErrors) else (error,)
    assert "\n".join(str(item) for item in errors) == case.expected.replace("{path}", path)


def test_fixture_file_is_read() -> None:
    assert len(CASES) >= 12
