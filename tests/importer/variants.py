"""Raw-text variants derived from a one-line scrape, for checking that each imports the same.

In: the decoded Hongkou raw text. Out: the same report as other kinds of raw text would carry it —
one paragraph a line, hard-wrapped PDF text with folios and running heads, other encodings.
"""

from __future__ import annotations

import unicodedata

FULL_WIDTH_OFFSET = 0xFEE0


def report_parts(raw_text: str) -> tuple[list[str], str, list[str]]:
    """(the 88 parts of the report line, the glossary title, the 13 glossary entries)."""
    lines = raw_text.split("\n")
    return lines[1].split(" "), lines[2], lines[3].split(" ")


def one_paragraph_a_line(raw_text: str) -> str:
    """The report with one part a line, blank lines between, as a text export would give it."""
    parts, title, entries = report_parts(raw_text)
    return "\n\n".join([*parts, title, *entries]) + "\n"


def cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def wrap_paragraph(text: str, width: int = 60, indent: str = "\u3000\u3000") -> list[str]:
    """Hard-wrap `text` at `width` cells after a two-character indent, never inside an ASCII run."""
    lines: list[str] = []
    current = indent
    index = 0
    while index < len(text):
        end = index + 1
        if text[index].isascii():
            while end < len(text) and text[end].isascii():
                end += 1
        token = text[index:end]
        if cell_width(current + token) > width:
            lines.append(current)
            current = ""
        current += token
        index = end
    lines.append(current)
    return lines


def paginate(lines: list[str], running_head: str, per_page: int = 22) -> list[str]:
    """Insert a folio `— N —`, a form feed and a running head every `per_page` lines, as pdftotext does."""
    result: list[str] = []
    page = 1
    for number, line in enumerate(lines, start=1):
        result.append(line)
        if number % per_page == 0:
            result += ["", f"{' ' * 25}— {page} —", "\f", running_head, ""]
            page += 1
    return result


def pdf_extraction(raw_text: str) -> str:
    """The report as pdftotext would give it: centred opening, indented hard-wrapped paragraphs."""
    parts, title, entries = report_parts(raw_text)
    lines = [" " * 10 + parts[0], "", parts[1] + parts[2], "", " " * 14 + parts[3] + "\u3000" + parts[4], ""]
    for part in parts[5:]:
        lines += wrap_paragraph(part)
    lines += ["", " " * 8 + title]
    for entry in entries:
        lines += wrap_paragraph(entry)
    return "\n".join(paginate(lines, parts[0])) + "\n"


def full_width_digits(text: str) -> str:
    """Every ASCII digit and Latin letter made full-width (２０２０年, ＰＭ２.５)."""
    return "".join(
        chr(ord(ch) + FULL_WIDTH_OFFSET) if ch.isascii() and ch.isalnum() else ch for ch in text
    )
