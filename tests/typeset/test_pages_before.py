"""Full pages, the page before (typeset/pages.py `before_plans`, weasy `_make_all_pages`): a short page
that no paragraph of its own can fill, laid out again after the page before it with one of that page's
paragraphs set one line longer or shorter, the two pages kept only where both come out full:

- one line longer on the page before: it sends a line on (the paragraph crossing to the short page
  takes it), everything on the short page moves down a line and the paragraph the orphan rule kept off
  its last line is not needed there any more (a hole of one line gone);
- one line shorter on the page before: a line of the crossing paragraph comes back, the hole grows to
  two lines and the next paragraph starts there with its first two (`orphans: 2`);
- the crossing paragraph itself one line shorter, its lines on the page before taking in more: the
  same hole of two;
- a page before with no paragraph that can change: nothing is laid out again, the PDF is the one
  WeasyPrint and the page's own plans make (`weasy.BEFORE_TRIES` 0, what main did).

Sources of our own making (page 4, the body's second, short; see test_full_pages.py): pure-Han
paragraphs neither gain nor lose a line (no mark to push in, last lines far from full), so only the
paragraph we make able can; built as `reportpress build` does and read back from the PDF by
`reportpress proof`; with the page before left alone (`BEFORE_TRIES` 0) page 4 stays short."""

from __future__ import annotations

import inspect
from collections import Counter
from pathlib import Path

import pytest
import weasyprint.layout
from weasyprint.layout import page as layout_page

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.proof import proof_pdf
from reportpress.proof.pages import analyse
from reportpress.proof.pdf import read_pdf
from reportpress.reader import read_source
from reportpress.typeset import pages, weasy
from tests.pdfread import block_paragraph_texts, body_text, find_in_order
from tests.typeset.test_full_pages import SHORT_PAGE, han_paragraph, source, with_commas
from tests.typeset.test_pages_longer import with_years

BEFORE = SHORT_PAGE - 1


def report(able: str) -> str:
    """Page 3 (the body's first, under the title): a paragraph of eight lines, `able` (seven lines),
    then one of seven crossing to page 4 with four lines here; page 4: its three, two of eight and one
    of two, 21 lines, and a paragraph of eight the orphan rule keeps off the last line."""
    return source(han_paragraph(200, 0), able, han_paragraph(180, 2), han_paragraph(200, 3), han_paragraph(200, 4),
                  han_paragraph(40, 5), han_paragraph(200, 6), han_paragraph(200, 7))


# seven lines, the last nearly full: one line longer (its last lines narrowed) it ends in eight; its
# years keep its narrowed lines off the pure-Han lines the proof counts per line (`grid`)
LONGER = report(with_years(225, 1))
# seven lines, the last of four characters, a comma every ten: one line shorter (marks pushed in) in six
SHORTER = report(with_commas(han_paragraph(170, 3)))
# page 3 with no paragraph that can change but the one crossing to page 4 (seven lines, four here, its
# last of three characters): a comma every ten characters in its lines on page 3, none on page 4 (page
# 4's own plans cannot shorten what it holds of it); set one line shorter from its first line on page 3
CROSSING_TEXT = han_paragraph(169, 2)
CROSSING = source(han_paragraph(200, 0), han_paragraph(180, 1), with_commas(CROSSING_TEXT[:110]) + CROSSING_TEXT[110:],
                  han_paragraph(200, 3), han_paragraph(200, 4), han_paragraph(40, 5), han_paragraph(200, 6),
                  han_paragraph(200, 7))
# the same page 3 with no paragraph that can change (pure Han) and a crossing paragraph of six (three and
# three): page 4 short the same way, the page before left as it is
UNABLE = source(*(han_paragraph(length, seed) for seed, length in enumerate((200, 200, 150, 200, 200, 40, 200, 200))))

RULES = ("short-page", "orphan-char", "stranded-heading", "loose-line", "grid")


def build_pdf(text: str, out: Path, tries: int, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, int]]:
    """The PDF of `text` with BEFORE_TRIES plans on the page before, and what `page_retries` counted."""
    return build_counted(text, out, "BEFORE_TRIES", tries, monkeypatch)


def build_counted(text: str, out: Path, switch: str, value: object, monkeypatch: pytest.MonkeyPatch
                  ) -> tuple[Path, dict[str, int]]:
    """The PDF of `text` with the module attribute `weasy.<switch>` set to `value`, and what
    `page_retries` counted meanwhile."""
    monkeypatch.setattr(weasy, switch, value)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(text, encoding="utf-8")
    before = dict(weasy.page_retries)
    pdf = build(out / "report.md", formats=["pdf"], out_dir=out).outputs["pdf"]
    return pdf, {name: weasy.page_retries[name] - before[name] for name in before}


def findings(pdf: Path) -> list[tuple[str, int]]:
    found = proof_pdf(pdf, builtin_layout("gov-report")).findings
    return [(finding.rule, finding.page) for finding in found if finding.rule in RULES]


