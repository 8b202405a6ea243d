"""Blocks and inlines of the document model → python-docx paragraphs, runs, tables and notes.

In: a `Document` (the model, never HTML or source text) and a python-docx document whose styles,
page and note parts are already set up. Out: the body: title block from the front matter, every
block in order, a real footnote at each `FootnoteRef`, a real endnote right after each anchoring
`TermRef`, and the glossary title as the body's last heading, so the endnotes follow it the way the
glossary follows the print copy.

Paragraphs and runs carry style names only (no direct fonts), so a Word user restyles the whole
report from the styles pane. One `match` per node type, ending in `assert_never`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import Protocol, assert_never

from docx.document import Document as DocxDocument
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.table import CT_Tbl
from docx.shared import Emu
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from reportpress.errors import RenderError, SourceError
from reportpress.layouts import Layout
from reportpress.model import (
    Block,
    Document,
    Emphasis,
    FootnoteRef,
    Glossary,
    GlossaryEntry,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    SourcePos,
    Strong,
    Table,
    TermRef,
    Text,
)
from reportpress.writers.docx.notes import NoteKind, NotesPart, mark_note, new_note, notes_part, reference_run
from reportpress.writers.docx.numbering import Numbering, numbering_properties
from reportpress.writers.docx.ooxml import Element, make_element, set_child
from reportpress.writers.docx.styles import (
    AUTHOR,
    EMPHASIS,
    ENDNOTE_TEXT,
    FOOTNOTE_TEXT,
    GLOSSARY_HEADING,
    HEADINGS,
    HYPERLINK,
    LEAD,
    LIST_PARAGRAPH,
    NORMAL,
    QUOTE,
    STRONG,
    SUBTITLE,
    TABLE_GRID,
    TABLE_TEXT,
    TITLE,
    Style,
)

logger = logging.getLogger(__name__)

TERM_SEPARATOR = "："  # between a glossary term and its definition, as in "1. 术语：释义"
BOOKMARK_LIMIT = 40  # Word truncates longer bookmark names


# ------------------------------------------------------------------------------------------ sinks


class BlockSink(Protocol):
    """Somewhere paragraphs and tables can be appended: the body, a table cell, a note."""

    def add_paragraph(self, style: Style) -> DocxParagraph: ...

    def add_table(self, rows: int, cols: int) -> DocxTable: ...


@dataclass(slots=True)
class BodySink:
    document: DocxDocument

    def add_paragraph(self, style: Style) -> DocxParagraph:
        # Normal is the default: naming it would leave an empty <w:pPr/> on most paragraphs
        paragraph: DocxParagraph = self.document.add_paragraph(style=None if style == NORMAL else style.name)
        return paragraph

    def add_table(self, rows: int, cols: int) -> DocxTable:
        table: DocxTable = self.document.add_table(rows=rows, cols=cols)
        return table


@dataclass(slots=True)
class CellSink:
    cell: _Cell
    used: bool = False

    def add_paragraph(self, style: Style) -> DocxParagraph:
        if not self.used:  # a new cell already holds one empty paragraph
            self.used = True
            paragraph: DocxParagraph = self.cell.paragraphs[0]
            paragraph.style = style.name
            return paragraph
        added: DocxParagraph = self.cell.add_paragraph(style=style.name)
        return added

    def add_table(self, rows: int, cols: int) -> DocxTable:
        self.used = True
        return self.cell.add_table(rows, cols)


@dataclass(slots=True)
class NoteSink:
    note: Element  # w:footnote | w:endnote
    part: NotesPart
    width: Emu

    def add_paragraph(self, style: Style) -> DocxParagraph:
        p = make_element("w:p")
        self.note.append(p)
        paragraph = DocxParagraph(p, self.part)  # a XmlPart is its own `.part`, as a parent must be
        paragraph.style = style.name
        return paragraph

    def add_table(self, rows: int, cols: int) -> DocxTable:
        table = CT_Tbl.new_tbl(rows, cols, self.width)
        self.note.append(table)
        return DocxTable(table, self.part)


@dataclass(frozen=True, slots=True)
class Place:
    """Where blocks go and how plain paragraphs there are styled."""

    sink: BlockSink
    style: Style = NORMAL
    note: bool = False  # inside a note, where Word allows no note references
    depth: int = 0  # list nesting


@dataclass(frozen=True, slots=True)
class RunFormat:
    """The character style of the runs being written, and bold kept from an outer style."""

    style: Style | None = None
    bold: bool = False

    def within(self, style: Style) -> RunFormat:
        # A run has one character style: the inner one wins, an outer bold stays as direct bold.
        return RunFormat(style=style, bold=self.bold or self.style in (STRONG, LEAD))


@dataclass(slots=True)
class RunTarget:
    """Where runs go: a paragraph, or a hyperlink inside one."""

    element: Element  # w:p | w:hyperlink
    paragraph: DocxParagraph
    note: bool = False

    def add_text(self, text: str, run_format: RunFormat) -> Run:
        r = make_element("w:r")
        self.element.append(r)
        run = Run(r, self.paragraph)
        run.text = text
        if run_format.style is not None:
            run.style = run_format.style.name
        if run_format.bold:
            run.bold = True
        return run


# ----------------------------------------------------------------------------------------- writer


@dataclass(slots=True)
class DocxWriter:
    """One document being written; holds the counters and lookups the node functions share."""

    source: Document
    layout: Layout
    document: DocxDocument
    numbering: Numbering
    # the bytes `resources.check_images` read, by src; None (a writer called outside a build): read here
    images: Mapping[str, bytes] | None = None
    footnotes: int = 0
    anchored: set[str] = field(default_factory=set)
    bookmarks: dict[str, str] = field(default_factory=dict)

    def write(self) -> None:
        """The title block from the front matter, then every block; endnotes come with their anchors."""
        body = Place(BodySink(self.document))
        meta = self.source.meta
        for text, style in ((meta.title, TITLE), (meta.subtitle, SUBTITLE), (meta.author, AUTHOR)):
            if text:
                body.sink.add_paragraph(style).add_run(text)
        self._name_bookmarks()
        for block in self.source.blocks:
            block_to_docx(block, body, self)
        for entry in self.source.glossary:
            if entry.anchored and entry.id not in self.anchored:
                logger.warning("%s: glossary entry %r: no term reference anchors its endnote",
                               entry.pos, entry.id)

    def glossary_title(self, block: Glossary) -> str:
        """The title as the print copy shows it: the block's, the front matter's, or the layout's."""
        return block.title or self.source.meta.glossary_title or self.layout.notes.glossary_title

    def write_unanchored_entries(self, place: Place) -> None:
        """Entries the body never uses (the reader warned): no endnote can call them, so they
        stand as text under the glossary title, where the print copy lists them too."""
        for entry in self.source.glossary:
            if not entry.anchored:
                self._glossary_entry_blocks(entry, replace(place, style=ENDNOTE_TEXT, note=True))

    def image_data(self, src: str, pos: SourcePos) -> bytes:
        """The bytes of image `src`: those the build's check read, never the file again (issue 9)."""
        if self.images is not None and src in self.images:
            return self.images[src]
        from reportpress.resources import read_confined

        folder = Path(self.source.path).parent
        try:
            return read_confined(folder / src, folder, "image", pos)
        except SourceError as error:
            raise RenderError(f"cannot put an image into the DOCX: {error}") from None

    # ------------------------------------------------------------------------------- notes

    def add_footnote(self, note_id: str, target: RunTarget, pos: SourcePos) -> None:
        if target.note:
            # Word notes cannot hold notes; the reader refuses such a source (notes.check_calls_in_notes),
            # so only a model built some other way gets here: fail rather than drop the note from the DOCX
            raise RenderError(f"{pos}: footnote [^{note_id}] inside a note: Word notes cannot hold notes")
        self.footnotes += 1
        target.element.append(reference_run("footnote", self.footnotes))
        place = self._note_place("footnote", self.footnotes, FOOTNOTE_TEXT)
        for block in self.source.footnote(note_id).blocks:
            block_to_docx(block, place, self)
        self._finish(place, "footnote")

    def add_endnote(self, term_id: str, target: RunTarget, pos: SourcePos) -> None:
        if target.note or term_id in self.anchored:
            return  # a term used inside a note, or a second anchor: the text is there, the note once
        self.anchored.add(term_id)
        number = self.source.endnote_number(term_id)  # glossary order = reference order
        target.element.append(reference_run("endnote", number))
        place = self._note_place("endnote", number, ENDNOTE_TEXT)
        self._glossary_entry_blocks(self.source.glossary_entry(term_id), place)
        self._finish(place, "endnote")

    def _glossary_entry_blocks(self, entry: GlossaryEntry, place: Place) -> None:
        """The entry as one paragraph "term：definition", then any further definition blocks."""
        first, *rest = entry.definition or (Paragraph(inlines=(), pos=entry.pos),)
        paragraph = place.sink.add_paragraph(place.style)
        target = RunTarget(paragraph._p, paragraph, note=place.note)
        inlines_to_docx(entry.term, target, self, RunFormat())
        target.add_text(TERM_SEPARATOR, RunFormat())
        if isinstance(first, Paragraph):
            inlines_to_docx(first.lead, target, self, RunFormat(style=LEAD))
            inlines_to_docx(first.inlines, target, self, RunFormat())
        else:
            rest.insert(0, first)
        for block in rest:
            block_to_docx(block, place, self)

    def _note_place(self, kind: NoteKind, number: int, style: Style) -> Place:
        part = notes_part(self.document, kind)
        note = new_note(part, kind, number)
        width = Emu(self.layout.page.text_width.emu)
        return Place(NoteSink(note, part, width), style=style, note=True)

    @staticmethod
    def _finish(place: Place, kind: NoteKind) -> None:
        assert isinstance(place.sink, NoteSink)
        mark_note(place.sink.note, kind)

    # --------------------------------------------------------------------------- bookmarks

    def _name_bookmarks(self) -> None:
        """A Word bookmark name per heading id: a letter first, word characters, at most 40."""
        used: set[str] = set()
        for heading in _headings(self.source.blocks):
            name = re.sub(r"\W", "_", heading.id)[:BOOKMARK_LIMIT]
            if not name[:1].isalpha():
                name = ("h_" + name)[:BOOKMARK_LIMIT]
            base, suffix = name, 1
            while name in used:
                suffix += 1
                name = f"{base[:BOOKMARK_LIMIT - len(str(suffix)) - 1]}_{suffix}"
            used.add(name)
            self.bookmarks[heading.id] = name


