"""The CJK text pass (`typeset/cjk.py`): which marks are compressed, where joiners and break points go,
and that the text itself never changes."""

from __future__ import annotations

import html
import re

import pytest

from reportpress.layouts import Typesetting
from reportpress.typeset.cjk import (
    TYPESET_CSS,
    autospace_runs,
    break_anywhere,
    break_points,
    compressed_marks,
    push_in_points,
    typeset_html,
    url_break_points,
)

QUANJIAO = Typesetting()


def page(body: str) -> str:
    return f'<html lang="zh-CN"><head><style>p > a {{ color: red }}</style></head><body>{body}</body></html>'


def visible(document: str) -> str:
    """The text a reader gets: tags dropped, entities decoded, the two invisible characters removed."""
    body = document[document.index("<body>"):]
    return html.unescape(re.sub(r"<[^>]*>", "", body)).replace("\u2060", "").replace("\u200b", "")


@pytest.mark.parametrize(("text", "expected"), [
    ("好。”他", {1: "r"}),  # closing + closing: the first gives up its right half
    ("”，", {0: "r"}),
    ("）、", {0: "r"}),
    ("”“", {0: "r"}),  # closing + opening: the closing one
    ("（“", {1: "l"}),  # opening + opening: the second gives up its left half
    ("。”）", {0: "r", 1: "r"}),  # a run of three: 1 em + 2 × ½ em
    ("中文", {}),
    ("——", {}),
])
def test_quanjiao_compresses_one_mark_of_each_adjacent_pair(text: str, expected: dict[int, str]) -> None:
    assert compressed_marks(text, "quanjiao") == expected


def test_other_styles() -> None:
    assert compressed_marks("好，对。", "none") == {}
    assert compressed_marks("好，对。", "banjiao") == {1: "r", 3: "r"}
    # kaiming keeps 。 full but in a pair; a closing-opening pair keeps 1.5 em (no shared em box)
    assert compressed_marks("好，对。“", "kaiming") == {1: "r", 3: "r"}
    assert compressed_marks("”“（", "banjiao") == {0: "r", 2: "l"}
    assert compressed_marks("对。）", "kaiming") == {2: "r", 1: "r"}
    assert compressed_marks("对。", "kaiming") == {}


def test_quotes_get_break_points_but_never_before_a_closing_mark() -> None:
    text = "解决“12345”热线，“好”。"
    points = set(break_points(text))
    assert text.index("“") - 1 in points  # 决|“
    assert text.index("”") in points  # ”|热
    assert text.index("，") - 1 not in points  # never 线|，
    assert text.rindex("”") not in points  # never ”|。


def test_push_in_points_follow_full_width_pause_marks_and_stops() -> None:
    text = "甲、乙，2020年；丙：“丁”，。戊！己，”庚"
    points = set(push_in_points(text, compressed_marks(text, "quanjiao")))
    # before Han, a digit, Han; the closing quote before 庚 (brackets: CLREQ's reduction order, step 4);
    # and the stops 。！ (the last resort, step 7)
    assert points == {text.index("、"), text.index("，"), text.index("；"), text.index("。"), text.index("！"),
                      text.rindex("”")}
    # ：before “ and ，before 。 are halved already (a pair); never before a closing mark
    result = typeset_html(page(f"<p>{text}</p>"), QUANJIAO)
    assert "甲、\u200b乙，\u200b2020年；\u200b丙" in result
    plain = typeset_html(page(f"<p>{text}</p>"), Typesetting(punctuation="none"))
    assert "、\u200b" not in plain and "，\u200b2" not in plain  # `none`: no mark ever shrinks
    assert "\u200b" not in typeset_html(page(f"<h2>{text}</h2>"), QUANJIAO)  # headings: nothing invisible


@pytest.mark.parametrize(("style", "expected"), [
    ("quanjiao", {"。", "？", "！", "，"}),  # every full-width stop and pause mark before a character
    ("kaiming", set()),  # its stops stay full width by definition; its pause marks are halved already
    ("banjiao", set()),  # every mark is half width already
    ("none", set()),
])
def test_stops_are_push_in_points_only_where_the_style_compresses_them(style: str, expected: set[str]) -> None:
    text = "扎实推进教育公平。深入贯彻落实？是的！改革，发展。"
    result = typeset_html(page(f"<p>{text}</p>"), Typesetting(punctuation=style))
    body = result[result.index("<body>"):]
    marked = {match.group(1) for match in re.finditer(r"([。？！，])(?:</span>)?\u200b", body)}
    assert marked == expected
    assert visible(result) == visible(page(f"<p>{text}</p>"))  # nothing a reader sees changes
    # the paragraph's last 。 ends the text: nothing follows it to push in
    assert not re.search("。(?:</span>)?\u200b</p>", body)


