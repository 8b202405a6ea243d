"""typeset/balance.py: titles and headings break between phrases, not inside a noun compound that the
segmenter cuts in two (issue 12 item 5: `…城市 / 更新…`).

Every text is made for the test. Each case first checks that the compound is two words to the segmenter
(a break inside it is a word boundary `break_candidates` offers, so the rule of words alone allows it),
and that a break inside it gives lines no worse balanced than the ones chosen, so a case cannot pass for
a text where the compound break was never the one to beat."""

from __future__ import annotations

import pytest

from reportpress.layouts import Layout, builtin_layout
from reportpress.typeset import balance
from reportpress.typeset.balance import (
    BOUND,
    HEAD,
    LEXICON,
    PHRASE,
    PLAIN,
    balanced_lines,
    boundary_costs,
    break_candidates,
    char_widths,
    count_characters,
    jieba_dictionary,
    role_measure,
)

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")


@pytest.fixture(scope="module")
def layout() -> Layout:
    return builtin_layout("gov-report")


def costs_at(text: str) -> dict[str, int]:
    """What a break costs at each word boundary of `text`, keyed `left|right` (a few characters each side)."""
    LEXICON.prepare([text])
    return {f"{text[max(0, at - 3):at]}|{text[at:at + 3]}": cost for at, cost in boundary_costs(text).items()}


def inside(text: str, compound: str) -> set[int]:
    """The positions inside `compound` (its first occurrence in `text`)."""
    start = text.index(compound)
    return set(range(start + 1, start + len(compound)))


def widths(lines: list[str]) -> list[float]:
    return [sum(char_widths(line)) for line in lines]


# ------------------------------------------------------------------------------------ the classes


def test_boundaries_between_phrases_and_inside_compounds_are_told_apart() -> None:
    costs = costs_at("青山区推进城市更新和乡村振兴的实施意见")
    assert costs["青山区|推进城"] == PLAIN
    assert costs["区推进|城市更"] == PHRASE  # after a verb, before its object
    assert costs["市更新|和乡村"] == PHRASE  # before a conjunction
    assert costs["更新和|乡村振"] == BOUND  # after one: a line ending on 和 reads as cut off
    assert costs["和乡村|振兴的"] == HEAD  # a noun and a verb: one compound, before its head
    assert costs["村振兴|的实施"] == BOUND  # 的 stays with what it follows
    assert costs["振兴的|实施意"] == PHRASE  # after 的


def test_two_words_that_are_one_in_the_dictionary_are_one_unit() -> None:
    LEXICON.prepare(["城市更新"])
    # 更新 is an adverb to jieba's dictionary (`d`): the parts of speech alone would not see the compound
    assert "城市更新" in LEXICON.words and LEXICON.tags["更新"] == "d"
    assert balance.boundary_cost("城市", "更新") == BOUND
    costs = costs_at("以城市更新为抓手")
    assert costs["以|城市更"] == BOUND and costs["市更新|为抓手"] == PHRASE  # a preposition keeps its object


def test_a_run_of_compound_words_is_broken_before_a_modifier_not_its_head() -> None:
    costs = costs_at("支持民营企业高质量发展")
    assert costs["营企业|高质量"] == BOUND and costs["高质量|发展"] == HEAD
    costs = costs_at("支持青山区推动生态环境保护")
    assert costs["动生态|环境保"] == HEAD  # 生态|环境保护: the segmenter's two words
    assert costs["青山区|推动生"] == PLAIN  # a name and a verb: subject and predicate, not a compound


def test_a_word_the_dictionary_lacks_is_not_broken_between_its_characters() -> None:
    text = "实施老旧小区改造"  # 老旧: no entry, so two single characters
    LEXICON.prepare([text])
    assert "老旧" not in LEXICON.words and boundary_costs(text)[3] >= BOUND


# ------------------------------------------------------------------------------ centred blocks


@pytest.mark.parametrize(("role", "text", "compound"), [
    ("title", "关于支持青山区民营企业高质量发展的若干政策措施", "高质量发展"),
    ("title", "青山区推动制造业高质量发展三年行动计划", "高质量发展"),
    ("title", "青山区关于深入实施城市更新行动的若干措施", "城市更新"),
    ("appendix-title", "青山区城市更新项目和乡村振兴项目资金安排表", "乡村振兴"),
    ("appendix-title", "青山区二〇二五年生态环境保护重点任务清单", "生态环境保护"),
    ("appendix-title", "关于打造一流营商环境助力民营经济发展的意见", "营商环境"),
])
def test_a_centred_title_keeps_a_compound_whole(layout: Layout, role: str, text: str, compound: str) -> None:
    measure = role_measure(layout, role, text)
    lines = balanced_lines(text, role, layout)
    assert "".join(lines) == text and len(lines) == 2
    assert len(lines[0]) not in inside(text, compound)  # the break is outside the compound
    assert min(widths(lines)) >= balance.BALANCED_SHARE * max(widths(lines))  # and balanced
    assert count_characters(lines[-1]) >= balance.SHORTEST_LAST
    # a balanced break inside the compound was there to take: words alone (or the segmenter's long
    # word's two halves) allowed it
    offered = set(break_candidates(text, compounds=True)) & inside(text, compound)
    balanced_inside = [at for at in offered if measure.width >= max(widths([text[:at], text[at:]]))
                       and min(widths([text[:at], text[at:]])) >= balance.BALANCED_SHARE
                       * max(widths([text[:at], text[at:]]))]
    assert balanced_inside


