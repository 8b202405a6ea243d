"""The front cover: the DOCX's first section, read back with python-docx and lxml; which documents get
one, compared with the PDF side's rules (`writers/covers.py`)."""

from __future__ import annotations

import dataclasses
import io
import math
import re
import shutil
from pathlib import Path

import docx
import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress.errors import LayoutError
from reportpress.layouts import Layout, read_layout
from reportpress.model import Cover, Document, Meta
from reportpress.writers.covers import date_in_words, resolve_covers
from reportpress.writers.docx import docx_bytes
from reportpress.writers.docx.cover import cover_kinds
from reportpress.writers.docx.cover import date_in_words as docx_date_in_words
from tests.writers.docx.docxread import cover_paragraphs, para, part_xml, text, w

META = Meta(title="2020年上海市虹口区政府工作报告", subtitle="——副标题", organization="上海市虹口区人民政府",
            date="2020-01-08")


def written(meta: Meta, layout: Layout) -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_bytes(Document(meta=meta, blocks=(para(text("正文")),)), layout)))


def title_pt(document: docx.document.Document) -> float:
    size = document.paragraphs[0].runs[0].font.size
    assert size is not None
    return float(size.pt)


def sections(document: docx.document.Document) -> list[etree._Element]:
    return [section._sectPr for section in document.sections]


def test_sample_cover_holds_title_subtitle_organisation_and_date(sample_docx: Path,
                                                                 sample_document: Document) -> None:
    meta = sample_document.meta
    assert cover_paragraphs(sample_docx) == [meta.title, meta.subtitle, meta.author, meta.organization,
                                             "2020年1月8日", ""]
    document = docx.Document(str(sample_docx))
    styles = [p.style.name if p.style else None for p in document.paragraphs[:5]]
    assert styles == ["Title", "Subtitle", "Author", "Cover Foot", "Cover Foot"]  # the speaker under the subtitle


