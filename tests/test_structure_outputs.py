"""Issue 10 from source to both outputs: every structure of a real report, read back independently.

`tests/data/sources/every-structure.md` uses each construct once (label, salutation, citations, end
notes in a `::: notes` div, a reference list, a sign-off, two appendices — the second the glossary —
and an imprint); it is built through `reportpress.build.build` like any project source, then the PDF is
read with pdftotext and PyMuPDF and the DOCX with docx2python and pandoc.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pymupdf
import pytest
from docx2python import docx2python
from lxml import etree  # type: ignore[import-untyped]

from reportpress.build import build
from reportpress.model import Appendix, Document
from reportpress.reader import read_source
from tests.conftest import REPO
from tests.pdfread import body_text, find_in_order, glyphs, squeeze

SOURCE = REPO / "tests" / "data" / "sources" / "every-structure.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
UNUSED = "glossary entry 'zutuan' is never used|reference 'sun2017'|never cited"

pytestmark = pytest.mark.warns(match=UNUSED)


@pytest.fixture(scope="module")
def document() -> Document:
    return read_source(SOURCE)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("structure")
    result = build(SOURCE, out_dir=out)
    return {path.suffix[1:]: path for path in result.outputs.values()}


def test_the_model_numbers_notes_references_and_glossary_as_the_source_calls_them(document: Document) -> None:
    assert [note.id for note in document.end_notes] == ["gdp", "income", "gdp2"]
    assert [entry.id for entry in document.references] == ["wang2020", "li2019", "zhao2021", "chen2018",
                                                            "sun2017"]
    assert [entry.cited for entry in document.references] == [True] * 4 + [False]
    assert [entry.id for entry in document.glossary] == ["一网通办", "合议核准制", "zutuan"]
    appendices = [block for block in document.blocks if isinstance(block, Appendix)]
    assert [appendix.number for appendix in appendices] == [1, 2]
    assert document.meta.label == "测试区第十届人民代表大会第三次会议文件（十二）"


def test_pdf_text_runs_in_source_order(outputs: dict[str, Path]) -> None:
    text = body_text(outputs["pdf"])
    expected = [
        "测试区第十届人民代表大会第三次会议文件（十二）", "结构测试报告",  # the cover
        "各位代表：", "一、过去一年的工作", "经济运行稳中有进。", "一网通办”1改革①", "稳步增长②",
        "发展的关键[1]", "相同结论[1-3]", "（一）推动产业升级", "合议核准制2", "统计口径③", "有关文献[3-4]",
        "二、今年的主要任务", "测试区人民政府", "2024年1月8日",
        "注释", "①按可比价格计算。", "②数据来源", "③口径与上年相同。",
        "参考文献", "[1]王五.营商环境研究[M]", "[2]李四", "[3]赵六", "[4]陈七", "[5]孙八",
        "附件1", "2024年重点项目", "一、产业项目", "测试产业园二期工程", "二、民生项目",
        "附件2", "用语解释", "1．", "一网通办", "2．", "合议核准制", "3．", "三个组团",
        "测试区人民代表大会第三次会议秘书处", "2024年1月印",
    ]
    assert find_in_order(text, [squeeze(item) for item in expected]) == []


def test_pdf_outline_nests_each_appendix_headings_under_it(outputs: dict[str, Path]) -> None:
    with pymupdf.open(outputs["pdf"]) as pdf:
        toc = [(level, squeeze(title)) for level, title, _page in pdf.get_toc()]
    start = next(index for index, (_, title) in enumerate(toc) if title.startswith("附件1"))
    assert toc[start][0] == 1 and "2024年重点项目" in toc[start][1]
    assert toc[start + 1:start + 3] == [(2, "一、产业项目"), (2, "二、民生项目")]
    assert toc[start + 3][0] == 1 and toc[start + 3][1].startswith("附件2")
    assert (1, "一、过去一年的工作") in toc and (2, "（一）推动产业升级") in toc


def _pages_with(pdf: pymupdf.Document, needle: str) -> list[int]:
    return [page.number for page in pdf if needle in squeeze(page.get_text())]


def test_each_appendix_opens_a_page_with_its_label_first(outputs: dict[str, Path]) -> None:
    with pymupdf.open(outputs["pdf"]) as pdf:
        for label in ("附件1", "附件2"):
            (number,) = [page for page in _pages_with(pdf, label)
                         if squeeze(pdf[page].get_text()).startswith(label)]
            assert number > 0


def _link_targets(pdf: pymupdf.Document, page_number: int) -> list[int]:
    return [link["page"] for link in pdf[page_number].get_links() if link.get("kind") == pymupdf.LINK_GOTO]


def test_end_note_and_citation_links_go_both_ways(outputs: dict[str, Path]) -> None:
    with pymupdf.open(outputs["pdf"]) as pdf:
        (body_page,) = _pages_with(pdf, "各位代表：")
        (notes_page,) = [page for page in _pages_with(pdf, "①按可比价格计算") if page != body_page]
        (refs_page,) = _pages_with(pdf, "[5]孙八")
        body_links = _link_targets(pdf, body_page)
        assert notes_page in body_links and refs_page in body_links
        assert body_page in _link_targets(pdf, notes_page)  # each end note's mark leads back to its call


def test_salutation_is_flush_left_and_sign_off_flush_right(outputs: dict[str, Path]) -> None:
    chars = glyphs(outputs["pdf"])
    def line_of(text: str) -> list[object]:
        joined = "".join(glyph.char for glyph in chars)
        start = joined.index(text)
        return chars[start:start + len(text)]  # type: ignore[return-value]
    salutation = line_of("各位代表：")
    body = line_of("全年地区生产总值")
    left_edge = min(glyph.x0 for glyph in chars if glyph.page == salutation[0].page)  # type: ignore[attr-defined]
    assert abs(salutation[0].x0 - left_edge) < 1  # type: ignore[attr-defined]
    assert body[0].x0 > salutation[0].x0 + 20  # type: ignore[attr-defined]  # body paragraphs indent 2 em
    organisation, date = line_of("测试区人民政府"), line_of("2024年1月8日")
    assert abs(organisation[-1].x1 - date[-1].x1) < 2  # type: ignore[attr-defined]  # one right edge


def test_docx_has_circled_endnotes_page_broken_appendices_and_aligned_blocks(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs["docx"]) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    formats = {element.get(f"{W}val") for element in body.iter(f"{W}endnotePr")
               for element in element.iter(f"{W}numFmt")}
    assert formats == {"decimalEnclosedCircle"}
    paragraphs = list(body.iter(f"{W}p"))
    texts = ["".join(node.text or "" for node in paragraph.iter(f"{W}t")) for paragraph in paragraphs]
    salutation = paragraphs[texts.index("各位代表：")]
    assert salutation.find(f".//{W}ind") is None or salutation.find(f".//{W}ind").get(f"{W}firstLine") in (None, "0")
    for line in ("测试区人民政府", "2024年1月8日", "2024年1月印"):
        jc = paragraphs[texts.index(line)].find(f".//{W}jc")
        assert jc is not None and jc.get(f"{W}val") == "right"
    for label in ("附件1", "附件2"):
        index = next(i for i, t in enumerate(texts) if t.startswith(label))
        before = paragraphs[index - 1] if index else None
        page_break = (paragraphs[index].find(f".//{W}pageBreakBefore") is not None
                      or (before is not None and any(br.get(f"{W}type") == "page" for br in before.iter(f"{W}br")))
                      or any(br.get(f"{W}type") == "page" for br in paragraphs[index].iter(f"{W}br")))
        assert page_break, label


def test_docx_read_by_docx2python_and_pandoc_says_it_all(outputs: dict[str, Path]) -> None:
    with docx2python(outputs["docx"]) as read:
        endnotes = squeeze(read.endnotes)
        body = squeeze(read.text)
    for note in ("按可比价格计算", "数据来源", "口径与上年相同", "由市场监管部门牵头", "三个组团"):
        assert note in endnotes
    plain = squeeze(subprocess.run(["pandoc", "-f", "docx", "-t", "plain", str(outputs["docx"])],
                                   check=True, capture_output=True, text=True).stdout)
    for text in ("各位代表：", "[1-3]", "参考文献", "[5]孙八", "附件1", "2024年重点项目", "2024年1月印"):
        assert squeeze(text) in plain and squeeze(text) in body, text
