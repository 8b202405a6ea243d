"""Reading PDFs back for tests with independent readers: pdftotext, pdffonts, PyMuPDF."""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from reportpress import resolve
from reportpress.layouts import Layout, builtin_layout
from reportpress.model import (
    Block,
    Citation,
    Document,
    Emphasis,
    FootnoteRef,
    Image,
    Inline,
    LineBreak,
    Link,
    Strong,
    TermRef,
    Text,
)

MM = 72 / 25.4
FOLIO = re.compile(r"—\s*\d+\s*—")


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def squeeze(text: str) -> str:
    """Text without any white space: pdftotext breaks lines where the layout did."""
    return re.sub(r"\s+", "", text)


def body_text(path: Path) -> str:
    """The PDF's text, page by page, with folios removed and white space squeezed out."""
    pages = pdftotext(path).split("\f")
    return "".join(squeeze(FOLIO.sub("", page)) for page in pages)


@functools.cache
def _layout(name: str) -> Layout:
    return builtin_layout(name)


def shown_text(inlines: tuple[Inline, ...], document: Document) -> str:
    """What a reader should see of `inlines` in the PDF: the text, plus endnote numbers at anchors,
    end notes' marks (①, ［1］) and citations' labels (`[2-5]`) at their calls. A page-foot note's call
    shows nothing here: its mark depends on the page."""
    parts: list[str] = []
    for node in inlines:
        match node:
            case Text(text=text):
                parts.append(text)
            case Strong(inlines=children) | Emphasis(inlines=children) | Link(inlines=children):
                parts.append(shown_text(children, document))
            case TermRef(inlines=children, anchor=anchor, term_id=term_id):
                parts.append(shown_text(children, document))
                if anchor:
                    parts.append(str(document.endnote_number(term_id)))
            case FootnoteRef(id=note_id) if document.footnote(note_id).placement == "end":
                marker = resolve.end_note_marker(document, _layout(document.meta.layout))
                parts.append(resolve.end_note_mark(marker, document.end_note_number(note_id)))
            case Citation(keys=keys):
                parts.append(resolve.citation_label(resolve.citation_numbers(document, keys)))
            case LineBreak() | FootnoteRef() | Image():
                pass
    return "".join(parts)


def find_in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in `haystack` in the given order (empty when all are there, in order)."""
    missing, position = [], 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(needle)
    return missing


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    font: str
    size: float
    x0: float
    y0: float
    x1: float
    y1: float
    origin_x: float
    origin_y: float
    page: int


def glyphs(path: Path) -> list[Glyph]:
    found: list[Glyph] = []
    with pymupdf.open(path) as pdf:
        for number, page in enumerate(pdf, start=1):
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            if char["c"].strip():
                                x0, y0, x1, y1 = char["bbox"]
                                found.append(Glyph(char["c"], span["font"], span["size"], x0, y0, x1, y1,
                                                   char["origin"][0], char["origin"][1], number))
    return found


def block_paragraph_texts(blocks: tuple[Block, ...], document: Document) -> list[str]:
    from reportpress.model import Heading, Paragraph, Salutation

    texts = []
    for block in blocks:
        if isinstance(block, Heading | Salutation):
            texts.append(squeeze(shown_text(block.inlines, document)))
        elif isinstance(block, Paragraph):
            texts.append(squeeze(shown_text(block.lead + block.inlines, document)))
    return texts
