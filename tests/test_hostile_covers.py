"""Hostile cover PDFs (review 22): only what draws a cover's pages reaches the output, and a cover that
cannot be used is one message from `check` and `build` alike — never a traceback, never an output.

The covers are written byte by byte (`raw_pdf`), so each carries exactly the hostile part it tests;
the outputs are read back with pypdf, `qpdf --json` and Apache PDFBox Preflight."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from reportpress.cli import main
from reportpress.manifest import embedded_font_names
from tests.writers.test_covers_archive import preflight

A4_BOX = b"[0 0 595.28 841.89]"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
DRAWING = b"BT /F1 24 Tf 72 720 Td (DESIGNED COVER) Tj ET"
SHAPES = b"0.25 g 72 72 451 698 re f"  # a cover with no text, so no font PDF/A would want embedded
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< " + extra + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of `objects` (object 1 the catalog), with a correct cross-reference table."""
    data = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))
    return path


def page(extra: bytes = b"", resources: bytes = b"<< /Font << /F1 3 0 R >> >>", parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox " % parent + A4_BOX + b" /Resources " + resources
            + b" /Contents 4 0 R " + extra + b" >>")


def one_page_pdf(path: Path, page_extra: bytes = b"", resources: bytes = b"<< /Font << /F1 3 0 R >> >>") -> Path:
    return raw_pdf(path, [CATALOG, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", FONT, stream(DRAWING),
                          page(page_extra, resources)])


def hostile_cover(path: Path) -> Path:
    """A cover that does everything but draw: JavaScript on open, in the name tree and as page and
    document actions; a Launch link and a `file://` link; an embedded file; a form; optional content."""
    javascript = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    return raw_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /AA << /WC 6 0 R >>"
        b" /Names << /JavaScript << /Names [(x) 6 0 R] >> /EmbeddedFiles << /Names [(secret.txt) 8 0 R] >> >>"
        b" /AcroForm << /Fields [7 0 R] >> /OCProperties << /OCGs [11 0 R] /D << /Order [11 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", FONT, stream(SHAPES),
        page(b"/Annots [7 0 R 10 0 R] /AA << /O 6 0 R >>", resources=b"<< >>"),
        javascript,
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /Launch /F (/bin/sh) >> >>",
        b"<< /Type /Filespec /F (secret.txt) /EF << /F 9 0 R >> >>",
        stream(b"EMBEDDED-SECRET", b"/Type /EmbeddedFile "),
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (file:///etc/passwd) >> >>",
        b"<< /Type /OCG /Name (Layer) >>",
    ])


def project(tmp_path: Path, cover: str) -> Path:
    """A one-paragraph report in `tmp_path/source/` whose front cover is the PDF `cover` beside it."""
    (tmp_path / "source").mkdir(exist_ok=True)
    source = tmp_path / "source" / "r.md"
    source.write_text(f"---\ntitle: 报告\ncover:\n  front: {cover}\n---\n\n正文。\n", encoding="utf-8")
    return source


