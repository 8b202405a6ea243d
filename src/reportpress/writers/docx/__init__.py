"""The DOCX writer: the document model + a layout → an editable Word file with real notes.

In: a `Document` (model.py) and the `Layout` the PDF uses. Out: a DOCX at `path`, written atomically,
byte-identical for the same input. Styles carry Word's built-in names; glossary entries and end notes
are real endnotes, footnotes real footnotes (ECMA-376 Part 1 §17.11); page, grid and folio follow GB/T
9704 through the layout; appendices, salutation, sign-off, citations and the reference list follow
issue 10's rendering decisions (the same as the PDF's, titles and marks from `reportpress.resolve`).
`write_docx` is the package's only public entry; the modules are:

    styles.py      layout → Word styles, fonts, font table
    cover.py       front matter → the cover section before the body, which then counts from 1
    page.py        layout → page size, margins, docGrid, folio footers, settings.xml
    notes.py       footnote/endnote parts, reference runs, note numbering (the raw OOXML)
    numbering.py   list definitions
    options.py     the layout's [docx] table, checked
    document.py    model blocks and inlines → paragraphs, runs, tables, notes
    properties.py  front matter → core and extended properties
    package.py     template leftovers out, deterministic zip bytes
    ooxml.py       qualified names, element construction, schema order
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress import resolve
from reportpress.errors import RenderError
from reportpress.layouts import Layout
from reportpress.model import Document
from reportpress.output import write_bytes_atomic
from reportpress.writers.docx.cover import write_cover
from reportpress.writers.docx.document import DocxWriter
from reportpress.writers.docx.notes import write_note_properties
from reportpress.writers.docx.numbering import Numbering
from reportpress.writers.docx.options import docx_options
from reportpress.writers.docx.package import deterministic_zip, drop_template_leftovers
from reportpress.writers.docx.page import write_page, write_settings
from reportpress.writers.docx.properties import write_properties
from reportpress.writers.docx.styles import write_font_table, write_styles, write_theme_fonts

__all__ = ["write_docx"]


def write_docx(doc: Document, layout: Layout, path: Path) -> None:
    """Write `doc` laid out by `layout` as a DOCX at `path` (all or nothing)."""
    write_bytes_atomic(path, docx_bytes(doc, layout))


def docx_bytes(doc: Document, layout: Layout, images: Mapping[str, bytes] | None = None) -> bytes:
    """The DOCX of `doc` as bytes; python-docx and lxml failures become `RenderError`.

    `images` are the pictures' bytes by src, as the build's check read them (else read here, confined).
    """
    try:
        document = build_document(doc, layout, images)
        buffer = io.BytesIO()
        document.save(buffer)
        return deterministic_zip(buffer.getvalue())
    except (ValueError, KeyError, TypeError, AttributeError, etree.LxmlError) as exc:
        where = doc.path or doc.meta.title or "document"
        raise RenderError(f"{where}: cannot write the DOCX: {exc}") from exc


def build_document(doc: Document, layout: Layout, images: Mapping[str, bytes] | None = None) -> DocxDocument:
    """A python-docx document for `doc`: template cleaned, styles, page, notes, body, properties."""
    docx_options(layout)  # a mistake in [docx] is a LayoutError naming the key, before any work
    document = docx.Document()
    drop_template_leftovers(document)
    write_styles(document, layout, doc.meta.lang)
    write_font_table(document, layout)
    write_theme_fonts(document, layout)
    write_settings(document, layout, doc.meta.lang)
    write_page(document, layout)
    write_note_properties(document, layout, resolve.end_note_marker(doc, layout) if doc.end_notes else None)
    _clear_body(document)
    DocxWriter(doc, layout, document, Numbering(document, layout), images).write()
    write_cover(document, doc, layout)  # last: it copies the body section's finished sectPr
    write_properties(document, doc.meta)
    return document


def _clear_body(document: DocxDocument) -> None:
    # The template's body is one empty paragraph before the sectPr; it would open the report.
    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
