"""The reader builds the model of DESIGN §4 from a source that uses every construct, and from the sample."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reportpress.model import (
    FootnoteRef,
    Glossary,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Salutation,
    Strong,
    TermRef,
    Text,
    plain_text,
)
from reportpress.reader import read_source, read_text
from reportpress.walk import iter_block_inlines

DATA = Path(__file__).parents[1] / "data" / "sources"


@pytest.fixture(scope="module")
def document():  # type: ignore[no-untyped-def]
    logging.getLogger("reportpress").setLevel(logging.ERROR)  # the unused entry's warning is tested below
    try:
        return read_source(DATA / "every-construct.md")
    finally:
        logging.getLogger("reportpress").setLevel(logging.NOTSET)


def test_front_matter(document) -> None:  # type: ignore[no-untyped-def]
    meta = document.meta
    assert (meta.title, meta.subtitle, meta.author, meta.organization) == (
        "测试报告", "——在测试会议上", "测试区区长　张三", "测试区人民政府")
    assert meta.date == "2021-02-03"
    assert meta.keywords == ("测试", "报告")
    assert meta.lang == "zh-CN" and meta.layout == "gov-report"
    assert dict(meta.extra) == {"audience": "内部"}


def test_headings_keep_numbering_levels_and_lines(document) -> None:  # type: ignore[no-untyped-def]
    headings = [block for block in document.blocks if isinstance(block, Heading)]
    assert [(h.level, plain_text(h.inlines), h.pos.line) for h in headings] == [
        (1, "一、第一级标题", 14), (2, "（一）第二级标题", 18), (3, "1. 第三级标题", 24), (4, "（1）第四级标题", 29)]
    assert len({h.id for h in headings}) == 4


def test_lead_sentence_is_split_from_the_paragraph(document) -> None:  # type: ignore[no-untyped-def]
    paragraph = document.blocks[2]
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.lead) == "开篇引语。"
    assert plain_text(paragraph.inlines).startswith("这是正文")
    assert paragraph.pos.line == 16


def test_bold_that_is_not_a_sentence_is_no_lead() -> None:
    paragraph = read_text("**加粗**的词。\n").blocks[0]
    assert isinstance(paragraph, Paragraph) and paragraph.lead == ()
    assert isinstance(paragraph.inlines[0], Strong)


def test_soft_breaks_vanish_between_cjk_and_become_spaces_elsewhere(document) -> None:  # type: ignore[no-untyped-def]
    paragraph = next(b for b in document.blocks if isinstance(b, Paragraph) and "跨行" in plain_text(b.inlines))
    assert "还有一句跨行的中文，和 mixed English words 与数字2020年。" in plain_text(paragraph.inlines)


def test_explicit_reference_is_the_anchor_and_keeps_its_quotes(document) -> None:  # type: ignore[no-untyped-def]
    refs = [node for block in document.blocks for node in iter_block_inlines(block) if isinstance(node, TermRef)]
    first = refs[0]
    assert (first.term_id, plain_text(first.inlines), first.anchor) == ("合议核准制", "“合议核准制”", True)
    # the later plain mention is not linked again
    assert [ref.term_id for ref in refs].count("合议核准制") == 1


def test_first_plain_use_is_linked_automatically(document) -> None:  # type: ignore[no-untyped-def]
    refs = {node.term_id: node for block in document.blocks for node in iter_block_inlines(block)
            if isinstance(node, TermRef)}
    assert refs["一楼一次办"].anchor and plain_text(refs["一楼一次办"].inlines) == "一楼一次办"


def test_glossary_in_endnote_order_with_unused_entry_last(document) -> None:  # type: ignore[no-untyped-def]
    assert [(entry.id, entry.anchored) for entry in document.glossary] == [
        ("合议核准制", True), ("一楼一次办", True), ("zutuan", False)]
    assert plain_text(document.glossary[2].term) == "三个组团"
    assert document.endnote_number("一楼一次办") == 2
    glossary = [block for block in document.blocks if isinstance(block, Glossary)]
    assert len(glossary) == 1 and glossary[0].title == "用语解释"


def test_footnotes_lists_and_quotes(document) -> None:  # type: ignore[no-untyped-def]
    assert [(note.id, plain_text(note.blocks[0].inlines)) for note in document.footnotes] == [
        ("one", "这是第一个脚注。"), ("two", "这是第二个脚注，在列表里。")]
    lists = [block for block in document.blocks if isinstance(block, ListBlock)]
    assert [(len(b.items), b.ordered) for b in lists] == [(2, False), (2, True)]
    calls = [node.id for block in document.blocks for node in iter_block_inlines(block)
             if isinstance(node, FootnoteRef)]
    assert calls == ["one", "two"]
    assert any(isinstance(block, Quote) for block in document.blocks)


@pytest.mark.warns
def test_unused_glossary_entry_is_a_warning(warnings_logged) -> None:  # type: ignore[no-untyped-def]
    read_source(DATA / "every-construct.md")
    assert [record.getMessage() for record in warnings_logged] == [
        f"{DATA / 'every-construct.md'}:47: glossary entry 'zutuan' is never used in the body; it gets no endnote call"]


def test_raw_html_stays_text() -> None:
    paragraph = read_text("甲<script>alert(1)</script>乙\n").blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inlines == (Text(text="甲<script>alert(1)</script>乙", pos=paragraph.pos),)


def test_sample_source(shared: Path) -> None:
    sample = Path(__file__).parents[2] / "source" / "hongkou-2020.md"
    document = read_source(sample)
    headings = [block for block in document.blocks if isinstance(block, Heading)]
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    assert [h.level for h in headings].count(1) == 3 and [h.level for h in headings].count(2) == 16
    assert len(paragraphs) == 63
    assert isinstance(document.blocks[0], Salutation)  # 各位代表：
    assert len(document.glossary) == 13 and all(entry.anchored for entry in document.glossary)
    assert document.meta.glossary_title == "《政府工作报告》用语解释"


def test_table_cells_that_lose_no_text_are_accepted() -> None:
    # an escaped pipe stays in its cell, a short row is filled, a trailing empty cell holds nothing
    doc = read_text("| 甲 | 乙 |\n|---|---|\n| a\\|b | 丙 |\n| 一 |\n| 1 | 2 | |\n")
    (table,) = doc.blocks
    assert [[plain_text(cell) for cell in row] for row in table.body] == [["a|b", "丙"], ["一", ""], ["1", "2"]]


def test_a_front_matter_value_error_names_its_key_line_as_meta_lines_does() -> None:
    from reportpress.errors import SourceError

    source = "---\ntitle: 报告\nsubtitle: 副\ndate: 2020-02-30\n---\n\n正文。\n"
    good = read_text(source.replace("2020-02-30", "2020-02-28"))
    with pytest.raises(SourceError) as raised:
        read_text(source)
    assert raised.value.pos is not None and raised.value.pos.line == good.meta.lines["date"] == 4