def _headings(blocks: tuple[Block, ...]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Quote):
            yield from _headings(block.blocks)


# ------------------------------------------------------------------------------------------ blocks


def block_to_docx(block: Block, place: Place, writer: DocxWriter,
                  numbered: tuple[int, int] | None = None) -> None:
    """Write one block at `place`; `numbered` = (numId, level) makes a paragraph a list item."""
    match block:
        case Heading(level=level, inlines=inlines, id=heading_id):
            paragraph = place.sink.add_paragraph(HEADINGS[level] if not place.note else place.style)
            bookmark = writer.bookmarks.get(heading_id) if not place.note else None
            if bookmark:
                index = list(writer.bookmarks).index(heading_id)
                paragraph._p.append(make_element("w:bookmarkStart", {"w:id": index, "w:name": bookmark}))
            inlines_to_docx(inlines, RunTarget(paragraph._p, paragraph, place.note), writer, RunFormat())
            if bookmark:
                paragraph._p.append(make_element("w:bookmarkEnd", {"w:id": index}))
        case Paragraph(inlines=inlines, lead=lead):
            paragraph = place.sink.add_paragraph(place.style)
            if numbered is not None:
                set_child(paragraph._p.get_or_add_pPr(), numbering_properties(*numbered))
            target = RunTarget(paragraph._p, paragraph, place.note)
            inlines_to_docx(lead, target, writer, RunFormat(style=LEAD))
            inlines_to_docx(inlines, target, writer, RunFormat())
        case ListBlock():
            list_to_docx(block, place, writer)
        case Table():
            table_to_docx(block, place, writer)
        case Quote(blocks=blocks):
            inner = replace(place, style=QUOTE) if place.style == NORMAL else place
            for child in blocks:
                block_to_docx(child, inner, writer)
        case Glossary():
            place.sink.add_paragraph(GLOSSARY_HEADING).add_run(writer.glossary_title(block))
            writer.write_unanchored_entries(place)
        case _:
            assert_never(block)


