"""Full pages (GB/T 9704 §5.2.3: 22 lines on every page): a paragraph set one line longer or shorter
where the widow, orphan and heading-keep rules would leave a hole at the page foot.

In: a body paragraph about to be laid out on a page (from `weasy._iter_line_boxes`, which calls
`fill_page` while the justification extension is active). Out: its lines, as WeasyPrint's line breaking
and the extension set them, or — when that fills the page and keeps every rule — set one line longer
(each line a character narrower, justified to the full width, never looser than `weasy.MAX_GAP_EM`) or
one line shorter (its last lines, the fewest it takes, taking in what line-end compression and push-in
allow: `shorter_modes`). The typographer's
way, as LaTeX's lua-widow-control does it, but decided in the one layout WeasyPrint makes: a second
render of the document costs about a third of a build, which the build-time budget does not allow.

The paragraph's lines are laid out ahead up to two lines past the page foot (never the rest of a long
paragraph), so what the page will hold is known before WeasyPrint sees the first line:

- `widow`: the paragraph crosses the page foot with one line over (`widows: 2` would push two lines to
  the next page and leave one empty): set one line shorter, it ends at the foot; else one line longer,
  two lines go over and the page is full (a paragraph of three lines or more: two stay);
- `orphan` / `heading`: the paragraph ends one line above the foot and what follows (a paragraph of two
  lines or more, `orphans: 2`; a heading, `break-after: avoid`) cannot start there: set one line longer;
  else one line shorter when the next block then fits two lines or more (a paragraph of four lines or
  more, or of two);
- two lines above the foot, followed by a heading and its paragraph or by a paragraph of three lines
  (neither can start in two lines): one line shorter, and three lines hold them.

One line longer narrows the last LONGER_LINES lines; where that leaves a stub (the new last line
under `weasy.FILLED_LAST_CHARACTERS`) or gains no line, the last LONGER_LINES_MOST (`longer_modes`).

What follows is read from the HTML (the next element and its text length, in lines of the measure):
an estimate, and a wrong one costs nothing but the change: the page is never made worse than
WeasyPrint leaves it, since the next block is laid out by WeasyPrint's rules whatever this pass did.
A paragraph with a footnote call (its note changes the page foot) or beside a float is left as it is.

What one paragraph cannot see, the page can (`weasy._make_page`, below `page_plans`): a page that still
ends short is laid out again with another of its paragraphs (one with a footnote, a glossary entry,
one above the foot) set one line longer or shorter, each tried alone first, then two together (two
lines longer for a hole of two; two shorter where the hole must grow by two for the next block to
start in it); see "page-level retry". What no paragraph of a short page can do, one on the page before
may (`before_plans`); and what neither can alone, one on each together (`combined_plans`).
"""

from __future__ import annotations

import contextlib
import html
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

Lines = list[tuple[Any, Any]]
# a paragraph's lines as they come (`planned_change`): how many, how many of them but the last are loose,
# and how many lines before its last a "shorter" layout tightens first (`fewest_tightened`)
Natural = tuple[int, int, int]
# what `_iter_in_mode` is: the block's lines laid out in a mode (None, "longer", "shorter")
LineMaker = Callable[[str | None, tuple[Any, ...]], Iterator[tuple[Any, Any]]]

HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# on each body paragraph (a `<p>` without a class, in `<main>`), set by the text pass (`mark_following`):
# what follows it, `p:N` (a paragraph of N characters) or `h:N` (a heading, then a paragraph of N)
FOLLOWING = "data-rp-next"
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset({"br", "img", "hr", "wbr", "meta", "link", "input", "col", "source"})


def mark_following(document: str) -> str:
    """`document` with each body paragraph followed by a paragraph, or by a heading and a paragraph,
    marked with what follows (`FOLLOWING`): `fill_page` reads it during the layout, where the box of a
    paragraph does not know its siblings. Only tags and digits are written: nothing of the source."""
    opened = document.find("<main")
    closed = document.rfind("</main>")
    if opened < 0 or closed < opened:
        return document
    blocks = _flow_blocks(document, document.index(">", opened) + 1, closed)
    inserts: list[tuple[int, str]] = []
    for index, (tag, at, plain, _) in enumerate(blocks):
        if tag != "p" or not plain or index + 1 >= len(blocks):
            continue
        after_tag, _, after_plain, after_length = blocks[index + 1]
        if after_tag == "p" and after_plain:
            inserts.append((at, f' {FOLLOWING}="p:{after_length}"'))
        elif after_tag in HEADINGS and index + 2 < len(blocks) and blocks[index + 2][0] == "p":
            inserts.append((at, f' {FOLLOWING}="h:{blocks[index + 2][3]}"'))
    # joined once: a copy of the document for each insert grew with the square of its length
    parts: list[str] = []
    start = 0
    for at, text in inserts:
        parts += (document[start:at], text)
        start = at
    return "".join([*parts, document[start:]])


