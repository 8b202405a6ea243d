"""The sample report as a print PDF (issue 2), read back with pdftotext, pdffonts, PyMuPDF and pypdf."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pymupdf
import pypdf
import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.model import Document, Glossary, Heading, plain_text
from reportpress.reader import read_source
from reportpress.typeset.chars import CLOSING
from tests.conftest import SAMPLE_SOURCE
from tests.pdfread import MM, block_paragraph_texts, body_text, find_in_order, glyphs, squeeze


@pytest.fixture(scope="module")
def document() -> Document:
    return read_source(SAMPLE_SOURCE)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    return build(SAMPLE_SOURCE, formats=["pdf"], out_dir=out).outputs["pdf"]


def test_every_heading_and_paragraph_in_source_order(pdf: Path, document: Document) -> None:
    text = body_text(pdf)
    expected = block_paragraph_texts(document.blocks, document)
    assert len(expected) == 83
    assert find_in_order(text, expected) == []


def test_glossary_section_holds_all_definitions(pdf: Path, document: Document) -> None:
    text = body_text(pdf)
    title = squeeze(document.meta.glossary_title)
    glossary_start = text.rindex(title)
    definitions = [squeeze(plain_text(entry.definition[0].inlines)) for entry in document.glossary]
    assert len(definitions) == 13
    assert find_in_order(text[glossary_start:], definitions) == []


def test_endnote_markers_and_entries_link_both_ways(pdf: Path, document: Document) -> None:
    with pymupdf.open(pdf) as reader:
        calls: dict[str, tuple[int, pymupdf.Rect]] = {}
        backs: dict[str, tuple[int, pymupdf.Rect]] = {}
        shown_calls: dict[str, str] = {}
        shown_backs: dict[str, str] = {}
        for number, page in enumerate(reader):
            for link in page.get_links():
                name = link.get("nameddest", "")
                shown = page.get_textbox(link["from"]).strip()
                if name.startswith("endnote-ref-"):
                    # the number and its halved stop are two boxes, each with its rectangle: keep the
                    # first, and the text of all, which reads as the number and its stop
                    key = name.removeprefix("endnote-ref-")
                    backs.setdefault(key, (number, link))
                    shown_backs[key] = shown_backs.get(key, "") + squeeze(shown)
                elif name.startswith("endnote-"):
                    # a term broken across lines has one link rectangle per line: keep the first,
                    # and the text of all of them, which ends with the endnote number
                    key = name.removeprefix("endnote-")
                    calls.setdefault(key, (number, link))
                    shown_calls[key] = shown_calls.get(key, "") + "|" + squeeze(shown)
        numbers = [str(n) for n in range(1, 14)]
        assert sorted(calls, key=int) == numbers and sorted(backs, key=int) == numbers
        for n in numbers:
            assert shown_backs[n].startswith(n + "．"), (n, shown_backs[n])
            term = plain_text(document.glossary[int(n) - 1].term)
            # the link reads as the term followed by its number
            assert (squeeze(term) + n) in shown_calls[n].replace("|", ""), (n, shown_calls[n])
            call_page, call = calls[n]
            back_page, back = backs[n]
            # the call points at its entry, the entry back at the call's page and place
            assert call["page"] == back_page and back["page"] == call_page
            # link targets are in PDF user space (y upwards); text rectangles have y downwards
            entry_top = reader[back_page].rect.height - call["to"].y
            entry_text = reader[back_page].get_textbox(pymupdf.Rect(0, entry_top - 2, 600, entry_top + 40))
            assert squeeze(entry_text).startswith(f"{n}．")
            call_top = reader[call_page].rect.height - back["to"].y
            assert abs(call_top - call["from"].y0) < 20
            # a call must be clickable: a real area, not a zero-height line
            assert call["from"].height > 4


def test_outline_lists_every_heading_nested(pdf: Path, document: Document) -> None:
    with pymupdf.open(pdf) as reader:
        toc = reader.get_toc()
    headings = [(h.level, plain_text(h.inlines)) for h in document.blocks if isinstance(h, Heading)]
    glossary = [(1, b.title) for b in document.blocks if isinstance(b, Glossary)]
    assert [(level, title) for level, title, _page in toc] == headings + glossary
    assert len(toc) == 20


def body_page(pdf: Path) -> dict[int, int]:
    """Physical page number (1-based) → the body's page number, from the page labels (covers excluded)."""
    labels = pypdf.PdfReader(pdf).page_labels
    return {index + 1: int(label) for index, label in enumerate(labels) if label.isdigit()}


