"""Paragraphs → headings by their official numbering, or paragraphs with a numbered run-in lead.

In: the body paragraphs (full-width punctuation already). Out: `Block`s. The numbering of a Chinese
official document (GB/T 9704-2012 §7.3.3) gives the level: `一、` 1, `（一）` 2, `1.` or `1、` 3,
`（1）` 4; brackets and digits may have been half-width in the raw text (folded before this stage).
A numbered paragraph is a heading when it is short and holds no sentence end inside; when it goes on
after its first `。` (`（一）加强宏观调控，遏制物价过快上涨。今年…`) the numbered sentence is a run-in
lead of a paragraph instead (written bold). A numbered text that is long and has no `。` is not a
heading either: it stays a plain paragraph, as the import report says. A short numbered heading run
together with its paragraph by a space (`一、2023年工作回顾 过去一年，…。`) is split into the two.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Block, Line
from reportpress.importer.report import Decision

_HAN_NUMBER = "[一二三四五六七八九十]{1,3}"
_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    # `一、`; a PDF or OCR copy may give `一．` or `一.` for the enumeration comma (a Han numeral starts no
    # decimal, so `一．2023年…` is a heading too)
    (1, re.compile(rf"{_HAN_NUMBER}[、．.]")),
    (2, re.compile(rf"（{_HAN_NUMBER}）")),
    # a digit then . or 、 but not a decimal (2.6亿元) nor a year (2020.5)
    (3, re.compile(r"\d{1,2}(?:[.．](?!\d)|、)")),
    (4, re.compile(r"（\d{1,2}）")),
)
ARABIC_LEVEL = 3  # the first level numbered in Arabic digits
# The number of a regulation's part, chapter, section or article (`第十二章`, `第三十条之一`): `PART_NUMBER` and
# the unit after it; `ARTICLE` an article's whole number, which opens the article's paragraph (never a heading)
PART_NUMBER = "第[一二三四五六七八九十百零〇两0-9]{1,6}"
ARTICLE = PART_NUMBER + "条(?:之[一二三四五六七八九十]{1,3})?"
NUMBERING = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _LEVELS))
HEADING_MAX_CHARS = 50


def numbering_level(text: str) -> int:
    """The heading level the numbering at the start of `text` gives, or 0 for none."""
    for level, pattern in _LEVELS:
        if pattern.match(text):
            return level
    return 0


def classify_paragraph(line: Line) -> Block:
    """One paragraph → a heading, a paragraph with a numbered run-in lead, or a plain paragraph."""
    text = line.text
    level = numbering_level(text)
    if level == 0:
        return Block("paragraph", text, line.number)
    stop = text.find("。")
    if stop == -1 or stop == len(text) - 1:
        if len(text) <= HEADING_MAX_CHARS and not re.search(r"[；！？]", text):
            return Block("heading", text, line.number, level=level)
        return Block("paragraph", text, line.number)
    return Block("paragraph", text[stop + 1 :], line.number, lead=text[: stop + 1])


# A heading run together with the paragraph under it, a space between (a scrape that lost the line end,
# a CMS that sets the heading inline: `一、2023年工作回顾 过去一年，我们…。`): the heading is short and holds
# no clause or sentence mark, the paragraph after the space is a sentence of its own.
_RUN_TOGETHER = re.compile(r"(?P<head>[^\s。，；：！？、]{2,40}) +(?P<rest>\S.{14,})")
_RUN_TOGETHER_LEVELS = (1, 2, 3)
_HAS_CLAUSE = re.compile(r"[，。；！？]")


def split_run_together(line: Line) -> list[Line]:
    """A numbered heading and its paragraph that a scrape put on one line → two lines; else `[line]`."""
    level = numbering_level(line.text)
    if level not in _RUN_TOGETHER_LEVELS:
        return [line]
    numbering = NUMBERING.match(line.text)
    assert numbering is not None
    match = _RUN_TOGETHER.fullmatch(line.text[numbering.end():])
    if not match or not _HAS_CLAUSE.search(match.group("rest")) or not re.search(r"[。！？]$", match.group("rest")):
        return [line]
    head = line.text[: numbering.end()] + match.group("head")
    return [Line(line.number, head, line.indented), Line(line.number, match.group("rest"), line.indented)]


def split_runs_together(paragraphs: list[Line]) -> list[Line]:
    """Every heading run together with its paragraph split off it (see `split_run_together`)."""
    return [part for line in paragraphs for part in split_run_together(line)]


def classify_blocks(paragraphs: list[Line]) -> list[Block]:
    """Classify every body paragraph (see `classify_paragraph`); numbered sentences in a row are a list, and
    the items of an attachment note are its lines (`attachment_note`)."""
    blocks = unmark_listed_sentences([classify_paragraph(line) for line in paragraphs])
    for index in attachment_note(paragraphs):
        blocks[index] = Block("paragraph", paragraphs[index].text, paragraphs[index].number)
    return blocks


# An official document's 附件说明 (GB/T 9704 §7.3.4) above its sign-off: `附件：1.某某方案`, then
# `2.2025年某某项目表`, `3.…名单`, one item a line, numbered on. Its items name attachments; they head nothing.
_ATTACHMENT_NOTE = re.compile(r"附\s*件\s*[：:]\s*1\s*[.．、]\s*\S.*")
_ATTACHMENT_ITEM = re.compile(r"(\d{1,2})\s*[.．、]\s*\S.*")


def attachment_note(paragraphs: list[Line]) -> list[int]:
    """The indices of the lines of each attachment note (see above): the `附件：1.…` line and the items after it
    numbered 2, 3 … in order; [] when there is none."""
    found: list[int] = []
    for start, line in enumerate(paragraphs):
        if not _ATTACHMENT_NOTE.fullmatch(line.text):
            continue
        found.append(start)
        expected = 2
        for index in range(start + 1, len(paragraphs)):
            item = _ATTACHMENT_ITEM.fullmatch(paragraphs[index].text)
            if item is None or int(item.group(1)) != expected:
                break
            found.append(index)
            expected += 1
    return found


def _sentence_heading(block: Block) -> bool:
    return block.kind == "heading" and block.text.endswith("。")


def unmark_listed_sentences(blocks: list[Block]) -> list[Block]:
    """Numbered sentences standing one after another, each ending in `。`, are a list (paragraphs, not headings)
    when they are numbered as items, `1.` or `（1）` (the items after `具体如下：`, a box's `（1）…。` entries, the
    `1.…。` notes under `附注：`), when a sentence ending in `：` introduces them, or when they are numbered `一、`:
    a report never sets two top-level sections with no text under the first (contents.py relies on it too), so
    `一、新建改建农村公路100公里。` `二、…。` in a row are the items of a list (an appendix's 民生实事), whatever
    stands before them; so is the last item of a list whose items end in `；`. A heading ending in `。`
    (`（一）推动重要领域改革取得新突破。`) heads text of its own; section titles `（一）…。` in a row with no
    introduction (a plan's tasks, each a section) stay headings."""
    listed = [False] * len(blocks)
    introduced = False  # the run at hand follows a paragraph ending in `：`
    for index in range(len(blocks) - 1):
        block, after = blocks[index], blocks[index + 1]
        if not _sentence_heading(block):
            introduced = block.kind == "paragraph" and block.text.endswith("：")
            continue
        if _sentence_heading(after) and block.level == after.level and (block.level != 2 or introduced):
            listed[index] = listed[index + 1] = True
    for index in range(1, len(blocks)):
        # the last item of a list whose items end in `；` ends in `。` (`（一）…；` `（二）…；` `（三）…。`): an item
        before = blocks[index - 1]
        if (_sentence_heading(blocks[index]) and before.kind == "paragraph" and not before.lead
                and before.text.endswith("；") and numbering_level(before.text) == blocks[index].level):
            listed[index] = True
    for index, block in enumerate(blocks):
        if listed[index]:
            block.kind, block.level = "paragraph", 0
    return blocks


def close_level_gaps(blocks: list[Block]) -> tuple[list[Block], list[Decision]]:
    """Headings whose numbering skips a level in the whole text (`1.` straight under `一、`, no `（一）` at all)
    move up to close the gap: the outline a reader sees has no empty level (a county report that numbers
    `一、` then `1.` has two levels, not a first and a third).

    Only a level no heading of the text uses between two that it does is closed; the top level the text
    uses stays, and a text that uses every level below it is unchanged. But a text numbered in Arabic digits
    only (`1、` over `（1）`, an office's summary or plan: no `一、` or `（一）` heading or lead anywhere) starts
    its outline at level 1: Arabic numbers open no excerpt of a Han-numbered outline as `（一）` does, and
    an outline that starts at level 3 has no parts to stand under."""
    used = sorted({block.level for block in blocks if block.kind == "heading"})
    # a level the text numbers as run-in leads (`（一）…。` paragraphs) is there, only not as headings
    used_by_leads = {numbering_level(block.lead) for block in blocks if block.lead} - {0}
    if any(level in used_by_leads for level in range(used[0] if used else 1, used[-1] if used else 0)):
        return blocks, []
    # the top level stays: an excerpt that starts at `（一）` keeps its headings at level 2
    arabic_only = bool(used) and used[0] >= ARABIC_LEVEL and not used_by_leads & {1, 2}
    top = 1 if arabic_only else used[0] if used else 1
    closed = {level: rank for rank, level in enumerate(used, start=top)}
    if all(level == rank for level, rank in closed.items()):
        return blocks, []
    moved = [block for block in blocks if block.kind == "heading" and closed[block.level] != block.level]
    for block in moved:
        block.level = closed[block.level]
    what = (f"the numbering skips a level in the whole text (levels used: {', '.join(map(str, used))}): "
            f"{len(moved)} headings moved up to close the gap")
    return blocks, [Decision(tuple(block.line for block in moved[:20]), "heading", what, 0.7, moved[0].text)]



# The unnumbered sections that open or close a white paper, a congress report or a long review around its
# numbered sections: `前言` … `一、` … `结束语` (parts.py makes them level 1). Each is a line of its own
# holding that name alone.
_FRAMING = re.compile(r"(?:前\s*言|引\s*言|序\s*言|导\s*言|绪\s*论|结\s*束\s*语|结\s*语|结\s*论|后\s*记)")


def is_framing_title(text: str) -> bool:
    """Whether `text` is one of those names alone (`前言`, `结 束 语` …)."""
    return _FRAMING.fullmatch(text) is not None


_HAN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def han_number(text: str) -> int:
    """`十二` → 12, `三` → 3; 0 when `text` is no Han numeral up to 99."""
    if not text or any(char not in _HAN_DIGITS and char != "十" for char in text):
        return 0
    if "十" not in text:
        return _HAN_DIGITS.get(text, 0) if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    return (_HAN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_HAN_DIGITS.get(ones, 0) if ones else 0)


def heading_number(text: str) -> int:
    """The number a heading's official numbering gives it (`三、` → 3, `（4）` → 4), 0 when unreadable."""
    match = re.match(r"（?([一二三四五六七八九十]{1,3}|\d{1,2})[）、.．]?", text)
    if not match:
        return 0
    value = match.group(1)
    return int(value) if value.isdigit() else han_number(value)
