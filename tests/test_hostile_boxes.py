"""Many small boxes (session 25): each block, list item, table row and note costs the PDF's layout some
milliseconds and some 20 KB whatever its text, so that 1 MiB of one-character paragraphs (200,000) would
take a quarter of an hour and gigabytes, with `check` saying ok. `typeset/limits.MAX_BOXES` bounds them,
at the line of the first box past it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.cli import main
from reportpress.typeset.limits import MAX_BOXES

HEAD = "---\ntitle: 报告\n---\n\n"  # the first paragraph is on line 5


def errors_of_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                    text: str) -> list[str]:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(HEAD + text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "source/r.md"])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert code == (1 if errors else 0)
    return errors


def test_one_paragraph_past_the_bound_is_refused_at_its_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    errors = errors_of_check(tmp_path, monkeypatch, capsys, "甲。\n\n" * (MAX_BOXES + 1))
    assert len(errors) == 1 and errors[0].startswith(f"error: source/r.md:{5 + 2 * MAX_BOXES}: more than "
                                                     f"{MAX_BOXES:,} blocks, list items, table rows and notes"), errors


def test_paragraphs_at_the_bound_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert errors_of_check(tmp_path, monkeypatch, capsys, "甲。\n\n" * MAX_BOXES) == []


def test_list_items_table_rows_and_glossary_entries_count_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A list of N one-paragraph items is 1 + 2N boxes, a table of N rows 1 + N; a glossary entry is one
    box, its definition another: the bound is passed at the first entry past it."""
    items = MAX_BOXES // 4
    rows = MAX_BOXES // 4
    entries = "".join(f"术语{n}\n: 释义。\n\n" for n in range(MAX_BOXES))
    text = ("- 甲\n" * items + "\n| 列 |\n|---|\n" + "| 值 |\n" * (rows - 1) + "\n正文术语0。\n\n::: glossary\n"
            + entries + ":::\n")
    # boxes before the glossary: the list, its items and their paragraphs, the table and its rows, the
    # paragraph and the glossary block; then two an entry
    before = 1 + 2 * items + 1 + rows + 1 + 1
    first_over = (MAX_BOXES - before) // 2  # the entry whose term is the box past the bound
    lines_before = items + 1 + 3 + rows - 1 + 1 + 2  # the entries start after these lines
    errors = errors_of_check(tmp_path, monkeypatch, capsys, text)
    assert len(errors) == 1 and errors[0].startswith(f"error: source/r.md:{4 + lines_before + 3 * first_over + 1}:"
                                                     ), errors


@pytest.mark.parametrize("heading", ["# ", "## ", "::: appendix\n# "])
def test_a_heading_past_its_limit_is_refused_at_its_line(
        heading: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A heading is laid out in the body and again in the contents: one of 50,000 characters (which a
    paragraph may hold) added 33 s to a build, and a 1 MiB source holds seven."""
    from reportpress.typeset.limits import MAX_HEADING_CHARS

    title = "标" * (MAX_HEADING_CHARS + 1)
    text = f"{heading}{title}\n\n正文。\n" + (":::\n" if heading.startswith(":::") else "")
    errors = errors_of_check(tmp_path, monkeypatch, capsys, "正文。\n\n" + text)
    what = "appendix title" if heading.startswith(":::") else "heading"
    assert errors == [f"error: source/r.md:7: {what} of {MAX_HEADING_CHARS + 1} characters is longer than the limit "
                      f"{MAX_HEADING_CHARS} (shorten it)"], errors
