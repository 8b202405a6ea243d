"""Raw lines → paragraphs: one-line scrapes split, hard-wrapped lines joined, indents and spacing tidied.

In: the lines left after noise removal (blank lines included). Out: one `Line` per paragraph, its
text stripped of indents, its half-width punctuation already made full-width (punctuation.py).

Three shapes of raw text are told apart:
- a *one-line scrape*: a long line whose parts are separated by single spaces, most of them after a
  sentence end (the forum copy of the Hongkou report) — split at every such space;
- *hard-wrapped* text (PDF extraction): most lines have the same visual width (or, wrapped by a tool that
  counts characters, the same length) — a full line is joined to the next unless the next starts a
  paragraph (an indent, a heading number, a blank line);
- anything else: one paragraph per line, blank lines ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from reportpress.importer.blocks import Dropped, Line
from reportpress.importer.closing import is_date_line
from reportpress.importer.frontmatter import split_speaker
from reportpress.importer.glossary import is_glossary_title
from reportpress.importer.headings import ARTICLE, HEADING_MAX_CHARS, NUMBERING, PART_NUMBER
from reportpress.importer.noise import classify_noise
from reportpress.importer.punctuation import make_full_width, tidy_spaces
from reportpress.importer.references import is_references_title

# An indent is an ideographic space, a tab or two spaces: one space before a number or a Latin word at a
# line start is the gap an extraction keeps from the line before (` 6.5%，…`), a wrap and no indent.
_INDENT = re.compile(r"^(?:[\t\u3000]|  )[ \t\u3000]*")
# Letter-spaced display lines: three or more Han characters each followed by spaces (`政 府 工 作 报 告`,
# `用 语 解 释`), or two and a colon (`注 释：`): two characters spaced apart and nothing else are as often a
# two-character name set to the width of three (`林 君`), which stays as it is.
_LETTER_SPACED = re.compile(r"(?:[\u4e00-\u9fff][ \t\u3000]+){2,}[\u4e00-\u9fff](?:[ \t\u3000]*[：:])?"
                            r"|[\u4e00-\u9fff][ \t\u3000]+[\u4e00-\u9fff][ \t\u3000]*[：:]")
# A space between two non-ASCII characters: in Chinese text, only a scrape separator puts one there
# (or a letter-spaced title, or a slogan; which is why a line must have many to be split).
_SEPARATOR = re.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f]|\d{1,3}[.、．]\S)")
# The first-line indent of each paragraph kept where its line break was lost: a page that dropped its `<p>`
# tags writes the whole text on one line, each paragraph after two ideographic spaces. Inside a line, two of
# them are no word space (a slogan or a name is spaced by one).
_LOST_BREAK = re.compile("[ \u3000]*\u3000\u3000[ \u3000]*")
_AFTER_SENTENCE = re.compile(r"[。！？：；”]")
_SCRAPE_MIN_SEPARATORS = 5


def close_letter_spacing(text: str) -> str:
    """`政 府 工 作 报 告` → `政府工作报告`, `注 释：` → `注释：`; any other line unchanged."""
    if _LETTER_SPACED.fullmatch(text):
        return re.sub(r"[ \t\u3000]+", "", text)
    return text


def split_scrape(line: Line) -> list[Line]:
    """Split a one-line scrape at its separators (lost breaks first, then single spaces); return `[line]` if
    it is not one: five separators at least, half of them after a sentence end."""
    for separator in (_LOST_BREAK, _SEPARATOR):
        separators = list(separator.finditer(line.text))
        if len(separators) < _SCRAPE_MIN_SEPARATORS:
            continue
        at_sentence_end = sum(1 for m in separators if _AFTER_SENTENCE.match(line.text[m.start() - 1]))
        if at_sentence_end * 2 >= len(separators):
            return [Line(line.number, part) for part in separator.split(line.text) if part]
    return [line]


def visual_width(text: str) -> int:
    """Width in half-width cells: a Han character, a full-width mark or “”·… counts two.

    East Asian Ambiguous characters (quotes, middle dot) are full-width in Chinese fonts (UAX #11).
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def wrap_width(widths: list[int]) -> int | None:
    """The width hard-wrapped lines were wrapped at, or None when they are not hard-wrapped."""
    widths = [width for width in widths if width >= 16]
    if len(widths) < 6:
        return None
    counts = Counter(widths)
    best, _ = counts.most_common(1)[0]
    # a line that ends in a half-width digit or a letter is one cell shorter or longer
    near = sum(count for width, count in counts.items() if abs(width - best) <= 2)
    # … and a wrap leaves no line wider than its width: text of one line a paragraph (a notice, a short Word
    # export) whose lengths cluster by chance has many lines far wider than the "width" (measured on the
    # corpus: wrapped PDF text 0–7% of its lines, by chance 45% and more)
    wider = sum(count for width, count in counts.items() if width > best + _WIDER_SLACK)
    if best >= 20 and near * 10 >= len(widths) * 4 and wider <= len(widths) * _WIDER_SHARE:
        return best
    return None


_WIDER_SLACK = 4  # cells: a line with a pushed mark or Latin letters in it is a little over the width
_WIDER_SHARE = 0.2


_CHARACTER_WRAP_MIN_LINES = 6
_CHARACTER_WRAP_MIN_CELLS = 40  # twenty characters: headings and front lines share shorter lengths by chance


def character_wrap_width(lines: list[Line], characters: list[int]) -> int | None:
    """The width (in cells, two a character) text was wrapped at by a count of characters, or None.

    Short lines of one paragraph each (headings, the title, a date) often share a length by chance, so the
    evidence must be stronger than for a width: the length is twenty characters at least, six lines at
    least are of that length, and most of them stop mid-sentence, as a wrap cuts them."""
    width = wrap_width([count * 2 for count in characters])
    if width is None or width < _CHARACTER_WRAP_MIN_CELLS:
        return None
    full = [line for line, count in zip(lines, characters, strict=True) if abs(count * 2 - width) <= 2]
    cut = sum(1 for line in full if not ends_sentence(line.text))
    return width if len(full) >= _CHARACTER_WRAP_MIN_LINES and cut * 2 > len(full) else None


# An entry of a notes or reference list: its mark and a space (`[2] 王强.`, `① 作者：`). A call wrapped to
# a line start is glued to the text after it (`［2］要求…`), so it does not match.
_LIST_ENTRY = re.compile(r"(?:\[\d{1,3}\]|［\d{1,3}］|〔\d{1,3}〕|[\u2460-\u2473])[ \u3000]")


_DASHED = re.compile(r"[—\-－─―]{2}")


_NUMBER_CELL = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")


def is_table_row(text: str) -> bool:
    """A row of a table laid out with spaces (`税收收入 89.0 92.4 7.5`): two number cells or more apart from
    the rest by spaces, and no clause mark. Hard-wrapped text never looks so; a row stands on its own."""
    cells = text.split()
    return (len(cells) >= 3 and sum(1 for cell in cells if _NUMBER_CELL.fullmatch(cell)) >= 2
            and not re.search(r"[，。；！？]", text))


# A regulation's article opening its line: the number, then the space a regulation sets after it (`第六条　公共…`);
# in running text a number so cited is followed by its words (`依照第六条规定`), not by a space
_ARTICLE_START = re.compile(ARTICLE + r"[ \u3000]+\S")


def starts_paragraph(line: Line) -> bool:
    """Whether a line of wrapped text must begin a new paragraph: an indent, a heading number, an article's
    number (`第六条　…`: an article that ended a full line with `。` took the next one in), a notes or
    reference entry, a section title (`参考文献`, `名词解释`), a closing date (`2024年1月8日`, `2024年1月印`)
    or a speaker line (`市长　王大明`), or a table row laid out with spaces, which a line before it must not
    swallow."""
    return (line.indented or bool(NUMBERING.match(line.text)) or bool(_ARTICLE_START.match(line.text))
            or bool(_LIST_ENTRY.match(line.text))
            or is_table_row(line.text)
            or is_glossary_title(line.text) or is_references_title(line.text) or is_date_line(line.text)
            or split_speaker(line.text) is not None)


# A decimal cut after its point (`增长6.` / `5%；…`): no Chinese line ends in a number and a full stop, and a line
# so cut is short of the width by the digits the next one took (a number alone, `1.`, is a list's or a heading's)
_POINT_OPEN = re.compile(r"[^\x00-\x7f]\d{1,9}[.．]$")
# A mark that closes or continues a clause never starts a paragraph: extraction pushed it to a line start.
_CONTINUES = re.compile(r"[，。、；：？！）》」』”’%％…·]")
# A sentence ends in 。！？；：… perhaps followed by closing quotes or brackets.


_CLOSING = "”’」』）)"
_SENTENCE_END = "。！？；：…!?;"


def ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence, read from its end (a regex search for it would scan the whole paragraph)."""
    stripped = text.rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def is_full(text: str, line_width: int, width: int) -> bool:
    """Whether a wrapped line reached the wrap width. Latin letters and digits are narrower than half a
    Han character in most fonts, so a line with many is full a little short of the width."""
    ascii_chars = sum(1 for char in text if char.isascii() and not char.isspace())
    return line_width >= width - 3 - ascii_chars // 3


def continues(current: Line, lines_in_current: int, current_full: bool, current_width: int, line: Line,
              width: int) -> bool:
    """Whether wrapped `line` goes on with the paragraph `current` (of `lines_in_current` lines).

    Yes when it does not start a paragraph itself and: the previous line was full; or it opens with a
    mark that continues a clause (`，城乡居民…`); or the paragraph stops mid-sentence on a line at least
    half full — a paragraph ends where its sentence ends, and a line cut short mid-sentence is a wrap
    that a narrower glyph or a pushed mark made short. A single numbered line is a heading candidate:
    only a full line carries it on.
    """
    if starts_paragraph(line) or (lines_in_current == 1 and is_table_row(current.text)):
        return False  # (a row stands alone: a paragraph of joined lines is none)
    if current_full or _CONTINUES.match(line.text) or (_POINT_OPEN.search(current.text) and line.text[:1].isdigit()
                                                        and line.text[:1].isascii()):
        return True
    # a numbered line with a sentence end inside is a run-in lead going on, not a heading
    # so is a subtitle (`——2031年1月8日在…会议上`): a display line, whatever its width
    numbered = bool(NUMBERING.match(current.text)) and "。" not in current.text[:-1]
    heading_candidate = lines_in_current == 1 and (numbered or bool(_DASHED.match(current.text)))
    if heading_candidate and numbered and wrapped_heading(current.text, line.text, width):
        return True
    return not heading_candidate and not ends_sentence(current.text) and current_width * 2 >= width


# What the second line of a wrapped heading may hold: a clause goes on (`，` `、`), no sentence or clause ends
_HEADING_TAIL_STOPS = re.compile(r"[。；：！？]")


def wrapped_heading(heading: str, line: str, width: int) -> bool:
    """Whether `line` is the rest of the numbered heading `heading` that a PDF's wrap cut (a heading set larger
    than the text wraps sooner: `（一）坚持产业为基，苹果产业提质增效，现代农业体` / `系加快构建`): the heading
    stops mid-clause; the line is short, half the wrap width at most (a paragraph's first line under the
    heading is full, or nearly: a wide glyph pushed to the next line), holds no sentence or clause end and
    does not stop at a comma as a line going on does; and the two are no longer than a heading."""
    return (not ends_sentence(heading) and visual_width(line) * 2 <= width and not _HEADING_TAIL_STOPS.search(line)
            and not line.endswith(("，", "、")) and len(heading) + len(line) <= HEADING_MAX_CHARS)


_TAIL = 32  # characters of a paragraph's end that `continues` reads once it holds more than a line


def join_wrapped(lines: list[tuple[Line, int]], width: int) -> list[Line]:
    """Join hard-wrapped lines (each with its raw width) back into paragraphs (see `continues`);
    blank lines always end one.

    A paragraph is gathered as a list of its lines and joined once: once past its first line, `continues` reads
    only its end (a sentence end, a closing mark), so a paragraph of any number of lines costs linear time."""
    paragraphs: list[tuple[Line, list[str]]] = []
    current: Line | None = None  # the paragraph so far: its first line, else (its number kept) its end
    current_full = False
    current_width = 0
    lines_in_current = 0
    for line, line_width in lines:
        if not line.text:
            current, current_full, lines_in_current = None, False, 0
            continue
        if current is not None and continues(current, lines_in_current, current_full, current_width, line, width):
            # English words wrapped at a line end need their space back; Chinese and numbers none.
            english = current.text[-1:] in _ENGLISH_END and re.match(r"[A-Za-z]", line.text)
            pieces = paragraphs[-1][1]
            pieces.append((" " if english else "") + line.text)
            current = Line(current.number, (current.text + pieces[-1])[-_TAIL:], current.indented)
            lines_in_current += 1
        else:
            current = line
            paragraphs.append((line, [line.text]))
            lines_in_current = 1
        current_full = is_full(line.text, line_width, width)
        current_width = line_width
    return [Line(first.number, "".join(pieces), first.indented) for first, pieces in paragraphs]


# A mark that only closes or continues a clause: an extraction pushed it to the start of a line (`，全市上下…`)
_PUSHED = re.compile(r"[，。、；：？！）》」』”’%％]")


def pushed_marks_joined(lines: list[Line]) -> list[Line]:
    """The paragraphs of text with no wrap width (too few lines to tell one, a one-page PDF): one a line, but a
    line opening with a mark that closes or continues a clause goes on with the line right above it (no blank
    line between) when that line stops mid-sentence: no paragraph opens with one, and a text wrapped with its
    marks pushed to the line starts would otherwise open paragraphs with `，` and break its sentences. Under a
    finished sentence the mark is damage of another kind (`、2030年工作回顾`, a heading that lost its `一`),
    damage.py's."""
    paragraphs: list[Line] = []
    previous = ""
    for line in lines:
        pushed = _PUSHED.match(line.text) and not line.indented and not ends_sentence(previous)
        if line.text and previous and (pushed or heading_tail(previous, line)):
            paragraphs[-1] = Line(paragraphs[-1].number, paragraphs[-1].text + line.text, paragraphs[-1].indented)
        elif line.text:
            paragraphs.append(line)
        previous = line.text
    return paragraphs


