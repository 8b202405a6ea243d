"""`proof_pdf` on small PDFs made for it: the clean one passes, each defect is found where it is."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from reportpress.layouts import Layout, load_layout
from reportpress.proof import ProofReport, proof_pdf
from tests.proof.pdfs import HAN, Doc, clean_doc, han, paragraph_text

# a Latin face that draws “ and ”: DejaVu ships with WeasyPrint's Debian dependencies
LATIN_FACE = "DejaVu Serif"
needs_latin_face = pytest.mark.skipif(
    shutil.which("fc-list") is None
    or LATIN_FACE not in subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout,
    reason=f"{LATIN_FACE} is not installed")


def found(report: ProofReport, rule: str) -> list[tuple[int, str]]:
    return [(finding.page, finding.quote) for finding in report.findings if finding.rule == rule]


def others(report: ProofReport, rule: str) -> dict[str, int]:
    """Counts of every rule but `rule` that found something: a defect should trip only its own rule."""
    return {name: count for name, count in report.counts.items() if count and name != rule}


def test_clean_document_passes(proof: Callable[[Doc], ProofReport]) -> None:
    report = proof(clean_doc())
    assert report.clean, report.findings
    assert report.body_pages == (1, 2, 3)
    assert report.measured["lines_per_full_page"] == 22
    assert report.measured["chars_per_full_line"] == 28
    assert report.measured["line_pitch_pt"] == pytest.approx(28.95)
    assert report.roles["heading1"] == ["Noto-Sans-CJK-SC"]


def test_orphan_character_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.blocks[1] = f"<p>{paragraph_text(5, last=2)}</p>"  # the last line holds one character and 。
    report = proof(doc)
    assert [quote.split(" / ")[1] for _, quote in found(report, "orphan-char")] == [doc.blocks[1][-6:-4]]
    assert found(report, "orphan-char")[0][0] == 1


def test_last_line_of_two_characters_is_no_orphan(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.blocks[1] = f"<p>{paragraph_text(5, last=3)}</p>"
    assert not found(proof(doc), "orphan-char")


def test_orphan_character_in_a_heading_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # a heading one character longer than its first line (26 after the two-character indent)
    doc.blocks[6] = f'<h2>二、{han(25)}</h2>'
    doc.blocks[7] = f"<p>{paragraph_text(10, last=10)}</p>"  # one line less keeps page 2 full
    report = proof(doc)
    assert [(page, quote[-1]) for page, quote in found(report, "orphan-char")] == [(2, han(25)[-1])]
    assert "level-1 heading" in next(f.message for f in report.findings if f.rule == "orphan-char")


def test_short_page_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.blocks[4] = doc.blocks[4].replace('<p style="">', '<p style="break-before: page">')
    report = proof(doc)
    assert [page for page, _ in found(report, "short-page")] == [1]
    message = next(f.message for f in report.findings if f.rule == "short-page")
    assert message.startswith("14 of 22 lines")


def test_a_page_before_a_tables_caption_is_short_all_the_same(proof: Callable[[Doc], ProofReport]) -> None:
    """A centred line smaller than the body at the next page's top is a caption (表1　…), not a title that
    opens a section: the page before it is short."""
    doc = clean_doc()
    doc.blocks.insert(4, '<p style="break-before: page; text-align: center; text-indent: 0; font-size: 14pt">'
                         "表1　主要指标完成情况</p>")
    report = proof(doc)
    assert [page for page, _ in found(report, "short-page")] == [1]


def test_a_line_of_a_url_or_a_year_is_no_numbered_heading(proof: Callable[[Doc], ProofReport]) -> None:
    """`1.` to `99.` numbers a level-3 heading; a line starting `2025.` or `20260429123456.html.` (a
    reference's URL run over) does not, nor does a line without Han text."""
    doc = clean_doc()
    doc.blocks.insert(4, '<p style="text-indent: 0">20260429123456789012345.html.</p>')
    doc.blocks.insert(5, f'<p style="text-indent: 0">2025.{han(20)}。</p>')
    report = proof(doc)
    assert "heading3" not in report.roles, report.roles


def test_a_run_in_headings_font_is_its_own_not_its_paragraphs(proof: Callable[[Doc], ProofReport]) -> None:
    """`1.人工智能。` run in before its paragraph's text: the heading's role is read from its own glyphs."""
    doc = clean_doc()
    doc.blocks.insert(4, '<p><span style="font-weight: 700">1.人工智能。</span>'
                         f'<span style="font-family: \'Noto Sans CJK SC\'">{han(70)}。</span></p>')
    report = proof(doc)
    assert report.roles.get("heading3", [""])[0].startswith("Noto-Serif-CJK"), report.roles
    assert not found(report, "font-role")


def test_page_before_a_level_one_heading_may_be_short(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.blocks[6] = doc.blocks[6].replace('style=""', 'style="break-before: page"')
    report = proof(doc)
    assert not found(report, "short-page")


def test_heading_at_the_page_foot_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # page 1: title (2 slots) + 5 + heading + 6 + 7 lines = 21, then the second heading as line 22
    doc.blocks[4] = f"<p>{paragraph_text(7, last=10)}</p>"
    doc.blocks[5], doc.blocks[6] = doc.blocks[6], f"<p>{paragraph_text(11, last=10)}</p>"
    report = proof(doc)
    assert found(report, "stranded-heading") == [(1, "二、二〇二六年主要任务")]


def test_folio_on_the_wrong_side_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # odd pages get their folio on the left, one character in
    doc.css = """@page :right { @bottom-right { content: none; }
                 @bottom-left { content: "— " counter(page) " —"; font: 14pt/14pt "Noto Serif CJK SC";
                                vertical-align: top; padding: calc(7mm - 8.85pt) 0 0 1em; } }"""
    report = proof(doc)
    assert [page for page, _ in found(report, "folio-side")] == [1, 3]
    assert others(report, "folio-side") == {}


def test_body_starting_on_a_verso_breaks_parity(proof: Callable[[Doc], ProofReport],
                                                tmp_path: Path, layout: Layout) -> None:
    # the clean body after a one-page cover: today's builds, where — 1 — is the cover's back
    clean = clean_doc().write(tmp_path / "clean.pdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595.276, height=841.89)
    for page in pypdf.PdfReader(clean).pages:
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    shifted = tmp_path / "shifted.pdf"
    shifted.write_bytes(buffer.getvalue())
    report = proof_pdf(shifted, layout)
    assert found(report, "parity") == [(2, "—1—")]
    assert "3 of 3 numbered pages" in next(f.message for f in report.findings if f.rule == "parity")
    # the mirrored margins now sit on the wrong side of every body page
    assert [page for page, _ in found(report, "margins")] == [2, 3, 4]


def test_loose_line_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # 0.5 pt of letter spacing instead of −0.21: 0.7 pt more per gap, 24 characters on the first line
    text = paragraph_text(5, last=10, start=3)
    doc.blocks[1] = f'<p><span style="letter-spacing: 0.5pt">{text[:24]}</span>{text[24:]}</p>'
    report = proof(doc)
    assert found(report, "loose-line") == [(1, text[:14] + "…")]
    assert "0.70 pt extra" in next(f.message for f in report.findings if f.rule == "loose-line")


def test_uncompressed_punctuation_pair_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    text = paragraph_text(5, last=10)
    # 。」 in the middle of the second line, replacing two characters so the lines stay as they were
    doc.blocks[1] = f"<p>{text[:36]}。」{text[38:]}</p>"
    report = proof(doc)
    assert [(page, "。」" in quote) for page, quote in found(report, "punct-uncompressed")] == [(1, True)]
    assert others(report, "punct-uncompressed") == {}


def test_compressed_punctuation_pair_passes(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    text = paragraph_text(5, last=10)
    doc.blocks[1] = (f'<p>{text[:36]}<span style="font-feature-settings: \'halt\'">。</span>」'
                     f"{text[37:]}</p>")  # 1.5 em for the pair: half a character less on that line
    assert not found(proof(doc), "punct-uncompressed")


def test_line_starting_with_a_comma_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # a paragraph filling its one line exactly, then one that starts flush left with ，: to a reader
    # the same paragraph, whose continuation line starts with a mark that must not start a line
    doc.blocks[4] = f"<p>{han(26)}</p>"
    doc.blocks.insert(5, f'<p style="text-indent: 0">，{han(27 + 28 * 5 + 9)}。</p>')
    report = proof(doc)
    assert [quote.split(" / ")[1][0] for _, quote in found(report, "kinsoku")] == ["，"]
    assert others(report, "kinsoku") == {}


def test_line_ending_with_an_opening_mark_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.blocks[4] = f"<p>{han(25)}“</p>"  # the same trick: “ ends a full line, its quote goes on below
    doc.blocks.insert(5, f'<p style="text-indent: 0">{han(28 * 6 + 9)}”。</p>')
    report = proof(doc)
    assert [quote.split(" / ")[0][-1] for _, quote in found(report, "kinsoku")] == ["“"]


@needs_latin_face
def test_chinese_marks_drawn_by_a_latin_font_are_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    text = paragraph_text(5, last=10)
    doc.blocks[1] = f'<p>{text[:30]}<span style="font-family: \'DejaVu Serif\'">“</span>{text[31:]}</p>'
    report = proof(doc)
    fonts = found(report, "font-cjk")
    assert fonts == [(1, "“")]
    assert "DejaVu-Serif" in next(f.message for f in report.findings if f.rule == "font-cjk")


def test_wrong_page_size_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.css = "@page { size: letter; }"
    report = proof(doc)
    assert {page for page, _ in found(report, "page-size")} == {1, 2, 3}
    assert "215.9 × 279.4 mm (210 × 297 mm wanted)" in report.findings[0].message


def test_folio_too_far_below_the_text_block_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # today's builds: the folio's middle 7 mm down leaves its dash 7.7 mm below the text block
    doc.css = """@page { @bottom-right { padding-top: calc(7mm - 7pt); } }
                 @page :left { @bottom-left { padding-top: calc(7mm - 7pt); } }"""
    report = proof(doc)
    assert len(found(report, "folio-distance")) == 3
    assert "7.7 mm below" in next(f.message for f in report.findings if f.rule == "folio-distance")


def test_unbalanced_centred_title_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # a 22 pt title one character longer than a line (442 pt hold 20 characters of 22 pt)
    doc.blocks[0] = f"<h1>{HAN[:21]}</h1>"
    report = proof(doc)
    assert [quote.split(" / ")[1] for _, quote in found(report, "unbalanced-title")] == [HAN[20]]


def test_a_figure_at_the_page_foot_fills_the_page(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    # 14 lines of text, then a framed box 8 lines high instead of the 8-line paragraph
    doc.blocks[4] = '<div style="height: 231.6pt; border: 1pt solid black; box-sizing: border-box"></div>'
    assert proof(doc).clean
    # a box one line lower, and the next paragraph pushed to the next page: one line left empty
    doc.blocks[4] = '<div style="height: 202.65pt; border: 1pt solid black; box-sizing: border-box"></div>'
    doc.blocks[5] = doc.blocks[5].replace('<p style="">', '<p style="break-before: page">')
    report = proof(doc)
    assert [page for page, _ in found(report, "short-page")] == [1]
    assert next(f.message for f in report.findings if f.rule == "short-page").startswith("21 of 22 lines")


def test_body_in_a_font_the_layout_does_not_list_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.css = "p { font-family: 'Noto Sans CJK SC'; }"  # 黑体 for the body, where gov-report wants 仿宋
    report = proof(doc)
    (finding,) = [finding for finding in report.findings if finding.rule == "font-role"]
    assert finding.message.startswith(
        "body is set in Noto Sans CJK SC, not one of the layout's body fonts (仿宋_GB2312")


@needs_latin_face
def test_latin_quotes_in_a_latin_line_are_latin(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.blocks.append("<p style=\"font-family: 'DejaVu Serif'\">“Plain English,” she said — twice.</p>")
    assert not found(proof(doc), "font-cjk")


def test_the_layouts_numbers_are_the_rules(tmp_path: Path, layout: Layout) -> None:
    """The same clean PDF against a layout that does not mirror: even pages now have their margins
    on the wrong sides, and parity no longer matters."""
    folder = tmp_path / "single-sided"
    shutil.copytree(layout.folder, folder)
    toml = folder / "layout.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("mirror = true", "mirror = false"), encoding="utf-8")
    single = load_layout(str(folder), tmp_path, allow_path=True)
    assert not single.page.mirror
    report = proof_pdf(clean_doc().write(tmp_path / "clean.pdf"), single)
    assert [page for page, _ in found(report, "margins")] == [2]
    assert others(report, "margins") == {}


def test_folio_in_another_format_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.css = """@page { @bottom-right { content: counter(page); } }
                 @page :left { @bottom-left { content: counter(page); } }"""
    report = proof(doc)
    assert [quote for _, quote in found(report, "folio-format")] == ["1", "2", "3"]
    assert "'—1—' wanted" in report.findings[0].message


def test_skipped_folio_numbers_are_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.css = "@page { counter-increment: page 2; }"  # — 2 —, — 4 —, — 6 —
    report = proof(doc)
    assert [page for page, _ in found(report, "folio-sequence")] == [2, 3]
    assert found(report, "parity")  # — 2 — on PDF page 1, a recto


def test_a_line_pitch_off_the_grid_is_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.css = "html, h2 { line-height: 30pt; }"
    report = proof(doc)
    assert "baseline pitch 30.00 pt (28.95 pt wanted)" in [f.message for f in report.findings if f.rule == "grid"]


def test_27_characters_per_line_are_found(proof: Callable[[Doc], ProofReport]) -> None:
    doc = clean_doc()
    doc.css = "body { letter-spacing: 0; }"  # 16 pt characters: 27 fit the 156 mm line
    report = proof(doc)
    grid = [f.message for f in report.findings if f.rule == "grid"]
    assert any(message.endswith("hold 27 characters (28 wanted)") for message in grid), grid


def test_lines_shifted_off_the_grid_by_a_block_are_found_though_most_of_their_page_keeps_together(
        proof: Callable[[Doc], ProofReport]) -> None:
    """A block of a height no whole number of lines (a picture, a table whose rules take room) shifts the
    lines after it. On page 2 that is the greater part of the page, and those lines agree with each
    other: it is the grid of the text block — the same on every page, as most of the document's lines
    keep it (`geometry.grid_phase`) — they are off, not the lines above the block."""
    doc = clean_doc()
    doc.blocks.insert(6, '<div style="height: 10pt"></div>')  # after page 2's first paragraph
    grid = [finding for finding in proof(doc).findings if finding.rule == "grid"]
    assert len(grid) == 1 and grid[0].page == 2, grid
    assert grid[0].quote.startswith("二、二〇二六年主要任务"), grid[0]  # the first line after the block
    # the heading and the paragraph after it (its last line moved on to page 3), the ten above kept
    assert grid[0].message.startswith("11 line(s) off the 28.95 pt grid"), grid[0].message


def test_a_tables_cells_are_not_body_lines_and_a_heading_over_a_table_is_not_stranded(
        proof: Callable[[Doc], ProofReport]) -> None:
    """Lines inside a table's cells (drawn boxes holding them, merged into the table) keep no indent,
    margin or grid of the text block: proof measures the text without them, and a heading with a table
    under it has its text (review of session 24: margins, grid and folio findings on every table page)."""
    doc = clean_doc()
    cells = "".join(f'<tr><td style="outline: 0.5pt solid black; padding: 0">第{index}项</td>'
                    f'<td style="outline: 0.5pt solid black; padding: 0; text-align: right">1,{index:03d}.5</td></tr>'
                    for index in range(1, 9))
    doc.blocks.insert(6, f'<table style="margin: 0 auto; border-collapse: collapse">{cells}</table>')
    rules = {finding.rule for finding in proof(doc).findings}
    assert not rules & {"margins", "grid", "folio-side", "orphan-char", "stranded-heading"}, rules
