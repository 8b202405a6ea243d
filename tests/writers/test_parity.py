"""Duplex parity and the folio's distance (issue 12, items 1 and 6): with a mirrored layout the body's page
— 1 — is a recto (an odd PDF page) whatever covers come before it, a back cover is the last verso, and the
top of the folio's dash lies `[folio] distance` (7 mm) below the text block. Read back with pypdf, PyMuPDF
and `reportpress proof`."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pymupdf
import pypdf
import pytest

from reportpress.build import build
from reportpress.fonts import builtin_fonts_dirs
from reportpress.layouts import Layout, builtin_layout
from reportpress.model import Meta
from reportpress.proof import proof_pdf
from reportpress.proof.pdf import read_pdf
from reportpress.writers.covers import starts_on_recto
from reportpress.writers.pdf.folio import FALLBACK, FolioMetrics, face_metrics, folio_metrics, folio_padding
from reportpress.writers.pdf.merge import PdfInfo, merge_pdf
from tests.conftest import SAMPLE_SOURCE
from tests.pdfread import MM, pdftotext

A4 = (595.276, 841.89)
INFO = PdfInfo(title="题", author="", subject="", keywords="", creator="", producer="", date="D:20200108000000+00'00'")


@pytest.fixture(scope="module")
def layout() -> Layout:
    return builtin_layout("gov-report")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path_factory.mktemp("parity")).outputs["pdf"]


def pages_pdf(count: int, text: str) -> bytes:
    """`count` A4 pages reading `text 1`, `text 2` …; with an outline entry per page."""
    with pymupdf.open() as document:
        for number in range(1, count + 1):
            document.new_page(width=A4[0], height=A4[1]).insert_text((72, 72), f"{text} {number}")
        document.set_toc([[1, f"{text} {number}", number] for number in range(1, count + 1)])
        return document.tobytes()


def page_texts(data: bytes) -> list[str]:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return [page.get_text().strip() for page in document]


# ------------------------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(("mirror", "duplex", "recto"), [
    (True, False, True), (True, True, True), (False, True, True), (False, False, False)])
def test_a_mirrored_layout_always_starts_the_body_on_a_recto(layout: Layout, mirror: bool, duplex: bool,
                                                             recto: bool) -> None:
    laid_out = dataclasses.replace(layout, page=dataclasses.replace(layout.page, mirror=mirror))
    assert starts_on_recto(Meta(title="题", duplex=duplex), laid_out) is recto


# ------------------------------------------------------------------------------------------- the merge


@pytest.mark.parametrize("front_pages", [0, 1, 2, 3])
@pytest.mark.parametrize("back_pages", [0, 1, 2])
def test_body_on_an_odd_page_and_back_cover_on_the_last_verso_for_any_cover_count(front_pages: int,
                                                                                  back_pages: int) -> None:
    body = pages_pdf(3, "body")
    front = [pages_pdf(front_pages, "front")] if front_pages else []
    back = [pages_pdf(back_pages, "back")] if back_pages else []
    merged = merge_pdf(body, front=front, back=back, duplex=True, info=INFO)
    texts = page_texts(merged.data)
    assert merged.body_start % 2 == 0  # 0-based: PDF page body_start + 1 is odd, a recto
    assert texts[:front_pages] == [f"front {n}" for n in range(1, front_pages + 1)]
    assert texts[front_pages:merged.body_start] == [""] * (merged.body_start - front_pages)  # a blank verso
    assert texts[merged.body_start:merged.body_start + 3] == ["body 1", "body 2", "body 3"]
    if back_pages:
        assert len(texts) % 2 == 0  # the back cover's last page is a verso: the back of the last leaf
        assert texts[-back_pages:] == [f"back {n}" for n in range(1, back_pages + 1)]
        assert set(texts[merged.body_start + 3:-back_pages]) <= {""}
    # every page labelled, blank ones too: covers i, ii …, the body 1, 2, 3 like its folios
    labels = pypdf.PdfReader(io.BytesIO(merged.data)).page_labels
    roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
    start = merged.body_start
    assert labels == [*roman[:start], "1", "2", "3", *roman[start:start + len(labels) - start - 3]]
    # the body's outline still points at the body's pages
    with pymupdf.open(stream=merged.data, filetype="pdf") as document:
        assert [(title, page) for _, title, page in document.get_toc()] == \
            [(f"body {n}", start + n) for n in (1, 2, 3)]


def test_without_duplex_no_blank_page_is_added() -> None:
    merged = merge_pdf(pages_pdf(2, "body"), front=[pages_pdf(1, "front")], back=[pages_pdf(1, "back")],
                       info=INFO)
    assert page_texts(merged.data) == ["front 1", "body 1", "body 2", "back 1"]


# ------------------------------------------------------------------------------------- built documents


def test_sample_body_pages_agree_with_their_pdf_page_parity(sample_pdf: Path, layout: Layout) -> None:
    """Every body page's folio side and binding margin match its PDF page: odd pages are rectos."""
    report = proof_pdf(sample_pdf, layout)
    assert report.counts["parity"] == report.counts["margins"] == report.counts["folio-side"] == 0, \
        [finding.message for finding in report.findings if finding.rule in ("parity", "margins", "folio-side")]
    assert report.body_pages[0] == 3  # cover, blank verso, — 1 —
    labels = pypdf.PdfReader(sample_pdf).page_labels
    for page in read_pdf(sample_pdf):
        if page.number not in report.body_pages:
            continue
        recto = page.number % 2 == 1
        assert int(labels[page.number - 1]) % 2 == recto  # odd folios on odd PDF pages
        body = [glyph for glyph in page.glyphs if glyph.top < page.height - layout.page.bottom.pt]
        folio = [glyph for glyph in page.glyphs if glyph.top > page.height - layout.page.bottom.pt]
        left_margin = min(glyph.left for glyph in body) / MM
        assert abs(left_margin - (28 if recto else 26)) < 1, (page.number, left_margin)  # binding inside
        assert (min(glyph.left for glyph in folio) > page.width / 2) is recto, page.number  # folio outside


