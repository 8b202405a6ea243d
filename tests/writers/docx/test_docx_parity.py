"""Parity: the DOCX body says what the source says, and what the print PDF says, paragraph by paragraph
(after white space is squeezed out), on the sample and on a source with every construct."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.layouts import Layout
from reportpress.model import Document
from tests.conftest import SAMPLE_SOURCE
from tests.pdfread import body_text, find_in_order
from tests.writers.docx.conftest import EVERY_CONSTRUCT
from tests.writers.docx.docxread import docx_paragraphs, expected_paragraphs, note_texts, shown_paragraphs, squeeze

CIRCLED = re.compile("[\u2460-\u2473]")  # ①…⑳: the PDF's per-page footnote markers


@pytest.fixture(scope="module")
def sample_pdf(sample_document: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path_factory.mktemp("pdf")).outputs["pdf"]


@pytest.fixture(scope="module")
def construct_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    return build(EVERY_CONSTRUCT, formats=["pdf"], out_dir=out).outputs["pdf"]


def test_sample_body_equals_the_source(sample_docx: Path, sample_document: Document, layout: Layout) -> None:
    expected = expected_paragraphs(sample_document, layout)
    assert len(expected) == 3 + 83 + 1  # title block, body (salutation, 19 headings, 63 paragraphs), glossary
    assert [squeeze(t) for t in docx_paragraphs(sample_docx)] == [squeeze(t) for t in expected]


def test_every_construct_body_equals_the_source(construct_docx: Path, construct_document: Document,
                                                layout: Layout) -> None:
    expected = expected_paragraphs(construct_document, layout)
    assert [squeeze(t) for t in docx_paragraphs(construct_docx)] == [squeeze(t) for t in expected]
    assert "三个组团：是指三个组团。" in expected  # the unused entry stands as text under the title


@pytest.mark.warns  # every-construct.md has an unused glossary entry on purpose
def test_every_construct_body_equals_the_pdf(construct_docx: Path, construct_pdf: Path) -> None:
    _assert_docx_in_pdf(construct_docx, construct_pdf)


def test_sample_body_equals_the_pdf(sample_docx: Path, sample_pdf: Path) -> None:
    _assert_docx_in_pdf(sample_docx, sample_pdf)


def _assert_docx_in_pdf(docx_path: Path, pdf_path: Path) -> None:
    pdf = CIRCLED.sub("", body_text(pdf_path))
    paragraphs = [squeeze(text) for text in shown_paragraphs(docx_path) if squeeze(text)]
    assert find_in_order(pdf, paragraphs) == []
    assert find_in_order(pdf, [squeeze(t) for t in note_texts(docx_path, "endnote")]) == []
    for footnote in note_texts(docx_path, "footnote"):
        assert squeeze(footnote) in pdf
