"""Balanced titles in the outputs (issue 12 item 5): the body's title block, a wrapped heading and the
cover break at word boundaries, in the PDF (line boxes read with PyMuPDF) and the DOCX (`w:br`, read
with lxml); the text layer, the outline and the metadata keep each text whole.

The cover tests need the cover template to pass the title through `balanced("cover-title")` and
`Layout.cover_title_size` to break a long title rather than shrink it (`typeset.balance.cover_title_size`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pypdf
import pytest
from lxml import etree

from reportpress.build import build
from reportpress.typeset.balance import jieba_dictionary
from tests.pdfread import pdftotext

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE = "关于进一步加强城市社区卫生服务体系建设的实施意见"  # greedy: …体系建 / 设的实施意见
SUBTITLE = "——在青山县第十八届人民代表大会常务委员会第三次会议上"  # greedy: …第三次会 / 议上
HEADING = "（三）深化改革扩大开放，着力提升城区产业链的韧性和国际竞争力"  # greedy: …和国 / 际竞争力
COVER_TITLE = "2024年青山区5G网络和新型数据中心建设与2025年发展计划草案的报告"  # 36 characters

SOURCE = f"""---
title: {TITLE}
subtitle: {SUBTITLE}
author: 青山县县长　李明
date: 2024-01-10
---

# 一、总体要求

{HEADING.replace("（三）", "")}的工作已经部署。

## {HEADING}

各项工作有序推进，成效明显。
"""


def line_texts(page: pymupdf.Page, size: float) -> list[tuple[str, float, float]]:
    """The lines of `page` set at `size` pt: text, left and right edge, top to bottom."""
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                if abs(span["size"] - size) > 0.3:
                    continue
                for char in span["chars"]:
                    if char["c"].strip():
                        lines.setdefault(round(char["origin"][1], 1), []).append(
                            (char["bbox"][0], char["bbox"][2], char["c"]))
    result = []
    for _, chars in sorted(lines.items()):
        chars.sort()
        result.append(("".join(c for _, _, c in chars), chars[0][0], chars[-1][1]))
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("titles")
    source = folder / "titles.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs


def body_page(pdf: Path) -> int:
    """The PDF page holding the body's title block (after the cover and its blank verso)."""
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document):
            if "各项工作" in page.get_text() or "一、总体要求" in page.get_text():
                return number
    raise AssertionError("no body page")


def test_the_pdf_title_block_breaks_between_words_into_balanced_lines(built: dict[str, Path]) -> None:
    pdf = built["pdf"]
    with pymupdf.open(pdf) as document:
        page = document[body_page(pdf)]
        title = line_texts(page, 22)  # 二号
        body_lines = line_texts(page, 16)
        start = next(index for index, line in enumerate(body_lines) if line[0].startswith("——"))
        subtitle = body_lines[start:start + 2]
    assert [text for text, _, _ in title] == ["关于进一步加强城市社区卫生", "服务体系建设的实施意见"]
    centres = [(left + right) / 2 for _, left, right in title]
    assert abs(centres[0] - centres[1]) < 2  # both centred
    widths = [right - left for _, left, right in title]
    assert min(widths) > 0.8 * max(widths)  # balanced
    assert "".join(text for text, _, _ in subtitle) == SUBTITLE
    assert len(subtitle) == 2 and len(subtitle[-1][0]) >= 3  # no lone `上`, no `议上`


def test_the_pdf_heading_keeps_its_last_word_whole(built: dict[str, Path]) -> None:
    pdf = built["pdf"]
    with pymupdf.open(pdf) as document:
        lines = [text for text, _, _ in line_texts(document[body_page(pdf)], 16)]
    start = next(index for index, text in enumerate(lines) if text.startswith("（三）"))
    first, second = lines[start], lines[start + 1]
    assert first + second == HEADING
    assert second.endswith("国际竞争力") and "国" not in first[-2:]


def test_breaks_leave_the_text_layer_outline_and_metadata_whole(built: dict[str, Path]) -> None:
    pdf = built["pdf"]
    text = pdftotext(pdf)
    squeezed = "".join(text.split())
    for whole in (TITLE, SUBTITLE, HEADING):
        assert whole in squeezed  # each line break is only a line break: characters in order
    reader = pypdf.PdfReader(pdf)
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)  # type: ignore[attr-defined]
    walk(reader.outline)
    assert HEADING in titles
    assert reader.metadata is not None and reader.metadata.title == TITLE


