"""Limits against sources that would take minutes to lay out (hostile review 22): a long table cell, a long
run of letters without a break, many note calls. Each is refused at its line by `check` and `build` alike
(`typeset/limits.py`); the time each bounds is measured there, not here (no timings in tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.errors import SourceError, SourceErrors
from reportpress.model import Document
from reportpress.reader import read_source
from reportpress.typeset import limits
from tests.hostile.test_hostile import Case
from tests.hostile.test_hostile import test_hostile_case as run_hostile_case

HEAD = "---\ntitle: 报告\n---\n\n"  # the body starts on line 5


def read(tmp_path: Path, body: str) -> Document:
    path = tmp_path / "report.md"
    path.write_text(HEAD + body, encoding="utf-8")
    return read_source(path)


def refused(tmp_path: Path, body: str) -> list[str]:
    """The messages `check_block_lengths` gives for `body`, file name cut off."""
    with pytest.raises((SourceError, SourceErrors)) as raised:
        limits.check_block_lengths(read(tmp_path, body))
    errors = raised.value.errors if isinstance(raised.value, SourceErrors) else [raised.value]
    return [str(error).replace(f"{tmp_path}/", "") for error in errors]


def accepted(tmp_path: Path, body: str) -> None:
    limits.check_block_lengths(read(tmp_path, body))


def hostile(tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            name: str, body: str, message: str) -> None:
    """`check` and `build` both stop with `message`, exit 1, and no PDF is made."""
    case = Case(name=name, commands=("check", "build"), exit={"check": 1, "build": 1}, message=message,
                args=(), subprocess=False, env={}, files={"source/report.md": HEAD + body})
    run_hostile_case(case, tmp_path, capfd, monkeypatch)
    assert not list((tmp_path / "project").rglob("*.pdf"))


# ------------------------------------------------------------------------------------------- table cells

def cell_text(length: int) -> str:
    return ("推进城市更新行动" * (length // 8 + 1))[:length]


def test_a_table_cell_over_its_limit_stops_check_and_build_at_its_line(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    length = limits.MAX_CELL_CHARS + 1
    body = f"正文。\n\n| 甲 | 乙 |\n|---|---|\n| 短 | 短 |\n| 短 | {cell_text(length)} |\n"
    hostile(tmp_path, capfd, monkeypatch, "long-cell", body,
            f"source/report.md:10: table cell of {length} characters is longer than the limit "
            f"{limits.MAX_CELL_CHARS} (shorten it)")


def test_a_table_cell_at_its_limit_and_a_paragraph_longer_than_it_pass(tmp_path: Path) -> None:
    accepted(tmp_path, f"| 甲 |\n|---|\n| {cell_text(limits.MAX_CELL_CHARS)} |\n\n"
                       f"{cell_text(limits.MAX_CELL_CHARS * 3)}\n")


def test_a_cell_in_a_list_of_a_quote_has_the_cell_limit(tmp_path: Path) -> None:
    length = limits.MAX_CELL_CHARS + 5
    assert refused(tmp_path, f"> - 项目\n>\n>   | 甲 |\n>   |---|\n>   | {cell_text(length)} |\n") == [
        f"report.md:9: table cell of {length} characters is longer than the limit {limits.MAX_CELL_CHARS} "
        "(shorten it)"]


# ------------------------------------------------------------------------------ runs without a line break

def test_a_run_without_a_break_in_a_han_paragraph_stops_check_and_build(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The reviewer's `正文` + `a`×N + `。`."""
    length = limits.MAX_UNBROKEN_CHARS + 1
    hostile(tmp_path, capfd, monkeypatch, "long-word", f"开头。\n\n正文{'a' * length}。\n",
            f"source/report.md:7: paragraph: {length:,} characters without a space or any other place to break "
            f"a line (aaaaaaaaaaaaaaaaaaaa…): at most {limits.MAX_UNBROKEN_CHARS:,} (put spaces between its "
            "words, or shorten it)")


