"""Find a document's structure in its lines: folios, the text block, paragraphs, headings, titles.

In: the pages read by `pdf.read_pdf` and the layout the PDF is meant to follow. Out: a `Proof` — per
page the folio, the body-size text lines, the notes below them, the text block as measured and as
the layout wants it; for the whole document the `Block`s (paragraphs, headings, centred titles) in
reading order, a paragraph that runs over a page break being one block.

Nothing here comes from the PDF's structure tree or from our own build: a PDF made by anything is
read from where its glyphs are. The body size is the size most characters have; a line continues
the one before when that one reaches the text block's right edge and this one starts at the left
edge (a first line is indented two characters, GB/T 9704 §7.3.3, or centred); headings are blocks
that open with a GB/T 9704 §7.3.3 number (一、（一）1.（1）) and are set in another font than the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from reportpress.layouts import Layout
from reportpress.proof.lines import Line, group_lines
from reportpress.proof.pdf import Box, Font, PdfPage
from reportpress.typeset.chars import NO_START, is_han_like

BlockKind = Literal["paragraph", "heading", "title"]

HEADING_NUMBER = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^[0-9０-９]{1,2}[.．](?![0-9A-Za-z])")),  # 1. … 99.: not `2025.`, not `20260429.html`
    (4, re.compile(r"^[（(][0-9０-９]{1,2}[）)]")),
)
FOLIO_TEXT = re.compile(r"^[-—–‒―－~～·•\s]*([0-9]{1,4})[-—–‒―－~～·•\s]*$")
SAME_SIZE = 0.05  # share of the size within which two lines count as set in one size
EDGE = 0.5  # em: a line within this of an edge starts or ends there
REACHES = 2.0  # em: a line ending this close to the right edge may continue on the next line


@dataclass(eq=False)
class Block:
    """A paragraph, heading or centred title: consecutive lines that belong together."""

    lines: list[Line]
    kind: BlockKind = "paragraph"
    level: int = 0  # a heading's level (1 for 一、 … 4 for （1）), else 0
    centred: bool = False  # every line centred or full, the last one centred

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@dataclass(eq=False)
class PageView:
    """One page as the checks see it."""

    number: int
    width: float
    height: float
    lines: list[Line]  # every line but the folio, top to bottom
    graphics: tuple[Box, ...] = ()
    folio: Line | None = None
    folio_number: int | None = None
    text: list[Line] = field(default_factory=list)  # lines in the body size
    notes: list[Line] = field(default_factory=list)  # smaller lines below the text: footnotes
    cells: list[Line] = field(default_factory=list)  # lines inside a table's cells (`_split_page`)
    measured_left: float | None = None  # where most lines start, when enough lines say so
    measured_right: float | None = None
    typical_left: float | None = None  # the measured edges of the other pages of this parity
    typical_right: float | None = None
    expected_left: float = 0.0  # the text block as the layout wants it on this PDF page
    expected_right: float = 0.0
    block_top: float = 0.0
    block_bottom: float = 0.0

    @property
    def left(self) -> float:
        """The text block's left edge: measured here, else on the pages of this parity, else the layout's."""
        return next(x for x in (self.measured_left, self.typical_left, self.expected_left) if x is not None)

    @property
    def right(self) -> float:
        return next(x for x in (self.measured_right, self.typical_right, self.expected_right) if x is not None)

    @property
    def recto(self) -> bool:
        """An odd PDF page: the front of a leaf in duplex printing (page 1 is a recto)."""
        return self.number % 2 == 1


@dataclass(eq=False)
class Proof:
    """The document as measured: pages, blocks, and the numbers the checks compare."""

    layout: Layout
    pages: list[PageView]
    body_pages: list[PageView]
    blocks: list[Block]
    body_size: float
    body_font: Font | None
    char_pitch: dict[float, float]  # size → the natural advance between two Han characters

    def page(self, number: int) -> PageView:
        return self.pages[number - 1]

    def natural_pitch(self, size: float) -> float:
        """The advance of a Han character in this size when a line is set tight."""
        return self.char_pitch.get(round(size, 1), size)

    def block_of(self, line: Line) -> Block | None:
        for block in self.blocks:
            if any(member is line for member in block.lines):
                return block
        return None


def analyse(pdf_pages: tuple[PdfPage, ...], layout: Layout) -> Proof:
    """The structure of a document read from its glyphs."""
    pages = [_page_view(page, layout) for page in pdf_pages]
    all_lines = [line for page in pages for line in page.lines]
    body_size = _body_size(all_lines)
    for page in pages:
        _split_page(page, body_size)
    has_folios = any(page.folio is not None for page in pages)
    body_pages = [page for page in pages if (page.folio is not None if has_folios else len(page.text) >= 3)]
    _typical_edges(body_pages, body_size)
    text_lines = [line for page in pages for line in page.text]
    fonts = Counter(glyph.font for line in text_lines for glyph in line.glyphs if is_han_like(glyph.char))
    proof = Proof(layout=layout, pages=pages, body_pages=body_pages, blocks=[], body_size=body_size,
                  body_font=fonts.most_common(1)[0][0] if fonts else None,
                  char_pitch=_char_pitches(all_lines))
    proof.blocks = _blocks(proof)
    return proof


def _page_view(page: PdfPage, layout: Layout) -> PageView:
    lines = group_lines(page.number, page.glyphs)
    view = PageView(number=page.number, width=page.width, height=page.height, lines=lines,
                    graphics=page.graphics)
    geometry = layout.page
    binding_left = geometry.binding == "left"
    inside_left = binding_left if (view.recto or not geometry.mirror) else not binding_left
    left_margin, right_margin = ((geometry.inside, geometry.outside) if inside_left
                                 else (geometry.outside, geometry.inside))
    view.expected_left, view.expected_right = left_margin, page.width - right_margin
    view.block_top, view.block_bottom = geometry.top, page.height - geometry.bottom
    folio = _find_folio(lines, page.height)
    if folio is not None:
        match = FOLIO_TEXT.match(folio.text)
        view.folio, view.folio_number = folio, int(match.group(1)) if match else None
        view.lines = [line for line in lines if line is not folio]
    return view


def _find_folio(lines: list[Line], height: float) -> Line | None:
    """The page number: on the page's lowest baseline, in its bottom fifth, a number between marks."""
    if not lines:
        return None
    lowest = max(line.baseline for line in lines)
    if lowest < 0.8 * height:
        return None
    return next((line for line in lines if line.baseline > lowest - 1 and FOLIO_TEXT.match(line.text)), None)


