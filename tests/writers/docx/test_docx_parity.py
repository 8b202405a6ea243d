"""Parity (issue 3): the DOCX body, the print PDF and the source say the same thing, paragraph by paragraph.

The DOCX: its body paragraphs equal the model's exactly, white space normalised (runs of it become one
space); its footnotes and endnotes equal the model's notes; its endnote calls show the PDF's numbers.

The PDF: its text (`pdfread.pdftotext`, folios out, white space squeezed out, as `pdfread.body_text`
reads it) is exactly the same paragraphs one after the other, with nothing missing, repeated or added.
What the layout adds by design is spelt out, never skipped over: the cover page before them; the list
markers (• and 1.) and the endnote numbers after anchored terms (`pdfread.shown_text`) inside them; each
footnote's call (①②…, numbered per page) where the model has its `FootnoteRef`, and its body at the foot
of that page, after the page's text; the glossary title and numbered entries after them.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import assert_never

import pytest

from reportpress import resolve
from reportpress.build import build
from reportpress.layouts import Layout
from reportpress.model import (
    Appendix,
    Block,
    Document,
    Emphasis,
    EndNotes,
    FootnoteRef,
    Glossary,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    References,
    Salutation,
    SignOff,
    Strong,
    Table,
    TermRef,
)
from reportpress.reader import read_source
from reportpress.writers.covers import date_in_words
from tests.conftest import SAMPLE_SOURCE
from tests.pdfread import FOLIO, pdftotext, shown_text, squeeze
from tests.writers.docx.conftest import EVERY_CONSTRUCT
from tests.writers.docx.docxread import docx_paragraphs, expected_paragraphs, note_texts, shown_paragraphs

EVERY_STRUCTURE = EVERY_CONSTRUCT.with_name("every-structure.md")

CIRCLED = "".join(chr(code) for code in range(0x2460, 0x2474))  # ①…⑳: the PDF's per-page footnote marks
CALL = "\x00"  # a footnote call in the expected text: its mark depends on the page it falls on


def normalise(text: str) -> str:
    """Runs of white space (line breaks, U+3000 included) as one space, none at the ends; a line break
    between two Chinese characters (a title broken into balanced lines) as nothing, as a reader reads it."""
    return " ".join(re.sub(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])", "", text).split())


# ------------------------------------------------------------------------------- the print copy, expected


class PrintCopy:
    """What the print PDF should say, from the model: its paragraphs (squeezed, `CALL` at each footnote
    call) and the footnotes' text in call order (which both writers number them in)."""

    def __init__(self, document: Document, layout: Layout) -> None:
        self.document = document
        self.paragraphs: list[str] = []
        self.footnotes: list[str] = []
        self.layout = layout
        meta = document.meta
        self.cover = squeeze("".join((meta.label, meta.title, meta.subtitle, meta.author, meta.organization,
                                      date_in_words(meta.date))))
        self.add(meta.title, meta.subtitle, meta.author)  # the title block that opens the body
        self.walk(document.blocks)

    def add(self, *texts: str) -> None:
        self.paragraphs.extend(squeeze(text) for text in texts if squeeze(text))

    def shown(self, inlines: tuple[Inline, ...]) -> str:
        """`shown_text` with `CALL` at each footnote call, whose body joins `footnotes`.

        Calls are looked for at the top level only: a call inside bold or a link is not marked here,
        so its page's mark count and the test fail rather than pass quietly.
        """
        parts: list[str] = []
        segment: list[Inline] = []
        for node in inlines:
            if isinstance(node, FootnoteRef) and self.document.footnote(node.id).placement == "foot":
                parts += [shown_text(tuple(segment), self.document), CALL]
                segment = []
                self.footnotes.append(self.blocks_text(self.document.footnote(node.id).blocks))
            else:
                segment.append(node)
        parts.append(shown_text(tuple(segment), self.document))
        return "".join(parts)

    def blocks_text(self, blocks: tuple[Block, ...]) -> str:
        """A note's blocks as the layout sets them inline: its paragraphs one after the other."""
        return "".join(shown_text(block.lead + block.inlines, self.document) for block in blocks
                       if isinstance(block, Paragraph))

    def walk(self, blocks: tuple[Block, ...], marker: str = "", *, in_appendix: bool = False) -> None:
        """Each block's paragraphs; `marker` (a list item's • or 1.) opens the first of them."""
        for block in blocks:
            match block:
                case Heading(inlines=inlines):
                    self.add(marker + self.shown(inlines))
                case Paragraph(lead=lead, inlines=inlines):
                    self.add(marker + self.shown(lead + inlines))
                case ListBlock(items=items, ordered=ordered, start=start):
                    for number, item in enumerate(items, start=start):
                        self.walk(item, f"{number}." if ordered else "•", in_appendix=in_appendix)
                case Quote(blocks=children):
                    self.walk(children, in_appendix=in_appendix)
                case Table(head=head, body=body):  # pdftotext reads a table row by row, cell by cell
                    self.add(*(self.shown(cell) for row in (*head, *body) for cell in row))
                case Glossary():
                    if not in_appendix:  # an appendix's label and title stand for it
                        self.add(resolve.glossary_title(self.document, block, self.layout))
                    for number, entry in enumerate(self.document.glossary, start=1):
                        self.add(f"{resolve.glossary_number(number)}{shown_text(entry.term, self.document)}："
                                 f"{self.blocks_text(entry.definition)}")
                case Salutation(inlines=inlines):
                    self.add(self.shown(inlines))
                case SignOff(lines=lines):
                    self.add(*(self.shown(line) for line in lines))
                case EndNotes():
                    self.add(resolve.end_notes_title(block, self.layout))
                    marker = resolve.end_note_marker(self.document, self.layout)
                    for number, note in enumerate(self.document.end_notes, start=1):
                        self.add(resolve.end_note_mark(marker, number) + self.blocks_text(note.blocks))
                case References():
                    self.add(resolve.references_title(block, self.layout))
                    for number, entry in enumerate(self.document.references, start=1):
                        self.add(f"[{number}]{shown_text(entry.inlines, self.document)}")
                case Appendix():
                    self.add(resolve.appendix_label(block, self.layout),
                             self.shown(resolve.appendix_title(self.document, block, self.layout)))
                    self.walk(block.blocks, in_appendix=True)
                case _:
                    assert_never(block)
            marker = ""