def test_a4_and_text_block_from_the_gb9704_origin(pdf: Path) -> None:
    layout = builtin_layout("gov-report")
    with pymupdf.open(pdf) as reader:
        assert all((round(p.rect.width / MM), round(p.rect.height / MM)) == (210, 297) for p in reader)
    body_size = layout.body_size.pt
    numbers = body_page(pdf)
    body = [g for g in glyphs(pdf) if abs(g.size - body_size) < 0.1 and g.page in numbers]
    for page in sorted({g.page for g in body}):
        on_page = [g for g in body if g.page == page]
        left = 28 if numbers[page] % 2 else 26  # mirrored margins: the binding side is inside
        x0 = min(g.x0 for g in on_page) / MM
        # a closing mark set half width at a line's end (行末点号半角) has its box half past the edge, its ink in
        x1 = max(g.x0 + g.size / 2 if g.char in CLOSING else g.x1 for g in on_page) / MM
        y0 = min(g.y0 for g in on_page) / MM
        y1 = max(g.y1 for g in on_page) / MM
        assert left - 1 <= x0 <= left + 1, (page, x0)
        assert x1 <= left + 156 + 1, (page, x1)
        assert y0 >= 37 - 1 and y1 <= 37 + 225 + 1, (page, y0, y1)


def test_folio_alternates_seven_mm_below_the_block(pdf: Path) -> None:
    numbers = body_page(pdf)
    folios = [g for g in glyphs(pdf) if abs(g.size - 14) < 0.01 and g.origin_y / MM > 262]
    assert sorted({g.page for g in folios}) == sorted(numbers) and len(numbers) > 20
    for physical, page in numbers.items():
        line = sorted((g for g in folios if g.page == physical), key=lambda g: g.x0)
        text = "".join(g.char for g in line)
        assert re.fullmatch(rf"—{page}—", text), text
        middle = (line[0].y0 + line[0].y1) / 2 / MM
        assert abs(middle - (262 + 7)) < 1.5, (page, middle)
        if page % 2:  # odd: right, one character (14 pt) in from the block's right edge
            assert abs(line[-1].x1 - (184 * MM - 14)) < 1 * MM, (page, line[-1].x1 / MM)
        else:  # even: left, one character in from the block's left edge (26 mm, mirrored)
            assert abs(line[0].x0 - (26 * MM + 14)) < 1 * MM, (page, line[0].x0 / MM)


def test_every_font_embedded(pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), listing


def test_no_cjk_character_drawn_with_a_non_cjk_font(pdf: Path) -> None:
    layout = builtin_layout("gov-report")
    cjk_families = {name.replace(" ", "-") for families in layout.fonts.values() for name in families}
    for glyph in glyphs(pdf):
        wide = unicodedata.east_asian_width(glyph.char) in "WF" or glyph.char in "“”‘’—…·"
        if wide:
            family = glyph.font.split("+")[-1]
            assert any(family.startswith(name) for name in cjk_families), (glyph.char, glyph.font)


def test_metadata(pdf: Path, document: Document) -> None:
    reader = pypdf.PdfReader(pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == document.meta.title
    assert info.author == document.meta.author
    assert info.subject == document.meta.subtitle
    assert reader.trailer["/Root"].get("/Lang") == "zh-CN"
