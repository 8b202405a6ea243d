"""LibreOffice headless opens the DOCX and prints it: the PDF exists, the cover is page 1, page 2 the blank
verso Word and LibreOffice insert for the body's odd-page section break, the body's folio starts at — 1 —
on page 3, and pdftotext finds every body paragraph and every note. Two
conversions in all (~1–2 s each); `soffice` exits 0 even when it cannot load a file (docx.md §0.7), so
the tests look for the PDF itself."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportpress.layouts import Layout
from reportpress.model import Document
from reportpress.proof import proof_pdf
from reportpress.proof.pdf import read_pdf
from reportpress.writers.docx.cover import title_size
from reportpress.writers.docx.document import INVISIBLE_MARK
from tests.pdfread import FOLIO, MM, find_in_order, glyphs, pdftotext
from tests.writers.docx.docxread import note_texts, shown_paragraphs, squeeze

CIRCLED = re.compile("[\u2460-\u2473]")


def printed_text(pdf: Path) -> str:
    """The PDF's text in drawing order (LibreOffice places grid characters one by one, which confuses
    pdftotext's layout analysis), folios removed, white space squeezed out."""
    return squeeze(FOLIO.sub("", pdftotext(pdf, "-raw"))).replace(INVISIBLE_MARK, "")


def convert(docx_path: Path, out: Path, env: dict[str, str] | None = None) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = out / "profile"  # a private profile: parallel or leftover soffice runs cannot interfere
    # LibreOffice lays out the blank page an odd-page section break needs but leaves it out of a PDF by
    # default; Word prints it, and so does this export
    export = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", export,
                    "--outdir", str(out), str(docx_path)], capture_output=True, text=True, timeout=180, env=env)
    pdf = out / (docx_path.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 1000, "LibreOffice could not load the DOCX"
    return pdf


@pytest.fixture(scope="module")
def sample_lo_pdf(sample_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(sample_docx, tmp_path_factory.mktemp("lo-sample"))


@pytest.fixture(scope="module")
def construct_lo_pdf(construct_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(construct_docx, tmp_path_factory.mktemp("lo-construct"))


def test_libreoffice_prints_every_paragraph_and_all_13_definitions(sample_lo_pdf: Path,
                                                                    sample_docx: Path) -> None:
    text = printed_text(sample_lo_pdf)
    paragraphs = [squeeze(p) for p in shown_paragraphs(sample_docx) if squeeze(p)]
    assert len(paragraphs) == 87
    assert find_in_order(text, paragraphs) == []
    definitions = [squeeze(t) for t in note_texts(sample_docx, "endnote")]
    assert len(definitions) == 13
    # LibreOffice sets endnotes after the body, each after its decimal number (not i, ii, …) and ．
    glossary = text[text.rindex(paragraphs[-1]):]
    # pdftotext loses a 、 or ， that LibreOffice sets squeezed at a line's end (where depends on the
    # lines: the entries are in Glossary Text, at the body's size), so the comparison leaves those out on
    # both sides: it is about order and numbers, not those marks
    def marks_out(text: str) -> str:
        return text.replace("、", "").replace("，", "")

    assert find_in_order(marks_out(glossary), [marks_out(f"{n}．{d}")
                                               for n, d in enumerate(definitions, start=1)]) == []


def test_libreoffice_sets_the_sample_28_characters_a_line_22_lines_a_page_every_mark_drawn(
        sample_lo_pdf: Path, sample_docx: Path) -> None:
    """gov-report's `[docx] grid = "lines"` with hanging punctuation: on Word's character grid LibreOffice
    7.4 set 14 characters a line (52 pages); with no mark let past a full line's end it drew no mark there
    (22 of the sample's 620 ，)."""
    from tests.writers.docx.test_docx_grid import body_lines

    per_line, per_page = body_lines(sample_lo_pdf)
    assert per_line.most_common(1)[0][0] == 28
    assert per_page.most_common(1)[0][0] == 22
    written = "".join(shown_paragraphs(sample_docx)) + "".join(note_texts(sample_docx, "endnote"))
    printed = pdftotext(sample_lo_pdf, "-raw")
    for mark in "，、。；":
        assert printed.count(mark) == written.count(mark) > 0, mark


def test_libreoffice_keeps_the_title_and_author(sample_lo_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(sample_lo_pdf)], check=True, capture_output=True, text=True).stdout
    assert "Title:           2020年上海市虹口区政府工作报告" in info
    assert "Page size:       595" in info  # A4


def test_libreoffice_sets_footnotes_and_endnotes(construct_lo_pdf: Path, construct_docx: Path) -> None:
    text = printed_text(construct_lo_pdf)
    assert find_in_order(CIRCLED.sub("", text),
                         [squeeze(p) for p in shown_paragraphs(construct_docx) if squeeze(p)]) == []
    for number, footnote in enumerate(note_texts(construct_docx, "footnote"), start=1):
        assert chr(0x245F + number) + squeeze(footnote) in text  # ① ②: circled, as layout.toml asks
    endnotes = note_texts(construct_docx, "endnote")
    assert len(endnotes) == 3  # two used entries, then the unused one, numbered 3 after them
    assert find_in_order(text, [f"{number}．{squeeze(endnote)}"
                                for number, endnote in enumerate(endnotes, start=1)]) == []


def test_libreoffice_prints_the_cover_alone_on_page_1_and_folio_1_on_page_3(sample_lo_pdf: Path,
                                                                           sample_document: Document) -> None:
    meta = sample_document.meta
    cover, verso, first_body_page = (squeeze(pdftotext(sample_lo_pdf, "-f", str(n), "-l", str(n)))
                                     for n in (1, 2, 3))
    assert cover == squeeze(meta.title + meta.subtitle + meta.author + meta.organization) + "2020年1月8日"
    assert verso == ""  # the blank verso: — 1 — is a recto (issue 12)
    assert FOLIO.findall(first_body_page) == ["—1—"]
    assert first_body_page.startswith(squeeze(meta.title + meta.subtitle + meta.author))  # the title block


def test_libreoffice_places_the_cover_lines_where_the_print_cover_has_them(sample_lo_pdf: Path,
                                                                           sample_document: Document,
                                                                           layout: Layout) -> None:
    """Baselines (pt from the page top) inside the line boxes cover-front.html.j2 gives them: the title's
    22 % down the text block, organisation and date one line pitch each from its bottom edge."""
    lines: dict[float, list[float]] = {}
    for glyph in glyphs(sample_lo_pdf):
        if glyph.page == 1:
            lines.setdefault(round(glyph.origin_y, 1), []).extend((glyph.x0, glyph.x1))
    baselines = sorted(lines)
    page, pitch = layout.page, layout.line_pitch
    title_top = page.top + page.text_height * 0.22
    assert title_top < baselines[0] <= title_top + 1.5 * title_size(sample_document.meta.title, layout)
    foot_top = page.height - page.bottom
    assert foot_top < baselines[-2] <= foot_top + pitch < baselines[-1] <= foot_top + 2 * pitch
    centre = page.inside + page.text_width / 2  # page 1 is a recto: the binding margin is on the left
    for baseline in (baselines[0], baselines[-2], baselines[-1]):
        assert abs((min(lines[baseline]) + max(lines[baseline])) / 2 - centre) < 2


def test_libreoffice_puts_folio_1_on_a_recto_and_the_dash_7_mm_below_the_text_block(sample_lo_pdf: Path,
                                                                                   layout: Layout) -> None:
    """The DOCX's odd-page body section and its footer distance (`page.footer_distance`, from the same
    `[folio] distance` as the PDF's) as LibreOffice prints them, measured by `reportpress proof`."""
    report = proof_pdf(sample_lo_pdf, layout)
    assert report.counts["parity"] == report.counts["folio-distance"] == 0
    block_bottom = layout.page.height - layout.page.bottom
    distances = [(glyph.top - block_bottom) / MM for page in read_pdf(sample_lo_pdf) for glyph in page.glyphs
                 if glyph.char == "—" and glyph.top > block_bottom]
    assert distances and all(abs(distance - layout.folio.distance.mm) < 0.15 for distance in distances)


def test_libreoffice_draws_each_role_in_the_print_copys_stand_in_with_the_fontconfig_aliases(
        sample_docx: Path, tmp_path: Path) -> None:
    """`make` writes `reportpress fonts --fontconfig` into the user's fontconfig folder; here the same file
    goes in through FONTCONFIG_FILE, the user's folder left out, so the test does not depend on it. Without
    it LibreOffice asks fontconfig for 仿宋_GB2312 alone and draws the DOCX in DejaVu Sans and Noto Sans CJK."""
    from tests.test_fontconfig import aliased_config, without_user_config

    env = without_user_config(tmp_path, FONTCONFIG_FILE=str(aliased_config(tmp_path)))
    pdf = convert(sample_docx, tmp_path, env)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    drawn = {line.split()[0].split("+", 1)[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert "FandolFang-Regular" in drawn  # the body's 仿宋, as in the PDF
    assert "FandolKai-Regular" in drawn  # the subtitle's 楷
    assert "LXGW-WenKai-Bold" in drawn or "LXGWWenKai-Bold" in drawn  # the bold level-2 heading's 楷
    # no generic fallback: the sans LibreOffice took for every unknown name (the 黑体 stand-in, Noto Sans
    # CJK, stays: LibreOffice names the collection's faces by its first, the JP one)
    assert not any(name.startswith("DejaVuSans") for name in drawn), drawn
