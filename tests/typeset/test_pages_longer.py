"""Full pages, one line longer (typeset/pages.py): what the corpus's pages ending a line short needed.

- a paragraph whose last line is nearly full, set one line longer with its last five lines narrowed,
  ends in a stub of two or three characters (refused: `weasy.FILLED_LAST_CHARACTERS`): two lines more
  narrowed (`pages.LONGER_LINES_MOST`) give it four or five, and the page is full;
- a paragraph that crosses the page foot with one line over (a widow push) set one line longer, so
  that two lines go over (`widows: 2`): the page is full at its first layout, no page laid out again.

Sources of our own making, built as `reportpress build` does and read back from the PDF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.proof.pages import analyse
from reportpress.proof.pdf import read_pdf
from reportpress.reader import read_source
from reportpress.typeset import pages
from tests.pdfread import block_paragraph_texts, body_text, find_in_order
from tests.typeset.test_full_pages import SHORT_PAGE, build_both, han_paragraph, page_lines, pure, source


def with_years(length: int, seed: int) -> str:
    """`length` characters of Han text with a year (2020) every fourteen: lines with Han–Western gaps,
    which a line narrowed for a full page spreads first, as in the reports (a pure-Han line narrowed
    is looser than `weasy.FILL_EXTRA_EM` allows at the first layout)."""
    chars = list(han_paragraph(length, seed))
    for index in range(6, len(chars) - 6, 14):
        chars[index:index + 4] = list("2020")
    return "".join(chars)


# the 193 one ends a line above the foot, its last line nearly full: its last five lines narrowed send
# five characters on, a last line of three; seven, of four (the next paragraph cannot start there)
STUB = source(*pure(200, 200, 200, 193, 240, 200, 200))
# the 323 one would leave one line on the next page (a widow push: one line empty on page 4); one line
# longer (its last seven lines narrowed: five leave a stub of three), two go over and page 4 is full
WIDOW = source(*pure(200, 200, 200, 200), with_years(323, 4), *pure(200))
# … and the 324 one, which the page-level retry filled by laying page 4 out again: now at once
WIDOW_AT_ONCE = source(*pure(200, 200, 200, 200), with_years(324, 4), *pure(200))


def split_paragraphs(pdf: Path) -> list[tuple[int, ...]]:
    """For each body paragraph that runs over a page break, its lines on each page."""
    proof = analyse(read_pdf(pdf), builtin_layout("gov-report"))
    found = []
    for block in proof.blocks:
        per_page = Counter(line.page for line in block.lines)
        if block.kind == "paragraph" and len(per_page) > 1:
            found.append(tuple(per_page[page] for page in sorted(per_page)))
    return found


def test_a_stub_is_made_longer_with_two_lines_more_narrowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off, on, pdf, extra = build_both(STUB, tmp_path, monkeypatch)
    assert off == [("short-page", SHORT_PAGE)]
    assert on == []
    assert page_lines(pdf, SHORT_PAGE) == (22, 0)
    assert extra >= 1  # the page laid out again: the 193 one is not the page's last paragraph
    document = read_source(tmp_path / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []
    # five lines narrowed, no more: the stub stays, refused, and the page short (the rule before)
    monkeypatch.setattr(pages, "LONGER_LINES_MOST", pages.LONGER_LINES)
    pdf = build(tmp_path / "report.md", formats=["pdf"], out_dir=tmp_path / "five").outputs["pdf"]
    assert page_lines(pdf, SHORT_PAGE) == (21, 0)


@pytest.mark.parametrize("text", [WIDOW, WIDOW_AT_ONCE], ids=["widow", "at-once"])
def test_a_widow_push_is_filled_by_two_lines_over(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off, on, pdf, extra = build_both(text, tmp_path, monkeypatch)
    assert off == [("short-page", SHORT_PAGE)]
    assert on == []
    assert page_lines(pdf, SHORT_PAGE) == (22, 0)
    assert extra == 0  # filled as WeasyPrint laid the page out, not laid out again
    splits = split_paragraphs(pdf)
    assert splits[-1][-1] == 2  # the paragraph at page 4's foot: two lines on page 5
    assert all(min(split) >= 2 for split in splits)  # no line alone either side of a break
    document = read_source(tmp_path / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []


def test_longer_narrows_at_most_seven_lines() -> None:
    """The modes `weasy._next_linebox` reads: from the N-th line on narrowed; a paragraph of seven lines
    or fewer may have every line narrowed, a longer one never (what a typographer saw: session 19)."""
    assert pages.longer_modes(12) == ["longer:7", "longer:5"]
    assert pages.longer_modes(6) == ["longer:1", "longer:0"]
    assert pages.longer_modes(4) == ["longer:0"]
