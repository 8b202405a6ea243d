"""The 楷 roles against the text around them (issue 12 items 5–6): the level-2 heading in 楷体加粗, no
lighter than the bold lead sentences under it, and `*x*` set in a face that contrasts with the one it
sits in — 楷体 in 仿宋 or 黑体 text, the body's 仿宋 in 楷 text — in the PDF (each span's font read with
PyMuPDF, the ink of its characters' boxes from a 300 dpi rendering) and in the DOCX (each run's East
Asian font read with lxml, through its character style)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import zipfile
from pathlib import Path

import pymupdf
import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress.build import build
from reportpress.layouts import ELEMENT_ROLES, ROLES, ElementKind, Layout, builtin_layout, read_layout
from reportpress.writers.html import render_css
from tests.conftest import REPO

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOURCE = """---
title: 青山区政府工作报告
cover: none
---

# 一、过去一年*工作*回顾

## （二）经济运行*稳中向好*

**产业结构*持续*优化。**全年地区生产总值增长，*新动能*加快成长[^1]。

## （三）民生保障水平稳步提高

**社会事业全面进步。**教育医疗养老等公共服务持续改善，群众获得感不断增强。

## （四）开放*合作**共赢**发展*格局

[^1]: 注释里的*强调*文字。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kai-contrast")
    source = folder / "kai.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs


