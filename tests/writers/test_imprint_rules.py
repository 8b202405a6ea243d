"""The 版记's rules (GB/T 9704 §7.4.1): as wide as the text block, the first and the last 0.35 mm, a thin
0.25 mm one between its rows (抄送 | 印发机关和印发日期). Read back from the PDF's drawings (PyMuPDF) and
from the DOCX's paragraph borders (python-docx's XML, the units Word reads: eighths of a point)."""

from __future__ import annotations

from pathlib import Path

import docx
import pymupdf
import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from tests.pdfread import glyphs

SOURCE = """---
title: 版记测试
date: 2024-01-08
---

## 一、总体要求

现在，我向大会报告工作，请予审议。

::: imprint
抄送：市委各部门，市人大常委会办公室，市政协办公室。
某市人民政府办公室
2024年1月8日印发
:::
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("imprint")
    source = folder / "imprint.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, out_dir=folder / "out").outputs


def border_rules(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The horizontal rules of the page's box borders, top to bottom: WeasyPrint fills a border as the
    ring between two rectangles (even-odd), whose top and bottom bands are the rules; a lone thin filled
    rectangle is one too."""
    found: set[tuple[float, ...]] = set()
    for drawing in page.get_drawings():
        rects = [item[1] for item in drawing["items"] if item[0] == "re"]
        if len(rects) == 2 and drawing.get("even_odd"):
            outer, inner = sorted(rects, key=lambda rect: -rect.height)
            for y0, y1 in ((outer.y0, inner.y0), (inner.y1, outer.y1)):
                if y1 - y0 > 0.05:
                    found.add((round(outer.x0, 1), round(y0, 2), round(outer.x1, 1), round(y1, 2)))
        elif len(rects) == 1 and rects[0].height <= 1.5:
            rect = rects[0]
            found.add((round(rect.x0, 1), round(rect.y0, 2), round(rect.x1, 1), round(rect.y1, 2)))
    return sorted((pymupdf.Rect(*rule) for rule in found if rule[2] - rule[0] > 100), key=lambda rect: rect.y0)


def test_a_thin_rule_between_the_rows_and_thick_ones_outside(built: dict[str, Path]) -> None:
    layout = builtin_layout("gov-report")
    found = glyphs(built["pdf"])
    copy_to = next(glyph for glyph in found if glyph.char == "抄")
    organ = next(glyph for glyph in found if glyph.char == "某" and glyph.page == copy_to.page)
    with pymupdf.open(built["pdf"]) as reader:
        rules = border_rules(reader[copy_to.page - 1])
    assert len(rules) == 3, rules
    top, middle, bottom = rules
    assert top.height == pytest.approx(0.35 * MM, abs=0.05) and bottom.height == pytest.approx(0.35 * MM, abs=0.05)
    assert middle.height == pytest.approx(0.25 * MM, abs=0.05)
    assert top.y1 <= copy_to.y0 and copy_to.y1 <= middle.y0 and middle.y1 <= organ.y0  # between the two rows
    for rule in rules:
        assert rule.width == pytest.approx(layout.page.text_width.pt, abs=1.5)
    assert bottom.y1 == pytest.approx(layout.page.height.pt - layout.page.bottom.pt, abs=1.2)  # on the edge


def test_the_docx_draws_the_same_rules(built: dict[str, Path]) -> None:
    paragraphs = docx.Document(str(built["docx"])).paragraphs
    rows = [paragraph for paragraph in paragraphs if paragraph.style.name == "Imprint"]
    assert len(rows) == 2
    def borders(paragraph: object) -> dict[str, str]:
        found = paragraph._p.pPr.find(f"{W}pBdr")  # type: ignore[attr-defined]
        return {child.tag.removeprefix(W): child.get(f"{W}sz") for child in found}

    assert borders(rows[0]) == {"top": "8", "bottom": "6"}  # 0.35 mm above the first row, 0.25 mm below it
    assert borders(rows[1]) == {"bottom": "8"}
