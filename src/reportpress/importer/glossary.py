"""The glossary section at the end of a report → glossary entries with their ids.

In: the body paragraphs. Out: the paragraphs before the glossary, the glossary title and its
`GlossaryEntry`s. A glossary section opens with a title line (`《政府工作报告》用语解释`, 名词解释,
名词注释, 注释, 附注 …) near the end of the report, and its entries come in these styles:

- numbered, term and definition on one line: `1.“合议核准制”：是指…`, `１、term：def`, `（1）term：def`;
  numbers are read in sequence, so `5.3个“3”服务：…` is entry 5 with the term `3个“3”服务`;
- numbered or not, the term on its own line and the definition on the next;
- unnumbered `term：def`, or `term（def）` (the definition in brackets to the line's end);
- keyed by the page of the report where the term appears: `第3页 term：def`, `P3 term：def`;
- split over lines by a web page's inline spans (`1.` / `“term”` / `：def`), which are rejoined first.

Term ids follow DESIGN §3: the term with one enclosing “…” pair removed. Where that would cut a
compound term (`“两个免于提交”和“两个转变”`) the id is the term without its quotes, written `{#id}`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from reportpress.importer.blocks import Dropped, Line
from reportpress.importer.headings import HEADING_MAX_CHARS, heading_number, numbering_level
from reportpress.importer.notes import MARKS, PARENTHESIZED, SUPERSCRIPTS, is_closing_remark, without_closing_remarks
from reportpress.reader.inlines import term_id_from_text
from reportpress.typeset.chars import CIRCLED

_GLOSSARY_TITLE = re.compile(
    # a web page's decoration around the title: `【名词解释】`, `—名词解释—`, `★名词解释`
    r"[【〖\[「—\-★☆●■◆▲]*\s*"
    # an attachment mark may stand before the title on its line: `附：有关名词解释`, `附件2：名词解释`
    r"(?:(?:附(?:件\s*\d{0,2})?\s*[：:]\s*)?"
    r"(?:《[^》]{1,20}》)?[^。，；：]{0,12}(?:用语解释|名词解释|名词注释|词语解释|名词解读|术语解释|注释|附注|注解"
    # the other names reports give the section: `本报告有关用语说明`, `名词说明`, `有关词语注释`, `术语表`,
    # a news site's `名词链接`, `热词解读`
    r"|用语说明|名词说明|词语说明|术语说明|词语注释|名词注解|名词术语|术语表|名词解析|名词释义|词语释义|名词链接"
    r"|热词解读|热词解释|新词解释|词条解释|编者注"
    # the terms named as such: `附：相关用语`, `本报告中的相关术语`, `有关名词`
    r"|(?:相关|有关)(?:用语|术语|名词|词语))"
    r"(?:\s*[（(][^）)]{1,8}[）)])?[：:]?"  # `名词解释（供参考）`
    r"|注[：:]?)"  # a bare `注：` standing alone heads the notes or terms below it
    r"\s*[】〗\]」—\-]*"
)
_ATTACHMENT = re.compile(r"附件\s*\d*[：:]?")
# `P2P网络借贷：…` is a term, not page 2: a P-key must be followed by a space or a colon
# Page keys in every bracket: `第3页`, `P3 `, `（P3）`, `(P.3)`, `（第3页）`, `【P3】`.
_PAGE_KEY = re.compile(
    r"(?:第\s*\d{1,4}\s*页|[Pp]\.?\s*\d{1,4}(?=[\s：:“])"
    r"|[（(【\[［]\s*(?:第\s*\d{1,4}\s*页|[Pp]\.?\s*\d{1,4})\s*[）)】\]］])\s*[：:]?\s*"
)
_TERM_MAX_CHARS = 40
# Entries listed with bullets instead of numbers (`●“柑橘+”产业链：…`, `◆term：…`): the bullet is no part of the term
_BULLET = re.compile(r"^[●•◆◇■□▲△★☆○◎▪▶►❖✦·]\s*")
_ID_UNSAFE = re.compile(r'[\[\]{}"\\`*_<>#&]')
_PUNCTUATION_START = re.compile(r"[，、。：；！？）》」』\]}:;,.!?)-]")


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One entry: the term as printed, its definition, its id, and whether the id must be written."""

    term: str
    definition: str
    id: str
    explicit_id: bool
    line: int
    page: str = ""  # the report page the raw glossary keyed the entry by, when it did


