"""Blocks and inlines of the document model → python-docx paragraphs, runs, tables and notes.

In: a `Document` (the model, never HTML or source text) and a python-docx document whose styles,
page and note parts are already set up. Out: the body: title block from the front matter, every
block in order, a real footnote at each `FootnoteRef` (a real endnote for an end note), a real endnote
right after each anchoring `TermRef`, the unused glossary entries' endnotes called at the glossary's
title, so every entry prints in glossary order (issue 10 item 7); and issue 10's blocks: appendices,
the end notes' and the reference list's titles, reference entries with bookmarks that citations link
to, salutation, sign-off and imprint. Titles, labels and marks come from `reportpress.resolve`, as the
PDF's do.

Paragraphs and runs carry style names only (no direct fonts), so a Word user restyles the whole
report from the styles pane. One `match` per node type, ending in `assert_never`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
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

from reportpress import resolve
from reportpress.errors import RenderError, SourceError
from reportpress.layouts import EndNoteMarker, Layout
from reportpress.model import (
    Appendix,
    Block,
    Citation,
    Document,
    Emphasis,
    EndNotes,
    Footnote,
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
    Reference,
    References,
    Salutation,
    SignOff,
    SourcePos,
    Strong,
    Table,
    TermRef,
    Text,
)
from reportpress.writers.docx.notes import (
    NoteKind,
    NotesPart,
    end_note_entry_mark,
    glossary_mark,
    mark_note,
    new_note,
    notes_part,
    reference_run,
)
from reportpress.writers.docx.numbering import Numbering, numbering_properties
from reportpress.writers.docx.ooxml import Element, make_element, qn, set_child
from reportpress.writers.docx.styles import (
    APPENDIX_LABEL,
    APPENDIX_TITLE,
    AUTHOR,
    CITATION,
    EMPHASIS,
    ENDNOTE_REFERENCE,
    ENDNOTE_TEXT,
    FOOTNOTE_TEXT,
    GLOSSARY_HEADING,
    HEADINGS,
    HYPERLINK,
    IMPRINT,
    LEAD,
    LIST_PARAGRAPH,
    NORMAL,
    NOTES_HEADING,
    QUOTE,
    REFERENCE_ENTRY,
    SALUTATION,
    SIGN_OFF,
    STRONG,
    SUBTITLE,
    TABLE_GRID,
    TABLE_TEXT,
    TITLE,
    Style,
    exact_spacing,
)

logger = logging.getLogger(__name__)

TERM_SEPARATOR = "："  # between a glossary term and its definition, as in "1．　术语：释义"
BOOKMARK_LIMIT = 40  # Word truncates longer bookmark names
INVISIBLE_MARK = "\u200b"  # the custom mark of an unused glossary entry's call: a zero-width space


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
    """One document being written; holds the counters and lookups the node functions share.

    Endnote ids follow the calls, like footnote ids: LibreOffice 7.4 hands the notes of the notes part
    to the calls in part order, whatever their ids (a glossary endnote called before an end note but
    with a higher id got the end note's text), and Word numbers endnotes by their calls anyway.
    """

    source: Document
    layout: Layout
    document: DocxDocument
    numbering: Numbering
    # the bytes `resources.check_images` read, by src; None (a writer called outside a build): read here
    images: Mapping[str, bytes] | None = None
    footnotes: int = 0
    endnotes: int = 0
    anchored: set[str] = field(default_factory=set)
    end_notes_called: set[str] = field(default_factory=set)
    bookmarks: dict[str, str] = field(default_factory=dict)
    # where a glossary inside an appendix hangs its hidden calls: the appendix's title paragraph
    appendix_title: RunTarget | None = None
    glossary_placed: bool = False

    @property
    def end_marker(self) -> EndNoteMarker | None:
        """The end notes' call style, or None for a document without end notes."""
        return resolve.end_note_marker(self.source, self.layout) if self.source.end_notes else None

    @property
    def custom_glossary_marks(self) -> bool:
        """Glossary endnotes with custom marks: only when end notes hold Word's automatic numbers."""
        return bool(self.source.end_notes)

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
        if not self.glossary_placed and any(not entry.anchored for entry in self.source.glossary):
            # no Glossary block (a model made by hand): the unused entries are still the last endnotes
            paragraph = body.sink.add_paragraph(NORMAL)
            self.call_unused_entries(RunTarget(paragraph._p, paragraph))
        for entry in self.source.glossary:
            if entry.anchored and entry.id not in self.anchored:
                logger.warning("%s: glossary entry %r: no term reference anchors its endnote",
                               entry.pos, entry.id)

    def glossary_title(self, block: Glossary) -> str:
        """The title as the print copy shows it: the block's, the front matter's, or the layout's."""
        return resolve.glossary_title(self.source, block, self.layout)

    def call_unused_entries(self, target: RunTarget) -> None:
        """Endnotes for the entries the body never uses (the reader warned), called at the end of the
        glossary's title by invisible custom marks.

        Item 7 of issue 10: every entry is numbered index + 1 and listed in that order, the unused ones
        after the used ones. Word and LibreOffice set endnotes in the order of their calls, so a call
        after every body call makes each unused entry the next endnote. The call must not print a
        number in the title: its custom mark (`w:customMarkFollows`) is a zero-width space, and the
        entry's number is text at the head of the note (`glossary_mark`). A custom mark takes no
        automatic number, so nothing after it is renumbered. A call in a hidden run (`w:vanish`) would
        be simpler, but LibreOffice 7.4 then leaves the note out of its endnotes altogether.
        """
        self.glossary_placed = True
        for entry in self.source.glossary:
            if not entry.anchored and entry.id not in self.anchored:
                self.add_endnote(entry.id, target, entry.pos, invisible=True)

    def add_end_note(self, note: Footnote, target: RunTarget, pos: SourcePos) -> None:
        """A call of an end note: a real Word endnote, its mark as the document's marker style asks."""
        if target.note:
            raise RenderError(f"{pos}: end note [^{note.id}] inside a note: Word notes cannot hold notes")
        marker = self.end_marker
        assert marker is not None  # the note is an end note: the document has some
        number = self.source.end_note_number(note.id)
        if note.id in self.end_notes_called:
            # a second call of the same note: Word calls a note once; the mark stands as text
            target.add_text(resolve.end_note_mark(marker, number), RunFormat(style=ENDNOTE_REFERENCE))
            return
        self.end_notes_called.add(note.id)
        self.endnotes += 1
        if marker == "bracket":
            # ［1］: the number is Word's, the brackets are text in the same superscript reference style
            # (the print copy sets the whole mark small and raised)
            target.add_text("［", RunFormat(style=ENDNOTE_REFERENCE))
            target.element.append(reference_run("endnote", self.endnotes))
            target.add_text("］", RunFormat(style=ENDNOTE_REFERENCE))
        else:
            target.element.append(reference_run("endnote", self.endnotes))  # ① or 1: the section's numFmt
        place = self._note_place("endnote", self.endnotes, ENDNOTE_TEXT)
        for block in note.blocks:
            block_to_docx(block, place, self)
        assert isinstance(place.sink, NoteSink)
        mark_note(place.sink.note, "endnote", end_note_entry_mark(marker))

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
        note = self.source.footnote(note_id)
        if note.placement == "end":
            self.add_end_note(note, target, pos)
            return
        if target.note:
            # Word notes cannot hold notes; the reader refuses such a source (notes.check_calls_in_notes),
            # so only a model built some other way gets here: fail rather than drop the note from the DOCX
            raise RenderError(f"{pos}: footnote [^{note_id}] inside a note: Word notes cannot hold notes")
        self.footnotes += 1
        target.element.append(reference_run("footnote", self.footnotes))
        place = self._note_place("footnote", self.footnotes, FOOTNOTE_TEXT)
        for block in note.blocks:
            block_to_docx(block, place, self)
        self._finish(place, "footnote")

    def add_endnote(self, term_id: str, target: RunTarget, pos: SourcePos, *, invisible: bool = False) -> None:
        """The endnote of glossary entry `term_id`, called right here (by an invisible mark when
        `invisible`: `call_unused_entries`)."""
        if target.note or term_id in self.anchored:
            return  # a term used inside a note, or a second anchor: the text is there, the note once
        self.anchored.add(term_id)
        number = self.source.endnote_number(term_id)  # glossary order = reference order, then unused
        self.endnotes += 1
        # with end notes, Word's numbers are theirs: the glossary's are custom marks, never mixed in
        custom = str(number) if self.custom_glossary_marks or invisible else None
        call = INVISIBLE_MARK if invisible else custom
        target.element.append(reference_run("endnote", self.endnotes, custom=call))
        place = self._note_place("endnote", self.endnotes, ENDNOTE_TEXT)
        self._glossary_entry_blocks(self.source.glossary_entry(term_id), place)
        assert isinstance(place.sink, NoteSink)
        mark_note(place.sink.note, "endnote", glossary_mark(custom))

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
        """A Word bookmark name per heading and appendix id: a letter first, word characters, at most 40.

        `ref_1` … name the reference list's entries (`reference_bookmark`); no heading takes one of them.
        """
        used = {reference_bookmark(number) for number in range(1, len(self.source.references) + 1)}
        for target_id in _bookmark_targets(self.source.blocks):
            name = re.sub(r"\W", "_", target_id)[:BOOKMARK_LIMIT]
            if not name[:1].isalpha():
                name = ("h_" + name)[:BOOKMARK_LIMIT]
            base, suffix = name, 1
            while name in used:
                suffix += 1
                name = f"{base[:BOOKMARK_LIMIT - len(str(suffix)) - 1]}_{suffix}"
            used.add(name)
            self.bookmarks[target_id] = name

    def bookmark_around(self, paragraph: DocxParagraph, target_id: str, write: Callable[[], object]) -> None:
        """`write` the paragraph's runs inside the bookmark of heading or appendix `target_id`."""
        bookmark = self.bookmarks.get(target_id)
        if bookmark is None:
            write()
            return
        index = list(self.bookmarks).index(target_id)
        paragraph._p.append(make_element("w:bookmarkStart", {"w:id": index, "w:name": bookmark}))
        write()
        paragraph._p.append(make_element("w:bookmarkEnd", {"w:id": index}))


def reference_bookmark(number: int) -> str:
    """The bookmark of reference list entry `number`, the anchor its citations link to."""
    return f"ref_{number}"


def _bookmark_targets(blocks: tuple[Block, ...]) -> Iterator[str]:
    """The ids of headings (in quotes and appendices too) and of appendices, in document order."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block.id
        elif isinstance(block, Quote):
            yield from _bookmark_targets(block.blocks)
        elif isinstance(block, Appendix):
            yield block.id
            yield from _bookmark_targets(block.blocks)


# ------------------------------------------------------------------------------------------ blocks


def block_to_docx(block: Block, place: Place, writer: DocxWriter,
                  numbered: tuple[int, int] | None = None) -> None:
    """Write one block at `place`; `numbered` = (numId, level) makes a paragraph a list item."""
    match block:
        case Heading(level=level, inlines=inlines, id=heading_id):
            paragraph = place.sink.add_paragraph(HEADINGS[level] if not place.note else place.style)
            target = RunTarget(paragraph._p, paragraph, place.note)
            if place.note:  # no bookmarks in notes: the heading is the body's
                inlines_to_docx(inlines, target, writer, RunFormat())
            else:
                writer.bookmark_around(paragraph, heading_id,
                                       lambda: inlines_to_docx(inlines, target, writer, RunFormat()))
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
            glossary_to_docx(block, place, writer)
        case EndNotes():
            # the notes themselves are Word endnotes, which Word sets at the document's end
            title = resolve.end_notes_title(block, writer.layout)
            place.sink.add_paragraph(NOTES_HEADING).add_run(title)
        case References():
            references_to_docx(block, place, writer)
        case Salutation(inlines=inlines):
            paragraph = place.sink.add_paragraph(SALUTATION)
            inlines_to_docx(inlines, RunTarget(paragraph._p, paragraph, place.note), writer, RunFormat())
        case SignOff():
            sign_off_to_docx(block, place, writer)
        case Appendix():
            appendix_to_docx(block, place, writer)
        case _:
            assert_never(block)


def glossary_to_docx(block: Glossary, place: Place, writer: DocxWriter) -> None:
    """The glossary's title, whose end calls the unused entries' endnotes (`call_unused_entries`).

    Inside an appendix the appendix's label and title stand for it: its own title is not printed
    again, and the calls go at the end of the appendix title.
    """
    if writer.appendix_title is not None:
        writer.call_unused_entries(writer.appendix_title)
        return
    paragraph = place.sink.add_paragraph(GLOSSARY_HEADING)
    paragraph.add_run(writer.glossary_title(block))
    writer.call_unused_entries(RunTarget(paragraph._p, paragraph))


def references_to_docx(block: References, place: Place, writer: DocxWriter) -> None:
    """The title, then `[1] text` per entry (GB/T 7714 numeric order), each inside bookmark `ref_N`.

    The numbers are text, not a Word list: they are the numbers the citations show, and a Word list
    would renumber them whenever a user edits the list.
    """
    place.sink.add_paragraph(NOTES_HEADING).add_run(resolve.references_title(block, writer.layout))
    first_id = len(writer.bookmarks)  # bookmark ids after the headings' (`bookmark_around`)
    for number, entry in enumerate(writer.source.references, start=1):
        reference_entry_to_docx(entry, number, first_id + number - 1, place, writer)


def reference_entry_to_docx(entry: Reference, number: int, bookmark_id: int, place: Place,
                            writer: DocxWriter) -> None:
    paragraph = place.sink.add_paragraph(REFERENCE_ENTRY)
    p = paragraph._p
    p.append(make_element("w:bookmarkStart", {"w:id": bookmark_id, "w:name": reference_bookmark(number)}))
    target = RunTarget(p, paragraph, place.note)
    target.add_text(f"[{number}] ", RunFormat())
    inlines_to_docx(entry.inlines, target, writer, RunFormat())
    p.append(make_element("w:bookmarkEnd", {"w:id": bookmark_id}))


def sign_off_to_docx(block: SignOff, place: Place, writer: DocxWriter) -> None:
    """One right-aligned paragraph per line; the first with one blank line above it (GB/T 9704 §7.3.5,
    §7.4): one line pitch of space before, which keeps the page's line grid."""
    style = SIGN_OFF if block.kind == "signoff" else IMPRINT
    pitch = writer.layout.line_pitch
    for index, line in enumerate(block.lines):
        paragraph = place.sink.add_paragraph(style)
        if index == 0:
            spacing = exact_spacing(pitch)
            spacing.set(qn("w:before"), str(pitch.twips))
            set_child(paragraph._p.get_or_add_pPr(), spacing)
        inlines_to_docx(line, RunTarget(paragraph._p, paragraph, place.note), writer, RunFormat())


def appendix_to_docx(block: Appendix, place: Place, writer: DocxWriter) -> None:
    """GB/T 9704 §8: a new page (the label style's page break), `附件1` flush left, the title centred,
    then the appendix's blocks in the body's styles (its headings keep Heading N)."""
    label = place.sink.add_paragraph(APPENDIX_LABEL)
    writer.bookmark_around(label, block.id,
                           lambda: label.add_run(resolve.appendix_label(block, writer.layout)))
    title = place.sink.add_paragraph(APPENDIX_TITLE)
    target = RunTarget(title._p, title, place.note)
    inlines_to_docx(block.title, target, writer, RunFormat())
    outer, writer.appendix_title = writer.appendix_title, target
    try:
        for child in block.blocks:
            block_to_docx(child, place, writer)
    finally:
        writer.appendix_title = outer


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
        case Citation(keys=keys):
            citation_to_docx(keys, target, writer)
        case TermRef(term_id=term_id, inlines=children, anchor=anchor, pos=pos):
            inlines_to_docx(children, target, writer, run_format)
            if anchor:
                # Right after the term's text, like the numbered marker in the print copy.
                writer.add_endnote(term_id, target, pos)
        case _:
            assert_never(node)


def citation_to_docx(keys: tuple[str, ...], target: RunTarget, writer: DocxWriter) -> None:
    """`[2-5]` as a superscript run inside a link to the first cited entry's bookmark (`ref_2`)."""
    numbers = resolve.citation_numbers(writer.source, keys)
    link = make_element("w:hyperlink", {"w:anchor": reference_bookmark(numbers[0]), "w:history": "1"})
    target.element.append(link)
    RunTarget(link, target.paragraph, target.note).add_text(resolve.citation_label(numbers),
                                                            RunFormat(style=CITATION))


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
