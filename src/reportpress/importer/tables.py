"""Text tables in a raw report → Markdown pipe tables (budget reports, statistical communiqués).

In: the lines after columns.py (before noise.py: a table's bare numbers and repeated labels such as 合计
are no folios and no running heads). Out: the lines with each table replaced by one placeholder line (a
paragraph of its own for every later stage), the `FoundTables` that hold each table until
`FoundTables.put_back` writes it into the finished Markdown, and a decision per table.

Why a placeholder: every later stage reads paragraphs, and a row read as one (`税收收入\t120.0\t125.3`)
loses its layout: punctuation.py's `tidy_spaces` removes the space between a Han label and a number, and the
label and the first number fuse (`税收收入120.0 125.3`). A table's cells are kept exactly as the raw text
holds them, whatever the stages do to prose.

The classes of input, told by their shape alone:

- *a laid-out table*: two lines or more (blank lines between allowed), each split into cells by tabs or by
  runs of blanks holding two spaces or an ideographic space, each of the same number of cells — the
  header may have one fewer (its stub cell empty), a row laid out with spaces may leave a cell blank
  (its cells go to the columns they stand under), a tab-laid `合计` row may stop short (padded at its end, or
  among the blanks it leaves after its label, `合计\t\t\t5,966\t43.41`; a doubt in the report either way);
- *a table scraped one cell a line* (damage.py's cells: short lines, no clause mark), when its shape is
  clear: a header of N labels (or N − 1 and an empty stub), then two rows at least of a label and N − 1
  figures.

A row's cells are short (at most `_CELL_MAX_CHARS`) and hold no clause mark (`，。；！？`); most cells past
the first are numbers (`120.0`, `-0.5`, `7.9%`, `1,234`) or a dash for none (`—`, `…`), two at least. What
never fires: prose with double spaces (clause marks, no numbers), a sign-off or a list laid out in
columns (no numbers), a caption, a unit line or a note (`表1`, `单位：`, `注：`: they stay paragraphs around
the table), a contents list with page numbers (its last column whole numbers going up, no other figure:
contents.py drops it), and a table wider than the layout's text block holds (`max_table_columns`): it
stays text, and the report says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from reportpress.importer.blocks import Line
from reportpress.importer.headings import NUMBERING
from reportpress.importer.markdown import escape_block_start, escape_inline
from reportpress.importer.noise import classify_noise
from reportpress.importer.report import Decision
from reportpress.importer.stray import LOST_MARK

_BLANKS = " \t\u3000\f"
_CELL_MAX_CHARS = 40
# far more columns than a page holds (gov-report: 18); past it a line is no row at all, so that placing the
# cells of a short row under the columns stays bounded work per row
_MAX_CELLS = 64
# a separator between two cells laid out with blanks: a run holding two spaces or an ideographic space
_SPACE_SEPARATOR = re.compile(r"[ \u3000]*(?:\u3000| {2})[ \u3000]*")
_TAB_SEPARATOR = re.compile(r"[ \u3000]*\t[ \u3000]*")
_NUMBER = re.compile(r"[-+−±]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[%‰]?")
_NONE = re.compile(r"[—–\-－─―…/]{1,3}")  # a cell with no figure: a dash, an ellipsis
_WHOLE = re.compile(r"\d{1,4}")
_CLAUSE = re.compile(r"[，。；！？]")
# lines that go with a table but are no row of it: they stay paragraphs beside it
_NOT_ROW = re.compile(r"(?:[表图]\s*\d|单\s*位\s*[:：]|注\s*\d*\s*[:：]|资料来源|数据来源)")
LOST_MARK_SOURCE = "\ufffd"  # a character lost in the raw text: marked as stray.py marks it in prose
# A table drawn with rules (box-drawing characters, or ASCII `|` and `+---+`): a row between bars, and rule lines
# of bars and strokes alone, which go with the table. A page end inside it (its folio, the running head) leaves
# a few short lines between two of its rows: the rule lines say the table goes on past them.
_BAR = "|│┃║"
_BAR_ROW = re.compile(rf"[{_BAR}](.*[^{_BAR}].*)[{_BAR}]")
_RULING = r"[\s┌┬┐├┼┤└┴┘─━═╔╦╗╠╬╣╚╩╝╒╤╕╞╪╡╘╧╛+\-=:|│┃║]*"
_RULE_LINE = re.compile(rf"{_RULING}[─━═\-=]{{3}}{_RULING}")
_TABLE_BOTTOM = re.compile(r"\s*[└╚╘]")
_PAGE_BREAK_MAX_LINES = 6
_MIN_ONE_CELL = 6  # a header of two and two rows of two, as damage.py's `_TABLE_MIN_CELLS`
_ONE_CELL = re.compile(r"[^。，；！？\t]{1,16}")  # damage.py's cell, and no tab
_TOTAL = re.compile(r"(?:合\s*计|总\s*计|小\s*计|总\s*额)")
# each table's placeholder: a mark and three digits of base 1024, all private-use characters no other stage
# reads or changes (notes.py's placeholders stand at U+F1800–U+F1FFF), and no digit (damage.py would join
# a line opening with one to it)
_MARK = 0xF2000
_DIGITS = 0xF2400
_PLACEHOLDER = re.compile("\U000f2000[\U000f2400-\U000f27ff]{3}")


def is_number(cell: str) -> bool:
    """A figure (`120.0`, `-0.5`, `7.9%`, `1,234`), not a dash for none."""
    return bool(_NUMBER.fullmatch(cell))


# A plan's target: a figure with its qualifier (`6左右`, `5以上`, `5.5以内`), as an indicator table writes them
_TARGET = re.compile(rf"(?:{_NUMBER.pattern})(?:左右|以上|以内|以下|上下)")
# A unit column's cell (`%`, `万人`, `亿元`): an indicator table names each row's unit between label and figures
_UNIT = re.compile(r"[%‰]|个?百分点"
                   r"|[十百千万亿]{0,2}(?:元|人|户|个|家|吨|亩|件|项|所|套|辆|千瓦时|千瓦|公里|平方米|立方米)")


def is_figure(cell: str) -> bool:
    """What a numeric column holds: a figure (a target too, `6左右`), or a dash or an ellipsis for none."""
    return is_number(cell) or bool(_NONE.fullmatch(cell)) or bool(_TARGET.fullmatch(cell))


@dataclass(frozen=True, slots=True)
class Row:
    """One raw line split into cells: each cell's text and, for a line laid out with blanks, the cells
    (half-width columns) it starts and ends at; a tab-laid line has no usable positions."""

    index: int  # in the stage's input
    cells: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] | None
    ruled: bool = False  # drawn between bars


def width(text: str) -> int:
    from reportpress.importer.paragraphs import visual_width

    return visual_width(text)


def split_row(index: int, text: str) -> Row | None:
    """`text` as a row of a table, or None when it cannot be one (see the module docstring)."""
    body = text.rstrip(_BLANKS)
    bars = _BAR_ROW.fullmatch(body.lstrip(_BLANKS))
    if bars:
        cells = tuple(cell.strip(_BLANKS) for cell in re.split(f"[{_BAR}]", bars.group(1)))
        spans = None
    elif "\t" in body:
        cells = tuple(_TAB_SEPARATOR.split(body.lstrip(" \u3000\f")))
        spans = None
    else:
        cells_found: list[str] = []
        found_spans: list[tuple[int, int]] = []
        at = 0
        before = 0  # the width of body[:at], kept as the line is read (a long line is read once)
        for piece in [*_SPACE_SEPARATOR.finditer(body), None]:
            end = piece.start() if piece is not None else len(body)
            raw = body[at:end]
            cell = raw.lstrip(" \u3000\f")
            if cell:
                start = before + width(raw[: len(raw) - len(cell)])
                cells_found.append(cell)
                found_spans.append((start, start + width(cell)))
            if piece is not None:
                before += width(body[at : piece.end()])
                at = piece.end()
        cells, spans = tuple(cells_found), tuple(found_spans)
    if len([cell for cell in cells if cell]) < 2 or not 2 <= len(cells) <= _MAX_CELLS:
        return None
    if any(len(cell) > _CELL_MAX_CHARS or _CLAUSE.search(cell) for cell in cells):
        return None
    if _NOT_ROW.match(cells[0] or cells[1]) or classify_noise(body.strip(_BLANKS)):
        return None  # a web page's furniture (`分享到  微信  微博`) is dropped by noise.py, no table
    return Row(index, cells, spans, ruled=bool(bars))


def is_rule_line(text: str) -> bool:
    return bool(_RULE_LINE.fullmatch(text.strip(_BLANKS)))


def page_break_in_table(lines: list[Line], at: int) -> int | None:
    """The index of the next row of a ruled table after the lines from `at` a page end put inside it (blank
    lines, its folio, the running head: a few short lines with no clause mark), or None when the table ends."""
    seen = 0
    for index in range(at, len(lines)):
        text = lines[index].text.strip(_BLANKS)
        if not text:
            continue
        if is_rule_line(text) or _BAR_ROW.fullmatch(text):
            return index if seen else None
        seen += 1
        if seen > _PAGE_BREAK_MAX_LINES or len(text) > _CELL_MAX_CHARS or _CLAUSE.search(text) or NUMBERING.match(text):
            return None
    return None


def columns_of(rows: list[Row], count: int) -> list[tuple[int, int]] | None:
    """The half-width columns each of `count` columns spans, from the rows laid out with blanks that fill
    them all; None when no such row says."""
    full = [row.spans for row in rows if row.spans is not None and len(row.cells) == count]
    if not full:
        return None
    return [(min(spans[at][0] for spans in full), max(spans[at][1] for spans in full)) for at in range(count)]


def placed(row: Row, count: int, columns: list[tuple[int, int]] | None, first: bool) -> tuple[str, ...] | None:
    """`row`'s cells, one per column (an empty cell where it leaves one blank), or None when they cannot
    be placed: a row laid out with blanks puts each cell under the column it overlaps most; a tab-laid
    header one short has an empty stub, a tab-laid total row one short an empty last cell."""
    if len(row.cells) == count:
        return row.cells
    if len(row.cells) > count:
        return None
    if row.spans is not None and columns is not None:
        return _under_columns(row, count, columns, first) or _under_columns(_split_at_spaces(row), count, columns,
                                                                             first)
    if first and len(row.cells) == count - 1:
        return ("", *row.cells)
    if _TOTAL.fullmatch(row.cells[0]):
        missing = [""] * (count - len(row.cells))
        if "" in row.cells[1:-1] and row.cells[-1]:
            # `合计\t\t\t5,966\t43.41` under six columns: the blank cells after the label say its figures
            # stand to the right, under the last columns, and a tab went missing among the blanks
            blank = row.cells.index("", 1)
            return (*row.cells[:blank], *missing, *row.cells[blank:])
        return (*row.cells, *missing)
    return None


def _under_columns(row: Row, count: int, columns: list[tuple[int, int]], first: bool) -> tuple[str, ...] | None:
    """A row laid out with blanks, each cell under the column it overlaps most (None when two share one,
    or a body row leaves its first column empty)."""
    assert row.spans is not None
    if len(row.cells) > count:
        return None
    result = [""] * count
    last = -1
    for cell, (start, end) in zip(row.cells, row.spans, strict=True):
        def fit(at: int, start: int = start, end: int = end) -> tuple[int, int]:
            left, right = columns[at]
            return (min(end, right) - max(start, left), -abs((start + end) - (left + right)))
        column = max(range(count), key=fit)
        if column <= last:
            return None
        result[column] = cell
        last = column
    # a row other than the header names its line in its first cell
    return tuple(result) if first or result[0] else None


def _split_at_spaces(row: Row) -> Row:
    """`row` with each cell that holds single spaces split there (`其中：新能源汽车 万辆`: an indented sub-item
    whose long name left the unit one space away): the pieces keep their places on the line."""
    assert row.spans is not None
    cells: list[str] = []
    spans: list[tuple[int, int]] = []
    for cell, (start, _end) in zip(row.cells, row.spans, strict=True):
        at = start
        for piece in re.split(r"( +)", cell):
            if piece.strip():
                cells.append(piece)
                spans.append((at, at + width(piece)))
            at += width(piece)
    return Row(row.index, tuple(cells), tuple(spans), ruled=row.ruled)


def short_rows(lines: list[Line], indexes: list[int], count: int) -> list[int]:
    """The raw line numbers of a tab-laid table's body rows that had fewer cells than its `count` columns
    (`placed` filled them out, a total row padded where it left cells blank, else at its end): a doubt each."""
    short: list[int] = []
    for index in indexes[1:]:
        text = lines[index].text.rstrip(_BLANKS)
        if "\t" not in text or text.count("\t") + 1 >= count:
            continue  # laid out with blanks (placed by column), or full: not read a second time
        row = split_row(index, text)
        if row is not None and row.spans is None and len(row.cells) < count:
            short.append(lines[index].number)
    return short


@dataclass(frozen=True, slots=True)
class Table:
    """A table found in the raw text: its rows of cells (the first the header), the raw line numbers it
    spans, each column's alignment, and how it was laid out."""

    rows: tuple[tuple[str, ...], ...]
    first: int
    last: int
    how: str  # "tab-separated", "laid out with spaces", "one cell a line"

    @property
    def right_aligned(self) -> tuple[bool, ...]:
        """Per column: whether it is numeric (each body cell a figure or a dash, one a figure at least);
        the first column names the rows and stays where text starts."""
        body = self.rows[1:]
        result = [False]
        for at in range(1, len(self.rows[0])):
            cells = [row[at] for row in body if row[at]]
            result.append(bool(cells) and all(is_figure(cell) for cell in cells) and any(map(is_number, cells)))
        return tuple(result)

    def markdown(self) -> str:
        """The pipe table: the header row, the delimiter row (`--:` for a numeric column), the body."""
        def line(cells: tuple[str, ...]) -> str:
            return "| " + " | ".join(escape_inline(cell.replace(LOST_MARK_SOURCE, LOST_MARK)) for cell in cells) + " |"

        rule = "|" + "|".join("--:" if right else "---" for right in self.right_aligned) + "|"
        return "\n".join([line(self.rows[0]), rule, *(line(row) for row in self.rows[1:])])


