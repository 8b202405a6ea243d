"""Paragraphs → headings by their official numbering, or paragraphs with a numbered run-in lead.

In: the body paragraphs (full-width punctuation already). Out: `Block`s. The numbering of a Chinese
official document (GB/T 9704-2012 §7.3.3) gives the level: `一、` 1, `（一）` 2, `1.` or `1、` 3,
`（1）` 4; brackets and digits may have been half-width in the raw text (folded before this stage).
A numbered paragraph is a heading when it is short and holds no sentence end inside; when it goes on
after its first `。` (`（一）加强宏观调控，遏制物价过快上涨。今年…`) the numbered sentence is a run-in
lead of a paragraph instead (written bold). A numbered text that is long and has no `。` is not a
heading either: it stays a plain paragraph, as the import report says.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Block, Line

_HAN_NUMBER = "[一二三四五六七八九十]{1,3}"
_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"{_HAN_NUMBER}、")),
    (2, re.compile(rf"（{_HAN_NUMBER}）")),
    # a digit then . or 、 but not a decimal (2.6亿元) nor a year (2020.5)
    (3, re.compile(r"\d{1,2}(?:[.．](?!\d)|、)")),
    (4, re.compile(r"（\d{1,2}）")),
)
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


def classify_blocks(paragraphs: list[Line]) -> list[Block]:
    """Classify every body paragraph (see `classify_paragraph`)."""
    return [classify_paragraph(line) for line in paragraphs]