def default_term_id(term: str) -> str:
    """DESIGN §3: a term's id is its text with one enclosing “…” pair removed — the reader's own rule,
    so that every id the importer writes is the id the reader finds."""
    return term_id_from_text(term)


def term_id(term: str) -> tuple[str, bool]:
    """(id, whether it differs from the default and must be written as `{#id}`)."""
    if term.startswith("“") and term.endswith("”") and "”" in term[1:-1]:
        return re.sub(r"[“”]", "", term), True
    return default_term_id(term), False


def entry_number_pattern(number: int) -> re.Pattern[str]:
    """The ways entry `number` may be numbered at the start of its line."""
    circled = re.escape(CIRCLED[number - 1]) if number <= len(CIRCLED) else "(?!)"
    parenthesized = PARENTHESIZED[number - 1] if number <= len(PARENTHESIZED) else "(?!)"
    superscript = "".join(SUPERSCRIPTS[int(digit)] for digit in str(number))
    return re.compile(
        # `注1：` numbers an entry of a notes-style glossary (`注1：“四上”企业是指…`), and so does `（注1）`
        rf"\s*(?:{number}\s*[.、．]|（{number}）|\({number}\)|［{number}］|\[{number}\]|{circled}|{parenthesized}"
        rf"|{superscript}(?![{SUPERSCRIPTS}])"
        rf"|[（(]注\s*{number}[）)]|注\s*{number}\s*[：:．.、]?)\s*"
    )


def is_glossary_title(text: str) -> bool:
    """Whether `text` is the title line of a glossary or notes section (`名词解释`, `注释：` …)."""
    return len(text) <= 30 and bool(_GLOSSARY_TITLE.fullmatch(text))


def find_glossary_title(paragraphs: list[Line]) -> int:
    """Index of the last glossary title among `paragraphs` (with something after it), or -1."""
    for index in range(len(paragraphs) - 2, -1, -1):
        if is_glossary_title(paragraphs[index].text):
            return index
    return -1


# A note mark opening a paragraph, perhaps after a missing-glyph sign (`＠①原字石右加安`).
_NOTE_MARK = re.compile(rf"[＠@]?(?:[{MARKS}]|［\d{{1,3}}］|\[\d{{1,3}}\]|〔\d{{1,3}}〕|[（(]注\d{{1,3}}[）)]"
                        rf"|[{SUPERSCRIPTS}]{{1,3}})")


def is_notes_section(lines: list[Line]) -> bool:
    """Whether a section under a glossary-like title holds notes, not term entries.

    Notes are numbered with the marks the body calls them by and explain a place, not a term: each
    paragraph opens with a mark and at least one says what it says without a `term：` before a colon
    (`＠①原字石右加安`, `① 作者：《书名》` is a citation: its "term" holds no Han word but the author).
    Glossary entries numbered `①term：definition` have a term before a colon on every line. Closing remarks
    after the notes (`资料来源：…`, notes.py) are the text's, not the section's.
    """
    lines = lines[: without_closing_remarks(lines)]
    marked = [line for line in lines if _NOTE_MARK.match(line.text)]
    if not marked or len(marked) < len(lines):
        return False
    texts = [line.text[_NOTE_MARK.match(line.text).end():].strip() for line in marked]  # type: ignore[union-attr]
    return any(split_term(text, colon_only=True) is None or is_citation(text) for text in texts)


