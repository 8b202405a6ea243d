"""`reportpress proof`: a GB/T 9704-2012 print preflight for any PDF, measured from the PDF alone.

In: a PDF file (ours or anyone's) and a `Layout` (its numbers are the rules). Out: a `ProofReport` —
one `Finding` per broken rule and place (page, a quote of the line, the clause), and the numbers
measured. The stages, one module each:

    pdf.py         glyphs, boxes and fonts through PDFium (pypdfium2)
    lines.py       glyphs → printed lines
    pages.py       lines → folios, text block, paragraphs, headings, titles
    geometry.py    page size, margins (mirrored), line grid                     GB/T 9704 §5
    folios.py      folio format, side, distance; duplex parity                 GB/T 9704 §7.5, §6.2
    fonts.py       embedded fonts, Chinese drawn by Chinese faces
    pagination.py  孤字, short pages, stranded headings, unbalanced titles
    setting.py     loose lines, uncompressed punctuation, 禁则                  clreq, GB/T 15834
    report.py      the report, as text or JSON

The file is untrusted: `proof_pdf` reads and measures it in a child process (`bounded.run_bounded`) given
PROOF_MEMORY more bytes and PROOF_SECONDS, so a PDF built to expand in PDFium ends in one message.
"""

from __future__ import annotations

from pathlib import Path

from reportpress.bounded import Overrun, run_bounded
from reportpress.errors import ProofError
from reportpress.layouts import Layout
from reportpress.proof.findings import RULES, Finding
from reportpress.proof.folios import check_folios
from reportpress.proof.fonts import check_fonts, check_roles, font_roles
from reportpress.proof.geometry import check_geometry, measure_document
from reportpress.proof.pages import analyse
from reportpress.proof.pagination import check_pagination
from reportpress.proof.pdf import read_pdf
from reportpress.proof.report import ProofReport, format_report, report_to_json
from reportpress.proof.setting import check_setting

__all__ = ["RULES", "Finding", "ProofReport", "format_report", "proof_pdf", "report_to_json"]

# Proofing the ten corpus builds (31 to 60 pages) takes 0.1–0.3 GiB and a few seconds each; a 400-page
# report about 0.5 GiB. These bounds are for what no report needs.
PROOF_MEMORY = 3 * 1024 * 1024 * 1024
PROOF_SECONDS = 600.0


def proof_pdf(path: Path, layout: Layout) -> ProofReport:
    """Proof the PDF at `path` against `layout`; a file that cannot be read, or not within PROOF_MEMORY
    and PROOF_SECONDS, raises `ProofError`."""
    try:
        return run_bounded(_proof_pdf, path, layout, memory=PROOF_MEMORY, seconds=PROOF_SECONDS)
    except Overrun as exc:
        raise ProofError(f"{path}: not proofed: {exc.reason} to read (a report of hundreds of pages needs a "
                         "fraction of that: check that the file is the PDF you meant)") from None


def _proof_pdf(path: Path, layout: Layout) -> ProofReport:
    proof = analyse(read_pdf(path), layout)
    findings = [*check_geometry(proof), *check_folios(proof), *check_roles(proof), *check_fonts(proof),
                *check_pagination(proof),
                *check_setting(proof)]
    order = list(RULES)
    findings.sort(key=lambda finding: (order.index(finding.rule), finding.page))
    fonts = {glyph.font: None for page in proof.pages
             for line in [*page.lines, *([page.folio] if page.folio else [])] for glyph in line.glyphs}
    return ProofReport(path=str(path), layout=layout.name, pages=len(proof.pages),
                       body_pages=tuple(page.number for page in proof.body_pages),
                       measured=measure_document(proof), fonts=tuple(fonts), roles=font_roles(proof),
                       findings=tuple(findings))
