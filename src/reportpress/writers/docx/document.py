"""Model → python-docx body: the writer that holds a document's notes, bookmarks and counters.

In: a `Document` (the model, never HTML or source text) and a python-docx document whose styles,
page and note parts are already set up. Out: the body: title block from the front matter, every
block in order (`blocks`, `back_matter`, `inlines`), a real footnote at each `FootnoteRef` (a real
endnote for an end note), a real endnote right after each anchoring `TermRef`, the unused glossary
entries' endnotes called at the glossary's title, so every entry prints in glossary order (issue 10
item 7). Titles, labels and marks come from `reportpress.resolve`, as the PDF's do.

Paragraphs and runs carry style names only (no direct fonts), so a Word user restyles the whole
report from the styles pane.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph

from reportpress import resolve
from reportpress.errors import RenderError, SourceError
from reportpress.layouts import EndNoteMarker, Layout
from reportpress.model import Block, Document, Footnote, Glossary, GlossaryEntry, SourcePos
from reportpress.tables import table_captions
from reportpress.writers.docx.blocks import block_to_docx
from reportpress.writers.docx.bookmarks import bookmark_names, end_note_bookmark, end_note_call_bookmark
from reportpress.writers.docx.cover import add_balanced_text
from reportpress.writers.docx.inlines import inlines_to_docx, note_body_to_docx
from reportpress.writers.docx.notes import (
    NoteKind,
    end_note_entry_mark,
    glossary_mark,
    mark_note,
    new_note,
    notes_part,
    reference_run,
)
from reportpress.writers.docx.numbering import Numbering
from reportpress.writers.docx.ooxml import Element, make_element, qn
from reportpress.writers.docx.sinks import BodySink, NoteSink, Place, RunFormat, RunTarget
from reportpress.writers.docx.styles import (
    AUTHOR,
    ENDNOTE_REFERENCE,
    ENDNOTE_TEXT,
    FOOTNOTE_TEXT,
    GLOSSARY_TERM,
    GLOSSARY_TEXT,
    NORMAL,
    SUBTITLE,
    TITLE,
    CharacterLook,
    Style,
    character_looks,
)
from reportpress.writers.docx.toc import open_page_after, write_toc, write_update_fields
from reportpress.writers.html import END_NOTES_ID, GLOSSARY_ID, REFERENCES_ID

logger = logging.getLogger(__name__)

# the ids the PDF gives the glossary, the end notes and the reference list, which its contents list
SECTION_IDS = (GLOSSARY_ID, END_NOTES_ID, REFERENCES_ID)

TERM_SEPARATOR = "："  # between a glossary term and its definition, as in "1．　术语：释义"
INVISIBLE_MARK = "\u200b"  # the custom mark of an unused glossary entry's call: a zero-width space


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
    bookmarked: set[str] = field(default_factory=set)  # each bookmark stands once
    # printed page numbers by target id (`toc.printed_pages` of the print PDF), for the contents page
    pages: Mapping[str, str] | None = None
    # where a glossary inside an appendix hangs its hidden calls: the appendix's title paragraph
    appendix_title: RunTarget | None = None
    glossary_placed: bool = False
    # body paragraphs after which a set of endnotes prints (`sections.end_sections_after`)
    section_ends: list[Element] = field(default_factory=list)
    # what Strong, Lead and Emphasis set (`styles.character_looks`), for `RunFormat.within`
    character_looks: Mapping[Style, CharacterLook] = field(default_factory=dict)

    # the paragraphs that are a table's caption or unit (`tables.table_captions`), by `id()`
    captions: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.character_looks = character_looks(self.layout)
        self.captions = table_captions(self.source.blocks)

    @property
    def end_notes_as_text(self) -> bool:
        """Whether the end notes are paragraphs under their title rather than Word endnotes.

        Word sets a section's endnotes at its end in call order, whatever they are (ECMA-376 §17.11.22),
        and the body calls the glossary's entries and the end notes alike: as endnotes both would print
        in one run, interleaved (1．, ①, ②, 2．…). So with a glossary beside them the end notes are
        written where the print copy has them, as text, each call a link to its note; the glossary's
        entries stay real endnotes, printed where the glossary stands.
        """
        return bool(self.source.end_notes) and bool(self.source.glossary)

    @property
    def end_marker(self) -> EndNoteMarker | None:
        """The end notes' call style, or None for a document without end notes."""
        return resolve.end_note_marker(self.source, self.layout) if self.source.end_notes else None

    def write(self) -> None:
        """The title block from the front matter, then every block; endnotes come with their anchors."""
        body = Place(BodySink(self.document))
        meta = self.source.meta
        end_notes = len(self.source.end_notes) if self.end_notes_as_text else 0
        self.bookmarks = bookmark_names(self.source.blocks, len(self.source.references), SECTION_IDS,
                                        end_notes=end_notes)
        # the contents page first, as the PDF's (document.html.j2): before the title block, a page alone
        toc_end = write_toc(self, body, self.pages) if meta.toc else None
        for text, style, role in ((meta.title, TITLE, "title"), (meta.subtitle, SUBTITLE, "subtitle"),
                                  (meta.author, AUTHOR, "author")):
            if text:  # broken where the print copy breaks it (typeset/balance.py)
                add_balanced_text(body.sink.add_paragraph(style), text, role, self.layout)
        for block in self.source.blocks:
            block_to_docx(block, body, self)
        if toc_end is not None:
            open_page_after(toc_end)
            if self.pages is None:
                write_update_fields(self.document)
        if not self.glossary_placed and any(not entry.anchored for entry in self.source.glossary):
            # no Glossary block (a model made by hand): the unused entries are still the last endnotes
            paragraph = body.sink.add_paragraph(NORMAL)
            self.call_unused_entries(RunTarget(paragraph._p, paragraph))
        for entry in self.source.glossary:
            if entry.anchored and entry.id not in self.anchored:
                logger.warning("%s: glossary entry %r: no term reference anchors its endnote",
                               entry.pos, entry.id)

    def end_section_here(self, place: Place) -> None:
        """End a section after the body's last paragraph so far: the endnotes called before it print
        there (`sections`), under the title just written. Only in the body: a cell or a note has none."""
        if isinstance(place.sink, BodySink) and not place.note:
            paragraphs = self.document.element.body.findall(qn("w:p"))
            if paragraphs:
                self.section_ends.append(paragraphs[-1])

    def write_block(self, block: Block, place: Place) -> None:
        """Write `block` at `place` (for the modules `blocks` imports, which cannot import it back)."""
        block_to_docx(block, place, self)

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
        if self.end_notes_as_text:
            self._call_end_note_in_text(marker, number, target, first=note.id not in self.end_notes_called)
            self.end_notes_called.add(note.id)
            return
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

    def _call_end_note_in_text(self, marker: EndNoteMarker, number: int, target: RunTarget, *,
                               first: bool) -> None:
        """The mark of end note `number` as superscript text, a link to the note under its title; the
        first call holds the bookmark the note's mark links back to (the PDF's two-way links)."""
        link = make_element("w:hyperlink", {"w:anchor": end_note_bookmark(number), "w:history": "1"})
        bookmark_id = self.end_note_bookmark_id(number, call=True)
        if first:
            target.element.append(make_element("w:bookmarkStart", {
                "w:id": bookmark_id, "w:name": end_note_call_bookmark(number)}))
        target.element.append(link)
        RunTarget(link, target.paragraph, target.note).add_text(resolve.end_note_mark(marker, number),
                                                                 RunFormat(style=ENDNOTE_REFERENCE))
        if first:
            target.element.append(make_element("w:bookmarkEnd", {"w:id": bookmark_id}))

    def end_note_bookmark_id(self, number: int, *, call: bool = False) -> int:
        """Bookmark ids after the headings' (`bookmark_around`) and the reference entries': the note's
        mark, then its first call."""
        first = len(self.bookmarks) + len(self.source.references)
        return first + 2 * (number - 1) + (1 if call else 0)

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
        # an unused entry's call shows nothing: its number is text in the note
        custom = str(number) if invisible else None
        call = INVISIBLE_MARK if invisible else custom
        target.element.append(reference_run("endnote", self.endnotes, custom=call))
        place = self._note_place("endnote", self.endnotes, GLOSSARY_TEXT)
        self._glossary_entry_blocks(self.source.glossary_entry(term_id), place)
        assert isinstance(place.sink, NoteSink)
        mark_note(place.sink.note, "endnote", glossary_mark(custom))

    def _glossary_entry_blocks(self, entry: GlossaryEntry, place: Place) -> None:
        """The entry as one paragraph "term：definition", then any further definition blocks."""
        paragraph = place.sink.add_paragraph(place.style)
        target = RunTarget(paragraph._p, paragraph, note=place.note)
        # the term in its own character style: a Word user finds and restyles every term at once
        inlines_to_docx(entry.term, target, self, RunFormat(style=GLOSSARY_TERM))
        target.add_text(TERM_SEPARATOR, RunFormat())
        note_body_to_docx(entry.definition, target, place, self)

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

    def bookmark_around(self, paragraph: DocxParagraph, target_id: str, write: Callable[[], object]) -> None:
        """`write` the paragraph's runs inside the bookmark of heading or appendix `target_id`."""
        bookmark = self.bookmarks.get(target_id)
        if bookmark is None or target_id in self.bookmarked:
            write()
            return
        self.bookmarked.add(target_id)
        index = list(self.bookmarks).index(target_id)
        paragraph._p.append(make_element("w:bookmarkStart", {"w:id": index, "w:name": bookmark}))
        write()
        paragraph._p.append(make_element("w:bookmarkEnd", {"w:id": index}))
