"""Render once (issue 13, item 3): `writers.pdf.write_pdf` writes the template covers, the blank versos and
the body as one WeasyPrint document — each font embedded once, page labels, information dictionary and
PDF/A fixes set before the file is written — and still merges a designer's cover PDF. Read back with
pdffonts, pypdf, PyMuPDF and Apache PDFBox Preflight."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pypdf
import pytest

from reportpress.fonts import fonts_dirs
from reportpress.layouts import Layout, read_layout
from reportpress.model import Document
from reportpress.reader import read_source
from reportpress.writers.covers import CoverSpec, resolve_covers
from reportpress.writers.pdf import write_pdf
from reportpress.writers.pdf.merge import PdfInfo, plan_pages
from tests.conftest import REPO
from tests.writers.test_covers_archive import preflight

INFO = PdfInfo(title="一次排成", author="某某", subject="副题", keywords="甲, 乙", creator="reportpress",
               producer="reportpress test", date="D:20200108000000+00'00'")
BACK = """<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><style>
@page { size: {{ layout.page.width.css() }} {{ layout.page.height.css() }}; margin: 40mm; }
body { font-family: {{ families.subtitle }}; }
</style></head><body><p>封底文字 BACK</p></body></html>
"""


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """gov-report (mirrored: the body opens on a recto) with a back cover template of our own."""
    folder = tmp_path_factory.mktemp("layout") / "gov-report"
    shutil.copytree(REPO / "layouts" / "gov-report", folder)
    (folder / "cover-back.html.j2").write_text(BACK, encoding="utf-8")
    return read_layout(folder)


def source(tmp_path: Path, front_matter: str = "") -> tuple[Path, Document]:
    path = tmp_path / "report.md"
    body = "\n\n".join(f"## {'一二三'[n]}、第{n + 1}部分\n\n" + "正文段落，用来占满页面。" * 120 for n in range(3))
    # dated like INFO: the XMP packet (the build's moment) and the information dictionary must agree
    front = f"title: 一次排成的报告\nsubtitle: 副题\ndate: 2020-01-08\n{front_matter}"
    path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    return path, read_source(path)


def render(document: Document, layout: Layout, path: Path, covers: list[CoverSpec], variant: str | None = None
           ) -> bytes:
    return write_pdf(document, layout, source=path, covers=covers, images={}, fonts_dirs=fonts_dirs(REPO),
                     info=INFO, variant=variant)


def font_names(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split()[0] for line in lines[2:]]


def texts(data: bytes) -> list[str]:
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        return [page.get_text().strip() for page in pdf]


@pytest.mark.parametrize(("front", "body", "back", "duplex", "expected"), [
    ([1], 3, [1], True, (True, 5, False, 6)),    # cover, blank, 3 body pages: the back cover is the 6th, a verso
    ([1], 2, [1], True, (True, 4, True, 6)),     # cover, blank, 2 body pages, blank, back
    ([2], 3, [], True, (False, 5, False, 5)),    # two cover pages: the body already opens on page 3
    ([1], 2, [1], False, (False, 3, False, 4)),  # single-sided: no blank page at all
    ([], 3, [2], True, (False, 3, True, 6)),
])
def test_the_page_plan_puts_the_body_on_a_recto_and_the_back_cover_on_the_last_verso(
        front: list[int], body: int, back: list[int], duplex: bool, expected: tuple[bool, int, bool, int]) -> None:
    plan = plan_pages(front, body, back, duplex)
    assert (plan.blank_after_front, plan.body_end, plan.blank_before_back, plan.total) == expected
    assert plan.body_start % 2 == 0 or not duplex


def test_covers_and_body_are_one_document_with_each_font_embedded_once(tmp_path: Path, layout: Layout) -> None:
    path, document = source(tmp_path)
    covers = resolve_covers(document.meta, layout, path)
    assert [(spec.side, spec.kind) for spec in covers] == [("front", "template"), ("back", "template")]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(document, layout, path, covers))
    names = font_names(pdf)
    assert names and len(names) == len(set(names)), names  # the cover's faces are the body's: once each
    pages = texts(pdf.read_bytes())
    assert "一次排成的报告" in pages[0].replace("\n", "") and pages[1] == ""  # the cover, its blank verso
    assert pages[2].startswith("一次排成的报告") and "BACK" in pages[-1] and len(pages) % 2 == 0
    reader = pypdf.PdfReader(pdf)
    after = ["iii", "iv"] if pages[-2] == "" else ["iii"]  # a blank page before the back cover, or none
    body_pages = len(pages) - 2 - len(after)
    assert reader.page_labels == ["i", "ii", *map(str, range(1, body_pages + 1)), *after]
    assert reader.metadata is not None and reader.metadata.title == "一次排成" and reader.metadata.author == "某某"
    assert reader.metadata["/Producer"] == "reportpress test"  # ours, not WeasyPrint's
    with pymupdf.open(pdf) as opened:  # the outline points at the body's pages, after the cover and its verso
        assert opened.get_toc()[0][1:] == ["一、第1部分", 3]
    assert render(document, layout, path, covers) == pdf.read_bytes()  # reproducible


def test_a_designer_cover_pdf_is_merged_around_the_body(tmp_path: Path, layout: Layout) -> None:
    path, document = source(tmp_path, "cover:\n  front: designed.pdf\n  back: cover-back\n")
    with pymupdf.open() as designed:
        designed.new_page(width=layout.page.width.pt, height=layout.page.height.pt).insert_text((72, 72), "DESIGNED")
        data = designed.tobytes()
    covers = resolve_covers(document.meta, layout, path)
    covers = [CoverSpec(spec.side, spec.kind, spec.path, data) if spec.kind == "pdf" else spec for spec in covers]
    merged = render(document, layout, path, covers)
    pages = texts(merged)
    assert pages[0] == "DESIGNED" and pages[1] == "" and pages[2].startswith("一次排成的报告")
    assert "BACK" in pages[-1] and len(pages) % 2 == 0
    labels = pypdf.PdfReader(io.BytesIO(merged)).page_labels
    assert labels[:3] == ["i", "ii", "1"]


def test_pdfa_1b_written_in_one_pass_passes_preflight(tmp_path: Path, layout: Layout) -> None:
    path, document = source(tmp_path)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(document, layout, path, resolve_covers(document.meta, layout, path), "pdf/a-1b"))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(OT)" not in listing and "CID Type 0C" in listing  # bare CFF, which PDF 1.4 knows
    report = preflight(pdf)
    assert "is a valid PDF/A-1b file" in report, report


def test_the_variants_are_weasyprints() -> None:
    import weasyprint
    from weasyprint.pdf import (
        VARIANTS,  # a literal in writers/pdf/__init__.py, so that importing it loads no WeasyPrint
    )

    from reportpress.writers.pdf import PDF_VARIANTS, WEASYPRINT_VERSION

    assert tuple(VARIANTS) == PDF_VARIANTS and weasyprint.__version__ == WEASYPRINT_VERSION


def test_the_pdf_writers_modules_load_no_weasyprint_pypdf_or_fonttools_until_a_pdf_is_made() -> None:
    """`check` and a DOCX-only build import them and must not pay for WeasyPrint (about half a second); the
    DOCX writer reads a PDF back (pypdf) only for a contents page."""
    code = ("import sys; import reportpress.writers.pdf, reportpress.writers.covers, reportpress.writers.pdf.merge, "
            "reportpress.writers.pdf.archive, reportpress.manifest, reportpress.writers.docx; "
            "print(sorted({name.split('.')[0] for name in sys.modules} & {'weasyprint', 'pypdf', 'fontTools'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert result.stdout.strip() == "[]"


def test_the_manifest_lists_the_fonts_write_pdf_embedded_without_parsing_again(tmp_path: Path, layout: Layout,
                                                                                monkeypatch: pytest.MonkeyPatch
                                                                                ) -> None:
    from reportpress import manifest
    from reportpress.writers import pdf as pdf_writer

    path, document = source(tmp_path)
    data = render(document, layout, path, resolve_covers(document.meta, layout, path))
    recorded = manifest.embedded_font_names(data)
    monkeypatch.setattr(pdf_writer, "_WRITTEN_FONTS", {})  # a PDF this process did not write: read from the file
    assert recorded == manifest.embedded_font_names(data) and "Noto-Serif-CJK-SC" in recorded
    (tmp_path / "x.pdf").write_bytes(data)
    assert sorted(name.split("+", 1)[1] for name in font_names(tmp_path / "x.pdf")) == recorded


def test_a_fonts_digest_is_its_files_and_follows_a_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from reportpress import manifest

    monkeypatch.setenv("REPORTPRESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(manifest, "_font_digests", {})
    font = tmp_path / "face.otf"
    font.write_bytes(b"first version of the font")
    assert manifest.font_sha256(font) == hashlib.sha256(b"first version of the font").hexdigest()
    (cached,) = (tmp_path / "cache" / "digests").iterdir()
    cached.write_text("not a digest", encoding="ascii")  # garbage in the cache: the file is hashed again
    monkeypatch.setattr(manifest, "_font_digests", {})
    assert manifest.font_sha256(font) == hashlib.sha256(b"first version of the font").hexdigest()
    font.write_bytes(b"the second, longer version")  # another size (and time): another digest
    assert manifest.font_sha256(font) == hashlib.sha256(b"the second, longer version").hexdigest()


def test_the_folio_faces_metrics_are_read_once_then_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    from reportpress.fonts import discover_faces, resolve_fontset
    from reportpress.layouts import builtin_layout
    from reportpress.writers.pdf import folio

    monkeypatch.setenv("REPORTPRESS_CACHE_DIR", str(tmp_path / "cache"))
    gov = builtin_layout("gov-report")
    face = resolve_fontset(gov, discover_faces(fonts_dirs(REPO)))["folio"].faces[0]
    folio.face_metrics.cache_clear()
    read = folio.face_metrics(face.path, face.index, "—")
    assert read is not None and 0 < read.mark_top < read.ascent
    folio.face_metrics.cache_clear()

    def no_font(*args: object) -> None:
        raise AssertionError("the font was read again")

    with monkeypatch.context() as patched:
        patched.setattr(folio, "_read_face_metrics", no_font)
        assert folio.face_metrics(face.path, face.index, "—") == read  # from the cache folder
    (cached,) = (tmp_path / "cache" / "folio").iterdir()
    cached.write_text('{"ascent": 1e400, "descent": 0, "mark_top": 0}', encoding="utf-8")  # not ours: ignored
    folio.face_metrics.cache_clear()
    assert folio.face_metrics(face.path, face.index, "—") == read
    folio.face_metrics.cache_clear()
