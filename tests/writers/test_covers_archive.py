"""Covers, the pypdf merge, PDF/A and reproducible builds (issue 5), read back with pypdf, PyMuPDF,
pdftotext and Apache PDFBox Preflight."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pypdf
import pytest

from reportpress.build import Inputs, build, build_print_pdf
from reportpress.errors import CoverError, RenderError
from reportpress.layouts import Layout, builtin_layout, read_layout
from reportpress.model import Glossary, Heading, Meta, plain_text
from reportpress.reader import read_source, read_text
from reportpress.writers.covers import resolve_covers
from tests.conftest import SAMPLE_SOURCE
from tests.pdfread import FOLIO, pdftotext, squeeze

PREFLIGHT_JARS = ["preflight", "pdfbox2", "fontbox2", "commons-logging", "xmpbox", "javax.activation", "jaxb-api"]


def preflight(pdf: Path) -> str:
    classpath = ":".join(f"/usr/share/java/{jar}.jar" for jar in PREFLIGHT_JARS)
    if not shutil.which("java") or not Path("/usr/share/java/preflight.jar").exists():
        pytest.fail("Apache PDFBox Preflight is missing: `make test` installs libpdfbox2-java")
    result = subprocess.run(["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(pdf)],
                            capture_output=True, text=True, timeout=300)
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def archive_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    build(SAMPLE_SOURCE, out_dir=out, pdf_variant="pdf/a-1b")
    return out


def test_sample_starts_with_its_cover_and_body_page_one_is_labelled_1(archive_build: Path) -> None:
    pdf = archive_build / "hongkou-2020.pdf"
    reader = pypdf.PdfReader(pdf)
    # gov-report is mirrored: a blank verso behind the cover puts — 1 — on a recto (issue 12)
    assert reader.page_labels[:4] == ["i", "ii", "1", "2"]
    cover = pdftotext(pdf, "-f", "1", "-l", "1")
    document = read_source(SAMPLE_SOURCE)
    assert squeeze(document.meta.title) in squeeze(cover) and "上海市虹口区人民政府" in cover
    assert "2020年1月8日" in cover and not FOLIO.search(cover)
    assert pdftotext(pdf, "-f", "2", "-l", "2").strip() == ""
    assert FOLIO.search(pdftotext(pdf, "-f", "3", "-l", "3")).group(0).replace(" ", "") == "—1—"


def test_outline_and_glossary_links_land_on_their_targets_after_the_merge(archive_build: Path) -> None:
    pdf = archive_build / "hongkou-2020.pdf"
    document = read_source(SAMPLE_SOURCE)
    with pymupdf.open(pdf) as reader:
        toc = reader.get_toc()
        titles = [plain_text(b.inlines) if isinstance(b, Heading) else b.title for b in document.blocks
                  if isinstance(b, Heading | Glossary)]
        assert [title for _, title, _ in toc] == titles
        for _, title, page in toc:
            assert squeeze(title) in squeeze(reader[page - 1].get_text()), title
        targets = 0
        for page in reader:
            for link in page.get_links():
                name = link.get("nameddest", "")
                if name.startswith("endnote-") and not name.startswith("endnote-ref-"):
                    target = reader[link["page"]]
                    top = target.rect.height - link["to"].y
                    entry = squeeze(target.get_textbox(pymupdf.Rect(0, top - 2, 600, top + 30)))
                    assert entry.startswith(name.removeprefix("endnote-") + "．"), (name, entry)
                    targets += 1
        assert targets >= 13


def test_pdfa_1b_with_cover_passes_preflight(archive_build: Path) -> None:
    report = preflight(archive_build / "hongkou-2020.pdf")
    assert "is a valid PDF/A-1b file" in report, report


def test_pdfa_3b_carries_source_and_docx(tmp_path: Path) -> None:
    build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path, pdf_variant="pdf/a-3b")
    reader = pypdf.PdfReader(tmp_path / "hongkou-2020.pdf")
    attachments = reader.attachments
    assert attachments["hongkou-2020.md"] == [SAMPLE_SOURCE.read_bytes()]
    assert attachments["hongkou-2020.docx"] == [(tmp_path / "hongkou-2020.docx").read_bytes()]
    relationships = sorted(str(spec.get_object()["/AFRelationship"]) for spec in reader.trailer["/Root"]["/AF"])
    assert relationships == ["/Alternative", "/Source"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_are_byte_identical_and_the_manifest_matches(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "one", tmp_path / "two"
    build(SAMPLE_SOURCE, out_dir=first)
    build(SAMPLE_SOURCE, out_dir=second)
    for name in ("hongkou-2020.pdf", "hongkou-2020.docx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    manifest = json.loads((first / "hongkou-2020.manifest.json").read_text(encoding="utf-8"))
    for fmt in ("pdf", "docx"):
        assert manifest["outputs"][fmt]["sha256"] == digest(first / f"hongkou-2020.{fmt}")
    assert manifest["inputs"]["source"]["sha256"] == digest(SAMPLE_SOURCE)
    assert {font["name"] for font in manifest["inputs"]["fonts"]} >= {"Noto-Serif-CJK-SC"}
    assert all(font["file"] and os.path.exists(font["file"]) for font in manifest["inputs"]["fonts"])
    assert set(manifest["tools"]) >= {"reportpress", "weasyprint", "python-docx", "pypdf"}
    info = pypdf.PdfReader(first / "hongkou-2020.pdf").metadata
    assert info is not None and info["/CreationDate"] == "D:20231114221320+00'00'"


def test_source_date_defaults_to_the_front_matter_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path)
    info = pypdf.PdfReader(tmp_path / "hongkou-2020.pdf").metadata
    assert info is not None and info["/CreationDate"] == "D:20200108000000+00'00'"


# ------------------------------------------------------------------------------------ designer's covers

REPORT = """---
title: 报告
cover:
  front: {front}
