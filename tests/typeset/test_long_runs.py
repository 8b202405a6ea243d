"""Long unbreakable Latin and digit runs in Chinese paragraphs, built to PDF and read back.

`tests/data/typeset/long-runs.md` holds two long URLs, a 52-letter word (longer than a line) and a
40-digit number. A URL breaks after its delimiters (U+200B from `typeset/cjk.py`), the word where the
line ends (`cjk.break_anywhere`, applied by `typeset/weasy.py`), and no line is justified with gaps
wide enough for pdftotext to read spaces (`weasy.MAX_GAP_EM`): such a line would be left short.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from types import ModuleType

import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.model import Paragraph
from reportpress.reader import read_source
from reportpress.typeset.weasy import MAX_GAP_EM
from tests.conftest import REPO
from tests.pdfread import FOLIO, Glyph, glyphs, pdftotext, shown_text

LONG_RUNS = REPO / "tests" / "data" / "typeset" / "long-runs.md"


@pytest.fixture(scope="module")
def long_runs_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(LONG_RUNS, formats=["pdf"], out_dir=tmp_path_factory.mktemp("long-runs")).outputs["pdf"]


def test_pdftotext_gives_back_the_source_text(long_runs_pdf: Path) -> None:
    raw = pdftotext(long_runs_pdf)
    assert "\u200b" not in raw and "\u2060" not in raw
    joined = "".join(line for line in raw.splitlines() if not FOLIO.fullmatch(line.strip()))
    document = read_source(LONG_RUNS)
    paragraphs = [shown_text(block.inlines, document) for block in document.blocks if isinstance(block, Paragraph)]
    assert len(paragraphs) == 5
    for text in paragraphs:  # every character, in order, and not one space added
        assert text in joined, text


def test_typocheck_finds_no_defect(long_runs_pdf: Path, typocheck: ModuleType) -> None:
    """No overfull line, no 禁则 break; and no short line either: the URLs break at their delimiters,
    the word where the line ends, and the line before the number gives it a character or two — except a
    line that no break can fill and that is spread to the widest gap the text layer allows.

    That is `example.gov.cn/…/detail?itemId=` in FandolFang, whose Latin letters are 8 % narrower than
    Noto Serif CJK SC's: `310109000000&` does not fit after it, `zwfw.` cannot come down without leaving
    the line before too loose, and filling it would take gaps of 0.101 em, past `weasy.MAX_GAP_EM`, where
    pdftotext reads spaces into the URL. It is left 4.5 pt short, its letters spread to the cap."""
    counts, examples = typocheck.check(str(long_runs_pdf), 442.2)
    assert {key: counts[key] for key in ("overfull", "kinsoku")} == dict.fromkeys(("overfull", "kinsoku"), 0), \
        dict(examples)
    lines: dict[tuple[int, float], list[Glyph]] = {}
    for glyph in glyphs(long_runs_pdf):
        lines.setdefault((glyph.page, round(glyph.origin_y, 1)), []).append(glyph)
    for page, end, short in examples.get("ragged", []):
        [line] = [sorted(line, key=lambda g: g.origin_x) for (number, _), line in lines.items()
                  if number == page and "".join(g.char for g in sorted(line, key=lambda g: g.origin_x)).endswith(end)]
        widest = max(b.origin_x - a.x1 for a, b in itertools.pairwise(line)) / 16
        assert widest == pytest.approx(MAX_GAP_EM, abs=0.005), (end, widest)
        assert short < 0.5 * 16, (end, short)
    assert counts["ragged"] <= 1, dict(examples)


def test_no_glyph_passes_the_text_block(long_runs_pdf: Path) -> None:
    text_width = builtin_layout("gov-report").page.text_width
    body = [glyph for glyph in glyphs(long_runs_pdf) if abs(glyph.size - 16) < 0.1]
    assert {"Z", "0", "l"} <= {glyph.char for glyph in body}
    for page in {glyph.page for glyph in body}:
        on_page = [glyph for glyph in body if glyph.page == page]
        right = min(glyph.x0 for glyph in on_page) + text_width  # continuation lines start at the left edge
        # the grid's negative letter spacing lets a line's last em box pass the edge by ~0.3 pt
        beyond = [glyph.char for glyph in on_page if glyph.x1 > right + 0.5]
        assert beyond == [], beyond