def numeric_enough(rows: list[tuple[str, ...]]) -> bool:
    """Most cells past the first of the body rows are figures, two of them numbers at least (a unit's cell,
    `%` or `万人`, counts for neither: it says what the figures beside it count)."""
    cells = [cell for row in rows[1:] for cell in row[1:] if cell and not _UNIT.fullmatch(cell)]
    numbers = sum(1 for cell in cells if is_number(cell))
    return numbers >= 2 and sum(1 for cell in cells if is_figure(cell)) * 5 >= len(cells) * 3


def page_numbers(rows: list[tuple[str, ...]]) -> bool:
    """A contents list: its last column whole numbers never going down (page numbers), and no other column
    past the labels holding a number (dot leaders at most)."""
    values = [row[-1] for row in rows[1:]]
    if not all(_WHOLE.fullmatch(value) for value in values):
        return False
    if any(is_number(cell) for row in rows[1:] for cell in row[1:-1]):
        return False
    numbers = [int(value) for value in values]
    return all(a <= b for a, b in pairwise(numbers))


def laid_out_tables(lines: list[Line]) -> list[tuple[list[int], list[tuple[str, ...]], str]]:
    """Each laid-out table: the indexes of its lines, its rows, how it was laid out (see the module
    docstring). One pass over the lines; each row is looked at a bounded number of times."""
    found: list[tuple[list[int], list[tuple[str, ...]], str]] = []
    group: list[Row] = []
    count = 0  # the most cells a row of the group has

    def close() -> None:
        nonlocal count
        if len(group) >= 2:
            table = rows_of(group)
            if table is not None:
                found.append(table)
        group.clear()
        count = 0

    resume = 0  # past a page end inside a ruled table: where it goes on
    ruled_open = False  # a ruled table is open: rows seen, not yet its bottom rule
    rules: list[int] = []  # the rule lines seen, which go with the table beside them
    for index, line in enumerate(lines):
        if index < resume or not line.text.strip(_BLANKS):
            continue
        if is_rule_line(line.text):
            rules.append(index)
            ruled_open = not _TABLE_BOTTOM.match(line.text)
            if not ruled_open:
                close()
            continue
        row = split_row(index, line.text)
        if row is None:
            after = page_break_in_table(lines, index) if ruled_open and group and group[0].ruled else None
            if after is not None:
                resume = after
                continue
            ruled_open = False
            close()
            continue
        if group:
            tabbed = (row.spans is None) == (group[0].spans is None)
            fits = tabbed and (len(row.cells) <= count or (len(group) == 1 and len(row.cells) == count + 1))
            if not fits:
                close()
        group.append(row)
        count = max(count, len(row.cells))
    close()
    return [with_rules(table, rules, lines) for table in found] if rules else found


