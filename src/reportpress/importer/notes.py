"""Numbered note markers in the body and the notes section they point to → footnotes or glossary anchors.

In: the body paragraphs (glossary already split off) and the glossary entries. Out: the paragraphs
with each marker replaced by a placeholder character, and the footnote texts by number. Markers are
`［1］`, `[1]`, `〔1〕`, `<sup>[1]</sup>`, `<sup>1</sup>`, `（注1）`, superscript digits `¹` `²³` and, for a
notes section numbered the same way, `①`…`⑳` or their parenthesized forms `⑴`…`⒇` (one character each,
read as the circled ones are). A marker only counts when something answers it:

- a notes section at the end of the body (an optional `注释：` title, then paragraphs that open with
  the same markers, numbered 1, 2, 3 …) → the markers become footnotes `[^1]`;
- otherwise, a glossary whose entry number matches (bracketed markers only; circled digits in running
  text are as often list numbers) → the marker anchors that entry's term reference (terms.py).

Placeholders are private-use characters (decode.py removes any from the input), one per marker, so
that later stages can count and move text without losing a marker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportpress.importer.blocks import Line
from reportpress.importer.stray import LOST_MARK
from reportpress.typeset.chars import CIRCLED

FOOTNOTE_BASE = 0xF0000
GLOSSARY_BASE = 0xF1000
MAX_GLOSSARY_CALLS = 0x7FF  # glossary placeholders stop below CITATION_BASE
CITATION_BASE = 0xF1800
PLACEHOLDER = re.compile("[\U000f0000-\U000f1fff]")
# `（注1）` / `(注1)`: a court's or an office's habit, the call and the entry it answers numbered alike
# (superscript digits, `“亩均论英雄”¹`: a PDF's or a word processor's note call kept as the characters; after a
# letter or a digit they are a unit's power, `12km²`, `10⁴`, and no call)
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_BRACKETED = re.compile(r"<sup>\s*\[?(\d{1,3})\]?\s*</sup>|［(\d{1,3})］|\[(\d{1,3})\]|〔(\d{1,3})〕"
                        rf"|[（(]注\s*(\d{{1,3}})[）)]|(?<![{SUPERSCRIPTS}A-Za-z0-9])([{SUPERSCRIPTS}]{{1,3}})(?![{SUPERSCRIPTS}])")
# `⑴`…`⒇` (U+2474–U+2487), the parenthesized digits, mark notes as the circled ones do, and like them are as
# often list numbers in running text
PARENTHESIZED = "".join(map(chr, range(0x2474, 0x2488)))
MARKS = CIRCLED + PARENTHESIZED
# A circled call may follow a missing-glyph sign: `硫＠①` is 硫, a glyph the font lacked (marked □), note ①.
_ANY_MARKER = re.compile(rf"{_BRACKETED.pattern}|[＠@]?(?P<circled>[{MARKS}])")
# A note's own line opens with its marker, or with `注` before it (`注①：按可比价格计算。`, `注［2］：…`): a report
# that puts each note under the paragraph or part that calls it, with no notes title over them.
# … or `注1：` (`注2．`), the note numbered after `注` with no bracket, which answers the calls `（注1）`
_NOTE_MARKER = re.compile(rf"(?:注\s*(?=[\[［〔<{MARKS}]))?(?:{_ANY_MARKER.pattern})"
                          r"|注\s*(\d{1,3})\s*(?=[：:．.、\u3000 ])")
# `注释：`, `注：`, and titles naming what the notes are about (`字库未存字注释`, `本文注释`)
# (a bare 注 only alone: `重点关注：`, `值得关注` end in 注 and title no notes)
_NOTES_TITLE = re.compile(r"[^。，；：]{0,12}(?:注释|附注|注解|尾注|脚注|注文)[：:]?|注\s*[：:]?")


# A line closing a statistical bulletin after its notes, naming its sources or making a remark (`资料来源：本公报中…`,
# `数据来源：…`, `说明：…`, `注：…`): a paragraph of the text, neither a note nor a glossary entry (glossary.py).
# `注：` alone titles notes (`_NOTES_TITLE`), and `注1：` numbers one: a remark has its text after the colon.
_CLOSING_REMARK = re.compile(r"(?:资料来源|数据来源|说明|注)\s*[：:]\s*\S")


def is_closing_remark(text: str) -> bool:
    """Whether `text` is such a remark."""
    return _CLOSING_REMARK.match(text) is not None


def without_closing_remarks(paragraphs: list[Line]) -> int:
    """The index where the closing remarks at the end of `paragraphs` start (`len` when there are none)."""
    end = len(paragraphs)
    while end > 0 and is_closing_remark(paragraphs[end - 1].text):
        end -= 1
    return end


def footnote_placeholder(number: int) -> str:
    return chr(FOOTNOTE_BASE + number)


def glossary_placeholder(number: int) -> str:
    return chr(GLOSSARY_BASE + number)


def placeholder_number(char: str) -> tuple[str, int]:
    """("footnote" | "glossary" | "citation", number) of a placeholder character."""
    code = ord(char)
    if code >= CITATION_BASE:
        return "citation", code - CITATION_BASE
    if code >= GLOSSARY_BASE:
        return "glossary", code - GLOSSARY_BASE
    return "footnote", code - FOOTNOTE_BASE


def mark_number(mark: str) -> int:
    """The number of a circled (`③`) or parenthesized (`⑶`) digit, or of superscript digits (`¹²`), else 0."""
    if mark and all(char in SUPERSCRIPTS for char in mark):
        return int("".join(str(SUPERSCRIPTS.index(char)) for char in mark))
    if mark in CIRCLED:
        return CIRCLED.index(mark) + 1
    return PARENTHESIZED.index(mark) + 1 if mark in PARENTHESIZED else 0


def marker_number(match: re.Match[str]) -> int:
    """The note number a marker match stands for."""
    for group in match.groups():
        if group:
            return mark_number(group) or int(group)
    return 0


def notes_title(paragraphs: list[Line], start: int) -> str:
    """The notes section's title line at `start` (`注释：` → `注释`), or "" when it has none."""
    if start < len(paragraphs) and _NOTES_TITLE.fullmatch(paragraphs[start].text) and not _ANY_MARKER.match(
        paragraphs[start].text
    ):
        return re.sub(r"[：:]$", "", paragraphs[start].text)
    return ""


