"""What the session-27 typography review of five new kinds (a 统计公报, a 白皮书, a 国务院令 with its 条例, a
检察院 report, a 贺信) found the importer doing wrong, each pinned on a raw text of its own: notes the text
never calls were dropped from both outputs; an article that ended a full wrapped line took the next one in;
a table's sub-item row (`其中：新能源汽车 万辆`) ended the table and ran its cells together."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from reportpress.build import build
from reportpress.importer import import_text
from reportpress.importer.blocks import Line
from reportpress.importer.paragraphs import starts_paragraph
from reportpress.model import Paragraph, SignOff, Table, plain_text
from reportpress.reader import read_text
from tests.pdfread import body_text


def _imported(raw: str) -> str:
    return import_text(raw.encode("utf-8")).markdown


BULLETIN = """某市2025年国民经济和社会发展统计公报

某市统计局

2025年3月10日

　　一、综合
　　初步核算，全年全市地区生产总值[1]8756.32亿元，比上年增长5.3%。规模以上工业[2]增加值增长6.1%。
　　二、农业
　　全年粮食播种面积156.3千公顷，比上年增加1.2千公顷，粮食总产量98.7万吨。

　　注释：
　　[1]地区生产总值按现价计算，增长速度按不变价格计算。
　　[2]规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。
　　[3]本公报中部分数据因四舍五入的原因，存在总计与分项合计不等的情况。
　　[4]资料来源：城镇新增就业数据来自市人力资源和社会保障局，其他数据来自市统计局。
"""
GENERAL = ("本公报中部分数据因四舍五入的原因，存在总计与分项合计不等的情况。",
           "资料来源：城镇新增就业数据来自市人力资源和社会保障局，其他数据来自市统计局。")


def test_notes_the_text_never_calls_stay_text_before_the_notes() -> None:
    markdown = _imported(BULLETIN)
    document = read_text(markdown, "bulletin.md")
    assert "[^1]:" in markdown and "[^2]:" in markdown
    assert "[^3]" not in markdown and "[^4]" not in markdown
    paragraphs = [plain_text(block.inlines) for block in document.blocks if isinstance(block, Paragraph)]
    assert list(GENERAL) == paragraphs[-2:]  # the last two paragraphs of the text, markers dropped
    assert markdown.index(GENERAL[1]) < markdown.index("::: notes")


def test_notes_the_text_never_calls_are_printed_in_both_outputs(tmp_path: Path) -> None:
    source = tmp_path / "bulletin.md"
    source.write_text(_imported(BULLETIN), encoding="utf-8")
    outputs = build(source, out_dir=tmp_path / "out", project=tmp_path).outputs
    printed = body_text(outputs["pdf"])  # white space squeezed out
    written = "\n".join(paragraph.text for paragraph in docx.Document(str(outputs["docx"])).paragraphs)
    for text in GENERAL:
        assert text in printed
        assert text in written
    assert "地区生产总值按现价计算" in printed  # the called notes are still notes, printed at the end


def test_a_numbered_list_no_marker_calls_is_still_text() -> None:
    """Unchanged: numbered paragraphs at the end that nothing calls are no notes section at all."""
    raw = BULLETIN.replace("[1]8756", "8756").replace("工业[2]", "工业")
    markdown = _imported(raw)
    assert "::: notes" not in markdown and "[^" not in markdown
    assert "\\[1\\]地区生产总值" in markdown and "\\[4\\]资料来源" in markdown


WRAPPED_ARTICLES = "\n".join([
    "第一章　总则",
    "第一条　为了规范公共数据资源开发利用活动，保障数据安全，促进",
    "数字经济高质量发展，制定本条例。",
    "第二条　公共管理和服务机构应当编制本机构公共数据资源目录，并",
    "实行动态更新，明确数据名称来源更新频率和共享开放属性等要素。",
    "第三条　公共管理和服务机构应当建立数据质量管理制度，对收集、",
    "产生的公共数据进行校核。",
    "第四条　本条例自2026年1月1日起施行。",
])


def test_an_article_that_ends_a_full_line_does_not_take_the_next_one_in() -> None:
    lines = WRAPPED_ARTICLES.splitlines()
    assert len(lines[4]) == len(lines[3])  # the second article ends a full line with its 。
    markdown = _imported("某市公共数据条例\n\n" + WRAPPED_ARTICLES + "\n")
    document = read_text(markdown, "regulation.md")
    articles = [plain_text(block.inlines) for block in document.blocks if isinstance(block, Paragraph)
                and plain_text(block.inlines).startswith("第") and "条" in plain_text(block.inlines)[:4]]
    assert [text[:3] for text in articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert articles[1].endswith("等要素。")


@pytest.mark.parametrize(("text", "starts"), [
    ("第六条　公共管理和服务机构应当", True), ("第十二条 本条例自公布之日起施行", True), ("第三条之一　为了", True),
    ("第六条规定的程序，编制本部门公共数据", False), ("第六条、第七条的规定", False),
])
def test_only_an_article_opening_its_line_starts_a_paragraph(text: str, starts: bool) -> None:
    assert starts_paragraph(Line(1, text)) is starts


SUB_ROWS = """表2　2025年主要工业产品产量

产品名称    单位      产量      增长
发电量      亿千瓦时  412.6     4.3
钢材        万吨      865.2     -2.1
汽车        万辆       68.4      8.6
  其中：新能源汽车 万辆     23.6     38.5