def with_rules(table: tuple[list[int], list[tuple[str, ...]], str], rules: list[int],
               lines: list[Line]) -> tuple[list[int], list[tuple[str, ...]], str]:
    """A ruled table's span widened to the rule lines over and under it (blank lines between allowed)."""
    indexes, rows, how = table
    if how != "drawn with rules":
        return table
    first, last = indexes[0], indexes[-1]
    ruled = set(rules)
    at = first - 1
    while at >= 0 and (at in ruled or not lines[at].text.strip(_BLANKS)):
        first = at if at in ruled else first
        at -= 1
    at = last + 1
    while at < len(lines) and (at in ruled or not lines[at].text.strip(_BLANKS)):
        last = at if at in ruled else last
        at += 1
    return [first, *indexes, last] if first < indexes[0] or last > indexes[-1] else indexes, rows, how


def rows_of(group: list[Row]) -> tuple[list[int], list[tuple[str, ...]], str] | None:
    """The table a group of consecutive rows makes, cut where a row no longer fits; None for none."""
    count = max(len(row.cells) for row in group)
    columns = columns_of(group, count)
    rows: list[tuple[str, ...]] = []
    indexes: list[int] = []
    for row in group:
        cells = placed(row, count, columns, first=not rows)
        if cells is None:
            break
        rows.append(cells)
        indexes.append(row.index)
    if len(rows) < 2 or not numeric_enough(rows) or page_numbers(rows):
        return None
    how = ("drawn with rules" if group[0].ruled else "tab-separated" if group[0].spans is None
           else "laid out with spaces")
    return indexes, rows, how