def list_to_docx(block: ListBlock, place: Place, writer: DocxWriter) -> None:
    """Each item's first paragraph carries the number; nested lists go one level deeper."""
    num_id = writer.numbering.new_list(ordered=block.ordered, level=place.depth, start=block.start)
    item_place = replace(place, style=LIST_PARAGRAPH) if place.style == NORMAL else place
    for item in block.items:
        first, *rest = item or (Paragraph(inlines=(), pos=block.pos),)
        if not isinstance(first, Paragraph):
            first, rest = Paragraph(inlines=(), pos=block.pos), [first, *rest]
        block_to_docx(first, item_place, writer, numbered=(num_id, place.depth))
        for child in rest:
            block_to_docx(child, replace(item_place, depth=place.depth + 1), writer)


def table_to_docx(block: Table, place: Place, writer: DocxWriter) -> None:
    """A Word table in `Table Grid`; head rows repeat on each page and take its first-row look."""
    rows = [*block.head, *block.body]
    cols = max((len(row) for row in rows), default=0)
    if not rows or not cols:
        return
    table = place.sink.add_table(len(rows), cols)
    table.style = TABLE_GRID.name
    cell_style = TABLE_TEXT if not place.note else place.style
    for row_index, row in enumerate(rows):
        docx_row = table.rows[row_index]
        if row_index < len(block.head):
            set_child(docx_row._tr.get_or_add_trPr(), make_element("w:tblHeader"))
        for col_index, cell in enumerate(row):
            paragraph = CellSink(docx_row.cells[col_index]).add_paragraph(cell_style)
            inlines_to_docx(cell, RunTarget(paragraph._p, paragraph, place.note), writer, RunFormat())