def test_a_run_is_measured_across_markup_and_named_at_the_line_of_its_text(tmp_path: Path) -> None:
    """The line is the one where the run's piece of text starts: after a hard line break, the next line."""
    half = limits.MAX_UNBROKEN_CHARS // 2
    # letters, digits and symbols with emphasis in between: one run for the line breaker
    run = f"{'x' * half}*{'7' * 10}*__{'#' * half}__"
    assert refused(tmp_path, f"开头。\n\n一段文字，\\\n后面是{run}。\n") == [
        f"report.md:8: paragraph: {2 * half + 10:,} characters without a space or any other place to break a "
        f"line (xxxxxxxxxxxxxxxxxxxx…): at most {limits.MAX_UNBROKEN_CHARS:,} (put spaces between its words, "
        "or shorten it)"]


def test_runs_in_notes_headings_and_front_matter_are_refused_too(tmp_path: Path) -> None:
    """(A table cell holds fewer characters than a run may: `MAX_CELL_CHARS` speaks first there.)"""
    word = "b" * (limits.MAX_UNBROKEN_CHARS + 1)
    path = tmp_path / "report.md"
    path.write_text(f"---\ntitle: 报告\nlabel: {word}\n---\n\n# 标题{word}\n\n正文[^1]。\n\n"
                    f"[^1]: 注{word}。\n", encoding="utf-8")
    with pytest.raises(SourceErrors) as raised:
        limits.check_block_lengths(read_source(path))
    assert [(str(error.pos), str(error).split(":")[2].strip()) for error in raised.value.errors] == [
        (f"{path}:3", "front matter `label`"), (f"{path}:6", "heading"), (f"{path}:10", "paragraph")]


def test_urls_numbers_and_han_text_of_any_length_pass(tmp_path: Path) -> None:
    url = "https://www.example.gov.cn/zwgk/" + "/".join(f"dir{i:03}" for i in range(40)) + "/index.html?id=1"
    assert 300 < len(url) <= limits.MAX_UNBROKEN_CHARS
    spaced = " ".join(["abcdefghij"] * 300)  # Latin words: breaks at each space
    accepted(tmp_path, f"详见{url}。\n\n{spaced}\n\n{'字' * 5000}\n\n统一编号{'1' * limits.MAX_UNBROKEN_CHARS}号。\n")


# -------------------------------------------------------------------------------------------- note calls

def notes(count: int, per_line: int = 1) -> tuple[str, str]:
    """A paragraph of `count` note calls, `per_line` on each line, and their definitions."""
    calls = "".join(f"文{'' if i % per_line else chr(10)}[^{i}]" for i in range(count))
    return "开头" + calls + "。\n", "".join(f"[^{i}]: 注{i}。\n" for i in range(count))


def test_note_calls_past_the_paragraph_limit_stop_check_and_build_at_the_first_one_over(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph, definitions = notes(limits.MAX_NOTE_CALLS_PER_BLOCK + 3, per_line=10)
    over = limits.MAX_NOTE_CALLS_PER_BLOCK  # the 0-based number of the first call over the limit
    hostile(tmp_path, capfd, monkeypatch, "many-notes", f"{paragraph}\n{definitions}",
            f"source/report.md:{5 + 1 + over // 10}: paragraph: more than {limits.MAX_NOTE_CALLS_PER_BLOCK} note "
            "calls in one block (move some notes to other paragraphs, or merge notes that explain the same thing)")


def test_note_calls_at_the_paragraph_limit_pass(tmp_path: Path) -> None:
    paragraph, definitions = notes(limits.MAX_NOTE_CALLS_PER_BLOCK)
    accepted(tmp_path, f"{paragraph}\n{definitions}")


def test_note_calls_past_the_document_limit_are_refused_at_the_first_one_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Glossary terms at their first, numbered use count as note calls too; their later uses do not."""
    monkeypatch.setattr(limits, "MAX_NOTE_CALLS", 3)
    body = ("一段[甲]{.term}又说[甲]{.term}[^a]。\n\n"  # lines 5: two calls (the term's first use, a note)
            "二段[^b]。\n\n"  # line 7: the third
            "三段[乙]{.term}。\n\n"  # line 9: the fourth, over the limit
            "[^a]: 注一。\n[^b]: 注二。\n\n::: glossary\n甲\n: 释义甲。\n\n乙\n: 释义乙。\n:::\n")
    assert refused(tmp_path, body) == [
        "report.md:9: more than 3 note calls in the document (split the report into several sources, or merge "
        "notes)"]
    monkeypatch.setattr(limits, "MAX_NOTE_CALLS", 4)
    accepted(tmp_path, body)
