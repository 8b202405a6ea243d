"""A line left loose by a long number after it (GB/T 15835: a number never breaks), set tight by the
lines before it each sending a character on (`weasy._spread_before`, `SPREAD_BEFORE`; issue 12 item 4):
the other direction from `_tighten_before`, which needs marks to compress.

Fixture paragraphs of our own, set 16 pt with the grid's letter spacing in a column of exactly 28 of its
characters (the GB/T 9704 line), read back with PyMuPDF (glyph positions: the gap of each line) and
pdftotext (the text layer, which must stay the source text).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from reportpress.typeset import weasy
from tests.typeset.test_line_adjustment import EM, Line, han, lines_of, render, text, text_layer, x
from tests.typeset.test_loose_numbers import extra_per_gap, overhang

BASE = -0.21  # pt: the grid's letter spacing (28 characters in 156 mm at 16 pt)
COLUMN = 28 * (EM + BASE) / EM  # em: 28 characters exactly
CSS = f"letter-spacing: {BASE}pt"
NUMBER = "12,345,678,900"  # about 7 em that can start no earlier than its first digit
LOOSE_PT = 0.6  # extra per gap between Han characters from which `reportpress proof` calls a line loose


def paragraph(filler: int, unit: int = 13) -> str:
    """Runs of `unit` Han characters, each followed by a short Western word (A, 5G: a Han–Western gap or two
    on each line, no mark to compress), then `filler` more, `NUMBER`元 and a line's tail."""
    lead = "".join(han(unit, unit * index % 48) + ("5G" if index % 2 else "A") for index in range(10))
    return lead + han(filler, 20) + NUMBER + "元" + han(30, 5) + "。"


def render_lines(source: str, spread: bool) -> list[Line]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasy, "SPREAD_BEFORE", spread)
        return lines_of(render(source, COLUMN, css=CSS))


def loose_lines(lines: list[Line]) -> list[int]:
    return [number for number, line in enumerate(lines[:-1]) if extra_per_gap(line) >= LOOSE_PT]


def reach(lines: list[Line]) -> float:
    """How far the line reaching furthest goes past the column's edge, in pt (`overhang`; the grid's
    letter spacing, rounded by Pango, leaves a full line of Han characters ~0.45 pt past it)."""
    edge = x(lines[0][0]) + COLUMN * EM
    return max(overhang(line, edge) for line in lines)


def glyphs(lines: list[Line]) -> list[list[tuple[str, float, float]]]:
    return [[(str(char["c"]), round(x(char), 2), round(char["origin"][1], 2)) for char in line]  # type: ignore[index]
            for line in lines]


def test_the_lines_before_a_long_number_each_send_a_character_on(tmp_path: Path) -> None:
    """Without the rule the line before 12,345,678,900 is loose (its room, about 2 em, is where the
    number cannot start). With it the lines before it each end a character earlier, justified to the full
    measure within the cap, so that the loose line starts earlier and takes in what they send: no line is
    seen as loose, none reaches past the edge, the paragraph keeps its lines and the number its start."""
    source = paragraph(24)
    before = render_lines(source, spread=False)
    # (the first line is loose too, before 5G: no line before it can give it anything)
    assert loose_lines(before) == [0, 5] and text(before[6]).startswith(NUMBER)
    pdf = render(source, COLUMN, css=CSS)
    lines = lines_of(pdf)
    assert len(lines) == len(before) and text(lines[6]).startswith(NUMBER)
    assert loose_lines(lines) == [0]
    # the lines before it each sent their last character (or a short run: 腾5G) on, from the earliest
    # changed on: each ends earlier in the text than it did, by no more than a few characters
    changed = [number for number in range(6) if text(lines[number]) != text(before[number])]
    assert len(changed) >= 2 and changed == list(range(changed[0], 6))
    ends, old_ends = ([len("".join(map(text, these[:number + 1]))) for number in range(6)] for these in (lines, before))
    assert ends[5] == old_ends[5]
    assert all(0 < old_ends[number] - ends[number] <= 3 for number in changed[:-1])
    assert text(lines[5]).endswith(text(before[5])) and len(text(lines[5])) > len(text(before[5]))
    assert extra_per_gap(lines[5]) < extra_per_gap(before[5]) - LOOSE_PT
    assert max(extra_per_gap(line) for line in lines[1:-1]) < LOOSE_PT
    assert reach(lines) <= reach(before) + 0.05
    assert text_layer(pdf, tmp_path) == source


