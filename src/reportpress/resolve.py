"""What a document takes from its layout, decided here once for both writers.

The source may leave a title or a marker style to the layout (`Glossary.title == ""`, `Meta.note_marker
== ""`, `Appendix.label == ""`); the PDF and the DOCX writers ask these functions, so the two outputs
cannot disagree on a title, a label or a number.

Numbering when a document has both a glossary and end notes (README, "Notes"): glossary calls are
superscript 1 2 3, end-note calls ① (or ［1］); when the end notes would be superscript numbers as
well, they are set ［1］ instead, so that no number in the text can be read as either; and so are
circled end notes past ⑳, the last circled number fonts have.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple, assert_never

from reportpress.layouts import END_NOTE_MARKERS, ElementKind, EndNoteMarker, Layout
from reportpress.model import (
    Appendix,
    Citation,
    Document,
    Emphasis,
    EndNotes,
    FootnoteRef,
    Glossary,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    References,
    SignOff,
    Strong,
    TermRef,
    Text,
    plain_text,
)
from reportpress.typeset.chars import CIRCLED

# ① … ⑳: the circled numbers every Chinese text font has (GB 2312 itself has ①–⑩, GBK ⑪–⑳ as well);
# past 20 the number is written plain, as Word's decimalEnclosedCircle does


def glossary_title(document: Document, block: Glossary, layout: Layout) -> str:
    return block.title or document.meta.glossary_title or layout.notes.glossary_title


def end_notes_title(block: EndNotes, layout: Layout) -> str:
    return block.title or layout.notes.end_title


def references_title(block: References, layout: Layout) -> str:
    return block.title or layout.notes.references_title


def appendix_label(appendix: Appendix, layout: Layout) -> str:
    """`附件1`: the label the source gave, or the layout's with the appendix's number."""
    return appendix.label or layout.notes.appendix_label.replace("{n}", str(appendix.number))


def appendix_title(document: Document, appendix: Appendix, layout: Layout) -> tuple[Inline, ...]:
    """The appendix's title: its heading, or for a glossary appendix without one the glossary's title."""
    if appendix.title:
        return appendix.title
    glossary = next((block for block in appendix.blocks if isinstance(block, Glossary)), None)
    if glossary is None:  # the reader refuses an appendix without a title; a model made by hand may not
        return ()
    return (Text(text=glossary_title(document, glossary, layout), pos=glossary.pos),)


def appendix_holds_glossary(appendix: Appendix) -> bool:
    """A glossary appendix prints the appendix's label and title, and not the glossary's title again."""
    return any(isinstance(block, Glossary) for block in appendix.blocks)


# A run-in lead that opens with a level-2 number, `**（一）着力推动“四稳”政策落地。**正文…`, is a level-2
# heading set run-in (GB/T 9704 §7.3.3: （一） in 楷体), as the stand-alone `## （一）…` is: set in the
# heading2 role, not the lead role's bold 仿宋 (issue 12 item 6). Any other lead (`产业结构调整优化。`)
# stays a lead. Half- or full-width brackets, as `proof/pages.HEADING_NUMBER` reads a level-2 number.
_LEVEL2_NUMBER = re.compile(r"[（(][一二三四五六七八九十百]+[）)]")


def lead_kind(lead: tuple[Inline, ...]) -> ElementKind:
    """The kind of text a paragraph's run-in lead is, for both writers and the font check:
    `heading2` when it opens with a level-2 number (（一）…（十）), else `lead`."""
    return "heading2" if _LEVEL2_NUMBER.match(plain_text(lead).lstrip()) else "lead"


# a heading that names a part of a code or regulation: `第一章　总则`, `第三编`, `第二节　一般规定`
_PART_NUMBER = re.compile(r"第[\d〇零一二三四五六七八九十百千两]+[编章节](?:[\s\u3000]|$)")


def is_part_heading(heading: Heading, layout: Layout) -> bool:
    """Whether both writers set `heading` centred without indent: a section heading of a regulation or
    code (第X编/章/节, as 国务院公报 and the 法律 editions set them) when the layout says so
    (`[styles] part_headings`), where a work report's 一、 heading keeps the body's indent."""
    return layout.styles.part_headings == "center" and bool(_PART_NUMBER.match(plain_text(heading.inlines).lstrip()))


# a sign-off's date line: `2024年1月8日`, `二〇二四年一月八日`
_NUMERAL = r"[\d〇零一二三四五六七八九十]"
_DATE_LINE = re.compile(rf"{_NUMERAL}{{2,4}}年{_NUMERAL}{{1,2}}月{_NUMERAL}{{1,3}}日")
SIGNOFF_INDENT = 2.0  # characters: GB/T 9704 §7.3.5.2, the name two characters in from the right
DATE_STEP = 2.0  # characters: the date starts this far right of the name's first character


def line_width(text: str) -> float:
    """A line's width in characters of the grid: a wide (Han, full-width) character 1, any other ½."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)


