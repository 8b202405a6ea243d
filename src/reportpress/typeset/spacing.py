"""Justification spacing: which gaps of a line take space, and the letter spacing that realises it.

In: the characters of a line (or of one text box of it), a space per gap and a space per Han–Western
gap. Out: each gap's share of that space (`gap_weight`, `text_weight`), the Han–Western gaps
(`is_priority_gap`, `priority_gaps`) and the Pango letter spacing per character that gives it all
(`letter_spacing_ranges`). Which characters take space is `chars.is_expandable` (CLREQ
#line_adjustment); the gaps between a Han character and a Western letter or digit take it first, up to
¼ em (CLREQ #line_adjustment, expansion step 2; #mixed_text_composition_in_horizontal_writing_mode).
Pure functions over `str`: `weasy.py` hands the results to WeasyPrint and Pango.

Pango puts half a character's letter spacing on each side of it, so a space at one gap only (年|2020)
is a chain: the Han character beside the gap takes twice that space, its other neighbour as much
less, the next one as much more …, each gap after the first getting back to what it had
(`_priority_corrections`). The chain ends at an end of the text box, where Pango drops the half
outside the text, or alternates through a run it could not avoid.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from reportpress.typeset.chars import (
    COMPRESSIBLE,
    INVISIBLE,
    is_expandable,
    is_extend,
    is_han_like,
    is_latin_like,
    is_wide,
)

_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]+")
# The same runs in UTF-8, whose match offsets are the byte offsets Pango wants: no prefix is re-encoded
# per match (that made a paragraph full of U+200B quadratic, typically after `cjk.break_anywhere`).
_INVISIBLE_UTF8_RE = re.compile(b"(?:" + b"|".join(re.escape(char.encode()) for char in sorted(INVISIBLE)) + b")+")


def has_invisible(text: str) -> bool:
    """Whether `text` holds a character that draws nothing (U+2060, U+200B …)."""
    return _INVISIBLE_RE.search(text) is not None


def letter_spacing_ranges(text: str, base: float, spacing: float, word_spacing: float = 0.0,
                          loose: float = False, priority: float = 0.0) -> list[tuple[int, int, float]]:
    """(start byte, end byte, letter spacing) for the characters of `text` whose spacing differs from `base`.

    Characters that draw nothing get 0; expandable characters get `base + spacing` (spaces also their
    word spacing, as WeasyPrint gives them), Latin letters and digits in a `loose` line that fraction of
    `spacing` (`expansion`); a combining mark goes with its base character. Each gap
    between a Han character and a Western letter or digit gets `priority` more, alone: the characters
    around it are corrected so that no other gap changes (`_priority_corrections`). When the text
    starts or ends with characters that draw nothing (a U+200B left at the end of a line), the one
    next to the text gets minus the extra of its visible neighbour: it takes back the half space Pango
    puts beside the visible character, so no justification space sits, unseen, at the edge of the line.
    """
    graphemes = _graphemes(text)
    visible = [index for index, (_, _, char) in enumerate(graphemes) if char not in INVISIBLE]
    extra = [spacing * expansion(graphemes[index][2], loose) if spacing else 0.0 for index in visible]
    if priority and len(visible) > 1:
        corrections = _priority_corrections([graphemes[index][2] for index in visible], priority, visible[0] == 0)
        extra = [value + correction for value, correction in zip(extra, corrections, strict=True)]
    values: list[float | None] = [0.0 if base and char in INVISIBLE else None for _, _, char in graphemes]
    for index, added in zip(visible, extra, strict=True):
        if added:
            values[index] = base + added + (word_spacing if graphemes[index][2] in " \u00a0" else 0.0)
    if visible:
        for edge, neighbour in ((visible[0] - 1, 0), (visible[-1] + 1, len(visible) - 1)):
            if 0 <= edge < len(graphemes) and extra[neighbour]:
                values[edge] = -extra[neighbour]
    ranges: list[tuple[int, int, float]] = []
    for (start, end, _), value in zip(graphemes, values, strict=True):
        if value is None:
            continue
        if ranges and ranges[-1][1] == start and ranges[-1][2] == value:
            ranges[-1] = (ranges[-1][0], end, value)
        else:
            ranges.append((start, end, value))
    return ranges


def _graphemes(text: str) -> list[tuple[int, int, str]]:
    """(start byte, end byte, first character) of each grapheme: a combining mark goes with its base."""
    graphemes: list[list[Any]] = []
    position = 0
    for char in text:
        size = len(char.encode())
        if graphemes and is_extend(char):
            graphemes[-1][1] += size
        else:
            graphemes.append([position, position + size, char])
        position += size
    return [(start, end, char) for start, end, char in graphemes]


def is_priority_gap(before: str, after: str) -> bool:
    """Whether the gap between two characters is one of a Han character and a Western letter or digit
    (年|2020, 2020|年, 增长|GDP): the gap justification widens first (CLREQ #line_adjustment), where
    Han–Latin spacing would stand (never beside punctuation, `%` or a space, as `cjk.autospace_runs`)."""
    return (is_han_like(before) and is_latin_like(after)) or (is_latin_like(before) and is_han_like(after))


def priority_gaps(text: str) -> int:
    """How many Han–Western gaps lie inside `text` (characters that draw nothing looked through)."""
    chars = [char for char in text if char not in INVISIBLE and not is_extend(char)]
    return sum(1 for before, after in itertools.pairwise(chars) if is_priority_gap(before, after))


# WeasyPrint 70 writes the x offset Pango gives a glyph (the left half of its letter spacing, in Pango
# units of 1/1024 px) into the PDF as that many thousandths of the font size (`draw.text.draw_first_line`):
# 1.024 times too far. Equal letter spacing moves every glyph alike; the unequal spacing of two neighbours
# in a chain shows it: the gap drawn between them grows by 0.488 of the left one's letter spacing and 0.512
# of the right one's (0.5 of the first glyph's, whose offset Pango removes). The chains solve for that.
DRAWN_RIGHT = 1024 / 1000 / 2
# How much each thing weighs in the least-squares chain (`_unit_corrections`), per unit of space squared:
# a gap between Han characters that changes (what a reader sees: it must not), a Han–Western gap that
# misses its share (barely seen: its ¼ em is what it gets), and a character whose letter spacing changes —
# a Latin letter loses its kerning (a Pango run of its own), a Han character nothing; a digit or a sign of a
# number first as much as a letter (a chain passes through a number only when it must: each character a
# Pango run for nothing), then, if a gap went short, nothing. So a chain never passes through a word: that
# gap goes without (and the line's slack to its other gaps).
_GAP_WEIGHT, _PRIORITY_WEIGHT = 1.0, 0.01
_LETTER_WEIGHT, _NARROW_WEIGHT, _WIDE_WEIGHT, _PINNED_WEIGHT = 0.1, 1e-6, 1e-6, 1.0
_NEGLIGIBLE = 0.005  # a correction smaller than this (per unit of priority) is none: no run of its own
_SHORT = 0.9  # a Han–Western gap that gets less than this of its share went short


def _priority_corrections(chars: list[str], priority: float, starts_visible: bool = True) -> list[float]:
    """The letter spacing to add to each visible character of a text box so that each Han–Western gap
    between two of them grows by about `priority` and no gap between Han characters changes."""
    return [priority * unit for unit in _unit_corrections("".join(chars), starts_visible)]


def _chain(text: str) -> tuple[str, bool, tuple[float, ...]] | None:
    """The visible characters of `text`, whether it starts with one, and their chain's corrections for 1
    of priority (`_unit_corrections`); None without a Han–Western gap."""
    if not any(map(is_latin_like, text)) or not priority_gaps(text):
        return None  # no Western letter or digit, no Han–Western gap: most lines of a report (asked for each)
    chars = "".join(char for char in text if char not in INVISIBLE and not is_extend(char))
    starts_visible = bool(text) and text[0] not in INVISIBLE
    return chars, starts_visible, _unit_corrections(chars, starts_visible)


def priority_weight(text: str) -> float:
    """How much the gaps inside `text` grow, drawn, for 1 of priority: about one per Han–Western gap
    (`priority_gaps`), less where a chain would have had to pass through a word (`_unit_corrections`)."""
    if (chain := _chain(text)) is None:
        return 0.0
    _, starts_visible, units = chain
    return max(0.0, sum(_drawn_gap(units, index, starts_visible) for index in range(len(units) - 1)))


def priority_peak(text: str) -> float:
    """The most any Han–Western gap inside `text` grows, drawn, for 1 of priority (0 without one).

    The chain is a least-squares fit that lets a Han–Western gap miss its 1 cheaply (`_PRIORITY_WEIGHT`):
    between two such gaps around a short number (连续5年, 990,000,000元) one falls short and the other goes
    past 1, by up to a tenth. Whoever caps a gap's width (`weasy.MAX_GAP_EM`) divides its room by this."""
    if (chain := _chain(text)) is None:
        return 0.0
    chars, starts_visible, units = chain
    return max((_drawn_gap(units, index, starts_visible) for index, (before, after)
                in enumerate(itertools.pairwise(chars)) if is_priority_gap(before, after)), default=0.0)


def _drawn_gap(units: tuple[float, ...], index: int, starts_visible: bool) -> float:
    left = 0.5 if index == 0 and starts_visible else 1 - DRAWN_RIGHT
    return left * units[index] + DRAWN_RIGHT * units[index + 1]


@functools.lru_cache(maxsize=4096)  # a box's text is measured at layout and again at drawing
def _unit_corrections(chars: str, starts_visible: bool) -> tuple[float, ...]:
    """The corrections of `_priority_corrections` for a priority of 1: the least-squares solution δ of
    the drawn gap changes `left·δ[i] + DRAWN_RIGHT·δ[i+1]` — 1 at each Han–Western gap, 0 at any other —
    with each character's δ kept small by its weight; numbers left alone unless a gap went short without
    passing through them, and a gap given up (its share 0) when it is still short (beside a word). The
    first character is pinned when something invisible comes before it: Pango keeps its left half there,
    and moving it would move the box's first glyph."""
    if len(chars) < 2:
        return (0.0,) * len(chars)
    wanted = [1.0 if is_priority_gap(before, after) else 0.0 for before, after in itertools.pairwise(chars)]
    solution = _solve(chars, starts_visible, wanted, _LETTER_WEIGHT)
    for _ in range(2):  # numbers let through, then the gaps still short (beside a word) given up
        short = [index for index, value in enumerate(wanted)
                 if value and _drawn_gap(solution, index, starts_visible) < _SHORT]
        if not short:
            break
        if _ == 1:
            wanted = [0.0 if index in short else value for index, value in enumerate(wanted)]
        solution = _solve(chars, starts_visible, wanted, _NARROW_WEIGHT)
    return tuple(0.0 if abs(value) < _NEGLIGIBLE else value for value in solution)


def _solve(chars: str, starts_visible: bool, wanted: list[float], narrow_weight: float) -> tuple[float, ...]:
    """The least-squares chain (see `_unit_corrections`); its normal equations are tridiagonal (Thomas's
    algorithm, linear in the text)."""
    count = len(chars)
    right = DRAWN_RIGHT
    lefts = [0.5 if index == 0 and starts_visible else 1 - right for index in range(count - 1)]
    weights = [_PRIORITY_WEIGHT if value else _GAP_WEIGHT for value in wanted]
    diagonal = [_char_weight(char, narrow_weight) for char in chars]
    if not starts_visible:
        diagonal[0] = _PINNED_WEIGHT
    rhs = [0.0] * count
    upper = [0.0] * (count - 1)
    for index in range(count - 1):
        weight, left = weights[index], lefts[index]
        diagonal[index] += weight * left * left
        diagonal[index + 1] += weight * right * right
        upper[index] = weight * left * right
        rhs[index] += weight * left * wanted[index]
        rhs[index + 1] += weight * right * wanted[index]
    for index in range(1, count):  # forward elimination
        factor = upper[index - 1] / diagonal[index - 1]
        diagonal[index] -= factor * upper[index - 1]
        rhs[index] -= factor * rhs[index - 1]
    solution = [0.0] * count
    solution[-1] = rhs[-1] / diagonal[-1]
    for index in range(count - 2, -1, -1):
        solution[index] = (rhs[index] - upper[index] * solution[index + 1]) / diagonal[index]
    return tuple(solution)


def _char_weight(char: str, narrow_weight: float) -> float:
    if is_latin_like(char) and not char.isdigit():
        return _LETTER_WEIGHT
    return _WIDE_WEIGHT if is_wide(char) else narrow_weight


def invisible_ranges(text: str) -> list[tuple[int, int, float]]:
    """(start byte, end byte, 0) for each run of characters that draw nothing."""
    return [(match.start(), match.end(), 0.0) for match in _INVISIBLE_UTF8_RE.finditer(text.encode())]


def expansion(char: str, loose: float = False) -> float:
    """The share of the space per gap `char` takes (Pango puts half of it on each side): 1 for what
    `chars.is_expandable` always expands, `loose` (a fraction: 0 or False in a line that is not loose, 1
    or True where letters and digits spread as much as Han characters) for what only a loose line does."""
    if is_expandable(char):
        return 1.0
    return float(loose) if loose and is_expandable(char, True) else 0.0


def gap_weight(before: str, after: str, loose: float = False) -> float:
    """The share of the line's space per gap that the gap between two characters takes.

    Inside a text box Pango gives each expandable character half a share on each side, so a gap takes
    the mean of its two characters' shares (`expansion`); between boxes we do the same, except between
    two full-width marks (a compressed pair stays tight).
    """
    if before in COMPRESSIBLE and after in COMPRESSIBLE:
        return 0.0
    return (expansion(before, loose) + expansion(after, loose)) / 2


def visible_text(text: str) -> str:
    """`text` without the characters that draw nothing at its two ends."""
    return text.strip("".join(INVISIBLE))


def text_weight(text: str, loose: float = False) -> float:
    """The shares of all the gaps inside `text` (what Pango realises from per-character spacing).

    Characters that draw nothing at the ends do not count: `letter_spacing_ranges` cancels the space
    beside them.
    """
    weights = [expansion(char, loose) for char in visible_text(text) if not is_extend(char)]
    return sum(weights) - (weights[0] + weights[-1]) / 2 if len(weights) > 1 else 0.0
