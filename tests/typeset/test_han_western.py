"""Han–Western gaps first (CLREQ #line_adjustment, expansion step 2): the gaps between a Han character and
a Western letter or digit take a justified line's slack first, up to ¼ em each, and only what remains is
spread over every gap (`weasy._priority_level`, `spacing._priority_corrections`). Read back from glyph
positions with PyMuPDF, in a 16 pt column of WIDTH pt with the grid's letter spacing."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
import weasyprint

from reportpress.layouts import Typesetting
from reportpress.proof.setting import LOOSE_EM
from reportpress.typeset import TYPESET_CSS, spacing, typeset_html, weasy
from reportpress.typeset.chars import is_han_like, is_latin_like

from .test_weasy import origin_x, render_lines, right_end

GRID = "letter-spacing: -0.21pt"
QUARTER = 4.0  # ¼ em at 16 pt
# the widest a Han–Western gap gets beyond its natural width: the widest gap of any line (MAX_GAP_EM, the
# grid's letter spacing included), under which pdftotext reads no space into the text layer
ROOM = weasy.MAX_GAP_EM * 16 + 0.21


def gaps(line: list[dict[str, object]]) -> list[tuple[str, float]]:
    """(the two characters, the space between them beyond the glyph and the grid's letter spacing)."""
    return [(f"{a['c']}{b['c']}", origin_x(b) - right_end(a) + 0.21) for a, b in itertools.pairwise(line)]


def han_han(line: list[dict[str, object]]) -> list[float]:
    return [gap for pair, gap in gaps(line) if is_han_like(pair[0]) and is_han_like(pair[1])]


def han_western(line: list[dict[str, object]]) -> list[float]:
    return [gap for pair, gap in gaps(line)
            if (is_han_like(pair[0]) and is_latin_like(pair[1])) or (is_latin_like(pair[0]) and is_han_like(pair[1]))]


def text_of(line: list[dict[str, object]]) -> str:
    return "".join(str(char["c"]) for char in line)


def set_width(monkeypatch: pytest.MonkeyPatch, width: float) -> None:
    monkeypatch.setattr(sys.modules[render_lines.__module__], "WIDTH", width)


def weasy_width() -> float:
    return float(sys.modules[render_lines.__module__].WIDTH)


# a first line of 全年收入完成2020亿元，同 in 196 pt leaves about 3.3 pt, less than the rooms of its two
# Han–Western gaps; in 200 pt about 7 pt, more
NUMBER_IN_LINE = "全年收入完成2020亿元，同比增长的数字达到了很多以上并且继续增长下去直到年底。"


# one text box, or the number a box of its own (the gap is then made by moving the box)
@pytest.mark.parametrize("markup", ["{}", '<span class="number">{}</span>'])
def test_the_gaps_beside_a_number_take_the_slack_first(markup: str, monkeypatch: pytest.MonkeyPatch) -> None:
    set_width(monkeypatch, 196.0)
    text = NUMBER_IN_LINE.replace("2020", markup.format("2020"))
    first = render_lines(text, GRID)[0]
    assert text_of(first) == "全年收入完成2020亿元，同"
    assert origin_x(first[-1]) + 16 == pytest.approx(origin_x(first[0]) + weasy_width(), abs=0.3)  # to the edge
    beside = han_western(first)
    assert len(beside) == 2 and beside[0] == pytest.approx(beside[1], abs=0.05)
    assert 1.0 < beside[0] <= ROOM + 0.05  # the slack, shared by the two gaps, each within its room
    # … and nothing left for the gaps between Han characters: the Han text keeps its pitch, exactly
    assert max(abs(gap) for gap in han_han(first)) < 0.05
    # what the same line was before: every gap a share, the two beside the number half a share each
    monkeypatch.setattr(weasy, "HAN_WESTERN_FIRST", False)
    before = render_lines(text, GRID)[0]
    assert text_of(before) == text_of(first)
    assert max(han_western(before)) < 0.5 and min(han_han(before)) > 0.1


def test_what_the_rooms_cannot_hold_goes_to_the_other_gaps() -> None:
    """In 200 pt the two gaps beside 2020 are full (ROOM, no share on top: wider, pdftotext would read a
    space); the other gaps share what is left, equally."""
    first = render_lines(NUMBER_IN_LINE, GRID)[0]
    assert text_of(first) == "全年收入完成2020亿元，同"
    assert all(gap == pytest.approx(ROOM, abs=0.05) for gap in han_western(first))
    rest = han_han(first)
    assert max(rest) - min(rest) < 0.06 and 0.3 < rest[0] < 0.6
    lines = render_lines(NUMBER_IN_LINE.replace("很多", "12345678"), GRID)
    line = next(line for line in lines if text_of(line).startswith("12345678"))  # a number starting a line
    assert han_western(line) == [pytest.approx(ROOM, abs=0.05)]


def test_the_text_layer_gets_no_space_beside_a_number(tmp_path: Path) -> None:
    text = "为方便群众办事请访问链接https://example.org/path查看详情，编号为1234567890的文件已经归档请各部门知悉。"
    document = typeset_html(f'<html lang="zh-CN"><body style="margin: 0; width: 200pt; font: 16pt/24pt '
                            f"'Noto Serif CJK SC'; text-align: justify; {GRID}\"><p>{text}</p></body></html>",
                            Typesetting())
    with weasy.inter_character_justification():
        pdf = weasyprint.HTML(string=document).write_pdf(stylesheets=[weasyprint.CSS(string=TYPESET_CSS)])
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    layer = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                           text=True).stdout
    assert "".join(layer.split("\n")).strip("\x0c") == text  # not a space added, at no gap


