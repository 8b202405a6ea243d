"""Full pages, two pages at once (typeset/pages.py `combined_plans`, weasy `_make_page_after`): a short
page whose hole neither page fills alone — the page before can move one line, which leaves the hole one
line off what the next block needs, and the short page can change one paragraph, which leaves it one
line off too — filled by the two together: the page before laid out with its plan, then the short page
after it with one of its own (`page_plans`), both kept only where both come out full.

- two lines free before a heading (it needs its own line and two): a paragraph on the page before set
  one line longer sends a line on (one free), and one on the short page set one line longer takes it;
- one line free before a heading: one on the page before set one line shorter takes a line back (two
  free), and one on the short page set shorter makes the third.

Sources of our own making (page 4, the body's second, short; see test_full_pages.py): pure-Han
paragraphs neither gain nor lose a line, so only the two we make able can. The PDF is read back with
PyMuPDF (body-size lines on each page) and `reportpress proof` (each paragraph's lines on each page);
with `weasy.TWO_PAGE_PLANS` off page 4 stays short, as on main."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from reportpress.layouts import builtin_layout
from reportpress.proof import proof_pdf
from reportpress.proof.pages import analyse
from reportpress.proof.pdf import read_pdf
from reportpress.reader import read_source
from reportpress.typeset import pages
from tests.pdfread import block_paragraph_texts, body_text, find_in_order
from tests.typeset.test_full_pages import SHORT_PAGE, han_paragraph, source, with_commas
from tests.typeset.test_pages_before import UNABLE, build_counted
from tests.typeset.test_pages_longer import with_years

BEFORE = SHORT_PAGE - 1
HEADING = "## （一）测试标题"
BODY_SIZE = 16.0  # gov-report's body and headings, 三号; the folio is 14 pt, the title 22

# page 3: a paragraph of eight lines, one of seven whose last line is nearly full (one line longer: its
# last lines narrowed, eight; its years keep the narrowed lines off the pure-Han grid), one of seven
# crossing to page 4 with four lines there; page 4: its three, one of eight, the same kind of seven and
# one of two: 20 lines, two free before a heading that needs three
LONGER = source(han_paragraph(200, 0), with_years(225, 1), han_paragraph(180, 2),
                han_paragraph(200, 3), with_years(225, 4), han_paragraph(40, 5), HEADING,
                han_paragraph(200, 6), han_paragraph(200, 7))
# the same with paragraphs of seven lines whose last holds four characters and a comma every ten (one
# line shorter: marks pushed in, six), and a paragraph of three at page 4's foot: 21 lines, one free
SHORTER = source(han_paragraph(200, 0), with_commas(han_paragraph(170, 3)), han_paragraph(180, 2),
                 han_paragraph(200, 3), with_commas(han_paragraph(170, 5)), han_paragraph(60, 5), HEADING,
                 han_paragraph(200, 6), han_paragraph(200, 7))

RULES = ("short-page", "orphan-char", "stranded-heading", "loose-line", "grid")


def build_pdf(text: str, out: Path, on: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, int]]:
    """The PDF of `text` with plans over two pages on or off, and what `page_retries` counted."""
    return build_counted(text, out, "TWO_PAGE_PLANS", on, monkeypatch)


def body_lines(pdf: Path, number: int) -> int:
    """The lines set in the body's size on a page, read by PyMuPDF: their distinct baselines."""
    with pymupdf.open(pdf) as document:
        baselines = {round(span["origin"][1]) for block in document[number - 1].get_text("dict")["blocks"]
                     for line in block.get("lines", ()) for span in line["spans"]
                     if span["text"].strip() and abs(span["size"] - BODY_SIZE) < 0.5}
    return len(baselines)


def split(pdf: Path) -> dict[int, list[int]]:
    """Each body paragraph's lines on each page it stands on, by page (`reportpress proof`'s reading)."""
    proof = analyse(read_pdf(pdf), builtin_layout("gov-report"))
    per_page: dict[int, list[int]] = {}
    for block in proof.blocks:
        if block.kind == "paragraph":
            for page, lines in sorted(Counter(line.page for line in block.lines).items()):
                per_page.setdefault(page, []).append(lines)
    return per_page


def widows_and_orphans(pdf: Path) -> list[tuple[int, ...]]:
    """The paragraphs running over a page break with a single line on either side of it."""
    proof = analyse(read_pdf(pdf), builtin_layout("gov-report"))
    found = []
    for block in proof.blocks:
        parts = tuple(Counter(line.page for line in block.lines).values())
        if len(parts) > 1 and min(parts) < 2:
            found.append(parts)
    return found


def findings(pdf: Path) -> list[tuple[str, int]]:
    return [(finding.rule, finding.page) for finding in proof_pdf(pdf, builtin_layout("gov-report")).findings
            if finding.rule in RULES]


