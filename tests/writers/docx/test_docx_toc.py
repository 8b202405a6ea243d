"""`toc: true` in the DOCX (issue 14, "a page-true table of contents"): a real Word TOC field whose cached
result lists the PDF contents page's entries with the print PDF's page numbers, links and PAGEREF
fields pointing at bookmarks that exist; LibreOffice's PDF of the DOCX prints that contents page.

The source is the PDF contents page test's (tests/writers/test_toc.py): its filler pushes the later
headings onto later pages, so the numbers differ from entry to entry.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from reportpress.build import build
from reportpress.layouts import Layout
from reportpress.model import Document
from reportpress.reader import read_source
from reportpress.writers.docx import printed_pages, write_docx
from tests.pdfread import pdftotext, squeeze
from tests.writers.docx.docxread import part_xml, w
from tests.writers.docx.test_docx_libreoffice import convert
from tests.writers.test_toc import SOURCE

ENTRY = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", re.MULTILINE)


def contents_page(pdf: Path) -> list[tuple[str, str]]:
    """(title, page number) of each line of the contents page (the page whose text opens with 目录)."""
    text = pdftotext(pdf, "-layout")
    for page in text.split("\f"):
        if squeeze(page).startswith("目录"):
            return [(squeeze(title), number) for title, number in ENTRY.findall(page)]
    raise AssertionError(f"{pdf} has no contents page")


def docx_contents(path: Path) -> list[tuple[str, str, str, str]]:
    """(style id, text, PAGEREF bookmark, cached page) of each paragraph of the TOC field's result."""
    body = part_xml(path, "word/document.xml")
    rows = []
    for paragraph in body.iter(w("p")):
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        if style is None or not style.get(w("val")).startswith("TOC") or style.get(w("val")) == "TOCHeading":
            continue
        link = paragraph.find(w("hyperlink"))
        texts = [t.text or "" for t in link.iter(w("t"))]
        instruction = "".join(t.text or "" for t in link.iter(w("instrText")))
        bookmark = re.fullmatch(r" PAGEREF (\S+) \\h ", instruction)
        assert bookmark and bookmark.group(1) == link.get(w("anchor")), instruction
        rows.append((style.get(w("val")), texts[0], bookmark.group(1), texts[1]))
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp_path = tmp_path_factory.mktemp("docx-toc")
    source = tmp_path / "report.md"
    source.write_text(SOURCE.format(filler="\n\n".join(["很长的正文段落。" * 40] * 6)), encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    document, layout = read_source(source), _gov_report()
    paged = tmp_path / "paged.docx"
    write_docx(document, layout, paged, pages=printed_pages(pdf.read_bytes()))
    unpaged = tmp_path / "unpaged.docx"
    write_docx(document, layout, unpaged)
    return {"pdf": pdf, "paged": paged, "unpaged": unpaged, "tmp": tmp_path}


def _gov_report() -> Layout:
    from reportpress.layouts import builtin_layout

    return builtin_layout("gov-report")


def test_the_docx_contents_list_the_pdf_contents_page_entries_and_numbers(built: dict[str, Path]) -> None:
    printed = contents_page(built["pdf"])
    assert [title for title, _ in printed] == ["一、第一部分", "（一）小节", "二、第二部分", "用语解释"]
    rows = docx_contents(built["paged"])
    assert [(text, page) for _, text, _, page in rows] == printed
    assert [style for style, *_ in rows] == ["TOC1", "TOC2", "TOC1", "TOC1"]
    assert len({page for *_, page in rows}) > 1  # the filler put the headings on different pages


def test_the_contents_are_one_toc_field_with_links_to_bookmarks_that_exist(built: dict[str, Path]) -> None:
    body = part_xml(built["paged"], "word/document.xml")
    instructions = [t.text for t in body.iter(w("instrText")) if "TOC" in (t.text or "")]
    assert instructions == [' TOC \\o "1-2" \\h \\z \\u ']
    kinds = [c.get(w("fldCharType")) for c in body.iter(w("fldChar"))]
    assert kinds[0] == "begin" and kinds.count("begin") == kinds.count("end") == 5  # TOC + 4 PAGEREF
    bookmarks = {b.get(w("name")): b for b in body.iter(w("bookmarkStart"))}
    for _, text, bookmark, _ in docx_contents(built["paged"]):
        paragraph = bookmarks[bookmark].getparent()  # the bookmark wraps the heading (or glossary title)
        assert "".join(t.text or "" for t in paragraph.iter(w("t"))).startswith(text)
    # the printed numbers are kept: Word is not told to recompute them on opening
    assert part_xml(built["paged"], "word/settings.xml").find(w("updateFields")) is None


def test_word_styles_name_the_contents_and_a_page_follows_them(built: dict[str, Path]) -> None:
    opened = docx.Document(str(built["paged"]))
    names = [p.style.name for p in opened.paragraphs]
    start = names.index("TOC Heading")  # after the cover section's paragraphs
    assert names[start:start + 5] == ["TOC Heading", "toc 1", "toc 2", "toc 1", "toc 1"]
    assert opened.paragraphs[start].text == "目录"
    after = opened.paragraphs[start + 5]
    assert after.text == "测试报告" and after.paragraph_format.page_break_before  # the title block
    tab = opened.styles["toc 1"].element.find(f"{w('pPr')}/{w('tabs')}/{w('tab')}")
    assert (tab.get(w("val")), tab.get(w("leader"))) == ("right", "dot")
    assert int(tab.get(w("pos"))) == _gov_report().page.text_width.twips


def test_without_the_pdf_pages_word_is_asked_to_fill_them_in(built: dict[str, Path]) -> None:
    rows = docx_contents(built["unpaged"])
    assert [text for _, text, _, _ in rows] == ["一、第一部分", "（一）小节", "二、第二部分", "用语解释"]
    assert {page for *_, page in rows} == {""}
    update = part_xml(built["unpaged"], "word/settings.xml").find(w("updateFields"))
    assert update is not None and update.get(w("val")) in ("1", "true")


def test_no_toc_no_field(built: dict[str, Path], construct_document: Document, layout: Layout) -> None:
    path = built["tmp"] / "plain.docx"
    write_docx(construct_document, layout, path)
    body = part_xml(path, "word/document.xml")
    assert not [t for t in body.iter(w("instrText")) if "TOC" in (t.text or "")]


def test_notes_sections_and_appendices_get_entries_and_bookmarks(layout: Layout, tmp_path: Path) -> None:
    from tests.writers.test_pdf_structure import every_construct

    constructs = every_construct()
    document = replace(constructs, meta=replace(constructs.meta, toc=True))
    path = tmp_path / "every.docx"
    write_docx(document, layout, path, pages={})
    rows = docx_contents(path)
    texts = [squeeze(text) for _, text, _, _ in rows]
    # the PDF contents page's list (tests/writers/test_toc.py)
    assert texts == ["一、过去一年的工作", "（一）经济发展", "注释", "参考文献", "附件1重点项目清单", "附件2名词解释"]
    names = {b.get(w("name")) for b in part_xml(path, "word/document.xml").iter(w("bookmarkStart"))}
    assert {bookmark for _, _, bookmark, _ in rows} <= names


def test_libreoffice_prints_the_contents_page_with_the_pdf_numbers(built: dict[str, Path]) -> None:
    printed = contents_page(built["pdf"])
    shown = convert(built["paged"], built["tmp"] / "lo")
    assert contents_page(shown) == printed


# a `toc: true` source: the build writes the PDF first and passes `printed_pages(pdf)` to the DOCX (job.py)
def test_reportpress_build_writes_the_pdf_pages_into_the_docx_contents(built: dict[str, Path]) -> None:
    source = built["tmp"] / "report.md"
    outputs = build(source, out_dir=built["tmp"] / "both").outputs
    rows = docx_contents(outputs["docx"])
    assert [(text, page) for _, text, _, page in rows] == contents_page(outputs["pdf"])
