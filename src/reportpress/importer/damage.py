"""Scrape damage: line breaks left inside a number or a word, and first characters the scrape lost (item 8).

Two classes of damage a web page's copy or a converter leaves, told apart by their shape alone:

- **A break inside a number or a Latin word.** An inline span (`PM<sub>2.5</sub>`, a number set in its own
  `<span>`) is copied onto a line of its own, or a line is cut between two digits: `PM` / `2.5` /
  `浓度下降…`, `完成投资1` / `2.3亿元`. `rejoin_breaks` joins, on the raw lines:
  - two lines with no blank line between when the first ends in a Latin letter or a digit and the
    second opens with one (a Chinese line never breaks between two such characters on purpose), unless
    the first is a numbered heading line, an appendix label (`附件1`) or a date;
  - a *fragment* (a line of at most 8 Latin letters, digits and `.%+-`, such as `2.5` or `PM`; no
    paragraph is one) to the text before it when that does not end a sentence, and the text after it
    to the fragment, blank lines or not, unless that text starts a paragraph by its numbering.
  A number grouped by thousands and cut after a comma (`186,` / `275件`) is joined as well, and so is a
  heading's number set alone on its line (`一、` / `2023年工作回顾`, `（一）` / `…`: a span of its own) to
  the title under it, when no blank line and no other number comes between.
  A bare number (`1`) on a line of its own is a fragment only where noise.py kept it (between a line
  stopping mid-sentence and one going on with a digit or a letter, no blank lines); elsewhere a folio.
- **A lost first character.** A paragraph cannot start with a clause mark (`，` `、` `）` `”` …), with a
  particle that only follows (`们` `吗` `呢` `吧`), or with a lowercase Latin letter run into Han text:
  its first character was lost (or its line was cut from the one before). `lost_first_characters`
  flags each such block as a doubtful decision; a heading whose numeral was lost (`、2030年工作回顾`,
  `一）…` without its `（`) gets it back when its neighbours say which it was, and the report says so.
"""

from __future__ import annotations

import re
from itertools import groupby, pairwise

from reportpress.importer.blocks import Block, Line
from reportpress.importer.closing import is_date_line
from reportpress.importer.headings import HEADING_MAX_CHARS, NUMBERING, classify_paragraph, han_number, heading_number
from reportpress.importer.report import Decision

_BLANKS = " \t\u3000"
_FRAGMENT = re.compile(r"[A-Za-z0-9.%+\-]{1,8}")
# the ASCII run a Chinese line ends with, and the one the next opens with, each against Han text or a mark:
# English text (`…of the Government 2031` / `Delivered at…`) has spaces there, and is never joined
_ENDS_ASCII = re.compile(r"(?:^|[^\x00-\x7f])([A-Za-z0-9.]*[A-Za-z0-9])$")
_STARTS_ASCII = re.compile(r"(\.?[A-Za-z0-9][A-Za-z0-9.%]*)(?:$|[^\x00-\x7f])")
_ENDS_SENTENCE = re.compile(r"[。！？；：…!?;:][”’」』）)]*$")
# A number grouped by thousands cut after a group's comma (`186,` / `275件`, `2,108,` / `275`): the line ends
# in a group and its comma, the next opens with three digits and no fourth (`2019,` / `2020年` is a list)
_GROUP_OPEN = re.compile(r"(?:^|[^\d,])\d{1,3}(?:,\d{3})*,$")
_GROUP = re.compile(r"\d{3}(?![\d])")
_APPENDIX_LABEL = re.compile(r"附\s*件\s*\d{1,2}")
_ENGLISH_OPENING = re.compile(r"[A-Z][a-z]*[ ,]")
_INDENT = re.compile(r"[\t\u3000]|  ")


def is_fragment(text: str) -> bool:
    """Whether a stripped line is a piece of a word or number only (`2.5`, `PM`, `CO2`, `1`), never a paragraph.

    noise.py has dropped the bare numbers that are folios; a line of marks alone is no fragment."""
    return bool(_FRAGMENT.fullmatch(text)) and not re.fullmatch(r"[.%+\-]+", text)


