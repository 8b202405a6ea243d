"""Where the writer puts paragraphs and runs: the body, a table cell or a note, and the run target.

In: python-docx's document, cells and notes parts. Out: paragraphs named by a `Style` (never direct
fonts) and runs carrying one character style (`RunFormat`). Every other docx module writes through
these, so "where am I" (`Place`: a note? how deep in a list?) travels as one value.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.table import CT_Tbl
from docx.shared import Emu
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from reportpress.writers.docx.notes import NotesPart
from reportpress.writers.docx.ooxml import Element, make_element
from reportpress.writers.docx.styles import LEAD, NORMAL, STRONG, CharacterLook, RoleFont, Style, fonts_element

# Each part's character style ids by name, as python-docx's `Run.style = name` finds them: it walks every
# style of the document for each run it styles (1.2 ms a run: 9,000 `**甲**` took 10.6 s of a 15 s DOCX)
_STYLE_IDS: weakref.WeakKeyDictionary[object, dict[str, str | None]] = weakref.WeakKeyDictionary()


def _character_style_id(run: Run, name: str) -> str | None:
    ids = _STYLE_IDS.setdefault(run.part, {})
    if name not in ids:
        ids[name] = run.part.get_style_id(name, WD_STYLE_TYPE.CHARACTER)
    return ids[name]


class BlockSink(Protocol):
    """Somewhere paragraphs and tables can be appended: the body, a table cell, a note."""

    def add_paragraph(self, style: Style) -> DocxParagraph: ...

    def add_table(self, rows: int, cols: int) -> DocxTable: ...


@dataclass(slots=True)
class BodySink:
    document: DocxDocument

    def add_paragraph(self, style: Style) -> DocxParagraph:
        # Normal is the default: naming it would leave an empty <w:pPr/> on most paragraphs
        paragraph: DocxParagraph = self.document.add_paragraph(style=None if style == NORMAL else style.name)
        return paragraph

    def add_table(self, rows: int, cols: int) -> DocxTable:
        table: DocxTable = self.document.add_table(rows=rows, cols=cols)
        return table


@dataclass(slots=True)
class CellSink:
    cell: _Cell
    used: bool = False

    def add_paragraph(self, style: Style) -> DocxParagraph:
        if not self.used:  # a new cell already holds one empty paragraph
            self.used = True
            paragraph: DocxParagraph = self.cell.paragraphs[0]
            paragraph.style = style.name
            return paragraph
        added: DocxParagraph = self.cell.add_paragraph(style=style.name)
        return added

    def add_table(self, rows: int, cols: int) -> DocxTable:
        self.used = True
        return self.cell.add_table(rows, cols)


@dataclass(slots=True)
class NoteSink:
    note: Element  # w:footnote | w:endnote
    part: NotesPart
    width: Emu

    def add_paragraph(self, style: Style) -> DocxParagraph:
        p = make_element("w:p")
        self.note.append(p)
        paragraph = DocxParagraph(p, self.part)  # a XmlPart is its own `.part`, as a parent must be
        paragraph.style = style.name
        return paragraph

    def add_table(self, rows: int, cols: int) -> DocxTable:
        table = CT_Tbl.new_tbl(rows, cols, self.width)
        self.note.append(table)
        return DocxTable(table, self.part)


@dataclass(frozen=True, slots=True)
class Place:
    """Where blocks go and how plain paragraphs there are styled."""

    sink: BlockSink
    style: Style = NORMAL
    note: bool = False  # inside a note, where Word allows no note references
    depth: int = 0  # list nesting


# gov-report's Strong and Lead: bold (the writer passes the layout's, `styles.character_looks`)
DEFAULT_LOOKS: Mapping[Style, CharacterLook] = MappingProxyType({STRONG: CharacterLook(bold=True),
                                                                 LEAD: CharacterLook(bold=True)})


@dataclass(frozen=True, slots=True)
class RunFormat:
    """The character style of the runs being written, and what they keep, as direct formatting, of the
    styles around them: bold, italic, a font."""

    style: Style | None = None
    bold: bool = False
    italic: bool = False
    font: RoleFont | None = None

    def within(self, style: Style, looks: Mapping[Style, CharacterLook] = DEFAULT_LOOKS) -> RunFormat:
        """The format of runs nested in these in `style`. A run has one character style, so the inner
        one wins; what the outer style set stays as direct formatting unless `style` sets it itself, as
        CSS's font-weight, font-style and font-family inherit into `<em><strong>…`."""
        outer = looks.get(self.style, CharacterLook()) if self.style is not None else CharacterLook()
        inner = looks.get(style, CharacterLook())
        bold = outer.bold if outer.bold is not None else self.bold
        return RunFormat(style=style, bold=bold and inner.bold is None,
                         italic=(self.italic or outer.italic) and not inner.italic,
                         # a direct font (an `*x*` set against the 楷 around it: `styles.emphasis_face`) wins
                         # over the outer style's own, as in CSS the `em` rule of its context wins
                         font=(self.font or outer.font) if inner.font is None else None)


@dataclass(slots=True)
class RunTarget:
    """Where runs go: a paragraph, or a hyperlink inside one."""

    element: Element  # w:p | w:hyperlink
    paragraph: DocxParagraph
    note: bool = False

    def add_text(self, text: str, run_format: RunFormat) -> Run:
        r = make_element("w:r")
        self.element.append(r)
        run = Run(r, self.paragraph)
        run.text = text
        if run_format.style is not None:
            run._r.style = _character_style_id(run, run_format.style.name)
        if run_format.bold:
            run.bold = True
        if run_format.italic:
            run.italic = True
        if run_format.font is not None:
            # python-docx's `font.name` sets only the Latin faces; the East Asian one is the one that shows
            run._r.get_or_add_rPr().get_or_add_rFonts().attrib.update(fonts_element(run_format.font).attrib)
        return run