def test_a_title_breaks_inside_a_compound_when_no_other_break_is_balanced(layout: Layout) -> None:
    # every balanced break of this title is inside a run of nouns: it takes one between modifiers
    text = "青山区推动制造业高质量发展三年行动计划"
    lines = balanced_lines(text, "title", layout)
    assert lines == ["青山区推动制造业", "高质量发展三年行动计划"]
    assert boundary_costs(text)[len(lines[0])] == BOUND  # 制造业|高质量: a modifier, not the head


# ------------------------------------------------------------------------------------- headings


@pytest.mark.parametrize(("role", "text", "compound"), [
    ("heading2", "（三）深化改革扩大开放，持续打造市场化法治化营商环境，激发经营主体活力", "营商环境"),
    ("heading2", "（四）深化放管服改革，持续优化营商环境，激发各类经营主体活力", "经营主体"),
    ("heading2", "（五）坚持绿色低碳发展，统筹推进生态环境保护和产业结构调整", "产业结构"),
    ("heading2", "（一）以城市更新为抓手，推动城区功能完善和产业结构优化升级取得新突破", "产业结构优化"),
    ("heading1", "一、坚持稳中求进工作总基调，扎实推进经济社会高质量发展", "经济社会高质量发展"),
])
def test_a_heading_line_ends_before_a_compound_not_inside_it(layout: Layout, role: str, text: str,
                                                              compound: str) -> None:
    measure = role_measure(layout, role, text)
    room = measure.width - measure.indent
    # the fullest first line ends inside the compound: the greedy break the rule replaces
    fullest = max(at for at in break_candidates(text) if sum(char_widths(text[:at])) + at * measure.tracking
                  <= room + 1e-6)
    assert fullest in inside(text, compound)
    lines = balanced_lines(text, role, layout)
    assert "".join(lines) == text and len(lines) == 2
    assert len(lines[0]) not in inside(text, compound)
    first = sum(char_widths(lines[0])) + len(lines[0]) * measure.tracking
    assert first >= (1 - balance.PULL_BACK) * room  # at most a third short
    assert count_characters(lines[-1]) >= balance.SHORTEST_LAST


def test_a_heading_whose_compound_has_no_way_round_still_fills_its_line(layout: Layout) -> None:
    # nothing but nouns from the line's last third on: the heading keeps its greedy, full first line
    text = "（一）坚持推进城区产业结构社区服务体系基层治理体系文化设施网络建设工程进展情况"
    measure = role_measure(layout, "heading2", text)
    lines = balanced_lines(text, "heading2", layout)
    assert "".join(lines) == text and len(lines) == 2
    room = measure.width - measure.indent
    assert sum(char_widths(lines[0])) + len(lines[0]) * measure.tracking >= (1 - balance.PULL_BACK) * room


@pytest.mark.parametrize(("text", "wanted"), [
    # the review of session 26: `…关于印发某市 / 老旧小区…方案` read `印发某市`, "issued to some city"
    ("某市人民政府办公室关于印发某市老旧小区改造三年行动方案（2025—2027年）的通知",
     ["某市人民政府办公室关于印发", "某市老旧小区改造三年行动方案", "（2025—2027年）的通知"]),
    ("北京市人民政府关于印发《北京市城市更新行动计划（2021—2025年）》的通知",
     ["北京市人民政府关于印发", "《北京市城市更新行动计划", "（2021—2025年）》的通知"]),
    # the issued document's own phrases still break as phrases: before its 关于
    ("国务院办公厅关于转发国家发展改革委关于推动高质量发展意见的通知",
     ["国务院办公厅关于转发国家发展改革委", "关于推动高质量发展意见的通知"]),
])
def test_a_title_issuing_a_document_keeps_the_document_s_name_whole(layout: Layout, text: str,
                                                                    wanted: list[str]) -> None:
    assert balanced_lines(text, "title", layout) == wanted


def test_inside_an_issued_name_a_plain_break_costs_as_inside_a_compound() -> None:
    text = "某市人民政府办公室关于印发某市老旧小区改造三年行动方案（2025—2027年）的通知"
    costs = costs_at(text)
    assert costs["于印发|某市老"] == PHRASE and costs["发某市|老旧小"] == BOUND
    assert balance.issued_name_costs("关于做好今年工作的通知") == {}  # nothing issued: no name


def test_a_set_term_of_policy_language_is_kept_whole(layout: Layout) -> None:
    """`高质量发展` is two words to jieba, and the cover broke `在全市数字经济高质量 / 发展大会上的讲话` (the review
    of session 26): a set term (`balance.FIXED_TERMS`) costs as a word's inside."""
    text = "在全市数字经济高质量发展大会上的讲话"
    assert balanced_lines(text, "cover-title", layout) == ["在全市数字经济", "高质量发展大会上的讲话"]
    assert costs_at(text)["高质量|发展大"] == HEAD
