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
what it would take beyond that (CSS 2.1 §17.5.2.2's informative algorithm, as browsers run it).

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
from reportpress.model import Block, Image, Inline, Paragraph, Table, plain_text
from reportpress.units import Length
from reportpress.walk import block_lists, iter_inlines

# what a line may not break inside: a run of characters that are not Han, not full-width, not spaces
_UNBROKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
_URL_BREAKS = re.compile(r"(?<=[/.?&=_-])")


# a cell this wide or narrower (in em) is a word or a unit, 单位, 亿元, 合计: never broken, in either output
WHOLE_CELL_EM = 4.0
SLACK_EM = 0.25
LATIN_EM = 0.6


# a table's caption: 表 and its number (表1, 表2-1, 表一, 续表3), then its title; its unit line
CAPTION = re.compile(r"(?:续)?表\s*[0-9０-９一二三四五六七八九十]+(?:[-—–.．][0-9０-９]+)?(?:[\s\u3000：:]|$)")
UNIT = re.compile(r"[（(]?(?:计量)?单位[：:]")


def table_captions(blocks: tuple[Block, ...]) -> dict[int, str]:
    """The paragraphs of `blocks` (nested ones too) that stand right above a table as its caption or
    its unit: their `id()`s (a model's blocks are its own objects while a writer runs; positions need
    not be unique in a model built by hand), to "caption" or "unit". At most the two paragraphs above a table, the
    unit nearest it or on the caption's other side (`表1　……` `单位：亿元`, `单位：万元` `表2　……`)."""
    found: dict[int, str] = {}
    for sequence in block_lists(blocks):
        for index, block in enumerate(sequence):
            if not isinstance(block, Table):
                continue
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


def _column_ems(table: Table) -> tuple[list[float], list[float]]:
    """Each column's least and widest text width in em (its cells', `_widths`): measured once, then
    scaled to each size a table may take (`_extents`)."""
    rows = [*table.head, *table.body]
    count = max((len(row) for row in rows), default=0)
    least, widest = [0.0] * count, [0.0] * count
    for row in rows:
        for column, cell in enumerate(row):
            low, high = _widths(cell)
            least[column], widest[column] = max(least[column], low), max(widest[column], high)
    return least, widest


def _extents(ems: tuple[list[float], list[float]], layout: Layout, size: float) -> tuple[list[float], list[float]]:
    """Each column's least and widest width at text `size` (see the module docstring)."""
    # and a little over the estimate: a column exactly as wide breaks its number at the first rounding
    padding = 2 * layout.styles.table_cell_padding + SLACK_EM * size
    return [low * size + padding for low in ems[0]], [high * size + padding for high in ems[1]]


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


def column_widths(table: Table, layout: Layout, size: float | None = None) -> tuple[Length, ...]:
    """Each column's width (see the module docstring), its text at `size` (`table_size`'s when None)."""
    least, widest = _extents(_column_ems(table), layout,
                             table_size(table, layout).size if size is None else size)
    room = float(layout.page.text_width)
    if sum(widest) <= room:
        return tuple(Length(width) for width in widest)
    if sum(least) >= room:
        scale = room / sum(least)
        return tuple(Length(width * scale) for width in least)
    share = (room - sum(least)) / (sum(widest) - sum(least))
    return tuple(Length(low + (high - low) * share) for low, high in zip(least, widest, strict=True))
