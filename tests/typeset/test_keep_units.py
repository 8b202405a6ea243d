"""`[typesetting] keep_units` (gov-report's): a number is never parted from the 年, 月 or 日 after it —
`2026 / 年`, `3 / 月` (typography.md b2; the review of session 26). Each paragraph of the
test source puts its number one character further along, so that in one of every 28 the unit falls where
a line would break. Read back with PyMuPDF; the text layer keeps no joiner. Off, the breaks come back."""

from __future__ import annotations

import itertools
from pathlib import Path

import pymupdf

from reportpress.build import build
from reportpress.typeset.chars import UNITS, WORD_JOINER
from tests.typeset.test_call_line_start import _filler

SHIFTS = range(28)
FIGURES = ("2026年", "3月", "8日", "2027年底")
DIGIT = frozenset("0123456789")


def _source(layout: str = "gov-report") -> str:
    paragraphs = [f"{_filler(shift, number)}{figure}{_filler(40, shift + number)}。"
                  for shift in SHIFTS for number, figure in enumerate(FIGURES)]
    front = f"---\ntitle: 数字单位换行测试\ndate: 2024-01-01\nlayout: {layout}\n---\n\n"
    return front + "\n\n".join(paragraphs) + "\n"


def _lines(pdf: Path) -> list[str]:
    with pymupdf.open(pdf) as document:
        return [text for page in document for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", []) if (text := "".join(span["text"] for span in line["spans"]).strip())]


def _parted(lines: list[str]) -> list[str]:
    return [f"{a[-4:]} / {b[:3]}" for a, b in itertools.pairwise(lines)
            if a and b and a[-1] in DIGIT and b[0] in UNITS]


def test_no_number_is_parted_from_its_unit(tmp_path: Path) -> None:
    source = tmp_path / "units.md"
    source.write_text(_source(), encoding="utf-8")
    lines = _lines(build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"])
    assert len(lines) > 200
    assert _parted(lines) == []
    text = "".join(lines)
    assert WORD_JOINER not in text
    for figure in FIGURES:
        assert text.count(figure) == len(SHIFTS), figure


def test_off_the_breaks_come_back(tmp_path: Path) -> None:
    """A project layout that is gov-report with `keep_units = false`: some number is parted (the test
    above is not passing for a source where no unit ever reaches a line's start)."""
    layouts = Path(__file__).resolve().parents[2] / "layouts" / "gov-report"
    own = tmp_path / "layouts" / "loose-units"
    own.mkdir(parents=True)
    for file in layouts.iterdir():
        if file.is_file():
            data = file.read_text(encoding="utf-8").replace("keep_units = true", "keep_units = false")
            own.joinpath(file.name).write_text(data, encoding="utf-8")
    assert "keep_units = false" in (own / "layout.toml").read_text(encoding="utf-8")
    source = tmp_path / "source" / "units.md"
    source.parent.mkdir()
    source.write_text(_source("loose-units"), encoding="utf-8")
    lines = _lines(build(source, formats=["pdf"], out_dir=tmp_path / "out", project=tmp_path).outputs["pdf"])
    assert _parted(lines) != []