@pytest.mark.parametrize(("text", "page_before", "short_page", "own_first"), [
    (LONGER, [8, 8, 3], [4, 8, 8, 2], 0),
    (SHORTER, [8, 6, 5], [2, 8, 6, 3, 2], 1),
], ids=["longer-on-both", "shorter-on-both"])
def test_a_page_no_plan_of_one_page_fills_is_filled_by_both(
        text: str, page_before: list[int], short_page: list[int], own_first: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = build_pdf(text, tmp_path / "old", False, monkeypatch)
    assert findings(old) == [("short-page", SHORT_PAGE)]
    assert body_lines(old, SHORT_PAGE) < 22
    pdf, counted = build_pdf(text, tmp_path / "new", True, monkeypatch)
    assert not proof_pdf(pdf, builtin_layout("gov-report")).findings  # nothing at all: no loose line either
    assert body_lines(pdf, SHORT_PAGE) == 22  # the heading went on to page 5 (longer) or stands on page 4
    laid, was = split(pdf), split(old)
    assert laid[BEFORE] == page_before and laid[SHORT_PAGE] == short_page  # one paragraph changed on each
    assert sum(laid[BEFORE]) == sum(was[BEFORE])  # the page before as full as it was
    assert widows_and_orphans(pdf) == []
    assert counted["combined"] == 1 and counted["filled combined"] == 1 and counted["filled before"] == 1
    # the short page's own plans first (`shorter-on-both`: its paragraph set shorter alone leaves two
    # lines free; `longer-on-both`: two would be needed, and it has one), then the page before, the
    # short page behind it, and the short page with its own plan: what the build cost beyond the first
    assert counted["extra layouts"] == own_first + 3
    document = read_source(tmp_path / "new" / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []


def test_pages_before_are_the_same_bytes_where_two_pages_cannot_fill(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no paragraph of either page can change (pure Han), no plan over two pages is laid out and
    the PDF is the one made without them, byte for byte."""
    old, _ = build_pdf(UNABLE, tmp_path / "old", False, monkeypatch)
    pdf, counted = build_pdf(UNABLE, tmp_path / "new", True, monkeypatch)
    assert findings(pdf) == [("short-page", SHORT_PAGE)]
    assert counted["combined"] == 0 and counted["extra layouts"] == 0
    assert pdf.read_bytes() == old.read_bytes()


class Line:
    def descendants(self) -> tuple[()]:
        return ()  # nothing held: what `fewest_tightened` reads of the crossing paragraph's last line


class Block:
    """What `before_plans` and `page_plans` read of a paragraph laid out on a page (a `Candidate`)."""

    def __init__(self, element: object, lines: int, natural: tuple[int, int, int] | None = None,
                 lengthen: bool = False, shorten: bool = False) -> None:
        self.element, self.lines, self._natural = element, [Line() for _ in range(lines)], natural
        self.lengthen, self.shorten = lengthen, shorten
        self.block = type("Box", (), {"width": 448.0, "style": {"font_size": 16.0}})()  # 28 em

    def can_lengthen(self) -> bool:
        return self.lengthen

    def can_shorten(self) -> bool:
        return self.shorten

    def natural(self) -> tuple[int, int, int] | None:
        return self._natural

    @staticmethod
    def reach(line: object, mode: str) -> float:
        return 0.0


class Element:
    """A paragraph's element, followed by a heading and a paragraph of 80 characters (three lines)."""

    def get(self, name: str) -> str | None:
        return "h:80" if name == pages.FOLLOWING else None


def test_two_page_plans_are_those_no_page_fills_alone() -> None:
    """`combined_plans` offers a plan of the page before only for a hole it leaves that no plan of the
    page before fills alone (none, or four lines for the heading and its three: `before_plans`' own)
    and that a paragraph of the short page, not the one crossing to it, can then take."""
    shared = object()
    able = Block(object(), 7, (7, 0, 6), lengthen=True, shorten=True)
    last = Block(Element(), 8, (8, 0, 7), lengthen=True, shorten=True)
    page = [Block(shared, 3, (3, 0, 2)), last]  # the crossing paragraph's three lines, then the last
    asked: list[object] = []

    def plans(free: int, short_page_can: set[str]) -> list[tuple[tuple[object, str], ...]]:
        def can(candidate: Block, mode: str) -> bool:
            asked.append(candidate)
            return candidate is able or (candidate is last and mode in short_page_can)
        return list(pages.combined_plans([able, Block(shared, 4)], page, free, can))  # type: ignore[arg-type]

    # two free before the heading: one line sent on leaves one, which the short page's paragraph takes
    assert plans(2, {"longer"}) == [((able.element, "longer"),)]
    assert page[0] not in asked  # the crossing paragraph's lines on the short page move: not asked
    assert plans(2, set()) == []  # nothing on the short page can change: no plan
    # one free: a line sent on fills the page alone (`before_plans`' own, not offered here); one taken
    # back leaves two, and the short page's paragraph set shorter three, for the heading and two lines
    assert plans(1, {"shorter"}) == [((able.element, "shorter"),)]
    assert plans(1, {"longer"}) == []