# An article's number alone on its line (`第一条` / `为了…`, a PDF that set the number in a box of its own)
_ARTICLE_ALONE = re.compile(ARTICLE)
_PART_TITLE = re.compile(PART_NUMBER + "(?:章|节|编|篇|部分|条)")


def articles_joined(paragraphs: list[Line]) -> list[Line]:
    """The paragraphs with each article number that stands alone joined to the article's text under it, an
    ideographic space between, as a regulation prints it (`第一条　为了…`): an article is a paragraph opening with
    its number, never a heading of its own. A number over a heading or another number stays as it is."""
    result: list[Line] = []
    index = 0
    while index < len(paragraphs):
        line = paragraphs[index]
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if (following is not None and _ARTICLE_ALONE.fullmatch(line.text) and not NUMBERING.match(following.text)
                and not _PART_TITLE.match(following.text)):
            result.append(Line(line.number, f"{line.text}\u3000{following.text}", line.indented))
            index += 2
            continue
        result.append(line)
        index += 1
    return result


_CUT_HEADING_MIN_CHARS = 18  # a heading a line's end cut is long: a short one fits any line


def heading_tail(heading: str, line: Line) -> bool:
    """Whether `line` is the rest of the long numbered heading `heading` on the line above, in text with no wrap
    width (`（一）坚持创新驱动发展，加快建设现代化产业体系和科技` / `创新高地`): what `wrapped_heading` reads in wrapped
    text, the heading's own width standing for the wrap's."""
    return (bool(NUMBERING.match(heading)) and len(heading) >= _CUT_HEADING_MIN_CHARS and "。" not in heading
            and not starts_paragraph(line) and wrapped_heading(heading, line.text, visual_width(heading)))