def _flow_blocks(document: str, start: int, end: int) -> list[tuple[str, int, bool, int]]:
    """The elements directly inside `document[start:end]`: (tag, where its name ends in its open tag,
    whether it has no class, its characters but spaces)."""
    blocks: list[tuple[str, int, bool, int]] = []
    depth, position = 0, start
    current: tuple[str, int, bool] | None = None
    length = 0
    for match in _TAG.finditer(document, start, end):
        if current is not None:
            length += _characters(document[position:match.start()])
        position = match.end()
        closing, tag = match.group(1), match.group(2).lower()
        void = bool(match.group(3)) or tag in _VOID
        if closing:
            depth -= 1
            if depth == 0 and current is not None:
                blocks.append((*current, length))
                current = None
        elif not void:
            if depth == 0:
                current, length = (tag, match.start() + 1 + len(tag), "class=" not in match.group(0)), 0
            depth += 1
    return blocks


def _characters(text: str) -> int:
    return sum(1 for char in html.unescape(text) if not char.isspace())


def fillable(block: Any) -> bool:
    """Whether a block is a body paragraph followed by a paragraph or a heading (`mark_following`): the
    paragraphs whose length this pass may change."""
    element = getattr(block, "element", None)
    return getattr(block, "element_tag", None) == "p" and element is not None and element.get(FOLLOWING) is not None


def fill_page(context: Any, bottom_space: float, args: tuple[Any, ...], lines_in: LineMaker,
              good: Callable[[Lines], bool] | None = None,
              reach: Callable[[Any, str], float] | None = None) -> Iterator[tuple[Any, Any]]:
    """The lines of the paragraph `args` start (`weasy._iter_line_boxes`'s arguments), set one line
    longer or shorter where that fills the page; `good` says whether a changed set of lines keeps the
    extension's rules (no 孤字, no line looser than the cap); `reach`: what a line could take in
    (`fewest_tightened`; without it, a paragraph set shorter tightens every line)."""
    absolute_boxes, fixed_boxes = args[6], args[7]
    before = len(absolute_boxes), len(fixed_boxes)
    first = lines_in(None, args)
    seen: Lines = []
    for pair in first:
        seen.append(pair)
        if pair[1] is None or _over(context, bottom_space, seen) >= 2:
            break
    plans = [] if seen[-1][1] is not None or context.excluded_shapes \
        else _plans(context, bottom_space, args, seen, reach)
    if plans:
        after = len(absolute_boxes), len(fixed_boxes)
        for mode, count, over in plans:
            changed = list(lines_in(mode, args))
            if len(changed) == count and _over(context, bottom_space, changed) == over \
                    and (good is None or good(changed)):
                del absolute_boxes[before[0]:after[0]], fixed_boxes[before[1]:after[1]]  # the first layout's
                yield from changed
                return
            del absolute_boxes[after[0]:], fixed_boxes[after[1]:]
    yield from seen
    yield from first


def _fits(context: Any, bottom_space: float, line: Any) -> bool:
    return not context.overflows_page(bottom_space, line.position_y + line.height)


def _over(context: Any, bottom_space: float, lines: Lines) -> int:
    """How many of the lines fall past the page foot."""
    return sum(1 for line, _ in lines if not _fits(context, bottom_space, line))


def _has_footnote(lines: Lines) -> bool:
    return any(getattr(descendant, "footnote", None) is not None
               for line, _ in lines for descendant in line.descendants())


def _plans(context: Any, bottom_space: float, args: tuple[Any, ...], lines: Lines,
           reach: Callable[[Any, str], float] | None = None) -> list[tuple[str, int, int]]:
    """The changes worth a try, best first, for a paragraph whose lines (all of them) are `lines`:
    (mode, the number of lines it must then have, how many of them past the page foot)."""
    if _has_footnote(lines):
        return []
    count, over = len(lines), _over(context, bottom_space, lines)
    fewest = count - 1 if reach is None else fewest_tightened([line for line, _ in lines], reach)
    plans = _plans_of(context, bottom_space, args, lines, count, over)
    # shorter: the fewest lines from the end tightened first, then more (`shorter_modes`)
    return [(mode, want, past) for planned, want, past in plans
            for mode in (shorter_modes(count, fewest) if planned == "shorter" else [planned])]


