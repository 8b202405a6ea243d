"""Footnote numbers that restart on every page (`[notes] footnote_numbering = "page"`, the Chinese way).

GCPM's way is `@page { counter-reset: footnote }`, which WeasyPrint 70 ignores (its footnote counter
lives on the root, which page boxes do not inherit: Kozea/WeasyPrint#2553). So the PDF writer lays the
document out once, reads on which page each footnote body landed (its id, `html.footnote_id`, is an
anchor of that page: public API), classes the first footnote of every later page `rp-page-first`
(`counter-set: footnote 0` in the layout's CSS) and lays it out again. Circled marks are all one em
wide, so the pages do not move; a decimal call `10` → `1` may narrow a line by a digit, so the pass is
repeated until the marks hold (twice at most in practice, `MAX_PASSES` in any case).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

PAGE_FIRST = "rp-page-first"
MAX_PASSES = 3
_ID = re.compile(r"fn-(\d+)")


def page_firsts(pages_anchors: Iterable[Mapping[str, object]]) -> set[int]:
    """The footnotes (by number) that open a page's notes, the first page holding notes left out."""
    firsts: set[int] = set()
    seen = False
    for anchors in pages_anchors:
        numbers = [int(match.group(1)) for name in anchors if (match := _ID.fullmatch(name))]
        if numbers:
            if seen:
                firsts.add(min(numbers))
            seen = True
    return firsts


def mark_page_firsts(html: str, firsts: set[int]) -> str:
    """`html` with each footnote in `firsts` (and no other) classed `PAGE_FIRST`."""
    def mark(match: re.Match[str]) -> str:
        number = int(match.group(2))
        classes = "footnote " + PAGE_FIRST if number in firsts else "footnote"
        return f'<span class="{classes}" id="fn-{number}"'

    return re.sub(r'<span class="footnote( ' + PAGE_FIRST + r')?" id="fn-(\d+)"', mark, html)
