"""Footnotes in the PDF: every body printed, and numbers that restart on every page.

Every footnote body of the HTML has the id `fn-N` (`html.footnote_id`) and so is an anchor of the page it
lands on (`page.anchors`, WeasyPrint's public API); with per-page numbering its call gets the anchor
`fn-call-N` too, from a stylesheet of one rule a note (`call_anchor_css`). `lay_out_notes` reads both
after each layout:

- **No body lost.** The layout's CSS sets `footnote-policy: line` (a call whose body does not fit moves,
  with its line, to the next page, so body and call share a page and the bodies keep their order). One
  case remains in WeasyPrint 70 (`layout/block.py`, `_linebox_layout`): when the `orphans`-th line of a
  paragraph overflows the page, WeasyPrint moves the page's last notes to the next page to fit that line
  in — and never lays out the notes *called in that line*: their marks print, their bodies nowhere. A
  note missing from every page has the paragraph holding its call marked `KEEP_LINES` (`orphans: 3` in
  the layout's CSS, one more than the body's 2, so that line can no longer be squeezed in: the paragraph
  moves to the next page) and the document is laid out again; a note still missing is a RenderError
  naming it and its call's source line — never a silent loss.
- **Each body on its call's page.** The same branch squeezes that line in by moving the page's last
  bodies on, where they would print under the next page's calls with this page's marks
  (`typeset.weasy.NOTES_ON_CALL_PAGE`, in `_linebox_layout`, undoes it: the paragraph goes on whole, as
  one that cannot keep its orphans does).
- **Per-page numbers** (`[notes] footnote_numbering = "page"`, the Chinese way). GCPM's way is
  `@page { counter-reset: footnote }`, which WeasyPrint 70 ignores (its footnote counter lives on the
  root, which page boxes do not inherit: Kozea/WeasyPrint#2553). So the first footnote *called* on each
  later page is classed `PAGE_FIRST` (`counter-set: footnote 0`) and the document laid out again; a
  body moved to the next page keeps its call's number (counters follow the document, not the pages).
  Circled marks are all one em wide, so the pages do not move; a decimal call `10` → `1` may narrow a
  line, so the marks are read again after each layout until they hold (`MAX_PASSES` layouts in all; a
  layout whose marks still changed is a warning, not a silent misnumbering).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from reportpress.errors import RenderError

logger = logging.getLogger("reportpress.writers.pdf")

PAGE_FIRST = "rp-page-first"
KEEP_LINES = "rp-keep-lines"
MAX_PASSES = 6  # layouts in all: one, the marked one, one more should a decimal mark move a line, and rescues
CALL_PREFIX = "fn-call-"
IMPRINT_ANCHOR = "rp-imprint"
_BODY = re.compile(r"fn-(\d+)")
_CALL = re.compile(re.escape(CALL_PREFIX) + r"(\d+)")
# the footnote spans `html.py` writes (source text is escaped: `<span` never comes from a source)
_SPAN = re.compile(r'<span class="footnote((?: [\w-]+)*)" id="fn-(\d+)"')
_OURS = (PAGE_FIRST, KEEP_LINES)


@dataclass(frozen=True, slots=True)
class NotePages:
    """Where one layout put the notes: the page index (0-based) of each body and of each call, by number;
    and each body's place on its page (x, y) to check their order."""

    body: dict[int, int] = field(default_factory=dict)
    call: dict[int, int] = field(default_factory=dict)
    place: dict[int, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def read(cls, pages_anchors: Iterable[Mapping[str, Any]]) -> NotePages:
        found = cls()
        for index, anchors in enumerate(pages_anchors):
            for name, position in anchors.items():
                if match := _BODY.fullmatch(name):
                    number = int(match.group(1))
                    found.body.setdefault(number, index)
                    found.place.setdefault(number, (float(position[0]), float(position[1])))
                elif match := _CALL.fullmatch(name):
                    found.call.setdefault(int(match.group(1)), index)
        return found

    def out_of_order(self) -> list[int]:
        """The notes printed after a note that comes later in the text (page, then top to bottom)."""
        numbers = sorted(self.body)
        keys = [(self.body[number], self.place[number][1]) for number in numbers]
        return [numbers[i] for i in range(1, len(numbers)) if keys[i] < keys[i - 1]]


def note_numbers(html: str) -> list[int]:
    """The numbers of the footnote bodies in `html`, in order."""
    return [int(match.group(2)) for match in _SPAN.finditer(html)]


def call_anchor_css(numbers: Iterable[int]) -> str:
    """A stylesheet naming each note's call `fn-call-N`, an anchor of the page the call is printed on.
    The call is WeasyPrint's `::footnote-call` box, which no HTML id can name; `-weasy-anchor` is the
    property WeasyPrint itself sets from an `id`. Numbers only: nothing of the source."""
    return "\n".join(f'#fn-{number}::footnote-call {{ -weasy-anchor: "{CALL_PREFIX}{number}" }}'
                     for number in numbers)


def page_firsts(pages_anchors: Iterable[Mapping[str, Any]]) -> set[int]:
    """The footnotes (by number) that open a page's notes, the first page holding notes left out; a note
    belongs to the page of its call where the calls are anchors (`call_anchor_css`), else of its body."""
    return first_of_pages(NotePages.read(pages_anchors))


def first_of_pages(notes: NotePages) -> set[int]:
    """`page_firsts` of a layout already read."""
    pages = {number: notes.call.get(number, page) for number, page in notes.body.items()}
    pages |= {number: page for number, page in notes.call.items() if number not in pages}
    by_page: dict[int, int] = {}
    for number, page in pages.items():
        by_page[page] = min(number, by_page.get(page, number))
    return {number for page, number in by_page.items() if page != min(by_page)}


def mark_notes(html: str, firsts: Set[int], kept: Set[int] = frozenset()) -> str:
    """`html` with each footnote in `firsts` (and no other) classed `PAGE_FIRST`, each in `kept` (and no
    other) `KEEP_LINES`."""
    def mark(match: re.Match[str]) -> str:
        number = int(match.group(2))
        classes = [name for name in match.group(1).split() if name not in _OURS]
        classes += [PAGE_FIRST] * (number in firsts) + [KEEP_LINES] * (number in kept)
        return f'<span class="{" ".join(["footnote", *classes])}" id="fn-{number}"'

    return _SPAN.sub(mark, html)


def mark_page_firsts(html: str, firsts: set[int]) -> str:
    """`html` with each footnote in `firsts` (and no other) classed `PAGE_FIRST`."""
    return mark_notes(html, firsts)


def lift_css(page: int, height: str) -> str:
    """The stylesheet that lifts page `page`'s (0-based) footnote area `height` (the imprint's) off the page
    foot, where the imprint stands, and takes the imprint's place-keeping block out of the flow: on that
    page the lifted notes keep the text off the imprint."""
    return (f"@page :nth({page + 1}) {{ @footnote {{ margin-bottom: {height}; }} }}\n"
            ".imprint { height: 0 !important; }")


def lay_out_notes(html: str, render: Callable[[str, str], Any], *, per_page: bool,
                  where: Callable[[int], str] = str, imprint: str | None = None) -> Any:
    """`render(html, css)` — a WeasyPrint document, `css` an extra stylesheet — laid out again until every
    footnote body is on a page, the imprint (of height `imprint`, when the document has one) clears the
    notes of its page and, `per_page`, every page's first note is marked (see the module). `where(N)`
    names note N for an error (its call's source line). A note lost whatever is done is a RenderError."""
    numbers = note_numbers(html)
    firsts: set[int] = set()
    kept: set[int] = set()
    lost: list[int] = []
    lifted: int | None = None
    body: Any = None
    for _ in range(MAX_PASSES):
        # the last layout goes before the next is made: both at once would double the peak memory
        body = None
        body = render(mark_notes(html, firsts, kept), "" if lifted is None else lift_css(lifted, imprint or "0"))
        notes = NotePages.read(page.anchors for page in body.pages)
        lost = [number for number in numbers if number not in notes.body]
        if lost:
            if kept.issuperset(lost):
                break
            logger.debug("footnotes %s lost by WeasyPrint: laid out again with their lines kept", lost)
            kept.update(lost)
            continue
        page = imprint_page(page.anchors for page in body.pages) if imprint else None
        if page is not None and page != lifted and page in notes.body.values():
            lifted = page  # the notes of the imprint's page go above it (`lift_css`)
            continue
        if disorder := notes.out_of_order():
            logger.warning("footnotes %s are printed after a later note", ", ".join(map(where, disorder)))
        if not per_page:
            return body
        wanted = first_of_pages(notes)
        if wanted == firsts:
            return body
        firsts = wanted
    if lost:
        raise RenderError(_lost_message(lost, where))
    logger.warning("the footnotes did not settle after %d layouts: some page's notes may not start at 1, "
                   "or the imprint's page's notes may not clear it", MAX_PASSES)
    return body


def imprint_page(pages_anchors: Iterable[Mapping[str, Any]]) -> int | None:
    """The page index of the imprint (the layout's CSS names it `IMPRINT_ANCHOR`), if there is one."""
    return next((index for index, anchors in enumerate(pages_anchors) if IMPRINT_ANCHOR in anchors), None)


def _lost_message(lost: Sequence[int], where: Callable[[int], str]) -> str:
    named = "; ".join(where(number) for number in lost[:5]) + (" …" if len(lost) > 5 else "")
    return (f"WeasyPrint printed no body for footnote{'s' * (len(lost) > 1)} {named}: its call falls at a page "
            "foot where the page's notes leave no room (reword or split the paragraph, or move the note)")
