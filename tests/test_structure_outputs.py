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

import docx
import pymupdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph as DocxParagraph
from docx2python import docx2python
from lxml import etree  # type: ignore[import-untyped]

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.model import Appendix, Document
from reportpress.reader import read_source
from tests.conftest import REPO
from tests.pdfread import Glyph, body_text, find_in_order, glyphs, squeeze

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
            assert [page for page in _pages_with(pdf, label) if squeeze(pdf[page].get_text()).startswith(label)]


def _links(pdf: pymupdf.Document) -> dict[str, list[tuple[int, int]]]:
    """Named destination → the (page it is on, page it leads to) of each link to it."""
    found: dict[str, list[tuple[int, int]]] = {}
    for page in pdf:
        for link in page.get_links():
            if link.get("nameddest"):
                found.setdefault(link["nameddest"], []).append((page.number, link["page"]))
    return found


def test_end_note_and_citation_links_go_both_ways(outputs: dict[str, Path]) -> None:
    with pymupdf.open(outputs["pdf"]) as pdf:
        links = _links(pdf)
        for number, text in enumerate(("①按可比价格计算", "②数据来源", "③口径与上年相同"), start=1):
            # the call leads to the entry (a call may have a rectangle per box), the entry back to it
            ((call_page, entry_page),) = set(links[f"en-{number}"])
            assert text in squeeze(pdf[entry_page].get_text())
            assert set(links[f"en-call-{number}"]) == {(entry_page, call_page)}
        # [1], [1-3] lead to entry 1, [3-4] to entry 3: a citation leads to the first entry it cites
        assert {key for key in links if key.startswith("ref-")} == {"ref-1", "ref-3"}
        for number, text in ((1, "[1]王五"), (3, "[3]赵六")):
            (entry_page,) = {target for _, target in links[f"ref-{number}"]}
            assert text in squeeze(pdf[entry_page].get_text())
        citing_pages = {page for key in ("ref-1", "ref-3") for page, _ in links[key]}
        for number in range(1, 5):  # each cited entry leads back to the page of its first citation
            ((_, back),) = set(links[f"cite-{number}"])
            assert back in citing_pages
        assert "cite-5" not in links  # never cited: no way back


def _run(chars: list[Glyph], text: str, after: str = "") -> list[Glyph]:
    joined = "".join(glyph.char for glyph in chars)
    start = joined.index(text, joined.index(after) if after else 0)
    return chars[start:start + len(text)]


def test_salutation_is_flush_left_and_sign_off_flush_right(outputs: dict[str, Path]) -> None:
    layout = builtin_layout("gov-report")
    chars = [glyph for glyph in glyphs(outputs["pdf"]) if glyph.page > 2]  # the body: past the cover
    salutation = _run(chars, "各位代表：")
    def text_left(page: int) -> float:  # rectos (odd pages) have the binding margin on the left
        return float(layout.page.inside if page % 2 else layout.page.outside)

    def text_right(page: int) -> float:
        return float(layout.page.width) - float(layout.page.outside if page % 2 else layout.page.inside)

    em = float(layout.body_size)
    assert abs(salutation[0].x0 - text_left(salutation[0].page)) < 1
    first = _run(chars, "全年地区生产总值")[0]
    assert first.x0 > text_left(first.page) + 1.9 * em  # while body paragraphs indent 2 em
    # §7.3.5.2 (no seal): the date two characters in from the right, starting two characters right of
    # the name's first character (the name, wider than the date, moves left for it)
    date = _run(chars, "2024年1月8日", after="总基调")
    organisation = _run(chars, "测试区人民政府", after="总基调")
    pitch = float(layout.char_pitch)
    assert abs(date[-1].x1 - (text_right(date[-1].page) - 2 * pitch)) < 1
    assert abs(date[0].x0 - (organisation[0].x0 + 2 * pitch)) < 0.25 * em
    last = _run(chars, "2024年1月印")[-1]
    assert abs(last.x1 - (text_right(last.page) - 14)) < 1  # the imprint's date: 右空一字 in 四号 (§7.4.3)


def _effective(paragraph: DocxParagraph, name: str) -> object:
    """A paragraph property as Word reads it: the paragraph's own, else its style's (and their bases)."""
    value = getattr(paragraph.paragraph_format, name)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, name)
        style = style.base_style
    return value