def find_notes_section(paragraphs: list[Line]) -> tuple[int, int, dict[int, str]]:
    """(index where the notes section starts, where it ends, number → note text); (len, len, {}) when there is
    none. The section ends the body but for closing remarks after it (`资料来源：…`), which stay text."""
    notes: dict[int, str] = {}
    end = without_closing_remarks(paragraphs)
    start = end
    for index in range(end - 1, -1, -1):
        match = _NOTE_MARKER.match(paragraphs[index].text)
        note = paragraphs[index].text[match.end() :].lstrip("：: \u3000") if match else ""
        if not match or not note or marker_number(match) in notes:
            break  # a marker with no text, or a number twice, is no notes section
        notes[marker_number(match)] = note
        start = index
    if not notes or sorted(notes) != list(range(1, len(notes) + 1)):
        return len(paragraphs), len(paragraphs), {}
    if start > 0 and _NOTES_TITLE.fullmatch(paragraphs[start - 1].text):
        start -= 1
    return start, end, notes


def notes_under_each_part(paragraphs: list[Line]) -> list[tuple[int, int, int]]:
    """The notes blocks of a report that puts its notes under each part: (start, first note, end) indexes of
    two blocks or more, each paragraphs opening with markers under a notes title (`注释：`), or opening with
    `注` and a marker with no title over them (`注①：…`), numbered on from one block to the next (① ② … then
    ③ …); [] when the notes are not so kept (then `find_notes_section`)."""
    blocks: list[tuple[int, int, int]] = []
    expected = 1
    index = 0
    while index < len(paragraphs):
        if notes_title(paragraphs, index):
            first = index + 1
        elif paragraphs[index].text.startswith("注") and _NOTE_MARKER.match(paragraphs[index].text):
            first = index
        else:
            index += 1
            continue
        end = first
        while end < len(paragraphs) and (match := _NOTE_MARKER.match(paragraphs[end].text)) \
                and marker_number(match) == expected and paragraphs[end].text[match.end() :].strip():
            expected += 1
            end += 1
        if end > first:
            blocks.append((index, first, end))
        index = max(end, index + 1)
    return blocks if len(blocks) >= 2 else []


