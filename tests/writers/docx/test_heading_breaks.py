"""DOCX headings break where the print copy breaks them (review 4, item 5): a `w:br` at each of the
PDF's line starts, so that Word does not break a wrapped heading greedily inside a word (`…基础设施体 /
系`). Read back: the PDF's heading lines with PyMuPDF, the DOCX's `w:br` with lxml."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.typeset.balance import break_candidates, char_widths, jieba_dictionary, role_measure
from tests.writers.test_titles_balance import line_texts, paragraph_lines

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADINGS = {  # made for the test: each wraps, and a greedy break by characters falls inside a word
    1: "一、持续推进城乡基础设施建设和公共服务体系建设，现代化治理水平和城市综合承载能力全面提升",
    2: "（一）加快建设现代化基础设施体系，统筹推进传统基础设施和新型基础设施建设",
    3: "1.深入实施城市更新行动，推进老旧小区改造和城中村改造[^n]，完善社区服务设施体系",
    4: "（1）着力扩大有效投资，推动重大项目建设和产业链供应链优化升级取得新成效",
}
SOURCE = ("---\ntitle: 测试\ncover: none\n---\n\n" + "".join(f"{'#' * level} {text}\n\n正文。\n\n"
                                                         for level, text in HEADINGS.items())
          + "[^n]: 注释。\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("heading-breaks")
    path = folder / "headings.md"
    path.write_text(SOURCE, encoding="utf-8")
    return build(path, formats=["pdf", "docx"], out_dir=folder / "out").outputs


def docx_heading_lines(docx: Path) -> dict[int, list[str]]:
    """Each heading paragraph's lines (text between `w:br`), by its level."""
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    found: dict[int, list[str]] = {}
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is None or not style.get(f"{W}val", "").startswith("Heading"):
            continue
        found[int(style.get(f"{W}val")[-1])] = paragraph_lines(paragraph)
    return found


def test_docx_headings_break_at_the_pdfs_line_starts(built: dict[str, Path]) -> None:
    with pymupdf.open(built["pdf"]) as document:
        printed = [text for page in document for text, _, _ in line_texts(page, 16)]
    docx = docx_heading_lines(built["docx"])
    assert sorted(docx) == [1, 2, 3, 4]
    for level, lines in docx.items():
        assert len(lines) == 2, (level, lines)  # before: one line, no w:br, Word breaking it
        start = printed.index(lines[0])  # the PDF's lines, the note call's mark aside
        assert [line.rstrip("①0123456789") for line in printed[start:start + 2]] == lines
        assert "".join(lines) == HEADINGS[level].replace("[^n]", "")


def test_the_breaks_are_word_boundaries_a_greedy_break_would_miss() -> None:
    layout = builtin_layout("gov-report")
    for level, text in HEADINGS.items():
        text = text.replace("[^n]", "")
        measure = role_measure(layout, f"heading{level}", text)
        room = measure.width - measure.indent
        # the most characters the first line holds: where Word, breaking by characters, would break
        greedy = max(end for end in range(1, len(text))
                     if sum(char_widths(text[:end])) + end * measure.tracking <= room + 1e-6)
        assert greedy not in break_candidates(text), level  # inside a word