def test_docx_has_circled_endnotes_page_broken_appendices_and_aligned_blocks(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs["docx"]) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    formats = {element.get(f"{W}val") for properties in body.iter(f"{W}endnotePr")
               for element in properties.iter(f"{W}numFmt")}
    assert formats == {"decimal"}  # beside a glossary the end notes are text; the glossary's numbers
    paragraphs = docx.Document(str(outputs["docx"])).paragraphs
    by_text = {paragraph.text: paragraph for paragraph in paragraphs}
    salutation = by_text["各位代表："]
    assert _effective(salutation, "first_line_indent") in (None, 0)
    assert _effective(salutation, "alignment") in (None, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY)
    body_paragraph = next(p for p in paragraphs if p.text.startswith("坚持稳中求进"))
    assert (_effective(body_paragraph, "first_line_indent") or 0) > 0
    assert _effective(by_text["2024年1月8日"], "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    signoff = [p for p in paragraphs if p.text == "测试区人民政府"][-1]  # the cover's foot holds it too
    assert _effective(signoff, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    # the print copy's distances from the right edge, in characters (resolve.signoff_indents)
    right_chars = [paragraph._p.pPr.find(f"{W}ind").get(f"{W}rightChars")
                   for paragraph in (signoff, by_text["2024年1月8日"])]
    assert right_chars == ["300", "200"]
    imprint = by_text["\t测试区人民代表大会第三次会议秘书处\t2024年1月印"]  # one row, on the style's tabs
    assert imprint.style.name == "Imprint" and imprint._p.pPr.find(f"{W}framePr") is not None
    for label in ("附件1", "附件2"):
        paragraph = next(p for p in paragraphs if p.text.startswith(label))
        assert _effective(paragraph, "page_break_before") is True, label


def test_docx_read_by_docx2python_and_pandoc_says_it_all(outputs: dict[str, Path]) -> None:
    with docx2python(outputs["docx"]) as read:
        endnotes = squeeze(str(read.endnotes))
        body = squeeze(read.text)
    for note in ("由市场监管部门牵头", "三个组团"):
        assert note in endnotes
    for note in ("按可比价格计算", "数据来源", "口径与上年相同"):  # beside a glossary, text under 注释
        assert note in body and note not in endnotes
    plain = squeeze(subprocess.run(["pandoc", "-f", "docx", "-t", "plain", str(outputs["docx"])],
                                   check=True, capture_output=True, text=True).stdout)
    for text in ("各位代表：", "[1-3]", "参考文献", "[5]孙八", "附件1", "2024年重点项目", "附件2", "用语解释",
                 "2024年1月印"):
        assert squeeze(text) in plain and squeeze(text) in body, text


def _end_notes_source(count: int, glossary: bool) -> str:
    calls = "".join(f"句{n}[^n{n}]" for n in range(1, count + 1))
    notes = "\n\n".join(f"[^n{n}]: 注{n}。" for n in range(1, count + 1))
    terms = "::: glossary\n甲术语\n: 释义。\n:::\n" if glossary else ""
    uses = "甲术语在此。\n\n" if glossary else ""
    return f"---\ntitle: 标题\nnotes: end\n---\n\n{uses}{calls}。\n\n{notes}\n\n{terms}"


@pytest.mark.parametrize(("count", "glossary", "marker"), [
    (20, True, "circled"), (21, True, "bracket"), (21, False, "bracket"),
])
def test_past_twenty_end_notes_are_bracketed_in_both_outputs(tmp_path: Path, count: int, glossary: bool,
                                                              marker: str) -> None:
    """Past ⑳ a circled number is a plain one, which a glossary call is too: all end notes take ［n］."""
    source = tmp_path / "notes.md"
    source.write_text(_end_notes_source(count, glossary), encoding="utf-8")
    result = build(source, out_dir=tmp_path / "out")
    text = squeeze(body_text(result.outputs["pdf"]))
    last = f"句{count}" + ("⑳" if marker == "circled" else f"［{count}］")
    assert last in text
    with zipfile.ZipFile(result.outputs["docx"]) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    (number_format,) = {element.get(f"{W}val") for properties in body.iter(f"{W}endnotePr")
                        for element in properties.iter(f"{W}numFmt")}
    # beside a glossary the end notes are text (the glossary's endnotes are decimal)
    assert number_format == ("decimalEnclosedCircle" if marker == "circled" and not glossary else "decimal")


@pytest.mark.warns(match=r"no title: the front cover and its label are left out")
def test_a_label_without_a_title_is_said_to_be_left_out(tmp_path: Path) -> None:
    source = tmp_path / "label.md"
    source.write_text("---\nlabel: 某文件（十二）\n---\n\n正文。\n", encoding="utf-8")
    build(source, formats=["pdf"], out_dir=tmp_path / "out")


def test_notes_and_references_in_an_appendix_nest_under_it_in_the_outline(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: 标题\n---\n\n正文引用[@k]，注[^n]。\n\n::: appendix\n# 附件一\n\n附件正文。\n\n"
                      "::: notes\n[^n]: 注文。\n:::\n\n::: references\nk\n: 文献。\n:::\n:::\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    with pymupdf.open(pdf) as document:
        toc = [(level, title) for level, title, _page in document.get_toc()]
    assert toc == [(1, "附件1\u3000附件一"), (2, "注释"), (2, "参考文献")]
