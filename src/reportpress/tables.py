"""How wide each column of a table is, for the DOCX: what CSS's automatic table layout gives the print
copy (WeasyPrint), worked out from the cells' text, so that Word and LibreOffice, which keep the
columns a file states, share out the text block as the print copy does.

In: a `Table` and the layout. Out: each column's width. A cell's widest is its text on one line; its
least is the widest piece no line may break — a number or a Latin word (GB/T 15835 §5.1.7: a number
is never broken), one Han character, or the whole text of a short cell, a word or a unit (`whole`) —
both measured in em of the body size (a Han or full-width character one, any other LATIN_EM: the
digits of the common Latin faces, and of those Word and LibreOffice put in a face's place, are ½ to
0.64 em) with the cell's padding. Columns that all fit at their widest get it (the table is
narrower than the text block); else each gets its least and a share of the rest in proportion to
what it would take beyond that (CSS 2.1 §17.5.2.2's informative algorithm, as browsers run it). Two
rules come first, in both outputs: the body cells of the columns `whole_columns` picks stand on one
line (all of them when they fit beside the heads' least, else those narrower than a water-filling
level), and a head wider than its column breaks between its words (`head_cells`: `预算数 / （万元）`,
`2025年 / 执行数`), its lines then the column's least — so that a column of numbers keeps its head
whole beside a column of long names, which the proportional sharing starved (`完成预 / 算`,
`其中：税收收 / 入`).

The paragraphs right above a table that are its caption (`表1　……`, `续表2`) and its unit (`单位：亿元`)
are told apart (`table_captions`): both outputs set the caption centred and the unit flush right, in
the note role, and keep them with the table.

A table whose least widths overflow the text block at the body's size is set smaller, in both outputs
(`table_size`: 四号, 小四, 五号 or 小五, the largest at which they fit); one that overflows even at 小五
is crowded: its cells break anywhere, its columns scaled down to the block.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from reportpress.layouts import Layout
from reportpress.model import Block, Image, Inline, LineBreak, Paragraph, Table, Text, plain_text
from reportpress.units import Length
from reportpress.walk import block_lists, iter_inlines

# what a line may not break inside: a run of characters that are not Han, not full-width, not spaces
_UNBROKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
_URL_BREAKS = re.compile(r"(?<=[/.?&=_-])")


# a cell this wide or narrower (in em) is a word or a unit, 单位, 亿元, 合计: never broken, in either output
WHOLE_CELL_EM = 4.0
SLACK_EM = 0.25
WHOLE_SLACK_EM = 0.1  # kept in hand for each column by `whole_columns`
LATIN_EM = 0.6


# a table's caption: 表 and its number (表1, 表2-1, 表一, 续表3), then its title; its unit line
CAPTION = re.compile(r"(?:续)?表\s*[0-9０-９一二三四五六七八九十]+(?:[-—–.．][0-9０-９]+)?(?:[\s\u3000：:]|$)")
UNIT = re.compile(r"[（(]?(?:计量)?单位[：:]")
# a note right below a table: 注：…, 注1：…, 说明：…, 资料来源：… (up to TABLE_NOTES paragraphs of them)
TABLE_NOTE = re.compile(r"(?:注|说明|资料来源|数据来源)\s*[0-9０-９①-⑳]*\s*[：:]")
TABLE_NOTES = 3
# where a head cell's text breaks when its column is narrower than it: before an opening bracket
# (`预算数 | （万元）`), after a year or a month (`2025年 | 执行数`), after a space, a slash or a 、
_HEAD_BREAKS = re.compile(r"(?=[（(［\[〔])|(?<=[0-9０-９][年月])|(?<=[\s/／、])")


def table_captions(blocks: tuple[Block, ...]) -> dict[int, str]:
    """The paragraphs of `blocks` (nested ones too) that stand right above a table as its caption or
    its unit, or right below it as its notes: their `id()`s (a model's blocks are its own objects while
    a writer runs; positions need not be unique in a model built by hand), to "caption", "unit" or
    "note". At most the two paragraphs above a table, the unit nearest it or on the caption's other side
    (`表1　……` `单位：亿元`, `单位：万元` `表2　……`); below it, up to TABLE_NOTES paragraphs each opening
    `注：`, `说明：`, `资料来源：`."""
    found: dict[int, str] = {}
    for sequence in block_lists(blocks):
        for index, block in enumerate(sequence):
            if not isinstance(block, Table):
                continue
            for below in sequence[index + 1:index + 1 + TABLE_NOTES]:
                if not isinstance(below, Paragraph) or below.lead \
                        or not TABLE_NOTE.match(plain_text(below.inlines).strip()):
                    break
                found[id(below)] = "note"
            kinds: set[str] = set()
            for above in reversed(sequence[max(0, index - 2):index]):
                if not isinstance(above, Paragraph) or above.lead:
                    break
                text = plain_text(above.inlines).strip()
                kind = "unit" if UNIT.match(text) and len(text) <= 20 else (
                    "caption" if CAPTION.match(text) and len(text) <= 80 else None)
                if kind is None or kind in kinds:
                    break
                kinds.add(kind)
                found[id(above)] = kind
    return found


def text_width(text: str) -> float:
    """`text`'s width in em on one line (see the module docstring); a character of ambiguous width
    (① — “) is full width, as Chinese faces draw it."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else LATIN_EM for char in text)


