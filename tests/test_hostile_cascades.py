"""Session 23 hostile review: one cause, one message.

A refused character reference, a refused link or an unclosed front matter used to bring a second,
follow-on error: the reader dropped what it refused, and the part it was in was then "empty" (a footnote,
a salutation, a `::: signoff`), or a term reference named a glossary entry no one wrote. Each source here
holds one mistake and must give exactly one message, at its line, through `reportpress check` as the
user runs it; and a real second mistake next to it is still reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.cli import main
from reportpress.errors import SourceError, SourceErrors
from reportpress.reader import read_text

BIDI = "U+202E RIGHT-TO-LEFT OVERRIDE is a bidirectional control"
LINK = "only http, https and mailto links are allowed"

ONE_CAUSE = {
    "footnote-of-a-bidi-reference": ("正文[^1]。\n\n[^1]: &#x202E;\n", 3, BIDI),
    "inline-footnote-of-a-bidi-reference": ("正文^[&#x202E;]。\n", 1, BIDI),
    "salutation-div-of-a-bidi-reference": ("::: salutation\n&#x202E;\n:::\n\n正文。\n", 2, BIDI),
    "salutation-span-of-a-bidi-reference": ("[&#x202E;]{.salutation}\n\n正文。\n", 1, BIDI),
    "term-reference-of-a-bidi-reference": ("[&#x202E;]{.term}\n", 1, BIDI),
    "signoff-of-a-line-separator": ("正文。\n\n::: signoff\n&#x2028;\n:::\n", 4, "U+2028 LINE SEPARATOR"),
    "footnote-of-a-refused-link": ("正文[^1]。\n\n[^1]: [](file:///etc/passwd)\n", 3, LINK),
    "signoff-of-a-refused-link": ("正文。\n\n::: signoff\n[](x)\n:::\n", 4, LINK),
    # (and no warning that the entry is never used: conftest fails a test that logs one unasked)
    "glossary-term-of-a-refused-link": ("正文。\n\n::: glossary\n[](x)\n: 释义\n:::\n", 4, LINK),
    "unclosed-front-matter": ("---\ntitle: 报告\n\n正文。\n", 1, "front matter: the `---` of line 1 is never closed"),
    "unclosed-front-matter-alone": ("---\n", 1, "front matter: the `---` of line 1 is never closed"),
}


def errors_of(text: str) -> list[SourceError]:
    try:
        read_text(text, "r.md")
    except SourceErrors as raised:
        return list(raised.errors)
    except SourceError as raised:
        return [raised]
    return []


@pytest.mark.parametrize(("text", "line", "message"), ONE_CAUSE.values(), ids=ONE_CAUSE.keys())
def test_one_mistake_is_one_message(text: str, line: int, message: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    errors = errors_of(text)
    assert [str(error) for error in errors] == [str(errors[0])] and message in str(errors[0]), errors
    assert errors[0].pos is not None and errors[0].pos.line == line
    (tmp_path / "r.md").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path / "r.md")]) == 1
    err = capsys.readouterr().err
    assert [row for row in err.splitlines() if row.startswith("error:")] == [f"error: {tmp_path / 'r.md'}:{line}: "
                                                                            + str(errors[0]).split(": ", 1)[1]]


def test_a_second_mistake_in_the_same_note_is_still_reported() -> None:
    """What is judged after a refusal is only what the refusal could have caused."""
    errors = errors_of("正文[^1][甲]{.term}。\n\n[^1]: &#x202E;\n\n[^2]: 注\n")
    messages = [error.message for error in errors]
    assert any(BIDI in message for message in messages)
    assert any("unknown glossary term '甲'" in message for message in messages), messages
    assert not any("empty" in message for message in messages), messages


@pytest.mark.parametrize("text", ["正文^[]。\n", "[ ]{.salutation}\n\n正文。\n", "[]{.term}\n",
                                  "正文。\n\n::: signoff\n:::\n"])
def test_an_empty_part_with_no_other_mistake_is_still_empty(text: str) -> None:
    errors = errors_of(text)
    assert errors and "empty" in errors[0].message, errors


@pytest.mark.parametrize("text", ["---\ntitle: 报告\n---\n\n正文。\n", "\ufeff---\ntitle: 报告\n---\n\n正文。\n",
                                  "----\ntitle: 报告\n----\n\n正文。\n", "正文。\n\n---\n"])
def test_a_closed_front_matter_and_a_rule_further_down_are_not_taken_for_an_unclosed_one(text: str) -> None:
    assert not any("never closed" in str(error) for error in errors_of(text.removeprefix("\ufeff")))