def _plans_of(context: Any, bottom_space: float, args: tuple[Any, ...], lines: Lines, count: int,
              over: int) -> list[tuple[str, int, int]]:
    """`_plans`, "shorter" standing for each of `shorter_modes`."""
    if over == 1:
        # widow: end at the foot; else one line longer, two lines over (`widows: 2`) and two or more
        # left on the page (`orphans: 2`), so that the page is full and the next starts with two
        shorter = [("shorter", count - 1, 0)] if count >= 2 else []
        return shorter + [(mode, count + 1, 2) for mode in longer_modes(count)] if count >= 3 else shorter
    if over:
        return []
    last = lines[-1][0]
    free = math.floor((context.page_bottom - bottom_space - last.position_y - last.height) / last.height + 0.05)
    block = args[5]
    following = _following(block.element, block.width / block.style["font_size"])
    if following is None:
        return []
    kind, next_lines = following
    plans: list[tuple[str, int, int]] = []
    if free == 1:
        # the last lines narrowed (the fewest lines loosened); shorter; then a few more lines narrowed
        first, *more = longer_modes(count)
        plans.append((first, count + 1, 0))
        if kind == "p" and (next_lines >= 4 or next_lines == 2) and count >= 2:
            plans.append(("shorter", count - 1, 0))
        plans.extend((mode, count + 1, 0) for mode in more)
    elif free == 2 and count >= 2 and ((kind == "h" and next_lines >= 4) or (kind == "p" and next_lines == 3)):
        plans.append(("shorter", count - 1, 0))
    return plans


def longer_modes(count: int) -> list[str]:
    """How to set a paragraph of `count` lines one line longer, in the order to try (`weasy._next_linebox`
    reads `longer:N`: its lines from the N-th on narrowed, each sending about a character on): the last
    LONGER_LINES lines; then the last LONGER_LINES_MOST, for a paragraph whose new last line was a stub
    under FILLED_LAST_CHARACTERS (two characters more) or whose last line was a character or two short
    of making one. Never every line of a longer paragraph (what a typographer saw, `planned_change`)."""
    return list(dict.fromkeys(f"longer:{max(0, count - lines)}" for lines in (LONGER_LINES, LONGER_LINES_MOST)))


def shorter_modes(count: int, fewest: int) -> list[str]:
    """How to set a paragraph of `count` lines one line shorter, in the order to try (`weasy._next_linebox`
    reads `shorter:N`: its lines from the N-th on taking in what they can): the `fewest` lines before its
    last that could take in what the last holds (`fewest_tightened`), so that the lines above are set as
    they were and no more marks are pushed in than the one line needs; then SHORTER_MORE more (a line
    takes in less than it could); then every line, as one `shorter` layout did before."""
    return shorter_from(count - 1 - fewest)


def shorter_from(start: int) -> list[str]:
    """`shorter:N` from the line `start` on, then from SHORTER_MORE lines earlier, then from the first."""
    return list(dict.fromkeys(f"shorter:{max(0, line)}" for line in (start, start - SHORTER_MORE, 0)))


def fewest_tightened(lines: list[Any], reach: Callable[[Any, str], float]) -> int:
    """How many lines before the last of a paragraph (its line boxes as they come), counted from the
    end backwards, it takes for their reach (`reach(line, "shorter")`, in characters, at most one each:
    a tightened line takes in the first break it can, most often one character, and sends the rest of
    the shift on) to add up to what the last line holds (`_held`); all of them when they never do."""
    need = _held(lines[-1]) if lines else 0.0
    taken = 0.0
    for number, line in enumerate(reversed(lines[:-1]), start=1):
        taken += min(1.0, reach(line, "shorter"))
        if taken >= need:
            return number
    return max(0, len(lines) - 1)


def _held(line: Any) -> float:
    """The characters a line holds, in em: a Han character or a full-width mark one, any other a half
    (a Latin letter, a digit, a space); what is not drawn (a format character: the U+200B of a pushed-in
    mark, a soft hyphen), nothing."""
    total = 0.0
    for box in line.descendants():
        for char in getattr(box, "text", "") if type(box).__name__ == "TextBox" else "":
            if unicodedata.category(char) == "Cf":
                continue
            total += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.5
    return total


def _following(element: Any, per_line: float) -> tuple[str, int] | None:
    """What follows the paragraph (`FOLLOWING`): ("p", its lines) or ("h", the lines of the paragraph
    after the heading), estimated from its characters (an indent of two included) and the measure."""
    kind, _, length = str(element.get(FOLLOWING) or "").partition(":")
    if kind not in ("p", "h") or not length.isdigit():
        return None
    return kind, math.ceil((2 + int(length)) / max(per_line, 1.0))


# ------------------------------------------------------------------------------ page-level retry
# What `fill_page` cannot see from inside one paragraph (an earlier paragraph on the page that could take
# the line, a paragraph with a footnote, a list item or glossary entry, a next block the HTML estimate
# misjudged), the page can: `weasy._make_page` lays a page out, and when it ends short (`free_lines`),
# lays it out again with one or two of its paragraphs set one line longer or shorter (`page_plans`),
# keeping the first layout that leaves no line empty.

