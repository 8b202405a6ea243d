"""Checks of how text is broken into lines and pages: 孤字, short pages, stranded headings, titles.

In: a `Proof`. Out: findings of
- `orphan-char` (孤字, clreq #adjustments_of_orphans_and_widows): the last line of a paragraph or
  heading of two or more lines holds one character. Characters are letters and digits (Unicode
  categories L and N: a Han character, a Latin letter, a digit); punctuation and symbols (。% ）) do
  not count, so `感。` and `5%。` are 孤字 while `安全感。` is not;
- `short-page` (GB/T 9704 §5.2.3): a body page whose text stops at least one line above the text
  block's foot (or above the rule over its footnotes), unless it is the last page of the body or the
  next page opens with a level-1 heading, a centred title or an appendix's label 附件 (the glossary,
  an appendix: a page break).
  Tables and figures at the foot fill the page;
- `stranded-heading`: a heading as the last line(s) of a page that is not the last;
- `unbalanced-title` (GB/T 9704 §7.3.1): a centred title of two or more lines whose last line is
  much shorter than the longest: two characters or fewer, or less than a third of its width; or one of
  three or more lines set 沙漏形 (hourglass: a middle line shorter than the first and the last by half
  a character or more), where §7.3.1 wants 梯形 or 菱形.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from itertools import pairwise

from reportpress.proof.findings import Finding
from reportpress.proof.lines import Line, is_han
from reportpress.proof.pages import HOLDING_PT, Block, PageView, Proof, same_size
from reportpress.typeset.balance import hourglass

TITLE_SHARE = 1 / 3  # a centred title's last line shorter than this share of the longest is unbalanced
TITLE_CHARS = 2
TITLE_LEADING = 2.2  # a title's baseline-to-baseline step, in its size, at most (43.425 pt for 22 pt)
HOURGLASS_SLACK = 0.5  # ems (of the title's size) a middle line is shorter than both ends for a 沙漏形
APPENDIX_LABEL = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?$")
NOTE_MARGIN_LINES = 0.5  # the space between the text and the rule over the footnotes, in lines


def count_characters(text: str) -> int:
    """Letters and digits: what 孤字 counts (punctuation and symbols do not)."""
    return sum(1 for char in text if unicodedata.category(char)[0] in ("L", "N"))


def _break_quote(block: Block) -> str:
    previous, last = block.lines[-2], block.lines[-1]
    return f"{previous.quote(8, tail=True)} / {last.quote(8)}"


def check_pagination(proof: Proof) -> Iterator[Finding]:
    yield from check_orphans(proof)
    yield from check_titles(proof)
    yield from check_pages(proof)


def check_orphans(proof: Proof) -> Iterator[Finding]:
    for block in proof.blocks:
        if block.centred or len(block.lines) < 2 or not any(is_han(char) for char in block.text):
            continue  # a centred block's short last line is `unbalanced-title`'s; 孤字 is a rule of Chinese
        last = block.lines[-1]
        if count_characters(last.text) <= 1:
            what = f"level-{block.level} heading" if block.kind == "heading" else "paragraph"
            yield Finding("orphan-char", last.page, _break_quote(block),
                          f"the {what}'s last line holds {last.text!r}: one character",
                          proof.page(last.page).folio_number)


def check_titles(proof: Proof) -> Iterator[Finding]:
    for block in proof.blocks:
        if not block.centred or len(block.lines) < 2:
            continue
        widths = [line.end - line.start for line in block.lines]
        last = block.lines[-1]
        if count_characters(last.text) <= TITLE_CHARS or widths[-1] < TITLE_SHARE * max(widths):
            yield Finding("unbalanced-title", last.page, _break_quote(block),
                          f"a centred title's last line holds {len(last.text)} of {len(block.text)} characters "
                          f"({widths[-1] / max(widths):.0%} of the longest line): break it so the lines balance",
                          proof.page(last.page).folio_number)
    for lines in _centred_runs(proof):
        widths = [line.end - line.start for line in lines]
        if hourglass(widths, HOURGLASS_SLACK * lines[0].size):
            pinched = min(lines[1:-1], key=lambda line: line.end - line.start)
            yield Finding("unbalanced-title", pinched.page, " / ".join(line.quote(8) for line in lines),
                          f"a centred title of {len(widths)} lines is 沙漏形 (hourglass: "
                          f"{' / '.join(f'{width:.0f}' for width in widths)} pt, a middle line the shortest): "
                          "break it into 梯形 or 菱形 (GB/T 9704 §7.3.1)",
                          proof.page(pinched.page).folio_number)


def _centred_runs(proof: Proof) -> Iterator[list[Line]]:
    """The lines of each centred display title (larger than the body: a subtitle and the speaker's line
    under it, in the body's size and one font, are two blocks a line apart): consecutive centred blocks
    on one page in one font and size, a line's leading apart (a title broken with `<br>` is one centred
    block per line to `Proof`, whose blocks chain a line onto a full one only)."""
    run: list[Line] = []
    for block in proof.blocks:
        display = block.centred and block.lines[0].size > proof.body_size and not same_size(
            block.lines[0].size, proof.body_size)
        if run and display and _next_line(run[-1], block.lines[0]):
            run.extend(block.lines)
            continue
        if run:
            yield run
        run = list(block.lines) if display else []
    if run:
        yield run


def _next_line(above: Line, below: Line) -> bool:
    """Whether `below` is the line after `above` in one title: same page, font and size, a line apart."""
    return (above.page == below.page and above.font == below.font and same_size(above.size, below.size)
            and 0 < below.baseline - above.baseline <= TITLE_LEADING * above.size)


def check_pages(proof: Proof) -> Iterator[Finding]:
    body = [page for page in proof.body_pages if page.text]
    for page, following in pairwise(body):
        last_block = proof.block_of(page.text[-1])
        # a table or a figure under the heading is its text (its lines are the page's `cells`)
        followed = any(line.top > page.text[-1].bottom for line in page.cells) or any(
            box.top >= page.text[-1].bottom - 1 and box.bottom - box.top >= HOLDING_PT for box in page.graphics)
        if last_block is not None and last_block.kind == "heading" and last_block.lines[-1] is page.text[-1] \
                and not followed:
            yield Finding("stranded-heading", page.number, last_block.lines[0].quote(),
                          f"a level-{last_block.level} heading is the last line of the page: keep it with "
                          "its text", page.folio_number)
        if following.number != page.number + 1 or _opens_section(following, proof):
            continue  # a page break before a new section may leave the page short
        missing = _missing_lines(page, proof)
        if missing:
            capacity = proof.layout.lines_per_page or round(proof.layout.page.text_height
                                                            / proof.layout.line_pitch)
            yield Finding("short-page", page.number, page.text[-1].quote(tail=True),
                          f"{capacity - missing} of {capacity} lines: {missing} line(s) left empty at the page foot",
                          page.folio_number)


def _opens_section(page: PageView, proof: Proof) -> bool:
    """Whether a page opens with a level-1 heading, a centred title or an appendix's label (附件, 附件2:
    GB/T 9704 §8, set at the top left of the appendix's first page): a forced page break."""
    first = min((block for block in proof.blocks if block.page == page.number),
                key=lambda block: block.lines[0].baseline, default=None)
    if first is None:
        return False
    # (a centred line smaller than the body, a table's or a figure's caption, is no title)
    title = first.kind == "title" and first.lines[0].size >= proof.body_size - 0.1
    return title or (first.kind == "heading" and first.level == 1) \
        or (len(first.lines) == 1 and APPENDIX_LABEL.match(first.text) is not None)


def _missing_lines(page: PageView, proof: Proof) -> int:
    """Whole body lines that would still fit between the page's last text and the text block's foot."""
    pitch = float(proof.layout.line_pitch)
    lowest = page.text[-1].middle + pitch / 2
    foot = _notes_top(page, pitch) if page.notes else page.block_bottom
    # a table or a figure fills the page too (a page-sized box is a background, not content)
    inside = [box.bottom for box in page.graphics if page.block_top <= box.bottom and box.top < foot
              and box.bottom - box.top < 0.9 * page.height]
    lowest = max([lowest, *inside])
    free = foot - lowest
    return max(0, math.floor((free + 0.3 * pitch) / pitch))


def _notes_top(page: PageView, pitch: float) -> float:
    """How far a page's text may run above its footnotes: to the note area (the rule over the notes, a
    graphic that starts between the last text line and the first note, else the first note's top),
    less the note area's margin, half a line (GB/T 9704 layouts: `@footnote`'s margin-top). A hole above
    the notes is as empty as one at the text block's foot."""
    first = min(line.top for line in page.notes)
    rules = [box.top for box in page.graphics if page.text[-1].middle < box.top < first]
    return min(rules, default=first) - NOTE_MARGIN_LINES * pitch
