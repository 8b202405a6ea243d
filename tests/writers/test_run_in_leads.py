"""Run-in level-2 leads (issue 12 item 6): a paragraph that opens with a bold lead starting （一）…（十）
is a level-2 heading set run-in, and prints in the heading2 role's face (楷体, bold), as the stand-alone
`## （二）…` heading does — in the PDF (read back with PyMuPDF) and in the DOCX (the lead run's style,
read with python-docx and lxml) — while the rest of its paragraph stays in the body face and a lead
without a level-2 number stays in the lead role's bold 仿宋. The line keeps the 28.95 pt grid."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import docx
import pymupdf
import pytest

from reportpress import resolve
from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.model import SourcePos, Text
from reportpress.proof import proof_pdf
from tests.pdfread import Glyph, glyphs, squeeze

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "全年地区生产总值增长百分之五点二，城乡居民收入稳步增加，各项社会事业全面进步，" * 3
SOURCE = f"""---
title: 青山区政府工作报告
cover: none
---

# 一、过去一年工作回顾

**（一）着力稳住经济基本盘。**{BODY}

**产业结构调整优化。**{BODY}

## （二）持续保障和改善民生

{BODY}

**(三)半角括号的二级序数。**{BODY}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("run-in-leads")
    source = folder / "leads.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs


def spelled(found: list[Glyph], wanted: str) -> list[Glyph]:
    """The glyphs of the first place where `found` spells `wanted` (white space ignored)."""
    stream = "".join(glyph.char for glyph in found)
    start = stream.find(squeeze(wanted))
    assert start >= 0, wanted
    return found[start:start + len(squeeze(wanted))]


def fonts(found: list[Glyph]) -> set[str]:
    return {glyph.font for glyph in found}


@pytest.mark.parametrize(("lead", "kind"), [
    ("（一）着力稳住经济基本盘。", "heading2"), ("(十)半角括号。", "heading2"), (" （三）前导空白。", "heading2"),
    ("产业结构调整优化。", "lead"), ("一、不是二级序数。", "lead"), ("（1）三级以下的序数。", "lead"),
    ("对标（一）后面的序数。", "lead")])
def test_a_lead_is_a_level2_lead_when_it_opens_with_a_level2_number(lead: str, kind: str) -> None:
    assert resolve.lead_kind((Text(text=lead, pos=SourcePos("t.md", 1)),)) == kind


def test_the_level2_lead_prints_in_the_level2_headings_face(built: dict[str, Path]) -> None:
    found = glyphs(built["pdf"])
    lead = spelled(found, "（一）着力稳住经济基本盘。")
    heading = spelled(found, "（二）持续保障和改善民生")
    half_width = spelled(found, "(三)半角括号的二级序数。")
    body_after = spelled(found, "全年地区生产总值")
    assert fonts(lead) == fonts(heading) == fonts(half_width)
    assert any("WenKai" in font or "Kai" in font for font in fonts(lead))
    assert fonts(lead).isdisjoint(fonts(body_after))  # the rest of the paragraph: the body's face
    assert lead[0].size == pytest.approx(heading[0].size, abs=0.05)


def test_a_lead_without_a_level2_number_stays_the_bold_fangsong(built: dict[str, Path]) -> None:
    found = glyphs(built["pdf"])
    plain = spelled(found, "产业结构调整优化。")
    assert fonts(plain).isdisjoint(fonts(spelled(found, "（一）着力稳住经济基本盘。")))
    assert all(font.endswith("Bold") for font in fonts(plain))


def test_the_level2_lead_keeps_the_line_grid(built: dict[str, Path]) -> None:
    report = proof_pdf(built["pdf"], builtin_layout("gov-report"))
    assert not [finding for finding in report.findings if finding.rule in ("grid", "loose-line")]
    found = glyphs(built["pdf"])
    lead, body = spelled(found, "（一）着力稳住经济基本盘。"), spelled(found, "全年地区生产总值")
    # the lead and the body text after it on one baseline, the next line one pitch lower
    assert lead[0].origin_y == pytest.approx(body[0].origin_y, abs=0.05)
    first = spelled(found, "一、过去一年工作回顾")[0]  # the body flow's first line, below the title block
    with pymupdf.open(built["pdf"]) as pdf:
        lines = sorted({round(span["origin"][1], 2) for block in pdf[first.page - 1].get_text("dict")["blocks"]
                        for line in block.get("lines", []) for span in line["spans"]
                        if span["origin"][1] >= first.origin_y - 0.1 and span["size"] > 15})  # not the folio
    assert len(lines) >= 8
    pitch = builtin_layout("gov-report").line_pitch
    steps = [(b - a) / float(pitch) for a, b in pairwise(lines)]
    assert all(abs(step - round(step)) < 0.01 for step in steps)


def test_the_docx_sets_the_level2_lead_in_heading_2s_fonts(built: dict[str, Path]) -> None:
    document = docx.Document(str(built["docx"]))
    runs = {run.text: run for paragraph in document.paragraphs for run in paragraph.runs}
    lead, plain = runs["（一）着力稳住经济基本盘。"], runs["产业结构调整优化。"]
    assert lead.style is not None and plain.style is not None
    assert lead.style.name == "Heading 2 Lead" and plain.style.name == "Lead"
    assert runs["(三)半角括号的二级序数。"].style.name == "Heading 2 Lead"

    def east_asian(style_name: str) -> str | None:
        fonts_element = document.styles[style_name].element.find(f"{W}rPr/{W}rFonts")
        return None if fonts_element is None else fonts_element.get(f"{W}eastAsia")

    def bold(style_name: str) -> bool:
        rpr = document.styles[style_name].element.find(f"{W}rPr")
        element = None if rpr is None else rpr.find(f"{W}b")
        return element is not None and element.get(f"{W}val") not in ("0", "false")

    assert east_asian("Heading 2 Lead") == east_asian("Heading 2") != east_asian("Lead")
    assert bold("Heading 2 Lead") == bold("Heading 2")
    # the text after the lead: no character style, the paragraph's (body) fonts
    after = next(run for paragraph in document.paragraphs for run in paragraph.runs
                 if run.text.startswith("全年") and paragraph.runs[0].text.startswith("（一）"))
    assert after.style is None or after.style.name == "Default Paragraph Font"
