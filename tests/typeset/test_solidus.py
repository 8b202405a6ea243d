"""The solidus (分隔号, GB/T 15834 §5.1.8) neither ends nor starts a line: `微克/立方米`, `30μg/m³` and
`2023/2024年` stay whole, where Pango (UAX #14: a break after class SY) would leave `/` at a line's end.
Each paragraph of the test source puts its slash one character further along, so that in one of every 28
the slash falls where a line would break. A URL keeps its breaks after slashes: it is Latin text.

Read back with PyMuPDF, the lines as drawn; the word joiners that do it never reach the text layer."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.proof import proof_pdf
from reportpress.typeset.chars import NO_END, NO_START, WORD_JOINER
from tests.typeset.test_call_line_start import _filler

SHIFTS = range(28)
UNITS = ("微克/立方米", "30μg/m³", "2023/2024年", "和／或")
URL = "https://www.example.gov.cn/zwgk/zfxxgk/fdzdgknr/ghjh/202401/t20240108_123456.html"


def _source() -> str:
    paragraphs = [f"{_filler(shift, number)}{unit}{_filler(40, shift + number)}。"
                  for shift in SHIFTS for number, unit in enumerate(UNITS)]
    paragraphs += [f"{_filler(shift)}（详见{URL}）{_filler(20, shift)}。" for shift in range(0, 28, 3)]
    return ("---\ntitle: 分隔号换行测试\ndate: 2026-12-02\nlang: zh-CN\nlayout: gov-report\n---\n\n"
            + "\n\n".join(paragraphs) + "\n")


@pytest.fixture(scope="module")
def solidus_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("solidus")
    source = folder / "solidus.md"
    source.write_text(_source(), encoding="utf-8")
    return build(source, formats=["pdf"], out_dir=folder / "out").outputs["pdf"]


def _lines(pdf: Path) -> list[str]:
    lines = []
    with pymupdf.open(pdf) as document:
        for page in document:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(span["text"] for span in line["spans"]).strip()
                    if text:
                        lines.append(text)
    return lines


def _tail(line: str) -> str:
    """The ASCII run a line ends with (a piece of the URL, on its lines)."""
    return re.search(r"[!-~]*$", line).group()  # type: ignore[union-attr]


def test_no_line_ends_or_starts_with_a_solidus(solidus_pdf: Path) -> None:
    lines = _lines(solidus_pdf)
    body = [line for line in lines if any(unit[:2] in line or unit[-2:] in line for unit in UNITS)]
    assert len(body) > 100  # the paragraphs' lines were read
    in_url = [line for line in lines if line.endswith("/") and len(_tail(line)) >= 4 and _tail(line) in URL]
    assert in_url  # the URL breaks after its slashes, as Latin text does
    assert [line for line in lines if line.endswith(("/", "／")) and line not in in_url] == []
    assert [line for line in lines if line.startswith(("/", "／"))] == []
    text = "".join(lines)
    assert WORD_JOINER not in text
    for unit in UNITS:  # each unit is printed whole, 28 times
        assert text.count(unit) == len(SHIFTS), unit


def test_the_glue_is_outside_urls_and_beside_spaces() -> None:
    from reportpress.typeset.cjk import solidus_glue_points

    assert list(solidus_glue_points("微克/立方米")) == [2, 3]
    assert list(solidus_glue_points("见 https://a.example.cn/b/c 和/或")) == [28, 29]
    assert list(solidus_glue_points("甲 / 乙")) == []  # spaced: the spaces are the breaks
    assert {"/", "／"} <= NO_END and {"/", "／"} <= NO_START  # the DOCX's kinsoku lists and proof's


def test_proof_finds_no_kinsoku_there_and_lets_urls_break_after_slashes(solidus_pdf: Path) -> None:
    report = proof_pdf(solidus_pdf, builtin_layout("gov-report"))
    assert [finding for finding in report.findings if finding.rule == "kinsoku"] == []
