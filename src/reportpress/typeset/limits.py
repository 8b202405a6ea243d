"""The longest block of text the PDF lays out, checked before any writer runs.

In: a `Document`. Out: nothing, or a `SourceError` naming the first line of each paragraph, heading,
table cell, salutation, sign-off line, appendix label or title, reference entry, section title or front
matter field longer than `MAX_BLOCK_CHARS` characters (appendices' blocks and end notes included); of each
heading and appendix title longer than `MAX_HEADING_CHARS`, each table cell longer than `MAX_CELL_CHARS`;
the line of each run of more than `MAX_UNBROKEN_CHARS` characters with no place to break a line; and the
line of the first note call past `MAX_NOTE_CALLS_PER_BLOCK` in a block or past `MAX_NOTE_CALLS` in the
document. Each of these grows the layout time faster than the text
(the numbers are at each limit).

Why a limit: WeasyPrint 70 re-encodes the whole rest of a text box for every line it breaks
(`layout/inline.py`: `split_text_box`, `split_inline_level` and `skip_first_whitespace` each call
`box.text.encode()`), so the time to lay out one paragraph grows with the square of its length, with our
justification extension or without it: one paragraph of 1 MB (about 330,000 Chinese characters) took
15 s to 50 s (the fewer inline elements, the longer its text boxes, the slower), and 10 MB would take
hours. What `typeset/` adds per line is bounded (`tests/typeset/test_long_paragraphs.py` counts it), so
below the limit the time stays in seconds. The limit is far above any real report: a whole government
work report holds about 20,000 characters, and its longest paragraph about 1,000. `check` applies it
too, for DOCX-only builds as well, so that `check` passes exactly what `build` passes.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import assert_never

from reportpress.errors import SourceError, SourceErrors
from reportpress.layouts import Layout
from reportpress.model import (
    Appendix,
    Block,
    Document,
    EndNotes,
    FootnoteRef,
    Glossary,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Paragraph,
    Quote,
    References,
    Salutation,
    SignOff,
    SourcePos,
    Table,
    TermRef,
    Text,
)
from reportpress.walk import iter_inlines

# The most characters one block of text may hold (see the module docstring). At this length a paragraph of
# report prose builds in ~3 s of CPU, the slowest shapes measured in 5–11 s (a word of 50,000 letters;
# a <strong> every 14 characters): `python tools/bench.py --long`.
MAX_BLOCK_CHARS = 50_000
# A heading is laid out in the body, again in the table of contents, and goes into the PDF's outline and
# the DOCX's: a heading of 50,000 characters added 33 s to a build (3 of them 110 s), ten times a
# paragraph of that length, and a 1 MiB source holds seven. The longest heading of the corpus has 27;
# an appendix's title is listed in the contents and the outline alike.
MAX_HEADING_CHARS = 2_000
# A table cell is laid out again for each width WeasyPrint tries while it sizes the table's columns, so
# its time grows with the square of its length (plain WeasyPrint too). CPU seconds of a whole build with
# one such cell: 100 characters 1.4 s, 400 1.9 s, 600 2.4 s, 800 2.8 s, 1,000 4.5 s, 1,200 7 s, 2,400
# 28 s, 4,800 over two minutes. The cells of real reports hold a few dozen characters.
MAX_CELL_CHARS = 600
# The most characters in a row that offer no line break between them (Latin letters, digits and symbols
# with no space; `_UNBROKEN`): the justification extension measured the rest of the paragraph again for
# each line of such a run (20,000 letters: minutes). A URL of a few hundred characters still passes; the
# longest run of the dev corpus is 14 characters, of the README 34.
MAX_UNBROKEN_CHARS = 1_000
# Note calls (footnotes, and the glossary's numbered first uses): WeasyPrint lays a paragraph out again
# for each footnote it floats to the page foot. CPU seconds of a build with N calls in one paragraph:
# 10 1.3 s, 20 1.4 s, 30 3.3 s, 50 4.2 s, 100 10 s, 1,000 80 s; with N calls ten to a paragraph:
# 200 6.4 s, 500 13.7 s, 1,000 28 s. The most a real report has: 4 in one paragraph, 26 in a document
# (the dev corpus and the sample); 50 in one paragraph stays a few seconds' build.
MAX_NOTE_CALLS_PER_BLOCK = 50
MAX_NOTE_CALLS = 500
# The work of a document's table cells together (`cell_work`), each cell bounded by MAX_CELL_CHARS: a cell
# costs WeasyPrint a box of its own, then its characters, then its text again for each of its lines (the
# narrower its column, the more lines). Whole builds' seconds (2 cores shared) by rows × columns ×
# characters a cell, and their work: 50 × 18 × 8 (a budget table) 22 s, 19,152; 100 × 3 × 20 10 s,
# 10,242; 20 × 6 × 100 25 s, 25,524; 60 × 6 × 100 67 s, 76,404; 1 × 6 × 600 20 s, 25,356; 3 × 6 × 600
# 46 s, 75,900; 1 × 18 × 100 12 s, 7,668; 1 × 18 × 300 48 s, 54,468 — 0.6 to 1.6 ms a unit, so a build at
# the limit lays its tables out in 15 s to 40 s. Unbounded, a 1 MiB source of 600-character cells held a
# build (or a batch's worker, or the watch) for hours. No report of the corpus has a table.
MAX_TABLE_WORK = 25_000
# The boxes the PDF lays out one after another: blocks (each paragraph, heading, quote, table, sign-off,
# appendix…), list items, table rows, footnotes, glossary entries and references. Each costs WeasyPrint
# and the pagination some milliseconds and some 20 KB held until the PDF is written, whatever its text:
# 2,000 one-character paragraphs built in 8.6 s (136 MB), 8,000 in 32 s (272 MB), a list of 5,000 items in
# 80 s; a 1 MiB source of 200,000 such paragraphs would take a quarter of an hour and gigabytes. The most a
# report of the dev corpus and the sample has is 127.
MAX_BOXES = 5_000
CELL_BOX_WORK = 12  # what a cell's box costs, in characters of text: fitted to the builds above
CELL_LINE_WORK = 600  # chars² × columns / this: its text again for each of its lines (fitted likewise)

# a character after which a line may break: white space (the ideographic space too), a zero-width space,
# and the wide characters of CJK text (ideographs, kana, hangul, full-width forms and punctuation)
_BREAKS = ("\\s\u200b\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
           "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd")
# tried only where a run starts (the look-behind), so that the search stays linear in the text's length
_UNBROKEN = re.compile(f"(?<![^{_BREAKS}])[^{_BREAKS}]{{{MAX_UNBROKEN_CHARS + 1},}}")


def check_block_lengths(document: Document) -> None:
    """Raise a SourceError (SourceErrors for several) for each block of text longer than its limit
    (MAX_BLOCK_CHARS; MAX_HEADING_CHARS for a heading or an appendix title, MAX_CELL_CHARS for a table
    cell), each run of more than MAX_UNBROKEN_CHARS characters without a break, the first note call past
    MAX_NOTE_CALLS_PER_BLOCK in a block or past MAX_NOTE_CALLS in the document, and the first table at
    which the document's table cells together cost more than MAX_TABLE_WORK to lay out."""
    errors: list[SourceError] = []
    if (past := _box_past_limit(document)) is not None:
        errors.append(SourceError(f"more than {MAX_BOXES:,} blocks, list items, table rows and notes in the "
                                  "document: the PDF would take minutes and gigabytes to lay them out", past,
                                  hint="join short paragraphs, or split the report into several sources"))
    calls = in_block = 0
    block: object = None
    table_work = 0
    for kind, content, pos, owner in _flows(document):
        if owner is not block:  # a table's cells are one block to count note calls in: they float together
            block, in_block = owner, 0
        text, lines = _text_and_lines(content, pos)
        if isinstance(owner, Table):
            before, table_work = table_work, table_work + cell_work(len(text), _columns(owner))
            if before <= MAX_TABLE_WORK < table_work:  # once, at the table that passes the bound
                errors.append(SourceError(
                    f"table: the document's table cells up to this table weigh more than the limit "
                    f"{MAX_TABLE_WORK:,} (a cell weighs {CELL_BOX_WORK} plus its characters, and more when "
                    f"it is long in a narrow column): the PDF would take minutes to lay them out", owner.pos,
                    hint="shorten the cells, putting long text in paragraphs after the table, or "
                         "split the report into several sources"))
        limit = {"table cell": MAX_CELL_CHARS, "heading": MAX_HEADING_CHARS,
                 "appendix title": MAX_HEADING_CHARS}.get(kind, MAX_BLOCK_CHARS)
        if len(text) > limit:
            errors.append(SourceError(f"{kind} of {len(text)} characters is longer than the limit {limit}", pos,
                                      hint="split it" if kind == "paragraph" else "shorten it"))
        if (run := _UNBROKEN.search(text)) is not None:
            errors.append(SourceError(
                f"{kind}: {len(run.group()):,} characters without a space or any other place to break a line "
                f"({run.group()[:20]}…): at most {MAX_UNBROKEN_CHARS:,}", _line_at(lines, run.start()),
                hint="put spaces between its words, or shorten it"))
        for call in _calls(content):
            calls += 1
            in_block += 1
            if in_block == MAX_NOTE_CALLS_PER_BLOCK + 1:
                what = "table" if isinstance(owner, Table) else kind
                errors.append(SourceError(f"{what}: more than {MAX_NOTE_CALLS_PER_BLOCK} note calls in one "
                                          "block", call.pos, hint="move some notes to other paragraphs, or "
                                          "merge notes that explain the same thing"))
            if calls == MAX_NOTE_CALLS + 1:
                errors.append(SourceError(f"more than {MAX_NOTE_CALLS:,} note calls in the document", call.pos,
                                          hint="split the report into several sources, or merge notes"))
    if errors:
        raise errors[0] if len(errors) == 1 else SourceErrors(errors)


