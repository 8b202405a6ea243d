"""tables.py: text tables in raw reports become Markdown pipe tables, and nothing else does.

Each raw text under tests/data/importer/tables/ was written for these tests: tables laid out with tabs, with
spaces (ASCII and ideographic), one cell a line, with their caption, unit line and notes, inside a report
with a glossary and an appendix; and lines that are no tables (prose with double spaces, slogans, a
sign-off or a list laid out in columns, a contents list) beside one that is, so that every case fails on
the importer before tables.py (it wrote each row as a paragraph, its label and first number fused). Each
imports the text, reads the Markdown back with the real reader and compares the `Table` blocks: every cell
exactly, and each column's alignment as markdown-it reads the delimiter row.
"""

from __future__ import annotations

import logging
import re
import subprocess
import time
from pathlib import Path

import pymupdf
import pytest

from reportpress.build import build
from reportpress.importer import format_report, import_text, report_to_json
from reportpress.importer import tables as tables_module
from reportpress.importer.blocks import Line
from reportpress.importer.tables import find_tables
from reportpress.model import Appendix, Block, Document, Paragraph, SignOff, Table, plain_text
from reportpress.reader import read_text
from reportpress.reader.parser import markdown_parser

from .conftest import DATA
from .test_generalisation import read_back as generalisation_read_back

TABLES = DATA / "tables"
Cells = list[list[str]]


def read_back(raw: bytes) -> tuple[str, Document]:
    """The Markdown the importer writes for `raw`, and that Markdown read by the real reader."""
    return generalisation_read_back(raw, "tables.md")


def cells(table: Table) -> Cells:
    """The table's rows, header first, each cell's text as the reader read it."""
    return [[plain_text(cell) for cell in row] for row in (*table.head, *table.body)]


