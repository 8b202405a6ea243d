"""Block and inline nodes written into a DOCX, one construct at a time, on hand-built documents."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from reportpress.errors import RenderError
from reportpress.layouts import Layout, read_layout
from reportpress.model import (
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Glossary,
    GlossaryEntry,
    Heading,
    Image,
    LineBreak,
    Link,
    ListBlock,
    Meta,
    Quote,
    Strong,
    Table,
    TermRef,
)
from reportpress.writers.docx import docx_bytes, write_docx
from tests.writers.docx.docxread import POS, para, png_bytes, text, w, without_cover


def body_xml(document: Document, layout: Layout) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx_bytes(without_cover(document), layout))) as package:
        return etree.fromstring(package.read("word/document.xml")).find(w("body"))


def reopen(document: Document, layout: Layout) -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_bytes(without_cover(document), layout)))


def test_lead_is_a_lead_run_and_strong_inside_it_keeps_bold(layout: Layout) -> None:
    doc = Document(meta=Meta(), blocks=(
        para(text("正文"), Strong(inlines=(text("强调"),), pos=POS), Emphasis(inlines=(text("着重"),), pos=POS),
             lead=(text("引语"), Strong(inlines=(text("加粗"),), pos=POS), text("。"))),
    ))
    runs = reopen(doc, layout).paragraphs[0].runs
    assert [(r.text, r.style.name, r.bold) for r in runs] == [
        # Strong sets its own weight (bold: [styles] strong_weight), so no direct bold on top of it
        ("引语", "Lead", None), ("加粗", "Strong", None), ("。", "Lead", None),
        ("正文", "Default Paragraph Font", None), ("强调", "Strong", None), ("着重", "Emphasis", None),
    ]


def test_lists_are_word_numbering_restarting_at_start(layout: Layout) -> None:
    nested = ListBlock(items=((para(text("甲")),),), ordered=False, pos=POS)
    doc = Document(meta=Meta(), blocks=(
        ListBlock(items=((para(text("一")), nested), (para(text("二")),)), ordered=True, start=3, pos=POS),
        ListBlock(items=((para(text("另一")),),), ordered=True, pos=POS),
    ))
    document = reopen(doc, layout)
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs] == ["一", "甲", "二", "另一"]
    assert {p.style.name for p in paragraphs} == {"List Paragraph"}
    levels = [(p._p.pPr.numPr.numId.val, p._p.pPr.numPr.ilvl.val) for p in paragraphs]
    assert levels[0] == levels[2] and levels[0][1] == 0 and levels[1][1] == 1
    assert len({num for num, _level in levels}) == 3  # each list its own w:num, so each restarts
    numbering = document.part.numbering_part.element
    first = next(n for n in numbering.findall(w("num")) if n.get(w("numId")) == str(levels[0][0]))
    assert first.find(f"{w('lvlOverride')}/{w('startOverride')}").get(w("val")) == "3"


def test_table_with_a_repeating_head_row(layout: Layout) -> None:
    doc = Document(meta=Meta(), blocks=(Table(
        head=(((text("项目"),), (text("数值"),)),), body=(((text("GDP"),), (text("5%"),)),), pos=POS),))
    table = reopen(doc, layout).tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [["项目", "数值"], ["GDP", "5%"]]
    assert table.rows[0]._tr.trPr.find(w("tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(w("tblHeader")) is None
    # no row splits across a page, as in the print copy (`tr { break-inside: avoid }`)
    assert all(row._tr.trPr.find(w("cantSplit")) is not None for row in table.rows)
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Text"


def test_links_external_and_to_a_heading(layout: Layout) -> None:
    doc = Document(meta=Meta(), blocks=(
        Heading(level=1, inlines=(text("一、标题"),), id="sec-1", pos=POS),
        para(Link(inlines=(text("外链"),), url="https://example.org/a", pos=POS),
             Link(inlines=(text("内链"),), url="#sec-1", pos=POS)),
    ))
    document = reopen(doc, layout)
    heading, paragraph = document.paragraphs
    assert heading.style.name == "Heading 1"
    bookmark = heading._p.find(w("bookmarkStart"))
    assert bookmark is not None and bookmark.get(w("name")) == "sec_1"
    links = paragraph._p.findall(w("hyperlink"))
    assert links[1].get(w("anchor")) == "sec_1"
    rid = links[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert document.part.rels[rid].target_ref == "https://example.org/a"
    assert document.part.rels[rid].is_external
    assert [h.text for h in paragraph.hyperlinks] == ["外链", "内链"]


def test_line_break_and_quote(layout: Layout) -> None:
    doc = Document(meta=Meta(), blocks=(Quote(blocks=(para(text("上"), LineBreak(pos=POS), text("下")),),
                                              pos=POS),))
    paragraph = reopen(doc, layout).paragraphs[0]
    assert paragraph.style.name == "Quote"
    assert paragraph.text == "上\n下"


def test_footnote_with_two_paragraphs_and_a_link(layout: Layout) -> None:
    doc = Document(meta=Meta(), blocks=(para(text("正文"), FootnoteRef(id="n", pos=POS)),), footnotes=(
        Footnote(id="n", blocks=(para(text("第一段"), Link(inlines=(text("链"),), url="https://x.org", pos=POS)),
                                 para(text("第二段"))), pos=POS),))
    document = reopen(doc, layout)
    part = document.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.FOOTNOTES)
    note = next(n for n in part.element.findall(w("footnote")) if n.get(w("id")) == "1")
    paragraphs = note.findall(w("p"))
    assert len(paragraphs) == 2
    assert paragraphs[0].find(f"{w('r')}/{w('footnoteRef')}") is not None  # the number, first
    assert paragraphs[1].find(f".//{w('footnoteRef')}") is None
    link = paragraphs[0].find(w("hyperlink"))
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert part.rels[rid].target_ref == "https://x.org"  # the relationship lives on the notes part


def test_a_note_reference_inside_a_note_is_an_error_not_dropped(layout: Layout) -> None:
    # the reader refuses this source; a model that holds it anyway must not lose the note from the DOCX
    doc = Document(meta=Meta(), blocks=(para(text("正文"), FootnoteRef(id="a", pos=POS)),), footnotes=(
        Footnote(id="a", blocks=(para(text("甲"), FootnoteRef(id="b", pos=POS)),), pos=POS),
        Footnote(id="b", blocks=(para(text("乙")),), pos=POS),
    ))
    with pytest.raises(RenderError, match=r"footnote \[\^b\] inside a note"):
        body_xml(doc, layout)


def test_endnote_ids_follow_the_glossary_order(layout: Layout) -> None:
    entries = tuple(GlossaryEntry(id=term, term=(text(term),), definition=(para(text(f"{term}的解释")),), pos=POS)
                    for term in ("甲", "乙"))
    doc = Document(meta=Meta(), blocks=(
        Heading(level=1, inlines=(text("标题"), TermRef(term_id="甲", inlines=(text("甲"),), anchor=True,
                                                        pos=POS)), id="h", pos=POS),
        para(TermRef(term_id="乙", inlines=(text("乙"),), anchor=True, pos=POS),
             TermRef(term_id="甲", inlines=(text("甲"),), pos=POS)),
        Glossary(title="", pos=POS),
    ), glossary=entries)
    document = reopen(doc, layout)
    body = document.element.body
    assert [r.get(w("id")) for r in body.iter(w("endnoteReference"))] == ["1", "2"]
    assert document.paragraphs[-1].text == layout.notes.glossary_title  # empty title: the layout's
    part = document.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.ENDNOTES)
    texts = ["".join(t.text for t in n.iter(w("t"))) for n in part.element.findall(w("endnote"))[2:]]
    assert texts == ["．甲：甲的解释", "．乙：乙的解释"]  # after Word's number: `1．甲：…`


def test_images_embed_shrunk_to_the_text_width(layout: Layout, tmp_path: Path) -> None:
    (tmp_path / "wide.png").write_bytes(png_bytes(2000, 100))
    doc = Document(meta=Meta(), path=str(tmp_path / "src.md"), blocks=(
        para(Image(src="wide.png", alt="红条", pos=POS)),))
    first = docx_bytes(doc, layout)
    document = docx.Document(io.BytesIO(first))
    shape = document.inline_shapes[0]
    assert shape.width == layout.page.text_width.emu
    assert abs(shape.height / shape.width - 100 / 2000) < 0.001
    assert shape._inline.docPr.get("descr") == "红条"
    assert docx_bytes(doc, layout) == first


def test_a_missing_image_is_a_render_error(layout: Layout, tmp_path: Path) -> None:
    doc = Document(meta=Meta(), path=str(tmp_path / "src.md"), blocks=(
        para(Image(src="absent.png", alt="", pos=POS)),))
    with pytest.raises(RenderError, match=r"hand\.md:1"):
        write_docx(doc, layout, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()  # atomic: nothing half-written


def test_other_layout_choices(layout: Layout, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(layout.folder, folder)
    toml = (folder / "layout.toml").read_text(encoding="utf-8")
    toml = toml.replace('position = "alternate"', 'position = "center"')
    toml = toml.replace('footnote_marker = "circled"', 'footnote_marker = "decimal"')
    toml = toml.replace('\ngrid = "lines" ', '\ngrid = "none" ')
    toml = toml.replace('latin_font = ""', 'latin_font = "Times New Roman"')
    (folder / "layout.toml").write_text(toml, encoding="utf-8")
    plain = read_layout(folder)
    document = reopen(Document(meta=Meta(), blocks=(para(text("正文")),)), plain)
    section = document.sections[0]
    assert not document.settings.odd_and_even_pages_header_footer
    assert section.footer.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    grid = section._sectPr.find(w("docGrid"))
    assert grid is None or grid.get(w("type")) is None
    footnote_format = section._sectPr.find(f"{w('footnotePr')}/{w('numFmt')}")
    assert footnote_format.get(w("val")) == "decimal"
    fonts = document.styles["Normal"].element.find(f"{w('rPr')}/{w('rFonts')}")
    assert (fonts.get(w("ascii")), fonts.get(w("eastAsia"))) == ("Times New Roman", "仿宋_GB2312")