def docx_paragraphs(docx: Path, style: str) -> list[etree._Element]:
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
            and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == style]


def paragraph_lines(paragraph: etree._Element) -> list[str]:
    lines = [""]
    for node in paragraph.iter(f"{W}t", f"{W}br"):
        if node.tag == f"{W}br":
            lines.append("")
        else:
            lines[-1] += node.text or ""
    return lines


def test_the_docx_cover_title_and_subtitle_break_as_the_print_copy(built: dict[str, Path]) -> None:
    cover_title = docx_paragraphs(built["docx"], "Title")[0]  # the cover's leads the document
    assert paragraph_lines(cover_title) == ["关于进一步加强城市社区卫生", "服务体系建设的实施意见"]
    subtitle = docx_paragraphs(built["docx"], "Subtitle")[0]
    # a session's name whole, on one line a size smaller (typeset.balance.cover_line_size), as the PDF's
    assert paragraph_lines(subtitle) == [SUBTITLE]


def test_the_docx_is_byte_reproducible(built: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "titles.md"
    source.write_text(SOURCE, encoding="utf-8")
    again = build(source, formats=["docx"], out_dir=tmp_path / "out").outputs["docx"]
    assert again.read_bytes() == built["docx"].read_bytes()


def test_a_36_character_cover_title_takes_two_lines_at_full_size(tmp_path: Path) -> None:
    source = tmp_path / "cover.md"
    source.write_text(f"---\ntitle: {COVER_TITLE}\n---\n\n正文。\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    with pymupdf.open(outputs["pdf"]) as document:
        lines = line_texts(document[0], 26)  # 一号: not shrunk to 12 pt for one line
    assert [text for text, _, _ in lines] == ["2024年青山区5G网络和新型数据中心", "建设与2025年发展计划草案的报告"]
    cover_title = docx_paragraphs(outputs["docx"], "Title")[0]
    assert paragraph_lines(cover_title) == [text for text, _, _ in lines]
    assert cover_title.find(f"{W}r/{W}rPr/{W}sz").get(f"{W}val") == "52"  # 26 pt in half points


def test_the_docx_body_title_block_breaks_as_the_print_copy(built: dict[str, Path]) -> None:
    # the body section repeats the title block under the cover: the same breaks as the PDF's title page
    titles = docx_paragraphs(built["docx"], "Title")
    assert len(titles) >= 2
    assert paragraph_lines(titles[-1]) == ["关于进一步加强城市社区卫生", "服务体系建设的实施意见"]
    subtitle = paragraph_lines(docx_paragraphs(built["docx"], "Subtitle")[-1])
    assert "".join(subtitle) == SUBTITLE and len(subtitle) == 2 and len(subtitle[-1]) >= 3


# ------------------------------------------------------------- headings with note calls (review 2, item 2)

# Each heading's first 26 characters fill heading2's first line to 0.005 em, a call among them: footnote,
# citation, end note and glossary call. Measured without its call, the old break put all 26 on the line;
# the call pushed it over and WeasyPrint wrapped before the `<br>`, leaving a character alone. (Each 26th
# character ends a word before a phrase boundary — `坚持 / 推进`, `融合 / 并` — so the line is full: one
# before a compound's head would end the line earlier, `typeset.balance.PULL_BACK`, and so would a
# clause's mark in the line's last third: none has one there.)
CALLED_HEADINGS = {
    "（一）推进城乡融合发展[^f]加快建设宜居宜业和美乡村并坚持推进乡村振兴战略": "footnote",
    "（二）持续优化营商环境，深入实施“放管服”改革[@wang2020]并激发各类经营主体活力": "citation",
    "（三）大力发展数字经济推动**数字技术**和实体经济深度融合[^e]并培育新质生产力": "end note",
    "（四）全力扩大有效投资加快[先进制造业集群]{.term}建设不断健全现代化产业体系提升创新能力": "glossary",
}
CALLED_SOURCE = "---\ntitle: 测试\ncover: none\n---\n\n# 一、总体要求\n\n正文。\n\n" + "".join(
    f"## {heading}\n\n正文。\n\n" for heading in CALLED_HEADINGS) + """[^f]: 注释一。

::: glossary
先进制造业集群
: 释义。
:::

::: references
wang2020
: 王五. 营商环境研究[M]. 北京: 测试出版社, 2020: 12-15.
:::

::: notes
[^e]: 尾注一。
:::
"""
CALL_CLASSES = ("footnote", "end-note-call", "endnote-call", "citation")


def computed_heading_lines(html: str) -> list[list[str]]:
    """The lines of each h3 (heading2) as the HTML writer broke them: text between `<br>`, calls left out."""
    from lxml import html as lxml_html

    result = []
    for heading in lxml_html.fromstring(html).iter("h3"):
        for node in list(heading.iter()):
            if set(node.get("class", "").split()) & set(CALL_CLASSES):
                node.drop_tree()  # its tail, the heading's text after the call, stays
        for br in heading.iter("br"):
            br.tail = "\n" + (br.tail or "")
        lines = heading.text_content().split("\n")
        result.append([line.strip() for line in lines])
    return result


def test_headings_with_note_calls_break_where_computed_and_leave_no_lone_character(tmp_path: Path) -> None:
    from reportpress.layouts import builtin_layout
    from reportpress.model import plain_text
    from reportpress.reader import read_text
    from reportpress.typeset.balance import break_lines, count_characters, role_measure
    from reportpress.writers.html import write_html

    source = tmp_path / "called.md"
    source.write_text(CALLED_SOURCE, encoding="utf-8")
    layout = builtin_layout("gov-report")
    document = read_text(CALLED_SOURCE, str(source))
    headings = [block for block in document.blocks if getattr(block, "level", 0) == 2]
    measure = role_measure(layout, "heading2")
    for heading in headings:  # the defect's setting: measured bare, the first line is 26 characters full
        assert break_lines(plain_text(heading.inlines), measure)[0] == 26
    computed = computed_heading_lines(write_html(document, layout))
    assert len(computed) == len(CALLED_HEADINGS) and all(len(lines) == 2 for lines in computed)
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    with pymupdf.open(pdf) as opened:
        printed = [text for page in opened for text, _, _ in line_texts(page, 16)]  # 三号: calls are 0.6 em
    for lines in computed:
        start = printed.index(lines[0])
        assert printed[start:start + len(lines)] == lines  # the renderer breaks where the writer did
        assert all(count_characters(line) >= 3 for line in lines), lines


# ------------------------------------------------------------------ long cover titles (review 2, item 1)

LONG_TITLE = "关于进一步深化新时代人民代表大会制度建设和推进治理能力现代化若干问题的决定"  # 37 characters


def test_a_title_over_balance_max_keeps_the_cover_to_one_page(tmp_path: Path) -> None:
    from reportpress.build import Inputs, build_print_pdf
    from reportpress.layouts import builtin_layout
    from reportpress.model import Document, Meta
    from reportpress.typeset.balance import BALANCE_MAX
    from reportpress.writers.covers import resolve_covers

    layout = builtin_layout("gov-report")
    title = LONG_TITLE * 6
    assert len(title) > BALANCE_MAX
    meta = Meta(title=title, subtitle="——在测试区第十届人民代表大会第三次会议上", author="测试区区长　张三",
                organization="测试区人民政府", date="2024-01-08", label="测试区第十届人民代表大会第三次会议文件")
    document = Document(meta=meta, blocks=())
    covers = tuple(resolve_covers(meta, layout, tmp_path / "t.md"))
    pdf = build_print_pdf(document, layout, tmp_path / "t.md", Inputs(covers=covers, images={}), project=tmp_path)
    with pymupdf.open(stream=pdf) as printed:
        # the cover, its blank verso, then the body's title page: at 26 pt the old size spilled the cover
        # title over a second page
        cover, verso = ("".join(printed[index].get_text().split()) for index in (0, 1))
        assert cover.count("关于进一步深化") == 6  # the whole title on it …
        assert "关于进一步深化" not in verso and "测试区人民政府" in cover  # … and nothing of the cover after it


def test_check_refuses_a_title_the_cover_would_set_under_the_floor(tmp_path: Path) -> None:
    from reportpress.errors import SourceError
    from reportpress.layouts import builtin_layout
    from reportpress.reader import read_text
    from reportpress.typeset.balance import COVER_TITLE_FLOOR, check_cover_title, cover_title_size
    from reportpress.writers.covers import resolve_covers

    layout = builtin_layout("gov-report")
    path = tmp_path / "t.md"

    def check(title: str, cover: str = "") -> None:
        document = read_text(f"---\nlayout: gov-report\n{cover}title: {title}\n---\n\n正文。\n", str(path))
        check_cover_title(document, layout, resolve_covers(document.meta, layout, path))

    fits = LONG_TITLE * 2 + "的说明"  # 77 characters: three lines at 16.8 pt
    assert cover_title_size(fits, layout) >= COVER_TITLE_FLOOR
    check(fits)
    for title in (LONG_TITLE * 3, LONG_TITLE * 6):  # 111 characters: under 12 pt in three lines; 222: unbroken
        with pytest.raises(SourceError) as raised:
            check(title)
        assert raised.value.pos is not None and raised.value.pos.line == 3  # the `title:` line
        assert raised.value.pos.path == str(path)
        assert "subtitle:" in raised.value.hint and f"{COVER_TITLE_FLOOR:g} pt" in str(raised.value)
    check(LONG_TITLE * 6, "cover: none\n")  # no cover: no cover title


def test_a_break_after_a_bold_run_is_one_line_break(tmp_path: Path) -> None:
    # the break falls where the bold run ends: the text after it once got two `<br>`, an empty line
    heading = "（二）坚持创新驱动发展战略不动摇，**全面提升**产业链供应链韧性和国际竞争力"
    plain = heading.replace("**", "")
    source = tmp_path / "bold.md"
    source.write_text(f"---\ntitle: 测试\ncover: none\n---\n\n# 一、总体要求\n\n## {heading}\n\n正文。\n",
                      encoding="utf-8")
    from reportpress.layouts import builtin_layout
    from reportpress.reader import read_text
    from reportpress.writers.html import write_html

    html = write_html(read_text(source.read_text(encoding="utf-8"), str(source)), builtin_layout("gov-report"))
    first, second = "（二）坚持创新驱动发展战略不动摇，全面提升", "产业链供应链韧性和国际竞争力"
    assert computed_heading_lines(html) == [[first, second]]
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    with pymupdf.open(pdf) as opened:
        printed = [text for text, _, _ in line_texts(opened[0], 16)]
    start = printed.index(first)
    assert "".join(printed[start:start + 2]) == plain
    with pymupdf.open(pdf) as opened:  # no empty line between: the second line one line pitch below the first
        baselines = sorted({round(char["origin"][1], 1) for block in opened[0].get_text("rawdict")["blocks"]
                            for line in block.get("lines", []) for span in line["spans"]
                            if abs(span["size"] - 16) < 0.3 for char in span["chars"] if char["c"] in "提供"})
    assert len(baselines) == 2 and baselines[1] - baselines[0] < 40  # 28.95 pt, not two pitches


# ------------------------------------------------- phrases before compounds (issue 12 item 5, review 3)

COMPOUND_TITLE = "关于支持青山区民营企业高质量发展的若干政策措施"  # before: …民营企业高质量 / 发展…
COMPOUND_HEADING = "（四）深化放管服改革，持续优化营商环境，激发各类经营主体活力"  # before: …各类经营 / 主体活力
COMPOUND_APPENDIX = "青山区城市更新项目和乡村振兴项目资金安排表"  # before: …和乡村 / 振兴…


def test_the_pdf_breaks_titles_and_headings_between_phrases_not_inside_compounds(tmp_path: Path) -> None:
    source = tmp_path / "compounds.md"
    source.write_text(f"---\ntitle: {COMPOUND_TITLE}\ncover: none\n---\n\n# 一、总体要求\n\n## {COMPOUND_HEADING}\n\n"
                      f"正文。\n\n::: appendix\n\n# {COMPOUND_APPENDIX}\n\n正文。\n\n:::\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    with pymupdf.open(outputs["pdf"]) as opened:
        titles = [[text for text, _, _ in line_texts(page, 22)] for page in opened]
        body = [text for page in opened for text, _, _ in line_texts(page, 16)]
    assert titles[0] == ["关于支持青山区民营企业", "高质量发展的若干政策措施"]  # 高质量发展 whole
    assert titles[-1] == ["青山区城市更新项目", "和乡村振兴项目资金安排表"]  # before 和, 乡村振兴 whole
    start = body.index("（四）深化放管服改革，持续优化营商环境，")  # at the clause's end, not inside the compound
    assert body[start + 1] == "激发各类经营主体活力"
    appendix = docx_paragraphs(outputs["docx"], "AppendixTitle")[0]
    assert paragraph_lines(appendix) == titles[-1]  # the DOCX breaks it where the PDF does
