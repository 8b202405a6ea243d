"""What `proof` does with files it cannot proof, and with fonts a printer would not have."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from reportpress.errors import ProofError
from reportpress.layouts import builtin_layout
from reportpress.proof import format_report, proof_pdf
from tests.proof.pdfs import clean_doc, unembedded_font_pdf


@pytest.fixture(scope="module")
def clean_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return clean_doc().write(tmp_path_factory.mktemp("proof") / "clean.pdf")


def proof(path: Path) -> None:
    proof_pdf(path, builtin_layout("gov-report"))


def test_a_missing_file_is_one_message(tmp_path: Path) -> None:
    with pytest.raises(ProofError, match=r"nothing\.pdf: no such file"):
        proof(tmp_path / "nothing.pdf")


def test_a_text_file_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("政府工作报告\n", encoding="utf-8")
    with pytest.raises(ProofError, match=r"report\.pdf: not a PDF, or a damaged one"):
        proof(path)


def test_a_truncated_pdf_is_one_message(tmp_path: Path, clean_pdf: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(clean_pdf.read_bytes()[:300])
    with pytest.raises(ProofError, match=r"cut\.pdf: the PDF is damaged"):
        proof(path)


def test_an_encrypted_pdf_is_refused(tmp_path: Path, clean_pdf: Path) -> None:
    for password, wanted in (("secret", "needs a password"), ("", "is encrypted")):
        writer = pypdf.PdfWriter(clone_from=clean_pdf)
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
        path = tmp_path / "locked.pdf"
        with path.open("wb") as out:
            writer.write(out)
        with pytest.raises(ProofError, match=wanted):
            proof(path)


def test_a_pdf_without_pages_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    with path.open("wb") as out:
        pypdf.PdfWriter().write(out)
    with pytest.raises(ProofError, match=r"empty\.pdf: the PDF (has no pages|is damaged or has no pages)"):
        proof(path)


def test_an_unembedded_font_is_found(tmp_path: Path) -> None:
    report = proof_pdf(unembedded_font_pdf(tmp_path / "helvetica.pdf"), builtin_layout("gov-report"))
    embedded = [finding for finding in report.findings if finding.rule == "font-embedded"]
    assert [(finding.page, finding.quote) for finding in embedded] == [(1, "Helvetica")]
    assert [font.embedded for font in report.fonts] == [False]


def test_the_clean_pdf_has_only_embedded_cjk_fonts(clean_pdf: Path) -> None:
    report = proof_pdf(clean_pdf, builtin_layout("gov-report"))
    assert all(font.embedded and font.cjk for font in report.fonts)


def test_a_pdf_without_text_says_so(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595.276, height=841.89)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as out:
        writer.write(out)
    report = proof_pdf(path, builtin_layout("gov-report"))
    assert report.clean and report.body_pages == ()
    assert "no text in the PDF (scanned pages?)" in format_report(report)


def test_a_device_is_not_called_missing() -> None:
    with pytest.raises(ProofError, match=r"/dev/null: not a regular file"):
        proof_pdf(Path("/dev/null"), builtin_layout("gov-report"))