def protected(text: str) -> bool:
    """A line whose end is not a break however it ends: a short numbered heading line, an appendix label
    or a date (`附件1` / `2031年重点工作` are two lines, not `附件12031年`)."""
    heading = bool(NUMBERING.match(text)) and len(text) <= HEADING_MAX_CHARS and "。" not in text
    return heading or bool(_APPENDIX_LABEL.fullmatch(text)) or is_date_line(text)


def broken_between(before: str, after: str, *, blank_between: bool) -> bool:
    """Whether the break between the text `before` and the next line `after` (both stripped) falls inside
    a number or a word (see the module docstring)."""
    if not before or not after or _ENDS_SENTENCE.search(before) or NUMBERING.match(after):
        return False
    if NUMBERING.fullmatch(last_line(before)) and not blank_between:
        return True  # a heading's number alone over its title
    if is_fragment(after):
        return not protected(before)
    if is_fragment(last_line(before)):
        # a word alone over English text (`Abstract` / `In 2023, the …`) is its heading: a word a break cut
        # goes on in lowercase or with a digit, never with a capitalised word and a space
        return not (last_line(before).isalpha() and _ENGLISH_OPENING.match(after))
    if not blank_between and not protected(before) and _GROUP_OPEN.search(last_line(before)) and _GROUP.match(after):
        return True
    end, start = _ENDS_ASCII.search(last_line(before)), _STARTS_ASCII.match(after)
    if blank_between or not end or not start or protected(before):
        return False
    # two Latin words meet at a word space, not a break; a digit on either side is one number or `5G`
    return end.group(1)[-1].isdigit() or start.group(1).lstrip(".")[0].isdigit()


def last_line(text: str) -> str:
    """The last piece joined into `text` (the joiner keeps them apart by U+0000 until it is done)."""
    return text.rsplit("\0", 1)[-1]


# A table scraped one cell a line (`项目` / `预算数` / … / `税收收入` / `89.0` / `92.4` / `7.5`): a run of short
# lines with no clause mark, many of them whole numbers. Its numbers are cells, not pieces of one number.
_CELL = re.compile(r"[^。，；！？]{1,16}")
_NUMBER_CELL = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
_TABLE_MIN_CELLS = 6


def table_cells(lines: list[Line]) -> set[int]:
    """The indexes of the lines that are cells of a table scraped one cell a line (blank lines between
    cells allowed): runs of at least six short lines, half of them numbers, three numbers in a row at least."""
    cells: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, Line(0, "。")]):
        text = line.text.strip(_BLANKS)
        if not text:
            continue
        if _CELL.fullmatch(text) and not NUMBERING.match(text):
            run.append(index)
            continue
        is_number = [bool(_NUMBER_CELL.fullmatch(lines[at].text.strip(_BLANKS))) for at in run]
        longest = max((len(list(group)) for number, group in groupby(is_number) if number), default=0)
        if len(run) >= _TABLE_MIN_CELLS and sum(is_number) * 2 >= len(run) and longest >= 3:
            cells.update(run)
        run = []
    return cells


