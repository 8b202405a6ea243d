"""Full pages, round 5 (typeset/pages.py `before_plans`, weasy `_fill_from_before`): the short pages the
page before could not reach.

- the paragraph crossing to the short page, two lines of it there: taking a line back would leave one
  alone (`widows: 2`), and its two lines there, narrowed, send on two characters, not a line; set one
  line longer from its lines on the page before (`pages._crossing_longer`), a line more goes on and the
  short page fills — its rest as it comes first, held to the last line a changed paragraph ends with
  (`weasy.FILLED_LAST_CHARACTERS`), else narrowed too (`pages.CROSSING_LONGER_REST`).

Sources of our own making (see test_pages_before.py: page 4, the body's second, short); read back from
the PDF by `reportpress proof`."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.layouts import builtin_layout
from reportpress.proof import proof_pdf
from reportpress.proof.pages import analyse
from reportpress.proof.pdf import read_pdf
from reportpress.reader import read_source
from reportpress.typeset import pages, weasy
from tests.pdfread import block_paragraph_texts, body_text, find_in_order
from tests.typeset.test_full_pages import SHORT_PAGE, han_paragraph, source
from tests.typeset.test_pages_before import BEFORE, blocks, build_pdf, findings
from tests.typeset.test_pages_longer import with_years

# page 3: a paragraph of eight, one of seven (pure Han: neither can change), then one of six crossing
# to page 4 with two lines there, its last nearly full and a year every fourteen characters (narrowed
# lines stay tight); page 4: its two, two of eight, one of three (21 lines), and a paragraph of eight
# the orphan rule keeps off the last line. Page 4's own plans can narrow only the crossing paragraph's
# two lines there: two characters on, a new last line of one (a stub, refused)
CROSSING_LONGER = source(han_paragraph(200, 0), han_paragraph(180, 1), with_years(192, 2), han_paragraph(200, 3),
                         han_paragraph(200, 4), han_paragraph(60, 5), han_paragraph(200, 6), han_paragraph(200, 7))


def last_line(pdf: Path, page: int, block: int) -> str:
    """The text of the last line the `block`-th paragraph of a page has there."""
    proof = analyse(read_pdf(pdf), builtin_layout("gov-report"))
    on_page = [b for b in proof.blocks if b.kind == "paragraph" and any(line.page == page for line in b.lines)]
    return [line for line in on_page[block].lines if line.page == page][-1].text


def test_the_crossing_paragraph_set_longer_from_the_page_before_fills_the_short_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = build_pdf(CROSSING_LONGER, tmp_path / "old", 0, monkeypatch)
    assert findings(old) == [("short-page", SHORT_PAGE)]
    assert blocks(old)[BEFORE] == [8, 7, 4] and blocks(old)[SHORT_PAGE] == [2, 8, 8, 3]
    pdf, counted = build_pdf(CROSSING_LONGER, tmp_path / "new", pages.BEFORE_TRIES, monkeypatch)
    assert not proof_pdf(pdf, builtin_layout("gov-report")).findings  # no short page, no loose line, no stub
    assert blocks(pdf)[BEFORE] == [8, 7, 4]  # the page before as full, its lines of the paragraph narrowed
    assert blocks(pdf)[SHORT_PAGE] == [3, 8, 8, 3]  # a line more on page 4: 22
    ending = [char for char in last_line(pdf, SHORT_PAGE, 0) if not char.isspace()]
    assert len(ending) >= weasy.FILLED_LAST_CHARACTERS
    assert counted["filled before"] == 1
    document = read_source(tmp_path / "new" / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []


def test_the_crossing_paragraph_is_offered_longer_only_with_its_end_on_the_short_page() -> None:
    """`before_plans` asks of the crossing paragraph set longer where its rest is two lines (shorter it
    would leave one alone), narrowing its last LONGER_LINES then LONGER_LINES_MOST over both pages and
    one at least on the page before; not when its end is not on the short page."""
    class Block:
        def __init__(self, element: object, lines: int, ends: bool) -> None:
            self.element, self.lines, self.ends = element, [object()] * lines, ends

        def can_lengthen(self) -> bool:
            return False

        def can_shorten(self) -> bool:
            return False

        def natural(self) -> tuple[int, int, int] | None:
            return (len(self.lines), 0, 1) if self.ends else None

    shared, asked = object(), []

    def plans(before: list[Block], page: list[Block], free: int) -> list[tuple[tuple[object, str], ...]]:
        return list(pages.before_plans(before, page, free,  # type: ignore[arg-type]
                                       lambda candidate, mode: asked.append(mode) is not None))

    unable = Block(object(), 7, True)
    assert plans([unable, Block(shared, 4, False)], [Block(shared, 2, True), Block(object(), 5, False)], 1) == []
    assert asked == [f"longer:{6 - pages.LONGER_LINES}", "longer:0"]  # never shorter:N: one line left alone
    asked.clear()
    assert plans([unable, Block(shared, 4, False)], [Block(shared, 9, False)], 1) == []
    assert asked == []  # the crossing paragraph runs on past the short page