def _body_size(lines: list[Line]) -> float:
    sizes = Counter[float]()
    for line in lines:
        sizes[line.size] += len(line.glyphs)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def same_size(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_SIZE * max(a, b)


# a graphic this tall and wide or more holds what is drawn in it (a table's cell, a picture, a box); a
# thinner one is a rule (the footnotes', the imprint's)
HOLDING_PT = 3.0
INDENT_EM = 2.0  # a paragraph's first-line indent (GB/T 9704 §5.2.3: 空二字)


def _inside(line: Line, box: Box) -> bool:
    return (box.left - 1 <= line.start and line.end <= box.right + 1
            and box.top - 1 <= line.top and line.bottom <= box.bottom + 1)


def _regions(boxes: list[Box], touch: float = 1.5) -> list[Box]:
    """The boxes merged where they touch or overlap: a table's cells into the table (a line read across
    two cells lies in the table, not in either cell). A sweep from the top, so a page of many cells
    costs about cells × the regions open beside one."""
    merged: list[Box] = []
    open_: list[int] = []
    for box in sorted(boxes, key=lambda box: box.top):
        open_ = [index for index in open_ if merged[index].bottom + touch >= box.top]
        hit = next((index for index in open_ if merged[index].left - touch <= box.right
                    and box.left <= merged[index].right + touch), None)
        if hit is None:
            merged.append(box)
            open_.append(len(merged) - 1)
            continue
        old = merged[hit]
        merged[hit] = Box(min(old.left, box.left), min(old.top, box.top), max(old.right, box.right),
                          max(old.bottom, box.bottom))
    return merged


def _split_page(page: PageView, body_size: float) -> None:
    """The page's body text (its lines in the body's size) and its notes (smaller lines below it); a
    line inside a table's cell (a graphic holding it: `HOLDING_PT`) is neither — a cell's lines keep no
    indent, margin or characters per line of the text block, and the text a table stands in is measured
    without them (`cells`)."""
    holders = _regions([box for box in page.graphics
                        if box.bottom - box.top >= HOLDING_PT and box.right - box.left >= HOLDING_PT])
    page.cells = [line for line in page.lines if any(_inside(line, box) for box in holders)]
    celled = {id(line) for line in page.cells}
    page.text = [line for line in page.lines if same_size(line.size, body_size) and id(line) not in celled]
    if page.text:
        lowest = page.text[-1].baseline
        page.notes = [line for line in page.lines if line.size < body_size and line.baseline > lowest]
    page.measured_left, page.measured_right = _measure_edges(page.text)


def _measure_edges(lines: list[Line]) -> tuple[float | None, float | None]:
    """The text block's left and right edges where enough lines agree (typocheck's way)."""
    if len(lines) < 3:
        return None, None
    starts = [line.start for line in lines]
    # first lines are indented, so the edge is the leftmost start that two lines or more share
    common = [x for x in starts if sum(1 for y in starts if abs(x - y) <= 0.5) >= max(2, 0.1 * len(starts))]
    # a full line ending in a Han character ends at the edge, whatever its letter spacing
    ends = [line.end for line in lines if is_han_like(line.text[-1]) and line.text[-1] not in NO_START]
    full = [x for x in ends if sum(1 for y in ends if abs(x - y) <= 0.5) >= max(3, 0.3 * len(ends))]
    return (min(common) if common else None), (max(full) if full else None)


def _typical_edges(pages: list[PageView], body_size: float) -> None:
    """Give a body page too short to measure (a last page) the edges most pages of its parity have; and a
    page whose lines all start a paragraph (a list, one-line items beside a table), whose left edge is
    measured a first-line indent (two characters) right of that, the typical one too."""
    for recto in (True, False):
        same = [page for page in pages if page.recto == recto]
        lefts = Counter(round(page.measured_left, 1) for page in same if page.measured_left is not None)
        rights = Counter(round(page.measured_right, 1) for page in same if page.measured_right is not None)
        for page in same:
            page.typical_left = lefts.most_common(1)[0][0] if lefts else None
            page.typical_right = rights.most_common(1)[0][0] if rights else None
            if page.measured_left is not None and page.typical_left is not None \
                    and abs(page.measured_left - page.typical_left - INDENT_EM * body_size) <= 0.25 * body_size:
                page.measured_left = None


def _char_pitches(lines: list[Line]) -> dict[float, float]:
    """Per size, the most common advance between two Han characters: the tight setting."""
    advances: dict[float, Counter[float]] = {}
    for line in lines:
        counter = advances.setdefault(line.size, Counter())
        for a, b in pairwise(line.glyphs):
            if is_han_like(a.char) and is_han_like(b.char) and same_size(a.size, b.size):
                counter[round(b.x - a.x, 2)] += 1
    return {size: counter.most_common(1)[0][0] for size, counter in advances.items() if counter}


# ----------------------------------------------------------------------------------------- blocks


def is_centred(line: Line, page: PageView) -> bool:
    """A line with (about) the same room on both sides, more than half an em of it."""
    room_left, room_right = line.start - page.left, page.right - line.end
    return min(room_left, room_right) > EDGE * line.size and abs(room_left - room_right) <= line.size


def reaches_right(line: Line, page: PageView) -> bool:
    return line.end >= page.right - REACHES * line.size


def starts_left(line: Line, page: PageView) -> bool:
    # an opening mark trimmed at the line start (CLREQ) may begin half an em left of the edge
    return -1.5 * EDGE * line.size <= line.start - page.left <= EDGE * line.size


def _continues(a: Line, b: Line, proof: Proof) -> bool:
    """Whether line `b` carries on the paragraph, heading or title of line `a`."""
    page_a, page_b = proof.page(a.page), proof.page(b.page)
    if not same_size(a.size, b.size):
        return False
    if a.page == b.page:
        if not 0 < b.baseline - a.baseline <= 2.2 * a.size:
            return False
    elif not (b.page == a.page + 1 and page_a.text and page_a.text[-1] is a
              and page_b.text and page_b.text[0] is b):
        return False
    if not reaches_right(a, page_a):
        return False
    if starts_left(b, page_b):
        return True
    # a wrapped centred title: a full line, then a centred one in the same font
    return starts_left(a, page_a) and is_centred(b, page_b) and a.font == b.font


def _blocks(proof: Proof) -> list[Block]:
    text_blocks: list[Block] = []  # the body flow, which runs on over page breaks
    blocks: list[Block] = []
    for page in proof.pages:
        others = [line for line in page.lines if not same_size(line.size, proof.body_size)]
        text_blocks.extend(_chain(page.text, proof, text_blocks))
        blocks.extend(_chain(others, proof, []))
    blocks.extend(text_blocks)
    for block in blocks:
        _classify(block, proof)
    blocks.sort(key=lambda block: (block.page, block.lines[0].baseline))
    return blocks


def _chain(lines: list[Line], proof: Proof, earlier: list[Block]) -> list[Block]:
    """Blocks of `lines`; the first line may continue the last block of `earlier` (a page break)."""
    made: list[Block] = []
    for line in lines:
        current = made[-1] if made else (earlier[-1] if earlier else None)
        if current is not None and _continues(current.lines[-1], line, proof):
            current.lines.append(line)
        else:
            made.append(Block([line]))
    return made


def _classify(block: Block, proof: Proof) -> None:
    first = block.lines[0]
    page = proof.page(first.page)
    block.centred = is_centred(block.lines[-1], page) and all(
        is_centred(line, page) or (starts_left(line, page) and reaches_right(line, page)) for line in block.lines)
    letters = [glyph for line in block.lines for glyph in line.glyphs if is_han_like(glyph.char)]
    in_body_font = sum(1 for glyph in letters if glyph.font == proof.body_font)
    # a numbered line in another font is a heading even when it happens to look centred (an
    # indented heading nearly one line long has about two characters of room on both sides)
    for level, pattern in HEADING_NUMBER:  # (a heading has Han text: a line of a URL is none)
        if letters and pattern.match(first.text) and in_body_font <= 0.1 * len(letters):
            block.kind, block.level = "heading", level
            return
    if block.centred:
        block.kind = "title"