def rejoin_breaks(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """Join the raw lines a break inside a number or a word split; one decision per joined run of lines.

    An indented line starts a paragraph and is never joined; blank lines between a fragment and its
    neighbours go with the join. The cells of a table scraped one a line are never joined."""
    result: list[Line] = []
    decisions: list[Decision] = []
    joined: list[int] = []  # the raw line numbers of the run being joined into result[last]
    last = -1  # index in result of the last non-blank line
    cells = table_cells(lines)
    for at, line in enumerate(lines):
        text = line.text.strip(_BLANKS)
        if not text:
            result.append(line)
            continue
        if last >= 0 and not _INDENT.match(line.text) and at not in cells:
            before = result[last].text.strip(_BLANKS)
            blank_between = last != len(result) - 1
            if broken_between(before, text, blank_between=blank_between):
                if not joined:
                    joined = [result[last].number]
                joined.append(line.number)
                del result[last + 1 :]
                result[last] = Line(result[last].number, result[last].text.rstrip(_BLANKS) + "\0" + text,
                                    result[last].indented)
                continue
        finish_run(result, last, joined, decisions)
        joined = []
        result.append(line)
        last = len(result) - 1
    finish_run(result, last, joined, decisions)
    return result, decisions


def finish_run(result: list[Line], last: int, joined: list[int], decisions: list[Decision]) -> None:
    """Close the joined run at `result[last]`: drop the markers and say what was joined."""
    if not joined:
        return
    line = result[last]
    pieces = line.text.split("\0")
    result[last] = Line(line.number, "".join(pieces), line.indented)
    # each break shown as `…投资1|2.3亿元…`, where the reviewer can find it in the raw file
    shown = " ".join(f"{before.strip(_BLANKS)[-6:]}|{after[:6]}" for before, after in pairwise(pieces))
    what = f"a line break inside a number or a word (a scrape of inline spans): {len(pieces)} lines rejoined"
    if NUMBERING.fullmatch(pieces[0].strip(_BLANKS)):
        what = "a heading's number alone on its line: joined to the title under it"
    if any(piece.strip(_BLANKS).isdigit() for piece in pieces[1:]):
        # a bare number between two lines might still have been a folio
        what += "; a bare number among them read as a piece of the number, not a page folio"
    confidence = 0.55 if "bare number" in what else 0.75
    decisions.append(Decision(tuple(joined), "line break", what, confidence, shown))


# Characters no paragraph starts with: clause marks and closing brackets or quotes, and particles that
# only follow a word. (`过` `着` `了` start words such as 过去 着力 了解, so they are not in the list.)
_NO_START = re.compile(r"[，。、；：？！）》」』”’%％…·]|[们吗呢吧]|[a-z]+[\u4e00-\u9fff]")
_LOST_NUMERAL = re.compile(r"、(?=\S)")
_LOST_BRACKET = re.compile(r"[一二三四五六七八九十]{1,3}）")
_HAN_NUMERALS = "一二三四五六七八九"


def han_numeral(number: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (up to 99)."""
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _HAN_NUMERALS[tens - 1] + "十")
    return head + (_HAN_NUMERALS[ones - 1] if ones else "")


def level_one_numbers(blocks: list[Block]) -> list[int]:
    """For each block, the number of the `一、` numbering it opens with (its lead's or its own), else 0."""
    numbers: list[int] = []
    for block in blocks:
        text = block.lead or block.text
        match = re.match(r"([一二三四五六七八九十]{1,3})、", text) if block.kind != "salutation" else None
        numbers.append(han_number(match.group(1)) if match else 0)
    return numbers


def lost_numeral(blocks: list[Block], index: int, numbers: list[int]) -> int:
    """The number a `、…` block at `index` lost, when its level-1 neighbours agree on one; else 0."""
    before = next((n for n in reversed(numbers[:index]) if n), 0)
    after = next((n for n in numbers[index + 1 :] if n), 0)
    if after and after == before + 2:
        return before + 1
    if not after and before:
        return before + 1
    return 0


def lost_first_characters(blocks: list[Block]) -> tuple[list[Block], list[Decision]]:
    """Flag every block whose first character the scrape lost; restore a heading's numeral where its
    neighbours give it (see the module docstring). Run before leads are marked."""
    decisions: list[Decision] = []
    numbers = level_one_numbers(blocks)
    for index, block in enumerate(blocks):
        if block.kind == "salutation" or block.lead:
            continue
        text = block.text
        restored = ""
        if _LOST_BRACKET.match(text):
            restored = "（" + text
        elif _LOST_NUMERAL.match(text) and (number := lost_numeral(blocks, index, numbers)):
            restored = han_numeral(number) + text
        if restored:
            blocks[index] = classify_paragraph(Line(block.line, restored))
            kind = "heading" if blocks[index].kind == "heading" else "run-in lead"
            added = restored[: len(restored) - len(text)]
            decisions.append(Decision((block.line,), "lost character", f"a {kind} whose numbering lost its first "
                                      f"character in the scrape: `{added}` restored from its numbering and its "
                                      "neighbours; check the source", 0.45, restored))
            numbers[index] = heading_number(restored) if restored[0] != "（" else 0
        elif _NO_START.match(text):
            decisions.append(Decision((block.line,), "lost character", f"starts with `{text[0]}`, which no "
                                      "paragraph starts with: the scrape lost its first character (or cut "
                                      "its line from the one before); check the source", 0.35, text))
    return blocks, decisions