# a plan: the paragraphs (by their element) to set otherwise on the page, and how ("longer", "shorter")
Plan = tuple[tuple[Any, str], ...]
PAGE_TRIES = 4  # the most layouts of one short page beyond the first (the build-time budget)
MAX_FREE_LINES = 3  # a larger hole is left (a heading kept with its text leaves 3 at most)
# a lengthened paragraph's last line must come this close to full, in em for each of its lines on the
# page (`longer` narrows each half an em, `weasy._next_linebox`, which sends about a character on),
# else no line is gained: not worth a layout
LONGER_REACH_EM = 0.8
LONGER_LINES = 5  # `longer:N`: the lines narrowed first (the fewest loosened), as in `_plans`
# … and when that leaves a stub of two or three characters (under `weasy.FILLED_LAST_CHARACTERS`) or
# sends too little on: two lines more narrowed, each a character (`longer_modes`), tried once
LONGER_LINES_MOST = 7
# `shorter:N`: after the fewest lines that could take in the last (`fewest_tightened`), this many more
# (`shorter_modes`), then every line: three layouts at most, the first most often kept
SHORTER_MORE = 3
REACH_SLACK_EM = 0.5  # what the estimate of `can_lengthen` may be short by (a last line about full)
PLANNED_LINES = 30  # a paragraph running on with more lines than this is not laid out again (its rest)
LOOKED_AT = 6  # the most paragraphs of a short page laid out on their own to see whether they can change


class LaidOut:
    """How a paragraph's lines were laid out on a page (`weasy._iter_line_boxes`): the arguments, and
    of the lines handed to WeasyPrint (it stops taking them at the page foot) how many, which were
    loose, and whether the last of the paragraph was among them."""

    def __init__(self, args: tuple[Any, ...]) -> None:
        self.args = args
        # where its block and line box stood (what its lines' x is read from): WeasyPrint sets it on the
        # boxes each page lays the paragraph out on, and one crossing to the next page is laid out there
        # too, where a verso's margin is not a recto's
        self.position_x = tuple(getattr(box, "position_x", None) for box in (args[1], args[5]))
        self.loose: list[bool] = []
        self.boxes: list[Any] = []  # the line boxes (what `Candidate.natural` counts a shorter layout's lines from)
        self.ended = False

    def lines(self, yielded: Iterator[tuple[Any, Any]], loose: Callable[[Any], bool]) -> Iterator[tuple[Any, Any]]:
        """`yielded`, counted on the way."""
        for line, resume_at in yielded:
            self.loose.append(loose(line))
            self.boxes.append(line)
            self.ended = resume_at is None
            yield line, resume_at


class Candidate:
    """A paragraph laid out on a page: its element, its line boxes there, and how wide each line is
    against the measure (the last line's room says whether one more line can be gained)."""

    def __init__(self, block: Any, laid: LaidOut, reach: Callable[[Any, str], float]) -> None:
        self.block = block
        self.element = block.element
        self.laid = laid
        self.args = laid.args  # how its lines were laid out on the page (`weasy._iter_line_boxes`'s arguments)
        self.lines = [child for child in block.children if type(child).__name__ == "LineBox"]
        self.reach = reach

    @property
    def last_room(self) -> float:
        """The measure left free by the last line on the page, in em."""
        last = self.lines[-1]
        ends = [child.position_x + child.margin_width() for child in last.children]
        right = self.block.content_box_x() + self.block.width
        return float((right - max(ends, default=last.position_x)) / self.block.style["font_size"])

    def natural(self) -> Natural | None:
        """(lines, loose lines but the last, lines a shorter layout tightens first) of the paragraph from
        the page's top, as laid out, when its end was laid out: on the page, or within the `widows`
        lines WeasyPrint lays out past the foot (a widow push). What a change is measured against, known
        without laying it out again; None for a paragraph running on further, which no change of one
        line brings to the foot."""
        laid = self.laid
        if not laid.ended:
            return None
        return len(laid.loose), sum(laid.loose[:-1]), fewest_tightened(laid.boxes, self.reach)

    def can_lengthen(self) -> bool:
        """Whether the lines before the last could send on enough for one more line: about a character
        each (LONGER_REACH_EM) against the last line's room, or, line by line, the last line's room and
        two characters (no 孤字) against what `reach` says each gives (a character where its gaps then
        stay tight, or where it took one in by pushing marks in); a paragraph ending on the next page
        may; one running on further may not (`natural`)."""
        natural = self.natural()
        if natural is None:
            return False
        if self.last_room < LONGER_REACH_EM * len(self.lines) or natural[0] != len(self.lines):
            return True  # about a character a line; or the paragraph runs on: its last line is not here
        return self.last_room + 2 <= sum(self.reach(line, "longer") for line in self.lines[:-1]) + REACH_SLACK_EM

    def can_shorten(self) -> bool:
        """Whether the lines before the last could take in what the last holds: each takes in its
        room, half an em for its end mark and for each pause mark it may push in (`reach`); a
        paragraph running on to the next page may."""
        natural = self.natural()
        if len(self.lines) < 2 or natural is None:
            return False
        if natural[0] != len(self.lines):
            return True  # it runs on: its last line is not here
        measure = self.block.width / self.block.style["font_size"]
        return float(measure - self.last_room) <= sum(self.reach(line, "shorter") for line in self.lines[:-1])


