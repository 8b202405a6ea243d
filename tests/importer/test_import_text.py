"""End to end: raw bytes → source Markdown, on the Hongkou sample, its variants and the dev corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportpress.errors import OutputError, SourceError
from reportpress.importer import format_report, import_text, write_import

from .conftest import data_file, shared_sample
from .variants import full_width_digits, one_paragraph_a_line, pdf_extraction


def test_hongkou_raw_reproduces_the_sample_source(hongkou_raw: bytes, hongkou_source: str) -> None:
    result = import_text(hongkou_raw)
    assert result.markdown == hongkou_source


def test_hongkou_report(hongkou_raw: bytes) -> None:
    report = import_text(hongkou_raw).report
    assert report.encoding == "utf-8"
    assert report.title == "2020年上海市虹口区政府工作报告"
    assert {level: len(texts) for level, texts in report.headings.items()} == {1: 3, 2: 16}
    assert report.paragraphs == 63  # and the salutation 各位代表：
    assert report.leads == 36
    assert len(report.glossary_entries) == 13
    assert report.glossary_entries[4] == "3个“3”服务"
    assert len(report.linked_terms) == 13
    assert report.unlinked_terms == ()
    assert [(item.number, item.text) for item in report.dropped] == [
        (1, "本帖最后由 123 于 2020-7-6 10:12 编辑"),
        (5, "|"),
    ]
    text = format_report(report)
    assert "本帖最后由 123 于 2020-7-6 10:12 编辑" in text
    assert "headings, level 2: 16" in text


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("one paragraph a line", lambda text: one_paragraph_a_line(text).encode("utf-8")),
        ("PDF extraction, hard-wrapped, folios", lambda text: pdf_extraction(text).encode("utf-8")),
        ("GB18030 with CRLF", lambda text: text.replace("\n", "\r\n").encode("gb18030")),
        ("GBK, hard-wrapped", lambda text: pdf_extraction(text).encode("gbk")),
        ("UTF-8 with BOM", lambda text: text.encode("utf-8-sig")),
        ("UTF-16 with BOM", lambda text: text.encode("utf-16")),
        ("UTF-16-LE without BOM", lambda text: text.encode("utf-16-le")),
        ("full-width digits and letters", lambda text: full_width_digits(text).encode("utf-8")),
    ],
)
def test_variants_of_the_sample_import_the_same(
    name: str, encode: object, hongkou_raw: bytes, hongkou_source: str
) -> None:
    assert callable(encode)
    raw = encode(hongkou_raw.decode("utf-8"))
    assert import_text(raw).markdown == hongkou_source, name


def test_pdf_extraction_reports_its_folios_and_running_heads(hongkou_raw: bytes) -> None:
    report = import_text(pdf_extraction(hongkou_raw.decode("utf-8")).encode("utf-8")).report
    reasons = {item.reason for item in report.dropped}
    assert reasons == {"page folio", "running head"}
    assert sum(1 for item in report.dropped if item.reason == "page folio") >= 20


def body_blocks(markdown: str) -> list[str]:
    body = markdown.split("\n---\n", 1)[1].split("\n::: glossary\n", 1)[0]
    return [block for block in body.strip().split("\n\n") if block]


def glossary_terms(markdown: str) -> list[str]:
    if "\n::: glossary\n" not in markdown:
        return []
    glossary = markdown.split("\n::: glossary\n", 1)[1]
    return [line for line in glossary.splitlines() if line and not line.startswith((": ", ":::"))]


def test_jiangxi_2026_web_page() -> None:
    result = import_text(shared_sample("dev/jiangxi-2026-web.txt"))
    report, markdown = result.report, result.markdown
    assert report.title == "2026年江西省政府工作报告"
    assert "subtitle: ——2026年1月27日在江西省第十四届人民代表大会第四次会议上\n" in markdown
    assert "author: 省长　叶建春\n" in markdown
    assert "organization: 江西省人民政府\n" in markdown
    assert "date: 2026-01-27\n" in markdown
    assert report.headings[1] == ("一、2025年工作及“十四五”时期发展回顾", "二、“十五五”时期发展的主要考虑",
                                  "三、2026年工作安排")
    assert 2 not in report.headings  # its （一）… are run-in leads of paragraphs, not headings
    assert len(report.numbered_leads) == 12
    assert "numbered run-in leads, kept in their paragraphs: 12" in format_report(report)
    assert "**（一）聚焦服务和融入构建新发展格局，充分挖掘释放内需潜力。**坚持" in markdown
    assert len(report.glossary_entries) == 26
    assert report.glossary_title == "《政府工作报告》有关内容名词注释"
    assert report.glossary_entries[19] == "2026年10件民生实事"  # entry 20 reads `20.2026年10件…`
    assert report.glossary_entries[20] == "5+2就业之家"
    assert len(report.linked_terms) == 26
    dropped = {item.text for item in report.dropped}
    assert {"下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "来源：江西日报",
            "时间：2026-02-05", "相关报道："} <= dropped
    assert any(text.endswith("林 君摄") for text in dropped)
    assert body_blocks(markdown)[0] == "::: salutation\n各位代表：\n:::"
    # the glossary stands in the appendix `附件` (not the automatic 附件1), which closes the file
    assert markdown.endswith("\n:::\n::::\n")
    assert '\n:::: {.appendix label="附件"}\n::: glossary\n' in markdown


def test_state_council_2012_gb18030() -> None:
    result = import_text(shared_sample("dev/state-council-2012-gb18030.txt"))
    report, markdown = result.report, result.markdown
    assert report.encoding == "gb18030"
    assert report.title == "政府工作报告"
    assert "organization: 国务院\n" in markdown
    assert "author: 国务院总理　温家宝\n" in markdown
    assert "date: 2012-03-05\n" in markdown
    assert [(item.text, item.reason) for item in report.dropped] == [
        ("2012年国务院政府工作报告", "headline before the title")
    ]
    assert len(report.headings[1]) == 3
    assert report.headings[2][0] == "（一）促进经济平稳较快发展"
    assert len(report.headings[2]) == 9
    assert "\n\n**（一）加强和改善宏观调控，遏制物价过快上涨，实现经济平稳较快发展。**" in markdown
    assert report.glossary_title == "附注"
    assert len(report.glossary_entries) == 9
    assert report.glossary_entries[0] == "“三网”融合"
    assert report.unlinked_terms == ("服务业营业税改征增值税",)  # the body says 营业税改征增值税
    assert body_blocks(markdown).count("各位代表！") == 5


def test_hailar_2015_gb18030_crlf() -> None:
    result = import_text(shared_sample("dev/hailar-2015-gb18030-crlf.txt"))
    report, markdown = result.report, result.markdown
    assert report.encoding == "gb18030"
    assert report.title == "政府工作报告"  # letter-spaced `政 府 工 作 报 告` in the raw text
    assert "subtitle: ——2015年2月5日在海拉尔区第十四届人民代表大会第四次会议上\n" in markdown
    assert "author: 海拉尔区人民政府区长　杜联合\n" in markdown
    assert "organization: 海拉尔区人民政府\n" in markdown
    assert report.headings[1] == ("一、2014年工作回顾", "二、2015年工作安排")
    assert len(report.headings[2]) == 15
    assert report.glossary_entries == ()
    assert "\r" not in markdown and "\u3000\u3000" not in markdown
    assert "**抓好投资、融资工作。**当前" in markdown
    assert "新常态下对政府工作提出了新的更高要求。我们要" in markdown  # an opening, not a lead
    assert "增长9.1%；地方财政" in markdown  # `%;` made full-width


def test_wrapped_excerpt_imports_like_its_unwrapped_text() -> None:
    wrapped = import_text(data_file("wrapped-folios.txt"))
    plain = import_text(data_file("excerpt-lines.txt"))
    assert wrapped.markdown == plain.markdown
    assert len([item for item in wrapped.report.dropped if item.reason == "page folio"]) == 4


def test_gbk_crlf_full_width_digits_letter_spaced_title() -> None:
    result = import_text(data_file("gbk-crlf-fullwidth.txt"))
    assert result.report.encoding == "gb18030"
    markdown = result.markdown
    assert "title: 政府工作报告\n" in markdown
    assert "subtitle: ——2020年1月8日在上海市虹口区第十六届人民代表大会第七次会议上\n" in markdown
    assert "organization: 虹口区人民政府\n" in markdown  # from `我代表虹口区人民政府`
    assert "# 一、2019年工作回顾\n" in markdown
    assert "完成117.0亿元，同比增长0.21%。" in markdown
    assert "“2+4+X”" in markdown
    assert not re.search("[０-９]", markdown)


def test_web_noise_is_dropped_and_listed() -> None:
    report = import_text(data_file("web-noise.txt")).report
    assert report.encoding == "utf-8-sig"
    reasons = {item.text: item.reason for item in report.dropped}
    assert reasons["打印本页"] == reasons["关闭窗口"] == "web toolbar"
    assert reasons["|"] == "lone bracket or bar"
    assert reasons["来源：虹口区人民政府网站"] == "web byline"
    assert reasons["胡广杰区长作政府工作报告。记者 王 伟摄"] == "photo caption"
    assert reasons["代表热议政府工作报告"] == "web page tail (related articles)"
    assert report.title == "2020年上海市虹口区政府工作报告"


def test_utf16_with_cr_line_ends() -> None:
    result = import_text(data_file("utf16-cr.txt"))
    assert result.report.encoding == "utf-16"
    assert "## （二）服务发展大局，改革创新蓄势增能\n" in result.markdown


@pytest.mark.parametrize(
    "name",
    [
        "glossary-term-lines.txt",
        "glossary-page-keyed.txt",
        "glossary-fullwidth-numbered-gb18030.txt",
        "glossary-markers.txt",
    ],
)
def test_glossary_styles(name: str) -> None:
    result = import_text(data_file(name))
    assert len(result.report.glossary_entries) == 2
    assert result.report.unlinked_terms == ()
    markdown = result.markdown
    assert "全市首创[“合议核准制”]{.term}，" in markdown
    assert "创新[“一楼一次办”]{.term}组团" in markdown
    assert markdown.endswith(":::\n")
    assert "［" not in markdown


def test_glossary_marker_anchors_the_marked_use_not_the_first() -> None:
    markdown = import_text(data_file("glossary-markers.txt")).markdown
    assert "推广“一楼一次办”，" in markdown  # an earlier, unmarked use stays plain


def test_bracketed_notes_become_footnotes() -> None:
    result = import_text(data_file("notes-bracketed.txt"))
    assert result.report.footnotes == 2
    markdown = result.markdown
    assert "五方面28项主要任务[^1]。" in markdown
    assert "“双减半”“双一百”[^2]目标任务" in markdown
    assert "[^1]: 即《虹口区进一步优化营商环境实施方案》所列五个方面28项任务。" in markdown
    # the raw text collected them at its end under `注释`: end notes, with that title
    assert "\n::: notes\n# 注释\n\n[^1]: " in markdown
    assert markdown.count("注释") == 1


def test_circled_notes_become_footnotes() -> None:
    markdown = import_text(data_file("notes-circled.txt")).markdown
    assert "发扬“三千精神”[^1]，" in markdown
    assert "[^1]: “三千精神”即千方百计、千辛万苦、千家万户。" in markdown


def test_write_import_refuses_to_overwrite(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_bytes(data_file("excerpt-lines.txt"))
    out = tmp_path / "source" / "report.md"
    result = write_import(raw, out)
    assert out.read_text(encoding="utf-8") == result.markdown
    with pytest.raises(OutputError, match="already exists"):
        write_import(raw, out)
    write_import(raw, out, force=True)


def test_write_import_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        write_import(tmp_path / "missing.txt", tmp_path / "out.md")
    raw = tmp_path / "raw.txt"
    raw.write_bytes("政府工作报告".encode("gb18030"))
    with pytest.raises(SourceError, match="unknown encoding"):
        write_import(raw, tmp_path / "out.md", encoding="no-such-codec")
    with pytest.raises(SourceError, match="not valid utf-8"):
        write_import(raw, tmp_path / "out.md", encoding="utf-8")
    assert not (tmp_path / "out.md").exists()
