"""Line adjustment in the PDF (`typeset/weasy.py`): the line-end closing mark set half width (行末点号
半角), pause marks pushed in (挤进), no 孤字 on a last line, and Latin text left to WeasyPrint.

Fixture paragraphs of our own, set 16 pt in a column of a chosen number of ems, read back with
PyMuPDF (glyph positions) and pdftotext (the text layer, which must stay the source text).
"""

from __future__ import annotations

import itertools
import subprocess
import unicodedata
from pathlib import Path

import pymupdf
import pytest
import weasyprint
from weasyprint.layout import block, inline

from reportpress.build import build
from reportpress.layouts import Typesetting, builtin_layout
from reportpress.proof import proof_pdf
from reportpress.typeset import TYPESET_CSS, typeset_html, weasy, weasyprint_extension
from reportpress.typeset.chars import is_han_like
from tests.conftest import SAMPLE_SOURCE

EM = 16.0  # pt
# distinct Han characters (千字文) for fixture paragraphs of a known width: each is 1 em
HAN = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光"
Line = list[dict[str, object]]


def render(body: str, ems: float, extension: bool = True, css: str = "") -> bytes:
    """`body` (text or <p> elements) set 16 pt, justified, in a column `ems` em wide, through the text pass."""
    paragraphs = body if body.startswith("<p") else f'<p style="margin: 0">{body}</p>'
    document = (f'<html lang="zh-CN"><body style="margin: 0; width: {ems * EM}pt; font: 16pt/24pt '
                f"'Noto Serif CJK SC'; text-align: justify; {css}\">{paragraphs}</body></html>")
    document = typeset_html(document, Typesetting())
    stylesheets = [weasyprint.CSS(string=TYPESET_CSS)]
    if not extension:
        return weasyprint.HTML(string=document).write_pdf(stylesheets=stylesheets)  # type: ignore[no-any-return]
    with weasyprint_extension():
        return weasyprint.HTML(string=document).write_pdf(stylesheets=stylesheets)  # type: ignore[no-any-return]


def lines_of(pdf: bytes) -> list[Line]:
    """The glyphs of each line (blanks left out), left to right, top to bottom."""
    rows: dict[float, Line] = {}
    for text_block in pymupdf.open(stream=pdf)[0].get_text("rawdict")["blocks"]:
        for line in text_block.get("lines", []):
            for span in line["spans"]:
                for char in span["chars"]:
                    if str(char["c"]).strip():
                        rows.setdefault(round(char["origin"][1], 1), []).append(char)
    return [sorted(chars, key=x) for _, chars in sorted(rows.items())]


def x(char: dict[str, object]) -> float:
    return char["origin"][0]  # type: ignore[index,no-any-return]


def text(line: Line) -> str:
    return "".join(str(char["c"]) for char in line)


