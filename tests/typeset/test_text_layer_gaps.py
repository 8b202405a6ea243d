"""No Han–Western gap grows into a space of the text layer (README: the text layer is the source text).

A gap inside a text box gets its priority space through a chain of letter spacings (`spacing._unit_corrections`),
a least-squares fit that lets one Han–Western gap go past its share when a short number or word sits
between two of them (连续5年, 990,000,000元, GDP比): past `weasy.MAX_GAP_EM`, pdftotext reads a space there.
Paragraphs of our own (numbers and Latin words between Han characters, some pushed to the next line) set
16 pt with the grid's letter spacing in columns of many widths, read back with pdftotext and PyMuPDF.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest

from reportpress.typeset import spacing, weasy
from tests.typeset.test_line_adjustment import EM, lines_of, render

GRID = "letter-spacing: -0.21pt"
# the three corpus lines' sentences (jiangxi-2026-web, wikisource-1956-budget), then ones of our own: a
# long number or Latin word pushed to the next line, digits and Han mixed
PARAGRAPHS = (
    "水质监测方面，赣江干流断面连续5年保持Ⅱ类水质，国务院实行最严格水资源管理制度考核连续8年优秀。",
    "关税、盐税收入共为990,000,000元，比1955年决算数增长百分之十以上，其他各项收入共为一千元。",
    "占GDP比重达9.5%左右，助力制造业向新发展、乘数而上，全年规模以上工业增加值增长了很多。",
    "项目编号为第3批第7号，合同金额共计12,345,678元，采用BIM技术完成第5期工程建设任务并于2026年通过验收。",
)
COLUMNS = [400.0 + step * 2.5 for step in range(17)]  # pt: 25 to 27.5 em, where the three lines broke
# a gap pdftotext reads as a space between a Han character and a Western letter or digit, or back
HAN, WESTERN = "[\u4e00-\u9fff]", "[0-9A-Za-z%\u2160-\u217f]"
SPACED = re.compile(f"{HAN}[ \u00a0]+{WESTERN}|{WESTERN}[ \u00a0]+{HAN}")


def _pdf(width: float) -> bytes:
    body = "".join(f'<p style="margin: 0 0 24pt">{paragraph}</p>' for paragraph in PARAGRAPHS)
    return render(body, width / EM, css=GRID)


def _text_layer(pdf: bytes, path: Path) -> str:
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def pdfs() -> dict[float, bytes]:
    return {width: _pdf(width) for width in COLUMNS}


def test_pdftotext_reads_no_space_beside_a_number_or_word_in_any_column(pdfs: dict[float, bytes],
                                                                          tmp_path: Path) -> None:
    spaced = []
    for width, pdf in pdfs.items():
        layer = _text_layer(pdf, tmp_path / f"{width}.pdf")
        spaced += [(width, match.group()) for match in SPACED.finditer(layer)]
        # and the paragraphs read back as their source, line ends aside
        assert "".join(layer.split()) == "".join(PARAGRAPHS), width
    assert spaced == []


def test_no_han_western_gap_is_wider_than_the_cap(pdfs: dict[float, bytes]) -> None:
    """The drawn gaps (PyMuPDF) of every justified line: none past MAX_GAP_EM (the grid's spacing included)."""
    # pt; WeasyPrint writes glyph offsets in whole thousandths of the font size, and each end of a gap
    # rounds: 0.001 em of slack (the old chains went 0.007 em past)
    cap = (weasy.MAX_GAP_EM + 0.001) * EM
    wide = []
    for width, pdf in pdfs.items():
        for line in lines_of(pdf):
            for before, after in itertools.pairwise(line):
                pair = str(before["c"]) + str(after["c"])
                if spacing.is_priority_gap(pair[0], pair[1]):
                    gap = after["origin"][0] - before["bbox"][2]  # type: ignore[index,operator]
                    if gap > cap:
                        wide.append((width, pair, round(gap / EM, 4)))
    assert wide == []


@pytest.mark.parametrize(("text", "peak"), [("连续5年保持Ⅱ类水质", 1.05), ("共为990,000,000元，比1955年决算", 1.05),
                                            ("占GDP比重达9.5%左右", 1.05)])
def test_a_chain_between_two_priority_gaps_gives_one_more_than_its_share(text: str, peak: float) -> None:
    """What the cap divides the room of a text box's Han–Western gaps by: the widest such gap, drawn, per 1."""
    assert spacing.priority_peak(text) > peak


def test_a_text_box_without_a_han_western_gap_has_no_peak() -> None:
    assert spacing.priority_peak("天地玄黄宇宙") == 0.0
    assert spacing.priority_peak("12,345") == 0.0


def test_a_lone_han_western_gap_gets_its_share() -> None:
    assert spacing.priority_peak("面连续5年保") == pytest.approx(1.0, abs=0.01)
