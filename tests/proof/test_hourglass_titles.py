"""proof's `unbalanced-title` rule on a centred title of three or more lines set 沙漏形 (hourglass: a
middle line the shortest), which GB/T 9704 §7.3.1 rejects for 梯形 or 菱形; on PDFs made for the test."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reportpress.proof import ProofReport
from tests.proof.pdfs import Doc, clean_doc, han


def title_findings(report: ProofReport) -> list[str]:
    return [finding.message for finding in report.findings if finding.rule == "unbalanced-title"]


@pytest.mark.parametrize(("lengths", "pinched"), [
    ((16, 11, 17), True),  # long / short / long: 沙漏形
    ((14, 13, 14), True),  # one character short is a shape too
    ((12, 9, 10, 12), True),  # four lines, an inner one the shortest
    ((9, 15, 17), False),  # 梯形: growing downward
    ((17, 15, 12), False),  # 倒梯形
    ((12, 17, 13), False),  # 菱形: the middle line the longest
    ((15, 15, 15), False),  # 矩形
    ((16, 11), False),  # two lines have no middle
])
def test_an_hourglass_title_is_unbalanced(proof: Callable[[Doc], ProofReport], lengths: tuple[int, ...],
                                          pinched: bool) -> None:
    doc = clean_doc()
    lines, start = [], 0
    for length in lengths:  # each line its own characters, broken by <br>: 22 pt, 20 to the line
        lines.append(han(length, start))
        start += length
    doc.blocks[0] = f"<h1>{'<br>'.join(lines)}</h1>"
    found = title_findings(proof(doc))
    if pinched:
        assert len(found) == 1 and "沙漏形" in found[0], found
    else:
        assert not found, found


@pytest.mark.parametrize(("subtitle_style", "off_grid"), [
    ("text-align: center; text-indent: 0", False),  # the display block's subtitle: may stand off the grid
    ("text-indent: 31.58pt", True),  # a body line at the same place is off it
])
def test_a_centred_display_block_may_stand_off_the_grid_the_text_after_it_may_not(
        proof: Callable[[Doc], ProofReport], subtitle_style: str, off_grid: bool) -> None:
    """A wrapped title at its display leading puts the centred lines under it (subtitle, speaker) off the
    28.95 pt grid; the padding under the block returns the text after it to the grid. The grid rule
    counts the body's lines, not the display block's."""
    doc = clean_doc()
    doc.blocks[0] = ('<h1 style="line-height: 33pt; margin-bottom: 0">二〇二六年某某区<br>政府工作报告</h1>'
                     f'<p style="{subtitle_style}; margin: 0 0 20.9pt">——在某某区第十届人民代表大会上</p>')
    found = [finding.message for finding in proof(doc).findings if finding.rule == "grid"]
    assert bool(found) == off_grid, found
    if off_grid:
        assert "off the 28.95 pt grid" in found[0]