_ENGLISH_END = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz,.;:!?")


def read_paragraphs(lines: list[Line]) -> tuple[list[Line], list[Dropped]]:
    """Cleaned lines → paragraphs, plus the scrape parts dropped as noise."""
    prepared: list[tuple[Line, int]] = []
    characters: list[int] = []  # the raw length of each prepared line (0 for a scrape's parts)
    dropped: list[Dropped] = []
    for line in lines:
        indented = bool(_INDENT.match(line.text))
        # a tab inside a line is layout debris: a space at most
        stripped = close_letter_spacing(re.sub(r"[ \t]+", " ", line.text.strip(" \t\u3000")))
        # widths are measured on the raw line, indent included: the wrapping was done on it
        raw_width = visual_width(line.text.rstrip())
        parts = split_scrape(Line(line.number, make_full_width(stripped), indented))
        for part in parts:
            part_text = tidy_spaces(part.text)
            # a whole line was checked for noise already; the parts of a scrape were not
            reason = classify_noise(part_text) if len(parts) > 1 else None
            if reason is not None:
                dropped.append(Dropped(part.number, part_text, reason))
            else:
                # a scrape's parts are whole paragraphs: never full lines of wrapped text
                part_width = raw_width if len(parts) == 1 else 0
                prepared.append((Line(part.number, part_text, part.indented or indented), part_width))
                characters.append(len(line.text.rstrip()) if len(parts) == 1 else 0)
    width = wrap_width([line_width for _, line_width in prepared])
    if width is None:
        # text wrapped at a count of characters (a plain-text export, `fold -w`, a mail client), not at a
        # width: a line with digits in it is as long as the others in characters, not in cells
        width = character_wrap_width([line for line, _ in prepared], characters)
        prepared = [(line, count * 2) for (line, _), count in zip(prepared, characters, strict=True)]
    if width is None:
        return articles_joined(pushed_marks_joined([line for line, _ in prepared])), dropped
    # a bracket pair split across two lines is only seen, and made full-width, once they are joined
    joined = join_wrapped(prepared, width)
    return articles_joined([Line(line.number, make_full_width(line.text), line.indented) for line in joined]), dropped
