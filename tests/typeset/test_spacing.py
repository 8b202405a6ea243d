"""Justification spacing (`typeset/spacing.py`): each gap's share, and the letter spacing that gives it."""

from __future__ import annotations

from reportpress.typeset import spacing


def test_letter_spacing_ranges() -> None:
    # 中 and 文 expandable (3 bytes each), the digits not, the word joiner gets 0 instead of the base
    assert spacing.letter_spacing_ranges("中文12\u2060·", -0.28, 2.0) == [(0, 6, 1.72), (8, 11, 0.0)]
    # nothing to do without justification and without invisible characters
    assert spacing.letter_spacing_ranges("中文12", -0.28, 0.0) == []
    # a loose line spreads digits too, but never a connector
    assert spacing.letter_spacing_ranges("中12—", 0.0, 1.0, loose=True) == [(0, 5, 1.0)]


def test_gap_weights() -> None:
    assert spacing.gap_weight("中", "文") == 1
    assert spacing.gap_weight("中", "1") == 0.5
    assert spacing.gap_weight("1", "2") == 0
    assert spacing.gap_weight("—", "—") == 0
    assert spacing.gap_weight("。", "”") == 0  # a compressed pair stays tight
    assert spacing.text_weight("中文中") == 2
    assert spacing.text_weight("中12文") == 1  # 中|1 and 2|文 take half each