def text_layer(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return "".join(out.split())


def han(count: int, start: int = 0) -> str:
    return HAN[start:start + count]


def characters(line: str) -> int:
    return sum(1 for char in line if unicodedata.category(char)[0] in ("L", "N"))


# ------------------------------------------------------------------------------------ 行末点号半角

def test_a_line_end_stop_hangs_half_an_em_to_keep_its_character(tmp_path: Path) -> None:
    """Ten characters and 。 are 11 em: in 10.5 em the 。 ends the line at half width (its blank half past
    the edge) instead of pushing 壬 over and leaving the line 1.5 em loose."""
    source = "甲乙丙丁戊己庚辛壬癸。子丑寅卯辰巳午未申酉戌亥。"
    pdf = render(source, 10.5)
    lines = lines_of(pdf)
    assert text(lines[0]) == "甲乙丙丁戊己庚辛壬癸。"
    edge = x(lines[0][0]) + 10.5 * EM
    assert x(lines[0][-1]) == pytest.approx(edge - EM / 2, abs=0.3)  # the mark's em box: half past the edge
    assert text_layer(pdf, tmp_path) == source


def test_a_line_end_closing_quote_hangs_too() -> None:
    """Six characters, “, three, ” are 11 em: in 10.5 em the ” hangs; without it 壬” would go down."""
    lines = lines_of(render("甲乙丙丁戊己“庚辛壬”子丑寅卯辰巳午未申酉戌亥。", 10.5))
    assert text(lines[0]) == "甲乙丙丁戊己“庚辛壬”"


# ------------------------------------------------------------------------------------------ 挤进

def test_a_loose_line_pushes_in_a_comma_to_take_in_one_more_character(tmp_path: Path) -> None:
    """In 10.75 em, ten characters leave 0.75 em: the eleventh fits once the ， gives up its blank half
    (the comma's glyph stays, what follows moves in), and the line reaches the edge."""
    source = "甲乙，丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。"
    pdf = render(source, 10.75)
    lines = lines_of(pdf)
    first = lines[0]
    assert text(first) == "甲乙，丙丁戊己庚辛壬癸"
    comma = text(first).index("，")
    assert x(first[comma + 1]) - x(first[comma]) == pytest.approx(EM / 2, abs=0.6)
    assert x(first[comma]) - x(first[comma - 1]) == pytest.approx(EM, abs=0.6)  # the comma did not move
    assert x(first[-1]) + EM == pytest.approx(x(first[0]) + 10.75 * EM, abs=0.5)
    assert text_layer(pdf, tmp_path) == source  # pdftotext keeps ，丙 in order


@pytest.mark.parametrize("spread", [True, False])
def test_what_the_marks_give_up_is_shared_among_the_lines_pause_marks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spread: bool) -> None:
    """In 11.5 em, 甲乙，丙丁，戊己，庚辛壬 is 12 em: half an em must go. Taken from one comma, that comma
    reads as a half-width mark of Latin text (`戊己,庚`, review, session 24); shared among the three,
    each gives a sixth of an em and keeps most of its blank. Off (`SPREAD_PUSH_IN`), the last comma
    alone gives its half, as before. The line's width is the same either way."""
    monkeypatch.setattr(weasy, "SPREAD_PUSH_IN", spread)
    source = "甲乙，丙丁，戊己，庚辛壬癸子丑寅卯辰巳午未申酉戌亥。"
    pdf = render(source, 11.5)
    first = lines_of(pdf)[0]
    assert text(first) == "甲乙，丙丁，戊己，庚辛壬"
    commas = [index for index, char in enumerate(text(first)) if char == "，"]
    advances = [x(first[index + 1]) - x(first[index]) for index in commas]
    if spread:
        assert advances == pytest.approx([EM * 5 / 6] * 3, abs=0.6), advances
    else:
        assert sorted(advances) == pytest.approx([EM / 2, EM, EM], abs=0.6), advances
    assert x(first[-1]) + EM == pytest.approx(x(first[0]) + 11.5 * EM, abs=0.5)
    assert text_layer(pdf, tmp_path) == source


def test_a_loose_line_pushes_in_a_closing_bracket_too(tmp_path: Path) -> None:
    """Brackets give way before pause marks (CLREQ #line_adjustment, reduction order step 4): in 10.75 em
    甲乙（丙）丁戊己庚辛 leave 0.75 em, and 壬 fits once the brackets give up half an em between them
    (shared, `SPREAD_PUSH_IN`: a quarter each side of 丙)."""
    source = "甲乙（丙）丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。"
    pdf = render(source, 10.75)
    first = lines_of(pdf)[0]
    assert text(first) == "甲乙（丙）丁戊己庚辛壬"
    bracket = text(first).index("）")
    # 乙（丙）丁: 4 em less half, and the line's justification over its gaps
    assert x(first[bracket + 1]) - x(first[bracket - 3]) == pytest.approx(3.5 * EM, abs=2)
    assert EM / 2 - 0.6 <= x(first[bracket + 1]) - x(first[bracket]) <= EM + 0.6
    assert x(first[-1]) + EM == pytest.approx(x(first[0]) + 10.75 * EM, abs=0.5)
    assert text_layer(pdf, tmp_path) == source


def test_a_loose_line_pushes_in_an_opening_quote(tmp_path: Path) -> None:
    """An opening mark gives up its blank half on the left (the U+200B before it takes −½ em): in 10.5 em
    甲…壬 leave 1.5 em, and “癸, which must stay together, fit once the “ moves in against 壬."""
    source = "甲乙丙丁戊己庚辛壬“癸子”丑寅卯辰巳午未申酉戌亥。"
    pdf = render(source, 10.5)
    first = lines_of(pdf)[0]
    assert text(first) == "甲乙丙丁戊己庚辛壬“癸"
    quote = text(first).index("“")
    assert x(first[quote]) - x(first[quote - 1]) == pytest.approx(EM / 2, abs=0.6)
    assert x(first[quote + 1]) - x(first[quote]) == pytest.approx(EM, abs=0.6)  # the quote's glyph kept its box
    assert text_layer(pdf, tmp_path) == source


