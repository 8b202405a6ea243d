"""The short-page rule's two newest cases, on PDFs made for them (issue 12): a page's footnotes move
its foot up, and a page opened by an appendix's label (附件, 附件2) follows a forced page break."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reportpress.proof import ProofReport
from tests.proof.pdfs import Doc, clean_doc, paragraph_text

# A footnote area exactly one grid line high: half a line of margin above one 12 pt line of 14.475 pt,
# as in gov-report (`@footnote`'s margin-top is half a line), so 21 lines of text fit above it.
NOTES_CSS = """
@page { @footnote { margin-top: 14.475pt; } }
.note { float: footnote; font-size: 12pt; line-height: 14.475pt; text-indent: 0; letter-spacing: 0; }
"""


def short_pages(report: ProofReport) -> list[tuple[int, str]]:
    return [(finding.page, finding.message) for finding in report.findings if finding.rule == "short-page"]


def noted_doc(lines_on_page_one: int) -> Doc:
    """Page 1: a title (two lines), paragraphs and a heading filling `lines_on_page_one` lines, the first
    paragraph with a footnote; then a forced page break and clean_doc's pages 2 and 3."""
    doc = clean_doc()
    doc.css = NOTES_CSS
    first = paragraph_text(5, last=10)
    doc.blocks[1] = f'<p>{first[:40]}<span class="note">注释：本报告所列数据均为初步统计数。</span>{first[40:]}</p>'
    # title 2 + 5 + heading 1 + 6 + the fourth block: the rest of the page
    doc.blocks[4] = f"<p>{paragraph_text(lines_on_page_one - 14, last=10, start=5)}</p>"
    doc.blocks[5] = doc.blocks[5].replace('<p style="">', '<p style="break-before: page">')
    return doc


def test_text_down_to_the_footnotes_fills_the_page(proof: Callable[[Doc], ProofReport]) -> None:
    report = proof(noted_doc(21))  # 21 lines of text, then the note area: one line high
    assert not short_pages(report)


def test_an_empty_line_above_the_footnotes_is_a_short_page(proof: Callable[[Doc], ProofReport]) -> None:
    report = proof(noted_doc(20))  # a line of the text block left empty between the text and the notes
    assert [(page, message.split(": ")[1]) for page, message in short_pages(report)] == \
        [(1, "1 line(s) left empty at the page foot")]


def appendix_doc(label: str) -> Doc:
    """clean_doc with page 1 broken after 14 lines, page 2 opened by a line holding `label`."""
    doc = clean_doc()
    doc.blocks.insert(4, f'<p style="break-before: page; text-indent: 0">{label}</p>')
    return doc


@pytest.mark.parametrize("label", ["附件", "附件2", "附件 3：", "附件十二"])
def test_a_page_opened_by_an_appendix_label_follows_a_page_break(
        proof: Callable[[Doc], ProofReport], label: str) -> None:
    assert not short_pages(proof(appendix_doc(label)))


@pytest.mark.parametrize("label", ["附件2说明了以下事项。", "附件材料"])
def test_a_page_opened_by_other_text_after_a_break_is_short(
        proof: Callable[[Doc], ProofReport], label: str) -> None:
    # the same page break before a line that only starts like a label: page 1 is short
    assert [page for page, _ in short_pages(proof(appendix_doc(label)))] == [1]