def has_pictures(table: Table) -> bool:
    """Whether a cell holds a picture: its width is the picture's, which the text cannot tell, so the
    DOCX leaves that table's columns to Word's and LibreOffice's own fitting."""
    return any(isinstance(node, Image) for row in (*table.head, *table.body) for cell in row
               for node in iter_inlines(cell))


def whole_rows(table: Table, layout: Layout) -> list[bool]:
    """For each row (head rows first): whether it is short enough to be kept whole on a page — its
    tallest cell's lines, estimated at the table's columns and size, half a page's lines at most. A
    row taller than that may split: kept whole, it would leave a page blank and print the head in its
    middle (hostile review, session 24)."""
    size = float(table_size(table, layout).size)
    widths = column_widths(table, layout, size)
    padding = 2 * layout.styles.table_cell_padding
    pitch = float(layout.line_pitch)
    most = max(1, math.floor(layout.page.text_height / pitch / 2))
    kept = []
    for row in (*table.head, *table.body):
        lines = 1
        for column, cell in enumerate(row):
            room = max(float(widths[column]) - padding, size) if column < len(widths) else size
            lines = max(lines, math.ceil(text_width(plain_text(cell).strip()) * size / room))
        kept.append(lines <= most)
    return kept


def whole(cell: tuple[Inline, ...]) -> bool:
    """Whether a cell's text is short enough to be kept on one line (WHOLE_CELL_EM)."""
    return text_width(plain_text(cell).strip()) <= WHOLE_CELL_EM


def _widths(cell: tuple[Inline, ...]) -> tuple[float, float]:
    """A cell's (least, widest) text width in em."""
    text = plain_text(cell).strip()
    if not text:
        return 0.0, 0.0
    if whole(cell):
        return text_width(text), text_width(text)
    # a URL breaks after its slashes and dots (as WeasyPrint breaks it): its pieces between them count
    pieces = [text_width(part) for piece in _UNBROKEN.findall(text)
              for part in (_URL_BREAKS.split(piece) if "/" in piece else (piece,))]
    han = 1.0 if any(text_width(char) == 1.0 for char in text) else 0.0
    return max([han, *pieces]), text_width(text)


# the sizes a table too wide for the text block at the body's size is set in, largest first: 四号, 小四,
# 五号, 小五 (the sizes statistical tables print in); one whose numbers do not fit even at 小五 breaks them
SMALLER_SIZES = (14.0, 12.0, 10.5, 9.0)


@dataclass(frozen=True, slots=True)
class TableSize:
    size: Length  # the cells' text size
    crowded: bool  # its numbers and words cannot all stand whole: a line breaks anywhere in a cell


def head_pieces(text: str) -> list[str]:
    """A head cell's text cut where it may break (`_HEAD_BREAKS`); a piece wider than WHOLE_CELL_EM
    (`社会保障和就业支出`) breaks inside as any text."""
    return [piece for piece in _HEAD_BREAKS.split(text) if piece]


def _head_widths(cell: tuple[Inline, ...]) -> tuple[float, float]:
    """A head cell's (least, widest): its widest piece (`head_pieces`) stays whole, when it is short."""
    low, high = _widths(cell)
    if not _plain(cell) or whole(cell):
        return low, high
    pieces = [text_width(piece) for piece in head_pieces(plain_text(cell).strip())]
    return max([low, *(width for width in pieces if width <= WHOLE_CELL_EM)]), high


