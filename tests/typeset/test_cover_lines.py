"""The cover's subtitle and speaker, and any centred block whose lines must not grow downward
(`Measure.descending`): lines that keep words and session names whole and go from longer to shorter;
a size smaller (`cover_line_size`), then a line more, when no break at the role's size does so, and
the least cut (a name's joint) only when neither does (typeset/balance.py).

Read back from the built outputs: the PDF's cover lines from PyMuPDF's glyph origins and sizes, the
DOCX's from its XML (`w:br`, `w:sz`), and typocheck (the shared yardstick) on the PDF."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pymupdf
import pytest

from reportpress.build import build
from reportpress.layouts import Layout, builtin_layout
from reportpress.typeset import balance
from reportpress.typeset.balance import Measure, balanced_lines, break_lines, jieba_dictionary, split_at
from tests.writers.docx.test_docx_libreoffice import convert
from tests.writers.test_titles_balance import docx_paragraphs, paragraph_lines

pytestmark = pytest.mark.skipif(jieba_dictionary() is None, reason="jieba (a dependency) is not installed")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUBTITLE_PT = 16.0  # gov-report's subtitle and speaker: 三号
TYPOCHECK_SIDE = 1.5  # pt: typocheck reads a line ending this much short of the edge as ragged

# subtitles naming a session, each too long for one line of 三号, whose only break outside the name
# leaves the upper line the shorter (the old cover cut the name instead: `第十五届全国 / 人民代表大会…`)
SESSIONS = (
    ("——2031年4月8日在第十五届全国人民代表大会第三次会议上", "第十五届全国人民代表大会第三次会议"),
    ("——2029年1月16日在白水市第九届人民代表大会第二次会议上", "第九届人民代表大会第二次会议"),
    ("——2030年1月10日在政协青山县第八届委员会第四次会议上", "政协青山县第八届委员会第四次会议"),
)
# no name in it, but its one break between whole words leaves 10 em above 18: the old cover grew downward
GROWING = "——在全省生态环境保护和绿色低碳高质量发展工作会议上的讲话"


@pytest.fixture(scope="module")
def layout() -> Layout:
    return builtin_layout("gov-report")


def cover_lines(pdf: Path, font: str = "Kai") -> list[tuple[str, float, float, float]]:
    """The cover's lines in the subtitle's 楷 face below the title: text, size, left and right edge
    (the first glyph's origin; the last's origin plus its size: a full-width glyph's advance, or its
    box's right edge when it is narrower), top to bottom."""
    with pymupdf.open(pdf) as document:
        rows: dict[float, list[tuple[float, float, str, float]]] = {}
        for block in document[0].get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if font not in span["font"]:
                        continue
                    for char in span["chars"]:
                        if char["c"].strip():
                            x = char["origin"][0]
                            right = x + span["size"] if ord(char["c"]) > 0x2000 else char["bbox"][2]
                            rows.setdefault(round(char["origin"][1], 1), []).append(
                                (x, right, char["c"], span["size"]))
    result = []
    for _, chars in sorted(rows.items()):
        chars.sort()
        result.append(("".join(c for _, _, c, _ in chars), chars[0][3], chars[0][0], chars[-1][1]))
    return result


def docx_cover_subtitle(docx: Path) -> tuple[list[str], int | None]:
    """The DOCX cover's subtitle paragraph (the first in the Subtitle style): its lines and its run's size."""
    paragraph = docx_paragraphs(docx, "Subtitle")[0]
    lines = paragraph_lines(paragraph)
    size = paragraph.find(f"{W}r/{W}rPr/{W}sz")
    snap = paragraph.find(f"{W}pPr/{W}snapToGrid")
    assert size is None or (snap is not None and snap.get(f"{W}val") in ("0", "false"))  # off the grid when smaller
    return lines, None if size is None else int(size.get(f"{W}val"))


def built_cover(tmp_path: Path, subtitle: str) -> dict[str, Path]:
    source = tmp_path / "cover.md"
    source.write_text(f"---\ntitle: 政府工作报告\nsubtitle: {subtitle}\nauthor: 青山县县长　李明\n"
                      "organization: 青山县人民政府\ndate: 2031-04-08\n---\n\n各位代表：\n\n正文。\n",
                      encoding="utf-8")
    return build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs


def subtitle_rows(pdf: Path, subtitle: str) -> list[tuple[str, float, float, float]]:
    """The cover's lines from the one the subtitle starts on to the one it ends on."""
    lines = cover_lines(pdf)
    first = next(index for index, row in enumerate(lines) if row[0] and subtitle.startswith(row[0]))
    rows = []
    for row in lines[first:]:
        rows.append(row)
        if len("".join(text for text, _, _, _ in rows)) >= len(subtitle):
            break
    assert "".join(row[0] for row in rows) == subtitle, lines
    return rows


# ------------------------------------------------------------------------------------ the breaker


@pytest.mark.parametrize(("subtitle", "name"), SESSIONS)
def test_a_cover_subtitle_keeps_its_sessions_name_on_one_line(subtitle: str, name: str, layout: Layout) -> None:
    assert len(balanced_lines(subtitle, "subtitle", layout)) == 2  # too long for one line at 三号
    lines = balanced_lines(subtitle, "cover-subtitle", layout)
    assert "".join(lines) == subtitle
    assert any(name in line for line in lines), lines  # not `第十五届全国 / 人民代表大会…`
    size = balance.cover_line_size(subtitle, "cover-subtitle", layout)
    assert balance.COVER_TITLE_FLOOR <= size < SUBTITLE_PT and size in balance.COVER_LINE_SIZES  # a 字号


def test_a_subtitle_with_a_whole_break_that_descends_keeps_its_size(layout: Layout) -> None:
    # a longer place before the name: its line, digits counted at their narrowest, is as long as the name's
    subtitle = "——2029年1月16日在白水市清河区第九届人民代表大会第二次会议上"
    assert balanced_lines(subtitle, "cover-subtitle", layout) == ["——2029年1月16日在白水市清河区",
                                                                  "第九届人民代表大会第二次会议上"]
    assert balance.cover_line_size(subtitle, "cover-subtitle", layout) == SUBTITLE_PT


def test_a_block_that_fits_at_its_size_is_not_set_smaller(layout: Layout) -> None:
    short = "——在青山县第九届人民代表大会第二次会议上"
    assert balanced_lines(short, "cover-subtitle", layout) == [short]
    assert balance.cover_line_size(short, "cover-subtitle", layout) == SUBTITLE_PT
    assert balance.cover_line_size("青山县县长　李明", "cover-author", layout) == SUBTITLE_PT


def test_a_descending_block_takes_a_line_more_rather_than_grow() -> None:
    # in two lines the only break between whole words leaves 4 em above 7; in three, 4, 4, 3
    text = "北京市、天津市、上海市"
    measure = Measure(8.0, descending=True)
    lines = split_at(text, break_lines(text, measure))
    assert lines == ["北京市、", "天津市、", "上海市"]
    grown = split_at(text, break_lines(text, Measure(8.0)))  # a display title may grow: 梯形 either way
    assert grown == ["北京市、", "天津市、上海市"]


def test_without_a_whole_break_that_descends_a_name_is_cut_at_its_joint(layout: Layout) -> None:
    # 35 em: no size down to 小四 holds it in one line, and every break outside the name grows
    subtitle = "——2027年1月9日在青山市浦江区第十七届人民代表大会第三次会议暨全区推进城市更新工作动员大会上"
    assert balance.cover_line_size(subtitle, "cover-subtitle", layout) == SUBTITLE_PT
    lines = balanced_lines(subtitle, "cover-subtitle", layout)
    assert lines == ["——2027年1月9日在青山市浦江区第十七届人民代表大会", "第三次会议暨全区推进城市更新工作动员大会上"]


# 38 em with its standing committee: no break outside the name, nor one at its joints, keeps the lower
# line the shorter at 60 % of the upper; at the joint before the committee the lower line is 13 em of 22.5
STANDING = "——2027年1月9日在青山市第十七届人民代表大会常务委员会第二十三次会议上"


def test_a_last_resort_descends_with_a_shorter_last_line_rather_than_grow(layout: Layout) -> None:
    assert balance.cover_line_size(STANDING, "cover-subtitle", layout) == SUBTITLE_PT
    assert balanced_lines(STANDING, "cover-subtitle", layout) == ["——2027年1月9日在青山市第十七届人民代表大会",
                                                                  "常务委员会第二十三次会议上"]


# ------------------------------------------------------------------------------------ the outputs


@pytest.mark.parametrize("subtitle", [SESSIONS[0][0], GROWING, STANDING])
def test_the_cover_subtitle_does_not_grow_and_typocheck_reads_no_ragged_line(
        subtitle: str, tmp_path: Path, typocheck: ModuleType) -> None:
    # GROWING: its natural break (between whole words, the old cover's) put the shorter line first
    outputs = built_cover(tmp_path, subtitle)
    rows = subtitle_rows(outputs["pdf"], subtitle)
    for (_, _, left, right), (_, _, lower_left, lower_right) in pairwise(rows):
        assert right - left >= lower_right - lower_left - 2 * TYPOCHECK_SIDE  # each line at least as long as the next
    assert all(size == pytest.approx(rows[0][1], abs=0.01) for _, size, _, _ in rows)
    counts, examples = typocheck.check(str(outputs["pdf"]))
    assert counts["ragged"] == 0, examples["ragged"]
    if subtitle == GROWING:
        assert len(rows) == 1 and rows[0][1] < SUBTITLE_PT - 0.25  # a size smaller: its one line


def test_the_docx_cover_subtitle_has_the_pdfs_lines_and_size(tmp_path: Path) -> None:
    subtitle, name = SESSIONS[1]
    outputs = built_cover(tmp_path, subtitle)
    rows = subtitle_rows(outputs["pdf"], subtitle)
    assert any(name in text for text, _, _, _ in rows)
    lines, half_points = docx_cover_subtitle(outputs["docx"])
    assert lines == [text for text, _, _, _ in rows]
    pdf_size = rows[0][1]
    assert pdf_size < SUBTITLE_PT - 0.25 and half_points == round(pdf_size * 2)
    # the speaker keeps its size in both: it fits one line of 三号
    speaker = [row for row in cover_lines(outputs["pdf"]) if row[0].startswith("青山县县长")]
    assert speaker and speaker[0][1] == pytest.approx(SUBTITLE_PT, abs=0.01)


def test_libreoffice_sets_the_smaller_subtitle_on_one_line(tmp_path: Path) -> None:
    # on the body's character grid each character would take the body's pitch, 16 pt, whatever its size:
    # the 13.5 pt line would wrap in Word and LibreOffice where the PDF's does not
    subtitle = "——2029年1月16日在白水市第九届人民代表大会第二次会议上"
    outputs = built_cover(tmp_path, subtitle)
    lines, half_points = docx_cover_subtitle(outputs["docx"])
    assert lines == [subtitle] and half_points is not None
    printed = convert(outputs["docx"], tmp_path / "lo")
    with pymupdf.open(printed) as document:
        chars = [(round(char["origin"][1]), char["c"]) for block in document[0].get_text("rawdict")["blocks"]
                 for line in block.get("lines", []) for span in line["spans"]
                 if abs(span["size"] - half_points / 2) < 0.1 for char in span["chars"] if char["c"].strip()]
    assert "".join(c for _, c in chars) == subtitle
    assert len({y for y, _ in chars}) == 1  # one baseline: one line