def test_pass_marks_up_compression_long_marks_and_joiners() -> None:
    source = "<p>他说：“好。”城市更新——这是课题……罗曼·罗兰、中国—东盟、3～5天</p>"
    result = typeset_html(page(source), QUANJIAO)
    assert '<span class="rp-halt-r">。</span>' in result
    assert '<span class="rp-long">\u2060——</span>' in result
    assert '<span class="rp-long">\u2060……</span>' in result
    assert '<span class="rp-long">\u2060—</span>' in result  # the connector: 1 em, never at a line start
    assert "罗曼\u2060·罗兰" in result
    assert "3\u2060～5" in result
    assert visible(result) == visible(page(source))


def test_pairs_are_found_across_inline_tags_but_not_across_blocks_or_into_footnotes() -> None:
    source = ('<p><span class="term">“甲”</span>，<span class="footnote">注。</span>”</p>'
              "<p>好。</p><p>”乙</p>")
    result = typeset_html(page(source), QUANJIAO)
    # ” inside the term span, ， outside; ， also sits before the footnote's call (`_before_calls`)
    assert '<span class="rp-halt-r">”</span></span><span class="rp-halt-call">，</span>' in result
    assert "注。</span>" in result and '<span class="rp-halt-r">。</span></span>' not in result
    assert "<p>好。</p>" in result  # 。 and the ” of the next paragraph are not a pair
    assert visible(result) == visible(page(source))


@pytest.mark.parametrize("call", [
    '<a class="endnote-link" href="#g1"><span class="term">“准制”</span><span class="endnote-call">1</span></a>',
    '\u2060<a class="end-note-link" href="#n1"><span class="end-note-call">①</span></a>',
    '<a class="citation-link" href="#r1"><span class="citation">[1]</span></a>',
    '<span class="footnote">注文。</span>',
])
def test_a_closing_mark_before_a_note_call_gives_up_its_blank_half(call: str) -> None:
    """Issue 12 item 6: `准制” ¹，` floated the call half an em from its term; the mark right before a
    call (invisible characters looked through) is tucked, in every punctuation style but `none`."""
    mark = "”" if "term" in call else "。"
    source = f"<p>落实{call if 'term' in call else '要求' + mark + call}，试点</p>"
    result = typeset_html(page(source), QUANJIAO)
    assert f'<span class="rp-halt-call">{mark}</span>' in result, result
    assert visible(result) == visible(page(source))
    # kaiming keeps 。 full but for the call; its ” and banjiao's every mark are half already
    kaiming = "rp-halt-call" if mark == "。" else "rp-halt-r"
    assert f'<span class="{kaiming}">{mark}</span>' in typeset_html(page(source), Typesetting(punctuation="kaiming"))
    assert f'<span class="rp-halt-r">{mark}</span>' in typeset_html(page(source), Typesetting(punctuation="banjiao"))
    assert "rp-halt" not in typeset_html(page(source), Typesetting(punctuation="none"))


def test_only_a_closing_mark_right_before_a_call_is_tucked() -> None:
    assert compressed_marks("制”1，", "quanjiao", calls=[2]) == {1: "c"}
    assert compressed_marks("制”\u20601", "quanjiao", calls=[3]) == {1: "c"}  # the call's word joiner
    assert compressed_marks("“制1", "quanjiao", calls=[2]) == {}  # not after a Han character
    assert compressed_marks("“制1", "quanjiao", calls=[0]) == {}  # nor after an opening mark
    assert compressed_marks("。”1", "quanjiao", calls=[2]) == {0: "r", 1: "c"}  # the pair, then the call
    assert compressed_marks("”1", "none", calls=[1]) == {}


def test_head_styles_and_entities_are_left_alone() -> None:
    source = "<p>A&amp;B “C” &lt;中&gt;。”</p>"
    result = typeset_html(page(source), QUANJIAO)
    assert result.startswith('<html lang="zh-CN"><head><style>p > a { color: red }</style></head>')
    assert "A&amp;B" in result and "&lt;中&gt;" in result
    assert visible(result) == visible(page(source))


def test_autospace_quarter_wraps_latin_runs_touching_han() -> None:
    text = "增长0.21%，PM2.5年均，ISO 9001标准"
    runs = {text[start:end]: classes for start, end, classes in autospace_runs(text)}
    assert runs["0.21%"] == ["rp-as-l"]  # no space between % and ，
    assert runs["PM2.5"] == ["rp-as-r"]  # after ， no space; before 年 a quarter em
    assert runs["9001"] == ["rp-as-r"]
    assert "ISO" not in runs  # after ， and before a typed space
    off = typeset_html(page(f"<p>{text}</p>"), QUANJIAO)
    assert "rp-as" not in off
    on = typeset_html(page(f"<p>{text}</p>"), Typesetting(autospace="quarter"))
    assert '<span class="rp-as-r">PM2.5</span>' in on
    assert visible(on) == visible(page(f"<p>{text}</p>"))