def test_sample_folio_dash_is_seven_mm_below_the_text_block(sample_pdf: Path, layout: Layout) -> None:
    """The top of the dash's ink, 7 mm under the text block's bottom edge on every page (it was 7.7 mm)."""
    block_bottom = layout.page.height - layout.page.bottom
    distances = {round((glyph.top - block_bottom) / MM, 2) for page in read_pdf(sample_pdf)
                 for glyph in page.glyphs if glyph.char == "—" and glyph.top > block_bottom}
    assert distances and all(abs(distance - layout.folio.distance.mm) < 0.1 for distance in distances), distances
    assert proof_pdf(sample_pdf, layout).counts["folio-distance"] == 0


@pytest.mark.parametrize(("cover", "pages_before_body"), [("none", 0), ("two-pages.pdf", 2), ("three-pages.pdf", 4)])
def test_no_cover_and_multi_page_designer_covers_keep_the_body_on_a_recto(
        tmp_path: Path, cover: str, pages_before_body: int) -> None:
    (tmp_path / "two-pages.pdf").write_bytes(pages_pdf(2, "Cover"))
    (tmp_path / "three-pages.pdf").write_bytes(pages_pdf(3, "Cover"))
    source = tmp_path / "report.md"
    source.write_text(f"---\ntitle: 报告\ncover: {cover}\n---\n\n正文。\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    labels = pypdf.PdfReader(pdf).page_labels
    assert labels.index("1") == pages_before_body
    assert pdftotext(pdf, "-f", str(pages_before_body + 1), "-l", str(pages_before_body + 1)).strip()
    assert proof_pdf(pdf, builtin_layout("gov-report")).counts["parity"] == 0


# ------------------------------------------------------------------------------------------- the folio


def test_folio_padding_reads_the_dash_from_the_folio_font(layout: Layout) -> None:
    metrics = folio_metrics(layout, builtin_fonts_dirs())
    assert metrics != FALLBACK  # the folio role's face is installed (Noto Serif CJK SC at least)
    assert 0 < metrics.mark_top < metrics.ascent and metrics.descent > 0
    size = layout.sizes["folio"].pt
    # the dash's top, `padding + (½ + (ascent − descent)/2 − mark_top) em` down the margin box, is 7 mm:
    # with the font's own ascent and descent outside Chinese text …
    top = folio_padding(layout, em_box=False) + size * (
        0.5 + (metrics.ascent - metrics.descent) / 2 - metrics.mark_top)
    assert top / MM == pytest.approx(layout.folio.distance.mm)
    # … and in Chinese text, where the PDF centres the ideographic em box (0.88 / 0.12) in the line
    top = folio_padding(layout) + size * (0.5 + (0.88 - 0.12) / 2 - metrics.mark_top)
    assert top / MM == pytest.approx(layout.folio.distance.mm)


def test_folio_padding_of_an_em_box_with_the_dash_at_its_middle(layout: Layout) -> None:
    """The model the layout used before: a dash at the line's middle gets `distance − size/2`."""
    box = FolioMetrics(ascent=0.8, descent=0.2, mark_top=0.3)
    assert folio_padding(layout, box, em_box=False) == pytest.approx(
        layout.folio.distance - layout.sizes["folio"] / 2)


def test_a_damaged_font_gives_no_metrics_and_stops_nothing(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 200)  # a TrueType header, then garbage
    assert face_metrics(damaged, 0, "—") is None


def test_a_folio_distance_the_font_cannot_meet_is_a_layout_error() -> None:
    """CSS ignores a negative padding: a distance below the dash's own offset would silently be another."""
    import dataclasses

    from reportpress.errors import LayoutError
    from reportpress.layouts import builtin_layout
    from reportpress.units import Mm
    from reportpress.writers.pdf.folio import folio_padding

    layout = builtin_layout("gov-report")
    near = dataclasses.replace(layout, folio=dataclasses.replace(layout.folio, distance=Mm(1)))
    with pytest.raises(LayoutError, match=r"layout\.toml: \[folio\] distance = 1 mm: the folio's dash cannot sit"):
        folio_padding(near)
    assert folio_padding(layout).pt > 0
