"""The WeasyPrint extension (`typeset/weasy.py`): the pinned internals, and justification read back from
glyph positions with PyMuPDF.

The first two tests fail on any WeasyPrint upgrade or patch, on purpose: the extension replaces
`justify_line`, `text_align` and `Layout.set_text`, and relies on how `add_word_spacing`, `reactivate`
and `draw_first_line` work. Re-test, then update TESTED_VERSIONS and FINGERPRINTS.
"""

from __future__ import annotations

import itertools
import sys

import pymupdf
import pytest
import weasyprint
from weasyprint.layout import inline
from weasyprint.text import line_break

from reportpress.errors import RenderError
from reportpress.layouts import Typesetting
from reportpress.typeset import TYPESET_CSS, typeset_html, weasy
from reportpress.typeset.chars import CLOSING, LONG_MARKS

WIDTH = 200.0  # pt


def test_weasyprint_is_a_tested_version() -> None:
    assert weasyprint.__version__ in weasy.TESTED_VERSIONS, (
        f"WeasyPrint {weasyprint.__version__} is untested: run tests/typeset, then add it to TESTED_VERSIONS")


def test_the_internals_are_those_tested() -> None:
    assert weasy.fingerprints() == weasy.FINGERPRINTS, (
        "WeasyPrint internals changed: re-read them against typeset/weasy.py, then update FINGERPRINTS")


def test_an_untested_version_with_changed_internals_stops_the_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasy, "_checked", False)
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    weasy.check_internals()  # unchanged internals: accepted
    monkeypatch.setattr(weasy, "_checked", False)
    monkeypatch.setitem(weasy.FINGERPRINTS, "layout.inline.justify_line", "0" * 64)
    with pytest.raises(RenderError, match=r"justify_line.*weasyprint==70\.0"):
        weasy.check_internals()


def test_the_context_manager_restores_weasyprint() -> None:
    originals = inline.justify_line, inline.text_align, line_break.Layout.set_text, inline.split_first_line
    with weasy.inter_character_justification(), weasy.inter_character_justification():
        assert inline.justify_line is not originals[0]
        assert line_break.Layout.set_text is not originals[2]
        assert inline.split_first_line is not originals[3]
    assert (inline.justify_line, inline.text_align, line_break.Layout.set_text, inline.split_first_line) == originals


def render_lines(body: str, css: str = "", typesetting: Typesetting | None = None
                 ) -> list[list[dict[str, object]]]:
    """Lines of glyphs (PyMuPDF rawdict chars, blanks left out) of `body` — text, or <p> elements — set
    16 pt in a justified column WIDTH pt wide."""
    width = sys.modules[__name__].WIDTH
    paragraphs = body if body.startswith("<p") else f'<p style="margin: 0">{body}</p>'
    document = (f'<html lang="zh-CN"><body style="margin: 0; width: {width}pt; font: 16pt/24pt '
                f"'Noto Serif CJK SC'; text-align: justify; {css}\">{paragraphs}</body></html>")
    document = typeset_html(document, typesetting or Typesetting())
    with weasy.inter_character_justification():
        pdf = weasyprint.HTML(string=document).write_pdf(stylesheets=[weasyprint.CSS(string=TYPESET_CSS)])
    lines: dict[float, list[dict[str, object]]] = {}
    for block in pymupdf.open(stream=pdf)[0].get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for char in span["chars"]:
                    if str(char["c"]).strip():
                        lines.setdefault(round(char["origin"][1], 1), []).append(char)
    return [sorted(chars, key=lambda c: c["origin"][0]) for _, chars in sorted(lines.items())]


def right_end(char: dict[str, object]) -> float:
    return char["bbox"][2]  # type: ignore[index,no-any-return]


def origin_x(char: dict[str, object]) -> float:
    return char["origin"][0]  # type: ignore[index,no-any-return]


@pytest.mark.parametrize("css", ["", "letter-spacing: -0.21pt"])
def test_every_line_but_the_last_reaches_the_right_edge_unless_its_gaps_would_pass_the_cap(css: str) -> None:
    text = ("全年一般公共预算收入完成117.0亿元，同比增长0.21%。他说：“好。”PM2.5年均浓度为35微克/立方米，"
            "<strong>产业结构调整优化。</strong>城市更新——这是课题——必须坚持。中国—东盟自贸区建设稳步推进。")
    lines = render_lines(text, css)
    assert len(lines) > 4
    edge = origin_x(lines[0][0]) + WIDTH
    short = []
    for line in lines[:-1]:
        # a wide character ends an em after its origin; —— is one glyph of 2 em (Noto's ligature), whose
        # second character PyMuPDF places somewhere inside the glyph: the line ends where its rightmost
        # character does, which need not be the one sorted last
        def end_of(char: dict[str, object]) -> float:
            wide = ord(str(char["c"])) > 0x2000 and str(char["c"]) not in LONG_MARKS
            return origin_x(char) + 16 if wide else right_end(char)

        last = max(line, key=end_of)
        end = end_of(last)
        # within a third of typocheck's tolerance (the grid's letter spacing trails the last glyph);
        # a compressed mark at the line end (here ：before “) ends at its half: GB/T 15834 §5.1.10
        trimmed = str(last["c"]) in CLOSING and end - 8 == pytest.approx(edge, abs=0.5)
        if end == pytest.approx(edge, abs=0.5) or trimmed:
            continue
        # a line that only gaps past the cap could fill stays short, every gap at most the cap, so
        # pdftotext reads no space into it
        gaps = [origin_x(b) - right_end(a) for a, b in itertools.pairwise(line)]
        assert end < edge and max(gaps) == pytest.approx(weasy.MAX_GAP_EM * 16, abs=0.05)
        short.append("".join(str(c["c"]) for c in line))
    # in a 12.5 em column, 117.0 and 0.21% left two such lines (`117.0亿元，同比增长` / `0.21%。他说：`)
    # before the line-end 。 could hang half an em: now `0.21%。` ends the line before
    assert short == []
    assert right_end(lines[-1][-1]) < edge - 1  # the last line keeps its natural spacing