# ----------------------------------------------------------------------------------------- inlines


def inlines_to_docx(inlines: tuple[Inline, ...], target: RunTarget, writer: DocxWriter,
                    run_format: RunFormat) -> None:
    for node in inlines:
        inline_to_docx(node, target, writer, run_format)


def inline_to_docx(node: Inline, target: RunTarget, writer: DocxWriter, run_format: RunFormat) -> None:
    """Write one model inline as runs (or a note reference) into `target`."""
    match node:
        case Text(text=text):
            if text:
                target.add_text(text, run_format)
        case Strong(inlines=children):
            inlines_to_docx(children, target, writer, run_format.within(STRONG))
        case Emphasis(inlines=children):
            inlines_to_docx(children, target, writer, run_format.within(EMPHASIS))
        case Link(inlines=children, url=url):
            link = hyperlink(url, target, writer)
            inlines_to_docx(children, link, writer, run_format.within(HYPERLINK))
        case Image(src=src, alt=alt, pos=pos):
            image_to_docx(writer.image_data(src, pos), src, alt, target, writer, pos)
        case LineBreak():
            target.add_text("\n", run_format)  # python-docx turns "\n" into <w:br/>
        case FootnoteRef(id=note_id, pos=pos):
            writer.add_footnote(note_id, target, pos)
        case TermRef(term_id=term_id, inlines=children, anchor=anchor, pos=pos):
            inlines_to_docx(children, target, writer, run_format)
            if anchor:
                # Right after the term's text, like the numbered marker in the print copy.
                writer.add_endnote(term_id, target, pos)
        case _:
            assert_never(node)


def image_to_docx(data: bytes, src: str, alt: str, target: RunTarget, writer: DocxWriter, pos: SourcePos
                  ) -> None:
    """An inline picture (`data`, the file `src`) at its natural size, shrunk to the text width when wider."""
    run = target.add_text("", RunFormat())
    try:
        shape = run.add_picture(BytesIO(data))
    except (OSError, UnrecognizedImageError) as exc:
        raise RenderError(f"{pos}: cannot put image {src} into the DOCX: {exc}") from exc
    width = writer.layout.page.text_width.emu
    if shape.width > width:
        shape.height = Emu(round(shape.height * width / shape.width))
        shape.width = Emu(width)
    shape._inline.docPr.set("descr", alt)  # the alt text Word reads aloud; python-docx has no API


def hyperlink(url: str, target: RunTarget, writer: DocxWriter) -> RunTarget:
    """A `w:hyperlink` in `target`: to a heading's bookmark for `#id`, else to an external URL."""
    if url.startswith("#"):
        attrs = {"w:anchor": writer.bookmarks.get(url[1:], url[1:]), "w:history": "1"}
    else:
        # The relationship belongs to the part holding the paragraph: the body or a notes part.
        rid = target.paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        attrs = {"r:id": rid, "w:history": "1"}
    link = make_element("w:hyperlink", attrs)
    target.element.append(link)
    return RunTarget(link, target.paragraph, target.note)