def page_candidates(page: Any, headings: frozenset[str], laid_out: dict[int, LaidOut],
                    reach: Callable[[Any, str], float]) -> list[Candidate]:
    """The justified Chinese blocks of lines in the page's flow (a paragraph, a list item, a glossary
    entry; not a heading, a centred title, a table cell, a float), in order; `laid_out`: how their
    lines were laid out, by `id` of their element (a block not there is not a candidate); `reach`:
    what a line could take in or send on, in em (`Candidate.can_shorten`, `can_lengthen`)."""
    found: list[Candidate] = []

    def visit(box: Any) -> None:
        for child in getattr(box, "children", ()):
            name = type(child).__name__
            if name.startswith("Table") or name.startswith("Flex") or not child.is_in_normal_flow():
                continue  # a table's cells, a flex item, a float or a note: laid out by other rules
            if name in ("BlockBox", "ListItemBox") and any(type(c).__name__ == "LineBox" for c in child.children):
                laid = laid_out.get(id(child.element))
                if child.element_tag not in headings and child.style["text_align_all"] == "justify" \
                        and laid is not None:
                    found.append(Candidate(child, laid, reach))
            elif name.endswith("BlockBox") or name == "ListItemBox":
                visit(child)

    visit(page.children[0])
    return found


def page_plans(candidates: list[Candidate], free: int, can: Callable[[Candidate, str], bool]) -> Iterator[Plan]:
    """What to try on a page whose text ends `free` lines above the foot, best first (the caller takes
    PAGE_TRIES at most). One paragraph first: one line free, one set one line longer, from the last
    upwards (the hole taken: an orphan or widow push, a heading kept with its text, is gone), else one
    set one line shorter (the hole grows to two lines, enough for the two first lines of the next
    paragraph); two or three lines free (a heading kept with its text, which needs its own line and
    two), one set one line shorter. Then two paragraphs (`_paired`): two set one line longer for a hole
    of two, and two set one line shorter where the hole then becomes what the next block needs to
    start (`_takes`): one line free before a heading with its two lines or a paragraph of three (three
    lines), two free before a heading and a paragraph of three (four). `can(candidate, mode)` says
    whether a paragraph can be set so (laid out on its own, `weasy._can_change`): asked lazily, once,
    of the likely ones only (`Candidate.can_lengthen`, `can_shorten`), LOOKED_AT of each at most."""
    if not candidates or free > MAX_FREE_LINES:
        return
    able = _able(candidates, can)
    following = _after_page(candidates)
    # the plans as (mode, how many paragraphs), in order: one paragraph, then two where the hole they
    # leave is none, or one the next block fills (the estimate decides only what two paragraphs try)
    kinds = [("longer", 1), ("shorter", 1)] if free == 1 else [("shorter", 1)]
    kinds += [(mode, 2) for mode, hole in (("longer", free - 2), ("shorter", free + 2))
              if hole == 0 or (following is not None and hole > 0 and _takes(hole, following))]
    if ("shorter", 2) in kinds and following is not None and not _takes(free + 1, following):
        kinds.remove(("shorter", 1))  # the hole one leaves is no use to the next block: tried after two
        kinds.append(("shorter", 1))
    for mode, count in kinds:
        if count == 1:
            for candidate in able(mode):
                yield ((candidate.element, mode),)
        else:
            yield from _paired(able(mode), mode)


def _able(candidates: list[Candidate], can: Callable[[Candidate, str], bool]) -> Callable[[str], Iterator[Candidate]]:
    """The paragraphs of `candidates` that can be set as a mode, from the last upwards: the likely ones
    (`Candidate.can_lengthen`, `can_shorten`), LOOKED_AT at most, each asked of `can` once a mode."""
    upwards = list(reversed(candidates))
    asked: dict[tuple[int, str], bool] = {}

    def able(mode: str) -> Iterator[Candidate]:
        likely = [candidate for candidate in upwards
                  if (candidate.can_lengthen() if mode == "longer" else candidate.can_shorten())]
        for candidate in likely[:LOOKED_AT]:
            key = id(candidate.element), mode
            if key not in asked:
                asked[key] = can(candidate, mode)
            if asked[key]:
                yield candidate

    return able


PAIRED = 3  # the able paragraphs of a page combined two by two, at most (three pairs)


def _paired(able: Iterator[Candidate], mode: str) -> Iterator[Plan]:
    """Two able paragraphs set as `mode`, the lowest first: the first PAIRED able ones, two by two."""
    for first, second in itertools.combinations(list(itertools.islice(able, PAIRED)), 2):
        yield ((first.element, mode), (second.element, mode))