def test_a_word_longer_than_the_line_fills_the_line_it_starts_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "WIDTH", 442.2)
    word = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2
    lines = render_lines(f"本次测试中出现的代号{word}是一个很长的英文单词，用来检验排版能否正确处理。",
                         "letter-spacing: -0.21pt; text-indent: 32pt")
    texts = ["".join(str(c["c"]) for c in line) for line in lines]
    assert "".join(texts) == f"本次测试中出现的代号{word}是一个很长的英文单词，用来检验排版能否正确处理。"
    assert texts[0].startswith("本次测试中出现的代号ABC")  # not left alone on a short line
    edge = origin_x(lines[1][0]) + WIDTH
    for line in lines[:-1]:
        assert right_end(line[-1]) == pytest.approx(edge, abs=0.5)


def test_a_line_too_loose_to_justify_is_left_short(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first line of a paragraph has no line before it to take characters from."""
    monkeypatch.setattr(sys.modules[__name__], "WIDTH", 442.2)
    lines = render_lines("统一编号为1234567890123456789012345678901234567890的文件已经归档，请各部门按照要求"
                         "认真做好相关工作。", "letter-spacing: -0.21pt; text-indent: 32pt")
    first = lines[0]
    assert "".join(str(c["c"]) for c in first) == "统一编号为"  # the number moves whole to the next line
    gaps = [origin_x(b) - right_end(a) for a, b in itertools.pairwise(first)]
    assert max(gaps) <= weasy.MAX_GAP_EM * 16 + 0.01


def test_numbers_dashes_and_compressed_pairs_stay_tight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "WIDTH", 442.2)  # the gov-report measure: no loose line
    lines = render_lines("这是一个很长的句子，其中包括数字12345和破折号——以及引号“好。”还有更多的文字在后面继续"
                         "排列下去直到结束为止这是一个很长的句子。", "letter-spacing: -0.21pt")
    chars = [c for line in lines for c in line]
    text = "".join(str(c["c"]) for c in chars)
    digits = [c for c in chars if str(c["c"]) in "12345"]
    for digit, following in itertools.pairwise(digits):  # a number is never spread
        assert origin_x(following) - origin_x(digit) == pytest.approx(right_end(digit) - origin_x(digit) - 0.21,
                                                                       abs=0.02)
    dash = chars[text.index("—")]  # fwid (and Noto's ligature): the pair is one glyph of exactly 2 em
    assert right_end(dash) - origin_x(dash) == pytest.approx(32, abs=0.02)
    stop = text.index("。”")
    assert origin_x(chars[stop + 1]) - origin_x(chars[stop]) == pytest.approx(8, abs=0.6)  # 。 is half an em
    assert text.count("“") == 1


def test_word_joiners_keep_the_grid_and_leave_the_text() -> None:
    lines = render_lines("罗曼·罗兰", "letter-spacing: -0.21pt")
    (line,) = lines
    assert "".join(str(c["c"]) for c in line) == "罗曼·罗兰"
    # 曼 → · is one advance of 曼 (16 pt) plus one letter spacing, not two
    assert origin_x(line[2]) - origin_x(line[1]) == pytest.approx(16 - 0.21, abs=0.02)


def test_autospace_quarter_adds_a_quarter_em_but_never_at_a_line_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "WIDTH", 100.0)  # six Han characters a line
    paragraphs = '<p style="margin: 0">中文中文中文ABC中文</p><p style="margin: 0">中AB中</p>'
    first, second, third = render_lines(paragraphs, typesetting=Typesetting(autospace="quarter"))
    assert "".join(str(c["c"]) for c in second).startswith("ABC")
    assert origin_x(second[0]) == pytest.approx(origin_x(first[0]), abs=0.01)  # no space at the line start
    # 中 AB 中 on a last line: a quarter em (4 pt) on each side of the Latin run
    assert origin_x(third[1]) - right_end(third[0]) == pytest.approx(4, abs=0.05)
    assert origin_x(third[3]) - right_end(third[2]) == pytest.approx(4, abs=0.05)
