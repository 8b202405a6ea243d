"""A regulation's 第X编/章/节 headings stand centred without indent in both outputs (`[styles] part_headings`,
`resolve.is_part_heading`), while a work report's 一、 heading and an article 第X条 keep the body's indent.
Read back from the PDF's glyph positions (PyMuPDF), from the DOCX's paragraph properties (python-docx)
and from that DOCX printed by LibreOffice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.model import Heading, SourcePos, Text
from reportpress.resolve import is_part_heading
from tests.conftest import REPO
from tests.pdfread import Glyph, glyphs
from tests.writers.docx.test_docx_libreoffice import convert

SOURCE = """---
title: 某某条例
date: 2025-10-28
---

# 第一章　总则

第一条　为了规范有关活动，制定本条例。

# 一、不是章的标题

第二条　本条例自公布之日起施行。
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(("text", "part"), [
    ("第一章　总则", True), ("第十二章 附则", True), ("第三编", True), ("第二节　一般规定", True),
    ("第1章　总则", True), ("一、总体要求", False), ("第一条　为了规范", False), ("第一章节选", False),
    ("第一次会议", False), ("第二部分", False),
])
def test_which_headings_are_parts(text: str, part: bool) -> None:
    at = SourcePos("t.md", 1)
    heading = Heading(level=1, inlines=(Text(text=text, pos=at),), id="h", pos=at)
    assert is_part_heading(heading, builtin_layout("gov-report")) is part


def _project(folder: Path, align: str | None) -> Path:
    source = folder / "regulation.md"
    source.write_text(SOURCE, encoding="utf-8")
    if align is not None:
        layout = folder / "layouts" / "gov-report"
        shutil.copytree(REPO / "layouts" / "gov-report", layout)
        toml = layout / "layout.toml"
        toml.write_text(re.sub(r'(?m)^part_headings = "center"', f'part_headings = "{align}"',
                               toml.read_text(encoding="utf-8")), encoding="utf-8")
    return source


def _line(found: list[Glyph], start: str, page: int | None = None) -> list[Glyph]:
    """The glyphs of the line whose text starts with `start` (the first such line, on `page` if given)."""
    for index, glyph in enumerate(found):
        if (page is None or glyph.page == page) and "".join(g.char for g in found[index:index + len(start)]) == start:
            return [g for g in found if g.page == glyph.page and abs(g.y0 - glyph.y0) < 2]
    raise AssertionError(f"no line starts with {start}")


@pytest.fixture(scope="module", params=["center", "left"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Path]]:
    folder = tmp_path_factory.mktemp(f"parts-{request.param}")
    source = _project(folder, None if request.param == "center" else request.param)
    return request.param, build(source, out_dir=folder / "out", project=folder).outputs


def test_pdf_centres_the_chapter_heading_only(built: tuple[str, dict[str, Path]]) -> None:
    align, outputs = built
    found = glyphs(outputs["pdf"])
    article = _line(found, "第一条")
    left = article[0].x0  # the body's first-line indent (two characters)
    heading = _line(found, "第一章")
    other = _line(found, "一、不是章")
    title = _line(found, "某某条例", heading[0].page)  # the body's title, centred on the text block
    centre = (title[0].x0 + title[-1].x1) / 2
    assert abs(other[0].x0 - left) < 0.5  # 一、 heading: at the indent
    if align == "center":
        middle = (heading[0].x0 + heading[-1].x1) / 2
        assert abs(middle - centre) < 1.0, (middle, centre)
    else:
        assert abs(heading[0].x0 - left) < 0.5


def _paragraph(document: docx.document.Document, start: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(start))


def test_docx_centres_the_same_headings(built: tuple[str, dict[str, Path]]) -> None:
    align, outputs = built
    document = docx.Document(str(outputs["docx"]))
    chapter = _paragraph(document, "第一章")
    other = _paragraph(document, "一、不是章")
    assert chapter.style is not None and chapter.style.name == "Heading 1"
    jc = chapter._p.pPr.find(f"{W}jc") if chapter._p.pPr is not None else None
    if align == "center":
        assert jc is not None and jc.get(f"{W}val") == "center"
        ind = chapter._p.pPr.find(f"{W}ind")
        assert ind is not None and ind.get(f"{W}firstLine") == "0"
    else:
        assert jc is None
    properties = other._p.pPr
    assert properties is None or properties.find(f"{W}jc") is None


def test_libreoffice_prints_the_chapter_heading_as_the_pdf(built: tuple[str, dict[str, Path]], tmp_path: Path) -> None:
    align, outputs = built
    printed = glyphs(convert(outputs["docx"], tmp_path))
    heading = _line(printed, "第一章")
    title = _line(printed, "某某条例", heading[0].page)  # centred by its style
    article = _line(printed, "第一条")
    if align == "center":
        middle = (heading[0].x0 + heading[-1].x1) / 2
        assert abs(middle - (title[0].x0 + title[-1].x1) / 2) < 3.0
        assert heading[0].x0 - article[0].x0 > 32  # not at the body's indent
    else:
        assert abs(heading[0].x0 - article[0].x0) < 1.0