def blocks(pdf: Path) -> dict[int, list[int]]:
    """The body blocks' lines on each page, from the body's first (the title's page) on."""
    proof = analyse(read_pdf(pdf), builtin_layout("gov-report"))
    per_page: dict[int, list[int]] = {}
    for block in proof.blocks:
        for page, lines in sorted(Counter(line.page for line in block.lines).items()):
            if block.kind == "paragraph":
                per_page.setdefault(page, []).append(lines)
    return per_page


@pytest.mark.parametrize(("text", "page_before", "short_page"), [
    (LONGER, [8, 8, 3], [4, 8, 8, 2]),
    (SHORTER, [8, 6, 5], [2, 8, 8, 2, 2]),
    (CROSSING, [8, 7, 4], [2, 8, 8, 2, 2]),
], ids=["longer-before", "shorter-before", "crossing-shorter"])
def test_a_paragraph_on_the_page_before_fills_a_short_page(
        text: str, page_before: list[int], short_page: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = build_pdf(text, tmp_path / "old", 0, monkeypatch)
    assert findings(old) == [("short-page", SHORT_PAGE)]
    assert blocks(old)[BEFORE] == [8, 7, 4] and blocks(old)[SHORT_PAGE] == [3, 8, 8, 2]
    pdf, counted = build_pdf(text, tmp_path / "new", pages.BEFORE_TRIES, monkeypatch)
    assert findings(pdf) == []
    # nothing else either: the lines of a paragraph laid out alone after the next page stand at their
    # page's margin (a recto's, not the verso's where its rest was laid out: `margins`, 26 mm for 28)
    assert not proof_pdf(pdf, builtin_layout("gov-report")).findings
    laid = blocks(pdf)
    assert laid[BEFORE] == page_before  # the able paragraph a line longer or shorter, the page still full
    assert laid[SHORT_PAGE] == short_page  # … and page 4 full: 22 lines
    assert len(analyse(read_pdf(pdf), builtin_layout("gov-report")).page(SHORT_PAGE).text) == 22
    assert counted["filled before"] == 1 and counted["extra layouts"] == 2  # the page before, then page 4
    document = read_source(tmp_path / "new" / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []


def test_a_page_before_that_cannot_change_is_left_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = build_pdf(UNABLE, tmp_path / "old", 0, monkeypatch)
    assert findings(old) == [("short-page", SHORT_PAGE)]
    pdf, counted = build_pdf(UNABLE, tmp_path / "new", pages.BEFORE_TRIES, monkeypatch)
    assert counted["pages before"] == 1  # offered to the page before …
    assert counted["extra layouts"] == 0 and counted["filled before"] == 0  # … which had no plan to try
    assert pdf.read_bytes() == old.read_bytes()


def test_only_a_paragraph_crossing_between_the_pages_lets_a_line_move() -> None:
    """`before_plans` asks nothing when no paragraph crosses from the page before to the short page
    (a line sent on would be alone on the short page, one taken back alone on the page before), or
    when a line moved would leave one line of the crossing paragraph alone on either."""
    class Block:
        def __init__(self, element: object, lines: int) -> None:
            self.element, self.lines = element, [object()] * lines

        def can_lengthen(self) -> bool:
            return True

        def can_shorten(self) -> bool:
            return True

        def natural(self) -> None:
            return None  # running on past the page: what follows the short page is not known

    shared, asked = object(), []

    def plans(before: list[Block], page: list[Block], free: int) -> list[tuple[tuple[object, str], ...]]:
        return list(pages.before_plans(before, page, free,  # type: ignore[arg-type]
                                       lambda candidate, mode: asked.append(mode) is None))

    able = Block(object(), 7)
    assert plans([able, Block(object(), 4)], [Block(object(), 3)], 1) == []  # nothing crosses
    assert plans([able, Block(shared, 2)], [Block(shared, 2)], 1) == []  # one line would be left alone
    assert asked == []
    assert plans([able, Block(shared, 3)], [Block(shared, 2)], 1) == [((able.element, "longer"),)]
    assert plans([able, Block(shared, 3)], [Block(shared, 3)], 2) == []  # nothing known fills two or three


def test_the_page_list_is_wrapped_only_while_the_extension_runs() -> None:
    """`_make_all_pages` replaces the `make_all_pages` that `layout_document` takes by name from the
    layout package (not `layout/page.py`'s own), and goes when the extension does; the internals it
    relies on are fingerprinted (test_weasy.py holds them to FINGERPRINTS)."""
    original = weasyprint.layout.make_all_pages
    assert original is layout_page.make_all_pages
    with weasy.inter_character_justification(), weasy.inter_character_justification():
        assert weasyprint.layout.make_all_pages is weasy._make_all_pages
        assert layout_page.make_all_pages is original  # what `internals` fingerprints stays WeasyPrint's
    assert weasyprint.layout.make_all_pages is original
    for name in ("layout.layout_document", "layout.page.make_all_pages", "layout.page.remake_page",
                 "css.targets.TargetCollector.cache_target_page_counters"):
        assert name in weasy.FINGERPRINTS
    assert "pages = list(make_all_pages(context, root_box, html, pages))" in \
        inspect.getsource(weasyprint.layout.layout_document)
