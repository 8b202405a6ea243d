"""Two-column pages of a PDF extraction, read across (`pdftotext -layout`) → one column (issue 11 item 5).

In: the decoded lines. Out: the same lines, each two-column page re-ordered so that its left column comes
first and its right column after it, and one decision per page re-ordered. A layout-keeping extraction
of a page set in two columns writes each printed line of the left column and the line beside it in the
right column on one text line, a run of spaces between; read as they are, every line would join the two
columns' sentences. The class is told by its shape alone:

- a *gap*: a run of three or more ASCII spaces inside a line, text on both sides (an extraction pads with
  ASCII spaces; a U+3000 is the text's own indent, and stays with the column it opens);
- a *two-column page* (pages end at form feeds): at least six of its lines have a gap after which the
  right column starts at the same column (±2 cells), and they are at least two in five of its lines;
  and on most of those lines both sides are prose (five Han characters each at least: a table's last
  column lines up too, but holds numbers);
- on such a page, a line with that gap is split there; a line that ends before the column is the left
  column's alone, a line indented to it the right column's alone; any other line (a title across both
  columns) stays in the left column's flow where it stands.
"""

from __future__ import annotations

import re
from collections import Counter

from reportpress.importer.blocks import Line
from reportpress.importer.report import Decision

_GAP = re.compile(r"(?<=\S) {3,}(?=\S|\u3000)")
_MIN_GAPPED = 6
_HAN = re.compile(r"[\u4e00-\u9fff]")
_TOLERANCE = 2


def width(text: str) -> int:
    """Width in half-width cells, as the extraction laid the line out (a Han character counts two)."""
    from reportpress.importer.paragraphs import visual_width

    return visual_width(text)


def right_start(text: str) -> int | None:
    """The cell where the text after a line's last gap starts, or None for a line with no gap."""
    gaps = list(_GAP.finditer(text))
    return width(text[: gaps[-1].end()]) if gaps else None


def page_column(lines: list[Line]) -> int | None:
    """The cell the right column starts at, for a two-column page; None for any other page."""
    starts = [start for line in lines if (start := right_start(line.text)) is not None]
    non_blank = sum(1 for line in lines if line.text.strip())
    if len(starts) < _MIN_GAPPED or len(starts) * 5 < non_blank * 2:
        return None
    column, _ = Counter(starts).most_common(1)[0]
    near = [start for start in starts if abs(start - column) <= _TOLERANCE]
    if len(near) * 5 < len(starts) * 3:
        return None
    # both columns are prose: a table whose last column lines up (`税收收入   89.0   92.4`) is not a column
    sides = [split_at(line.text, min(near)) for line in lines if right_start(line.text) is not None]
    prose = sum(1 for left, right in sides if len(_HAN.findall(left)) >= 5 and len(_HAN.findall(right)) >= 5)
    return min(near) if prose * 5 >= len(sides) * 3 else None


def split_at(text: str, column: int) -> tuple[str, str]:
    """(left, right) of a line of a two-column page; "" for a side the line does not reach."""
    gaps = [gap for gap in _GAP.finditer(text) if abs(width(text[: gap.end()]) - column) <= _TOLERANCE]
    if gaps:
        return text[: gaps[-1].start()], text[gaps[-1].end() :]
    leading = len(text) - len(text.lstrip(" "))
    if text.strip() and leading and width(text[:leading]) >= column - _TOLERANCE:
        return "", text[leading:]
    return text, ""


def reorder_page(lines: list[Line], column: int) -> list[Line]:
    """The page's left column, then its right column, each line keeping its raw line number."""
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        left_text, right_text = split_at(line.text, column)
        if left_text or not right_text:
            left.append(Line(line.number, left_text.rstrip(), line.indented))
        if right_text:
            right.append(Line(line.number, right_text.rstrip(), line.indented))
    return left + right


def pages(lines: list[Line]) -> list[list[Line]]:
    """The lines, page by page: a line holding a form feed ends a page (the form feed stays on it)."""
    result: list[list[Line]] = [[]]
    for line in lines:
        if "\f" in line.text and result[-1]:
            result.append([])
        result[-1].append(line)
    return result


def read_columns(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """Every two-column page read down its left column, then its right (see the module docstring)."""
    result: list[Line] = []
    decisions: list[Decision] = []
    for page in pages(lines):
        column = page_column(page)
        if column is None:
            result.extend(page)
            continue
        result.extend(reorder_page(page, column))
        decisions.append(Decision((page[0].number, page[-1].number), "columns",
                                  f"a page set in two columns (the right one from cell {column}): read down "
                                  "the left column, then the right", 0.7))
    return result, decisions
