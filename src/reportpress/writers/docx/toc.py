"""The contents page (`toc: true`): a real Word TOC field whose cached result is the print copy's.

In: the document's contents entries (`writers.html.toc_entries`: the PDF's own list, so both outputs
list the same headings, glossary, notes sections and appendices), the bookmarks of their targets, and
optionally the page numbers the print PDF gives them (`printed_pages`). Out: the `目录` title in the
`TOC Heading` style and one field `TOC \\o "1-2" \\h \\z \\u` (ECMA-376 Part 1 §17.16.5.68) whose result
is one `toc 1`/`toc 2` paragraph per entry: a hyperlink to the target's bookmark holding the text, a
tab (right tab stop at the text block's edge, dot leader) and a `PAGEREF bookmark \\h` field whose
cached result is the printed page number.

Word shows a field's cached result until it is updated, so the DOCX opens with the print copy's
contents page; F9 (or 更新目录) rebuilds it from Word's own pages and the heading styles' outline
levels. Without printed pages (a DOCX written without its PDF) the page numbers are left empty and
`w:updateFields` in settings makes Word offer to fill them in on opening (`write_update_fields`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportpress.writers.docx.ooxml import Element, make_element, qn, set_child
from reportpress.writers.docx.sinks import Place
from reportpress.writers.docx.styles import TOC_HEADING, TOC_LEVELS
from reportpress.writers.html import TocEntry, toc_entries

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from reportpress.writers.docx.document import DocxWriter

TOC_TITLE = "目录"  # the PDF's contents title (document.html.j2)
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '  # levels 1–2, entries as links, no page numbers on the web


def printed_pages(pdf: bytes) -> dict[str, str]:
    """The printed page number (the page label, e.g. `3`) of each named destination of a print PDF.

    WeasyPrint makes a named destination of every element id (headings, `glossary`, appendices), and
    the merge keeps them and labels the body's pages from 1: what the PDF's contents page prints
    (`target-counter(…, page)`). A page without a label gets its 1-based index.
    """
    import pypdf  # here: only a source with a contents page reads the PDF back (~60 ms of a cold start)

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    labels = reader.page_labels
    pages: dict[str, str] = {}
    for name, destination in reader.named_destinations.items():
        index = reader.get_destination_page_number(destination)
        if index is not None and index >= 0:
            pages[str(name)] = labels[index] if index < len(labels) else str(index + 1)
    return pages


def write_toc(writer: DocxWriter, place: Place, pages: Mapping[str, str] | None) -> Element:
    """The contents title and the TOC field at `place` (the body's start); returns the field's last
    paragraph, which `open_page_after` ends the page after, as the PDF's `.toc { break-after: page }`."""
    place.sink.add_paragraph(TOC_HEADING).add_run(TOC_TITLE)
    entries = toc_entries(writer.source, writer.layout)
    paragraphs = [_entry_paragraph(entry, writer.bookmarks.get(entry.target), pages, place)
                  for entry in entries]
    if not paragraphs:  # nothing to list: the field still stands, for Word to fill in
        paragraphs = [place.sink.add_paragraph(TOC_LEVELS[1])._p]
    first = paragraphs[0]
    at = 1 if len(first) and first[0].tag == qn("w:pPr") else 0
    for offset, run in enumerate(_field_start(TOC_INSTRUCTION)):
        first.insert(at + offset, run)
    paragraphs[-1].append(_field_char("end"))
    return paragraphs[-1]


def _entry_paragraph(entry: TocEntry, bookmark: str | None, pages: Mapping[str, str] | None,
                     place: Place) -> Element:
    """One `toc N` paragraph: the entry's text and its page number, a link to its bookmark."""
    paragraph = place.sink.add_paragraph(TOC_LEVELS[min(entry.level, max(TOC_LEVELS))])._p
    page = (pages or {}).get(entry.target, "")
    runs: list[Element] = [_text_run(entry.text), make_element("w:r", children=[make_element("w:tab")])]
    if bookmark is not None:
        runs += [*_field_start(f" PAGEREF {bookmark} \\h "), _text_run(page), _field_char("end")]
        paragraph.append(make_element("w:hyperlink", {"w:anchor": bookmark, "w:history": True}, runs))
    else:  # a target the DOCX has no bookmark for: the text and the printed number, no link
        paragraph.extend([*runs, _text_run(page)])
    return paragraph


def _field_start(instruction: str) -> list[Element]:
    """begin, the instruction, separate: what precedes a complex field's cached result (§17.16.18)."""
    return [_field_char("begin"),
            make_element("w:r", children=[make_element("w:instrText", {"xml:space": "preserve"},
                                                       text=instruction)]),
            _field_char("separate")]


def _field_char(kind: str) -> Element:
    return make_element("w:r", children=[make_element("w:fldChar", {"w:fldCharType": kind})])


def _text_run(text: str) -> Element:
    return make_element("w:r", children=[make_element("w:t", {"xml:space": "preserve"}, text=text)])


def open_page_after(last_toc_paragraph: Element) -> None:
    """Start the page after the contents: `w:pageBreakBefore` on the paragraph that follows them."""
    following = last_toc_paragraph.getnext()
    if following is None or following.tag != qn("w:p"):
        # a table (or nothing) follows: an empty paragraph that breaks the page before it
        paragraph = make_element("w:p", children=[make_element("w:pPr", children=[
            make_element("w:pageBreakBefore")])])
        last_toc_paragraph.addnext(paragraph)
        return
    properties = following.find(qn("w:pPr"))
    if properties is None:
        properties = make_element("w:pPr")
        following.insert(0, properties)
    set_child(properties, make_element("w:pageBreakBefore"))


def write_update_fields(document: DocxDocument) -> None:
    """`w:updateFields` in settings: Word offers to update the fields (the TOC's pages) on opening."""
    set_child(document.settings.element, make_element("w:updateFields", {"w:val": True}))
