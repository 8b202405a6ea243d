"""The 28 × 22 grid in the DOCX (issue 14 item 8), measured in LibreOffice's PDF of it with PyMuPDF.

`[docx] grid = "lines"` (gov-report's) sets the line pitch only and gives Normal the layout's
letter-spacing rounded down to 1/20 pt (−0.25 pt), which LibreOffice honours: 28 characters a line, 22
lines a page. `grid = "linesAndChars"` is Word's character grid: LibreOffice 7.4 puts each 16 pt character
into whole cells of 15.79 pt, so two cells each, 14 characters a line. The source is Han text without
punctuation, so that every full line is a full line of the grid.
"""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pymupdf
import pytest

from reportpress.layouts import Layout, read_layout
from reportpress.model import Document, Heading, Meta
from reportpress.writers.docx import write_docx
from tests.writers.docx.docxread import POS, para, part_xml, text, w
from tests.writers.docx.test_docx_libreoffice import convert

BODY_SIZE = 16.0


def _grid_layout(layout: Layout, tmp_path: Path, grid: str) -> Layout:
    folder = tmp_path / f"grid-{grid}"
    shutil.copytree(layout.folder, folder)
    toml = folder / "layout.toml"
    source = toml.read_text(encoding="utf-8")
    assert '\ngrid = "lines" ' in source
    toml.write_text(source.replace('\ngrid = "lines" ', f'\ngrid = "{grid}" '), encoding="utf-8")
    return read_layout(folder)


def _document() -> Document:
    han = "国家发展改革委员会推进区域协调发展战略实施方案落实情况报告" * 12
    return Document(meta=Meta(), blocks=(Heading(level=1, inlines=(text("一、网格"),), id="grid", pos=POS),
                                         *(para(text(han)) for _ in range(12))))


def body_lines(pdf: Path) -> tuple[collections.Counter[int], collections.Counter[int]]:
    """Characters per body line and body lines per page (16 pt text only), from LibreOffice's PDF."""
    per_line: collections.Counter[int] = collections.Counter()
    per_page: collections.Counter[int] = collections.Counter()
    with pymupdf.open(pdf) as reader:
        for page in reader:
            rows: dict[int, int] = collections.defaultdict(int)
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        if abs(span["size"] - BODY_SIZE) < 0.6:
                            for char in span["chars"]:
                                rows[round(char["origin"][1] / 4)] += 1
            per_line.update(rows.values())
            per_page[len(rows)] += 1
    return per_line, per_page


def _normal_spacing(path: Path, style_id: str) -> str | None:
    styles = part_xml(path, "word/styles.xml")
    for style in styles.iter(w("style")):
        if style.get(w("styleId")) == style_id:
            spacing = style.find(f"{w('rPr')}/{w('spacing')}")
            return None if spacing is None else spacing.get(w("val"))
    raise AssertionError(style_id)


def test_a_lines_grid_spaces_normal_so_that_28_characters_fit(layout: Layout, sample_docx: Path) -> None:
    path = sample_docx
    grid = part_xml(path, "word/document.xml").find(f".//{w('sectPr')}/{w('docGrid')}")
    assert grid.get(w("type")) == "lines" and grid.get(w("charSpace")) is None
    spacing = int(_normal_spacing(path, "Normal") or 0) / 20
    assert spacing == -0.25
    pitch, width = BODY_SIZE + spacing, layout.page.text_width.pt
    assert 28 * pitch <= width < 29 * pitch
    # the print copy sets the title block and the notes without letter-spacing
    assert [_normal_spacing(path, style) for style in ("Title", "FootnoteText", "EndnoteText")] == ["0"] * 3


def test_a_character_grid_leaves_the_pitch_to_the_grid(layout: Layout, tmp_path: Path) -> None:
    path = tmp_path / "chars.docx"
    write_docx(_document(), _grid_layout(layout, tmp_path, "linesAndChars"), path)
    grid = part_xml(path, "word/document.xml").find(f".//{w('sectPr')}/{w('docGrid')}")
    assert grid.get(w("type")) == "linesAndChars" and int(grid.get(w("charSpace"))) == -860
    assert _normal_spacing(path, "Normal") is None


@pytest.mark.parametrize(("grid", "characters"), [("lines", 28), ("linesAndChars", 14)])
def test_libreoffice_lays_out_the_grid(layout: Layout, tmp_path: Path, grid: str, characters: int) -> None:
    path = tmp_path / f"{grid}.docx"
    write_docx(_document(), _grid_layout(layout, tmp_path, grid), path)
    per_line, per_page = body_lines(convert(path, tmp_path / "lo"))
    assert per_line.most_common(1)[0][0] == characters
    assert max(per_line) == characters  # never more than the grid's
    assert per_page.most_common(1)[0][0] == 22