duplex: true
---

正文。
"""


def pdf_page(path: Path, size: tuple[float, float], text: str = "封面") -> Path:
    with pymupdf.open() as document:
        page = document.new_page(width=size[0], height=size[1])
        page.insert_text((72, 72), text)
        document.save(path)
    return path


A4 = (595.276, 841.89)


def test_designer_cover_pdf_and_duplex_blank_verso(tmp_path: Path) -> None:
    pdf_page(tmp_path / "front.pdf", A4, "Designer cover")
    source = tmp_path / "report.md"
    source.write_text(REPORT.format(front="front.pdf"), encoding="utf-8")
    build(source, formats=["pdf"], out_dir=tmp_path / "out")
    pdf = tmp_path / "out" / "report.pdf"
    reader = pypdf.PdfReader(pdf)
    # cover, blank verso, then the body on a right-hand page
    assert reader.page_labels == ["i", "ii", "1"]
    assert "Designer cover" in pdftotext(pdf, "-f", "1", "-l", "1")
    assert pdftotext(pdf, "-f", "2", "-l", "2").strip() == ""
    manifest = json.loads((tmp_path / "out" / "report.manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["covers"][0]["sha256"] == digest(tmp_path / "front.pdf")


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.pdf", "front cover PDF .*missing.pdf: not found"),
    (lambda d: (d / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not a PDF") and d / "corrupt.pdf",
     "not a readable PDF"),
    (lambda d: pdf_page(d / "letter.pdf", (612, 792)), "is 216 × 279 mm, the report's pages are 210 × 297 mm"),
])
def test_bad_cover_pdf_is_a_clear_error_and_nothing_is_written(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    cover = make(tmp_path)
    source = tmp_path / "report.md"
    source.write_text(REPORT.format(front=cover.name), encoding="utf-8")
    with pytest.raises(CoverError, match=message) as raised:
        build(source, formats=["pdf"], out_dir=tmp_path / "out")
    assert str(cover) in str(raised.value)
    assert not (tmp_path / "out" / "report.pdf").exists()


def test_encrypted_cover_pdf(tmp_path: Path) -> None:
    plain = pdf_page(tmp_path / "plain.pdf", A4)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(plain))
    writer.encrypt("secret")
    with open(tmp_path / "locked.pdf", "wb") as handle:
        writer.write(handle)
    source = tmp_path / "report.md"
    source.write_text(REPORT.format(front="locked.pdf"), encoding="utf-8")
    with pytest.raises(CoverError, match="is encrypted"):
        build(source, formats=["pdf"], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# ------------------------------------------------------------------ layout files and WeasyPrint


def layout_linking_out(tmp_path: Path, template: str, text: str) -> tuple[Layout, Path]:
    """A copy of gov-report whose `template` is `text`, and which, after it was read and checked, gains
    `leak.png`: a link to a picture outside the layout (the race a check at load time cannot close)."""
    folder = tmp_path / "mine"
    shutil.copytree(builtin_layout("gov-report").folder, folder)
    (folder / template).write_text(text, encoding="utf-8")
    layout = read_layout(folder)
    outside = tmp_path / "outside.png"
    outside.write_bytes(pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 4, 4), False).tobytes("png"))
    (folder / "leak.png").symlink_to(outside)
    return layout, folder


def own_files(layout: Layout) -> dict[str, bytes]:
    """The layout's regular files, the link left out: what a build whose file check was passed would serve
    (a build refuses the link first, `stages.read_layout_files`; this is WeasyPrint's side of the defence)."""
    return {path.name: path.read_bytes() for path in layout.folder.iterdir()
            if path.is_file() and not path.is_symlink()}


def test_a_cover_template_cannot_make_weasyprint_read_through_a_link_out(tmp_path: Path) -> None:
    layout, _ = layout_linking_out(tmp_path, "cover-front.html.j2",
                                   '<html><body><img src="leak.png"><p>{{ meta.title }}</p></body></html>')
    document = read_text("---\ntitle: 报告\n---\n\n正文。\n", str(tmp_path / "r.md"))
    covers = tuple(resolve_covers(document.meta, layout, tmp_path / "r.md"))
    with pytest.raises(RenderError, match=r"asks for file://.*/mine/leak\.png, which a build may not read"):
        build_print_pdf(document, layout, tmp_path / "r.md", Inputs(covers=covers, images={}), project=tmp_path,
                        layout_files=own_files(layout))


def test_the_body_stylesheet_cannot_make_weasyprint_read_through_a_link_out(tmp_path: Path) -> None:
    layout, folder = layout_linking_out(tmp_path, "style.css.j2", "")
    (folder / "style.css.j2").write_text(f"body {{ background: url({(folder / 'leak.png').as_uri()}) }}",
                                         encoding="utf-8")
    source = tmp_path / "source" / "r.md"
    source.parent.mkdir()
    source.write_text("正文。\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"asks for file://.*/mine/leak\.png, which a build may not read"):
        build_print_pdf(read_source(source), layout, source, Inputs(covers=(), images={}), project=tmp_path,
                        layout_files=own_files(layout))


# ------------------------------------------------------------------------------ the untitled document


def test_an_untitled_document_gets_no_front_cover_unless_it_names_one(tmp_path: Path) -> None:
    from reportpress.model import Cover
    from reportpress.writers.covers import front_cover_left_out

    layout = builtin_layout("gov-report")
    source = tmp_path / "r.md"
    assert [spec.side for spec in resolve_covers(Meta(title="题"), layout, source)] == ["front"]
    assert resolve_covers(Meta(), layout, source) == [] and front_cover_left_out(Meta(), layout)
    assert resolve_covers(Meta(title="  "), layout, source) == []
    named = Meta(cover=Cover(front="cover-front"))
    assert [spec.side for spec in resolve_covers(named, layout, source)] == ["front"]
    assert not front_cover_left_out(named, layout)


@pytest.mark.warns(match=r"r\.md:1: no title: the front cover is left out \(give title:, or cover: NAME\)")
def test_building_an_untitled_source_warns_at_its_line_1_and_opens_on_the_body(tmp_path: Path) -> None:
    source = tmp_path / "r.md"
    source.write_text("各位代表：\n\n正文。\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    with pymupdf.open(pdf) as reader:
        assert len(reader) == 1 and squeeze(reader[0].get_text()).startswith("各位代表：")