# A source cited in a note: `作者：《书名》`, `《书名》，出版社2018年版，第12页。`, `载《期刊》2020年第3期`.
_CITED_WORK = re.compile(r"^(?:[^：:《》]{1,30}[：:]\s*)?《[^》]{1,80}》")
_CITATION_DETAIL = re.compile(
    r"出版社|年版|第\s*\d{1,5}\s*[-—～至]?\s*\d{0,5}\s*页|\d{4}年第\s*\d{1,3}\s*期|\[[JMCDNRSZ]\]"
)


def is_citation(text: str) -> bool:
    """Whether a note's text cites a source (a work in 《》 after an optional author, or a publisher, an
    edition, a page or an issue), so that `author：《title》` is not read as a term and its definition."""
    return bool(_CITED_WORK.match(text)) or bool(_CITATION_DETAIL.search(text))


# Entry shapes other than `term：definition`, each a class of glossary seen in reports:
# `【term】definition` (a CMS's bracketed term), `term——definition` (a dash for the colon),
# `“term”是指…` / `“term”，即…` (a quoted term run into its definition, no colon at all), `term，指…` /
# `term  是指…` (an unquoted one parted from it by a comma or spaces).
_BRACKETED_TERM = re.compile(r"【([^【】]{1,40})】\s*[：:]?\s*(?=\S)")
_DASHED_TERM = re.compile(r"([^。；，：——]{1,40}?)\s*(?:——|--|—)\s*(?=\S)")
_QUOTED_TERM = re.compile(r"(“[^“”]{1,38}”(?:[^，。：“”]{0,8}?))\s*，?\s*(?=(?:是指|系指|指的是|主要是指|即|指)\S)")
# `term（definition）`, the definition in brackets filling the rest of the line (`“一网通办”（依托…平台，实现…）`,
# a 附：相关用语 list): the term has no mark of a clause, the brackets hold a phrase at least
_BRACKETED_DEFINITION = re.compile(r"([^（()）。，；：:]{1,40}?)\s*[（(]([^（()）]{6,})[）)]")
# an unquoted term parted from its `是指…` by a comma or by spaces (`链长制，指…`, `链长制  是指…`)
_PARTED_TERM = re.compile(r"([^，。：；、“”\s]{2,20})(?:\s*，\s*|\s+)(?=(?:是指|系指|指的是|主要是指|即|指)\S)")


def split_term(text: str, *, colon_only: bool = False) -> tuple[str, str] | None:
    """`term：definition` (or one of the shapes above) → (term, definition), or None when `text` has no term.

    `colon_only` reads the colon shape alone: a note under a mark (`①“三千精神”即…`) explains a place in the
    text in a sentence, which the run-in shapes would take for a term, so telling notes from a glossary
    keeps to the colon."""
    colon = text.find("：")
    bracketed = None if colon_only else _BRACKETED_DEFINITION.fullmatch(text)
    if bracketed and (colon == -1 or colon > bracketed.start(2)):
        return bracketed.group(1).strip(), bracketed.group(2).strip()
    if 0 < colon <= _TERM_MAX_CHARS and colon < len(text) - 1:
        return text[:colon].strip(), text[colon + 1 :].strip()
    if colon_only:
        return None
    for shape in (_BRACKETED_TERM, _DASHED_TERM, _QUOTED_TERM, _PARTED_TERM):
        match = shape.match(text)
        if match and match.end() < len(text):
            return match.group(1).strip(), text[match.end() :].strip()
    return None


def strip_page_key(text: str) -> tuple[str, str]:
    """(page number, rest) of an entry keyed by a page (`（P3）term：…` → ("3", "term：…")); the key is
    dropped from the entry, as the page it names is stale once the report is set again."""
    page_key = _PAGE_KEY.match(text)
    if not page_key:
        return "", text
    return re.sub(r"\D", "", page_key.group()), text[page_key.end() :]