def _plain(cell: tuple[Inline, ...]) -> bool:
    return bool(cell) and all(isinstance(inline, Text) for inline in cell)


def _column_ems(table: Table, heads: tuple[tuple[tuple[tuple[Inline, ...], bool], ...], ...] | None = None
                ) -> tuple[list[float], list[float], list[float]]:
    """Each column's least and widest text width in em (its cells', `_widths`; a head cell's, `_head_widths`,
    or, laid out by `head_cells` (`heads`) and kept, its longest line), and the widest of its body cells:
    measured once, then scaled to each size a table may take (`_extents`)."""
    rows = [*table.head, *table.body]
    count = max((len(row) for row in rows), default=0)
    least, widest, body = [0.0] * count, [0.0] * count, [0.0] * count
    for index, row in enumerate(rows):
        head = index < len(table.head)
        for column, cell in enumerate(row):
            if head and heads is not None and heads[index][column][1]:
                low = high = max(text_width(plain_text((inline,)).strip()) for inline in heads[index][column][0])
            else:
                low, high = _head_widths(cell) if head else _widths(cell)
            least[column], widest[column] = max(least[column], low), max(widest[column], high)
            if not head:
                body[column] = max(body[column], high)
    return least, widest, body


def _extents(ems: tuple[list[float], ...], layout: Layout, size: float) -> list[list[float]]:
    """Each column's widths of `ems` (least, widest, the body's widest) at text `size` (see the module
    docstring)."""
    # and a little over the estimate: a column exactly as wide breaks its number at the first rounding
    padding = 2 * layout.styles.table_cell_padding + SLACK_EM * size
    return [[width * size + padding for width in widths] for widths in ems]


def table_size(table: Table, layout: Layout) -> TableSize:
    """The size a table's text is set in, in both outputs: the body's when every number, Latin word
    and short cell stands whole in the text block at it; else the largest of SMALLER_SIZES at which
    they do; else the smallest, crowded."""
    room = float(layout.page.text_width)
    ems = _column_ems(table)
    for size in (float(layout.body_size), *(size for size in SMALLER_SIZES if size < layout.body_size)):
        if sum(_extents(ems, layout, size)[0]) <= room:
            return TableSize(Length(size), False)
    return TableSize(Length(min(SMALLER_SIZES[-1], float(layout.body_size))), True)


def whole_columns(table: Table, layout: Layout) -> tuple[bool, ...]:
    """For each column: whether its body cells stand on one line, in both outputs (its head cells break
    where `head_cells` says). A table whose columns do not all fit at their widest keeps its body whole
    when that fits beside the heads' least (`预算数 / （万元）` over six digits, beside item names
    whole); else it shares out the text block by water-filling — every column up to one level `c`,
    never under its least — and keeps whole the columns whose body is narrower than that level (a
    column of numbers beside one of long item names, which wraps). CSS's sharing in proportion to what
    each column would take beyond its least starves the short columns and wraps short names
    (`其中：税收收 / 入`). A table that fits at its widest, or is crowded, has none (what fits needs no
    rule; an estimate a little short must not overflow the block). A tenth of an em of each column's
    estimate is kept in hand."""
    chosen = table_size(table, layout)
    least, widest, body = _extents(_column_ems(table), layout, float(chosen.size))
    room = float(layout.page.text_width) - WHOLE_SLACK_EM * float(chosen.size) * len(widest)
    if chosen.crowded or has_pictures(table) or sum(widest) <= room or sum(least) >= room:
        return (False,) * len(widest)  # (a picture's width is not its text's)
    if sum(max(low, high) for low, high in zip(least, body, strict=True)) <= room:
        return (True,) * len(widest)
    level = _water_level(least, body, room)
    return tuple(high <= level for high in body)


def _water_level(least: list[float], widest: list[float], room: float) -> float:
    """The level `c` at which the columns' widths min(widest, max(least, c)) fill `room` (least's sum
    under it, widest's over it)."""
    low, high = 0.0, max(widest)
    for _ in range(50):  # bisection: 50 halvings of a page width are far under a point
        middle = (low + high) / 2
        if sum(min(max(top, bottom), max(bottom, middle)) for bottom, top in zip(least, widest, strict=True)) > room:
            high = middle
        else:
            low = middle
    return low


