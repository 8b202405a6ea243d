"""Full pages, one line shorter (typeset/pages.py `shorter_modes`, weasy `_mode_at`): a paragraph set one
line shorter tightens the fewest lines it takes, from its end backwards (what they take in is what its
last line held), and its lines above them are set as they are without the change, glyph for glyph.

The source, of our own making: page 4 (the body's second) opens with a paragraph of 23 lines, a comma
every ten characters (every line could push marks in), its last line of five characters; one line over
the foot, `widows: 2` would leave page 4 a line short. Set one line shorter it ends at the foot. Built as
`reportpress build` does, read back with pymupdf (the glyphs' positions) and `reportpress proof`."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from reportpress.build import build
from reportpress.reader import read_source
from reportpress.typeset import pages, weasy
from tests.pdfread import block_paragraph_texts, body_text, find_in_order
from tests.typeset.test_full_pages import SHORT_PAGE, han_paragraph, source, with_commas
from tests.typeset.test_pages_before import blocks, findings

LAST_LINE = 5  # the characters of the long paragraph's last line: 23 lines of 28, an indent of two
LONG = with_commas(han_paragraph(22 * 28 - 2 + LAST_LINE, 9))
# page 3 (under the title) holds 19 lines: 8, 8 and 3; page 4 opens with the long paragraph
TEXT = source(han_paragraph(200, 0), han_paragraph(200, 1), han_paragraph(70, 2), LONG, han_paragraph(200, 10),
              han_paragraph(200, 11))


def glyph_lines(pdf: Path, number: int) -> list[tuple[tuple[str, float], ...]]:
    """The text lines of a page, top down: each its glyphs and where each is drawn (x, in pt)."""
    rows: dict[float, list[tuple[str, float]]] = {}
    with pymupdf.open(pdf) as document:
        for block in document[number - 1].get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for char in span["chars"]:
                        rows.setdefault(round(char["origin"][1], 1), []).append(
                            (char["c"], round(char["origin"][0], 2)))
    return [tuple(sorted(row, key=lambda glyph: glyph[1])) for _, row in sorted(rows.items())]


def build_pdf(out: Path, full_pages: bool, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(weasy, "FULL_PAGES", full_pages)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(TEXT, encoding="utf-8")
    return build(out / "report.md", formats=["pdf"], out_dir=out).outputs["pdf"]


def unchanged(pdf: Path, plain: Path) -> int:
    """How many of page 4's lines, from its top, are drawn as without full pages (the long paragraph's)."""
    lines = zip(glyph_lines(pdf, SHORT_PAGE), glyph_lines(plain, SHORT_PAGE)[:22], strict=False)
    return next((number for number, (line, as_it_was) in enumerate(lines) if line != as_it_was), 22)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        return build_pdf(tmp_path_factory.mktemp("plain"), False, patch)


def test_a_paragraph_set_shorter_tightens_only_its_last_lines(plain: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert findings(plain) == [("short-page", SHORT_PAGE)]
    assert blocks(plain)[SHORT_PAGE] == [21]  # 21 lines of the long paragraph, its last two on page 5
    pdf = build_pdf(tmp_path / "on", True, monkeypatch)
    assert findings(pdf) == []
    assert blocks(pdf)[SHORT_PAGE] == [22] and blocks(pdf)[SHORT_PAGE + 1][0] == 8  # it lost its line
    # each tightened line takes in a character or more: its last five lines (one try more: eight) are
    # enough, and the fourteen lines above them are drawn glyph for glyph as the paragraph came
    assert unchanged(pdf, plain) >= 22 - LAST_LINE - pages.SHORTER_MORE
    document = read_source(tmp_path / "on" / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []


def test_every_line_tightened_was_the_rule_before(plain: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The paragraph's lines all tightened (`shorter:0`, what a shorter layout did before): it loses
    its line too, but its first line takes in more already (its commas pushed in)."""
    monkeypatch.setattr(pages, "fewest_tightened", lambda lines, reach: len(lines) - 1)
    pdf = build_pdf(tmp_path / "every", True, monkeypatch)
    assert findings(pdf) == []
    assert blocks(pdf)[SHORT_PAGE] == [22]
    assert unchanged(pdf, plain) == 0
