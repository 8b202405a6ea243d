"""A table of contents copied with the text (an online library's or a PDF's `目录`) → dropped (issue 11 item 6).

In: the paragraphs, before the front matter is read. Out: the paragraphs without the contents and the
`Dropped` lines, for the report. A contents list repeats the headings the text holds further on, so read as
text its entries would become headings twice. The classes of input:

- *a titled contents*: a line `目录` (`目 录`, `目次`) among the opening paragraphs, then the entries, each a
  short line that ends no sentence, perhaps with dot leaders and a page number (`一、工作回顾……3`);
- *an untitled contents*: two or more level-1 numbered lines in a row with nothing between (a report never
  sets two `一、` headings with no text under the first), at the top of the text.

Either way, the entries are dropped only when most of them come again later as paragraphs of the text: a
list that is not repeated is the text's own (a list of tasks, say), and stays.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Dropped, Line
from reportpress.importer.headings import numbering_level

_TITLE = re.compile(r"目\s*[录錄次]")
_LEADER_PAGE = re.compile(r"\s*(?:[.．。…·•\-—_]{2,}|\s)\s*\d{1,3}$")
_ENTRY_MAX_CHARS = 60
_OPENING = 60  # a contents stands among the first paragraphs


def entry_text(text: str) -> str:
    """An entry without its dot leaders and page number: the heading text it names."""
    return _LEADER_PAGE.sub("", text).strip()


def is_entry(text: str) -> bool:
    cleaned = entry_text(text)
    return 0 < len(cleaned) <= _ENTRY_MAX_CHARS and not re.search(r"[。；！？]$", cleaned)


def comes_again(entry: Line, rest: list[Line]) -> bool:
    """Whether an entry comes again, as the start of a paragraph, after the contents."""
    return any(line.text.startswith(entry_text(entry.text)) for line in rest)


def repeated_later(entries: list[Line], rest: list[Line]) -> bool:
    """Whether most entries come again after the contents."""
    found = sum(1 for entry in entries if comes_again(entry, rest))
    return found * 3 >= len(entries) * 2


def contents_at(paragraphs: list[Line], start: int, titled: bool) -> int:
    """The end (exclusive) of the contents whose first entry is at `start`, or `start` when there is none."""
    end = start
    while end < len(paragraphs) and is_entry(paragraphs[end].text):
        if not titled and numbering_level(paragraphs[end].text) != 1:
            break
        # the text itself begins where an entry comes again (the first heading after the contents)
        seen = {entry_text(line.text) for line in paragraphs[start:end]}
        if entry_text(paragraphs[end].text) in seen:
            break
        end += 1
    # the short line after the last entry (`各位代表：`) is the text's own: it is not repeated
    while end > start and not comes_again(paragraphs[end - 1], paragraphs[end:]):
        end -= 1
    if end - start < 2 or not repeated_later(paragraphs[start:end], paragraphs[end:]):
        return start
    return end


def drop_contents(paragraphs: list[Line]) -> tuple[list[Line], list[Dropped]]:
    """Drop the table of contents (see the module docstring); the paragraphs unchanged when there is none."""
    for index, line in enumerate(paragraphs[:_OPENING]):
        titled = bool(_TITLE.fullmatch(line.text))
        if not titled and numbering_level(line.text) != 1:
            continue
        start = index + 1 if titled else index
        end = contents_at(paragraphs, start, titled)
        if end > start:
            first = index if titled else start
            dropped = [Dropped(item.number, item.text, "table of contents") for item in paragraphs[first:end]]
            return paragraphs[:first] + paragraphs[end:], dropped
        if numbering_level(line.text) == 1:
            return paragraphs, []  # the first heading of the text: no contents comes after it
    return paragraphs, []


def lists_headings(dropped: list[Dropped], headings: list[str]) -> bool:
    """Whether the dropped contents was a titled one (`目　录`) whose entries are the document's headings.

    Such a contents was the document's own contents page, not a site's navigation: the source asks for one
    (`toc: true`), so the print copy keeps its 目录. Most entries must name a heading (the heading may go on
    after the entry's words, as a contents shortens it); an untitled run of `一、` lines asks for nothing.
    """
    if not dropped or not _TITLE.fullmatch(dropped[0].text):
        return False
    entries = [entry_text(item.text) for item in dropped[1:]]
    named = sum(1 for entry in entries if any(heading.startswith(entry) for heading in headings))
    return len(entries) >= 2 and named * 3 >= len(entries) * 2
