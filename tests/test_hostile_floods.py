"""Messages by the ten thousand (session 25). Each warning or error is a line of the terminal (a few ms
through rich) and of a batch's or the watch's log: a 1 MiB source of 60,000 footnote definitions that
nothing calls took 140 s to `check` (120,000 lines of warnings), 20,000 unused glossary entries 80 s,
and a 700 KB source of 50,000 unknown footnote calls printed 50,000 errors in 50 s. Now a document's
warnings of one kind are listed up to `MAX_LISTED_WARNINGS`, then one line says how many more from
where; the errors of one source up to `MAX_SHOWN_ERRORS`, then one line (13.6 s and 15.8 s and 19 s)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reportpress.cli import MAX_SHOWN_ERRORS, main
from reportpress.reader import document_from_bytes
from reportpress.reader.context import MAX_LISTED_WARNINGS

HEAD = "---\ntitle: 报告\n---\n\n"


def checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return main(["check", "source/r.md"])


def read(text: str) -> None:
    document_from_bytes(text.encode(), "source/r.md")


def warnings(records: list[logging.LogRecord]) -> list[str]:
    return [record.getMessage() for record in records if record.levelno == logging.WARNING]


@pytest.mark.warns(match="never referenced")
def test_footnotes_nothing_calls_are_listed_up_to_the_cap_then_counted_from_the_first_unlisted(
        warnings_logged: list[logging.LogRecord]) -> None:
    notes = "".join(f"[^{n}]: 注{n}。\n" for n in range(1, 201))  # lines 7 to 206; [^1] is called
    read(HEAD + "正文[^1]。\n\n" + notes)
    said = [text for text in warnings(warnings_logged) if "never referenced" in text]
    assert len(said) == MAX_LISTED_WARNINGS + 1, said
    assert said[0].startswith("source/r.md:8: footnote [^2] is defined but never referenced")
    first_unlisted = 8 + MAX_LISTED_WARNINGS
    assert said[-1] == (f"source/r.md:{first_unlisted}: {199 - MAX_LISTED_WARNINGS} more footnotes defined but "
                        f"never referenced from here on (only the first {MAX_LISTED_WARNINGS} are listed)")


@pytest.mark.warns(match="never used in the body")
def test_unused_glossary_entries_are_listed_up_to_the_cap(
        warnings_logged: list[logging.LogRecord]) -> None:
    entries = "".join(f"术语{n}\n: 释义。\n\n" for n in range(60))
    read(HEAD + "正文。\n\n::: glossary\n" + entries + ":::\n")
    said = [text for text in warnings(warnings_logged) if "glossary entr" in text]
    assert len(said) == MAX_LISTED_WARNINGS + 1 and said[-1].endswith(
        f"{60 - MAX_LISTED_WARNINGS} more glossary entries never used in the body from here on (only the first "
        f"{MAX_LISTED_WARNINGS} are listed)"), said


@pytest.mark.warns(match="never referenced")
def test_a_warning_at_the_cap_is_listed_with_no_count(
        warnings_logged: list[logging.LogRecord]) -> None:
    notes = "".join(f"[^{n}]: 注{n}。\n" for n in range(2, MAX_LISTED_WARNINGS + 2))
    read(HEAD + "正文[^1]。\n\n[^1]: 注。\n" + notes)
    said = [text for text in warnings(warnings_logged) if "never referenced" in text]
    assert len(said) == MAX_LISTED_WARNINGS and not any("more footnotes" in text for text in said)


def test_errors_past_the_cap_are_one_line_saying_how_many_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    calls = "".join(f"正文[^x{n}]。\n\n" for n in range(MAX_SHOWN_ERRORS + 50))
    assert checked(tmp_path, monkeypatch, HEAD + calls) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == MAX_SHOWN_ERRORS + 1, errors[-3:]
    assert errors[0].startswith("error: source/r.md:5: unknown footnote [^x0]")
    assert errors[-1] == (f"error: 50 more errors (only the first {MAX_SHOWN_ERRORS} are shown): fix these, then "
                          "check the source again")
