"""Glossary entry labels (issue 12 item 5): an entry opens `5．3个“3”服务：…` — the number, its full-width
stop, the term straight after it, no ideographic space — in the PDF (PyMuPDF text and glyph positions)
and in the DOCX's endnotes (their XML read back with lxml). The number's digits take whole character
cells, so the stop and the term stand on the character grid and the entry's first line is set as
tight as a body line; `reportpress proof` finds the loose first lines the old label (`5．　`) made."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from reportpress import resolve
from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.proof import proof_pdf
from reportpress.proof.pages import analyse
from reportpress.proof.pdf import read_pdf
from reportpress.proof.setting import extra_gap
from tests.pdfread import Glyph, glyphs, squeeze

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# terms of four characters, numbered 1–12 in this order (their first uses); 13 is `3个“3”服务`
TERMS = ["数字政府", "营商环境", "一网通办", "放管改革", "河湖长制", "城市更新", "乡村振兴", "共同富裕",
         "质量发展", "双碳目标", "产业集群", "智慧社区"]
# After `N．term：` the first line has room for 18 characters more and half an em, or 19 when the label
# takes whole cells: the 19th with the comma after it (which no line starts with) fits only there, the
# colon and the comma at half width — the old label's 2.5 em for two digits left the line half an em
# short, spread over its gaps, as in laibin's `12．　带押过户：指客户在申请办理已抵押不动产转移登记 / 时，`.
DEFINITION = ("指以数据为基础推进政府治理现代化的方式，覆盖经济调节市场监管社会管理公共服务各个领域和各个方面"
              "推动治理体系和治理能力现代化取得新的成效")


# body text enough that the document's tight setting (the proof's yardstick) is the body's
BODY = "\n\n".join(["全年地区生产总值增长百分之五点二，城乡居民收入稳步增加，各项社会事业全面进步。" * 4] * 6)


def source_text() -> str:
    terms = [*TERMS, "3个“3”服务"]
    uses = "，".join(terms)
    entries = "\n".join(f"{term}\n: {DEFINITION}。\n" for term in terms)
    return f"""---
title: 青山区政府工作报告
cover: none
---

# 一、工作回顾

我们推进{uses}等工作，各项事业取得新进展。

{BODY}

::: glossary
{entries}:::
"""


def build_pdf(folder: Path) -> dict[str, Path]:
    source = folder / "labels.md"
    source.write_text(source_text(), encoding="utf-8")
    return build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_pdf(tmp_path_factory.mktemp("glossary-labels"))


def spelled(found: list[Glyph], wanted: str) -> list[Glyph]:
    stream = "".join(glyph.char for glyph in found)
    start = stream.find(squeeze(wanted))
    assert start >= 0, wanted
    return found[start:start + len(squeeze(wanted))]


def first_line_extras(pdf: Path) -> dict[str, float | None]:
    """Each glossary entry's first line (by its label) → the proof's extra space per Han gap, in pt."""
    proof = analyse(read_pdf(pdf), builtin_layout("gov-report"))
    return {block.lines[0].text.split("．")[0] + "．": extra_gap(block.lines[0], proof)
            for block in proof.blocks if block.lines[0].text[:1].isdigit() and "．" in block.lines[0].text[:4]}


def test_the_label_stands_straight_before_the_term(built: dict[str, Path]) -> None:
    with pymupdf.open(built["pdf"]) as pdf:
        text = "".join(page.get_text() for page in pdf)
    assert "13．3个“3”服务：" in text and "1．数字政府：" in text and "12．智慧社区：" in text
    assert "．\u3000" not in text
    found = glyphs(built["pdf"])
    pitch = float(builtin_layout("gov-report").char_pitch)
    for label, term in (("9．", "质量发展"), ("10．", "双碳目标"), ("1．", "数字政府")):
        head = spelled(found, label + term)
        stop, first = head[len(label) - 1], head[len(label)]
        assert first.origin_x - stop.origin_x == pytest.approx(pitch, abs=0.3)  # the stop's one cell, no blank


def test_the_digits_take_whole_cells_so_the_stops_line_up(built: dict[str, Path]) -> None:
    found = glyphs(built["pdf"])
    pitch = float(builtin_layout("gov-report").char_pitch)
    nine, ten = spelled(found, "9．质量发展"), spelled(found, "10．双碳目标")
    assert nine[1].origin_x == pytest.approx(ten[2].origin_x, abs=0.3)  # 9． under 10．: one column of stops
    # the text block's left edge: where the page's continuation lines start
    left = min(glyph.origin_x for glyph in found if glyph.page == nine[0].page)
    for glyph in (nine[1], nine[2], ten[2], ten[3]):
        cells = (glyph.origin_x - left) / pitch
        assert cells == pytest.approx(round(cells), abs=0.03)  # on the character grid


def test_first_lines_are_set_as_tight_as_body_lines(built: dict[str, Path]) -> None:
    extras = first_line_extras(built["pdf"])
    assert len(extras) == len(TERMS) + 1
    assert all(extra is not None and extra < 0.1 for extra in extras.values()), extras
    report = proof_pdf(built["pdf"], builtin_layout("gov-report"))
    assert not [finding for finding in report.findings if finding.rule == "loose-line"]


def test_the_old_label_left_its_first_lines_loose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the label as it was: number, stop, ideographic space — its stop and space 1.5 em, so two digits
    # make 2.5 em (and one digit on its whole cell as well)
    monkeypatch.setattr(resolve, "glossary_number", lambda number: f"{number}．\u3000")
    old = build_pdf(tmp_path)["pdf"]
    extras = first_line_extras(old)
    loose = [label for label, extra in extras.items() if extra is not None and extra >= 0.3]
    assert {"10．", "11．", "12．"} <= set(loose), extras  # two digits: 2.5 em, half an em off the grid


def test_the_docx_endnote_starts_with_the_label_and_the_term(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["docx"]) as package:
        notes = etree.fromstring(package.read("word/endnotes.xml"))
    texts = []
    for note in notes.iter(f"{W}endnote"):
        if int(note.get(f"{W}id")) <= 0:
            continue  # the separator notes
        paragraph = note.find(f"{W}p")
        assert paragraph is not None
        runs = paragraph.findall(f"{W}r")
        # Word's own number first (on the baseline), then the stop and the term with nothing between
        assert runs[0].find(f"{W}endnoteRef") is not None or runs[0].findtext(f"{W}t", "").isdigit()
        texts.append("".join(run.findtext(f"{W}t", "") for run in runs[1:]))
    assert len(texts) == len(TERMS) + 1
    assert all(text.startswith("．") and "\u3000" not in text[:3] for text in texts)
    assert texts[0].startswith("．数字政府：") and any(text.startswith("．3个“3”服务：") for text in texts)
