"""terms.py: each glossary term referenced once, at its first use, in the most faithful form."""

from __future__ import annotations

from reportpress.importer.blocks import Block
from reportpress.importer.glossary import GlossaryEntry, term_id
from reportpress.importer.terms import link_terms, term_forms


def entry(term: str) -> GlossaryEntry:
    entry_id, explicit = term_id(term)
    return GlossaryEntry(term, "定义。", entry_id, explicit, 1)


def paragraph(text: str, lead: str = "") -> Block:
    return Block("paragraph", text, 1, lead=lead)


def test_term_forms() -> None:
    assert term_forms("“合议核准制”") == ["“合议核准制”", "合议核准制"]
    assert term_forms("“三大高地”“五大战略”") == ["“三大高地”“五大战略”", "三大高地五大战略", "“三大高地”"]
    assert term_forms("2026年10件民生实事") == ["2026年10件民生实事", "10件民生实事"]


def test_exact_form_wins_over_an_earlier_partial_use() -> None:
    blocks = [paragraph("率先实施“一证多址”“一照多址”等改革。"), paragraph("实行“一证多址”2.0版。")]
    linked = link_terms(blocks, [entry("“一证多址”2.0版")])
    assert linked == {"“一证多址”2.0版": 1}
    assert blocks[0].spans == []
    assert blocks[1].spans == [("text", 2, 12, "[", "]{.term}")]


def test_quotes_around_an_unquoted_term_are_taken_in() -> None:
    blocks = [paragraph("动实施“学前教育三年行动计划”，")]
    link_terms(blocks, [entry("学前教育三年行动计划")])
    assert blocks[0].spans == [("text", 3, 15, "[", "]{.term}")]


def test_ref_when_shown_text_differs() -> None:
    blocks = [paragraph("推动三网融合取得实质性进展。")]
    link_terms(blocks, [entry("“三网”融合")])
    assert blocks[0].spans == [("text", 2, 6, "[", ']{.term ref="“三网”融合"}')]


def test_headings_are_not_searched_and_spans_do_not_overlap() -> None:
    blocks = [Block("heading", "（一）提升“一网通办”能级", 1, level=2), paragraph("实现“两个免于提交”和“两个转变”。")]
    linked = link_terms(blocks, [entry("“两个免于提交”和“两个转变”"), entry("“两个转变”")])
    assert linked == {"两个免于提交和两个转变": 1, "两个转变": None}
    assert blocks[0].spans == []


def test_a_term_in_a_lead() -> None:
    blocks = [paragraph("全面推进。", lead="抓好城市运行“一网统管”。")]
    link_terms(blocks, [entry("“一网统管”")])
    assert blocks[0].spans == [("lead", 6, 12, "[", "]{.term}")]