集成电路        亿块       56.8     21.2

全年规模以上工业增加值增长。
"""


def test_a_sub_item_row_stays_a_row_of_its_table() -> None:
    document = read_text(_imported(SUB_ROWS), "table.md")
    (table,) = [block for block in document.blocks if isinstance(block, Table)]
    rows = [[plain_text(cell) for cell in row] for row in (*table.head, *table.body)]
    assert ["其中：新能源汽车", "万辆", "23.6", "38.5"] in rows
    assert ["集成电路", "亿块", "56.8", "21.2"] in rows
    paragraphs = [plain_text(block.inlines) for block in document.blocks if isinstance(block, Paragraph)]
    assert not any("亿块" in text for text in paragraphs)


def test_a_row_that_fits_its_columns_is_not_split_at_its_spaces() -> None:
    raw = SUB_ROWS.replace("  其中：新能源汽车 万辆     23.6     38.5", "Type A      万辆       23.6     38.5")
    document = read_text(_imported(raw), "table.md")
    (table,) = [block for block in document.blocks if isinstance(block, Table)]
    assert ["Type A", "万辆", "23.6", "38.5"] in [[plain_text(cell) for cell in row] for row in table.body]


LETTER = """致全国科技工作者的贺信

值此第九个“全国科技工作者日”到来之际，我代表党中央、国务院，向全国广大科技工作者致以节日的祝贺和诚挚的问候！

科技是第一生产力、人才是第一资源、创新是第一动力。近年来，广大科技工作者胸怀祖国、服务人民，勇攀科学高峰，在载人航天、探月探火、深海深地探测等领域取得一批重大成果，为建设科技强国作出了重要贡献。

希望广大科技工作者继续弘扬科学家精神，勇于挑战最前沿的科学问题，努力实现更多“从0到1”的突破。

中共中央

国务院

2025年5月30日
"""


def test_a_letter_has_its_title_no_leads_and_its_joint_signoff() -> None:
    markdown = _imported(LETTER)
    document = read_text(markdown, "letter.md")
    assert document.meta.title == "致全国科技工作者的贺信"
    assert "**" not in markdown  # no headings, so no sub-points to lead
    assert "::: signoff\n中共中央\n国务院\n2025年5月30日\n:::" in markdown


@pytest.mark.parametrize("title", ["致全市广大教师的慰问信", "给某市青年志愿者的回信", "致全体市民的倡议书"])
def test_letters_of_each_kind_are_titles(title: str) -> None:
    assert read_text(_imported(LETTER.replace("致全国科技工作者的贺信", title)), "letter.md").meta.title == title


def test_a_text_with_headings_keeps_its_leads() -> None:
    raw = LETTER.replace("科技是第一生产力", "一、总体要求\n\n加强基础研究。近年来，科技是第一生产力")
    raw = raw.replace("希望广大科技工作者", "推进成果转化。希望广大科技工作者")
    markdown = _imported(raw)
    assert "**加强基础研究。**" in markdown


DECREE = """中华人民共和国国务院令

第812号

《某某数据条例》已经2025年10月15日国务院第68次常务会议通过，现予公布，自2026年1月1日起施行。

总理　李强

2025年10月28日

某某数据条例

第一章　总则

第一条　为了规范有关活动，保障数据安全，保护个人信息权益，促进数字经济高质量发展，根据有关法律，制定本条例。

第二章　附则

第二条　本条例自2026年1月1日起施行。本条例所称公共数据，是指各级行政机关在依法履行职责过程中收集、产生的数据。
"""


def test_a_decree_is_the_label_the_regulation_the_title_its_signer_a_signoff() -> None:
    markdown = _imported(DECREE)
    document = read_text(markdown, "decree.md")
    assert document.meta.title == "某某数据条例"
    assert document.meta.label == "中华人民共和国国务院令\u3000第812号"
    assert not document.meta.author
    promulgation = "《某某数据条例》已经2025年10月15日国务院第68次常务会议通过，现予公布，自2026年1月1日起施行。"
    first, signed = document.blocks[:2]  # in the decree's order, before the chapters
    assert isinstance(first, Paragraph) and plain_text(first.inlines) == promulgation
    assert isinstance(signed, SignOff) and [plain_text(line) for line in signed.lines] == ["总理\u3000李强",
                                                                                          "2025年10月28日"]
    assert markdown.index("2025年10月28日\n:::") < markdown.index("# 第一章")


def test_a_line_ending_in_ling_without_a_number_is_no_decree() -> None:
    raw = DECREE.replace("第812号\n\n", "")
    markdown = _imported(raw)
    assert "label: 中华人民共和国国务院令" not in markdown


def test_a_decree_prints_its_signoff_before_the_regulation_in_both_outputs(tmp_path: Path) -> None:
    source = tmp_path / "decree.md"
    source.write_text(_imported(DECREE), encoding="utf-8")
    outputs = build(source, out_dir=tmp_path / "out", project=tmp_path).outputs
    printed = body_text(outputs["pdf"])
    written = "".join(paragraph.text for paragraph in docx.Document(str(outputs["docx"])).paragraphs)
    for text in (printed, written):
        at = text.index("现予公布")  # the cover, before it, prints the date too
        for part in ("李强", "2025年10月28日", "第一章", "第一条"):
            at = text.index(part, at)  # each after the one before
