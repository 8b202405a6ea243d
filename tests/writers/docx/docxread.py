"""Reading a written DOCX back for tests: raw part XML, body paragraphs, the model's expected text."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress import resolve
from reportpress.layouts import Layout
from reportpress.model import (
    Appendix,
    Block,
    Cover,
    Document,
    EndNotes,
    Glossary,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    References,
    Salutation,
    SignOff,
    SourcePos,
    Table,
    Text,
    plain_text,
)
from reportpress.writers.docx.document import INVISIBLE_MARK
from reportpress.writers.html import imprint_rows

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


POS = SourcePos("hand.md", 1)


def text(value: str) -> Text:
    return Text(text=value, pos=POS)


def para(*inlines: Inline, lead: tuple[Inline, ...] = ()) -> Paragraph:
    return Paragraph(inlines=inlines, lead=lead, pos=POS)


def without_cover(document: Document) -> Document:
    """`document` with `cover: none`: tests of one construct look at the body alone (gov-report has a cover)."""
    return replace(document, meta=replace(document.meta, cover=Cover(front="none")))


def png_bytes(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    phys = struct.pack(">IIB", 3780, 3780, 1)  # 96 dpi
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"pHYs", phys)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def part_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def docx_paragraphs(path: Path) -> list[str]:
    """Every body paragraph's text in order, table cells included, read with python-docx.

    The body section only: the cover section before it repeats the front matter (`cover_paragraphs`).
    """
    texts: list[str] = []

    def walk(items: object) -> None:
        for item in items:  # type: ignore[attr-defined]
            if isinstance(item, DocxParagraph):
                texts.append(item.text.replace(INVISIBLE_MARK, ""))  # unused glossary entries' calls
            elif isinstance(item, DocxTable):
                for row in item.rows:
                    for cell in row.cells:
                        walk(cell.iter_inner_content())

    items = list(docx.Document(str(path)).iter_inner_content())
    walk(items[_cover_length(item._element for item in items):])
    return texts


def cover_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph of the cover section (empty when the DOCX has no cover)."""
    body = list(part_xml(path, "word/document.xml").find(w("body")))
    return ["".join(t.text or "" for t in p.iter(w("t"))) for p in body[:_cover_length(body)]]


def _cover_length(elements: Iterable[etree._Element]) -> int:
    """How many body elements the cover section holds: up to the first paragraph carrying a sectPr
    (the writer puts no section break anywhere else), or none."""
    for index, element in enumerate(elements):
        if element.tag == w("p") and element.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            return index + 1
    return 0


def expected_paragraphs(document: Document, layout: Layout,
                        show: Callable[[tuple[Inline, ...]], str] = plain_text) -> list[str]:
    """What the DOCX body should say, paragraph by paragraph, straight from the model.

    `show` turns inlines into text: `plain_text` by default, `pdfread.shown_text` for endnote numbers.
    """
    meta = document.meta
    texts = [text for text in (meta.title, meta.subtitle, meta.author) if text]

    def walk(blocks: tuple[Block, ...], appendix: bool = False) -> None:
        for block in blocks:
            if isinstance(block, Heading | Salutation):
                texts.append(show(block.inlines))
            elif isinstance(block, Paragraph):
                texts.append(show(block.lead + block.inlines))
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item)
            elif isinstance(block, Quote):
                walk(block.blocks)
            elif isinstance(block, Table):
                texts.extend(show(cell) for row in (*block.head, *block.body) for cell in row)
            elif isinstance(block, Glossary) and not appendix:  # in an appendix, its label and title stand
                # for the glossary's; every entry is an endnote, the unused ones called from the title
                texts.append(resolve.glossary_title(document, block, layout))
            elif isinstance(block, EndNotes):
                texts.append(resolve.end_notes_title(block, layout))
                if document.glossary:  # beside a glossary the end notes are text under their title
                    marker = resolve.end_note_marker(document, layout)
                    for number, note in enumerate(document.end_notes, start=1):
                        first = note.blocks[0] if note.blocks else None
                        shown = show(first.lead + first.inlines) if isinstance(first, Paragraph) else ""
                        texts.append(f"{resolve.end_note_mark(marker, number)} {shown}")
            elif isinstance(block, References):
                texts.append(resolve.references_title(block, layout))
                texts.extend(f"[{number}] {show(entry.inlines)}"
                             for number, entry in enumerate(document.references, start=1))
            elif isinstance(block, SignOff) and block.kind == "imprint":
                # one paragraph a row: a tab, the organisation, a tab, the date (`imprint_rows`)
                texts.extend("\t" + show(left) + ("\t" + show(right) if right else "")
                             for left, right in imprint_rows(block))
            elif isinstance(block, SignOff):
                texts.extend(show(line) for line in block.lines)
            elif isinstance(block, Appendix):
                texts.extend((resolve.appendix_label(block, layout),
                              show(resolve.appendix_title(document, block, layout))))
                walk(block.blocks, appendix=True)

    walk(document.blocks)
    return texts


def shown_paragraphs(path: Path) -> list[str]:
    """Body paragraphs as a reader of the print copy sees them: endnote numbers where Word shows them.

    Read from document.xml with lxml only, the body section alone: `w:t` text, `w:br` as a line break,
    an endnote reference as its number (Word numbers endnotes in reference order; another test checks
    ids follow it).
    """
    body = list(part_xml(path, "word/document.xml").find(w("body")))
    texts: list[str] = []
    for paragraph in (p for element in body[_cover_length(body):] for p in element.iter(w("p"))):
        parts: list[str] = []
        for node in paragraph.iter(w("t"), w("br"), w("endnoteReference")):
            if node.tag == w("t"):
                parts.append((node.text or "").replace(INVISIBLE_MARK, ""))
            elif node.tag == w("br"):
                parts.append("\n")
            elif node.get(w("customMarkFollows")) != "1":  # a custom mark is the run's text, read above
                parts.append(node.get(w("id")))
        texts.append("".join(parts))
    return texts


GLOSSARY_MARK = re.compile(r"^\d*．")  # `5．`: a custom number or none (Word prints its own), then ．


def note_texts(path: Path, kind: str) -> list[str]:
    """The text of each ordinary footnote or endnote, in id order, without its number mark
    (a glossary endnote's `5．` included)."""
    return [GLOSSARY_MARK.sub("", text) for text in note_heads(path, kind)]


def note_heads(path: Path, kind: str) -> list[str]:
    """The text of each ordinary footnote or endnote, in id order, with a glossary entry's `．`
    (and its number when that is a custom mark): what follows Word's own number."""
    notes = part_xml(path, f"word/{kind}s.xml")
    texts = []
    for note in notes.findall(w(kind)):
        if note.get(w("type")) is None:
            texts.append("".join(t.text or "" for t in note.iter(w("t"))))
    return texts
