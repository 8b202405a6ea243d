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

from reportpress.layouts import Layout, builtin_layout
from reportpress.typeset import balance
from reportpress.typeset.balance import (
    LEXICON,
    Measure,
    balanced_lines,
    break_lines,
    char_widths,
    compound_boundaries,
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
    return builtin_layout("gov-report")


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
    # between words, or between the two words of a compound (`人民代表大会|常务委员会`)
    assert len(lines[0]) in word_starts(subtitle) | compound_boundaries(subtitle)


def test_a_heading_breaks_before_a_word_not_inside_it(layout: Layout) -> None:
    heading = "（二）坚持创新驱动发展战略不动摇，全面提升产业链供应链韧性和国际竞争力"
    measure = role_measure(layout, "heading2")
    assert not measure.centred and measure.indent > 1.9  # left-aligned, two characters in
    greedy = greedy_lines(heading, measure)
    assert greedy[0].endswith("供应")  # 供应 / 链: the defect
    lines = balanced_lines(heading, "heading2", layout)
    # not `…产业链 / 供应链…` either: two nouns that read as one (`产业链供应链`), so the line ends after the
    # verb, three characters short (`PULL_BACK`), before its object
    assert lines == ["（二）坚持创新驱动发展战略不动摇，全面提升", "产业链供应链韧性和国际竞争力"]


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


# ------------------------------------------------------------------ review 5: names of sessions, cut words

# the session's name in each: the title block's subtitle keeps it whole where a break outside it balances
# the lines (the greedy break and the one the layout took before cut it: `…第十七届 / 人民代表大会…`)
SESSIONS = (
    ("——2027年1月9日在青山市浦江区第十七届人民代表大会第三次会议上", "第十七届人民代表大会第三次会议"),
    ("——2028年2月14日在白水县第九届人民代表大会第五次会议上", "第九届人民代表大会第五次会议"),
)


@pytest.mark.parametrize(("subtitle", "name"), SESSIONS)
def test_a_subtitle_keeps_the_sessions_name_whole(subtitle: str, name: str, layout: Layout) -> None:
    assert balance.session_names(subtitle) == [(subtitle.index(name), subtitle.index(name) + len(name))]
    lines = balanced_lines(subtitle, "subtitle", layout)
    assert "".join(lines) == subtitle and len(lines) == 2
    assert name in lines[0] or name in lines[1], lines
    widths = widths_of(lines, role_measure(layout, "subtitle"))
    assert min(widths) >= balance.BALANCED_SHARE * max(widths)  # of similar balance


def test_a_sessions_name_breaks_at_its_joints_when_no_break_outside_balances(layout: Layout) -> None:
    # the national congress: the only break outside the name (after 在) leaves 9 em above 18; the name
    # breaks between its term and the body, never inside the body's name (`全国 / 人民代表大会`)
    subtitle = "——2031年4月8日在第十五届全国人民代表大会第三次会议上"
    assert greedy_lines(subtitle, role_measure(layout, "subtitle"))[0].endswith("第三次会")  # the defect
    assert balanced_lines(subtitle, "subtitle", layout) == ["——2031年4月8日在第十五届", "全国人民代表大会第三次会议上"]
    costs = balance.session_costs("在政协绿水市第十一届委员会常务委员会第二次会议上")
    joints = [position for position, cost in sorted(costs.items()) if cost == balance.BOUND]
    assert ["在政协绿水市第十一届委员会常务委员会第二次会议上"[position:position + 2] for position in joints] == \
        ["第十", "委员", "常务", "第二"]  # the term, the body, its standing committee, the session
    # a CPPCC committee's: after its name and place, before the term (no break outside it balances)
    assert balanced_lines("——2029年1月20日在政协绿水市第十一届委员会第四次会议上", "subtitle", layout) == \
        ["——2029年1月20日在政协绿水市", "第十一届委员会第四次会议上"]
    assert balance.session_names("——2018年3月5日在十三届全国人大一次会议上") != []
    assert balance.session_names("关于第十届运动会的通知") == []  # a term without a session is no name


def test_a_word_the_dictionary_lacks_is_not_broken_by_its_pieces_tags(layout: Layout,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # jieba cuts 低碳 into 低 (an adjective: a break before it read as a plain one) and 碳; 十五五 into 十五 | 五
    LEXICON.prepare(["推动绿色低碳发展", "“十五五”时期"])
    assert LEXICON.cut("绿色低碳") == ["绿色", "低", "碳"]
    costs = balance.boundary_costs("推动绿色低碳发展")
    assert costs[4] >= balance.BOUND and costs[5] == balance.HEAD  # 绿色 | 低碳 a compound; 低 | 碳 inside a word
    assert balance.boundary_costs("“十五五”时期")[3] == balance.HEAD
    # a run of single characters is one word too: its pieces' tags decide nothing inside it; it is a verb
    # when it starts with one, so the break after it is before its object (`筑牢 / 生态安全屏障`)
    LEXICON.prepare(["持续筑牢生态安全屏障", "一是加快发展"])
    assert LEXICON.cut("持续筑牢") == ["持续", "筑", "牢"]
    assert balance.boundary_costs("持续筑牢生态安全屏障")[3] == balance.HEAD
    assert balance.boundary_costs("持续筑牢生态安全屏障")[4] == balance.PHRASE
    assert balance._words("一是加快发展", balance._tokens("一是加快发展"))[:2] == ["一", "是"]  # words of their own
    title = "关于加快推动发展方式绿色低碳转型的实施意见"
    assert balanced_lines(title, "title", layout) == ["关于加快推动发展方式", "绿色低碳转型的实施意见"]
    with monkeypatch.context() as patched:  # the pieces' tags deciding: `…绿色 / 低碳…`, the defect
        patched.setattr(balance, "_words", lambda text, tokens: list(tokens))
        assert balanced_lines(title, "title", layout) == ["关于加快推动发展方式绿色", "低碳转型的实施意见"]


def test_a_place_keeps_its_suffix() -> None:
    LEXICON.prepare(["在政协青山县第十届"])
    assert LEXICON.cut("政协青山县") == ["政协", "青山", "县"]
    assert balance.boundary_costs("在政协青山县第十届", names=False)[5] == balance.HEAD  # 青山 | 县


# ------------------------------------------------------------------ review 2: calls, clusters, lexicon, covers


def test_a_line_holding_a_call_counts_its_width_and_keeps_room(layout: Layout) -> None:
    # 26 characters fill a heading's first line to 0.005 em: a call inside them did not fit, and the
    # renderer pushed the last character down onto a line of its own, before the `<br>`
    heading = "（四）全力扩大有效投资加快先进制造业集群建设不断健全现代化产业体系提升创新能力"
    measure = role_measure(layout, "heading2")
    plain = break_lines(heading, measure)
    room = measure.width - measure.indent
    assert plain == (26,) and room - 0.01 < sum(char_widths(heading[:26])) * 1 + 26 * measure.tracking <= room
    call = heading.index("建设")  # the glossary call after 先进制造业集群
    called = break_lines(heading, measure, {call: balance.call_width("1")})
    lines = split_at(heading, called)
    assert called != plain and "".join(lines) == heading
    assert called[0] in word_starts(heading) and called[0] > call  # the call stays on the first line
    assert all(count_characters(line) >= 3 for line in lines)
    # a line that would hold the call with less than CALL_ROOM to spare breaks earlier still
    tight = break_lines(heading, measure, {call: room - sum(char_widths(heading[:26])) - 26 * measure.tracking})
    assert tight[0] < 26


def test_call_widths_scale_with_their_marks() -> None:
    assert balance.call_width("①") == pytest.approx(0.6)
    assert balance.call_width("［12］") > balance.call_width("12") > balance.call_width("1")
    assert balance.call_width("[2,5-7]") > balance.call_width("[1]")


CLUSTERS = ("关于Cafe\u0301与Noe\u0308l和Zu\u0308rich以及Ma\u0303o的合作交流会议纪要",
            "关于e\u0301\u0301\u0301\u0301\u0301\u0301组合字符与n\u0303\u0303\u0303标题测试的情况说明",
            "关于👩\u200d💻\u200d👩与⚠\ufe0f和👍\U0001f3fd标记的使用与字符簇测试的说明")


@pytest.mark.parametrize("text", CLUSTERS)
def test_no_break_inside_a_grapheme_cluster(text: str) -> None:
    extending = [index for index, char in enumerate(text) if balance.extends(char)]
    assert extending
    assert all(balance.char_width(text[index]) == 0 for index in extending)  # an accent takes no width
    assert not any(balance.may_break(text, index) for index in extending)
    assert not any(balance.may_break(text, index + 1) for index, char in enumerate(text[:-1]) if char == "\u200d")
    for width in range(5, 24):
        for line in split_at(text, break_lines(text, Measure(width)))[1:]:
            assert not balance.extends(line[0]), (width, line)


def test_an_accent_is_inside_its_word() -> None:
    # `é́x`: the letter before the break is the accent's base, so the word stays whole
    text = "关于Cafe\u0301s与Noe\u0308ls的报告"
    assert not balance.may_break(text, text.index("s"))


def test_an_interrupted_lexicon_pass_leaves_no_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "关于全国人民代表大会常务委员会工作报告的决议草案说明"

    class Interrupted(Exception):
        pass

    def interrupted(*args: object, **kwargs: object) -> re.Pattern[str]:
        raise Interrupted  # as the template deadline's SIGALRM or a Ctrl-C would, inside the scan

    lexicon = balance.Lexicon()
    with monkeypatch.context() as patch:
        patch.setattr(balance, "re", type("re", (), {"compile": staticmethod(interrupted), "escape": re.escape}))
        with pytest.raises(Interrupted):
            lexicon.prepare([text])
    fresh = balance.Lexicon()
    assert lexicon.cut(text) == fresh.cut(text) and "全国人民代表大会常务委员会" in lexicon.cut(text)


def test_a_title_over_balance_max_is_sized_so_its_wrapped_lines_fit_the_cover(layout: Layout) -> None:
    title = "关于进一步深化新时代人民代表大会制度建设和推进治理能力现代化若干问题的决定" * 6
    assert len(title) > balance.BALANCE_MAX and break_lines(title, Measure(20)) == ()  # left to the renderer
    size = cover_title_size(title, layout)
    assert size < 8  # not 26: the old rule's `len(()) < 3` gave the largest size, and two cover pages
    full = layout.page.text_width * layout.cover.title_fill
    assert balance.wrapped_lines(title, Measure(full / size)) <= balance.COVER_LINES
    assert balance.wrapped_lines(title, Measure(full / size * 0.9)) > balance.COVER_LINES - 1  # not far too small


def test_wrapped_lines_counts_the_renderers_greedy_lines() -> None:
    assert balance.wrapped_lines("很" * 30, Measure(10)) == 3
    assert balance.wrapped_lines("很" * 31, Measure(10)) == 4
    assert balance.wrapped_lines("很" * 9 + "。很", Measure(10)) == 2  # 。 may not start a line: 很 goes with it
