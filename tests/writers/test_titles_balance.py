"""Balanced titles in the outputs (issue 12 item 5): the body's title block, a wrapped heading and the
cover break at word boundaries, in the PDF (line boxes read with PyMuPDF) and the DOCX (`w:br`, read
with lxml); the text layer, the outline and the metadata keep each text whole.

The cover tests need the cover template to pass the title through `balanced("cover-title")` and
`Layout.cover_title_size` to break a long title rather than shrink it (`typeset.balance.cover_title_size`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pypdf
import pytest
from lxml import etree

from reportpress.build import build
from reportpress.typeset.balance import jieba_dictionary
from tests.pdfread import pdftotext

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE = "关于进一步加强城市社区卫生服务体系建设的实施意见"  # greedy: …体系建 / 设的实施意见
SUBTITLE = "——在青山县第十八届人民代表大会常务委员会第三次会议上"  # greedy: …第三次会 / 议上
HEADING = "（三）深化改革扩大开放，着力提升城区产业链的韧性和国际竞争力"  # greedy: …和国 / 际竞争力
COVER_TITLE = "2024年青山区5G网络和新型数据中心建设与2025年发展计划草案的报告"  # 36 characters

SOURCE = f"""---
title: {TITLE}
subtitle: {SUBTITLE}
author: 青山县县长　李明
date: 2024-01-10
---

# 一、总体要求

{HEADING.replace("（三）", "")}的工作已经部署。

## {HEADING}

各项工作有序推进，成效明显。
"""


def line_texts(page: pymupdf.Page, size: float) -> list[tuple[str, float, float]]:
    """The lines of `page` set at `size` pt: text, left and right edge, top to bottom."""
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                if abs(span["size"] - size) > 0.3:
                    continue
                for char in span["chars"]:
                    if char["c"].strip():
                        lines.setdefault(round(char["origin"][1], 1), []).append(
                            (char["bbox"][0], char["bbox"][2], char["c"]))
    result = []
    for _, chars in sorted(lines.items()):
        chars.sort()
        result.append(("".join(c for _, _, c in chars), chars[0][0], chars[-1][1]))
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("titles")
    source = folder / "titles.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs


def body_page(pdf: Path) -> int:
    """The PDF page holding the body's title block (after the cover and its blank verso)."""
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document):
            if "各项工作" in page.get_text() or "一、总体要求" in page.get_text():
                return number
    raise AssertionError("no body page")


def test_the_pdf_title_block_breaks_between_words_into_balanced_lines(built: dict[str, Path]) -> None:
    pdf = built["pdf"]
    with pymupdf.open(pdf) as document:
        page = document[body_page(pdf)]
        title = line_texts(page, 22)  # 二号
        body_lines = line_texts(page, 16)
        start = next(index for index, line in enumerate(body_lines) if line[0].startswith("——"))
        subtitle = body_lines[start:start + 2]
    assert [text for text, _, _ in title] == ["关于进一步加强城市社区卫生", "服务体系建设的实施意见"]
    centres = [(left + right) / 2 for _, left, right in title]
    assert abs(centres[0] - centres[1]) < 2  # both centred
    widths = [right - left for _, left, right in title]
    assert min(widths) > 0.8 * max(widths)  # balanced
    assert "".join(text for text, _, _ in subtitle) == SUBTITLE
    assert len(subtitle) == 2 and len(subtitle[-1][0]) >= 3  # no lone `上`, no `议上`


def test_the_pdf_heading_keeps_its_last_word_whole(built: dict[str, Path]) -> None:
    pdf = built["pdf"]
    with pymupdf.open(pdf) as document:
        lines = [text for text, _, _ in line_texts(document[body_page(pdf)], 16)]
    start = next(index for index, text in enumerate(lines) if text.startswith("（三）"))
    first, second = lines[start], lines[start + 1]
    assert first + second == HEADING
    assert second.endswith("国际竞争力") and "国" not in first[-2:]


def test_breaks_leave_the_text_layer_outline_and_metadata_whole(built: dict[str, Path]) -> None:
    pdf = built["pdf"]
    text = pdftotext(pdf)
    squeezed = "".join(text.split())
    for whole in (TITLE, SUBTITLE, HEADING):
        assert whole in squeezed  # each line break is only a line break: characters in order
    reader = pypdf.PdfReader(pdf)
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)  # type: ignore[attr-defined]
    walk(reader.outline)
    assert HEADING in titles
    assert reader.metadata is not None and reader.metadata.title == TITLE


def docx_paragraphs(docx: Path, style: str) -> list[etree._Element]:
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
            and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == style]


def paragraph_lines(paragraph: etree._Element) -> list[str]:
    lines = [""]
    for node in paragraph.iter(f"{W}t", f"{W}br"):
        if node.tag == f"{W}br":
            lines.append("")
        else:
            lines[-1] += node.text or ""
    return lines


def test_the_docx_cover_title_and_subtitle_break_as_the_print_copy(built: dict[str, Path]) -> None:
    cover_title = docx_paragraphs(built["docx"], "Title")[0]  # the cover's leads the document
    assert paragraph_lines(cover_title) == ["关于进一步加强城市社区卫生", "服务体系建设的实施意见"]
    subtitle = docx_paragraphs(built["docx"], "Subtitle")[0]
    lines = paragraph_lines(subtitle)
    assert "".join(lines) == SUBTITLE and len(lines) == 2 and len(lines[-1]) >= 3


def test_the_docx_is_byte_reproducible(built: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "titles.md"
    source.write_text(SOURCE, encoding="utf-8")
    again = build(source, formats=["docx"], out_dir=tmp_path / "out").outputs["docx"]
    assert again.read_bytes() == built["docx"].read_bytes()


def test_a_36_character_cover_title_takes_two_lines_at_full_size(tmp_path: Path) -> None:
    source = tmp_path / "cover.md"
    source.write_text(f"---\ntitle: {COVER_TITLE}\n---\n\n正文。\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    with pymupdf.open(outputs["pdf"]) as document:
        lines = line_texts(document[0], 26)  # 一号: not shrunk to 12 pt for one line
    assert [text for text, _, _ in lines] == ["2024年青山区5G网络和新型数据中心", "建设与2025年发展计划草案的报告"]
    cover_title = docx_paragraphs(outputs["docx"], "Title")[0]
    assert paragraph_lines(cover_title) == [text for text, _, _ in lines]
    assert cover_title.find(f"{W}r/{W}rPr/{W}sz").get(f"{W}val") == "52"  # 26 pt in half points


def test_the_docx_body_title_block_breaks_as_the_print_copy(built: dict[str, Path]) -> None:
    # the body section repeats the title block under the cover: the same breaks as the PDF's title page
    titles = docx_paragraphs(built["docx"], "Title")
    assert len(titles) >= 2
    assert paragraph_lines(titles[-1]) == ["关于进一步加强城市社区卫生", "服务体系建设的实施意见"]
    subtitle = paragraph_lines(docx_paragraphs(built["docx"], "Subtitle")[-1])
    assert "".join(subtitle) == SUBTITLE and len(subtitle) == 2 and len(subtitle[-1]) >= 3
