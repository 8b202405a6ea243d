"""The level-1 heading's weight (issue 12 item 5): 黑体 has one weight, heavier than the Regular of its
open stand-in, Noto Sans CJK SC, which printed `一、…` lighter than the bold lead sentences below it. So
gov-report asks for 700: the stand-in's Bold in the PDF (read with PyMuPDF), while the DOCX keeps the
heading regular (`[docx] regular_roles`), where Word would embolden 黑体 itself."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from reportpress.build import build
from reportpress.layouts import builtin_layout

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOURCE = """---
title: 青山区政府工作报告
cover: none
---

# 一、过去一年工作回顾

**（一）经济运行稳中向好。**全年地区生产总值增长百分之五点二，各项工作有序推进。

::: glossary
经济运行
: 释义。
:::
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("heading-weight")
    source = folder / "weight.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs


def fonts_of(pdf: Path, text: str) -> set[str]:
    """The fonts of the spans that hold `text`'s first characters."""
    with pymupdf.open(pdf) as document:
        return {span["font"] for page in document for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", []) for span in line["spans"] if span["text"].startswith(text)}


def test_the_level1_heading_is_as_heavy_as_the_lead_in_the_pdf(built: dict[str, Path]) -> None:
    layout = builtin_layout("gov-report")
    assert layout.weights["heading1"] == 700
    heading, lead = fonts_of(built["pdf"], "一、"), fonts_of(built["pdf"], "（一）")
    assert heading and lead and all(font.endswith("Bold") for font in lead)
    # the open stand-in prints in its Bold; a licensed 黑体 (one weight) as it is
    assert all(font.endswith("Bold") for font in heading if font.startswith("Noto-Sans-CJK"))
    assert any(font.startswith(("Noto-Sans-CJK", "SimHei", "STHeiti")) for font in heading)


def test_the_docx_keeps_the_level1_heading_regular(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["docx"]) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    heading = next(style for style in styles.iter(f"{W}style") if style.get(f"{W}styleId") == "Heading1")
    assert heading.find(f"{W}rPr/{W}b") is None  # Word would embolden 黑体, which has no bold
    assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体"
