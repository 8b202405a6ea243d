"""A line of Han characters alone, a character short of the grid's 28 because what follows cannot start
earlier (`项|目。`), set tight by the lines before it (`weasy.GRID_LINES`); and what cannot start earlier
measured through the inline boxes it runs into (`weasy._run_width`, `RUNS_THROUGH_BOXES`): `州——新疆`
with `——` in a box of its own, a number in a span or an emphasis.

Fixture paragraphs of our own, set 16 pt with the grid's letter spacing in a column of exactly 28 of its
characters (the GB/T 9704 line), read back with PyMuPDF (glyphs per line, the gap of each line) and
pdftotext (the text layer, which must stay the source text).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportpress.typeset import weasy
from reportpress.typeset.chars import is_han_like
from tests.typeset.test_line_adjustment import Line, han, lines_of, render, text, text_layer
from tests.typeset.test_loose_numbers import extra_per_gap
from tests.typeset.test_loose_spread import COLUMN, CSS, LOOSE_PT, NUMBER, glyphs, loose_lines, paragraph

# a line before that can take in one character more, by compressing its two pause marks, and no more
MARKS = "甲乙丙丁，戊己庚辛、壬癸子丑" + han(14, 30)
TAIL = han(12, 5) + "，" + han(10, 20) + "。"


def render_lines(source: str, switch: str, on: bool) -> tuple[list[Line], bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasy, switch, on)
        pdf = render(source, COLUMN, css=CSS)
    return lines_of(pdf), pdf


def han_alone(line: Line) -> bool:
    return all(is_han_like(str(char["c"])) for char in line)


def short_grid_lines(lines: list[Line]) -> list[int]:
    """Lines but the last of Han characters alone holding fewer than the grid's 28 (`reportpress proof`'s
    grid finding: such a line reaches the edge, justified)."""
    return [number for number, line in enumerate(lines[:-1]) if han_alone(line) and len(line) < 28]


def source_text(source: str) -> str:
    return re.sub(r"<[^>]+>", "", source)


def test_a_line_of_han_characters_a_character_short_is_set_tight_by_the_line_before(tmp_path: Path) -> None:
    """27 Han characters and `子。` are 29 em, 28.5 with the stop compressed: the line breaks before 子 and
    holds 27, an em loose, nothing to compress in it. The rule lets the line before take in its first
    character (compressing its two pause marks): the line then ends `子。` and holds its 28."""
    source = MARKS + han(27, 2) + "子。" + TAIL
    before, _ = render_lines(source, "GRID_LINES", False)
    assert short_grid_lines(before) == [1] and extra_per_gap(before[1]) >= LOOSE_PT - 0.01
    lines, pdf = render_lines(source, "GRID_LINES", True)
    assert short_grid_lines(lines) == [] and len(lines) == len(before)
    assert text(lines[0]) == text(before[0]) + text(before[1])[0]
    assert text(lines[1]).endswith("子。") and len(lines[1]) == 28
    assert max(extra_per_gap(line) for line in lines[:-1]) < LOOSE_PT
    assert text_layer(pdf, tmp_path) == source_text(source)


def test_a_line_of_han_characters_after_lines_of_han_characters_stays() -> None:
    """The line before holds Han characters alone too: it has no mark to compress, and sending one of its
    characters on would leave it the 27 (`_sent_on`). Nothing can change: the output is the same."""
    source = han(28, 28) + han(27, 0) + "子。" + TAIL
    before, _ = render_lines(source, "GRID_LINES", False)
    assert short_grid_lines(before) == [1]
    lines, _ = render_lines(source, "GRID_LINES", True)
    assert glyphs(lines) == glyphs(before)


def test_the_run_after_a_break_is_measured_through_the_dash_in_its_own_box(tmp_path: Path) -> None:
    """`州——新疆`: 州 cannot end a line before ——, and —— is set in a box of its own (`cjk`'s long marks), so
    the run after the break (州——, 3 em) ends in another text box than it starts in. Measured through it,
    the line before it, 2 em loose, is set tight by the line before taking in one more character: 州——
    then fits at its end."""
    source = MARKS + han(12, 2) + "，" + han(13, 14) + "州——新疆" + TAIL
    before, _ = render_lines(source, "RUNS_THROUGH_BOXES", False)
    assert loose_lines(before) == [1] and text(before[2]).startswith("州")
    lines, pdf = render_lines(source, "RUNS_THROUGH_BOXES", True)
    assert loose_lines(lines) == [] and len(lines) == len(before)
    assert text(lines[1]).endswith("州——") and text(lines[2]).startswith("新疆")
    assert text_layer(pdf, tmp_path) == source_text(source)


@pytest.mark.parametrize("markup", ['<span class="figure">{}</span>', "<em>{}</em>"])
def test_a_number_in_an_inline_box_is_measured(markup: str, tmp_path: Path) -> None:
    """The long number starts an inline box (a span, an emphasis): the break before it is not inside a
    text box, and without looking into the box the line before it stays loose. Measured, the lines before
    each send a character on (`_spread_before`), as for a number in the paragraph's own text."""
    source = paragraph(24).replace(NUMBER + "元", markup.format(NUMBER + "元"))
    before, _ = render_lines(source, "RUNS_THROUGH_BOXES", False)
    assert 5 in loose_lines(before) and text(before[6]).startswith(NUMBER)
    lines, pdf = render_lines(source, "RUNS_THROUGH_BOXES", True)
    assert 5 not in loose_lines(lines) and len(lines) == len(before) and text(lines[6]).startswith(NUMBER)
    assert max(extra_per_gap(line) for line in lines[1:-1]) < LOOSE_PT
    assert text_layer(pdf, tmp_path) == source_text(source)
