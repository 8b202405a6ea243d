"""A table never loses columns off the page edge: as many columns as fit a character each are set, with
every cell's text in the PDF; a wider table is refused with its line (issue 9, item 6: nothing lost)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.errors import SourceError
from reportpress.layouts import builtin_layout
from reportpress.typeset.limits import max_table_columns


def table_source(columns: int) -> str:
    head = "| " + " | ".join(f"列{n}" for n in range(columns)) + " |"
    rule = "|" + "---|" * columns
    row = "| " + " | ".join(f"值{n}" for n in range(columns)) + " |"
    return f"正文。\n\n{head}\n{rule}\n{row}\n"


def test_gov_report_takes_eighteen_columns() -> None:
    assert max_table_columns(builtin_layout("gov-report")) == 18  # 442.2 pt / (16 pt + 8.5 pt)


@pytest.mark.warns(match="no title: the front cover is left out")  # an untitled test source
def test_the_widest_table_that_fits_keeps_every_cell_in_the_pdf(tmp_path: Path) -> None:
    source = tmp_path / "wide.md"
    source.write_text(table_source(18), encoding="utf-8")
    result = build(source, formats=["pdf"], out_dir=tmp_path / "out")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(result.outputs["pdf"]), "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\n", "").replace(" ", "")
    # cells may wrap inside (`列1` / `0`): every character of every cell is there, none ran off the page
    assert text.count("值") == 18 and text.count("列") == 18
    digits = "".join(str(n) for n in range(18)) * 2
    assert sorted(char for char in text if char.isdigit()) == sorted(digits + "1")  # + the folio's 1


def test_a_table_too_wide_for_the_page_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "wider.md"
    source.write_text(table_source(30), encoding="utf-8")
    with pytest.raises(SourceError, match=r"wider\.md:3: table of 30 columns: at most 18 fit the text block in"):
        build(source, formats=["pdf"], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.warns(match="no title: the front cover is left out")  # an untitled test source
@pytest.mark.parametrize(("prefix", "columns"), [("> ", 15), ("- ", 16), ("> > > > ", 7)])
def test_a_table_in_quotes_or_lists_has_less_room(tmp_path: Path, prefix: str, columns: int) -> None:
    """A quote takes an indent (2 characters, 31.58 pt) on either side, a list one on the left: their tables
    get fewer columns (gov-report: 15 in a quote, 16 in a list, 7 four quotes deep)."""
    body = table_source(columns + 1).split("\n\n", 1)[1]
    lines = [("  " if prefix == "- " and i else prefix) + line for i, line in enumerate(body.strip().split("\n"))]
    source = tmp_path / "nested.md"
    source.write_text("正文。\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"table of {columns + 1} columns: at most {columns} fit the room"):
        build(source, formats=["pdf"], out_dir=tmp_path / "out")
    fitting = [line.replace(f" 列{columns} |", "").replace(f" 值{columns} |", "").replace("---|" * (columns + 1),
                                                                                          "---|" * columns)
               for line in lines]
    source.write_text("正文。\n\n" + "\n".join(fitting) + "\n", encoding="utf-8")
    result = build(source, formats=["pdf"], out_dir=tmp_path / "out")
    words = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(result.outputs["pdf"]), "-"],
                           capture_output=True, text=True, check=True).stdout
    right_edges = [float(part.split('"')[1]) for part in words.split("xMax=")[1:]]
    assert max(right_edges) <= 595.28 - 26 * 72 / 25.4 + 0.5  # inside the text block's outer edge (odd page)
    assert words.count("值") == columns
