"""A Markdown input → the source, as Markdown and not as escaped plain text (issue 11 item 7).

The class of input: a report already written in Markdown (a `.md` file, or text that clearly is one: two
ATX headings `# …`, or one and two `- ` list items) by an editor, a converter or a CMS export. Its
markup is kept — lists, quotes, tables, code, links — and only what the reader would refuse or lose is
changed, each change a decision in the report:

- the first heading, standing before any text and carrying no official numbering, is the title (front
  matter); each other heading's level is its official numbering's (`一、` 1, `（一）` 2, `1.` 3, `（1）` 4)
  where it has one, else its depth below the shallowest body heading, at most 4;
- display math `$$…$$` becomes a fenced `math` code block and inline `$…$` inline code: never lost;
- an image is kept when its file exists beside the input (a relative path, no `..`); otherwise its alt
  text stands in its place, and the report says so;
- a `参考文献` heading or line followed by entries numbered `[1]` `1.` `- [1]` … becomes `::: references`,
  and the body's calls `<sup>[n]</sup>` `[n]` (not a link's text) become `[@refN]` citations;
- a glossary heading or line (`名词解释`, `用语解释`, `注释` …, as `glossary.is_glossary_title` knows them)
  followed by entries in any style the plain-text importer reads (`1. term：def`, `- **term**：def`, the
  term on its own line) becomes `::: glossary`; a body call to entry n (`<sup>[n]</sup>`, `[n]`, `［n］`,
  `①`) right after the entry's term makes that term a term reference, any other call to it goes (the
  reader links the term's first use);
- other raw HTML tags are dropped, their text kept (the reader shows raw HTML as text);
- the opening form of address standing alone (`各位代表：`) becomes `::: salutation`;
- invisible characters were removed by decode.py, as for any input.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reportpress.importer.blocks import Line
from reportpress.importer.glossary import (
    GlossaryEntry,
    is_glossary_title,
    is_notes_section,
    make_entries,
    mend_entry_lines,
    read_entries,
)
from reportpress.importer.headings import numbering_level
from reportpress.importer.markdown import glossary_to_markdown
from reportpress.importer.references import CALL, REF_PREFIX, call_numbers, is_references_title
from reportpress.importer.report import Decision
from reportpress.importer.salutation import is_salutation
from reportpress.importer.terms import term_forms, term_span_markup
from reportpress.typeset.chars import CIRCLED

_ATX = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_THEMATIC_BREAK = re.compile(r"[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
_LIST_ITEM = re.compile(r"[ \t]{0,3}[-*+][ \t]+\S")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# the plain-text importer's calls, but a bare `[1]` that is a link's text or a reference definition is none
_CALL = re.compile(CALL.pattern + r"(?![(\[:])")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$([^$\n]{1,200}?)\$(?![\w$])")
_EMPHASIS = re.compile(r"\*\*|__")
_BULLET = re.compile(r"[ \t]{0,3}[-*+][ \t]+")
# a call to glossary entry n: the plain-text importer's forms, and a circled number
_GLOSSARY_CALL = re.compile(CALL.pattern + rf"(?![(\[:])|([{CIRCLED}])")
_NUMBERED = re.compile(rf"(?:\d{{1,4}}\s*[.、．]|[（(]\d{{1,4}}[）)]|[\[［]\d{{1,4}}[\]］]|[{CIRCLED}])")
# a bold term opening an entry, its colon outside or inside the bold: `**term**：…`, `__term：__…`
# a list item (its indent, then its marker): nested in an entry when indented deeper than the entry's line;
# `-`, `+`, `*` and `1.` need a blank after them (`-5℃`, `2.5倍` are text), `1、` `（1）` `①` do not
_LIST_ITEM = re.compile(rf"([ \t]*+)(?:[-*+][ \t]++|\d{{1,4}}[.．][ \t]++|\d{{1,4}}、|[（(]\d{{1,4}}[）)]|[{CIRCLED}])")
_BOLD_TERM = re.compile(rf"^((?:{_NUMBERED.pattern})?\s*)(\*\*|__)([^*_]+?)\2")
_TERM_UNSAFE = re.compile(r"[\[\]{}\\`*_<>]")
_REF_ENTRY = re.compile(r"[ \t]{0,3}(?:[-*+][ \t]+)?(?:\[(\d{1,3})\]|［(\d{1,3})］|(\d{1,3})[.．、])[ \t]*(\S.*)")


def looks_like_markdown(text: str) -> bool:
    """Whether plain text is clearly Markdown: two ATX headings, or one and two `- ` list items."""
    lines = text.splitlines()
    headings = sum(1 for line in lines if _ATX.fullmatch(line))
    items = sum(1 for line in lines if _LIST_ITEM.match(line))
    return headings >= 2 or (headings >= 1 and items >= 2)


def heading_levels(lines: list[str]) -> tuple[int, dict[int, int]]:
    """(index of the title heading or -1, line index → the level each other heading gets)."""
    found = [(index, len(match.group(1)), match.group(2)) for index, line in enumerate(lines)
             if (match := _ATX.fullmatch(line))]
    title = -1
    if found and not numbering_level(found[0][2]):
        first_text = next((index for index, line in enumerate(lines) if line.strip()), -1)
        if first_text == found[0][0]:
            title = found[0][0]
    body = [item for item in found if item[0] != title]
    shallowest = min((depth for _, depth, _ in body), default=1)
    return title, {index: numbering_level(text) or min(depth - shallowest + 1, 4) for index, depth, text in body}


def image_or_alt(match: re.Match[str], *, folder: Path | None, decisions: list[Decision], line: int) -> str:
    """The image as written when its file exists inside `folder`, else its alt text (and a decision)."""
    alt, target = match.group(1), match.group(2)
    relative = PurePosixPath(target)
    if (folder is not None and not relative.is_absolute() and ".." not in relative.parts
            and "://" not in target and (folder / relative).is_file()):
        return match.group()
    decisions.append(Decision((line,), "image", "its file is not beside the input: the alt text stands in its "
                              "place; copy the file and write the image back", 0.5, target))
    return alt


def references_at(lines: list[str]) -> tuple[int, int, list[str]]:
    """(start, end, entry texts) of the last `参考文献` list, or (-1, -1, [])."""
    for start in range(len(lines) - 1, -1, -1):
        title = _ATX.fullmatch(lines[start])
        text = (title.group(2) if title else lines[start]).strip().strip("*")
        if not is_references_title(text):
            continue
        entries: list[str] = []
        end = start + 1
        for index in range(start + 1, len(lines)):
            entry = _REF_ENTRY.fullmatch(lines[index])
            if entry and int(next(g for g in entry.groups()[:3] if g)) == len(entries) + 1:
                entries.append(entry.group(4).strip())
            elif lines[index].strip() and not entries:
                break
            elif lines[index].strip() and entries and not _ATX.fullmatch(lines[index]):
                if _REF_ENTRY.fullmatch(lines[index]):
                    break
                entries[-1] += lines[index].strip()  # a wrapped entry
            elif lines[index].strip():
                break
            end = index + 1
        if entries:
            return start, end, entries
    return -1, -1, []


def entry_paragraphs(lines: list[str], start: int, depth: int) -> tuple[int, list[Line]]:
    """(end, the entry lines) of the section opening after line `start`: it ends at the next heading as
    deep as its own (`depth`, 7 for a title that is no heading: any heading), a fence or a div.

    List markers and bold go (`- **term**：…`); a Markdown paragraph's wrapped line joins the line before
    once that holds its `term：` (a term standing alone is followed by its definition, which stays apart).
    """
    out: list[Line] = []
    end = start
    for index in range(start, len(lines)):
        line = lines[index]
        heading = _ATX.fullmatch(line)
        if (heading and len(heading.group(1)) <= depth) or _FENCE.match(line) or line.startswith(":::"):
            break
        end = index + 1
        # only the term's bold goes (the glossary shows terms its own way); a definition keeps its markup
        bullet = _BULLET.match(line)
        text = _BOLD_TERM.sub(r"\1\3", line[bullet.end():] if bullet else line).strip()
        if not text:
            continue
        nested = _nested_item(line, lines[out[-1].number - 1]) if out else None
        if nested is not None:
            # a list nested under an entry (`1. 术语：…包括：` then `   - 甲；`) is its definition's: run in
            out[-1] = Line(out[-1].number, out[-1].text + nested, out[-1].indented)
            continue
        wrapped = out and lines[index - 1].strip() and not _BULLET.match(line) and not _NUMBERED.match(text)
        if wrapped and ("：" in out[-1].text or ":" in out[-1].text):
            out[-1] = Line(out[-1].number, out[-1].text + text, out[-1].indented)
        else:
            out.append(Line(index + 1, text))
    return end, out


def _indent(line: str) -> int:
    blank = line[: len(line) - len(line.lstrip(" \t"))]
    return len(blank.expandtabs(4))


def _nested_item(line: str, entry: str) -> str | None:
    """The text of `line` when it is an item of a list nested in the entry that `entry` opens (indented
    at least two columns deeper), without its marker; else None."""
    item = _LIST_ITEM.match(line)
    if item is None or _indent(line) < _indent(entry) + 2:
        return None
    return line[item.end():].strip()


def glossary_at(lines: list[str], stop: int) -> tuple[int, int, str, list[GlossaryEntry]]:
    """(start, end, title, entries) of the last glossary section, or (-1, -1, "", []); one opening before
    line `stop` (the reference list's title) ends there.

    Its title is a heading or a line standing alone; it needs entries the plain-text importer reads and
    little else: a section of notes (`① 作者：《书名》`) or of prose under such a title is no glossary.
    """
    for start in range(len(lines) - 1, -1, -1):
        heading = _ATX.fullmatch(lines[start])
        title = _EMPHASIS.sub("", heading.group(2) if heading else lines[start]).strip()
        if not title or not is_glossary_title(title):
            continue
        if not heading and start > 0 and lines[start - 1].strip():
            continue  # a line inside a paragraph
        end, paragraphs = entry_paragraphs(lines, start + 1, len(heading.group(1)) if heading else 7)
        end = min(end, stop) if start < stop else end
        paragraphs = [line for line in paragraphs if line.number <= end]
        if not paragraphs or is_notes_section(paragraphs):
            continue
        raw, leftovers = read_entries(mend_entry_lines(paragraphs))
        if raw and len(leftovers) * 4 <= len(raw):
            return start, end, re.sub(r"[：:]$", "", title), make_entries(raw)
    return -1, -1, "", []


def call_glossary(text: str, entries: list[GlossaryEntry], linked: set[str], *, span: bool,
                  shared: bool) -> tuple[str, bool]:
    """A line with its calls to glossary entries resolved: (the line, whether it held one).

    The first call right after an entry's term makes that term a term reference (`span`: not in a
    heading, whose text is the outline's); every other call to an entry goes, and the reader links the
    term's first use. A `[n]` no entry n answers stays (a citation, or plain text); so does, when a
    reference list shares the numbers (`shared`), a call that follows no term of entry n.
    """
    found = False
    pieces: list[str] = []
    last = 0
    for match in _GLOSSARY_CALL.finditer(text):
        circled = match.group(3)
        numbers = [CIRCLED.index(circled) + 1] if circled else call_numbers(match.group(1) or match.group(2))
        if len(numbers) != 1 or not 0 < numbers[0] <= len(entries):
            continue
        entry = entries[numbers[0] - 1]
        piece = text[last : match.start()]
        # the body often quotes a term its entry gives bare (`“一网通办”[1]`, entry `一网通办`)
        quoted = [] if "“" in entry.term else [f"“{entry.term}”"]
        forms = [form for form in (*term_forms(entry.term), *quoted) if piece.endswith(form)]
        if shared and not forms:
            continue
        found = True
        if span and entry.id not in linked and not _TERM_UNSAFE.search(entry.id):
            form = next((form for form in forms if not _TERM_UNSAFE.search(form)), None)
            if form is not None:
                linked.add(entry.id)
                opening, closing = term_span_markup(form, entry.id)
                piece = piece[: -len(form)] + opening + form + closing
        pieces.append(piece)
        last = match.end()
    return "".join(pieces) + text[last:], found


def cite(text: str, count: int) -> str:
    """The calls to entries 1…`count` in a line → `[@refN; …]`; other brackets stay."""
    def swap(match: re.Match[str]) -> str:
        numbers = call_numbers(match.group(1) or match.group(2))
        if not numbers or not all(0 < number <= count for number in numbers):
            return match.group()
        return "[" + "; ".join(f"@{REF_PREFIX}{number}" for number in numbers) + "]"
    return _CALL.sub(swap, text)


def mark_salutation(out: list[str], decisions: list[Decision]) -> None:
    """The opening form of address standing alone among the first paragraphs → `::: salutation`."""
    paragraphs = [index for index, line in enumerate(out)
                  if line.strip() and (index == 0 or not out[index - 1].strip())]
    for index in paragraphs[:3]:
        if _ATX.fullmatch(out[index]):
            return
        alone = index + 1 >= len(out) or not out[index + 1].strip()
        if alone and is_salutation(out[index].strip()):
            decisions.append(Decision((), "salutation", "a short form of address opening the body", 0.85, out[index]))
            out[index] = f"::: salutation\n{out[index].strip()}\n:::"
            return


@dataclass(frozen=True, slots=True)
class MarkdownImport:
    """What `convert_markdown` made of a Markdown input."""

    title: str  # for the front matter
    body: str  # the source's Markdown after the front matter
    references: int
    glossary_title: str
    glossary: tuple[GlossaryEntry, ...]
    decisions: tuple[Decision, ...]


_OPENING_MAX_LINES = 4
_OPENING_MAX_CHARS = 60


def opening_lines(body: str) -> tuple[list[str], str]:
    """(the lines of the block that opens `body`, the rest) when that block may be the front lines under the
    title (a subtitle, the speaker, a date: short lines, perhaps quoted `> …`); else ([], `body`). Whether they
    are is the plain-text importer's to say (frontmatter.py)."""
    stripped = body.lstrip("\n")
    block, _, rest = stripped.partition("\n\n")
    lines = [re.sub(r"^>\s?", "", line).strip() for line in block.split("\n")]
    if (not block or len(lines) > _OPENING_MAX_LINES or block.startswith((":::", "#"))
            or any(not line or len(line) > _OPENING_MAX_CHARS for line in lines)):
        return [], body
    return lines, rest


def convert_markdown(text: str, folder: Path | None) -> MarkdownImport:
    """A Markdown input → the source's title, body, references, glossary and the decisions made."""
    lines = text.splitlines()
    decisions: list[Decision] = [Decision((), "markdown", "the input is Markdown: its markup is kept", 0.8)]
    title_index, levels = heading_levels(lines)
    ref_start, ref_end, references = references_at(lines)
    glossary_start, glossary_end, glossary_title, entries = glossary_at(
        lines, ref_start if ref_start != -1 else len(lines))
    if entries:
        decisions.append(Decision(tuple(range(glossary_start + 1, glossary_end + 1)), "glossary",
                                  f"a glossary: {len(entries)} entries under “{glossary_title}”", 0.8))
    linked: set[str] = set()
    out: list[str] = []
    fence = ""
    math = False
    title = ""
    for index, line in enumerate(lines):
        number = index + 1
        fenced = _FENCE.match(line)
        if fence:
            out.append(line)
            if fenced and fenced.group(1).startswith(fence[0]) and len(fenced.group(1)) >= len(fence):
                fence = ""
            continue
        if fenced:
            fence = fenced.group(1)
            out.append(line)
            continue
        stripped = line.strip()
        if not math and stripped.startswith("$$"):
            inner = stripped[2:]
            if inner.endswith("$$") and len(inner) >= 2:  # `$$x$$` on one line
                out += ["```math", inner[:-2].strip(), "```"]
                continue
            out += ["```math"] + ([inner] if inner else [])
            math = True
            continue
        if math:
            if stripped.endswith("$$"):
                out += ([stripped[:-2]] if stripped[:-2] else []) + ["```"]
                math = False
            else:
                out.append(line)
            continue
        if index == title_index:
            title = _ATX.fullmatch(line).group(2)  # type: ignore[union-attr]
            continue
        if _THEMATIC_BREAK.fullmatch(line) and (index == 0 or not lines[index - 1].strip()):
            # a scrape's or a converter's rule between parts: a source has none (the reader refuses `hr`, and
            # the whole input would be imported as plain text for it); under a line of text it is a heading's
            # underline and stays
            decisions.append(Decision((number,), "dropped", "a thematic break (rule) dropped", 0.8, line))
            continue
        if ref_start <= index < ref_end or glossary_start <= index < glossary_end:
            continue
        if entries:
            line, called = call_glossary(line, entries, linked, span=index not in levels,
                                         shared=bool(references))
            if called:
                decisions.append(Decision((number,), "glossary-call", "calls to glossary entries: the term "
                                          "before one made a term reference, the others removed", 0.7, line))
        if index in levels:
            line = "#" * levels[index] + " " + _ATX.fullmatch(line).group(2)  # type: ignore[union-attr]
        line = _IMAGE.sub(functools.partial(image_or_alt, folder=folder, decisions=decisions, line=number), line)
        line = _INLINE_MATH.sub(lambda match: "`" + match.group(1).replace("`", "'") + "`", line)
        if references:
            line = cite(line, len(references))
        untagged = _TAG.sub("", line)
        if untagged != line:
            decisions.append(Decision((number,), "html", "raw HTML tags dropped, their text kept", 0.7, line))
        out.append(untagged)
    if math or fence:
        out.append(fence or "```")
    mark_salutation(out, decisions)
    if entries:
        out += ["", glossary_to_markdown(entries, markdown=True).rstrip("\n")]
    if references:
        items = "\n\n".join(f"{REF_PREFIX}{n}\n: {entry}" for n, entry in enumerate(references, 1))
        out += ["", "::: references", items, ":::"]
        decisions.append(Decision(tuple(range(ref_start + 1, ref_end + 1)), "references", f"a reference list: "
                                  f"{len(references)} entries, the calls to them made citations", 0.8))
    return MarkdownImport(title, "\n".join(out).strip("\n") + "\n", len(references), glossary_title,
                          tuple(entries), tuple(decisions))
