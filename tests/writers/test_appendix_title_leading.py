"""An appendix title that wraps (issue 12 item 5), and the title block's title: their 二号 lines at the
title role's display leading, `[cover] title_line_height` × its size (33 pt), not the body's 28.95 pt
pitch on which 22 pt lines nearly touch; the block padded to whole grid lines, so the text after it stays
on the grid; a one-line title as before. The PDF (baselines read with PyMuPDF, proof's grid rule) and
the DOCX (`w:spacing` and `w:br`, read with lxml) agree."""

from __future__ import annotations

import zipfile
from itertools import pairwise
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from reportpress.build import build
from reportpress.layouts import Layout, builtin_layout
from reportpress.proof import proof_pdf
from reportpress.typeset.balance import jieba_dictionary
from tests.writers.test_titles_balance import paragraph_lines

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLES = [  # made for the test: two lines, three lines, one line
    "青山区二〇二五年城市更新重点项目和乡村振兴示范工程清单",
    "青山区二〇二五年城市更新重点项目和乡村振兴示范工程以及生态环境保护和营商环境优化提升重点任务清单",
    "重点项目清单",
]
PARAGRAPH = "各项工作有序推进，成效明显。" * 4
TITLE = "关于支持青山区民营企业高质量发展的若干政策措施"  # the title block's: two lines


def source() -> str:
    appendices = "\n".join(f"::: appendix\n\n# {title}\n\n{PARAGRAPH}\n\n:::\n" for title in TITLES)
    return f"---\ntitle: {TITLE}\ncover: none\n---\n\n# 一、总体要求\n\n{PARAGRAPH}\n\n{appendices}"


@pytest.fixture(scope="module")
def layout() -> Layout:
    return builtin_layout("gov-report")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("appendix-titles")
    path = folder / "appendix.md"
    path.write_text(source(), encoding="utf-8")
    return build(path, formats=["pdf", "docx"], out_dir=folder / "out").outputs


def baselines(page: pymupdf.Page) -> list[tuple[float, float, str]]:
    """Each line of `page`: its size, its baseline, its text; top to bottom."""
    lines = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            span = line["spans"][0]
            lines.append((round(span["size"], 1), span["origin"][1], "".join(s["text"] for s in line["spans"])))
    return sorted(lines, key=lambda line: line[1])


def appendix_pages(pdf: Path) -> list[list[tuple[float, float, str]]]:
    with pymupdf.open(pdf) as document:
        pages = [baselines(page) for page in document]
    return [page for page in pages if page and page[0][2].startswith("附件")]


def test_a_wrapped_appendix_title_takes_the_display_leading(built: dict[str, Path], layout: Layout) -> None:
    leading = float(layout.sizes["title"]) * layout.cover.title_line_height
    assert leading == pytest.approx(33) and leading > float(layout.line_pitch) + 4  # the change is visible
    pages = appendix_pages(built["pdf"])
    assert len(pages) == len(TITLES)
    for page, title, count in zip(pages, TITLES, (2, 3, 1), strict=True):
        lines = [(y, text) for size, y, text in page if size == float(layout.sizes["title"])]
        assert "".join(text for _, text in lines) == title and len(lines) == count
        steps = [b[0] - a[0] for a, b in pairwise(lines)]
        assert all(step == pytest.approx(leading, abs=0.05) for step in steps)


def test_the_text_after_a_wrapped_title_stays_on_the_grid(built: dict[str, Path], layout: Layout) -> None:
    pitch = float(layout.line_pitch)
    for page in appendix_pages(built["pdf"]):
        label = page[0][1]
        body = [y for size, y, text in page if size == float(layout.body_size) and text.startswith("各项")]
        lines = (body[0] - label) / pitch
        assert lines == pytest.approx(round(lines), abs=0.02)  # whole grid lines below the label
    # a one-line title keeps its place: label, blank line, title, blank line, text on the fifth line
    one = appendix_pages(built["pdf"])[2]
    text = next(y for _, y, line in one if line.startswith("各项"))
    assert text - one[0][1] == pytest.approx(4 * pitch, abs=0.05)
    report = proof_pdf(built["pdf"], layout)
    assert [finding for finding in report.findings if finding.rule == "grid"] == []


def styled_paragraphs(docx: Path, style: str) -> list[etree._Element]:
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
            and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == style]


def appendix_title_paragraphs(docx: Path) -> list[etree._Element]:
    return styled_paragraphs(docx, "AppendixTitle")


def test_the_docx_breaks_and_spaces_a_wrapped_title_as_the_pdf(built: dict[str, Path], layout: Layout) -> None:
    pitch = layout.line_pitch.twips
    leading = round(float(layout.sizes["title"]) * layout.cover.title_line_height * 20)
    pdf_lines = [[text for size, _, text in page if size == float(layout.sizes["title"])]
                 for page in appendix_pages(built["pdf"])]
    for paragraph, lines in zip(appendix_title_paragraphs(built["docx"]), pdf_lines, strict=True):
        assert paragraph_lines(paragraph) == lines  # the same breaks
        spacing = paragraph.find(f"{W}pPr/{W}spacing")
        if len(lines) == 1:
            assert spacing is None  # the style's: one grid line, a blank line above and below
            continue
        assert spacing.get(f"{W}lineRule") == "exact" and int(spacing.get(f"{W}line")) == leading
        before, after = int(spacing.get(f"{W}before")), int(spacing.get(f"{W}after"))
        # the blank line above as a one-line title's (the display leading is the larger: no half above),
        # the padding to whole grid lines below it, less than a line
        assert before == pitch and pitch <= after < 2 * pitch
        assert (before + after + len(lines) * leading) % pitch == 0  # whole grid lines


def test_the_title_blocks_wrapped_title_leaves_the_text_on_the_page_grid(built: dict[str, Path],
                                                                         layout: Layout) -> None:
    pitch = float(layout.line_pitch)
    with pymupdf.open(built["pdf"]) as document:
        first = baselines(document[0])
    title = [(y, text) for size, y, text in first if size == float(layout.sizes["title"])]
    assert "".join(text for _, text in title) == TITLE and len(title) == 2
    assert title[1][0] - title[0][0] == pytest.approx(float(layout.sizes["title"]) * layout.cover.title_line_height,
                                                       abs=0.05)
    # the page's grid: an appendix page's first line (its label) stands on the text block's first grid line
    grid = appendix_pages(built["pdf"])[0][0][1]
    heading = next(y for size, y, text in first if text.startswith("一、"))
    lines = (heading - grid) / pitch
    assert lines == pytest.approx(round(lines), abs=0.02)  # before: half a line off (1.5 pitches a line)
    paragraph = next(p for p in styled_paragraphs(built["docx"], "Title"))
    spacing = paragraph.find(f"{W}pPr/{W}spacing")
    leading = round(float(layout.sizes["title"]) * layout.cover.title_line_height * 20)
    assert int(spacing.get(f"{W}line")) == leading and spacing.get(f"{W}lineRule") == "exact"
    # the title block's only paragraph: the padding to whole grid lines below it
    room = int(spacing.get(f"{W}before")) + int(spacing.get(f"{W}after"))
    assert (room + 2 * leading) % layout.line_pitch.twips == 0
