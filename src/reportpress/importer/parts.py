"""Unnumbered top-level parts: short title lines above numbered `一、` sections → level 1 (issue 11 item 4).

A long report (a five-year review, a congress report) may group its numbered sections into parts whose
titles carry no numbering: `过去五年工作回顾` / `一、…` `二、…` / `今后五年的目标任务` / `一、…`. The official
numbering then starts again under each part. Read by numbering alone, such a report has its `一、` sections
at level 1 and its part titles as stray one-line paragraphs. A line is a part title when:

- it is a paragraph of its own of at most 30 characters, with no numbering, no final punctuation (a
  sentence, a clause or a lead-in `：`) and no sentence mark inside;
- a `一、` (numbered 1, a heading or a run-in lead) follows it, with at most three paragraphs between
  (a part's introduction: sentences, not a heading, a title or a form of address): the numbering
  restarts under it.

A part title numbered as one (`第一部分　…`, `第二章　…`, `上篇`/`下篇`) is its own evidence: two or more such
titles numbered in order are the parts, whether or not a restart follows each (a part may hold prose only).
A plan's outline (规划纲要) nests three such kinds, `第一篇` over `第一章` over `第一节`: each kind numbered in
order is a level, 篇 (编, 部分) over 章 over 节, in the order of the kinds the text uses; a kind's numbers run
on through the text (a plan numbers its chapters across its parts) or start again under each title of the
kind above (its sections under each chapter).

Only with strong evidence are the levels changed: two part titles at least, each followed by its restart.
Then the part titles become level 1 and every numbered heading of the body goes one level down (level 4
stays 4, the deepest a report has). The report gives each part a decision and a confidence: higher with
more parts, lower when numbered sections stand before the first part.
"""

from __future__ import annotations

import bisect
import re

from reportpress.importer.blocks import Block
from reportpress.importer.closing import is_date_line, is_organisation
from reportpress.importer.headings import han_number, is_framing_title, numbering_level
from reportpress.importer.report import Decision
from reportpress.importer.salutation import is_salutation

PART_MAX_CHARS = 30
_INTRO_MAX_PARAGRAPHS = 3
_MIN_PARTS = 2
_DEEPEST = 4
_FINAL_MARK = re.compile(r"[。！？；：，、…!?;:,.）)”’》」』—\-]$")
_SENTENCE_MARK = re.compile(r"[。！？；!?;]")
_ENDS_SENTENCE = re.compile(r"[。！？!?][”’」』）)]*$")


def is_part_title(block: Block) -> bool:
    """Whether a block has the shape of a part title (see the module docstring), before the restart check."""
    text = block.text
    return (block.kind == "paragraph" and not block.lead and 0 < len(text) <= PART_MAX_CHARS
            and not numbering_level(text) and not _FINAL_MARK.search(text) and not _SENTENCE_MARK.search(text))


def opens_restart(block: Block) -> bool:
    """Whether a block opens with `一、`: a level-1 heading or a paragraph whose run-in lead is numbered 1."""
    text = block.lead or block.text
    return block.kind != "salutation" and numbering_level(text) == 1 and text.startswith("一")


def restart_follows(blocks: list[Block], index: int) -> bool:
    """Whether the numbering restarts at `一、` after the block at `index`, its introduction between."""
    for block in blocks[index + 1 : index + 2 + _INTRO_MAX_PARAGRAPHS]:
        if opens_restart(block):
            return True
        # an introduction is sentences: a heading, another short title or a form of address (`各位代表：`
        # after a speaker's name) is no part's introduction
        if block.kind != "paragraph" or not _ENDS_SENTENCE.search(block.text) or is_salutation(block.text):
            return False
    return False