# Notes marked with asterisks (a statistical table's habit, carried into the text: `186.2亿元*`, `增长7.1%**`),
# the notes at the end each opening with as many (`* 初步核算数。`, `** 按同口径计算。`): note n has n asterisks.
_STAR_NOTE = re.compile(r"([*＊]{1,3})(?![*＊])[ \u3000]*(?=\S)")
_STAR_CALL = re.compile(r"(?<=[^\s*＊])[*＊]{1,3}(?![*＊])")


def read_starred_notes(paragraphs: list[Line]) -> tuple[list[Line], dict[int, str], int] | None:
    """(body with its calls as placeholders, notes, index where the notes start) of asterisk notes at the end
    of `paragraphs`, or None: the notes are numbered `*` … on, and every one is called in the text, after a
    character (an asterisk opening a line, or a note no call answers, is no such note)."""
    notes: dict[int, str] = {}
    start = len(paragraphs)
    for index in range(len(paragraphs) - 1, -1, -1):
        match = _STAR_NOTE.match(paragraphs[index].text)
        number = len(match.group(1)) if match else 0
        if not match or number in notes:
            break
        notes[number] = paragraphs[index].text[match.end() :]
        start = index
    if not notes or sorted(notes) != list(range(1, len(notes) + 1)):
        return None
    used: set[int] = set()

    def swap(match: re.Match[str]) -> str:
        number = len(match.group())
        if number not in notes:
            return match.group()
        used.add(number)
        return footnote_placeholder(number)

    body = [Line(line.number, _STAR_CALL.sub(swap, line.text), line.indented) for line in paragraphs[:start]]
    return (body, notes, start) if used == set(notes) else None


# Han characters a word may go on after the term it holds before the term's call (`“强链补链”行动③`: the call
# closes the word, as glossary.py's `规模以上工业增加值[3]` for `规模以上工业`)
_TERM_WORD_SLACK = 4
_WORD_GOES_ON = re.compile(rf"[\u4e00-\u9fff]{{1,{_TERM_WORD_SLACK}}}")


def follows_term(text: str, at: int, forms: Sequence[str]) -> bool:
    """Whether `text` just before offset `at` ends with one of a term's `forms`, or with one and a few Han
    characters of the word it opens (see above)."""
    for form in forms:
        if not form:
            continue
        if text.endswith(form, 0, at):
            return True
        start = text.rfind(form, max(0, at - len(form) - _TERM_WORD_SLACK), at)
        if start != -1 and _WORD_GOES_ON.fullmatch(text, start + len(form), at):
            return True
    return False


def section_marks(lines: Sequence[Line]) -> str:
    """The enclosed digits a notes section is numbered with: the parenthesized `⑴`… when its notes are, else the
    circled `①`… (a text numbering its notes ① may write `（⑵⑶）` for items of a list: no call of them)."""
    for line in lines:
        match = _NOTE_MARKER.match(line.text)
        if match and match.group("circled"):
            return PARENTHESIZED if match.group("circled") in PARENTHESIZED else CIRCLED
    return CIRCLED


