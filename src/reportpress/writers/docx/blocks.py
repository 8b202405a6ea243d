"""Model blocks → Word paragraphs and tables: headings, paragraphs, lists, tables, quotes.

In: one model block, the `Place` it goes to (body, cell or note) and the `DocxWriter`. Out:
paragraphs in the block's style (a heading bookmarked for links), Word lists, tables in `Table
Grid` with repeating head rows; issue 10's blocks go to `back_matter`. One `match` per node type,
ending in `assert_never`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, assert_never

from reportpress.model import (
    Appendix,
    Block,
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
    Table,
)
from reportpress.walk import pictures_only
from reportpress.writers.docx.back_matter import (
    appendix_to_docx,
    end_notes_to_docx,
    glossary_to_docx,
    references_to_docx,
    sign_off_to_docx,
)
from reportpress.writers.docx.inlines import call_widths, inlines_to_docx
from reportpress.writers.docx.numbering import numbering_properties
from reportpress.writers.docx.ooxml import make_element, set_child
from reportpress.writers.docx.sinks import CellSink, Place, RunFormat, RunTarget
from reportpress.writers.docx.styles import (
    HEADINGS,
    LIST_PARAGRAPH,
    NORMAL,
    PICTURE,
    QUOTE,
    SALUTATION,
    TABLE_GRID,
    TABLE_TEXT,
    lead_style,
)
from reportpress.writers.html import broken_inlines

if TYPE_CHECKING:
    from reportpress.writers.docx.document import DocxWriter


def broken_heading(inlines: tuple[Inline, ...], level: int, writer: DocxWriter) -> tuple[Inline, ...]:
    """A heading's inlines with a `LineBreak` (`w:br`) where the print copy breaks it (`html.broken_inlines`):
    Word would break it greedily, inside a word (`…基础设施体 / 系`). The body's grid holds the same
    characters on a line in both, so the positions carry over. One past level 4 (Word's heading 5…9)
    has no measure of the layout's."""
    if level not in (1, 2, 3, 4):
        return inlines
    return broken_inlines(inlines, f"heading{level}", writer.layout,
                          lambda tracking: call_widths(inlines, writer, tracking))


def block_to_docx(block: Block, place: Place, writer: DocxWriter,
                  numbered: tuple[int, int] | None = None) -> None:
    """Write one block at `place`; `numbered` = (numId, level) makes a paragraph a list item."""
    match block:
        case Heading(level=level, inlines=inlines, id=heading_id):
            paragraph = place.sink.add_paragraph(HEADINGS[level] if not place.note else place.style)
            if not place.note:
                inlines = broken_heading(inlines, level, writer)
            target = RunTarget(paragraph._p, paragraph, place.note)
            if place.note:  # no bookmarks in notes: the heading is the body's
                inlines_to_docx(inlines, target, writer, RunFormat())
            else:
                writer.bookmark_around(paragraph, heading_id,
                                       lambda: inlines_to_docx(inlines, target, writer, RunFormat()))
        case Paragraph(inlines=inlines, lead=lead):
            picture = place.style == NORMAL and numbered is None and not lead and pictures_only(inlines)
            paragraph = place.sink.add_paragraph(PICTURE if picture else place.style)
            if numbered is not None:
                set_child(paragraph._p.get_or_add_pPr(), numbering_properties(*numbered))
            target = RunTarget(paragraph._p, paragraph, place.note)
            inlines_to_docx(lead, target, writer, RunFormat(style=lead_style(lead)))
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
            end_notes_to_docx(block, place, writer)
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