# A part title that says it is one: `第一部分　2023年工作回顾`, `第二章　主要任务`, `第三篇`, `上篇　…`, `第一节　…`.
# Its own number is the evidence, so it needs no restart of 一、 under it (a part may hold prose or run-in leads
# only). The rank of its kind: 篇 (编, 部分) over 章 over 节.
_PART_NUMBER = re.compile(r"(?:第([一二三四五六七八九十]{1,3})(部分|章|篇|编|节)|([上中下])篇)(?:[\s\u3000：:]|$)")
_RANK = {"部分": 0, "篇": 0, "编": 0, "章": 1, "节": 2}


def explicit_part(block: Block) -> tuple[int, int]:
    """(number, rank) of a part title with explicit part numbering (`第二部分 …` → (2, 0), `下篇` → (3, 0),
    `第三节 …` → (3, 2)), else (0, 0)."""
    text = block.text
    match = _PART_NUMBER.match(text)
    if (block.kind != "paragraph" or block.lead or not match or len(text) > PART_MAX_CHARS + 10
            or _SENTENCE_MARK.search(text) or _FINAL_MARK.search(text)):
        return 0, 0
    if match.group(3):
        return "上中下".index(match.group(3)) + 1, 0
    return han_number(match.group(1)), _RANK[match.group(2)]


def numbered_in_order(found: list[tuple[int, int]], above: list[int]) -> bool:
    """Whether the (index, number) titles of one kind run 1, 2, … through the text, or from 1 again after each
    index in `above` (the titles of the kind over them)."""
    if [number for _, number in found] == list(range(1, len(found) + 1)):
        return True
    if not above:
        return False
    counted: dict[int, int] = {}  # the titles so far under each title above (by its place among them)
    for index, number in found:
        under = bisect.bisect_left(above, index)
        counted[under] = counted.get(under, 0) + 1
        if number != counted[under]:
            return False
    return True


def find_explicit_parts(blocks: list[Block]) -> list[tuple[int, int]]:
    """(index, level) of the explicitly numbered part titles, each kind that runs in order a level (two titles at
    least in all), else []."""
    by_rank: dict[int, list[tuple[int, int]]] = {}
    for index, block in enumerate(blocks):
        number, rank = explicit_part(block)
        if number:
            by_rank.setdefault(rank, []).append((index, number))
    kept: list[list[tuple[int, int]]] = []
    above: list[int] = []
    for rank in sorted(by_rank):
        if numbered_in_order(by_rank[rank], above):
            kept.append(by_rank[rank])
            above = sorted([*above, *(index for index, _ in by_rank[rank])])
    parts = sorted((index, level) for level, found in enumerate(kept, start=1) for index, _ in found)
    return parts if len(parts) >= _MIN_PARTS else []


def find_parts(blocks: list[Block]) -> list[tuple[int, int]]:
    """(index, level) of the part titles, or [] when the evidence is not strong enough."""
    explicit = find_explicit_parts(blocks)
    if explicit:
        return explicit
    parts = [index for index, block in enumerate(blocks) if is_part_title(block) and restart_follows(blocks, index)]
    return [(index, 1) for index in parts] if len(parts) >= _MIN_PARTS else []


def mark_parts(blocks: list[Block]) -> tuple[list[Block], list[Decision]]:
    """Make the part titles level 1 (each kind of a plan's its own level) and the numbered headings as many
    levels down (see the module docstring)."""
    found = find_parts(blocks)
    if not found:
        return blocks, []
    parts = [index for index, _ in found]
    depth = max(level for _, level in found)
    before_first = sum(1 for block in blocks[: parts[0]] if block.kind == "heading")
    for block in blocks:
        if block.kind == "heading":
            block.level = min(block.level + depth, _DEEPEST)
    for index, level in found:
        blocks[index].kind, blocks[index].level = "heading", level
    if explicit_part(blocks[parts[0]])[0]:
        confidence = 0.85
        what = (f"a numbered part title ({len(parts)} in all, `第一部分` …): level 1, the numbered sections under "
                "it one level down")
    else:
        confidence = 0.7 if len(parts) >= 3 else 0.6
        what = (f"an unnumbered part title ({len(parts)} in all, each followed by a restart at 一、): level 1, the "
                "numbered sections under it one level down")
    if before_first:
        confidence -= 0.15
        what += f"; {before_first} numbered headings stand before the first part: check them"
    return blocks, [Decision((blocks[index].line,), "part", what, confidence, blocks[index].text) for index in parts]