def _box_past_limit(document: Document) -> SourcePos | None:
    """The line of the first box past MAX_BOXES (see there), or None."""
    boxes = itertools.chain(_boxes(document.blocks), _note_boxes(document))
    return next(itertools.islice(boxes, MAX_BOXES, None), None)


def _note_boxes(document: Document) -> Iterator[SourcePos]:
    for note in document.footnotes:
        yield note.pos
        yield from _boxes(note.blocks)
    for entry in document.glossary:
        yield entry.pos
        yield from _boxes(entry.definition)
    for reference in document.references:
        yield reference.pos


def _boxes(blocks: tuple[Block, ...]) -> Iterator[SourcePos]:
    """The line of every box of `blocks`, in order: each block, list item and table row."""
    for block in blocks:
        yield block.pos
        match block:
            case ListBlock(items=items):
                for item in items:
                    yield item[0].pos if item else block.pos
                    yield from _boxes(item)
            case Table(head=head, body=body):
                for row in (*head, *body):
                    yield _first_pos(row[0] if row else (), block.pos)
            case Quote(blocks=children) | Appendix(blocks=children):
                yield from _boxes(children)
            case (Paragraph() | Heading() | Glossary() | EndNotes() | References() | Salutation()
                  | SignOff()):
                pass
            case _:
                assert_never(block)


