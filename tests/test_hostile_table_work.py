"""Tables of long cells together (session 24, for the owner of typeset/limits.py): each cell is bounded
(600 characters, since WeasyPrint lays a cell out again for each column width it tries), but not the
cells of a document together. Measured here (2 cores shared): a 54 KB source of one 6-column table, 5
rows of 600-character cells, took 84 s to build, and 10 rows 234 s (the time grows faster than the
cells); a 1 MiB source holds some 550 such cells — a build, a batch's worker or a watch held for hours,
with `check` saying ok. The rule proposed: `check` and `build` refuse, at the table's line, a document whose table cells
together pass a bound (such as 20,000 characters: no corpus report has a table; a budget table of 18 × 50
numbers is 9,000). Session 25: `typeset/limits.MAX_TABLE_WORK` bounds what the cells cost together
(`cell_work`: a cell's box, its characters, and its text again for each of its lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.cli import main

HAN = "经济社会发展稳中有进城市治理水平持续提升民生保障更加有力改革开放不断深化创新动能加快集聚"


def table(rows: int, columns: int = 6, cell: int = 600) -> str:
    text = (HAN * (cell // len(HAN) + 1))[:cell]
    head = "| " + " | ".join(f"列{number}" for number in range(columns)) + " |\n|" + "---|" * columns + "\n"
    return head + "".join("| " + " | ".join([text] * columns) + " |\n" for _ in range(rows))


def table_source(rows: int, columns: int = 6, cell: int = 600) -> str:
    return f"---\ntitle: 报告\n---\n\n正文。\n\n{table(rows, columns, cell)}"


def test_a_document_of_many_long_table_cells_is_refused_by_check_at_the_tables_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(table_source(rows=40), encoding="utf-8")  # 240 cells, 430 KB
    monkeypatch.chdir(tmp_path)
    assert main(["check", "source/r.md"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: source/r.md:7: "), errors


def test_a_table_of_short_cells_passes_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the rule must keep: a budget table of numbers, 18 columns × 50 rows."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(table_source(rows=50, columns=18, cell=8), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "source/r.md"]) == 0


def test_the_bound_is_on_the_documents_tables_together_and_names_the_table_that_passes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Tables each well under the bound add up: four of six 300-character cells (about 7,300 each), the
    last two in a list item and a footnote, where the walk of the cells must find them too."""
    one = table(rows=1, cell=300)
    indented = "".join(f"   {line}\n" for line in one.splitlines())
    noted = "".join(f"    {line}\n" for line in one.splitlines())
    before_note = f"---\ntitle: 报告\n---\n\n正文[^1]。\n\n{one}\n{one}\n1. 一项\n\n{indented}\n[^1]: 注释。\n\n"
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(before_note + noted, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "source/r.md"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    note_table = before_note.count("\n") + 1
    assert len(errors) == 1 and errors[0].startswith(f"error: source/r.md:{note_table}: "), errors
