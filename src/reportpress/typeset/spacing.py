"""Justification spacing: which gaps of a line take space, and the letter spacing that realises it.

In: the characters of a line (or of one text box of it) and a space per gap. Out: each gap's share
of that space (`gap_weight`, `text_weight`) and the Pango letter spacing per character that gives
it (`letter_spacing_ranges`). Which characters take space is `chars.is_expandable` (CLREQ
#line_adjustment). Pure functions over `str`: `weasy.py` hands the results to WeasyPrint and Pango.
"""

from __future__ import annotations

import re
from typing import Any

from reportpress.typeset.chars import COMPRESSIBLE, INVISIBLE, is_expandable, is_extend

_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]+")
# The same runs in UTF-8, whose match offsets are the byte offsets Pango wants: no prefix is re-encoded
# per match (that made a paragraph full of U+200B quadratic, typically after `cjk.break_anywhere`).
_INVISIBLE_UTF8_RE = re.compile(b"(?:" + b"|".join(re.escape(char.encode()) for char in sorted(INVISIBLE)) + b")+")


def has_invisible(text: str) -> bool:
    """Whether `text` holds a character that draws nothing (U+2060, U+200B …)."""
    return _INVISIBLE_RE.search(text) is not None


def letter_spacing_ranges(text: str, base: float, spacing: float, word_spacing: float = 0.0,
                          loose: bool = False) -> list[tuple[int, int, float]]:
    """(start byte, end byte, letter spacing) for the characters of `text` whose spacing differs from `base`.

    Characters that draw nothing get 0; expandable characters get `base + spacing` (spaces also their
    word spacing, as WeasyPrint gives them); a combining mark goes with its base character. When the
    text starts or ends with characters that draw nothing (a U+200B left at the end of a line), the
    one next to the text gets `-spacing`: it takes back the half space Pango puts beside the visible
    character, so no justification space sits, unseen, at the edge of the line.
    """
    graphemes: list[list[Any]] = []  # [start, end, first char]
    position = 0
    for char in text:
        size = len(char.encode())
        if graphemes and is_extend(char):
            graphemes[-1][1] += size
        else:
            graphemes.append([position, position + size, char])
        position += size
    values: list[float | None] = []
    for _, _, char in graphemes:
        if char in INVISIBLE:
            values.append(0.0 if base else None)
        elif spacing and is_expandable(char, loose):
            values.append(base + spacing + (word_spacing if char in " \u00a0" else 0.0))
        else:
            values.append(None)
    if spacing:
        visible = [index for index, (_, _, char) in enumerate(graphemes) if char not in INVISIBLE]
        if visible:
            for edge, neighbour in ((visible[0] - 1, visible[0]), (visible[-1] + 1, visible[-1])):
                if 0 <= edge < len(graphemes) and is_expandable(graphemes[neighbour][2], loose):
                    values[edge] = -spacing
    ranges: list[tuple[int, int, float]] = []
    for (start, end, _), value in zip(graphemes, values, strict=True):
        if value is None:
            continue
        if ranges and ranges[-1][1] == start and ranges[-1][2] == value:
            ranges[-1] = (ranges[-1][0], end, value)
        else:
            ranges.append((start, end, value))
    return ranges


def invisible_ranges(text: str) -> list[tuple[int, int, float]]:
    """(start byte, end byte, 0) for each run of characters that draw nothing."""
    return [(match.start(), match.end(), 0.0) for match in _INVISIBLE_UTF8_RE.finditer(text.encode())]


def gap_weight(before: str, after: str, loose: bool = False) -> float:
    """The share of the line's space per gap that the gap between two characters takes.

    Inside a text box Pango gives each expandable character half a share on each side, so a gap takes
    the mean of its two characters' shares; between boxes we do the same, except between two
    full-width marks (a compressed pair stays tight).
    """
    if before in COMPRESSIBLE and after in COMPRESSIBLE:
        return 0.0
    return (is_expandable(before, loose) + is_expandable(after, loose)) / 2


def visible_text(text: str) -> str:
    """`text` without the characters that draw nothing at its two ends."""
    return text.strip("".join(INVISIBLE))


def text_weight(text: str, loose: bool = False) -> float:
    """The shares of all the gaps inside `text` (what Pango realises from per-character spacing).

    Characters that draw nothing at the ends do not count: `letter_spacing_ranges` cancels the space
    beside them.
    """
    weights = [float(is_expandable(char, loose)) for char in visible_text(text) if not is_extend(char)]
    return sum(weights) - (weights[0] + weights[-1]) / 2 if len(weights) > 1 else 0.0
