"""Stops as the last push-in points (CLREQ #line_adjustment, reduction order step 7: 。？！ down to ½ em),
read back from the PDF: the text pass (`cjk.push_in_points`) marks them in quanjiao style; the
justification extension takes their blank half only when a line has no pause mark left to give.

`weasy._push_in_order` takes the stops the text pass marks after the pause marks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.typeset.test_line_adjustment import EM, lines_of, render, text, text_layer, x


def test_a_loose_line_with_only_a_stop_pushes_it_in(tmp_path: Path) -> None:
    """In 10.75 em, ten characters leave 0.75 em and the line has no pause mark: the 。 after the lead
    sentence gives up its blank half, so 癸 fits and the line is not spread by one em over nine gaps."""
    source = "甲乙。丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。"
    pdf = render(source, 10.75)
    first = lines_of(pdf)[0]
    assert text(first) == "甲乙。丙丁戊己庚辛壬癸"
    stop = text(first).index("。")
    assert x(first[stop + 1]) - x(first[stop]) == pytest.approx(EM / 2, abs=0.6)
    assert x(first[-1]) + EM == pytest.approx(x(first[0]) + 10.75 * EM, abs=0.5)
    assert text_layer(pdf, tmp_path) == source


def test_a_pause_mark_goes_before_a_stop(tmp_path: Path) -> None:
    """With a ， and, nearer the line's end, a 。 on the line and room for one of them, the ， gives way
    and the 。 stays full (the pause marks first, CLREQ's order)."""
    source = "甲乙，丙丁。戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。"
    pdf = render(source, 11.75)
    first = lines_of(pdf)[0]
    assert text(first) == "甲乙，丙丁。戊己庚辛壬癸"
    comma = text(first).index("，")
    assert x(first[comma + 1]) - x(first[comma]) == pytest.approx(EM / 2, abs=0.6)
    stop = text(first).index("。")
    assert x(first[stop + 1]) - x(first[stop]) >= EM - 0.1
    assert text_layer(pdf, tmp_path) == source