def span_fonts(pdf: Path) -> dict[str, str]:
    """Each span's text and font, in reading order (a text the test uses once)."""
    with pymupdf.open(pdf) as document:
        return {span["text"]: span["font"] for page in document for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", []) for span in line["spans"]}


def family_of(font: str) -> str:
    """`FandolKai-Bold` → `FandolKai`: the family part of a PDF font name, weight dropped."""
    return re.sub(r"-(Bold|Regular|Heavy|Light|Medium)$", "", font)


def test_emphasis_contrasts_with_the_face_around_it_in_the_pdf(built: dict[str, Path]) -> None:
    fonts = span_fonts(built["pdf"])
    kai = family_of(fonts["新动能"])  # in 仿宋 body text: 楷
    assert kai != family_of(fonts["全年地区生产总值增长，"])
    assert family_of(fonts["工作"]) == kai != family_of(fonts["一、过去一年"])  # in 黑体: 楷 too
    assert family_of(fonts["持续"]) == kai != family_of(fonts["产业结构"])  # in the bold lead: 楷
    assert family_of(fonts["强调"]) == kai  # in a footnote
    # in the 楷 heading: not 楷, but the bold 仿宋 (the lead's face: a weight-700 heading's text)
    heading, inside = fonts["（二）经济运行"], fonts["稳中向好"]
    assert family_of(inside) not in (family_of(heading), kai)
    assert inside == fonts["产业结构"]


def runs(docx: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    return {"".join(run.itertext()): run for root in (body, notes) for run in root.iter(f"{W}r")}


def east_asian_font(run: etree._Element, styles: etree._Element) -> str:
    """The East Asian font a run shows: its own `w:rFonts`, else its character style's."""
    own = run.find(f"{W}rPr/{W}rFonts")
    if own is not None:
        return str(own.get(f"{W}eastAsia"))
    style_id = run.find(f"{W}rPr/{W}rStyle").get(f"{W}val")
    style = next(style for style in styles.iter(f"{W}style") if style.get(f"{W}styleId") == style_id)
    return str(style.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia"))


def test_emphasis_contrasts_with_the_face_around_it_in_the_docx(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["docx"]) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    found = runs(built["docx"])
    layout = builtin_layout("gov-report")
    kai, fang = layout.fonts["emphasis"][0], layout.fonts["body"][0]
    for text in ("新动能", "工作", "持续", "强调"):
        assert east_asian_font(found[text], styles) == kai, text
    # in the 楷 heading the Emphasis style's 楷 is overridden by the 仿宋 the print copy sets
    assert east_asian_font(found["稳中向好"], styles) == fang
    assert found["稳中向好"].find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Emphasis"
    # …and so is bold inside it: its Strong style sets no font, the override goes on (not the 楷 again)
    assert east_asian_font(found["合作"], styles) == east_asian_font(found["共赢"], styles) == fang
    fonts = span_fonts(built["pdf"])  # in the print copy too (one span: 合作 and 共赢 share the face)
    inside = next(font for text, font in fonts.items() if "共赢" in text)
    assert family_of(inside) == family_of(fonts["稳中向好"]) != family_of(fonts["（四）开放"])


def test_the_level2_heading_is_kai_bold_and_not_lighter_than_the_lead(built: dict[str, Path]) -> None:
    """Its face is a 楷 Bold where the open stand-ins serve it, and its characters carry at least 80 % of
    the lead sentences' ink (FandolKai's one weight carried under half: 0.15 against 0.33 of the box)."""
    layout = builtin_layout("gov-report")
    assert layout.weights["heading2"] == 700
    fonts = span_fonts(built["pdf"])
    heading = fonts["（三）民生保障水平稳步提高"]
    if heading.startswith(("LXGW", "Fandol")):
        assert heading == "LXGW-WenKai-Bold"
    ink = characters_ink(built["pdf"])
    assert ink[heading] >= 0.8 * ink[fonts["社会事业全面进步。"]]
    assert ink[heading] > 1.5 * ink[fonts["全年地区生产总值增长，"]]


def characters_ink(pdf: Path) -> dict[str, float]:
    """Per font, the share of a Han character's em box inked (grey under 50 %) at 300 dpi, averaged."""
    totals: dict[str, list[float]] = {}
    scale = 300 / 72
    with pymupdf.open(pdf) as document:
        for page in document:
            pixmap = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            if "\u4e00" <= char["c"] <= "\u9fff":
                                share = box_ink(pixmap, char["origin"], span["size"], scale)
                                totals.setdefault(span["font"], []).append(share)
    return {font: sum(shares) / len(shares) for font, shares in totals.items()}


def box_ink(pixmap: pymupdf.Pixmap, origin: tuple[float, float], size: float, scale: float) -> float:
    x0, x1 = int(origin[0] * scale), int((origin[0] + size) * scale)
    y0, y1 = int((origin[1] - 0.88 * size) * scale), int((origin[1] + 0.12 * size) * scale)
    samples, stride = pixmap.samples, pixmap.stride
    dark = sum(1 for y in range(y0, y1) for value in samples[y * stride + x0:y * stride + x1] if value < 128)
    return dark / ((x1 - x0) * (y1 - y0))


def test_the_docx_sets_the_level2_heading_bold(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["docx"]) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    heading = next(style for style in styles.iter(f"{W}style") if style.get(f"{W}styleId") == "Heading2")
    assert heading.find(f"{W}rPr/{W}b") is not None  # Word's 楷体加粗: it emboldens 楷体_GB2312
    assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312"


# ---------------------------------------------------------------------------------- the rule itself

@pytest.fixture(scope="module")
def all_kai(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """gov-report's templates with a layout of two faces: everything 楷 (FandolKai) but heading1 and the
    title (黑体-like 测试黑); the lead bold."""
    folder = tmp_path_factory.mktemp("all-kai") / "all-kai"
    shutil.copytree(REPO / "layouts" / "gov-report", folder)
    (folder / "layout.toml").write_text(
        '[page]\nmargins = { top = 37, bottom = 35, inside = 28, outside = 26 }\n'
        '[grid]\nchars_per_line = 28\nlines_per_page = 22\n'
        '[fonts]\nbody = ["FandolKai"]\nemphasis = ["FandolKai"]\nheading1 = ["测试黑"]\ntitle = ["测试黑"]\n'
        '[sizes]\nbody = "三号"\n[weights]\nlead = 700\nheading1 = 700\n', encoding="utf-8")
    return read_layout(folder)


def test_emphasis_falls_back_to_heading1_where_the_body_is_kai_too(all_kai: Layout) -> None:
    assert all_kai.emphasis_role("body") == "heading1"
    assert all_kai.emphasis_role("lead") == "heading1"
    assert all_kai.emphasis_role("heading1") == "emphasis"  # 楷 in 黑 contrasts
    assert all_kai.emphasis_role("title") == "emphasis"


def test_a_last_resort_family_shared_is_no_clash() -> None:
    # a layout that ends its 楷 list in Noto Serif CJK SC, as the body's list ends: its 楷 is no 宋
    layout = builtin_layout("gov-report")
    fonts = {**layout.fonts, "emphasis": (*layout.fonts["emphasis"], "Noto Serif CJK SC")}
    widened = dataclasses.replace(layout, fonts=fonts)
    assert widened.emphasis_role("body") == widened.emphasis_role("note") == "emphasis"
    assert widened.emphasis_role("heading2") == "lead"  # a 楷 shared before the end still clashes
    css = render_css(widened)
    assert f'em {{ font-family: "{fonts["emphasis"][0]}"' in css


def test_emphasis_keeps_its_own_face_where_it_contrasts() -> None:
    layout = builtin_layout("gov-report")
    assert [role for role in ROLES if layout.emphasis_role(role) != "emphasis"] == \
        ["subtitle", "author", "heading2", "emphasis"]
    assert layout.emphasis_role("subtitle") == "body"
    assert layout.emphasis_role("heading2") == "lead"  # bold: the bold 仿宋


# each kind's selectors in style.css.j2, as tests/test_layout_roles.py reads them (the cover's aside)
SELECTORS: dict[ElementKind, str] = {
    "title": "h1.title", "subtitle": ".subtitle", "author": ".author", "heading1": ".level1",
    "heading2": ".level2", "heading3": ".level3", "heading4": ".level4", "lead": "strong.lead",
    "note": ".footnote", "notes_title": ".notes-title", "appendix_label": ".appendix-label",
    "appendix_title": ".appendix-title", "toc_title": ".toc-title",
}


@pytest.mark.parametrize("name", ["gov-report", "all-kai"])
def test_the_stylesheet_and_the_docx_choose_alike(name: str, all_kai: Layout) -> None:
    """For each kind of text, `X em` in the print copy's stylesheet names the families of the role the
    DOCX's `emphasis_role` gives; where it gives the emphasis role, the stylesheet has no such rule."""
    layout = builtin_layout("gov-report") if name == "gov-report" else all_kai
    css = render_css(layout)
    rules = dict(re.findall(r"\n([^{}\n]+) em \{ font-family: ([^;]+); \}", css))
    for kind, selector in SELECTORS.items():
        role = layout.emphasis_role(ELEMENT_ROLES[kind])
        if role == "emphasis":
            assert selector not in rules, kind
        else:
            assert rules[selector] == ", ".join(f'"{family}"' for family in layout.fonts[role]), kind
