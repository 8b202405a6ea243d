"""glossary.py: the glossary section found, its entries read in every style, ids per DESIGN §3."""

from __future__ import annotations

from reportpress.importer.blocks import Line
from reportpress.importer.glossary import default_term_id, read_glossary, term_id


def lines_of(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def test_term_ids() -> None:
    assert default_term_id("“合议核准制”") == "合议核准制"
    assert default_term_id("3个“3”服务") == "3个“3”服务"
    assert term_id("“虹口·市一”“虹口·岳阳”两个医疗联合体") == ("“虹口·市一”“虹口·岳阳”两个医疗联合体", False)
    assert term_id("“两个免于提交”和“两个转变”") == ("两个免于提交和两个转变", True)


def test_numbered_entries_read_in_sequence() -> None:
    body, title, entries, leftovers, dropped = read_glossary(lines_of(
        "正文。", "附件", "《政府工作报告》用语解释",
        "1.“合议核准制”：是指由市场监管部门牵头。",
        "2.“一楼一次办”：是指开业过程中集中受理。",
        "3.“三个组团”：是指三种组团。",
        "4.“1+3+X+1”责任体系：“1”是指区旧改指挥部。",
        "5.3个“3”服务：是指3岁以下幼儿托育服务。",
        "这一句接着上一条的定义。",
    ))
    assert [line.text for line in body] == ["正文。"]
    assert title == "《政府工作报告》用语解释"
    assert [(entry.term, entry.definition) for entry in entries] == [
        ("“合议核准制”", "是指由市场监管部门牵头。"),
        ("“一楼一次办”", "是指开业过程中集中受理。"),
        ("“三个组团”", "是指三种组团。"),
        ("“1+3+X+1”责任体系", "“1”是指区旧改指挥部。"),
        ("3个“3”服务", "是指3岁以下幼儿托育服务。这一句接着上一条的定义。"),  # entry 5, not 5.3
    ]
    assert [item.text for item in dropped] == ["附件"]
    assert leftovers == []


def test_fullwidth_numbers_with_a_comma_like_mark() -> None:
    _, title, entries, _, _ = read_glossary(lines_of("正文。", "附注：", "1、“三网”融合：是指电信网、广播电视网。",
                                                     "2、云计算：是基于互联网的服务。"))
    assert title == "附注"
    assert [entry.id for entry in entries] == ["“三网”融合", "云计算"]


def test_term_and_definition_on_separate_lines() -> None:
    _, _, entries, _, _ = read_glossary(lines_of("正文。", "名词解释", "合议核准制", "是指由市场监管部门牵头。",
                                                 "“一楼一次办”", "是指在大型综合商业体的开业过程中。"))
    assert [(entry.term, entry.id) for entry in entries] == [
        ("合议核准制", "合议核准制"), ("“一楼一次办”", "一楼一次办"),
    ]


def test_entries_keyed_by_page() -> None:
    _, _, entries, _, _ = read_glossary(lines_of("正文。", "名词解释", "第3页 “合议核准制”：是指牵头。",
                                                 "P12 “一楼一次办”：是指开业。", "P2P网络借贷：是指个人对个人的借贷。"))
    assert [(entry.term, entry.page) for entry in entries] == [
        ("“合议核准制”", "3"), ("“一楼一次办”", "12"), ("P2P网络借贷", ""),
    ]


def test_duplicate_and_unsafe_ids() -> None:
    _, _, entries, _, _ = read_glossary(lines_of("正文。", "名词解释", "1.甲：一。", "2.甲：二。", "3.a{b}：三。"))
    assert [(entry.id, entry.explicit_id) for entry in entries] == [("甲", False), ("甲-2", True), ("ab", True)]


def test_no_glossary() -> None:
    paragraphs = lines_of("正文。", "更多正文。")
    assert read_glossary(paragraphs) == (paragraphs, "", [], [], [])
