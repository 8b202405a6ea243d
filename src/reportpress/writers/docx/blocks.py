"""Model blocks → Word paragraphs and tables: headings, paragraphs, lists, tables, quotes.

In: one model block, the `Place` it goes to (body, cell or note) and the `DocxWriter`. Out:
paragraphs in the block's style (a heading bookmarked for links), Word lists, tables in `Table
Grid` with repeating head rows; issue 10's blocks go to `back_matter`. One `match` per node type,
ending in `assert_never`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, assert_never

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu
from docx.table import Table as DocxTable

from reportpress import resolve
from reportpress.model import (
    Appendix,
    Block,
    EndNotes,
    Glossary,
    Heading,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    References,
    Salutation,
    SignOff,
    Table,
)
from reportpress.pictures import caption, lone_picture, picture_box
from reportpress.tables import column_widths, has_pictures, head_cells, table_size, whole_rows
from reportpress.units import Length
from reportpress.walk import pictures_only
from reportpress.writers.docx.back_matter import (
    appendix_to_docx,
    end_notes_to_docx,
    glossary_to_docx,
    references_to_docx,
    sign_off_to_docx,
)
from reportpress.writers.docx.inlines import call_widths, image_to_docx, inlines_to_docx
from reportpress.writers.docx.numbering import numbering_properties
from reportpress.writers.docx.ooxml import make_element, set_child
from reportpress.writers.docx.sinks import CellSink, Place, RunFormat, RunTarget
from reportpress.writers.docx.styles import (
    CAPTION,
    HEADINGS,
    LIST_PARAGRAPH,
    NORMAL,
    PICTURE,
    QUOTE,
    SALUTATION,
    TABLE_GRID,
    TABLE_NOTE,
    TABLE_TEXT,
    TABLE_UNIT,
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
                if resolve.is_part_heading(block, writer.layout):  # centred, no indent, as in the PDF
                    properties = paragraph._p.get_or_add_pPr()
                    set_child(properties, make_element("w:ind", {"w:firstLine": 0, "w:firstLineChars": 0}))
                    set_child(properties, make_element("w:jc", {"w:val": "center"}))
            target = RunTarget(paragraph._p, paragraph, place.note)
            if place.note:  # no bookmarks in notes: the heading is the body's
                inlines_to_docx(inlines, target, writer, RunFormat())
            else:
                writer.bookmark_around(paragraph, heading_id,
                                       lambda: inlines_to_docx(inlines, target, writer, RunFormat()))
        case Paragraph(inlines=inlines) if id(block) in writer.captions and numbered is None:
            # a table's caption (centred) or unit (flush right), kept with the table, or a note below it
            # (`tables.table_captions`)
            kind = writer.captions[id(block)]
            paragraph = place.sink.add_paragraph(_CAPTION_STYLES[kind])
            if kind != "note":
                set_child(paragraph._p.get_or_add_pPr(), make_element("w:keepNext"))
            inlines_to_docx(inlines, RunTarget(paragraph._p, paragraph, place.note), writer, RunFormat())
        case Paragraph(inlines=inlines, lead=lead):
            picture = place.style == NORMAL and numbered is None and not lead and pictures_only(inlines)
            lone = lone_picture(inlines) if picture else None
            if lone is not None:
                figure_to_docx(lone, place, writer)
                return
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


def figure_to_docx(picture: Image, place: Place, writer: DocxWriter) -> None:
    """A picture alone in its paragraph at the print copy's size (`pictures.picture_box`), kept with
    its caption, the alternative text, in `Caption` below it when it has one."""
    data = writer.image_data(picture.src, picture.pos)
    text = caption(picture)
    paragraph = place.sink.add_paragraph(PICTURE)
    box = picture_box(data, writer.layout, caption=text)
    image_to_docx(data, picture.src, picture.alt, RunTarget(paragraph._p, paragraph, place.note), writer,
                  picture.pos, box)
    if text:
        set_child(paragraph._p.get_or_add_pPr(), make_element("w:keepNext"))
        captioned = place.sink.add_paragraph(CAPTION)
        RunTarget(captioned._p, captioned, place.note).add_text(text, RunFormat())


def _set_column_widths(table: DocxTable, widths: tuple[Length, ...]) -> None:
    """The columns at the print copy's widths (`tables.column_widths`), laid out as stated (`fixed`):
    Word's own autofit and LibreOffice's equal shares both cut numbers a wider column holds whole; each
    cell's text in the middle of its row."""
    properties = table._tbl.tblPr
    set_child(properties, make_element("w:tblW", {"w:w": sum(width.twips for width in widths), "w:type": "dxa"}))
    set_child(properties, make_element("w:tblLayout", {"w:type": "fixed"}))
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=False):
        column.w = Emu(width.emu)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Emu(width.emu)
            # a short cell beside a long one stands in the middle of the row, as the print copy's
            # (`vertical-align: middle`, the user agent's for table cells)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