# An entry's number standing alone on its line: the web page set it in a span of its own.
_NUMBER_ALONE = re.compile(rf"(?:\d{{1,3}}\s*(?:[.．](?!\d)|、)|（\d{{1,3}}）|\(\d{{1,3}}\)|［\d{{1,3}}］|\[\d{{1,3}}\]"
                           rf"|[{MARKS}])")
# A line opening with a number of any list (the items of a section after the glossary): no definition
_LIST_NUMBER = re.compile(r"\s*(?:\d{1,3}\s*(?:[.．](?!\d)|、)|（\d{1,3}）|\(\d{1,3}\)|［\d{1,3}］|\[\d{1,3}\])")
# A short line with no clause or sentence mark after a definition that ended its sentence: the title of what
# comes next (`附表说明`), not the definition running on
_TITLE_LIKE = re.compile(r"[^。，；！？]{1,20}")
# A line that can only go on from the one before: a colon after a term set in a span of its own, a
# closing quote or bracket, a clause mark.
_GOES_ON = re.compile(r"[：:，、；。”’）》」』]")


def split_by_span(before: str, after: str) -> bool:
    """Whether the glossary lines `before` and `after` are one entry split by an inline span (`1.` / `“term”`,
    `“term”` / `：是指…`, `2.“放管` / `服”：…`, `…数字化技术` / `，应用到…`)."""
    if not before or not after or _NUMBER_ALONE.match(after):  # a number opens the next entry
        return False
    unclosed = before.count("“") > before.count("”") and len(before) <= _TERM_MAX_CHARS
    return bool(_NUMBER_ALONE.fullmatch(before)) or unclosed or bool(_GOES_ON.match(after))


# A glossary set as a table: a header row naming its columns (`序号 | 名词 | 解释`; a Word table saved as text has
# tabs, which paragraphs.py made spaces), then a row an entry. The columns are cut at `|` or, with no `|`, at
# the spaces: a term has none, and a number glued to it (the tab between them lost) is the row's number.
_TERM_COLUMN = r"(?:名词|术语|词语|用语|名称|词条|概念)"
_DEFINITION_COLUMN = r"(?:解释|释义|含义|说明|定义|内容|注释|解读)"
_TABLE_HEADER = re.compile(
    rf"[|｜]?\s*(?:(序号|编号)\s*[|｜\s]\s*)?{_TERM_COLUMN}\s*[|｜\s]\s*{_DEFINITION_COLUMN}\s*[|｜]?")
_RULE_ROW = re.compile(r"[|｜]?\s*:?-{3,}:?\s*(?:[|｜]\s*:?-{3,}:?\s*)+[|｜]?")
_PIPE = re.compile(r"\s*[|｜]\s*")
_SPACED_ROW = re.compile(r"(\d{1,3}[.、．]?)?\s*([^\s|｜]{1,40})\s+(\S.*)")


def untable_entries(lines: list[Line]) -> list[Line]:
    """The rows of a glossary set as a table (see `_TABLE_HEADER`) as `N.term：definition` lines, its header and
    rule rows gone; any other glossary as it is. A row that is no row of the table (a definition wrapped onto a
    line of its own) stays, and goes on with the entry before it."""
    header = _TABLE_HEADER.fullmatch(lines[0].text) if lines else None
    if header is None:
        return lines
    numbered = header.group(1) is not None
    rows: list[Line] = []
    for line in lines[1:]:
        if _RULE_ROW.fullmatch(line.text):
            continue
        if "|" in line.text or "｜" in line.text:
            cells = [cell for cell in _PIPE.split(line.text.strip("|｜ \u3000")) if cell]
            number, cells = (cells[0], cells[1:]) if numbered and len(cells) == 3 else ("", cells)
            row = cells if len(cells) == 2 and (not numbered or number.isdigit()) else None
        else:
            match = _SPACED_ROW.fullmatch(line.text)
            number = (match.group(1) or "").rstrip(".、．") if match else ""
            row = [match.group(2), match.group(3)] if match and bool(number) == numbered else None
        if row is None:
            rows.append(line)
        else:
            rows.append(Line(line.number, f"{number}.{row[0]}：{row[1]}" if number else f"{row[0]}：{row[1]}",
                             line.indented))
    return rows