def cell_work(chars: int, columns: int) -> int:
    """What laying out one table cell of `chars` characters in a table of `columns` columns costs, in
    characters of plain text (see MAX_TABLE_WORK)."""
    return CELL_BOX_WORK + chars + chars * chars * columns // CELL_LINE_WORK


def _columns(table: Table) -> int:
    return max((len(row) for row in (*table.head, *table.body)), default=1)


Content = str | tuple[Inline, ...]


def _text_and_lines(content: Content, pos: SourcePos) -> tuple[str, list[tuple[int, SourcePos]]]:
    """The text a flow lays out (as `plain_text` has it) and where its pieces start: (offset, line)."""
    if isinstance(content, str):
        return content, [(0, pos)]
    parts: list[str] = []
    lines: list[tuple[int, SourcePos]] = [(0, pos)]
    offset = 0
    for node in iter_inlines(content):
        if isinstance(node, Text | LineBreak):  # containers' children follow them; notes and images add no text
            piece = node.text if isinstance(node, Text) else "\n"
            lines.append((offset, node.pos))
            parts.append(piece)
            offset += len(piece)
    return "".join(parts), lines


def _line_at(lines: list[tuple[int, SourcePos]], offset: int) -> SourcePos:
    """The line of the piece of text that holds `offset`."""
    return lines[bisect_right(lines, offset, key=lambda item: item[0]) - 1][1]


def _calls(content: Content) -> Iterator[FootnoteRef | TermRef]:
    """The note calls of a flow: footnotes, and glossary terms at their numbered first use."""
    if isinstance(content, str):
        return
    for node in iter_inlines(content):
        if isinstance(node, FootnoteRef) or (isinstance(node, TermRef) and node.anchor):
            yield node


Flow = tuple[str, Content, SourcePos, object]