def one_cell_tables(lines: list[Line], taken: set[int]) -> list[tuple[list[int], list[tuple[str, ...]], str]]:
    """Each table scraped one cell a line whose shape is clear (`cell_shape`). The runs are of damage.py's
    cells (short lines with no clause mark, blank lines between allowed), cut at a caption, a unit line or a
    note, which stand beside a table and are no cell of it. Its `table_cells` asks for three numbers in a
    row, which a table of three columns never has (`学校` / `12` / `14` / `医院` …): the shape decides here."""
    runs: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        text = line.text.strip(_BLANKS)
        if not text:
            continue
        # a label noise.py drops (`在看`, `阅读原文`) is a web page's furniture, no cell; a figure is kept
        if index in taken or _NOT_ROW.match(text) or not is_cell_line(text) or (
                not is_figure(text) and classify_noise(text)):
            runs.append([])
            continue
        runs[-1].append(index)
    found = []
    for run in runs:
        if len(run) < _MIN_ONE_CELL:
            continue
        texts = [lines[index].text.strip(_BLANKS) for index in run]
        shape = cell_shape(texts)
        if shape is not None:
            start, rows = shape
            used = sum(len(row) for row in rows) - (1 if rows[0][0] == "" else 0)
            found.append((run[start : start + used], rows, "one cell a line"))
    return found