def tables_in(blocks: tuple[Block, ...]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def aligns(markdown: str) -> list[list[str]]:
    """For each table of `markdown`, each column's alignment as the reader's parser reads the delimiter row
    (`right` for `--:`, "" for none), from the header cells' style."""
    found: list[list[str]] = []
    for token in markdown_parser().parse(markdown):
        if token.type == "thead_open":
            found.append([])
        elif token.type == "th_open":
            style = str(token.attrGet("style") or "")
            found[-1].append(style.removeprefix("text-align:"))
    return found


def texts(document: Document) -> list[str]:
    return [plain_text(block.inlines) for block in document.blocks if isinstance(block, Paragraph)]


def neighbours(document: Document, table: Table) -> tuple[list[str], str]:
    """The texts of the two blocks before `table` and of the one after it (paragraphs)."""
    at = document.blocks.index(table)
    before = [plain_text(block.inlines) for block in document.blocks[at - 2 : at] if isinstance(block, Paragraph)]
    after = document.blocks[at + 1]
    return before, plain_text(after.inlines) if isinstance(after, Paragraph) else ""


def test_tab_separated_tables_keep_every_cell_with_caption_unit_and_note_as_paragraphs() -> None:
    markdown, document = read_back((TABLES / "tab-caption-unit-note.txt").read_bytes())
    first, second = tables_in(document.blocks)
    assert cells(first) == [["项目", "预算数", "完成数", "增长%"], ["税收收入", "120.0", "125.3", "7.9"],
                            ["其中：增值税", "48.2", "50.1", "4.0"], ["非税收入", "46.4", "43.1", "-0.5"],
                            ["合计", "166.4", "168.4", "5.6"]]
    # a header one cell short of its rows (a leading tab): its stub is empty; `—` is a figure's place
    assert cells(second) == [["", "产量（万吨）", "比上年增长%"], ["粮食", "35.6", "1.2"], ["油料", "2.1", "—"],
                             ["蔬菜", "1,024", "3.5"]]
    assert aligns(markdown) == [["", "right", "right", "right"], ["", "right", "right"]]
    assert neighbours(document, first) == (["表1\u30002023年一般公共预算收入完成情况", "单位：亿元"],
                                           "注：非税收入下降主要是一次性国有资源有偿使用收入减少。")
    assert neighbours(document, second)[0][-1] == "表2\u3000主要农产品产量"
    assert "税收收入120.0" not in markdown


def test_tables_laid_out_with_spaces_put_each_cell_under_its_column() -> None:
    markdown, document = read_back((TABLES / "space-aligned.txt").read_bytes())
    first, second = tables_in(document.blocks)
    # the header's stub is blank, the third row leaves its growth blank: each cell goes where it stands
    assert cells(first) == [["", "增加值", "比上年增长%", "占比%"], ["第一产业", "45.2", "3.1", "8.6"],
                            ["第二产业", "210.7", "6.4", "40.1"], ["第三产业", "269.3", "", "51.3"],
                            ["合计", "525.2", "5.8", "100.0"]]
    # laid out with ideographic spaces
    assert cells(second) == [["指标", "数值", "比上年增减"], ["出生人口", "4,210", "-312"], ["死亡人口", "3,865", "…"]]
    assert aligns(markdown) == [["", "right", "right", "right"], ["", "right", "right"]]
    # the caption and the unit line (indented to the right) stay paragraphs before the table
    assert neighbours(document, first)[0] == ["表1 2023年分产业增加值", "单位：亿元"]


def test_a_table_in_hard_wrapped_text_keeps_its_caption_unit_and_note_apart() -> None:
    """A PDF extraction wrapped at a width, a table laid out with spaces under a paragraph that stops
    mid-sentence: the caption, the unit line and the note stay paragraphs of their own around the table."""
    _, document = read_back((TABLES / "pdf-wrapped.txt").read_bytes())
    (table,) = tables_in(document.blocks)
    assert cells(table) == [["项目", "预算数", "完成数", "增长%"], ["税收收入", "120.0", "125.3", "7.9"],
                            ["非税收入", "46.4", "43.1", "-0.5"], ["合计", "166.4", "168.4", "5.6"]]
    before, after = neighbours(document, table)
    assert before == ["表1 2023年一般公共预算收入完成情况", "单位：亿元"]
    assert after == "注：非税收入下降主要是一次性国有资源有偿使用收入减少。"
    # the wrapped paragraphs around it are joined whole
    assert any(text.startswith("全市政府性基金预算收入完成96.7亿元") and text.endswith("严格执行以收定支。")
               for text in texts(document))


def test_a_table_scraped_one_cell_a_line_with_whole_numbers() -> None:
    """A web copy's cells one a line, blank lines between; its whole numbers (`12`, `3`) are no folios."""
    markdown, document = read_back((TABLES / "one-cell-a-line-web.txt").read_bytes())
    (table,) = tables_in(document.blocks)
    assert cells(table) == [["项目", "计划数", "完成数"], ["学校", "12", "14"], ["医院", "3", "3"],
                            ["养老院", "6", "7"]]
    assert aligns(markdown) == [["", "right", "right"]]
    assert neighbours(document, table) == (["过去一年，全区经济运行稳中有进，民生实事全面完成。",
                                            "表1\u30002023年民生实事完成情况"], "")


def test_a_table_scraped_one_cell_a_line_under_an_empty_stub() -> None:
    """A header of N − 1 labels over rows of N cells: the last label before the first figure is a row's."""
    cells_raw = ["预算数", "执行数", "税收收入", "89.0", "92.4", "非税收入", "22.2", "20.2"]
    raw = "\n".join(["2024年某市预算执行情况的报告", "一、执行情况", "收入情况如下。", *cells_raw,
                     "二、安排", "今年收入增长5%。"]).encode("utf-8")
    _, document = read_back(raw)
    (table,) = tables_in(document.blocks)
    assert cells(table) == [["", "预算数", "执行数"], ["税收收入", "89.0", "92.4"], ["非税收入", "22.2", "20.2"]]


def test_tables_in_a_report_with_a_glossary_and_an_appendix() -> None:
    markdown, document = read_back((TABLES / "glossary-appendix.txt").read_bytes())
    (body_table,) = tables_in(document.blocks)
    assert cells(body_table) == [["指标", "目标", "完成"], ["地区生产总值增长%", "6.0", "6.1"],
                                 ["一般公共预算收入增长%", "5.0", "5.3"]]
    appendix = next(block for block in document.blocks if isinstance(block, Appendix))
    (appendix_table,) = tables_in(appendix.blocks)
    assert cells(appendix_table) == [["项目", "总投资", "2024年计划"], ["青溪大桥", "12.5", "4.0"],
                                     ["城南学校", "3.2", "1.8"]]
    assert [plain_text(entry.term) for entry in document.glossary] == ["“链长制”", "“标准地”"]
    assert "[“链长制”]{.term}" in markdown
    assert "注：增长速度按可比价格计算。" in texts(document)


def test_lines_that_are_no_tables_stay_text() -> None:
    """Prose with double spaces, slogans, a list of names laid out in columns, figures with their units, a
    contents list with dot leaders and page numbers, a sign-off pushed right: only the real table fires."""
    markdown, document = read_back((TABLES / "not-tables.txt").read_bytes())
    (table,) = tables_in(document.blocks)
    assert cells(table) == [["指标", "目标", "上年完成"], ["地区生产总值增长%", "6.0", "6.1"],
                            ["城镇调查失业率%", "5.5", "5.2"]]
    paragraphs = texts(document)
    for text in ("我们坚持稳中求进 工作总基调，全年完成固定资产投资120.5亿元，增长6.2%，其中工业投资增长9.8%。",
                 "奋斗2024实干兴县", "团结奋进 共创未来", "主任：张三 副主任：李四", "委员：王五 委员：赵六",
                 "粮食产量35.6万吨", "油料产量2.1万吨"):
        assert text in paragraphs
    assert "目录" not in markdown and "……" not in markdown  # contents.py still drops the contents
    assert [plain_text(line) for block in document.blocks if isinstance(block, SignOff)
            for line in block.lines] == ["青溪县人民政府", "2024年1月10日"]


@pytest.mark.parametrize("raw", [
    # a contents list laid out with spaces, its page numbers alone in the last column
    "一、2023年工作回顾          1\n二、2024年工作安排          5\n三、加强政府自身建设        9\n",
    # a date line and a sign-off side by side
    "青溪县人民政府        2024年1月10日\n青溪县政协        2024年1月11日\n",
    # a caption, a unit line and a note are no rows
    "表1　收入\t120\n表2　支出\t130\n",
    "注：1\t2\t3\n注：4\t5\t6\n",
    # one row alone is no table
    "税收收入\t120.0\t125.3\t7.9\n",
    # a web page's furniture, which noise.py drops: a toolbar with counts, a WeChat footer one item a line
    "分享到  微信  12\n打印  关闭  3\n",
    "往期推荐\n阅读\n1234\n在看\n12\n点赞\n5\n",
    # short lines one a line with no header over them: a list of counts
    "学校\n12\n医院\n3\n养老院\n6\n",
])
def test_shapes_that_are_no_tables(raw: str) -> None:
    lines = [Line(number, text) for number, text in enumerate(raw.splitlines(), start=1)]
    kept, found = find_tables(lines)
    assert kept == lines and not found.tables and not found.decisions


def test_a_table_wider_than_the_text_block_stays_text_with_a_warning() -> None:
    header = "\t".join(["地区", *(f"{month}月" for month in range(1, 19))])
    rows = ["\t".join([name, *(f"{n}.{month}" for month in range(1, 19))]) for n, name in enumerate(["甲", "乙"])]
    raw = "\n".join(["2024年某市统计公报", "一、综合", "全年增长5%。", header, *rows, "二、农业", "粮食增产。"])
    result = import_text(raw.encode("utf-8"))
    document = read_text(result.markdown, "wide.md")
    assert not tables_in(document.blocks)
    assert any("19 columns" in doubt and "kept as text" in doubt for doubt in result.report.doubts)
    decision = next(item for item in result.report.decisions if item.kind == "table")
    assert decision.lines == (4, 6) and decision.confidence < 0.5
    assert "lines 4-6: table: a table of 19 columns" in format_report(result.report)


def test_a_bar_in_a_cell_is_escaped_and_read_back_as_it_was() -> None:
    raw = ("2024年某市预算报告\n一、执行\n收入如下。\n项目\t预算|调整\t完成\n"
           "税收*收入\t1,234\t1,300\n非税_收入\t[12]\t—\n二、安排\n今年增长5%。\n")
    markdown, document = read_back(raw.encode("utf-8"))
    (table,) = tables_in(document.blocks)
    assert cells(table) == [["项目", "预算|调整", "完成"], ["税收*收入", "1,234", "1,300"], ["非税_收入", "[12]", "—"]]
    assert "预算\\|调整" in markdown


def test_the_report_lists_each_table_with_its_lines_and_a_confidence() -> None:
    report = import_text((TABLES / "tab-caption-unit-note.txt").read_bytes()).report
    found = [item for item in report.decisions if item.kind == "table"]
    assert [(item.lines, item.confidence) for item in found] == [((8, 12), 0.85), ((17, 20), 0.85)]
    text = format_report(report)
    assert "[0.85] lines 8-12: table: a table (tab-separated) of 4 rows under a header, 4 columns" in text
    assert [item["lines"] for item in report_to_json(report)["decisions"] if item["kind"] == "table"] == \
        [[8, 12], [17, 20]]


def space_laid(rows: int) -> list[Line]:
    body = [f"第{n}项收入      {n}9.0      {n}2.4      {n % 10}.5" for n in range(rows)]
    return [Line(number, text) for number, text in enumerate(["项目      预算数      完成数      增长%", *body], 1)]


def test_ten_thousand_rows_are_read_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each row is measured once (the characters whose width is taken stay in proportion to the input), and
    four times the rows take about four times as long, not sixteen."""
    measured = 0
    width = tables_module.width

    def counting(text: str) -> int:
        nonlocal measured
        measured += len(text)
        return width(text)

    monkeypatch.setattr(tables_module, "width", counting)
    lines = space_laid(10_000)
    kept, found = find_tables(lines)
    (table,) = found.tables.values()
    assert len(table.rows) == 10_001 and len(kept) == 3
    assert measured <= 2 * sum(len(line.text) for line in lines)
    monkeypatch.setattr(tables_module, "width", width)
    timings = []
    for rows in (2_500, 10_000):
        lines = space_laid(rows)
        started = time.perf_counter()
        find_tables(lines)
        timings.append(time.perf_counter() - started)
    assert timings[1] < 8 * timings[0] + 0.5, timings
    tabbed = ["项目\t预算数\t完成数\t增长%", *(f"第{n}项收入\t{n}9.0\t{n}2.4\t{n % 10}.5" for n in range(10_000))]
    raw = ("2024年某市统计公报\n一、综合\n全年增长5%。\n" + "\n".join(tabbed)).encode("utf-8")
    started = time.perf_counter()
    markdown = import_text(raw).markdown
    assert time.perf_counter() - started < 10
    assert markdown.count("\n| 第") == 10_000


def test_a_built_table_prints_every_cell_in_its_own_column(tmp_path: Path) -> None:
    """The PDF's text layer holds every cell; a number stands clear of its row's label (a column apart, not
    the quarter em between a Han label and a number run into it)."""
    source = tmp_path / "tables.md"
    source.write_text(import_text((TABLES / "tab-caption-unit-note.txt").read_bytes()).markdown, encoding="utf-8")
    result = build(source, formats=["pdf"], out_dir=tmp_path / "out")
    pdf = result.outputs["pdf"]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = set(re.split(r"\s+", text))
    for cell in ("项目", "预算数", "完成数", "增长%", "税收收入", "120.0", "125.3", "7.9", "其中：增值税", "-0.5",
                 "合计", "166.4", "168.4", "5.6", "产量（万吨）", "比上年增长%", "1,024", "—"):
        assert cell in words, cell
    with pymupdf.open(pdf) as document:
        for page in document:
            spots = page.search_for("税收收入")
            if spots:
                label = spots[0]
                number = next(rect for rect in page.search_for("120.0") if abs(rect.y0 - label.y0) < 4)
                assert number.x0 - label.x1 > 16  # more than one em of the body size
                break
        else:
            pytest.fail("no page holds the table")


def test_a_table_a_later_stage_takes_into_a_glossary_entry_keeps_its_cells_and_says_so() -> None:
    """A table right after a glossary entry: glossary.py may read its lines as the definition going on
    (the table's cells stay there as text, and the report asks the reviewer to check), or, since the
    glossary ends at lines that are no entry of it (session 24, round three), the table stands as a table.
    Either way no cell is lost."""
    raw = ("2024年某市预算报告\n一、执行\n推进零基预算改革。\n名词解释\n零基预算：是指不考虑以往基数的预算方法。\n"
           "项目\t预算数\t完成数\n税收\t1.0\t2.0\n非税\t3.0\t4.0\n")
    result = import_text(raw.encode("utf-8"))
    document = read_text(result.markdown, "glossary.md")
    tables = tables_in(document.blocks)
    if tables:
        rows = [[plain_text(cell) for cell in row] for row in (*tables[0].head, *tables[0].body)]
        assert rows == [["项目", "预算数", "完成数"], ["税收", "1.0", "2.0"], ["非税", "3.0", "4.0"]]
        return
    definition = "".join(plain_text(block.inlines) for block in document.glossary[0].definition
                         if isinstance(block, Paragraph))
    assert definition.endswith("项目 预算数 完成数 税收 1.0 2.0 非税 3.0 4.0")
    assert any("lines 6-8" in doubt and "cells kept there as text" in doubt for doubt in result.report.doubts)


def test_a_table_glossary_py_reads_as_a_term_line_stays_text_the_reader_reads() -> None:
    """A table under the glossary title with a definition line after it is read as a term: a table is no
    term line of a definition list (the reader would refuse the glossary), so its cells stand there as text."""
    raw = ("2024年某市预算报告\n一、执行\n推进零基预算改革。\n名词解释\n项目\t预算数\t完成数\n税收\t1.0\t2.0\n"
           "非税\t3.0\t4.0\n：是指不考虑以往基数的预算方法。\n零基预算：是指不考虑以往基数的预算方法。\n")
    result = import_text(raw.encode("utf-8"))
    logging.getLogger("reportpress.reader").setLevel(logging.ERROR)
    try:
        document = read_text(result.markdown, "glossary.md")
    finally:
        logging.getLogger("reportpress.reader").setLevel(logging.NOTSET)
    assert sorted(plain_text(entry.term) for entry in document.glossary) == [
        "零基预算", "项目 预算数 完成数 税收 1.0 2.0 非税 3.0 4.0"]
    assert any("lines 5-7" in doubt for doubt in result.report.doubts)