# ---------------------------------------------------------------------------------- the print copy, read


def pdf_pages(path: Path) -> list[str]:
    """Each page's text as `pdfread.body_text` reads the whole document: folio out, white space squeezed."""
    return [squeeze(FOLIO.sub("", page)) for page in pdftotext(path).split("\f")]


def take_footnotes(pages: list[str], footnotes: list[str]) -> str:
    """The pages' text, each page's foot taken off and each footnote call replaced by `CALL`.

    A page calling k footnotes shows the marks ①…k in its text, then at its foot the same marks, each
    followed by the next footnote's body in call order. Anything else fails here, naming the page.
    """
    if not footnotes:  # then any circled number is an end note's mark, part of the text
        return "".join(pages)
    remaining = [squeeze(footnote) for footnote in footnotes]
    text: list[str] = []
    for number, page in enumerate(pages, start=1):
        marks = [char for char in page if char in CIRCLED]
        calls = len(marks) // 2
        assert marks == [*CIRCLED[:calls], *CIRCLED[:calls]], f"body page {number}: footnote marks {marks}"
        assert calls <= len(remaining), f"body page {number}: {calls} footnote calls, {len(remaining)} footnotes left"
        foot = "".join(CIRCLED[index] + remaining[index] for index in range(calls))
        assert page.endswith(foot), f"body page {number} should end with its footnotes {foot!r}: {page[-200:]!r}"
        body = page[:len(page) - len(foot)]
        text.append("".join(CALL if char in CIRCLED else char for char in body))
        del remaining[:calls]
    assert remaining == [], "footnotes the PDF does not show"
    return "".join(text)


def cut_like(text: str, pieces: list[str]) -> list[str]:
    """`text` cut into pieces as long as `pieces`, plus what is left: a failure shows the first paragraph
    that differs, not two strings of 30,000 characters."""
    cut, start = [], 0
    for piece in pieces:
        cut.append(text[start:start + len(piece)])
        start += len(piece)
    return [*cut, text[start:]]


def assert_pdf_says(pdf: Path, expected: PrintCopy) -> None:
    cover, *body = pdf_pages(pdf)
    # the layout's front cover: label, title, subtitle, speaker, organisation, date
    assert cover == expected.cover
    text = take_footnotes(body, expected.footnotes)
    assert cut_like(text, expected.paragraphs) == [*expected.paragraphs, ""]


# ------------------------------------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def sample_pdf(sample_document: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path_factory.mktemp("pdf")).outputs["pdf"]


@pytest.fixture(scope="module")
def construct_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    return build(EVERY_CONSTRUCT, formats=["pdf"], out_dir=out).outputs["pdf"]


