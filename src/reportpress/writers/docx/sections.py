"""Continuous section breaks that make each set of endnotes print under its own title.

In: the python-docx document, finished (body written, cover section in place), and the body
paragraphs after which a set of endnotes must print. Out: a continuous section break (a `w:sectPr`
in the paragraph's `w:pPr`) after each, and the document-wide `w:endnotePr/w:pos` set to `sectEnd`.

ECMA-376 Part 1 §17.11.22: with `sectEnd`, each section's endnotes print at its end, after its last
paragraph, in call order; the position is document-wide (settings.xml: a `w:pos` in a `w:sectPr` is
ignored, and Word honours only the document's, PHPOffice/PHPWord#1703). So a section that ends right
after the glossary's title prints the glossary's endnotes under it, as the print copy does. The
sections share everything else: each break's `w:sectPr` is a copy of the body's, and every section
after the first body section is `continuous`, has no header or footer references (Word's "link to
previous": the same folio footers) and no `w:pgNumType w:start`, so its folios continue.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from docx.document import Document as DocxDocument

from reportpress.writers.docx.ooxml import Element, make_element, qn, remove_children, set_child


def end_sections_after(document: DocxDocument, paragraphs: Sequence[Element]) -> int:
    """A continuous section break after each of `paragraphs` (body `w:p`s, in document order) that
    has something after it; returns how many breaks were made. `sectEnd` is set when there is one."""
    body = document.element.body
    final = body.sectPr
    ends = [p for p in dict.fromkeys(paragraphs) if _followed(p, final)]
    if not ends:
        return 0
    first_body_section = copy.deepcopy(final)  # the cover's type and page restart stay on it
    continuation = _continuation(final)
    for index, paragraph in enumerate(ends):
        section = first_body_section if index == 0 else copy.deepcopy(continuation)
        set_child(paragraph.get_or_add_pPr(), section)
    body.replace(final, continuation)
    _endnotes_at_section_end(document)
    return len(ends)


def _followed(paragraph: Element, final: Element) -> bool:
    # a break after the last paragraph would leave an empty last section, which Word cannot show
    following = paragraph.getnext()
    return following is not None and following is not final


def _continuation(section: Element) -> Element:
    """A section that goes on where the one before ended: same page, same footers, same numbering."""
    following: Element = copy.deepcopy(section)
    remove_children(following, "w:headerReference", "w:footerReference", "w:titlePg")
    numbering = following.find(qn("w:pgNumType"))
    if numbering is not None:
        numbering.attrib.pop(qn("w:start"), None)
        if not numbering.attrib:
            following.remove(numbering)
    set_child(following, make_element("w:type", {"w:val": "continuous"}))
    return following


def _endnotes_at_section_end(document: DocxDocument) -> None:
    properties = document.settings.element.find(qn("w:endnotePr"))
    if properties is None:
        properties = set_child(document.settings.element, make_element("w:endnotePr"))
    set_child(properties, make_element("w:pos", {"w:val": "sectEnd"}))