def is_cell_line(text: str) -> bool:
    """A line that may be one cell of a table scraped one cell a line: short, no clause mark, no numbering."""
    return bool(_ONE_CELL.fullmatch(text)) and not NUMBERING.match(text)


def cell_shape(texts: list[str]) -> tuple[int, list[tuple[str, ...]]] | None:
    """(where the table starts among `texts`, its rows) for cells one a line, or None when the shape is not
    clear: labels, then rows of a label and figures, two rows at least, each with as many figures as the
    first. The last label before the first figure is the first row's; the N − 1 figures after it make the
    table N columns wide, so the labels before it are the header (N − 1 of them: an empty stub), and any
    label above the header is no cell (a short caption) and stays text."""
    labels = 0
    while labels < len(texts) and not is_figure(texts[labels]):
        labels += 1
    figures = 0
    while labels + figures < len(texts) and is_figure(texts[labels + figures]):
        figures += 1
    count = figures + 1
    header_cells = labels - 1
    if figures < 1 or header_cells < count - 1:
        return None
    start = header_cells - count if header_cells >= count else 0
    header = tuple(texts[start : labels - 1]) if header_cells >= count else ("", *texts[: labels - 1])
    rows = [header]
    at = labels - 1
    while at + count <= len(texts):
        row = tuple(texts[at : at + count])
        if is_figure(row[0]) or not all(is_figure(cell) for cell in row[1:]):
            break
        rows.append(row)
        at += count
    if len(rows) >= 3 and not any(is_figure(text) for text in texts[at:]) and numeric_enough(rows):
        return start, rows
    return None