def test_lines_full_of_numbers_send_nothing_on() -> None:
    """Lines before the number that are themselves numbers and units have too few gaps between Han
    characters to take a character's room each: nothing changes, glyph for glyph."""
    numbers = "".join(f"{index},{index * 7 % 1000:03d},{index * 13 % 1000:03d}元" for index in range(10, 24))
    source = numbers + han(12) + NUMBER + "元" + han(30, 5) + "。"
    off = render_lines(source, spread=False)
    assert any(extra_per_gap(line) >= LOOSE_PT for line in off[:-1])  # a loose line the rule looks at
    assert glyphs(render_lines(source, spread=True)) == glyphs(off)


@pytest.mark.parametrize("unit", [11, 13])
@pytest.mark.parametrize("filler", range(14, 34, 3))
def test_spreading_before_a_number_never_sets_a_line_past_the_measure(unit: int, filler: int,
                                                                     tmp_path: Path) -> None:
    """Wherever the number falls, the rule keeps the paragraph's lines, sets none past the edge and none
    looser than the loosest without it; the text layer is the source's."""
    source = paragraph(filler, unit)
    pdf = render(source, COLUMN, css=CSS)
    lines = lines_of(pdf)
    plain = render_lines(source, spread=False)
    assert len(lines) == len(plain)
    assert reach(lines) <= reach(plain) + 0.05
    assert max(extra_per_gap(line) for line in lines[:-1]) <= max(extra_per_gap(line) for line in plain[:-1]) + 0.01
    assert len(loose_lines(lines)) <= len(loose_lines(plain))
    assert text_layer(pdf, tmp_path) == source


def test_the_line_that_gave_the_last_line_its_characters_is_spread_over_the_lines_before() -> None:
    """The paragraph would end in 昆。 alone… and 出 alone (孤字): the line before gives it 出昆 and is
    left loose (no 孤字 is the rule it keeps). With the rule the lines before it each send a character on:
    it is tight, the last line still holds 出昆。 (never a stub), and the paragraph keeps its lines."""
    source = paragraph(0)[:-len(NUMBER + "元" + han(30, 5) + "。")] + han(27, 20) + "。"
    before = render_lines(source, spread=False)
    assert loose_lines(before) == [0, 5] and text(before[-1]) == "出昆。"
    lines = render_lines(source, spread=True)
    assert len(lines) == len(before) and text(lines[-1]) == text(before[-1])
    assert loose_lines(lines) == [0]  # (the first line, before 5G: nothing before it)
    assert max(extra_per_gap(line) for line in lines[1:-1]) < LOOSE_PT
    assert reach(lines) <= reach(before) + 0.05


# ------------------------------------------------------------------ a loose line's digits keep their spacing

def digit_advance(line: Line) -> float:
    """The mean advance from a digit to the next digit of a line, in pt (0 with none)."""
    advances = [x(b) - x(a) for a, b in itertools.pairwise(line) if str(a["c"]).isdigit() and str(b["c"]).isdigit()]
    return sum(advances) / len(advances) if advances else 0.0


def letters_last(source: str, on: bool) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasy, "LETTERS_LAST", on)
        return render(source, COLUMN, css=CSS)


def test_a_loose_line_spreads_its_han_gaps_before_its_digits(tmp_path: Path) -> None:
    """The first line ends two Han characters short of the edge before 12,345,678,900: loose. Spreading
    every gap alike letter-spaces its 2020 and 1,234 (what a typographer saw in the 1956 budget: a sum wider
    than the same digits elsewhere); with LETTERS_LAST its Han gaps take the room first, within the cap, and
    the digits keep the advance they have in a tight line. The text layer stays the source's."""
    def source(filler: int) -> str:
        return han(9) + "2020年" + han(8, 9) + "1,234元" + han(filler, 20) + NUMBER + "元，" + han(30, 5) + "。"
    natural = digit_advance(lines_of(letters_last(source(6), on=True))[0])  # the same digits, set tight
    assert natural and extra_per_gap(lines_of(letters_last(source(6), on=True))[0]) < 0.1
    off = lines_of(letters_last(source(2), on=False))
    pdf = letters_last(source(2), on=True)
    on = lines_of(pdf)
    assert [text(line) for line in on] == [text(line) for line in off]
    assert extra_per_gap(off[0]) >= LOOSE_PT and digit_advance(off[0]) > natural + 0.5  # loose, digits spread
    assert digit_advance(on[0]) < natural + 0.15  # the digits as in a tight line (Pango's rounding aside)
    assert extra_per_gap(on[0]) > extra_per_gap(off[0]) + 0.2  # … the Han gaps wider instead
    assert extra_per_gap(on[0]) <= (weasy.MAX_GAP_EM * EM - BASE)  # … never past the cap
    assert reach(on) <= reach(off) + 0.05  # the line still reaches the edge, no further
    assert abs(x(on[0][-1]) - x(off[0][-1])) < 0.3
    assert text_layer(pdf, tmp_path) == source(2)
