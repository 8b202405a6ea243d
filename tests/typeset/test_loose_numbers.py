"""A line left loose by a long number after it (GB/T 15835: a number never breaks), set tight by the
lines before it taking in more (`weasy._tighten_before`, issue 12 item 4).

Fixture paragraphs of our own, set 16 pt in a 20 em column (the letter spacing of the grid), read back
with PyMuPDF (glyph positions) and pdftotext (the text layer, which must stay the source text).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from reportpress.typeset import weasy
from reportpress.typeset.chars import CLOSING, is_han_like
from tests.typeset.test_line_adjustment import EM, Line, han, lines_of, render, text, text_layer, x

COLUMN = 20  # em
CSS = "letter-spacing: -0.21pt"
NUMBER = "12,345,678,900"  # about 7 em that can start no earlier than its first digit
LOOSE_PT = 0.6  # extra per gap between Han characters from which `reportpress proof` calls a line loose


def paragraph(group: int, before: int, number: str = NUMBER) -> str:
    """`before` characters of groups of `group` Han characters each closed by ，, then `number`元 and a tail
    long enough that the paragraph has a line after the number's."""
    groups = [han(group, start) + "，" for start in range(0, 60, group)]
    return "".join(groups)[:before] + number + "元，" + han(20, 40) + han(10) + "。"


def extra_per_gap(line: Line) -> float:
    """The median extra space between two Han characters of a line over the grid's pitch, in pt."""
    pitches = [x(b) - x(a) - EM + 0.21 for a, b in itertools.pairwise(line)
               if is_han_like(str(a["c"])) and is_han_like(str(b["c"]))]
    return sorted(pitches)[len(pitches) // 2] if len(pitches) >= 3 else 0.0


def overhang(line: Line, edge: float) -> float:
    """How far the line's last glyph reaches past `edge`, in pt: a closing mark's ink is its left half (its
    blank half may hang past the edge, 行末点号半角), any other glyph's is its whole advance."""
    last = line[-1]
    right = x(last) + EM / 2 if str(last["c"]) in CLOSING else float(last["bbox"][2])  # type: ignore[index]
    return right - edge


def test_the_lines_before_a_long_number_take_in_more_so_that_it_fits(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """霜金生 ends the third line 5 em short of the edge: 12,345,678,900 (7 em) cannot start it. The second
    line takes in 调 by pushing in its commas (挤进), the third, starting a character later and pushing
    in its own, then holds the number: no line is loose, none is over the measure, and the paragraph
    keeps its five lines."""
    source = paragraph(3, 55)
    monkeypatch.setattr(weasy, "TIGHTEN_BEFORE", False)
    before = lines_of(render(source, COLUMN, css=CSS))
    loose = [number for number, line in enumerate(before[:-1]) if extra_per_gap(line) >= LOOSE_PT]
    assert loose == [2] and text(before[3]).startswith(NUMBER)  # the line before the number is loose
    monkeypatch.setattr(weasy, "TIGHTEN_BEFORE", True)
    pdf = render(source, COLUMN, css=CSS)
    lines = lines_of(pdf)
    assert len(lines) == len(before)
    assert text(lines[0]) == text(before[0])  # what it needs, the second and third lines take in
    assert text(lines[1]) == text(before[1]) + text(before[2])[0]
    assert text(lines[2]).endswith(NUMBER)
    assert max(extra_per_gap(line) for line in lines[:-1]) < LOOSE_PT
    edge = x(lines[0][0]) + COLUMN * EM
    assert max(overhang(line, edge) for line in lines) <= 0.3
    assert text_layer(pdf, tmp_path) == source


@pytest.mark.parametrize("group", [2, 3, 4])
@pytest.mark.parametrize("before", range(50, 80, 3))
def test_tightening_before_a_number_never_sets_a_line_past_the_measure(group: int, before: int,
                                                                       tmp_path: Path) -> None:
    """Wherever the number falls, what the lines before take in is set back into the measure (marks half
    width): no line reaches past the edge, the paragraph keeps its number of lines, the text layer is the
    source's, and no line is looser than without the rule."""
    source = paragraph(group, before)
    pdf = render(source, COLUMN, css=CSS)
    lines = lines_of(pdf)
    edge = x(lines[0][0]) + COLUMN * EM
    assert max(overhang(line, edge) for line in lines) <= 0.3
    assert text_layer(pdf, tmp_path) == source
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasy, "TIGHTEN_BEFORE", False)
        plain = lines_of(render(source, COLUMN, css=CSS))
    assert len(lines) == len(plain)
    assert max(extra_per_gap(line) for line in lines[:-1]) <= max(extra_per_gap(line) for line in plain[:-1]) + 0.01


def test_lines_that_cannot_take_in_enough_are_left_as_they_were(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines of Han characters alone have no mark to give way: the loose line before the number stays, and
    so does every line before it (no layout of them is kept)."""
    source = han(54) + NUMBER + "元，" + han(20, 10) + "。"
    lines = lines_of(render(source, COLUMN, css=CSS))
    assert extra_per_gap(lines[2]) >= LOOSE_PT and text(lines[3]).startswith(NUMBER)
    monkeypatch.setattr(weasy, "TIGHTEN_BEFORE", False)
    assert [text(line) for line in lines] == [text(line) for line in lines_of(render(source, COLUMN, css=CSS))]