@dataclass(slots=True)
class FoundTables:
    """The tables an import found, by placeholder, and what the report says of them."""

    tables: dict[str, Table] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    def holds(self, text: str) -> bool:
        """Whether `text` is a table's placeholder (a block that is no paragraph)."""
        return text in self.tables

    def put_back(self, markdown: str) -> str:
        """`markdown` with each placeholder paragraph replaced by its table. A placeholder a later stage ran
        text into is still written as a table when it opens a block (damage.py joins a fragment such as
        `7.9%` on the next line to it), the text after it a paragraph of its own; one inside other text (a
        glossary term line, a title) gets the table's cells back as text, escaped, so that nothing is lost."""
        if not self.tables:
            return markdown
        pieces: list[str] = []
        at = 0
        for match in _PLACEHOLDER.finditer(markdown):
            if match.start() < at:
                continue
            table = self.tables[match.group(0)]
            pieces.append(markdown[at : match.start()])
            at = match.end()
            if block_of_its_own(markdown, match.start(), match.end()):
                pieces.append(table.markdown())
                continue
            line_end = markdown.find("\n", at)
            line_end = len(markdown) if line_end == -1 else line_end
            rest = markdown[at:line_end]
            if opens_block(markdown, match.start()) and ends_block(markdown, line_end) \
                    and not _PLACEHOLDER.search(rest):
                pieces.append(table.markdown() + "\n\n" + escape_block_start(rest.lstrip(" ")))
                at = line_end
                continue
            self.doubts.append(f"lines {table.first}-{table.last}: a table a later stage ran into other text "
                               "(a glossary definition, a title): its cells kept there as text; check the source")
            text = escape_inline(" ".join(" ".join(cell for cell in row if cell) for row in table.rows))
            pieces.append(escape_block_start(text) if opens_block(markdown, match.start()) else text)
        pieces.append(markdown[at:])
        return "".join(pieces)