def signoff_indents(block: SignOff) -> tuple[float, ...]:
    """Each line's distance from the right edge of the text block, in characters, for both writers.

    GB/T 9704 §7.3.5.2, the sign-off of a document without a seal — a report read at a session bears
    none (typography.md): the name (署名) two characters in from the right, the date (成文日期) on the
    next line starting two characters right of the name's first character; a date too long for that
    stands two characters in and the name moves left to keep the step. A sign-off without a date line
    sets every line two characters in; an imprint (§7.4) is flush right.
    """
    if block.kind == "imprint":
        return tuple(0.0 for _ in block.lines)
    texts = [plain_text(line).strip() for line in block.lines]
    if len(texts) < 2 or not _DATE_LINE.fullmatch(texts[-1]):
        return tuple(SIGNOFF_INDENT for _ in texts)
    name = max(line_width(text) for text in texts[:-1])
    date = line_width(texts[-1])
    name_indent, date_indent = SIGNOFF_INDENT, name - DATE_STEP + SIGNOFF_INDENT - date
    if date_indent < SIGNOFF_INDENT:
        name_indent, date_indent = SIGNOFF_INDENT + date + DATE_STEP - name, SIGNOFF_INDENT
    return (*(name_indent for _ in texts[:-1]), date_indent)


def end_note_marker(document: Document, layout: Layout) -> EndNoteMarker:
    """The style of the end notes' calls: front matter `note-marker`, else the layout's."""
    marker = document.meta.note_marker or layout.notes.end_marker
    if marker not in END_NOTE_MARKERS:  # the reader checks the front matter; a model made by hand may not
        raise ValueError(f"note marker {marker!r}: use one of {', '.join(END_NOTE_MARKERS)}")
    if marker == "superscript" and document.glossary:
        return "bracket"
    if marker == "circled" and len(document.end_notes) > len(CIRCLED):
        return "bracket"  # past ⑳ a circled number would be a plain one, which a glossary call may be too
    return marker


# A glossary entry opens with its number and a full-width full stop, the term straight after it:
# `5．3个“3”服务` (issue 12 item 5). The stop is a full-width mark like any other (its em box holds the dot
# at its left and a blank after it, so `5．3` cannot read as 5.3: issue 10 item 7 put an ideographic space
# there too, which left about 1.5 em between digit and term), and Chinese text sets it after a number.
GLOSSARY_NUMBER_STOP = "．"


def glossary_number(number: int) -> str:
    """The head of glossary entry `number` in both outputs: `5．`."""
    return f"{number}{GLOSSARY_NUMBER_STOP}"


def circled(number: int) -> str:
    return CIRCLED[number - 1] if 1 <= number <= len(CIRCLED) else str(number)


def end_note_mark(marker: EndNoteMarker, number: int) -> str:
    """The text of end note `number`'s call and of its entry's mark: `①`, `［1］` or `1`."""
    match marker:
        case "circled":
            return circled(number)
        case "bracket":
            return f"［{number}］"
        case "superscript":
            return str(number)


def citation_numbers(document: Document, keys: tuple[str, ...]) -> list[int]:
    """The reference numbers a citation names, ascending and once each."""
    return sorted({document.reference_number(key) for key in keys})


def citation_label(numbers: list[int]) -> str:
    """GB/T 7714-2015 §10.1.2: the numbers in brackets, separated by `,`; consecutive ones as a range
    joined by a short dash, as the standard's examples write them (`[255-256]`, `[2,5-7]`)."""
    parts: list[str] = []
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if end > start:
            parts.append(f"{numbers[start]}-{numbers[end]}")
        else:
            parts.extend(str(number) for number in numbers[start:end + 1])
        start = end + 1
    return "[" + ",".join(parts) + "]"


class CallMark(NamedTuple):
    """A raised call in a run of inlines, which `plain_text` does not hold."""

    offset: int  # into the plain text: the call follows that many characters
    mark: str  # what it reads: `1`, `①`, `［1］`, `[2,5-7]`
    tracked: bool  # it takes the line's letter spacing (a footnote call does; the others have none)


def call_marks(inlines: tuple[Inline, ...], document: Document, *, footnote_mark: Callable[[], str],
               end_marker: EndNoteMarker | None) -> list[CallMark]:
    """The glossary, footnote, end-note and citation calls of `inlines`, in order: what a writer needs
    to measure a heading's lines with them (`balance.call_widths`). `footnote_mark` gives the next page-
    foot note's mark (the HTML writer's counter; the DOCX's widest, as Word numbers them); with no
    `end_marker` an end note's call is a footnote's (the DOCX's end notes as footnotes)."""
    marks: list[CallMark] = []

    def walk(nodes: tuple[Inline, ...], offset: int) -> int:
        for node in nodes:
            match node:
                case Text(text=text):
                    offset += len(text)
                case Strong(inlines=children) | Emphasis(inlines=children) | Link(inlines=children):
                    offset = walk(children, offset)
                case TermRef(inlines=children, term_id=term_id, anchor=anchor):
                    offset = walk(children, offset)
                    if anchor:
                        marks.append(CallMark(offset, str(document.endnote_number(term_id)), False))
                case FootnoteRef(id=note_id):
                    note = document.footnote(note_id)
                    if note.placement == "end" and end_marker is not None:
                        marks.append(CallMark(offset, end_note_mark(end_marker, document.end_note_number(note.id)),
                                              False))
                    else:
                        marks.append(CallMark(offset, footnote_mark(), True))
                case Citation(keys=keys):
                    marks.append(CallMark(offset, citation_label(citation_numbers(document, keys)), False))
                case LineBreak() | Image():
                    pass
                case _:
                    assert_never(node)
        return offset

    walk(inlines, 0)
    return marks
