"""Scrape damage (issue 11 item 8), on a report of our own making (tests/data/importer/scrape-damage.txt): a
number or a word split over lines by inline spans (`PM` / `2.5` / `）平均浓度…`, `完成投资1` / `2.3亿元`, `5` /
`G基站`), a heading whose `一` was lost, a `（一）` lead whose `（` was lost, paragraphs opening with a mark or
with a particle, and English lines that must stay apart."""

from __future__ import annotations

from reportpress.importer import import_text
from reportpress.importer.blocks import Line
from reportpress.importer.damage import broken_between, is_fragment, rejoin_breaks
from reportpress.importer.noise import drop_noise
from reportpress.model import Heading, Paragraph, plain_text
from reportpress.reader import read_text

from .conftest import DATA


def imported() -> tuple[str, object, object]:
    result = import_text((DATA / "scrape-damage.txt").read_bytes())
    return result.markdown, read_text(result.markdown, "damage.md"), result.report


def paragraph_texts(document: object) -> list[str]:
    return [plain_text(block.lead) + plain_text(block.inlines)
            for block in document.blocks if isinstance(block, Paragraph)]  # type: ignore[attr-defined]


def test_numbers_and_words_broken_over_lines_are_rejoined() -> None:
    _, document, report = imported()
    texts = paragraph_texts(document)
    assert "过去一年，全县地区生产总值完成投资12.3亿元，增长6.5%。空气中细颗粒物（PM2.5）平均浓度下降8%，" \
           "优良天数比例达到90%。" in texts
    assert "今年将建成5G基站1200个，推进数字乡村建设。" in texts
    # English lines meet at a word space: never glued
    assert "Report on the Work of the Government 2031" in texts
    assert "Delivered at the Third Session of the Fifth County People's Congress" in texts
    joins = [d for d in report.decisions if d.kind == "line break"]  # type: ignore[attr-defined]
    assert [d.lines for d in joins] == [(6, 7, 8, 9), (14, 15, 16)]
    assert [d.confidence for d in joins] == [0.75, 0.55]  # the second rests on a bare `5`: maybe a folio


def test_a_heading_that_lost_its_numeral_gets_it_back_and_is_flagged() -> None:
    _, document, report = imported()
    headings = [(block.level, plain_text(block.inlines))
                for block in document.blocks if isinstance(block, Heading)]  # type: ignore[attr-defined]
    assert headings == [(1, "一、2030年工作回顾"), (1, "二、2031年主要任务")]
    leads = [plain_text(block.lead) for block in document.blocks  # type: ignore[attr-defined]
             if isinstance(block, Paragraph) and block.lead]
    assert "（一）生态环境持续改善。" in leads
    lost = {d.lines[0]: d for d in report.decisions if d.kind == "lost character"}  # type: ignore[attr-defined]
    assert sorted(lost) == [5, 10, 11, 12]
    assert "restored" in lost[5].what and "restored" in lost[10].what
    # what cannot be restored is flagged, and listed before the sure decisions
    assert lost[11].confidence < 0.5 and lost[12].confidence < 0.5
    assert report.doubtful_first[0].kind == "lost character"  # type: ignore[attr-defined]


def test_fragments_and_protected_lines() -> None:
    assert is_fragment("2.5") and is_fragment("PM") and is_fragment("CO2")
    assert is_fragment("1") and not is_fragment("-") and not is_fragment("增长")
    # an appendix label, a numbered heading or a date is never continued by the next line's number
    assert not broken_between("附件1", "2031年重点民生实事", blank_between=False)
    assert not broken_between("三、重点项目2", "2031年安排", blank_between=False)
    assert not broken_between("2031年1月", "8日", blank_between=False)
    # a sentence end ends it; a blank line ends it unless a fragment is in between
    assert not broken_between("增长6.5%。", "2.3亿元", blank_between=False)
    assert not broken_between("完成投资1", "2.3亿元", blank_between=True)
    assert broken_between("细颗粒物（PM", "2.5", blank_between=True)
    lines, decisions = rejoin_breaks([Line(1, "　　投资1"), Line(2, "　　2.3亿元。")])
    assert [line.text for line in lines] == ["　　投资1", "　　2.3亿元。"] and not decisions


def test_an_unbroken_report_is_left_as_it_is() -> None:
    raw = "各位代表：\n一、工作回顾\n全年完成投资12.3亿元。\n2031年，我们将建成5G基站。\n".encode()
    result = import_text(raw)
    assert not [d for d in result.report.decisions if d.kind in ("line break", "lost character")]


def test_a_bare_number_is_a_folio_unless_it_splits_a_number() -> None:
    def kept(*texts: str) -> list[str]:
        lines, _ = drop_noise([Line(number, text) for number, text in enumerate(texts, 1)])
        return [line.text for line in lines]

    assert kept("完成投资", "1", "2.3亿元。") == ["完成投资", "1", "2.3亿元。"]
    # between pages (blank lines), after a sentence end, or before Han text: a folio
    assert kept("完成投资", "", "1", "", "2.3亿元。") == ["完成投资", "2.3亿元。"]
    assert kept("完成投资。", "1", "2.3亿元。") == ["完成投资。", "2.3亿元。"]
    assert kept("完成投资", "1", "亿元。") == ["完成投资", "亿元。"]
