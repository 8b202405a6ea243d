"""The DOCX writer: the document model + a layout → an editable Word file with real notes.

In: a `Document` (model.py) and the `Layout` the PDF uses. Out: a DOCX at `path`, written atomically,
byte-identical for the same input. Styles carry Word's built-in names; glossary entries and end notes
are real endnotes, footnotes real footnotes (ECMA-376 Part 1 §17.11); page, grid and folio follow GB/T
9704 through the layout; appendices, salutation, sign-off, citations and the reference list follow
issue 10's rendering decisions (the same as the PDF's, titles and marks from `reportpress.resolve`).
`write_docx` is the package's only public entry (its `[docx]` options are `reportpress.docx_options`, checked
when a build opens the layout); the modules are:

    styles.py      layout → Word styles, fonts, font table
    cover.py       front matter → the cover section before the body, which then counts from 1
    page.py        layout → page size, margins, docGrid, folio footers, settings.xml
    notes.py       footnote/endnote parts, reference runs, note numbering (the raw OOXML)
    numbering.py   list definitions
    document.py    the writer: title block, notes (footnotes, end notes, glossary endnotes), bookmarks
    blocks.py      headings, paragraphs, lists, tables, quotes → paragraphs and tables
    back_matter.py glossary title, reference list, sign-off and imprint, appendices (issue 10)
    inlines.py     text, links, pictures, citations, note calls → runs
    sinks.py       where paragraphs go (body, cell, note) and the run target
    bookmarks.py   bookmark names for headings, appendices, notes sections and reference entries
    toc.py         the contents page (`toc: true`): a Word TOC field showing the print PDF's pages
    properties.py  front matter → core and extended properties
    package.py     template leftovers out, deterministic zip bytes
    sections.py    continuous section breaks after the glossary's (or end notes') title: endnotes there
    ooxml.py       qualified names, element construction, schema order
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress.docx_options import docx_options
from reportpress.errors import RenderError
from reportpress.layouts import Layout
from reportpress.model import Document
from reportpress.output import write_bytes_atomic
from reportpress.writers.docx.cover import write_cover
from reportpress.writers.docx.document import DocxWriter
from reportpress.writers.docx.notes import write_note_properties
from reportpress.writers.docx.numbering import Numbering
from reportpress.writers.docx.package import deterministic_zip, drop_template_leftovers
from reportpress.writers.docx.page import write_page, write_settings
from reportpress.writers.docx.properties import write_properties
from reportpress.writers.docx.sections import end_sections_after
from reportpress.writers.docx.styles import write_font_table, write_styles, write_theme_fonts
from reportpress.writers.docx.toc import printed_pages

__all__ = ["printed_pages", "write_docx"]


def write_docx(doc: Document, layout: Layout, path: Path, *, pages: Mapping[str, str] | None = None) -> None:
    """Write `doc` laid out by `layout` as a DOCX at `path` (all or nothing)."""
    write_bytes_atomic(path, docx_bytes(doc, layout, pages=pages))


def docx_bytes(doc: Document, layout: Layout, images: Mapping[str, bytes] | None = None, *,
               pages: Mapping[str, str] | None = None) -> bytes:
    """The DOCX of `doc` as bytes; python-docx and lxml failures become `RenderError`.

    `images` are the pictures' bytes by src, as the build's check read them (else read here, confined).
    `pages`: the print PDF's page numbers by target id (`printed_pages(pdf)`), which the contents page
    of a `toc: true` document shows until Word updates its field; None: Word fills them in on opening.
    """
    try:
        document = build_document(doc, layout, images, pages=pages)
        buffer = io.BytesIO()
        document.save(buffer)
        return deterministic_zip(buffer.getvalue())
    except (ValueError, KeyError, TypeError, AttributeError, etree.LxmlError) as exc:
        where = doc.path or doc.meta.title or "document"
        raise RenderError(f"{where}: cannot write the DOCX: {exc}") from exc


def build_document(doc: Document, layout: Layout, images: Mapping[str, bytes] | None = None, *,
                   pages: Mapping[str, str] | None = None) -> DocxDocument:
    """A python-docx document for `doc`: template cleaned, styles, page, notes, body, properties."""
    docx_options(layout)  # a mistake in [docx] is a LayoutError naming the key, before any work
    document = docx.Document()
    drop_template_leftovers(document)
    write_styles(document, layout, doc.meta.lang)
    write_font_table(document, layout)
    write_theme_fonts(document, layout)
    write_settings(document, layout, doc.meta.lang)
    write_page(document, layout)
    writer = DocxWriter(doc, layout, document, Numbering(document, layout), images, pages=pages)
    # the end notes' format is the endnotes' only when they are endnotes (`end_notes_as_text`)
    endnote_marker = writer.end_marker if not writer.end_notes_as_text else None
    write_note_properties(document, layout, endnote_marker)
    _clear_body(document)
    writer.write()
    write_cover(document, doc, layout)  # it copies the body section's finished sectPr
    end_sections_after(document, writer.section_ends)  # last: its breaks copy the cover's body section
    write_properties(document, doc.meta)
    return document


def _clear_body(document: DocxDocument) -> None:
    # The template's body is one empty paragraph before the sectPr; it would open the report.
    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
