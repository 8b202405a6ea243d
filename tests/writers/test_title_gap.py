"""A title that wraps keeps a one-line title's place and the space under it (review 4, item 3): its
first line where a one-line title's stands (the title block's; an appendix title's on the text block's
third line, GB/T 9704 §8), the same gap from its last line to the subtitle, and the padding that puts
the text after it back on the grid below — at the title block's foot, under the speaker, or under an
appendix title. Read back from the PDF (PyMuPDF baselines) and the DOCX (`w:spacing`, lxml)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from reportpress.build import build
from reportpress.layouts import Layout, builtin_layout
from reportpress.typeset.balance import balanced_lines, jieba_dictionary

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLES = {  # made for the test, by the lines they take
    1: "青山区二〇二五年重点项目清单",
    2: "关于支持青山区民营企业高质量发展的若干政策措施",
    3: "青山区二〇二五年城市更新重点项目和乡村振兴示范工程以及生态环境保护和营商环境优化提升重点任务清单",
}
SUBTITLE = "——在青山区第十届人民代表大会第三次会议上"
AUTHOR = "青山区人民政府"
PARAGRAPH = "各项工作有序推进，成效明显。"


@pytest.fixture(scope="module")
def layout() -> Layout:
    return builtin_layout("gov-report")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("title-gap")
    outputs = {}
    for count, title in TITLES.items():
        path = folder / f"gap{count}.md"
        path.write_text(f"---\ntitle: {title}\nsubtitle: {SUBTITLE}\nauthor: {AUTHOR}\ncover: none\n---\n\n"
                        f"# 一、总体要求\n\n{PARAGRAPH}\n\n::: appendix\n\n# {title}\n\n{PARAGRAPH}\n\n:::\n",
                        encoding="utf-8")
        outputs[count] = build(path, formats=["pdf", "docx"], out_dir=folder / f"out{count}").outputs
    return outputs


def lines_of(page: pymupdf.Page) -> list[tuple[float, float, str]]:
    """Each line of `page`: its size, its baseline, its text; top to bottom."""
    found = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            span = line["spans"][0]
            found.append((round(span["size"], 1), span["origin"][1], "".join(s["text"] for s in line["spans"])))
    return sorted(found, key=lambda line: line[1])


def test_the_titles_take_the_lines_they_are_made_for(layout: Layout) -> None:
    for count, title in TITLES.items():
        assert len(balanced_lines(title, "title", layout)) == count
        assert len(balanced_lines(title, "appendix-title", layout)) == count


def test_a_wrapped_title_keeps_a_one_line_titles_first_line_and_gap(built: dict[int, dict[str, Path]],
                                                                    layout: Layout) -> None:
    size, pitch = float(layout.sizes["title"]), float(layout.line_pitch)
    first, gap, heading = {}, {}, {}
    for count, outputs in built.items():
        with pymupdf.open(outputs["pdf"]) as document:
            page = lines_of(document[0])
            label = next(y for _, y, text in lines_of(document[1]) if text.startswith("附件"))
        title = [y for line_size, y, _ in page if line_size == size]
        assert len(title) == count
        subtitle = next(y for _, y, text in page if text.startswith("——"))
        first[count], gap[count] = title[0], subtitle - title[-1]
        heading[count] = (next(y for _, y, text in page if text.startswith("一、")) - label) / pitch
    assert first[2] == pytest.approx(first[1], abs=0.05) and first[3] == pytest.approx(first[1], abs=0.05)
    # before: 37.1 pt under a three-line title, 48.4 pt under a one-line title
    assert gap[2] == pytest.approx(gap[1], abs=0.05) and gap[3] == pytest.approx(gap[1], abs=0.05)
    for count, lines in heading.items():  # the text after the title block on the page grid
        assert lines == pytest.approx(round(lines), abs=0.02), count
    assert round(heading[3]) > round(heading[1])  # the padding is below, where the block grows


def test_a_wrapped_appendix_title_starts_on_the_third_line_with_its_padding_below(
        built: dict[int, dict[str, Path]], layout: Layout) -> None:
    size, pitch = float(layout.sizes["title"]), float(layout.line_pitch)
    first, under = {}, {}
    for count, outputs in built.items():
        with pymupdf.open(outputs["pdf"]) as document:
            page = lines_of(document[1])
        label = page[0][1]
        title = [y for line_size, y, _ in page if line_size == size]
        text = next(y for _, y, line in page if line.startswith("各项"))
        first[count], under[count] = title[0] - label, text - title[-1]
        assert (text - label) / pitch == pytest.approx(round((text - label) / pitch), abs=0.02)  # on the grid
    # before: a wrapped title's first line 12.5 pt lower than a one-line title's
    assert first[2] == pytest.approx(first[1], abs=0.05) and first[3] == pytest.approx(first[1], abs=0.05)
    for count in (2, 3):  # at least a one-line title's blank line under it, less than one line more
        assert under[1] - 0.05 <= under[count] < under[1] + pitch


def paragraphs(docx: Path) -> list[tuple[str, etree._Element | None]]:
    """The body's paragraphs as (style, direct `w:spacing` or None)."""
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    found = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        found.append((style.get(f"{W}val") if style is not None else "Normal",
                      paragraph.find(f"{W}pPr/{W}spacing")))
    return found


def test_the_docx_puts_a_wrapped_titles_padding_at_the_title_blocks_foot(built: dict[int, dict[str, Path]],
                                                                         layout: Layout) -> None:
    pitch = layout.line_pitch.twips
    leading = round(float(layout.sizes["title"]) * layout.cover.title_line_height * 20)
    for count, outputs in built.items():
        styles = dict(paragraphs(outputs["docx"]))  # one Title, Subtitle and Author each
        title, subtitle, author = styles["Title"], styles["Subtitle"], styles["Author"]
        assert subtitle is None  # the subtitle keeps its style: the gap above it as under a one-line title
        if count == 1:
            assert title is None and author is None
            continue
        assert int(title.get(f"{W}line")) == leading
        assert int(title.get(f"{W}before")) == 0 and int(title.get(f"{W}after")) == 0  # as one grid line's
        after = int(author.get(f"{W}after"))  # the speaker's blank line, and the padding
        assert pitch < after < 2 * pitch and (count * leading + after - pitch) % pitch == 0
