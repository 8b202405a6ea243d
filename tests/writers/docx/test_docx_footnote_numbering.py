"""`[notes] footnote_numbering` (issue 14 item 4): footnotes numbered ① again on every page ("page", the
default, the Chinese convention) or straight through ("document"), the same in the PDF and the DOCX.

A source with two notes on its first page and one on a later page is built with gov-report and with a
copy saying "document"; the numbers are read back from the print PDF (PyMuPDF, per page), from the
DOCX's XML (`w:numRestart` in settings and every section) and from LibreOffice's PDF of the DOCX.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from reportpress.build import build
from reportpress.layouts import builtin_layout
from tests.writers.docx.docxread import part_xml, squeeze, w
from tests.writers.docx.test_docx_libreoffice import convert

FILLER = "很长的正文段落，把第三个脚注推到后面的页上。" * 30
SOURCE = f"""# 一、脚注

第一段[^a]，第二处[^b]。

{FILLER}

{FILLER}

{FILLER}

末段[^c]。

[^a]: 甲注文字。
[^b]: 乙注文字。
[^c]: 丙注文字。
"""
NOTES = ("甲注文字", "乙注文字", "丙注文字")


def _layout_folder(tmp_path: Path, numbering: str) -> Path:
    folder = tmp_path / f"layout-{numbering}"
    shutil.copytree(builtin_layout("gov-report").folder, folder)
    toml = folder / "layout.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'footnote_numbering = "page"' in text
    toml.write_text(text.replace('footnote_numbering = "page"', f'footnote_numbering = "{numbering}"'),
                    encoding="utf-8")
    return folder


def _build(tmp_path: Path, numbering: str) -> dict[str, Path]:
    source = tmp_path / "notes.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, out_dir=tmp_path / numbering, layout_name=str(_layout_folder(tmp_path, numbering))
                 ).outputs


def printed_notes(pdf: Path) -> dict[str, tuple[int, str]]:
    """Each note's (page index, mark) as printed at the page foot: the circled mark right before its text."""
    found: dict[str, tuple[int, str]] = {}
    with pymupdf.open(pdf) as reader:
        for index, page in enumerate(reader):
            text = squeeze(page.get_text())
            for note in NOTES:
                match = re.search(f"([\u2460-\u2473]){note}", text)
                if match:
                    found[note] = (index, match.group(1))
    return found


def _restarts(docx: Path) -> list[str]:
    settings = part_xml(docx, "word/settings.xml")
    body = part_xml(docx, "word/document.xml")
    paths = [settings.find(f"{w('footnotePr')}/{w('numRestart')}"),
             *body.iterfind(f".//{w('sectPr')}/{w('footnotePr')}/{w('numRestart')}")]
    return [element.get(w("val")) for element in paths]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    tmp_path = tmp_path_factory.mktemp("footnote-numbering")
    return {numbering: _build(tmp_path, numbering) for numbering in ("page", "document")}


def test_per_page_numbering_is_the_default_and_a_layout_may_number_straight_through() -> None:
    assert builtin_layout("gov-report").notes.footnote_numbering == "page"


def test_the_docx_restarts_footnotes_on_each_page_or_never_as_the_layout_says(
        outputs: dict[str, dict[str, Path]]) -> None:
    assert set(_restarts(outputs["page"]["docx"])) == {"eachPage"}
    assert set(_restarts(outputs["document"]["docx"])) == {"continuous"}
    # numFmt before numRestart (CT_FtnProps), in settings next to the separators' list
    settings = part_xml(outputs["page"]["docx"], "word/settings.xml")
    properties = settings.find(w("footnotePr"))
    assert [etree.QName(child).localname for child in properties] == [
        "numFmt", "numRestart", "footnote", "footnote"]


def test_the_pdf_numbers_straight_through_when_the_layout_says_document(
        outputs: dict[str, dict[str, Path]]) -> None:
    notes = printed_notes(outputs["document"]["pdf"])
    assert [notes[note][1] for note in NOTES] == ["①", "②", "③"]
    assert notes["丙注文字"][0] > notes["甲注文字"][0]  # the filler put the third note on a later page


# WeasyPrint 70 ignores `@page { counter-reset: footnote }` (Kozea/WeasyPrint#2553): the PDF writer lays
# the document out a second time with each page's first footnote marked (writers/pdf/footnotes.py)
def test_the_pdf_restarts_at_one_on_every_page_by_default(outputs: dict[str, dict[str, Path]]) -> None:
    notes = printed_notes(outputs["page"]["pdf"])
    assert notes["丙注文字"][0] > notes["乙注文字"][0] == notes["甲注文字"][0]
    assert [notes[note][1] for note in NOTES] == ["①", "②", "①"]


def test_libreoffice_numbers_the_docx_footnotes_as_the_layout_says(
        outputs: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    for numbering, marks in (("page", ["①", "②", "①"]), ("document", ["①", "②", "③"])):
        notes = printed_notes(convert(outputs[numbering]["docx"], tmp_path / numbering))
        assert notes["丙注文字"][0] > notes["甲注文字"][0], numbering
        assert [notes[note][1] for note in NOTES] == marks, numbering


def test_an_unknown_numbering_is_a_layout_error_naming_the_key(tmp_path: Path) -> None:
    from reportpress.errors import LayoutError
    from reportpress.layouts import read_layout

    with pytest.raises(LayoutError, match=r"footnote_numbering.*'page', 'document'"):
        read_layout(_layout_folder(tmp_path, "chapter"))
