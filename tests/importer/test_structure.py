"""Issue 11's structure rules on raw texts made for the purpose (not from the dev corpus): salutation,
appendices after the closing, stray `?` of a lossy encoding, notes under any 注释 title with missing-glyph
marks, licence footers, and the report's structural decisions. Each test names the class of input."""

from __future__ import annotations

import json

import pytest

from reportpress.importer import import_text, report_to_json
from reportpress.importer.appendix import read_label, split_appendices
from reportpress.importer.blocks import Line
from reportpress.importer.noise import drop_noise
from reportpress.importer.salutation import find_salutation, is_salutation
from reportpress.importer.stray import mend_line
from reportpress.model import Appendix, EndNotes, Glossary, Heading, Salutation, plain_text
from reportpress.reader import read_text

from .conftest import data_file
from .test_corpus import READER_READS_DIVS

needs_reader = pytest.mark.skipif(not READER_READS_DIVS, reason="the reader on this branch predates issue 10")


def lines_of(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def body_of(markdown: str) -> str:
    return markdown.split("\n---\n", 1)[1]


# --------------------------------------------------------------------------------- salutation

@pytest.mark.parametrize("text", ["各位代表：", "各位委员：", "同志们：", "尊敬的各位来宾：", "各位代表、各位委员：",
                                  "女士们、先生们："])
def test_a_vocative_ending_in_a_colon_is_a_salutation(text: str) -> None:
    assert is_salutation(text)


@pytest.mark.parametrize("text", ["各位代表！", "主要任务如下：", "一、各位代表：",
                                  "各位代表：现在，我代表县政府报告。", "今年的工作，我们要抓好以下三个方面的同志们："])
def test_exclamations_introductions_and_long_lines_are_not(text: str) -> None:
    assert not is_salutation(text)


def test_the_salutation_stands_near_the_start_of_the_body() -> None:
    assert find_salutation(lines_of("同志们：", "现在我报告工作。")) == 0
    # past the first paragraphs or after a heading it is a paragraph of the speech
    assert find_salutation(lines_of("一、回顾", "同志们：")) == -1
    assert find_salutation(lines_of("甲。", "乙。", "丙。", "同志们：")) == -1


def test_a_county_report_opening_with_tongzhimen_gets_a_salutation_div() -> None:
    result = import_text(data_file("county-appendices.txt"))
    assert body_of(result.markdown).startswith("\n::: salutation\n同志们：\n:::\n\n现在，我代表县人民政府")
    assert result.report.doubts == ()  # the opening is understood: 同志们： begins the body
    # the closing 各位代表！ is an exclamation inside the speech
    assert "\n各位代表！新的一年" in result.markdown


# --------------------------------------------------------------------------------- stray characters

def test_stray_question_marks_of_a_lossy_encoding_are_mended_by_their_place() -> None:
    assert mend_line("县长?王明")[0] == "县长\u3000王明"  # a lost space between office and name
    assert mend_line("二、明年工作安排?")[0] == "二、明年工作安排"  # ending a numbered line
    assert mend_line("（三）抓好民生。?")[0] == "（三）抓好民生。"  # after a full stop
    assert mend_line("收入增长8%。\ufffd")[0] == "收入增长8%。"  # the replacement character too
    # a real question keeps its mark; a long sentence's `?` is not a lost space
    assert mend_line("三、如何看待今年的形势?") == ("三、如何看待今年的形势?", "")
    text = "这是一个很长的句子，其中的问号?不能被当作丢失的空格来处理，因为它有标点。"
    assert mend_line(text) == (text, "")


def test_the_import_finds_speaker_and_headings_despite_strays() -> None:
    result = import_text(data_file("county-appendices.txt"))
    assert "\nauthor: 县长　王明\n" in result.markdown
    assert "\n# 二、2023年工作安排\n" in result.markdown
    assert "\n## （一）产业发展提质增效。\n" in result.markdown
    strays = [item for item in result.report.decisions if item.kind == "stray character"]
    assert [item.lines for item in strays] == [(3,), (8,), (10,)]


# --------------------------------------------------------------------------------- appendices

def test_appendix_label_lines() -> None:
    assert read_label("附件1") == ("附件1", "")
    assert read_label("附件") == ("附件", "")
    assert read_label("附件2　名词解释") == ("附件2", "名词解释")
    assert read_label("附件三：重点项目表") == ("附件三", "重点项目表")
    # a list of attachments before a sign-off, and a sentence, are no labels
    assert read_label("附件：1．青山县重点项目名单") is None
    assert read_label("附件1是今年的项目清单。") is None


def test_a_label_in_the_opening_paragraphs_or_without_a_title_stays_text() -> None:
    main, appendices = split_appendices(lines_of("附件1", "清单", "正文。"))
    assert appendices == [] and len(main) == 3
    main, appendices = split_appendices(lines_of("甲。", "乙。", "丙。", "附件1", "这是一个完整的句子。"))
    assert appendices == [] and [line.text for line in main][-2:] == ["附件1", "这是一个完整的句子。"]


def test_appendices_after_the_closing_keep_their_items_out_of_the_outline() -> None:
    result = import_text(data_file("county-appendices.txt"))
    assert result.report.headings[1] == ("一、2022年工作回顾", "二、2023年工作安排")
    body = body_of(result.markdown)
    assert "\n::: appendix\n# 2023年重点项目清单\n\n# 一、交通项目\n" in body
    # a glossary under `附件2　名词解释` stays the glossary, inside the appendix (a longer outer fence)
    assert body.endswith(":::: appendix\n::: glossary\n“一网通办”\n: 指企业和群众办事只需登录一个网站。\n\n"
                         "标准厂房\n: 指按统一标准建设的通用厂房。\n:::\n::::\n")
    assert "\nglossary-title: 名词解释\n" in result.markdown
    kinds = [(item.kind, item.lines) for item in result.report.decisions if item.kind == "appendix"]
    assert kinds == [("appendix", (17, 18)), ("appendix", (23,))]


def test_a_label_other_than_the_automatic_one_is_written() -> None:
    raw = "\n".join(["报告", "各位代表：", "一、工作", "我们完成了任务。", "谢谢大家。", "附件", "重点项目表",
                     "一、交通", "公路工程。"]).encode()
    markdown = import_text(raw).markdown
    assert '\n::: {.appendix label="附件"}\n# 重点项目表\n\n# 一、交通\n\n公路工程。\n:::\n' in markdown


@needs_reader
def test_appendices_read_back() -> None:
    document = read_text(import_text(data_file("county-appendices.txt")).markdown, "county.md")
    appendices = [block for block in document.blocks if isinstance(block, Appendix)]
    assert [plain_text(block.title) for block in appendices] == ["2023年重点项目清单", ""]
    assert [plain_text(block.inlines) for block in appendices[0].blocks if isinstance(block, Heading)] == \
        ["一、交通项目", "二、水利项目"]
    assert isinstance(appendices[1].blocks[0], Glossary) and len(document.glossary) == 2
    assert [plain_text(block.inlines) for block in document.blocks if isinstance(block, Salutation)] == ["同志们："]
    assert [plain_text(block.inlines) for block in document.blocks if isinstance(block, Heading)] == \
        ["一、2022年工作回顾", "（一）产业发展提质增效。", "二、2023年工作安排", "（一）抓项目扩投资",
         "（二）抓改革促开放"]


# --------------------------------------------------------------------------------- notes and page footers

def test_missing_glyph_notes_under_a_titled_notes_section_become_end_notes() -> None:
    result = import_text(data_file("notes-missing-glyphs.txt"))
    markdown = result.markdown
    # the ＠ stood for the glyph the note describes: the lost-character mark takes its place
    assert "新建堤坝□[^1]两座，改造学校食堂□[^2]三十处" in markdown
    assert "继续加固堤坝□[^1]，" in markdown  # the same note called twice
    assert "＠" not in markdown
    assert markdown.endswith("\n::: notes\n# 本文注释\n\n[^1]: 原字土右加贝\n\n[^2]: 原字火右加东\n:::\n")
    assert result.report.glossary_entries == ()
    assert result.report.footnotes == 2


def test_a_licence_footer_is_dropped_to_the_end_and_listed() -> None:
    result = import_text(data_file("notes-missing-glyphs.txt"))
    assert [(item.number, item.reason) for item in result.report.dropped] == \
        [(11, "licence footer"), (12, "licence footer"), (13, "licence footer")]
    assert "版权所有" not in result.markdown and "false" not in result.markdown


def test_a_report_citing_the_copyright_law_keeps_its_text() -> None:
    lines = lines_of("本文依据著作权法起草。", *[f"第{n}段正文。" for n in range(50)])
    kept, dropped = drop_noise(lines)
    assert dropped == [] and len(kept) == 51
    # a licence start within the last lines but followed by a numbered heading is the report's own
    kept, dropped = drop_noise(lines_of("甲。", "本作品属于公有领域", "一、工作", "乙。"))
    assert dropped == []


@needs_reader
def test_end_notes_read_back() -> None:
    document = read_text(import_text(data_file("notes-missing-glyphs.txt")).markdown, "notes.md")
    assert [note.placement for note in document.footnotes] == ["end", "end"]
    assert [block.title for block in document.blocks if isinstance(block, EndNotes)] != []


# --------------------------------------------------------------------------------- the report

def test_the_report_lists_decisions_most_doubtful_first_with_raw_lines() -> None:
    report = import_text(data_file("county-appendices.txt")).report
    ordered = report.doubtful_first
    assert [item.confidence for item in ordered] == sorted(item.confidence for item in ordered)
    headings = {item.text: item.lines for item in report.decisions if item.kind == "heading"}
    assert headings["一、2022年工作回顾"] == (6,)
    assert headings["一、交通项目"] == (19,)  # raw line numbers, inside the appendix too
    salutation = [item for item in report.decisions if item.kind == "salutation"]
    assert [(item.lines, item.text) for item in salutation] == [((4,), "同志们：")]


def test_a_heading_out_of_sequence_is_doubtful() -> None:
    raw = "报告\n各位代表：\n一、回顾\n过去一年很好。\n三、安排\n今年更好。\n".encode()
    report = import_text(raw).report
    doubtful = report.doubtful_first[0]
    assert (doubtful.kind, doubtful.lines, doubtful.text) == ("heading", (5,), "三、安排")
    assert doubtful.confidence < 0.6 and "expected 2" in doubtful.what


def test_the_report_as_json() -> None:
    report = import_text(data_file("county-appendices.txt")).report
    data = json.loads(json.dumps(report_to_json(report), ensure_ascii=False))
    assert data["decisions"][0]["confidence"] <= data["decisions"][-1]["confidence"]
    assert {"lines", "kind", "what", "confidence", "text"} == set(data["decisions"][0])
    assert data["headings"]["1"] == ["一、2022年工作回顾", "二、2023年工作安排"]