def assert_docx_says(docx: Path, document: Document, layout: Layout) -> None:
    expected = expected_paragraphs(document, layout)
    assert [normalise(t) for t in docx_paragraphs(docx)] == [normalise(t) for t in expected]
    # with endnote calls shown as numbers, the body reads as the print copy's (pdfread.shown_text)
    shown = expected_paragraphs(document, layout, show=lambda inlines: shown_text(inlines, document))
    assert [squeeze(t) for t in shown_paragraphs(docx)] == [squeeze(t) for t in shown]
    print_copy = PrintCopy(document, layout)
    assert [normalise(t) for t in note_texts(docx, "footnote")] == [normalise(t) for t in print_copy.footnotes]
    # every glossary entry, in glossary order: the used ones, then the unused ones (issue 10 item 7)
    assert [normalise(t) for t in note_texts(docx, "endnote")] == [
        normalise(shown_text(entry.term, document) + "：" + print_copy.blocks_text(entry.definition))
        for entry in document.glossary]


def test_sample_body_equals_the_source(sample_docx: Path, sample_document: Document, layout: Layout) -> None:
    expected = expected_paragraphs(sample_document, layout)
    assert len(expected) == 3 + 83 + 1  # title block, body (salutation, 19 headings, 63 paragraphs), glossary
    assert_docx_says(sample_docx, sample_document, layout)


def test_every_construct_body_equals_the_source(construct_docx: Path, construct_document: Document,
                                                layout: Layout) -> None:
    assert_docx_says(construct_docx, construct_document, layout)
    assert note_texts(construct_docx, "endnote")[-1] == "三个组团：是指三个组团。"  # unused: the last endnote


def test_sample_pdf_says_what_the_source_says(sample_pdf: Path, sample_document: Document,
                                              layout: Layout) -> None:
    expected = PrintCopy(sample_document, layout)
    assert expected.footnotes == [] and len(expected.paragraphs) == 3 + 83 + 1 + 13  # + 13 glossary entries
    assert_pdf_says(sample_pdf, expected)


@pytest.mark.warns  # every-construct.md has an unused glossary entry on purpose
def test_every_construct_pdf_says_what_the_source_says(construct_pdf: Path, construct_document: Document,
                                                       layout: Layout) -> None:
    expected = PrintCopy(construct_document, layout)
    assert len(expected.footnotes) == 2  # one in a paragraph, one in a list item
    assert "•列表第一项" + CALL in expected.paragraphs and "2.有序第二" in expected.paragraphs
    assert_pdf_says(construct_pdf, expected)


@pytest.fixture(scope="module")
def structure_document() -> Document:
    return read_source(EVERY_STRUCTURE)


@pytest.mark.warns(match="never used in the body|never cited")  # on purpose, to number them last
def test_every_structure_pdf_says_what_the_source_says(structure_document: Document, layout: Layout,
                                                       tmp_path: Path) -> None:
    """Issue 10's constructs (salutation, citations, end notes, references, sign-off, appendices, the
    glossary as an appendix, imprint) in the print copy, in source order, nothing missing or added."""
    expected = PrintCopy(structure_document, layout)
    assert expected.footnotes == []  # every note is an end note
    assert "各位代表：" in expected.paragraphs and "附件2" in expected.paragraphs
    pdf = build(EVERY_STRUCTURE, formats=["pdf"], out_dir=tmp_path).outputs["pdf"]
    assert_pdf_says(pdf, expected)


@pytest.mark.warns(match="never used in the body|never cited")  # on purpose, to number them last
def test_every_structure_docx_says_what_the_source_says(structure_document: Document, layout: Layout,
                                                        tmp_path: Path) -> None:
    """The DOCX half of the parity for issue 10's constructs: its body paragraphs are the model's (with
    citations as their labels, as both outputs print them), its endnotes every note and entry."""
    docx = build(EVERY_STRUCTURE, formats=["docx"], out_dir=tmp_path).outputs["docx"]
    # a glossary entry's call is Word's own number (a `w:endnoteRef`, no text); beside the glossary
    # the end notes' calls are text (①), and the notes stand under their title
    shown = expected_paragraphs(structure_document, layout,
                                show=lambda inlines: shown_text(_without_term_numbers(inlines), structure_document))
    got = [squeeze(t) for t in docx_paragraphs(docx)]
    assert got == [squeeze(t) for t in shown]
    assert "①按可比价格计算。" in got
    # Word's endnotes: every glossary entry, each once, and no end note
    notes = [normalise(t) for t in note_texts(docx, "endnote")]
    assert len(notes) == len(structure_document.glossary)



def _without_term_numbers(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """`inlines` whose term references anchor nothing: the DOCX shows a glossary entry's number as
    Word's own (`w:endnoteReference`, no text), where the PDF prints it as text."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, TermRef):
            out.append(dataclasses.replace(node, anchor=False))
        elif isinstance(node, Strong | Emphasis | Link):
            out.append(dataclasses.replace(node, inlines=_without_term_numbers(node.inlines)))
        else:
            out.append(node)
    return tuple(out)