def column_widths(table: Table, layout: Layout, size: float | None = None) -> tuple[Length, ...]:
    """Each column's width (see the module docstring), its text at `size` (`table_size`'s when None): a
    whole column (`whole_columns`) takes at least its body's widest, as WeasyPrint gives a column whose
    body cells do not wrap, and a head cell kept as `head_cells` lays it out counts its longest line."""
    own = float(table_size(table, layout).size)
    if size not in (None, own):
        least, widest, _ = _extents(_column_ems(table), layout, float(size))
        return _shared(least, widest, float(layout.page.text_width))
    whole = whole_columns(table, layout)
    widths = _own_widths(table, layout, whole, None)
    return _own_widths(table, layout, whole, _laid_heads(table, layout, widths)) if table.head else widths


def _own_widths(table: Table, layout: Layout, whole: tuple[bool, ...],
                heads: tuple[tuple[tuple[tuple[Inline, ...], bool], ...], ...] | None) -> tuple[Length, ...]:
    """The columns' widths at the table's own size, its `whole` columns at least their body's widest, its
    head cells as `heads` lays them out (None: as they are)."""
    least, widest, body = _extents(_column_ems(table, heads), layout, float(table_size(table, layout).size))
    least = [max(low, top) if kept else low for low, top, kept in zip(least, body, whole, strict=True)]
    return _shared(least, widest, float(layout.page.text_width))


def _shared(least: list[float], widest: list[float], room: float) -> tuple[Length, ...]:
    """CSS 2.1 §17.5.2.2's sharing (see the module docstring)."""
    if sum(widest) <= room:
        return tuple(Length(width) for width in widest)
    if sum(least) >= room:
        scale = room / sum(least)
        return tuple(Length(width * scale) for width in least)
    share = (room - sum(least)) / (sum(widest) - sum(least))
    return tuple(Length(low + (high - low) * share) for low, high in zip(least, widest, strict=True))


def head_cells(table: Table, layout: Layout) -> tuple[tuple[tuple[tuple[Inline, ...], bool], ...], ...]:
    """The table's head rows as both outputs set them, each cell with whether it is kept as it is laid
    out (no line of it broken further): a plain-text cell wider than its column (`column_widths`)
    broken into lines where `head_pieces` lets it (a `LineBreak` between), its pieces packed greedily,
    kept when every line fits the column; a plain cell that fits on one line kept; any other cell as it
    is, not kept. Kept, a head's lines are the column's least width in the print copy too, where CSS's
    sharing would break `完成预算` into `完成预 / 算` beside a column of long names."""
    return _laid_heads(table, layout, _own_widths(table, layout, whole_columns(table, layout), None))


def _laid_heads(table: Table, layout: Layout, widths: tuple[Length, ...]
                ) -> tuple[tuple[tuple[tuple[Inline, ...], bool], ...], ...]:
    size = float(table_size(table, layout).size)
    padding = 2 * layout.styles.table_cell_padding + SLACK_EM * size
    rows = []
    for row in table.head:
        cells = []
        for column, cell in enumerate(row):
            room = (float(widths[column]) - padding) / size if column < len(widths) else 0.0
            cells.append(_broken_head(cell, room) if _plain(cell) and room > 0 else (cell, False))
        rows.append(tuple(cells))
    return tuple(rows)


def _broken_head(cell: tuple[Inline, ...], room: float) -> tuple[tuple[Inline, ...], bool]:
    text = plain_text(cell).strip()
    if text_width(text) <= room:
        return cell, True
    lines: list[str] = []
    for piece in head_pieces(text):
        if lines and text_width(lines[-1] + piece) <= room:
            lines[-1] += piece
        else:
            lines.append(piece)
    lines = [line.strip() for line in lines]
    if len(lines) < 2 or any(text_width(line) > room for line in lines):
        return cell, False
    pos = cell[0].pos  # a plain cell: Text only (`_plain`)
    broken: list[Inline] = []
    for line in lines:
        if broken:
            broken.append(LineBreak(pos=pos))
        broken.append(Text(text=line, pos=pos))
    return tuple(broken), True