def test_cover_section_has_no_footer_and_the_body_counts_from_one(sample_docx: Path) -> None:
    cover, body = sections(docx.Document(str(sample_docx)))
    # a first section without footer references shows no footer (ECMA-376 Part 1 §17.10.5)
    assert cover.findall(w("footerReference")) == cover.findall(w("headerReference")) == []
    assert cover.find(w("pgNumType")) is None
    assert body.find(w("pgNumType")).get(w("start")) == "1"
    assert body.find(w("type")).get(w("val")) == "oddPage"  # gov-report is mirrored: the body opens on a recto
    references = {ref.get(w("type")): ref for ref in body.findall(w("footerReference"))}
    assert set(references) == {"default", "even"}
    # both body footers hold the folio's PAGE field; no part but those two does
    rels = part_xml(sample_docx, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for ref in references.values():
        footer = part_xml(sample_docx, "word/" + targets[ref.get(r_id)])
        assert footer.find(f".//{w('fldSimple')}").get(w("instr")).strip() == "PAGE"


def test_cover_section_keeps_the_body_page_and_grid(sample_docx: Path) -> None:
    cover, body = sections(docx.Document(str(sample_docx)))
    for tag in ("pgSz", "pgMar", "docGrid", "footnotePr", "endnotePr"):
        assert etree.tostring(cover.find(w(tag))) == etree.tostring(body.find(w(tag))), tag


def test_title_sits_22_percent_down_at_most_yihao_in_up_to_three_lines(layout: Layout) -> None:
    document = written(META, layout)
    spacing = document.paragraphs[0]._p.find(f"{w('pPr')}/{w('spacing')}")
    assert int(spacing.get(w("before"))) == round(layout.page.text_height * 0.22 * 20) == 2806
    assert int(spacing.get(w("line"))) == 26 * 1.5 * 20  # [cover] title_line_height × the title's size
    assert title_pt(document) == 26  # 一号: the title fits 156 mm
    assert title_pt(written(Meta(title="报告"), layout)) == 26
    assert title_pt(written(Meta(title="很" * 40), layout)) == 26  # three balanced lines, not smaller
    # a title three lines do not hold shrinks so that its lines fit the text block
    assert title_pt(written(Meta(title="很" * 90), layout)) * 30 <= layout.page.text_width.pt


def test_organisation_and_date_share_a_frame_below_the_text_block(layout: Layout) -> None:
    foot = written(META, layout).paragraphs[2:4]
    assert [p.text for p in foot] == ["上海市虹口区人民政府", "2020年1月8日"]
    frames = [p._p.find(f"{w('pPr')}/{w('framePr')}") for p in foot]
    assert etree.tostring(frames[0]) == etree.tostring(frames[1])  # identical: one frame
    assert int(frames[0].get(w("y"))) == round((layout.page.height - layout.page.bottom) * 20)
    assert frames[0].get(w("vAnchor")) == "page" and frames[0].get(w("xAlign")) == "center"


def test_no_cover_when_the_front_matter_says_none(layout: Layout) -> None:
    for cover in (Cover(front="none"), Cover(front="false"), Cover(back="covers/back.pdf")):
        document = written(Meta(title="无封面", cover=cover), layout)
        assert len(document.sections) == 1
        assert document.paragraphs[0].text == "无封面"
        assert sections(document)[0].find(w("pgNumType")) is None


def test_a_designers_pdf_cover_becomes_the_same_text_cover(layout: Layout) -> None:
    pdf_cover = written(Meta(title="题", date="2021-02-03", cover=Cover(front="covers/front.pdf")), layout)
    default = written(Meta(title="题", date="2021-02-03"), layout)
    assert len(pdf_cover.sections) == len(default.sections) == 2
    assert [p.text for p in pdf_cover.paragraphs] == [p.text for p in default.paragraphs]


@pytest.mark.parametrize(("mirror", "duplex", "start"), [
    (True, False, "oddPage"), (True, True, "oddPage"), (False, True, "oddPage"), (False, False, "nextPage")])
def test_a_mirrored_layout_or_duplex_starts_the_body_on_a_right_hand_page(
        layout: Layout, mirror: bool, duplex: bool, start: str) -> None:
    """The PDF's rule (`covers.starts_on_recto`): a mirrored layout's page 1 is a recto whatever `duplex`
    says; a layout that is not mirrored starts the body on a recto only when printed on both sides."""
    laid_out = dataclasses.replace(layout, page=dataclasses.replace(layout.page, mirror=mirror))
    document = written(Meta(title="题", duplex=duplex), laid_out)
    assert sections(document)[1].find(w("type")).get(w("val")) == start


def test_cover_is_deterministic(layout: Layout) -> None:
    doc = Document(meta=META, blocks=(para(text("正文")),))
    assert docx_bytes(doc, layout) == docx_bytes(doc, layout)


COVERS = [Cover(), Cover(front="none"), Cover(front=" None"), Cover(front=""), Cover(front="cover-front"),
          Cover(front="cover-front.html.j2"), Cover(front="covers/front.PDF"), Cover(back="back.pdf"),
          Cover(front="cover-front", back="none")]


@pytest.mark.parametrize("cover", COVERS, ids=repr)
def test_cover_rules_agree_with_the_pdf_side(cover: Cover, layout: Layout, tmp_path: Path) -> None:
    without = tmp_path / "bare"
    shutil.copytree(layout.folder, without)
    (without / "cover-front.html.j2").unlink()
    for each in (layout, read_layout(without)):
        meta = Meta(cover=cover)
        try:
            expected = {(spec.side, spec.kind) for spec in resolve_covers(meta, each, tmp_path / "src.md")}
        except LayoutError:
            with pytest.raises(LayoutError):
                cover_kinds(meta, each, tmp_path / "src.md")
            continue
        assert set(cover_kinds(meta, each, tmp_path / "src.md").items()) == expected


def test_a_missing_cover_template_is_a_layout_error(layout: Layout) -> None:
    with pytest.raises(LayoutError, match=r"no template cover-plain\.html\.j2"):
        docx_bytes(Document(meta=Meta(cover=Cover(front="cover-plain")), blocks=()), layout)


def test_a_cover_error_names_the_source_file(layout: Layout) -> None:
    doc = Document(meta=Meta(cover=Cover(front="cover-plain")), blocks=(), path="reports/2021.md")
    with pytest.raises(LayoutError, match=r"^reports/2021\.md: cover 'cover-plain'"):
        docx_bytes(doc, layout)


def test_cover_numbers_come_from_the_layout(layout: Layout, tmp_path: Path) -> None:
    folder = tmp_path / "wide-title"
    shutil.copytree(layout.folder, folder)
    toml = folder / "layout.toml"
    settings = 'title_max_size = "小初"\ntitle_fill = 0.5\ntitle_line_height = 2\ntitle_drop = 0.1\n'
    text = re.sub(r"^title_\w+ *=.*\n", "", toml.read_text(encoding="utf-8"), flags=re.MULTILINE)
    toml.write_text(text.replace("[cover]\n", f"[cover]\n{settings}"), encoding="utf-8")
    changed = read_layout(folder)
    assert changed.cover.title_max_size == 36
    short, long = written(Meta(title="报告"), changed), written(Meta(title="很" * 10), changed)
    assert title_pt(short) == 36  # 小初 at most
    assert title_pt(long) == 36  # two balanced lines at 小初, not smaller
    longer = written(Meta(title="很" * 30), changed)  # five lines at 小初: three lines at a smaller size
    assert title_pt(longer) == math.floor(layout.page.text_width.pt / 10 * 0.5 * 2) / 2
    spacing = short.paragraphs[0]._p.find(f"{w('pPr')}/{w('spacing')}")
    assert int(spacing.get(w("before"))) == round(layout.page.text_height * 0.1 * 20)
    assert int(spacing.get(w("line"))) == 36 * 2 * 20


@pytest.mark.parametrize("iso", ["2020-01-08", "2021-12-31", ""])
def test_date_in_words_agrees_with_the_pdf_side(iso: str) -> None:
    assert docx_date_in_words(iso) == date_in_words(iso)
