"""The loose-line rule in sizes other than the body's: the limit is a share of the em (0.6 pt at 16 pt),
so a 12 pt note spread 0.5 pt per gap is as loose to the eye as body text spread 0.67 pt."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reportpress.proof import ProofReport
from tests.proof.pdfs import Doc, clean_doc, han

# 12 pt lines 14.475 pt apart (half the grid): a block of notes-sized text the proof chains as one
SMALL = "font-size: 12pt; line-height: 14.475pt"
SPREAD = 33  # characters of the first line, which starts two 16 pt ems in: 33 × 12.3 pt fill it


def small_paragraph_doc(letter_spacing: float) -> tuple[Doc, str]:
    """clean_doc with a 12 pt paragraph of four lines after the title, its first line set with
    `letter_spacing` (the others at the document's −0.21 pt: the tight setting)."""
    text = han(SPREAD + 37 * 3 - 1, start=11) + "。"
    doc = clean_doc()
    body = f'<span style="letter-spacing: {letter_spacing}pt">{text[:SPREAD]}</span>{text[SPREAD:]}'
    doc.blocks.insert(1, f'<p style="{SMALL}">{body}</p>')
    return doc, text


def loose(report: ProofReport) -> list[tuple[int, str, str]]:
    return [(f.page, f.quote, f.message) for f in report.findings if f.rule == "loose-line"]


def test_a_small_line_spread_half_a_point_per_gap_is_loose(proof: Callable[[Doc], ProofReport]) -> None:
    doc, text = small_paragraph_doc(0.3)  # 0.51 pt more per gap than the tight −0.21: 4.3 % of 12 pt
    found = loose(proof(doc))
    assert [(page, quote) for page, quote, _ in found] == [(1, text[:14] + "…")]
    message = found[0][2]
    assert message.endswith("pt extra per gap (under 0.45 pt wanted at 12 pt)")
    assert float(message.split()[2]) == pytest.approx(0.51, abs=0.02)


def test_a_small_line_spread_a_third_of_a_point_passes(proof: Callable[[Doc], ProofReport]) -> None:
    doc, _ = small_paragraph_doc(0.1)  # 0.31 pt: 2.6 % of 12 pt, under the limit
    assert not loose(proof(doc))
