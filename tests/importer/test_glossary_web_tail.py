"""Web noise inside and after a glossary (issue 11 item 6), on a page of our own making
(tests/data/importer/glossary-web-tail.txt): entries split over lines by inline spans (a number alone, a
term alone with its colon on the next line, a term cut inside its quotes, a definition cut before a comma);
then the page's furniture (责任编辑, 分享到, 上一篇/下一篇, a hex id, 打印本页, 关闭窗口), a related-article
list, and the title and opening repeated at the end. The entries come out whole and nothing after them
joins the glossary; every dropped line is in the report."""

from __future__ import annotations

from reportpress.importer import import_text
from reportpress.importer.blocks import Line
from reportpress.importer.glossary import mend_entry_lines
from reportpress.importer.noise import classify_noise
from reportpress.model import Glossary, Paragraph, plain_text
from reportpress.reader import read_text

from .conftest import DATA


def imported() -> tuple[object, object]:
    result = import_text((DATA / "glossary-web-tail.txt").read_bytes())
    return read_text(result.markdown, "web.md"), result.report


def test_entries_split_by_inline_spans_are_whole() -> None:
    document, report = imported()
    assert len([block for block in document.blocks if isinstance(block, Glossary)]) == 1  # type: ignore[attr-defined]
    entries = [(plain_text(entry.term), "".join(plain_text(block.inlines) for block in entry.definition))
               for entry in document.glossary]  # type: ignore[attr-defined]
    assert entries == [
        ("“一网通办”", "是指政务服务事项一个网络平台办理，企业和群众办事只进一扇门。"),
        ("“放管服”", "是指简政放权、放管结合、优化服务。"),
        ("“数字乡村”", "是指把网络化、信息化和数字化技术，应用到农业农村经济社会发展中。"),
        ("“15分钟生活圈”", "是指居民步行15分钟内可满足日常生活需要的社区服务圈。"),
    ]
    assert not [d for d in report.decisions if d.kind == "glossary" and d.confidence < 0.5]  # type: ignore[attr-defined]


def test_page_furniture_related_articles_and_repeats_are_dropped_and_listed() -> None:
    document, report = imported()
    texts = [plain_text(block.inlines) for block in document.blocks  # type: ignore[attr-defined]
             if isinstance(block, Paragraph)]
    assert texts[-1] == "各位代表，让我们携手奋进，为建设美好家园而努力奋斗！"
    dropped = {item.number: item.reason for item in report.dropped}  # type: ignore[attr-defined]
    assert sorted(dropped) == list(range(20, 32))
    assert dropped[22] == dropped[23] == "web page navigation"
    assert dropped[24] == "hex id"
    assert dropped[27] == "the title repeated at the page end"
    assert dropped[28] == "the opening repeated at the page end"
    assert dropped[29] == dropped[30] == dropped[31] == "web page tail (related articles)"


def test_furniture_lines() -> None:
    for text, reason in (("上一篇：某某市召开2031年经济工作会议", "web page navigation"),
                         ("下一篇:某某区举行会议", "web page navigation"),
                         ("分享到：微信 微博 QQ空间", "web toolbar"),
                         ("8f3a2c1e9b7d4a60e5f1c2d3b4a59687", "hex id"),
                         ("ID：5f2b9c0a-1d3e-4f5a-8b6c-7d8e9f0a1b2c", "hex id"),
                         ("索引号：11510000MB1234567X/2031-00012", "web byline")):
        assert classify_noise(text) == reason, text
    # a number with letters in a sentence, a short English word, a year: report text
    for text in ("全市新建5G基站1200个。", "deadbeef", "2031", "GDP增长6.5%。"):
        assert classify_noise(text) in (None, "page folio"), text


def test_mend_entry_lines() -> None:
    lines = [Line(1, "1."), Line(2, "“甲”"), Line(3, "：是指甲。"), Line(4, "2.“乙"), Line(5, "丙”：是指乙丙"),
             Line(6, "，也指丙。"), Line(7, "“丁”"), Line(8, "是指丁。")]
    # the term-on-its-own-line style (`“丁”` / `是指丁。`) is an entry shape, not a split: kept apart
    assert [line.text for line in mend_entry_lines(lines)] == [
        "1.“甲”：是指甲。", "2.“乙丙”：是指乙丙，也指丙。", "“丁”", "是指丁。"]