def _after_page(candidates: list[Candidate]) -> tuple[str, int] | None:
    """What follows the page's last paragraph (`_following`: a paragraph of N lines, or a heading and
    one), when that paragraph ends on the page; None when unknown (a list item, a glossary entry, a
    paragraph followed by anything else) or when the page ends inside a paragraph (a widow push: a
    paragraph above set longer or shorter moves its lines, whose two last go over or all stay)."""
    last = candidates[-1]
    natural = last.natural()
    if natural is None or natural[0] != len(last.lines):
        return None
    return _following(last.element, last.block.width / last.block.style["font_size"])


def _takes(hole: int, following: tuple[str, int]) -> bool:
    """Whether the next block fills a hole of `hole` lines at the page foot to the last line: a
    paragraph of N lines all of them, or two lines or more with two left (`orphans`, `widows`: 2); a
    heading its own line, then so its paragraph (`break-after: avoid`)."""
    kind, lines = following
    if kind == "h":
        hole -= 1
    return hole == lines or 2 <= hole <= lines - 2


# ------------------------------------------------------------------------------ the page before
# What no paragraph of a short page can do, one on the page before may (lua-widow-control's move): set
# one line longer, it sends a line on and everything on the short page moves down a line; set one line
# shorter, it takes one back and the short page's hole grows by a line. `weasy._make_all_pages` holds
# each page back until the next is made, and lays the two out again with such a plan (`before_plans`)
# when the second ends short, keeping the layouts only where both come out full.

BEFORE_TRIES = 3  # the most plans on the page before for one short page (each up to two page layouts)
# the paragraph crossing from the page before to the short page set shorter: its rest on the short page
# from its first line there (`_crossing_shorter`)
CROSSING_REST = "shorter:0"
# … set longer (`_crossing_longer`): its rest laid out as it comes first (what its lines on the page
# before sent on may be enough), then every line of it there narrowed too
CROSSING_LONGER_REST = "longer:0"


def before_plans(before: list[Candidate], page: list[Candidate], free: int,
                 can: Callable[[Candidate, str], bool],
                 accept: Callable[[int], bool] | None = None) -> Iterator[Plan]:
    """What to try on the page before a page whose text ends `free` lines above the foot, best first
    (the caller takes BEFORE_TRIES at most); `before`, `page`: the two pages' candidates. Only where a
    paragraph crosses from one page to the other (else a line sent on leaves its last line alone, or one
    taken back the next paragraph's first alone: `widows`, `orphans` 2 would leave the page before
    short), with two lines or more left either side once a line has moved. A paragraph set one line
    longer (two: two lines) takes the hole when it is a line (two); one or two set shorter grow it to
    what the next block needs to start (`_takes`): the paragraph or heading after the short page's last
    paragraph, or the two lines of a widow push there (hole 1 → 2: the paragraph then ends at the foot;
    or 3 → 4 before a heading and its three lines). Then the crossing paragraph itself, `can` asked of
    it as a whole: one line longer, its last lines narrowed from its lines on the page before
    (`_crossing_longer`: a line more goes on, whatever its rest on the short page holds, two lines of
    it there too), one line shorter from its first line on the page before (its lines there taking
    in what they can, `_crossing_shorter`): the short page's own plans changed only its lines there,
    which, two of them, can neither give one up nor (most often) gain one. `accept(hole)`: whether a
    plan leaving the short page a hole of `hole` lines is worth a try (`combined_plans`); by default,
    one that leaves none or one the next block fills (`_fills_alone`)."""
    if not before or not page or free > MAX_FREE_LINES or before[-1].element is not page[0].element:
        return
    crossing = before[-1]
    stay, moved = len(crossing.lines), len(page[0].lines)
    wanted = accept or (lambda hole: _fills_alone(hole, page))
    able = _able(before[:-1], can)
    for mode, count in (("longer", 1), ("shorter", 1), ("longer", 2), ("shorter", 2)):
        hole = free - count if mode == "longer" else free + count
        if not wanted(hole):
            continue
        # a paragraph above sends a line on: the crossing paragraph keeps one less on the page before;
        # one takes a line back: the crossing paragraph one less on the short page
        alone = (stay if mode == "longer" else moved) - count < 2
        if count == 1:
            if not alone:
                for candidate in able(mode):
                    yield ((candidate.element, mode),)
            # the crossing paragraph itself: set longer it keeps its lines on the page before (a line
            # more goes on: never one left alone); set shorter, one less on the short page
            changed = _crossing_longer(crossing, page[0]) if mode == "longer" \
                else [] if alone else [_crossing_shorter(crossing, page[0])]
            for crossing_mode in changed:
                if can(crossing, crossing_mode):
                    yield ((crossing.element, crossing_mode),)
                    break
        elif not alone:
            yield from _paired(able(mode), mode)


