"""Long unbreakable Latin and digit runs in Chinese paragraphs, built to PDF and read back.

`tests/data/typeset/long-runs.md` holds two long URLs, a 52-letter word (longer than a line) and a
40-digit number. A URL breaks after its delimiters (U+200B from `typeset/cjk.py`), the word where the
line ends (`cjk.break_anywhere`, applied by `typeset/weasy.py`), and no line is justified with gaps
wide enough for pdftotext to read spaces (`weasy.MAX_GAP_EM`): such a line would be left short.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from reportpress.build import build
from reportpress.layouts import load_layout
from reportpress.model import Paragraph
from reportpress.reader import read_source
from tests.conftest import REPO
from tests.pdfread import FOLIO, glyphs, pdftotext, shown_text

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
    the word where the line ends, and the line before the number gives it a character or two."""
    counts, examples = typocheck.check(str(long_runs_pdf), 442.2)
    assert {key: counts[key] for key in ("overfull", "kinsoku", "ragged")} == dict.fromkeys(
        ("overfull", "kinsoku", "ragged"), 0), dict(examples)


def test_no_glyph_passes_the_text_block(long_runs_pdf: Path) -> None:
    text_width = load_layout("gov-report").page.text_width
    body = [glyph for glyph in glyphs(long_runs_pdf) if abs(glyph.size - 16) < 0.1]
    assert {"Z", "0", "l"} <= {glyph.char for glyph in body}
    for page in {glyph.page for glyph in body}:
        on_page = [glyph for glyph in body if glyph.page == page]
        right = min(glyph.x0 for glyph in on_page) + text_width  # continuation lines start at the left edge
        # the grid's negative letter spacing lets a line's last em box pass the edge by ~0.3 pt
        beyond = [glyph.char for glyph in on_page if glyph.x1 > right + 0.5]
        assert beyond == [], beyond