def test_headings_get_no_invisible_characters() -> None:
    # WeasyPrint copies a heading's text into the PDF outline, joiners included
    source = "<h2>（一）推进“一网通办”——罗曼·罗兰</h2><p>推进“一网通办”</p>"
    result = typeset_html(page(source), QUANJIAO)
    heading = result[result.index("<h2>"):result.index("</h2>")]
    assert "\u2060" not in heading and "\u200b" not in heading
    assert '<span class="rp-long">——</span>' in heading
    assert "\u200b" in result[result.index("<p>"):]


def test_urls_break_after_their_delimiters_only() -> None:
    text = "见https://data.gov.cn/a-b/list?id=42&lang=zh查看，或www.example.com。"
    points = {text[index] + text[index + 1] for index in url_break_points(text)}
    assert points == {"/d", ".g", ".c", "/a", "-b", "/l", "?i", "=4", "&l", "=z", ".e"}
    assert text.index("www.") + 3 in set(url_break_points(text))  # a URL may start with `www.`
    assert text.index("zh查") + 1 not in set(url_break_points(text))  # nothing after its last character
    assert "//" not in points and ":/" not in points  # `https://` stays whole
    assert not {text[index] for index in url_break_points(text)} - set("/.-?&=")
    assert list(url_break_points("中国—东盟，3.14%，a/b")) == []  # no scheme, no `www.`: not a URL


def test_urls_get_zero_width_spaces_that_leave_the_text_alone() -> None:
    source = "<p>访问https://www.example.com/a/index.html查看</p><h2>访问https://example.com/a</h2>"
    result = typeset_html(page(source), QUANJIAO)
    assert "https://\u200bwww.\u200bexample.\u200bcom/\u200ba/\u200bindex.\u200bhtml查看" in result
    assert "<h2>访问https://example.com/a</h2>" in result  # headings get no invisible characters
    assert visible(result) == visible(page(source))
    # an ASCII-only paragraph holding a URL gets its hints too
    assert "example.\u200bcom" in typeset_html(page("<p>see https://example.com/a</p>"), QUANJIAO)
    assert "overflow-wrap: anywhere" in TYPESET_CSS  # a run longer than the line breaks anywhere


def test_runs_too_wide_for_a_line_may_break_between_any_two_characters() -> None:
    measured: list[str] = []

    def too_wide(run: str) -> bool:
        measured.append(run)
        return run.startswith("ABC")

    text = "代号ABCDEF是，编号12345678%和abcdef)。"
    result = break_anywhere(text, too_wide, shortest=6)
    assert measured == ["ABCDEF", "12345678%", "abcdef)"]  # runs shorter than `shortest` are not measured
    assert "代号A\u200bB\u200bC\u200bD\u200bE\u200bF是" in result
    assert "12345678%和abcdef)" in result  # not too wide: unchanged
    assert result.replace("\u200b", "") == text
    assert break_anywhere("(ABCD,EF)", lambda run: True, 2) == "(A\u200bB\u200bC\u200bD,\u200bE\u200bF)"



@pytest.mark.parametrize("style", ["quanjiao", "kaiming"])
def test_marks_beside_an_ideographic_space_give_their_blank_to_it(style: str) -> None:
    """`5．　“术语”` (a glossary entry's head): the space is the gap, so the stop before it and the quote
    after it are set half width, and a quoted term starts as far from its number as `5．　3个` does."""
    text = "5．\u3000\u2060“三个组团”：是指"
    found = compressed_marks(text, style)
    assert found[text.index("．")] == "r" and found[text.index("“")] == "l"
    plain = "5．\u30003个“3”服务"
    assert compressed_marks(plain, style).get(plain.index("．")) == "r"
    assert text.index("\u3000") not in found  # the space itself is never touched


def test_a_space_after_a_halved_mark_stays_in_its_span() -> None:
    """Alone in a text box between two elements, WeasyPrint would drop the space from the text layer."""
    result = typeset_html(page('<p><a href="#n">1．\u3000\u2060</a><span>“甲”</span>：释义</p>'), QUANJIAO)
    assert '<span class="rp-halt-r">．\u3000</span>' in result
    assert '<span class="rp-halt-l">“</span>' in result
    assert visible(result) == visible(page('<p><a href="#n">1．\u3000\u2060</a><span>“甲”</span>：释义</p>'))
