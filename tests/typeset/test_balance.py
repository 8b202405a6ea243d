"""typeset/balance.py: titles, subtitles and headings broken at word boundaries, centred ones into
balanced lines, never a last line of one or two characters (issue 12 item 5, GB/T 9704 §7.3.1).

Every text here is made for the test; each case first checks that the greedy break it replaces is the
defect it is about (a split word, a lone last character), so a case cannot pass for a text that never
had the problem."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest

from reportpress.layouts import Layout, load_layout
from reportpress.typeset import balance
from reportpress.typeset.balance import (
    LEXICON,
    Measure,
    balanced_lines,
    break_lines,
    char_widths,
    count_characters,
    cover_title_size,
    jieba_dictionary,
    role_measure,
    split_at,
)
from reportpress.typeset.chars import NO_END, NO_START

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout("gov-report")


def greedy_lines(text: str, measure: Measure) -> list[str]:
    """What the renderer did before: as many characters on each line as fit."""
    widths = char_widths(text, measure.punctuation)
    lines, start, used = [], 0, 0.0
    for index, width in enumerate(widths):
        room = measure.width - (measure.indent if not lines else 0.0)
        if used + width + measure.tracking > room + 1e-6:
            lines.append(text[start:index])
            start, used = index, 0.0
        used += width + measure.tracking
    return [*lines, text[start:]]


def word_starts(text: str) -> set[int]:
    """Where the words of `text`'s Han runs start, by the lexicon (the test's view of "a word boundary")."""
    starts: set[int] = set()
    for match in re.finditer(r"[\u4e00-\u9fff]+", text):
        offset = match.start()
        for word in LEXICON.cut(match.group()):
            starts.add(offset)
            offset += len(word)
        starts.add(offset)
    return starts


def widths_of(lines: list[str], measure: Measure) -> list[float]:
    return [sum(char_widths(line, measure.punctuation)) for line in lines]


def test_a_title_whose_greedy_break_splits_a_word_breaks_between_words_into_balanced_lines(layout: Layout) -> None:
    title = "关于进一步加强城市社区卫生服务体系建设的实施意见"
    measure = role_measure(layout, "title")
    greedy = greedy_lines(title, measure)
    assert len(greedy) == 2 and greedy[0].endswith("建") and greedy[1].startswith("设")  # 建设 split: the defect
    lines = balanced_lines(title, "title", layout)
    assert "".join(lines) == title and len(lines) == 2
    assert len(lines[0]) in word_starts(title)
    widths = widths_of(lines, measure)
    assert max(widths) <= measure.width and max(widths) - min(widths) <= 2  # balanced, not 18 / 6


def test_a_subtitle_never_ends_on_a_lone_character(layout: Layout) -> None:
    subtitle = "——在青山县第十八届人民代表大会常务委员会第三次会议上"
    measure = role_measure(layout, "subtitle")
    assert count_characters(greedy_lines(subtitle, measure)[-1]) <= 2  # `…第三次会 / 议上`: the defect
    lines = balanced_lines(subtitle, "subtitle", layout)
    assert "".join(lines) == subtitle and len(lines) == 2
    assert count_characters(lines[-1]) >= 3
    assert len(lines[0]) in word_starts(subtitle)


def test_a_heading_breaks_before_a_word_not_inside_it(layout: Layout) -> None:
    heading = "（二）坚持创新驱动发展战略不动摇，全面提升产业链供应链韧性和国际竞争力"
    measure = role_measure(layout, "heading2")
    assert not measure.centred and measure.indent > 1.9  # left-aligned, two characters in
    greedy = greedy_lines(heading, measure)
    assert greedy[0].endswith("供应")  # 供应 / 链: the defect
    lines = balanced_lines(heading, "heading2", layout)
    assert lines == ["（二）坚持创新驱动发展战略不动摇，全面提升产业链", "供应链韧性和国际竞争力"]


def test_a_heading_ending_in_a_long_word_keeps_the_word_whole(layout: Layout) -> None:
    # 国 as the 26th character: the greedy first line would end `…和国` and leave `际竞争力`
    heading = "（三）深化改革扩大开放，着力提升城区产业链的韧性和国际竞争力"
    measure = role_measure(layout, "heading2")
    greedy = greedy_lines(heading, measure)
    assert greedy[0].endswith("国") and greedy[1] == "际竞争力"
    lines = balanced_lines(heading, "heading2", layout)
    assert "".join(lines) == heading and lines[-1].endswith("国际竞争力") and "国际竞争力" not in lines[0]
    assert count_characters(lines[-1]) >= 3


def test_latin_words_and_numbers_stay_whole(layout: Layout) -> None:
    title = "关于推进Web应用与OpenHarmony生态建设的若干意见"
    lines = balanced_lines(title, "title", layout)
    assert "".join(lines) == title and len(lines) == 2
    assert all(word in line for word in ("Web", "OpenHarmony") for line in lines if word[0] in line)
    # a number stays with its unit, 第 with its number
    for text in ("在2024年第3季度全区经济工作会议暨重点项目推进大会上的讲话",
                 "关于第12届全区职工运动会筹备工作情况的报告"):
        for line_start in break_lines(text, Measure(12)):
            before, after = text[line_start - 1], text[line_start]
            assert not before.isdigit() and not (before == "第" and after.isdigit())


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() -> None:
    text = "关于《青山区“十四五”规划纲要》实施情况的中期评估报告（征求意见稿）"
    for width in (8, 10, 12, 14, 16, 18):
        lines = split_at(text, break_lines(text, Measure(width)))
        assert "".join(lines) == text
        assert all(line[0] not in NO_START and line[-1] not in NO_END for line in lines[1:]), lines


def test_a_36_character_cover_title_takes_two_balanced_lines_at_full_size(layout: Layout) -> None:
    title = "2024年青山区5G网络和新型数据中心建设与2025年发展计划草案的报告"
    assert len(title) == 36
    assert layout.page.text_width * layout.cover.title_fill / len(title) < 13  # the one-line rule: 12 pt
    size = cover_title_size(title, layout)
    assert size == layout.cover.title_max_size == 26
    measure = Measure(layout.page.text_width * layout.cover.title_fill / size)
    lines = split_at(title, break_lines(title, measure))
    assert len(lines) == 2 and "".join(lines) == title
    assert len(lines[0]) in word_starts(title)
    widths = widths_of(lines, measure)
    assert max(widths) <= measure.width and max(widths) - min(widths) <= 3


def test_a_cover_title_shrinks_only_when_three_lines_do_not_hold_it(layout: Layout) -> None:
    assert cover_title_size("很" * 48, layout) == 26  # three lines of 16
    shrunk = cover_title_size("很" * 90, layout)
    assert shrunk < 26
    lines = split_at("很" * 90, break_lines("很" * 90, Measure(layout.page.text_width * layout.cover.title_fill
                                                                / shrunk)))
    assert len(lines) == 3


def test_a_text_that_fits_is_not_broken_and_breaks_are_deterministic(layout: Layout) -> None:
    assert balanced_lines("政府工作报告", "title", layout) == ["政府工作报告"]
    assert balanced_lines("", "title", layout) == [""]
    text = "关于进一步加强城市社区卫生服务体系建设的实施意见"
    assert {tuple(balanced_lines(text, "title", layout)) for _ in range(3)} == {tuple(balanced_lines(text, "title",
                                                                                                      layout))}


def test_an_overlong_word_still_breaks_where_it_must() -> None:
    text = "中华人民共和国全国人民代表大会常务委员会"  # long dictionary words, a narrow measure
    lines = split_at(text, break_lines(text, Measure(5)))
    assert "".join(lines) == text and all(sum(char_widths(line)) <= 5 for line in lines)


def test_the_segmenter_is_quiet_and_writes_nothing(caplog: pytest.LogCaptureFixture) -> None:
    before = set(Path(tempfile.gettempdir()).iterdir())
    caplog.set_level("DEBUG")
    LEXICON.prepare(["在青山县第二十届人民代表大会第九次会议上"])
    assert LEXICON.cut("人民代表大会第九次会议") == ["人民代表大会", "第九次", "会议"]
    assert caplog.records == []
    assert "jieba" not in sys.modules  # its dictionary is read, the package (logger, HMM tables) never imported
    assert not any(path.name.startswith("jieba") for path in set(Path(tempfile.gettempdir()).iterdir()) - before)


def test_the_dictionary_total_is_jiebas() -> None:
    path = jieba_dictionary()
    assert path is not None
    total = sum(int(line.split(" ")[1]) for line in path.read_text("utf-8").splitlines() if line)
    assert total == balance.JIEBA_TOTAL
