"""`toc: true`: a contents page listing headings of levels 1–2 and the glossary, with the right page numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pypdf

from reportpress.build import build
from tests.pdfread import pdftotext, squeeze

SOURCE = """---
title: 测试报告
toc: true
---

# 一、第一部分

正文一，用到“甲”。

## （一）小节

{filler}

### 1. 第三级不进目录

正文。

# 二、第二部分

正文三。

::: glossary
“甲”
: 释义。
:::
"""


def test_contents_page_lists_levels_one_and_two_with_their_printed_page_numbers(tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_text(SOURCE.format(filler="\n\n".join(["很长的正文段落。" * 40] * 6)), encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    labels = pypdf.PdfReader(pdf).page_labels
    with pymupdf.open(pdf) as reader:
        pages = [squeeze(page.get_text()) for page in reader]
        toc_page = next(index for index, text in enumerate(pages) if text.startswith("目录"))
        # the contents page is not itself in the outline
        assert "目录" not in [title for _, title, _ in reader.get_toc()]
    contents = pdftotext(pdf, "-f", str(toc_page + 1), "-l", str(toc_page + 1), "-layout")
    entries = re.findall(r"^\s*(\S+?)\s*\.{3,}\s*(\d+)\s*$", contents, re.MULTILINE)
    assert [title for title, _ in entries] == ["一、第一部分", "（一）小节", "二、第二部分", "用语解释"]
    for title, number in entries:
        # the page the entry names (by its printed folio = page label) holds the heading
        physical = labels.index(number)
        assert squeeze(title) in pages[physical] and physical > toc_page, (title, number)
    assert int(entries[-1][1]) > int(entries[0][1])  # the filler pushed the later headings on


def test_contents_page_lists_notes_sections_and_appendices_with_their_pages(tmp_path: Path) -> None:
    from dataclasses import replace

    from tests.writers.test_pdf_structure import every_construct, render

    document = every_construct()
    pdf = render(replace(document, meta=replace(document.meta, toc=True)), tmp_path)
    labels = pypdf.PdfReader(pdf).page_labels
    with pymupdf.open(pdf) as reader:
        pages = [squeeze(page.get_text()) for page in reader]
    toc_page = next(index for index, text in enumerate(pages) if text.startswith("目录"))
    contents = pdftotext(pdf, "-f", str(toc_page + 1), "-l", str(toc_page + 1), "-layout")
    entries = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, re.MULTILINE)
    # appendices as `附件N TITLE`, their own headings left out (they are not body sections)
    assert [squeeze(title) for title, _ in entries] == [
        "一、过去一年的工作", "（一）经济发展", "注释", "参考文献", "附件1重点项目清单", "附件2名词解释"]
    for title, number in entries:
        physical = labels.index(number)
        assert squeeze(title)[:4] in pages[physical] and physical > toc_page, (title, number)
    appendix_pages = [int(number) for title, number in entries if squeeze(title).startswith("附件")]
    assert appendix_pages[0] > int(entries[3][1]) and appendix_pages[1] > appendix_pages[0]
