"""Front matter numbers no text can hold (session 24): YAML reads `0x…` and `0b…` integers of any length
(Python's 4,300-digit limit is on decimal text only), and then nothing can write one out — `str` raises
ValueError, which ended `check` in a traceback. A number of more than 1,000 digits is refused at its line."""

from __future__ import annotations

import pytest

from reportpress.errors import SourceError, SourceErrors
from reportpress.reader import read_text

HEX = "0x" + "f" * 5000
BINARY = "0b" + "1" * 20_000


def front_matter_error(front: str) -> str:
    with pytest.raises((SourceError, SourceErrors)) as caught:
        read_text(f"---\ntitle: 报告\n{front}\n---\n\n正文。\n", "r.md")
    return str(caught.value)


@pytest.mark.parametrize(("front", "line", "key"), [
    (f"subtitle: {HEX}", 3, "subtitle"),
    (f"keywords: [{BINARY}]", 3, "keywords"),
    (f"author: -{HEX}", 3, "author"),
    (f"date: 2024-01-01\nkeywords:\n  - a\n  - {HEX}", 4, "keywords"),
    (f"cover:\n  front: {HEX}", 3, "cover"),  # named by its top-level key, at that key's line
])
def test_a_number_past_a_thousand_digits_is_refused_at_its_key(front: str, line: int, key: str) -> None:
    message = front_matter_error(front)
    assert message == (f"r.md:{line}: front matter: `{key}`: a number of more than 1000 digits "
                       "(quote the value to keep it as text)")


def test_a_number_of_a_thousand_digits_is_a_number_and_a_quoted_one_text() -> None:
    assert read_text(f"---\ntitle: 报告\nsubtitle: {'9' * 250}\n---\n\n正文。\n", "r.md").meta.subtitle == "9" * 250
    message = front_matter_error(f"subtitle: {'9' * 1000}")  # read as a number: only its length is refused
    assert "1000 characters; a DOCX document property holds at most 255" in message
    quoted = read_text(f"---\ntitle: 报告\nsubtitle: '{HEX[:200]}'\n---\n\n正文。\n", "r.md")
    assert quoted.meta.subtitle == HEX[:200]