def _flows(document: Document) -> Iterator[Flow]:
    """(kind, text or inlines, first line, owner) of every block of text the PDF lays out as one flow of
    lines; the owner is what its note calls count against: the block, or for a cell its whole table
    (WeasyPrint lays a table out again for each footnote any of its cells floats to the page foot, so 300
    calls spread over cells of 19 cost as much as in one paragraph — and `build` failed on them).

    A footnote's body is a flow of its own (it floats to the page foot), so it is measured apart from the
    paragraph that calls it.
    """
    first = SourcePos(document.path, 1)  # a front matter key's line when the reader recorded it, else the first
    meta = document.meta
    # what the title block and the cover lay out
    for key, value in (("title", meta.title), ("subtitle", meta.subtitle), ("author", meta.author),
                       ("organization", meta.organization), ("label", meta.label)):
        yield f"front matter `{key}`", value, meta.pos(key, document.path) or first, key
    yield from _blocks(document.blocks)
    for note in document.footnotes:
        yield from _blocks(note.blocks)
    for entry in document.glossary:
        yield "glossary term", entry.term, entry.pos, entry
        yield from _blocks(entry.definition)
    for reference in document.references:
        yield "reference", reference.inlines, reference.pos, reference


def _blocks(blocks: tuple[Block, ...]) -> Iterator[Flow]:
    for block in blocks:
        match block:
            case Paragraph(inlines=inlines, lead=lead, pos=pos):
                yield "paragraph", lead + inlines, pos, block
            case Heading(inlines=inlines, pos=pos):
                yield "heading", inlines, pos, block
            case ListBlock(items=items):
                for item in items:
                    yield from _blocks(item)
            case Table(head=head, body=body, pos=pos):
                for row in (*head, *body):
                    for cell in row:
                        yield "table cell", cell, _first_pos(cell, pos), block
            case Quote(blocks=children):
                yield from _blocks(children)
            case Glossary(title=title, pos=pos):
                yield "glossary title", title, pos, block  # its entries are `Document.glossary`: see `_flows`
            case EndNotes(title=title, pos=pos) | References(title=title, pos=pos):
                yield "section title", title, pos, block  # their entries: `_flows`
            case Salutation(inlines=inlines, pos=pos):
                yield "salutation", inlines, pos, block
            case SignOff(lines=lines, pos=pos):
                for line in lines:
                    yield "sign-off line", line, _first_pos(line, pos), line
            case Appendix(label=label, title=title, blocks=children, pos=pos):
                yield "appendix label", label, pos, label
                yield "appendix title", title, pos, title
                yield from _blocks(children)
            case _:
                assert_never(block)


# A table cell's least width in the PDF: one character of the body size, plus the 4 pt padding on either
# side and the 0.5 pt rule that style.css.j2 gives every cell
CELL_EXTRA_PT = 8.5


def max_table_columns(layout: Layout, inset: float = 0.0) -> int:
    """The most columns a table may have and still fit the text block less `inset` pt (the indents of the
    quotes and lists it sits in), one character a cell at the least."""
    return max(1, int((layout.page.text_width.pt - inset) // (layout.body_size.pt + CELL_EXTRA_PT)))


def check_table_columns(document: Document, layout: Layout) -> None:
    """Raise a SourceError for each table wider than its room in the text block can hold: WeasyPrint would
    let its last columns run off the page, and their text would be lost from the print copy."""
    errors = []
    for table, inset in _tables(_all_blocks(document), layout, 0.0):
        columns = _columns(table)
        if columns > (limit := max_table_columns(layout, inset)):
            where = "the text block" if not inset else "the room its quotes and lists leave"
            errors.append(SourceError(f"table of {columns} columns: at most {limit} fit {where} in layout "
                                      f"{layout.name!r}", table.pos,
                                      hint="split it into narrower tables, or take it out of the quote or list"))
    if errors:
        raise errors[0] if len(errors) == 1 else SourceErrors(errors)


def _all_blocks(document: Document) -> tuple[Block, ...]:
    notes = tuple(block for note in document.footnotes for block in note.blocks)  # end notes too
    return (*document.blocks, *notes, *(block for entry in document.glossary for block in entry.definition))


def _tables(blocks: tuple[Block, ...], layout: Layout, inset: float) -> Iterator[tuple[Table, float]]:
    """Every table with the inset its containers give it: style.css.j2 indents a list by one `indent` and a
    quote by one on either side."""
    for block in blocks:
        match block:
            case Table():
                yield block, inset
            case ListBlock(items=items):
                for item in items:
                    yield from _tables(item, layout, inset + layout.indent.pt)
            case Quote(blocks=children):
                yield from _tables(children, layout, inset + 2 * layout.indent.pt)
            case Appendix(blocks=children):  # an appendix's blocks have the body's width
                yield from _tables(children, layout, inset)
            case Paragraph() | Heading() | Glossary() | EndNotes() | References() | Salutation() | SignOff():
                pass
            case _:
                assert_never(block)


def _first_pos(inlines: tuple[Inline, ...], default: SourcePos) -> SourcePos:
    """The line of a table cell: its first inline's (the table's when the cell is empty)."""
    return inlines[0].pos if inlines else default