def run(command: str, source: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([command, *args, str(source)] if command == "check" else
                [command, *args, "--out", str(source.parent.parent / "output"), "-j", "1", str(source)])
    return code, capsys.readouterr().err


def test_a_cover_brings_no_action_link_script_file_or_form_into_the_pdfa_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    hostile_cover(tmp_path / "source" / "front.pdf")
    source = project(tmp_path, "front.pdf")
    code, err = run("build", source, capsys, "--to", "pdf", "--pdf-variant", "pdf/a-1b")
    assert code == 0, err
    pdf = tmp_path / "output" / "r.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.pages[0].get_contents().get_data().strip() == SHAPES  # what draws is kept
    assert "/Annots" not in reader.pages[0]
    assert not any("/AA" in each for each in reader.pages)
    root = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA", "/AcroForm", "/OCProperties"):
        assert key not in root, key
    names = root.get("/Names", {})
    assert "/JavaScript" not in names and "/EmbeddedFiles" not in names
    dump = json.dumps(json.loads(subprocess.run(["qpdf", "--json", "--json-stream-data=inline", str(pdf)],
                                                capture_output=True, text=True, check=False).stdout))
    for word in ("JavaScript", '"/JS"', '"/AA"', '"/Annots"', "Launch", "/bin/sh", "file://", "EmbeddedFile", "/OCG"):
        assert word not in dump, word
    assert "RUVEREVELELT" not in dump and "EMBEDDED-SECRET" not in dump  # the file, plain or base64
    report = preflight(pdf)
    assert "is a valid PDF/A-1b file" in report, report


def aes_encrypted(tmp_path: Path) -> Path:
    plain = one_page_pdf(tmp_path / "plain.pdf")
    locked = tmp_path / "source" / "locked.pdf"
    if shutil.which("qpdf") is None:
        pytest.fail("qpdf is missing: `make test` installs it")
    subprocess.run(["qpdf", "--encrypt", "", "o", "256", "--", str(plain), str(locked)], check=True)
    return locked


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_aes_encrypted_cover_is_one_message_not_a_traceback(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    aes_encrypted(tmp_path)
    code, err = run(command, project(tmp_path, "locked.pdf"), capsys)
    assert code == 1 and "Traceback" not in err and "DependencyError" not in err
    assert "locked.pdf: the front cover PDF: it is encrypted" in err
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").iterdir())


@pytest.mark.parametrize(("extra", "resources"), [
    (b"", b"99 0 R"),  # no object 99: null
    (b"", b"[1 2 3]"),
    (b"/Group 98 0 R /CropBox [0 0 /x 1] /TrimBox 97 0 R", b"<< /Font 96 0 R >>"),
], ids=["resources-missing", "resources-array", "group-boxes-fonts-missing"])
def test_a_cover_whose_objects_are_missing_or_of_the_wrong_kind_builds_as_check_says(
        extra: bytes, resources: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    one_page_pdf(tmp_path / "source" / "front.pdf", extra, resources=resources)
    source = project(tmp_path, "front.pdf")
    assert run("check", source, capsys) == (0, "")
    code, err = run("build", source, capsys, "--to", "pdf")
    assert code == 0 and "Traceback" not in err, err
    assert len(pypdf.PdfReader(tmp_path / "output" / "r.pdf").pages) >= 2


def test_embedded_font_names_reads_a_null_resource_dictionary_as_empty(tmp_path: Path) -> None:
    pdf = raw_pdf(tmp_path / "x.pdf", [CATALOG, b"<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>", FONT,
                                       stream(DRAWING), page(resources=b"99 0 R"),
                                       page(resources=b"<< /Font << /F1 3 0 R /F2 98 0 R /F3 7 >> >>")])
    assert embedded_font_names(pdf.read_bytes()) == ["Helvetica"]


def many_pages(path: Path, count: int) -> Path:
    kids = b" ".join(b"%d 0 R" % (5 + number) for number in range(count))
    return raw_pdf(path, [CATALOG, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, FONT,
                          stream(DRAWING), *[page()] * count])


@pytest.mark.parametrize(("make", "message"), [
    (lambda path: many_pages(path, 5), "it has 5 pages, a cover at most 4"),
    (lambda path: many_pages(path, 20000), "it has 20000 pages, a cover at most 4"),
    (lambda path: one_page_pdf(path, b"/Rotate 45"), "a page is turned by 45, not a multiple of 90°"),
    (lambda path: one_page_pdf(path, b"/X " + b"[" * 5000 + b"]" * 5000), "is not a readable PDF"),
    (lambda path: raw_pdf(path, [CATALOG, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", FONT, stream(DRAWING),
                                 page().replace(A4_BOX, b"[0 0 595.28 /Foo]")]), "a page has no page size"),
])
def test_a_cover_that_cannot_be_used_is_refused_by_check_and_build_alike(
        make, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "source").mkdir()
    make(tmp_path / "source" / "front.pdf")
    source = project(tmp_path, "front.pdf")
    for command in ("check", "build"):
        code, err = run(command, source, capsys)
        assert code == 1 and message in err and "front.pdf" in err and "Traceback" not in err, (command, err)
    assert not (tmp_path / "output").exists()


def test_a_cover_of_four_pages_is_merged_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    many_pages(tmp_path / "source" / "front.pdf", 4)
    code, err = run("build", project(tmp_path, "front.pdf"), capsys, "--to", "pdf")
    assert code == 0, err
    reader = pypdf.PdfReader(tmp_path / "output" / "r.pdf")
    assert [("DESIGNED COVER" in reader.pages[number].extract_text()) for number in range(5)] == [True] * 4 + [False]