def _fills_alone(hole: int, page: list[Candidate]) -> bool:
    """Whether a plan on the page before that leaves the short page `page` a hole of `hole` lines fills
    it with no change on the short page: none left, or one the block after its last paragraph fills
    (`_takes`; the two lines of a widow push there)."""
    following = _after_page(page) or (("p", 2) if _widow_push(page[-1]) else None)
    return hole == 0 or (hole > 0 and following is not None and _takes(hole, following))


# … and what neither can alone, both may (hailar-2015 p5: two lines free before a heading, a line sent on
# from the page before and one more line on the short page): a plan on the page before that leaves the
# short page a hole its own plans then fill (`page_plans`, laid out after the page before: `weasy.
# _fill_from_before`, which lays the short page out with OWN_TRIES of them at most)
COMBINED_TRIES = 2  # the most such plans on the page before for one short page (each up to 2 + OWN_TRIES layouts)
OWN_TRIES = 2  # the short page's own plans tried after a plan on the page before (a layout each)


def combined_plans(before: list[Candidate], page: list[Candidate], free: int,
                   can: Callable[[Candidate, str], bool]) -> Iterator[Plan]:
    """`before_plans` that leave the short page a hole of one to MAX_FREE_LINES lines that no plan of
    the page before fills alone (`_fills_alone`: those are `before_plans`' own) but a plan of the short
    page's may: `page_plans` of its paragraphs but the one crossing from the page before (its lines
    there move) has a plan for that hole whose paragraphs `can` change (laid out on their own, asked
    once a hole). An estimate from the short page as first laid out: its paragraphs below the crossing
    one keep their lines when everything moves by a line; the layouts decide."""
    rest = page[1:] if before and page and before[-1].element is page[0].element else page
    fills: dict[int, bool] = {}

    def accept(hole: int) -> bool:
        if hole <= 0 or hole > MAX_FREE_LINES or _fills_alone(hole, page):
            return False
        if hole not in fills:
            fills[hole] = bool(rest) and next(page_plans(rest, hole, can), None) is not None
        return fills[hole]

    yield from before_plans(before, page, free, can, accept)


def _crossing_longer(crossing: Candidate, rest: Candidate) -> list[str]:
    """How to set the paragraph crossing from the page before to the short page one line longer, from
    its first line on the page before (`longer:N`), in the order to try: its last LONGER_LINES lines
    narrowed, then LONGER_LINES_MOST (`longer_modes`), counted over its lines on both pages, and at
    least its last line on the page before — its lines there must send text on (the page before must
    end elsewhere: the short page's own plans could narrow only its lines there, `CROSSING_LONGER_REST`).
    None when its end is not on the short page (one line more would not reach the foot)."""
    natural = rest.natural()
    if natural is None or natural[0] != len(rest.lines):
        return []
    stay, total = len(crossing.lines), len(crossing.lines) + len(rest.lines)
    return list(dict.fromkeys(f"longer:{max(0, min(total - lines, stay - 1))}"
                              for lines in (LONGER_LINES, LONGER_LINES_MOST)))


def _crossing_shorter(crossing: Candidate, rest: Candidate) -> str:
    """How to set the paragraph crossing from the page before to the short page one line shorter, from
    its first line on the page before (`shorter:N`): the fewest lines from its end that could take in
    what its last line holds (`fewest_tightened`, over its lines on both pages), and at least its last
    line on the page before — its lines there must take the line back (the page before must end
    elsewhere); its rest on the short page all tightened (`CROSSING_REST`)."""
    stay = len(crossing.lines)
    if rest.natural() is None:
        return f"shorter:{max(0, stay - 1 - SHORTER_MORE)}"  # its end is not known: the last few there
    both = [*crossing.lines, *rest.lines]
    start = len(both) - 1 - fewest_tightened(both, crossing.reach)
    return f"shorter:{max(0, min(start, stay - 1))}"


def _widow_push(last: Candidate) -> bool:
    """Whether the page's last paragraph ends two lines past its foot (`widows: 2` pushed its last two
    on, or one line over became two): its end was laid out, not on the page."""
    natural = last.natural()
    return natural is not None and natural[0] == len(last.lines) + 2


def planned_mode(plan: Plan | None, block: Any) -> str | None:
    """How the page being laid out again wants `block` set (`page_plans`), if at all."""
    element = getattr(block, "element", None)
    if plan is None or element is None:
        return None
    return next((mode for planned, mode in plan if planned is element), None)


