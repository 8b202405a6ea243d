"""Each set of endnotes where the print copy has it: the continuous section break after the glossary's
(or the end notes') title, `w:endnotePr/w:pos` `sectEnd` (ECMA-376 §17.11.22), and sections that keep
the page, the footers and the folio count. Sources go through the real reader; the DOCX is read back
with lxml, openxml-audit and LibreOffice's PDF export.

LibreOffice 7.4 places DOCX endnotes at the document's end whatever `w:pos` says (its import of
`sectEnd` came with tdf#160984, in 24.8), so what it can show here is the rest: the end notes under
their title, folios that go on across the break, no glossary entry among the end notes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress.layouts import Layout
from reportpress.reader import read_source
from reportpress.writers.docx import docx_bytes, write_docx
from tests.pdfread import find_in_order, pdftotext, squeeze
from tests.writers.docx.conftest import EVERY_CONSTRUCT
from tests.writers.docx.docxread import part_xml, w
from tests.writers.docx.test_docx_audit import audit, unexplained
from tests.writers.docx.test_docx_libreoffice import convert, printed_text

EVERY_STRUCTURE = EVERY_CONSTRUCT.with_name("every-structure.md")
FRONT = "---\ntitle: 分节测试报告\norganization: 某市人民政府\ndate: 2024-01-08\n{extra}---\n\n"
FILLER = "\n\n".join(f"第{n}段正文，说明各项工作的进展情况和下一步的打算。" * 4 for n in range(1, 9))

# a glossary after the body, then an appendix: the entries must print under 用语解释, before 附件1
GLOSSARY_THEN_APPENDIX = FRONT.format(extra="") + f"""# 一、工作回顾

推进合议核准制，落实一网通办。

{FILLER}

::: glossary
合议核准制
: 是指由市场监管部门牵头进行核准。

一网通办
: 是指政务服务事项一个网上入口办理。
:::

::: appendix
# 重点项目清单

附件正文。
:::
"""

# end notes only, then the reference list's place taken by an appendix: the notes print under 注释
END_NOTES_THEN_APPENDIX = FRONT.format(extra="note-marker: circled\n") + f"""# 一、工作回顾

全年增长5.2%[^a]，收入稳步增长[^b]。

{FILLER}

::: notes
# 注释

[^a]: 按可比价格计算。

[^b]: 数据来源：统计公报。
:::

::: appendix
# 重点项目清单

附件正文。
:::
"""

GLOSSARY_LAST = FRONT.format(extra="") + """推进合议核准制。

::: glossary
合议核准制
: 是指核准。
:::
"""


def write_source(folder: Path, name: str, source: str, layout: Layout) -> Path:
    path = folder / f"{name}.md"
    path.write_text(source, encoding="utf-8")
    docx = folder / f"{name}.docx"
    write_docx(read_source(path), layout, docx)
    return docx


@pytest.fixture(scope="module")
def glossary_docx(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_source(tmp_path_factory.mktemp("glossary"), "glossary", GLOSSARY_THEN_APPENDIX, layout)


@pytest.fixture(scope="module")
def end_notes_docx(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_source(tmp_path_factory.mktemp("notes"), "notes", END_NOTES_THEN_APPENDIX, layout)


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t"))).replace("\u200b", "")


def body_paragraphs(path: Path) -> list[etree._Element]:
    return list(part_xml(path, "word/document.xml").find(w("body")).iter(w("p")))


def section_breaks(paragraphs: list[etree._Element]) -> list[etree._Element]:
    """The body paragraphs that end a section (a `w:sectPr` in their `w:pPr`), the cover's included."""
    return [p for p in paragraphs if p.find(f"{w('pPr')}/{w('sectPr')}") is not None]


def final_section(path: Path) -> etree._Element:
    section: etree._Element = part_xml(path, "word/document.xml").find(f"{w('body')}/{w('sectPr')}")
    return section


def endnote_position(path: Path) -> str | None:
    pos = part_xml(path, "word/settings.xml").find(f"{w('endnotePr')}/{w('pos')}")
    return None if pos is None else str(pos.get(w("val")))


def page_setup(section: etree._Element) -> list[bytes]:
    """What a section break must not change: note numbering, page size, margins, grid."""
    keep = ("footnotePr", "endnotePr", "pgSz", "pgMar", "cols", "docGrid")
    return [etree.tostring(child) for child in section if etree.QName(child).localname in keep]


@pytest.mark.parametrize(("fixture", "title"), [("glossary_docx", "用语解释"), ("end_notes_docx", "注释")])
def test_a_continuous_section_ends_after_the_notes_title(fixture: str, title: str,
                                                         request: pytest.FixtureRequest) -> None:
    """The cover's section, then the body's first section ending at the title (Word prints the
    section's endnotes after it: `sectEnd`), then one continuous section holding what follows."""
    path: Path = request.getfixturevalue(fixture)
    paragraphs = body_paragraphs(path)
    _cover, notes_end = section_breaks(paragraphs)
    assert text_of(notes_end) == title
    assert endnote_position(path) == "sectEnd"
    at = paragraphs.index(notes_end)
    calls = [i for i, p in enumerate(paragraphs) if p.find(f".//{w('endnoteReference')}") is not None]
    assert calls and max(calls) <= at  # every endnote is called inside the section it prints in
    assert text_of(paragraphs[at + 1]).startswith("附件1")