_CAPTION_STYLES = {"caption": CAPTION, "unit": TABLE_UNIT, "note": TABLE_NOTE}
_CELL_ALIGNMENT = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}


def table_to_docx(block: Table, place: Place, writer: DocxWriter) -> None:
    """A Word table in `Table Grid`; head rows repeat on each page and take its first-row look; no row
    splits across a page (`w:cantSplit`, as the print copy's `tr { break-inside: avoid }`); each column
    aligned as the source's delimiter row says (`Table.aligns`)."""
    rows = [*block.head, *block.body]
    cols = max((len(row) for row in rows), default=0)
    if not rows or not cols:
        return
    if not place.note and not has_pictures(block):  # at the print copy's widths: its head lines too
        rows[:len(block.head)] = [tuple(cell for cell, _ in row) for row in head_cells(block, writer.layout)]
    table = place.sink.add_table(len(rows), cols)
    table.style = TABLE_GRID.name
    # the style's alignment in the table too: LibreOffice 7.4 reads only the table's own
    set_child(table._tbl.tblPr, make_element("w:jc", {"w:val": writer.layout.styles.table_align}))
    # a table in a note keeps the note's width, shared equally; one holding a picture Word's own fitting
    if not place.note and not has_pictures(block):
        _set_column_widths(table, column_widths(block, writer.layout))
    cell_style = TABLE_TEXT if not place.note else place.style
    size = table_size(block, writer.layout).size  # the print copy's: smaller when too wide at the body's
    whole = whole_rows(block, writer.layout)
    # the rows walked once: `table.rows[i]` walks them all again each time (10,000 rows: quadratic)
    for row_index, (row, docx_row) in enumerate(zip(rows, table.rows, strict=True)):
        row_properties = docx_row._tr.get_or_add_trPr()
        if whole[row_index]:  # a row taller than half a page may split, as in the print copy
            set_child(row_properties, make_element("w:cantSplit"))
        if row_index < len(block.head):
            set_child(row_properties, make_element("w:tblHeader"))
        head = row_index < len(block.head)
        # no page ends after the first body row or before the last (Word keeps a row with the next one
        # its paragraphs keep with), as the print copy
        kept = row_index in (len(block.head), len(rows) - 2)
        cells = docx_row.cells
        for col_index, cell in enumerate(row):
            paragraph = CellSink(cells[col_index]).add_paragraph(cell_style)
            align = "center" if head else block.aligns[col_index] if col_index < len(block.aligns) else ""
            if align:  # the head's cells centred (表头居中), the body's as the delimiter row says
                paragraph.alignment = _CELL_ALIGNMENT[align]
            if kept and row_index < len(rows) - 1:
                set_child(paragraph._p.get_or_add_pPr(), make_element("w:keepNext"))
            inlines_to_docx(cell, RunTarget(paragraph._p, paragraph, place.note), writer, RunFormat())
            if size != writer.layout.body_size and not place.note:
                for run in paragraph.runs:
                    run.font.size = Emu(size.emu)