def test_chains_pass_through_numbers_and_keep_every_han_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """An even run of Han characters between two numbers in one text box: no letter spacing gives both
    of its outer gaps space and none to its inner gap, unless the chain passes through a number."""
    monkeypatch.setattr(sys.modules[render_lines.__module__], "WIDTH", 240.0)  # 15 em
    lines = render_lines("从2020年至2025年的工作报告数字都很好的，共计三十字左右的一段话用来检验。", GRID)
    first = lines[0]
    assert text_of(first).startswith("从2020年至2025年")
    beside = han_western(first)
    assert len(beside) == 4 and max(beside) - min(beside) < 0.1 and min(beside) > 1.0
    rest = han_han(first)
    assert max(rest) - min(rest) < 0.05
    digits = [char for char in first if str(char["c"]).isdigit()]
    for a, b in itertools.pairwise(digits[:4]):  # a number stays set as it is
        assert origin_x(b) - right_end(a) == pytest.approx(-0.21, abs=0.03)


def test_a_latin_word_keeps_its_kerning_and_the_line_reaches_the_edge() -> None:
    lines = render_lines("全年的GDP增长率为百分之五，AVATAR项目WAVE计划都已完成验收工作并投入使用的效果很好。", GRID)
    for line in lines[:-1]:
        assert right_end(line[-1]) == pytest.approx(origin_x(line[0]) + weasy_width(), abs=1.0)
        rest = han_han(line)
        if len(rest) > 2:
            assert max(rest) - min(rest) < 0.05, text_of(line)


def test_autospace_already_holds_the_quarter_em(monkeypatch: pytest.MonkeyPatch) -> None:
    """With `autospace = "quarter"` the margin is the Han–Latin space: the gap takes no more first."""
    lines = render_lines(NUMBER_IN_LINE, GRID, Typesetting(autospace="quarter"))
    first = lines[0]
    beside = han_western(first)
    rest = han_han(first)
    assert beside and all(gap == pytest.approx(QUARTER + rest[0] / 2, abs=0.08) for gap in beside)


def test_lines_without_han_western_gaps_are_set_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only lines with a Han–Western gap change: the PDF of a text without one is the same, byte for byte."""
    text = "我们要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。" * 3

    def pdf() -> bytes:
        document = typeset_html(f'<html lang="zh-CN"><body style="margin: 0; width: 200pt; font: 16pt/24pt '
                                f"'Noto Serif CJK SC'; text-align: justify; {GRID}\"><p>{text}</p></body></html>",
                                Typesetting())
        with weasy.inter_character_justification():
            return bytes(weasyprint.HTML(string=document).write_pdf(
                stylesheets=[weasyprint.CSS(string=TYPESET_CSS)]))

    now = pdf()
    monkeypatch.setattr(weasy, "HAN_WESTERN_FIRST", False)
    assert pdf() == now
    assert len(pymupdf.open(stream=now)[0].get_text().splitlines()) > 5


def test_the_extension_calls_a_line_loose_where_proof_does() -> None:
    assert weasy.VISIBLE_LOOSE_EM == LOOSE_EM


# --------------------------------------------------------------------------- the chains, as arithmetic


def drawn_gaps(chars: str, priority: float) -> list[float]:
    """How each gap between `chars` grows, drawn (`spacing.DRAWN_RIGHT`), under the chain's corrections."""
    corrections = spacing._priority_corrections(list(chars), priority)
    right = spacing.DRAWN_RIGHT
    return [(0.5 if index == 0 else 1 - right) * corrections[index] + right * corrections[index + 1]
            for index in range(len(chars) - 1)]


@pytest.mark.parametrize("chars", ["中年2020年中", "从2020年至2025年的", "增长GDP的", "1955年的", "年份2020"])
def test_a_chain_widens_the_han_western_gaps_alone(chars: str) -> None:
    grown = drawn_gaps(chars, 4.0)
    for index, gap in enumerate(grown):
        wanted = 4.0 if spacing.is_priority_gap(chars[index], chars[index + 1]) else 0.0
        assert gap == pytest.approx(wanted, abs=0.15), (chars, index, grown)
    assert spacing.priority_weight(chars) == pytest.approx(spacing.priority_gaps(chars), abs=0.05)


def test_a_chain_never_passes_through_a_word() -> None:
    """增长 between two words: giving both its outer gaps space would spread a word's letters apart;
    those gaps go without (and the line's slack goes to its other gaps)."""
    corrections = spacing._priority_corrections(list("AB增长CD"), 4.0)
    assert max(abs(value) for value in corrections) < 0.5
    assert spacing.priority_weight("AB增长CD") < 0.1
    # odd runs of Han characters can take it without touching the words
    corrections = spacing._priority_corrections(list("AB增长率CD"), 4.0)
    assert all(abs(value) < 0.2 for value in (*corrections[:2], *corrections[-2:]))
    assert spacing.priority_weight("AB增长率CD") == pytest.approx(2, abs=0.1)


def test_letter_spacing_ranges_carry_the_chain() -> None:
    # each Han character a value of its own, the digits none (they keep the base letter spacing)
    ranges = spacing.letter_spacing_ranges("中年2020年中", 0.0, 1.0, priority=4.0)
    assert [start for start, _, _ in ranges] == [0, 3, 10, 13]  # bytes: 中 年 | 2020 | 年 中
    assert spacing.letter_spacing_ranges("中文中", 0.0, 1.0, priority=4.0) == [(0, 9, 1.0)]