def mend_entry_lines(lines: list[Line]) -> list[Line]:
    """Rejoin the glossary lines inline spans split (see `split_by_span`); the term-on-its-own-line style
    (`“term”` / `是指…`) is an entry shape and stays two lines."""
    mended: list[Line] = []
    for line in lines:
        if mended and split_by_span(mended[-1].text, line.text):
            mended[-1] = Line(mended[-1].number, mended[-1].text + line.text, mended[-1].indented)
        else:
            mended.append(line)
    return mended


def read_entries(lines: list[Line], before: int = 0, *,
                 strict: bool = False) -> tuple[list[tuple[str, str, int, str]], list[Line]]:
    """Glossary paragraphs → (term, definition, line, page) tuples and the paragraphs not understood;
    `before` entries were read in an earlier section, which the numbering may go on from. `strict` reads
    no paragraph as a definition running on (in the middle of the text, that is the text going on)."""
    entries: list[tuple[str, str, int, str]] = []
    leftovers: list[Line] = []
    numbered = False  # whether the entries are numbered (the first one is)
    first = lines[0].text if lines else ""
    if before and not entry_number_pattern(before + 1).match(first) and entry_number_pattern(1).match(first):
        before = 0  # this section numbers its entries from 1 again
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        text = _BULLET.sub("", text)
        page, text = strip_page_key(text)
        numbering = entry_number_pattern(before + len(entries) + 1).match(text)
        if numbering:
            text = text[numbering.end() :]
            if not page:  # `1.（P3）term：…`: the key after the number
                page, text = strip_page_key(text)
        # numbered once a numbered line opens the section, an entry or not (`［1］…。` notes before a `资料来源：…`)
        numbered = numbered or (not entries and bool(numbering))
        pair = split_term(text)
        next_text = lines[index + 1].text if index + 1 < len(lines) else ""
        # Under numbered entries a line without a number is no entry: the title and lines of what follows the
        # glossary (`附表说明`, `资料来源：…`) stay text, as the reviewer is told (a number out of sequence is the
        # glossary's still, as before: `4.term：…` after `2.`)
        unnumbered = numbered and not numbering and not _LIST_NUMBER.match(text)
        if pair and not unnumbered and not is_closing_remark(line.text):  # `资料来源：…` names no term
            entries.append((pair[0], pair[1], line.number, page))
        elif (
            text
            and not unnumbered
            and len(text) <= _TERM_MAX_CHARS
            and not re.search(r"[。：]", text)
            and not _PUNCTUATION_START.match(text)
            and next_text
            and not _LIST_NUMBER.match(next_text)
        ):
            # the term on its own line, the definition on the next (never a numbered line: that is an item)
            entries.append((text.rstrip("：:"), next_text, line.number, page))
            index += 1
        elif (entries and not numbering and not pair and not _LIST_NUMBER.match(text) and not strict
              and not (_TITLE_LIKE.fullmatch(text) and entries[-1][1].endswith(("。", "！", "？")))):
            # a definition that ran on into a paragraph of its own
            term, definition, number, entry_page = entries[-1]
            entries[-1] = (term, definition + text, number, entry_page)
        else:
            leftovers.append(line)
        index += 1
    return entries, leftovers