def planned_change(mode: str, args: tuple[Any, ...], lines_in: LineMaker, good: Callable[[Lines], bool],
                   loose: Callable[[Any], bool], natural: Natural | None = None,
                   reach: Callable[[Any, str], float] | None = None) -> Lines | None:
    """The lines of the paragraph `args` start set one line longer or shorter (`mode`), when that can be
    done keeping the extension's rules (`good`) with no more `loose` lines than as they come (a page is
    not filled at the cost of a loose line); else None. The whole paragraph is laid out (two or three
    times; once less when `natural` gives its lines and loose lines as they come): only the few
    paragraphs of a short page come here. What the discarded layouts placed (absolute and fixed
    boxes) is taken out again. "shorter" tightens the fewest lines from the end first
    (`shorter_modes`: what `reach` says its lines could take in); "longer" narrows the last few
    (`longer_modes`); a mode with its first line (`shorter:0`, every line) is tried as it is."""
    absolute_boxes, fixed_boxes = args[6], args[7]
    before = len(absolute_boxes), len(fixed_boxes)
    if natural is None:
        lines = _take(lines_in(None, args), PLANNED_LINES + 1)
        if len(lines) > PLANNED_LINES:  # the rest of a long paragraph: never laid out ahead
            del absolute_boxes[before[0]:], fixed_boxes[before[1]:]
            return None
        fewest = len(lines) - 1 if reach is None else fewest_tightened([line for line, _ in lines], reach)
        natural = len(lines), sum(1 for line, _ in lines[:-1] if loose(line)), fewest
    after = len(absolute_boxes), len(fixed_boxes)
    count, allowed, fewest = natural
    # longer: the last LONGER_LINES narrowed, no more: a paragraph whose every line was narrowed (27
    # characters spread to the grid's 28) filled pages but stood lighter than them, off the grid's
    # columns — what a typographer saw first (review, session 19); such a page stays a line short
    target = count - 1 if mode.startswith("shorter") else count + 1
    # a mode of its own (`_crossing_shorter`): from its line on, then from earlier lines (`shorter_from`)
    modes = shorter_modes(count, fewest) if mode == "shorter" else longer_modes(count) if mode == "longer" \
        else shorter_from(int(mode.partition(":")[2] or 0)) if mode.startswith("shorter") else [mode]
    for trial in modes:
        changed = _take_unless(lines_in(trial, args), target + 1, loose, allowed)
        if changed is not None and len(changed) == target and target >= 1 and good(changed) \
                and sum(1 for line, _ in changed[:-1] if loose(line)) <= allowed:
            del absolute_boxes[before[0]:after[0]], fixed_boxes[before[1]:after[1]]  # the natural layout's
            return changed
        del absolute_boxes[after[0]:], fixed_boxes[after[1]:]
    del absolute_boxes[before[0]:], fixed_boxes[before[1]:]
    return None


def _take(lines: Iterator[tuple[Any, Any]], most: int) -> Lines:
    """The first `most` lines, the layout then closed (its mode put back, `weasy._iter_in_mode`)."""
    with _closed(lines):
        return list(itertools.islice(lines, most))


def _take_unless(lines: Iterator[tuple[Any, Any]], most: int, loose: Callable[[Any], bool],
                 allowed: int) -> Lines | None:
    """`_take`, or None as soon as more than `allowed` of the lines before the last taken are `loose`:
    `planned_change` refuses such lines (they are among all but the last of any `most` it would take),
    so the rest of the paragraph is not laid out for nothing."""
    taken: Lines = []
    seen_loose = 0
    with _closed(lines):
        for pair in itertools.islice(lines, most):
            if taken and loose(taken[-1][0]):
                seen_loose += 1
                if seen_loose > allowed:
                    return None
            taken.append(pair)
        return taken


@contextlib.contextmanager
def _closed(lines: Iterator[tuple[Any, Any]]) -> Iterator[None]:
    """Close the layout `lines` (a generator) when the block ends, however it ends."""
    try:
        yield
    finally:
        close = getattr(lines, "close", None)
        if close is not None:
            close()


def free_lines(page: Any) -> int:
    """Whole body lines that would still fit between a laid-out page's last text (line, table row,
    image) and the top of its notes (or the foot of its text block)."""
    root, notes = page.children[0], page.children[1]
    lowest, pitch = None, None
    for box in root.descendants():
        name = type(box).__name__
        if name == "LineBox" or name.startswith("TableRow") or "Replaced" in name:
            bottom = box.position_y + box.margin_height()
            lowest = bottom if lowest is None else max(lowest, bottom)
            if name == "LineBox" and box.height:
                pitch = box.height
    if lowest is None or not pitch:
        return 0
    limit = notes.position_y if notes.children else page.content_box_y() + page.height
    return max(0, math.floor(float(limit - lowest) / float(pitch) + 0.01))  # what floating point leaves


def ends_with_heading(page: Any, headings: frozenset[str]) -> bool:
    """Whether the last line of the page's flow belongs to a heading (stranded at the foot)."""
    last = None
    for box in page.children[0].descendants():
        if type(box).__name__ == "LineBox":
            last = box
    parent_tag = getattr(last, "element_tag", None)
    return parent_tag in headings