# A text with no numbered heading at all, whose headings are short lines standing between paragraphs: a Word
# document whose automatic numbering (一、 （一）) was lost in the export. Each title stands alone between two
# paragraphs of prose (after a sentence end, before a long paragraph); three at least make the evidence. The
# level is a guess, which the report says: where some titles have two clauses (`坚持稳字当头，经济运行回升向好`,
# a work report's sections) and others one (`2023年工作回顾`), the one-clause titles are level 1.
_LOST_MIN_TITLES = 3
_LOST_PARAGRAPH_MIN_CHARS = 40


def is_lost_numbering_title(blocks: list[Block], index: int) -> bool:
    """Whether the block at `index` is a heading whose numbering was lost (see above)."""
    block = blocks[index]
    if not (block.kind == "paragraph" and not block.lead and 0 < len(block.text) <= PART_MAX_CHARS
            and not _FINAL_MARK.search(block.text) and not _SENTENCE_MARK.search(block.text)
            and not re.search(r"[：:]", block.text) and not is_date_line(block.text)
            and not is_organisation(block.text)):
        return False
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    before = blocks[index - 1] if index > 0 else None
    return (after is not None and after.kind == "paragraph" and len(after.text) >= _LOST_PARAGRAPH_MIN_CHARS
            and bool(_ENDS_SENTENCE.search(after.text))
            and (before is None or before.kind == "salutation" or bool(_ENDS_SENTENCE.search(before.text))))


def mark_lost_numbering(blocks: list[Block]) -> tuple[list[Block], list[Decision]]:
    """The headings of a text whose numbering was lost → headings (see above), when the text has no heading."""
    if any(block.kind == "heading" or (block.lead and numbering_level(block.lead)) for block in blocks):
        return blocks, []
    titles = [index for index in range(len(blocks)) if is_lost_numbering_title(blocks, index)]
    if len(titles) < _LOST_MIN_TITLES:
        return blocks, []
    two_clauses = {index for index in titles if "，" in blocks[index].text}
    split = 0 < len(two_clauses) < len(titles)
    for index in titles:
        blocks[index].kind, blocks[index].level = "heading", 2 if split and index in two_clauses else 1
    what = (f"a title standing alone between paragraphs in a text with no numbered heading ({len(titles)} in all): "
            "a heading whose numbering was lost (a Word export); its level is a guess"
            + (" (one clause: level 1, two: level 2)" if split else ""))
    return blocks, [Decision((blocks[index].line,), "heading", what, 0.5, blocks[index].text) for index in titles]


def mark_framing_sections(blocks: list[Block]) -> tuple[list[Block], list[Decision]]:
    """`前言` / `结束语` … standing alone in a body with numbered level-1 sections → level-1 headings.

    Without numbered sections the names prove nothing (a short text's `结语` may be a word of its own), so
    at least two level-1 headings must be there; a `前言` only before the first of them, a `结束语` after the
    last."""
    level_one = [index for index, block in enumerate(blocks) if block.kind == "heading" and block.level == 1]
    if len(level_one) < _MIN_PARTS:
        return blocks, []
    decisions: list[Decision] = []
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or block.lead or not is_framing_title(block.text):
            continue
        opening = re.match(r"[前引序导绪]", block.text) is not None
        if (opening and index > level_one[0]) or (not opening and index < level_one[-1]):
            continue
        block.kind, block.level = "heading", 1
        decisions.append(Decision((block.line,), "heading", "an unnumbered opening or closing section (前言, 结束语 …) "
                                  "around numbered sections: level 1", 0.75, block.text))
    return blocks, decisions