@pytest.mark.parametrize("fixture", ["glossary_docx", "end_notes_docx"])
def test_the_sections_share_page_footers_and_folio_count(fixture: str, request: pytest.FixtureRequest) -> None:
    """The first body section keeps the cover's odd-page start, the restart at 1 and the footer
    references; the section after the break is continuous, links to the same footers (it names none)
    and counts on; page, margins, grid and note numbering are the same in both."""
    path: Path = request.getfixturevalue(fixture)
    first = section_breaks(body_paragraphs(path))[1].find(f"{w('pPr')}/{w('sectPr')}")
    last = final_section(path)
    assert first.find(w("type")).get(w("val")) in ("oddPage", "nextPage")
    assert first.find(w("pgNumType")).get(w("start")) == "1"
    assert {r.get(w("type")) for r in first.findall(w("footerReference"))} == {"default", "even"}
    assert last.find(w("type")).get(w("val")) == "continuous"
    assert last.findall(w("footerReference")) == [] and last.findall(w("headerReference")) == []
    numbering = last.find(w("pgNumType"))
    assert numbering is None or numbering.get(w("start")) is None
    assert last.find(w("titlePg")) is None and first.find(w("titlePg")) is None
    assert page_setup(first) == page_setup(last)


def test_end_notes_alone_stay_word_endnotes_in_the_circled_format(end_notes_docx: Path) -> None:
    sections = [p.find(f"{w('pPr')}/{w('sectPr')}") for p in section_breaks(body_paragraphs(end_notes_docx))]
    formats = {section.find(f"{w('endnotePr')}/{w('numFmt')}").get(w("val"))
               for section in [*sections, final_section(end_notes_docx)]}
    assert formats == {"decimalEnclosedCircle"}
    notes = part_xml(end_notes_docx, "word/endnotes.xml").findall(w("endnote"))
    assert [text_of(n).strip() for n in notes[2:]] == ["按可比价格计算。", "数据来源：统计公报。"]


def test_no_break_when_the_title_is_the_last_paragraph(layout: Layout, tmp_path: Path) -> None:
    """Nothing after the glossary: the document's end is the section's, no break (an empty last
    section Word cannot show) and no `sectEnd`."""
    path = write_source(tmp_path, "last", GLOSSARY_LAST, layout)
    assert len(section_breaks(body_paragraphs(path))) == 1  # the cover's break only
    assert endnote_position(path) is None


@pytest.mark.parametrize("fixture", ["glossary_docx", "end_notes_docx"])
def test_sectioned_docx_is_valid_and_reproducible(fixture: str, request: pytest.FixtureRequest,
                                                  layout: Layout) -> None:
    path: Path = request.getfixturevalue(fixture)
    assert unexplained(audit(path)) == []
    source = path.with_suffix(".md")
    assert docx_bytes(read_source(source), layout) == path.read_bytes()


def test_libreoffice_keeps_the_folios_going_across_the_break(end_notes_docx: Path, tmp_path: Path) -> None:
    """LibreOffice's PDF: the body's pages are — 1 — … — n — without a gap or a restart, the page
    after the break (the appendix) included. (LibreOffice 7.4 then adds its endnote page.)"""
    pdf = convert(end_notes_docx, tmp_path)
    pages = pdftotext(pdf).split("\f")
    folios = {index: int(found[-1]) for index, page in enumerate(pages)
              if (found := re.findall(r"—\s*(\d+)\s*—", page))}
    assert list(folios.values()) == list(range(1, len(folios) + 1)) and len(folios) >= 3
    appendix = next(index for index, page in enumerate(pages) if "附件1" in squeeze(page))
    notes_title = next(index for index, page in enumerate(pages) if "注释" in squeeze(page))
    assert appendix in folios and folios[appendix] == folios[notes_title] + 1  # a new page, counted on
    assert find_in_order(printed_text(pdf), ["按可比价格计算。", "数据来源：统计公报。"]) == []


@pytest.mark.warns(match="never used in the body|never cited")  # every-structure.md does, on purpose
def test_every_structure_glossary_appendix_ends_the_section_before_the_imprint(layout: Layout,
                                                                               tmp_path: Path) -> None:
    """The glossary as an appendix: the section ends at its title (附件2 用语解释), so in Word its
    entries print there and the imprint comes after them; LibreOffice prints the end notes under 注释
    and none of them among the glossary's entries."""
    docx = tmp_path / "every-structure.docx"
    write_docx(read_source(EVERY_STRUCTURE), layout, docx)
    _cover, glossary_end = section_breaks(body_paragraphs(docx))
    assert text_of(glossary_end) == "用语解释"
    assert text_of(glossary_end.getnext()) == "测试区人民代表大会第三次会议秘书处2024年1月印"  # the imprint
    assert endnote_position(docx) == "sectEnd"
    with zipfile.ZipFile(docx) as package:
        assert b"customMarkFollows" in package.read("word/document.xml")  # the unused entry's call only
    text = printed_text(convert(docx, tmp_path))
    assert find_in_order(text, ["注释", "①按可比价格计算。", "②数据来源", "③口径与上年相同。", "参考文献"]) == []
    after = text[text.rindex("用语解释"):]
    assert "按可比价格" not in after[after.index("一网通办"):]