def opens_block(text: str, start: int) -> bool:
    """Whether `start` opens a line with a blank line or a div's fence (or nothing) above it."""
    if not start:
        return True
    if text[start - 1] != "\n":
        return False
    above = text.rfind("\n", 0, start - 1)
    line_above = text[above + 1 : start - 1]
    return not line_above.strip() or line_above.startswith(":::")


def ends_block(text: str, end: int) -> bool:
    """Whether `end` ends a line with a blank line or a div's fence (or nothing) below it."""
    if end == len(text):
        return True
    if text[end] != "\n":
        return False
    below = text.find("\n", end + 1)
    line_below = text[end + 1 : below if below != -1 else len(text)]
    return not line_below.strip() or line_below.startswith(":::")


def block_of_its_own(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is a block of its own: a blank line or a div's fence above it and below it
    (a line of a definition list, a glossary term, is no place for a table)."""
    return opens_block(text, start) and ends_block(text, end)


def placeholder(number: int) -> str:
    """The placeholder of table `number` (a raw text of 32 MiB holds fewer than 1024³ tables)."""
    return chr(_MARK) + "".join(chr(_DIGITS + number // 1024**power % 1024) for power in (2, 1, 0))


def table_confidence(table: Table) -> float:
    """How sure the shape is: tabs leave the least doubt, cells one a line the most; two rows are few."""
    base = {"drawn with rules": 0.85, "tab-separated": 0.85, "laid out with spaces": 0.75,
            "one cell a line": 0.6}[table.how]
    return round(base - (0.1 if len(table.rows) <= 2 else 0.0), 2)


def find_tables(lines: list[Line], max_columns: int | None = None) -> tuple[list[Line], FoundTables]:
    """Replace each table in `lines` by a placeholder line (see the module docstring); `max_columns` is the
    widest table the layout prints (the default layout's when None)."""
    found = laid_out_tables(lines)
    taken = {index for indexes, _, _ in found for index in indexes}
    found += one_cell_tables(lines, taken)
    result = FoundTables()
    if not found:
        return keep_column_separators(lines), result
    if max_columns is None:
        max_columns = default_max_columns()
    starts: dict[int, tuple[str, int]] = {}  # first index → (placeholder, last index)
    for indexes, rows, how in sorted(found, key=lambda item: item[0][0]):
        first, last = lines[indexes[0]].number, lines[indexes[-1]].number
        columns = len(rows[0])
        if columns > max_columns:
            what = (f"a table of {columns} columns ({how}): wider than the {max_columns} the layout's text block "
                    "holds, kept as text; split it or set it as a picture")
            result.decisions.append(Decision((first, last), "table", what, 0.4, " ".join(rows[0])))
            result.doubts.append(f"lines {first}-{last}: {what}")
            continue
        table = Table(tuple(rows), first, last, how)
        key = placeholder(len(result.tables))
        result.tables[key] = table
        starts[indexes[0]] = (key, indexes[-1])
        for number in short_rows(lines, indexes, columns):
            result.doubts.append(f"line {number}: a table row with fewer cells than the table's {columns} columns, "
                                 "filled out with empty cells: check that each figure stands under its column")
        aligned = sum(table.right_aligned)
        result.decisions.append(Decision(
            (first, last), "table", f"a table ({how}) of {len(rows) - 1} rows under a header, {columns} columns, "
            f"{aligned} of them numeric (right-aligned): written as a Markdown table", table_confidence(table),
            " ".join(cell for cell in rows[0] if cell)))
    lines = mark_beside(lines, starts)
    output: list[Line] = []
    at = 0
    while at < len(lines):
        if at in starts:
            key, last = starts[at]
            number = lines[at].number
            # blank lines around it: a paragraph of its own, never joined to a wrapped line beside it
            output += [Line(number, ""), Line(number, key, indented=True), Line(number, "")]
            at = last + 1
            continue
        output.append(lines[at])
        at += 1
    return keep_column_separators(output), result


_DIGIT = re.compile(r"\d")


def keep_column_separators(lines: list[Line]) -> list[Line]:
    """`lines` (tables replaced) with the columns of rows that are no table kept apart by an ideographic space,
    each row a paragraph of its own.

    Rows of the same shape laid out in columns whose figures carry their units and words (a chart's data under
    its caption: `2021年  2876.54亿元  增长8.1%`) are no table: no header, and no bare figures for
    `numeric_enough`. As text, paragraphs.py would fold each run of blanks into one space and punctuation.py drop
    that one between a Han character and a digit (`2021年2876.54亿元`); an ideographic space survives both. Only
    two rows in a row or more, each of as many cells with a digit past the first: a line of prose with a stray
    double space stays prose. And only rows of three cells or more, where two figures would run together: a
    label and its value joined read as a phrase (`粮食产量35.6万吨`), as prose writes it. Blank lines around each
    row keep paragraphs.py from joining the rows, or the text after them, as a wrapped paragraph."""
    rows = [split_row(index, line.text) if line.text.strip(_BLANKS) else None for index, line in enumerate(lines)]
    runs: list[list[Row]] = [[]]
    for index, row in enumerate(rows):
        if row is None or len(row.cells) < 3 or not any(_DIGIT.search(cell) for cell in row.cells[1:]):
            if lines[index].text.strip(_BLANKS):
                runs.append([])
            continue
        if runs[-1] and (len(row.cells) != len(runs[-1][0].cells)
                         or (row.spans is None) != (runs[-1][0].spans is None)):
            runs.append([])
        runs[-1].append(row)
    runs = [run for run in runs if len(run) >= 2]
    if not runs:
        return lines
    rewritten = {row.index: row for run in runs for row in run}
    # their caption above (`图1  …`) and a note below stand apart too, as a table's do
    lines = mark_beside(lines, {run[0].index: ("", run[-1].index) for run in runs})
    kept: list[Line] = []
    for index, line in enumerate(lines):
        if index in rewritten:
            kept += [Line(line.number, ""), Line(line.number, "\u3000".join(rewritten[index].cells), line.indented),
                     Line(line.number, "")]
        else:
            kept.append(line)
    return kept


def mark_beside(lines: list[Line], starts: dict[int, tuple[str, int]]) -> list[Line]:
    """`lines` with the captions and unit lines just above each table and the note just below it indented as
    paragraph starts: in hard-wrapped text a caption after a full line would be joined to it."""
    marked = list(lines)

    def mark(at: int) -> bool:
        text = lines[at].text.strip(_BLANKS)
        if not _NOT_ROW.match(text):
            return False
        # an indent, as a paragraph's first line has one: paragraphs.py reads it from the text itself
        marked[at] = Line(lines[at].number, "\u3000" + lines[at].text.lstrip(_BLANKS), indented=True)
        return True

    for first, (_, last) in starts.items():
        above = [at for at in range(first - 1, max(-1, first - 6), -1) if lines[at].text.strip(_BLANKS)][:2]
        for at in above:
            if not mark(at):
                break
        below = next((at for at in range(last + 1, min(len(lines), last + 4)) if lines[at].text.strip(_BLANKS)), None)
        if below is not None:
            mark(below)
    return marked


def default_max_columns() -> int:
    """The most columns a table may have in the layout the import writes (frontmatter.py: the built-in
    gov-report)."""
    from reportpress.layouts import builtin_layout
    from reportpress.typeset.limits import max_table_columns

    return max_table_columns(builtin_layout("gov-report"))