def test_a_line_seen_as_loose_takes_a_character_from_the_line_before(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """In 20 em, the second line ends before a Latin run that cannot start it: 1 em over its 18 gaps,
    1.1 pt each, a loose line to `reportpress proof`, though within the cap. The first line gives it 来,
    its eight Han–Western gaps (天1地2玄3黄4) taking most of the em it then has: neither line is loose."""
    source = f"天1地2玄3黄4{han(33, 4)}ABCDEFGHIJKL{han(12, 40)}。"

    def han_gaps(line: Line) -> float:
        pitches = [x(b) - x(a) - EM + 0.21 for a, b in itertools.pairwise(line)
                   if is_han_like(str(a["c"])) and is_han_like(str(b["c"]))]
        return sorted(pitches)[len(pitches) // 2]

    monkeypatch.setattr(weasy, "SPREAD_BEFORE", False)  # the rule tested here alone, not the lines before sending on
    monkeypatch.setattr(weasy, "REBALANCE_VISIBLE", False)
    before = lines_of(render(source, 20, css="letter-spacing: -0.21pt"))
    assert han_gaps(before[1]) > 0.6 * 1.5
    monkeypatch.setattr(weasy, "REBALANCE_VISIBLE", True)
    pdf = render(source, 20, css="letter-spacing: -0.21pt")
    lines = lines_of(pdf)
    assert text(lines[1]).startswith(text(before[0])[-1])
    assert max(han_gaps(lines[0]), han_gaps(lines[1])) < 0.6
    assert text_layer(pdf, tmp_path) == source


# ------------------------------------------------------------------------------------------ 孤字

@pytest.mark.parametrize("source", [
    han(28) + "。",  # in 27 em: 27 characters, then `X。` alone
    f"<strong>{han(20)}</strong>{han(8, 20)}。",
])
def test_no_last_line_of_one_character(source: str, tmp_path: Path) -> None:
    """The line before gives a character down (it stays within the justification limits)."""
    pdf = render(source, 27)
    lines = lines_of(pdf)
    assert len(lines) == 2
    assert characters(text(lines[-1])) >= 2
    assert x(lines[0][-1]) + EM == pytest.approx(x(lines[0][0]) + 27 * EM, abs=0.5)  # still justified
    assert text_layer(pdf, tmp_path) == source.replace("<strong>", "").replace("</strong>", "")


def test_a_lone_last_character_is_taken_into_the_line_before_when_marks_can_give_way() -> None:
    """28 em of text and 。 in 28 em: with the 。 hanging and a pause mark pushed in, one line."""
    lines = lines_of(render(f"{han(4)}，{han(6, 4)}、{han(16, 10)}。", 28))
    assert len(lines) == 1


def test_a_heading_keeps_no_lone_character() -> None:
    lines = lines_of(render(f'<h2 style="margin: 0; font-size: 16pt; text-align: left">{han(29)}</h2>', 28))
    assert len(lines) == 2 and characters(text(lines[-1])) >= 2


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path_factory.mktemp("sample")).outputs["pdf"]


def test_the_sample_has_no_lone_last_characters_and_few_loose_lines(sample_pdf: Path) -> None:
    """`reportpress proof` over the sample: 孤字 were 6, loose lines 32 before line adjustment."""
    counts = proof_pdf(sample_pdf, builtin_layout("gov-report")).counts
    assert counts["orphan-char"] == 0
    assert counts["loose-line"] <= 10


# ------------------------------------------------------------------------------------------ Latin

LATIN = [
    "The State Council approved the plan on 5 March, and the ministries are to report on it by the end of"
    " the year, with figures for every province and a summary of what remains to be done.",
    "Smith, J. and Li, W. (2020). Urban renewal and public finance. Journal of Regional Studies 12(3): 45-67."
    " https://example.org/journals/regional-studies/2020/volume-12/issue-3/article-45",
]


@pytest.mark.parametrize("source", LATIN)
def test_latin_paragraphs_are_set_as_weasyprint_sets_them(source: str) -> None:
    """Word spacing, not letter spacing: every glyph where plain WeasyPrint puts it."""
    ours, plain = lines_of(render(source, 20)), lines_of(render(source, 20, extension=False))
    assert [text(line) for line in ours] == [text(line) for line in plain]
    for mine, theirs in zip(ours, plain, strict=True):
        assert [round(x(char), 2) for char in mine] == [round(x(char), 2) for char in theirs]


def test_weasyprint_extension_is_a_reentrant_context_manager() -> None:
    originals = inline.justify_line, inline.text_align, block.iter_line_boxes
    with weasyprint_extension(), weasyprint_extension():
        assert inline.justify_line is not originals[0] and block.iter_line_boxes is not originals[2]
    assert (inline.justify_line, inline.text_align, block.iter_line_boxes) == originals


# ------------------------------------------------------------------------------------------- grid

@pytest.mark.parametrize("family", ["Noto Sans CJK SC", "Noto Serif CJK SC"])
def test_every_cjk_line_centres_its_em_box_on_the_grid(family: str) -> None:
    """Noto CJK's hhea ascent and descent (1.16/0.288 em in the Sans) are not its em box (0.88/0.12):
    a heading set in it sat 0.9 pt low. Each line's em box is centred in its 28.95 pt line, whatever
    the font, so the baselines keep to one grid with the body's."""
    pitch = 28.95
    document = (f'<html lang="zh-CN"><head><style>@page {{ margin: 0 }} body {{ margin: 0; font-size: 16pt;'
                f" line-height: {pitch}pt; width: 20em }} h2 {{ margin: 0; font: inherit; font-family: '{family}' }}"
                "p { margin: 0; font-family: 'Noto Serif CJK SC' }</style></head><body>"
                f"<h2>一、二〇一九年工作回顾</h2><p>{han(30)}</p></body></html>")
    with weasyprint_extension():
        pdf = weasyprint.HTML(string=typeset_html(document, Typesetting())).write_pdf()
    baselines = [line[0]["origin"][1] for line in lines_of(pdf)]  # type: ignore[index]
    assert len(baselines) == 3
    for number, baseline in enumerate(baselines):
        assert baseline == pytest.approx(number * pitch + pitch / 2 + 0.38 * EM, abs=0.1)


def test_the_switches_bring_the_defects_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a fix switched off (how `proof`'s tests build a PDF that shows the defect): 孤字, loose lines."""
    monkeypatch.setattr(weasy, "NO_LONE_CHARACTERS", False)
    lines = lines_of(render(han(28) + "。", 27))
    assert characters(text(lines[-1])) == 1
    monkeypatch.setattr(weasy, "LINE_ADJUSTMENT", False)
    assert text(lines_of(render("甲乙丙丁戊己庚辛壬癸。子丑寅卯辰巳午未申酉戌亥。", 10.5))[0]) == "甲乙丙丁戊己庚辛壬"


def test_the_grid_switch_brings_the_hhea_baseline_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasy, "EM_BOX_GRID", False)
    document = ('<html lang="zh-CN"><head><style>@page { margin: 0 } body { margin: 0; font: 16pt/28.95pt '
                "'Noto Sans CJK SC' }</style></head><body><p>一、二〇一九年工作回顾</p></body></html>")
    with weasyprint_extension():
        pdf = weasyprint.HTML(string=document).write_pdf()
    assert lines_of(pdf)[0][0]["origin"][1] > 28.95 / 2 + 0.38 * EM + 0.5  # type: ignore[index]


def test_marks_of_two_sizes_give_what_the_fewest_would_have_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_spread_push_in` on marks of 16 and 8 pt (half an em: 8 and 4 px): shared, the small one gives
    its most and the others the rest — in all what the fewest gave; off, the fewest, as before."""
    order = [("a", 1, 8.0, False), ("b", 2, 4.0, False), ("c", 3, 8.0, False)]
    shared = weasy._spread_push_in(order, 1)
    assert sum(amount for *_, amount in shared) == pytest.approx(8.0)
    assert all(amount <= half + 1e-9 for (*_, amount), (_, _, half, _) in zip(shared, order, strict=True))
    both = weasy._spread_push_in(order, 2)
    assert sum(amount for *_, amount in both) == pytest.approx(12.0)
    monkeypatch.setattr(weasy, "SPREAD_PUSH_IN", False)
    assert weasy._spread_push_in(order, 2) == [("a", 1, 8.0), ("b", 2, 4.0)]


@pytest.mark.parametrize("most", [weasy.PUSH_IN_EM, 0.5])
def test_a_line_that_is_not_loose_sets_no_mark_half_width_to_take_one_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, most: float) -> None:
    """In 20.5 em, twenty characters leave half an em over 19 gaps (0.42 pt each: not loose). The 21st
    would fit if the line's one comma gave its whole blank half, which reads as Latin text's comma
    (`36期,培训`, review, session 26): it gives a quarter at most (`PUSH_IN_EM`), so the line keeps its
    twenty and the comma its full width; at 0.5 (before) it took the 21st in."""
    monkeypatch.setattr(weasy, "PUSH_IN_EM", most)
    source = "甲乙，" + han(40, 3) + "。"
    pdf = render(source, 20.5)
    first = lines_of(pdf)[0]
    comma = text(first).index("，")
    advance = x(first[comma + 1]) - x(first[comma])
    if most == 0.5:
        assert len(text(first)) == 21 and advance == pytest.approx(EM / 2, abs=0.6)
    else:
        assert len(text(first)) == 20 and advance >= 0.75 * EM
    assert x(first[-1]) + EM == pytest.approx(x(first[0]) + 20.5 * EM, abs=0.5)  # justified either way
    assert text_layer(pdf, tmp_path) == source