def make_entries(raw_entries: list[tuple[str, str, int, str]]) -> list[GlossaryEntry]:
    """Give each entry its id, making ids unique (a repeated term gets `-2`, `-3` …)."""
    result: list[GlossaryEntry] = []
    seen: set[str] = set()
    for term, definition, line, page in raw_entries:
        entry_id, explicit = term_id(term)
        if _ID_UNSAFE.search(entry_id) or (explicit and re.search(r"\s", entry_id)):
            # `{#…}` and `ref="…"` cannot hold these (`&` would be read as an entity); the term keeps them
            entry_id, explicit = _ID_UNSAFE.sub("", re.sub(r"\s+", "", entry_id)) or "term", True
        if entry_id in seen:
            suffix = 2
            while f"{entry_id}-{suffix}" in seen:
                suffix += 1
            entry_id, explicit = f"{entry_id}-{suffix}", True
        seen.add(entry_id)
        result.append(GlossaryEntry(term, definition, entry_id, explicit, line, page))
    return result


def read_glossary(
    paragraphs: list[Line],
) -> tuple[list[Line], str, list[GlossaryEntry], list[Line], list[Dropped]]:
    """Split off the glossary: (body paragraphs, title, entries, paragraphs not understood, dropped).

    The glossary is the section under the last glossary title, and any section under an earlier one that
    holds entries only (see `glossary_sections`): a report may explain its terms under each of its parts.
    """
    sections = glossary_sections(paragraphs)
    if not sections:
        return paragraphs, "", [], [], []
    raw_entries: list[tuple[str, str, int, str]] = []
    leftovers: list[Line] = []
    dropped: list[Dropped] = []
    kept: list[Line] = []
    title = ""
    at = 0
    for start, end, entries, rest in sections:
        body = paragraphs[at:start]
        if body and _ATTACHMENT.fullmatch(body[-1].text):
            dropped.append(Dropped(body[-1].number, body[-1].text, "attachment label before the glossary"))
            body = body[:-1]
        kept += body
        raw_entries += entries
        leftovers += rest
        title = title or re.sub(r"[：:]$", "", paragraphs[start].text.strip("【】〖〗[]「」—-★☆●■◆▲ \u3000"))
        at = end
    return kept + paragraphs[at:], title, make_entries(raw_entries), leftovers, dropped


Section = tuple[int, int, list[tuple[str, str, int, str]], list[Line]]


def glossary_sections(paragraphs: list[Line]) -> list[Section]:
    """The glossary sections of `paragraphs`: (title index, end index, entries, lines not understood) each.

    A section runs from its title to the next glossary title, or to the next of the text's `一、` sections
    (`三、` after a glossary under `二、`), or to the end. The one running to the end is the glossary as
    before; one in the middle of the text counts only when every line of it is an entry of its own: there,
    a title over anything else (a paragraph going on, a bare `注：` over a table's notes) is text. Sections
    of notes (`is_notes_section`) are no glossary.
    """
    titles = [index for index in range(len(paragraphs) - 1) if is_glossary_title(paragraphs[index].text)]
    if not titles:
        return []
    # what each title asks of the text before it, made once: thousands of titles cost a linear pass, not one each
    parts = [(index, heading_number(line.text)) for index, line in enumerate(paragraphs) if is_part_heading(line.text)]
    offsets = list(itertools.accumulate((len(line.text) for line in paragraphs), initial=0))
    joined = "".join(line.text for line in paragraphs)
    sections: list[Section] = []
    count = 0
    for position, start in enumerate(titles):
        if sections and start < sections[-1][1]:
            continue
        end = min(titles[position + 1] if position + 1 < len(titles) else len(paragraphs),
                  next_part(parts, start, len(paragraphs)))
        lines = paragraphs[start + 1 : end]
        if not lines or (is_notes_section(lines) and not terms_not_notes(paragraphs[start].text, lines,
                                                                         joined, offsets[start])):
            continue
        if called_as_notes(paragraphs[start].text, lines, joined, offsets[start]):
            continue
        in_text = end < len(paragraphs)  # the text goes on after the section
        if in_text and _BARE_NOTE_TITLE.fullmatch(paragraphs[start].text):
            continue
        entries, rest = read_entries(mend_entry_lines(untable_entries(lines)), count, strict=in_text)
        if not entries or (rest and in_text):
            continue
        count += len(entries)
        sections.append((start, end, entries, rest))
    return sections


