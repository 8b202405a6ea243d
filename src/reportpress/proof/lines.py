"""Group a page's glyphs into printed lines, in reading order (horizontal text, top to bottom).

In: the glyphs of one page (`pdf.Glyph`). Out: `Line`s, each the glyphs of one baseline row, left to
right, with the measures the checks need: where the line starts and ends on the character grid, its
dominant size and font.

Glyphs share a line when their em bands (baseline − 0.88 em to baseline + 0.12 em, the ideographic
em box of CJK fonts) overlap by half, so a raised note call stays with its line while lines one pitch
apart never merge. A row is split where a gap of more than `COLUMN_GAP` em opens (table cells, a
running head beside a folio).
"""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from reportpress.proof.pdf import Font, Glyph
from reportpress.typeset.chars import is_wide

EM_ABOVE, EM_BELOW = 0.88, 0.12  # the ideographic em box around the baseline (Noto CJK, most CJK fonts)
COLUMN_GAP = 4.0  # em: a wider horizontal gap starts another line of text in the same row


def is_han(char: str) -> bool:
    """A Han ideograph (CJK Unified Ideographs and their extensions), not a mark or a kana."""
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


@dataclass(frozen=True)
class Line:
    page: int  # 1-based PDF page
    glyphs: tuple[Glyph, ...]

    @cached_property
    def text(self) -> str:
        return "".join(glyph.char for glyph in self.glyphs)

    @cached_property
    def size(self) -> float:
        """The size most of the line's glyphs have (a note call's smaller size does not count)."""
        return Counter(round(glyph.size, 1) for glyph in self.glyphs).most_common(1)[0][0]

    @cached_property
    def font(self) -> Font:
        return Counter(glyph.font for glyph in self.glyphs).most_common(1)[0][0]

    @cached_property
    def baseline(self) -> float:
        return statistics.median(glyph.baseline for glyph in self.main_glyphs)

    @cached_property
    def main_glyphs(self) -> tuple[Glyph, ...]:
        """The glyphs of the line's own size: without raised note calls and other small inserts."""
        return tuple(glyph for glyph in self.glyphs if abs(glyph.size - self.size) < 0.05 * self.size) \
            or self.glyphs

    @property
    def start(self) -> float:
        """Where the line starts: the em box's left edge of a wide character, else the ink's."""
        first = self.glyphs[0]
        return first.x if is_wide(first.char) else first.left

    @property
    def end(self) -> float:
        """Where the line ends: one em after a wide character's origin, else the ink's right edge.

        A wide character fills its em whatever the spacing after it, so a justified line ends at the
        text block's edge whether or not the last character is followed by letter spacing."""
        last = self.glyphs[-1]
        return last.x + last.size if is_wide(last.char) else last.right

    @property
    def middle(self) -> float:
        """The vertical middle of the line's em band: where a line box of the grid is centred."""
        return self.baseline - (EM_ABOVE - EM_BELOW) / 2 * self.size

    @property
    def top(self) -> float:
        return min(glyph.top for glyph in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(glyph.bottom for glyph in self.glyphs)

    def quote(self, length: int = 14, tail: bool = False) -> str:
        """A short quote of the line: its start, or its end when `tail`."""
        if len(self.text) <= length:
            return self.text
        return "…" + self.text[-length:] if tail else self.text[:length] + "…"


def group_lines(page: int, glyphs: tuple[Glyph, ...]) -> list[Line]:
    """The lines of a page, top to bottom, each left to right."""
    rows: list[tuple[float, float, list[Glyph]]] = []  # (band top, band bottom, glyphs)
    for glyph in sorted(glyphs, key=lambda g: (g.baseline, g.x)):
        top, bottom = glyph.baseline - EM_ABOVE * glyph.size, glyph.baseline + EM_BELOW * glyph.size
        if rows:
            row_top, row_bottom, members = rows[-1]
            overlap = min(bottom, row_bottom) - max(top, row_top)
            if overlap >= 0.5 * (bottom - top):
                rows[-1] = (min(top, row_top), max(bottom, row_bottom), members)
                members.append(glyph)
                continue
        rows.append((top, bottom, [glyph]))
    lines: list[Line] = []
    for _, _, members in rows:
        members.sort(key=lambda g: g.x)
        piece = [members[0]]
        for glyph in members[1:]:
            previous = piece[-1]
            if glyph.x - previous.right > COLUMN_GAP * max(previous.size, glyph.size):
                lines.append(Line(page, tuple(piece)))
                piece = []
            piece.append(glyph)
        lines.append(Line(page, tuple(piece)))
    return lines