def replace_markers(
    paragraphs: list[Line], footnotes: dict[int, str], glossary_size: int,
    term_forms: Sequence[Sequence[str]] = (), marks: str = CIRCLED,
) -> tuple[list[Line], set[int]]:
    """Swap answered markers for placeholders; return the paragraphs and the footnotes used.

    A bracketed marker numbered like a glossary entry anchors it; a circled one (`“河长制”①`) only when
    it stands right after that entry's term (`term_forms[n - 1]`): circled digits in running text are as
    often list numbers, but one glued to the very term entry n explains is its call. An enclosed digit calls a
    footnote only when it is of the `marks` the notes are numbered with.
    """
    used: set[int] = set()
    result: list[Line] = []

    def swap(match: re.Match[str]) -> str:
        number = marker_number(match)
        if number in footnotes and (match.group("circled") is None or match.group("circled") in marks):
            used.add(number)
            # `硫＠①`: the ＠ stood for the glyph the note describes (原字石右加安); dropped, the text would
            # read 硫 where a character is missing, so the lost-character mark takes its place
            lost = LOST_MARK if match.group()[:1] in "＠@" else ""
            return lost + footnote_placeholder(number)
        if 0 < number <= min(glossary_size, MAX_GLOSSARY_CALLS) and (
            match.group("circled") is None
            or (number <= len(term_forms) and follows_term(match.string, match.start(), term_forms[number - 1]))
        ):
            return glossary_placeholder(number)
        return match.group()

    for line in paragraphs:
        result.append(Line(line.number, _ANY_MARKER.sub(swap, line.text), line.indented))
    return result, used


def read_notes(paragraphs: list[Line], glossary_size: int) -> tuple[list[Line], dict[int, str]]:
    """Split off a notes section and mark the body's markers; return the body and the footnotes."""
    body, notes, _, _ = read_notes_section(paragraphs, glossary_size)
    return body, notes


def read_notes_section(
    paragraphs: list[Line], glossary_size: int, term_forms: Sequence[Sequence[str]] = ()
) -> tuple[list[Line], dict[int, str], str, list[int]]:
    """`read_notes`, plus the section's title ("" when untitled) and its raw line numbers."""
    blocks = notes_under_each_part(paragraphs)
    if blocks:
        taken = {index for start, _, end in blocks for index in range(start, end)}
        body = [line for index, line in enumerate(paragraphs) if index not in taken]
        notes = {}
        for _, first, end in blocks:
            for line in paragraphs[first:end]:
                match = _NOTE_MARKER.match(line.text)
                assert match is not None
                notes[marker_number(match)] = line.text[match.end() :].lstrip("：: \u3000")
        marks = section_marks([paragraphs[index] for _, first, end in blocks for index in range(first, end)])
        body, used = replace_markers(body, notes, glossary_size, term_forms, marks)
        if used:
            return (body, notes, notes_title(paragraphs, blocks[0][0]),
                    [paragraphs[index].number for index in sorted(taken)])
    start, end, notes = find_notes_section(paragraphs)
    if not notes and (starred := read_starred_notes(paragraphs)) is not None:
        body, notes, start = starred
        return replace_markers(body, {}, glossary_size, term_forms)[0], notes, "", \
            [line.number for line in paragraphs[start:]]
    body = paragraphs[:start] + paragraphs[end:]
    body, used = replace_markers(body, notes, glossary_size, term_forms, section_marks(paragraphs[start:end]))
    if notes and not used:
        # numbered paragraphs at the end that no marker points to are not notes: keep them as text
        return replace_markers(paragraphs, {}, glossary_size, term_forms)[0], {}, "", []
    general = uncalled_notes(paragraphs[start:end], notes, used)
    if general:
        # a note the text never calls (`[3]本公报中部分数据因四舍五入…`, `[4]资料来源：…`) speaks of the
        # whole text: as a note it would be left out of both outputs (a definition nothing refers to), so
        # it stays a paragraph, at the end of the text, before the notes
        notes = {number: text for number, text in notes.items() if number in used}
        body = body[:start] + general + body[start:]
    return body, notes, notes_title(paragraphs, start), [line.number for line in paragraphs[start:end]]


def uncalled_notes(section: Sequence[Line], notes: dict[int, str], used: set[int]) -> list[Line]:
    """The lines of the notes section holding notes no marker of the text calls, their markers dropped
    (the called notes are renumbered in print, so `[3]` would name no note there)."""
    kept: list[Line] = []
    for line in section:
        match = _NOTE_MARKER.match(line.text)
        if match is not None and marker_number(match) in notes and marker_number(match) not in used:
            kept.append(Line(line.number, notes[marker_number(match)], indented=True))
    return kept