_BARE_NOTE_TITLE = re.compile(r"注\s*[：:]?")
# The titles that name notes as well as terms (`注释`, `附注`, `注：` …); the others name terms only.
_NOTES_TITLE = re.compile(r"[^。，；：]{0,12}(?:注释|附注|注解|编者注)[：:]?|注\s*[：:]?")


def terms_not_notes(title: str, lines: list[Line], text: str, before: int) -> bool:
    """Whether a section shaped as notes (every line under a note mark) is a glossary all the same: its title
    names terms (`名词解释`: `①“链长制”是指…` is an entry), or the text calls none of its marks and every
    line is an entry of a glossary's shape (`［1］【term】definition` under `注释`). `text[:before]` is the
    text before the section."""
    name = title.strip("【】〖〗[]「」—-★☆●■◆▲ \u3000")
    if not _NOTES_TITLE.fullmatch(name) or re.search(r"名词|词语|用语|术语", name):
        return True
    marks = [match.group().lstrip("＠@") for line in lines if (match := _NOTE_MARK.match(line.text))]
    return (not any(text.find(mark, 0, before) >= 0 for mark in marks)
            and all(split_term(line.text[len(mark):].strip()) for line, mark in zip(lines, marks, strict=False)))


def called_as_notes(title: str, lines: list[Line], text: str, before: int) -> bool:
    """Whether a section of `①term：definition` lines (circled marks) under a notes title (`注释`, `注：`, not
    `名词解释`) is notes all the same: the text before it (`text[:before]`) calls every one of its marks, in
    order, and calls one at least where its term is not (`法官人均结案386.4件①`, after a number). A glossary's
    marks follow their terms (`“帮信罪”②`), when they are called at all (`terms_not_notes`); notes are called
    at the place they explain, and their calls stay calls (notes.py)."""
    name = title.strip("【】〖〗[]「」—-★☆●■◆▲ \u3000")
    if not _NOTES_TITLE.fullmatch(name) or re.search(r"名词|词语|用语|术语", name):
        return False
    lines = lines[: without_closing_remarks(lines)]
    marks = [match.group().lstrip("＠@") for line in lines if (match := _NOTE_MARK.match(line.text))]
    # circled marks only, the note sign of Chinese print: a `［1］`/`（注1）` call after a phrase holding the
    # term (`审结、执结…5.9%（注1）`) is as often a glossary's
    if not marks or len(marks) < len(lines) or not all(mark in CIRCLED for mark in marks):
        return False
    calls = [text.find(mark, 0, before) for mark in marks]
    if min(calls) < 0 or calls != sorted(calls):
        return False
    for line, mark, call in zip(lines, marks, calls, strict=True):
        entry = split_term(line.text[len(mark):].strip())
        forms = {entry[0], entry[0].strip("“”\"")} if entry else set()
        # at its term: right after it, or after a word holding it (`规模以上工业增加值[3]` for `规模以上工业`)
        if not any(form and form in text[max(0, call - len(form) - _TERM_WORD_SLACK) : call] for form in forms):
            return True
    return False


_TERM_WORD_SLACK = 6  # characters a word may go on after the term it holds before the call (`…增加值`)


def next_part(parts: list[tuple[int, int]], start: int, count: int) -> int:
    """The index of the first `一、` heading after `start` that goes on with the `一、` headings before it
    (`三、` after a section under `二、`), or `count` (the paragraphs') when none does; `parts`: the part
    headings, (index, number), in order."""
    at = bisect.bisect_left(parts, (start, -1))
    if at == 0 or not parts[at - 1][1]:
        return count
    wanted = parts[at - 1][1] + 1
    return next((index for index, number in parts[at:] if index > start and number == wanted), count)


def is_part_heading(text: str) -> bool:
    """A short `一、` heading line (no sentence inside)."""
    return numbering_level(text) == 1 and len(text) <= HEADING_MAX_CHARS and "。" not in text[:-1]
