"""Full pages, two paragraphs (typeset/pages.py `page_plans`): a short page that no one paragraph set one
line longer or shorter fills, laid out again with two of its paragraphs each set one line shorter, so
that the hole at its foot becomes what the next block needs to start there:

- one line free before a paragraph of three lines (`orphans`, `widows`: 2, it cannot start in one line
  nor in two): two paragraphs shorter, three lines free, and the paragraph of three fits;
- two lines free before a heading and a paragraph of three (the heading needs its own line and the
  paragraph all three): two paragraphs shorter, four lines free, the heading and its paragraph fit.

Sources of our own making (page 4, the body's second, short; see test_full_pages.py), built as
`reportpress build` does and read back from the PDF; with the pairs left out (`pages.PAIRED` 1: no two
able paragraphs combined, as before) page 4 stays short."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.proof import proof_pdf
from reportpress.proof.pages import analyse
from reportpress.proof.pdf import read_pdf
from reportpress.reader import read_source
from reportpress.typeset import pages
from tests.pdfread import block_paragraph_texts, body_text, find_in_order
from tests.typeset.test_full_pages import SHORT_PAGE, build_both, han_paragraph, page_lines, pure, source, with_commas


def shortenable(length: int, seed: int) -> str:
    """A paragraph whose last line holds a few characters and whose lines have commas to push in
    (half an em each): set one line shorter, its lines take the last one in. Pure Han text around it
    can neither (no mark to push in, last lines far from full): only these two can change."""
    return with_commas(han_paragraph(length, seed))


# page 4: five lines of the paragraph from page 3, two of seven (their last of four characters), one of
# two, 21 lines; then a paragraph of three, which cannot start in one line nor in two
BEFORE_THREE = source(*pure(200, 200, 200), shortenable(170, 3), shortenable(170, 4), han_paragraph(40, 5),
                      han_paragraph(70, 7), *pure(200, 200))
# page 4: five, two of six (their last of four), one of three, 20 lines; then a heading and a paragraph
# of three: the heading with its three lines needs four
BEFORE_HEADING = source(*pure(200, 200, 200), shortenable(142, 3), shortenable(142, 4), han_paragraph(70, 5),
                        "## （一）测试标题", han_paragraph(70, 7), *pure(200, 200))


def blocks_on(pdf: Path, number: int) -> list[tuple[str, int]]:
    """The blocks with a line on page `number`: (kind, its lines there)."""
    proof = analyse(read_pdf(pdf), builtin_layout("gov-report"))
    found = []
    for block in proof.blocks:
        lines = Counter(line.page for line in block.lines)[number]
        if lines:
            found.append((block.kind, lines))
    return found


def loose_lines(pdf: Path) -> int:
    return sum(1 for finding in proof_pdf(pdf, builtin_layout("gov-report")).findings if finding.rule == "loose-line")


@pytest.mark.parametrize(("text", "changed", "foot"), [
    (BEFORE_THREE, [("paragraph", 6), ("paragraph", 6)], [("paragraph", 2), ("paragraph", 3)]),
    (BEFORE_HEADING, [("paragraph", 5), ("paragraph", 5)], [("paragraph", 3), ("heading", 1), ("paragraph", 3)]),
], ids=["paragraph-of-three", "heading-and-three"])
def test_two_paragraphs_shorter_open_the_hole_the_next_block_needs(
        text: str, changed: list[tuple[str, int]], foot: list[tuple[str, int]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    off, on, pdf, extra = build_both(text, tmp_path, monkeypatch)
    assert off == [("short-page", SHORT_PAGE)]
    assert on == []
    assert page_lines(pdf, SHORT_PAGE) == (22, 0)
    on_page = blocks_on(pdf, SHORT_PAGE)
    assert on_page[1:3] == changed  # the two with commas, each a line shorter
    assert on_page[-len(foot):] == foot  # … and the next block, whole, at the foot
    assert extra == 1  # the pair first: one paragraph shorter leaves a hole of no use, not laid out for
    assert loose_lines(pdf) == 0  # taken in, never spread
    document = read_source(tmp_path / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []
    # no two paragraphs combined (what the retry did before): each alone leaves a hole of no use
    monkeypatch.setattr(pages, "PAIRED", 1)
    pdf = build(tmp_path / "report.md", formats=["pdf"], out_dir=tmp_path / "alone").outputs["pdf"]
    assert page_lines(pdf, SHORT_PAGE)[0] < 22


def test_what_the_next_block_takes_at_the_page_foot() -> None:
    """`_takes`: a hole filled to the foot by a paragraph of N lines (all of them, or two or more with
    two left) or a heading (its line) and its paragraph."""
    assert pages._takes(3, ("p", 3)) and not pages._takes(2, ("p", 3))
    assert pages._takes(2, ("p", 4)) and not pages._takes(3, ("p", 4)) and pages._takes(4, ("p", 4))
    assert pages._takes(4, ("h", 3)) and not pages._takes(3, ("h", 3))
    assert pages._takes(3, ("h", 6)) and not pages._takes(2, ("h", 6))
