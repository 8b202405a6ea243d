"""Small PDFs that expand when read: `proof` and the watch's page images answer or refuse them in bounded
memory and time, in one message, never a traceback or the out-of-memory killer; as a source's cover,
`check` and `build` refuse them, so that no build's PDF carries them to a viewer.

The PDFs are written by hand (a few objects, an xref), each a few KB: a page whose Form XObjects draw one
another twice, 24 deep (2^23 forms when PDFium loads the page: 21 GB before the killer stopped `proof`),
a page drawing two million characters from a compressed stream, and 20,000 pages. Each command runs in a
child process under a guard (`RLIMIT_AS` of GUARD_MEMORY, a timeout) so that old code fails the test
instead of the machine; the guards are far above what the refusal needs.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from .conftest import REPO

GUARD_MEMORY = 6 * 1024 * 1024 * 1024
GUARD_SECONDS = 300  # a bound for a shared machine, never the assertion

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
HELLO = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"


def pdf_file(objects: dict[int, bytes]) -> bytes:
    """A PDF of `objects` (number → the object's text), object 1 the catalog, with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    start, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, start)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (extra, len(packed), packed)


def pages_pdf(count: int, content: bytes) -> bytes:
    """`count` A4 pages sharing one content stream."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT, 4: stream(content)}
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % (10 + index) for index in range(count)), count)
    for index in range(count):
        objects[10 + index] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                               b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    return pdf_file(objects)


def forms_bomb(depth: int = 24) -> bytes:
    """One A4 page drawing form 1, which draws form 2 twice, … down to `depth`: 2^(depth-1) forms drawn."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", 3: FONT,
               4: stream(b"/X Do"),
               5: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 10 0 R >> >> "
                  b"/Contents 4 0 R >>"}
    for level in range(depth):
        last = level == depth - 1
        resources = b"<< /Font << /F1 3 0 R >> >>" if last else b"<< /XObject << /X %d 0 R >> >>" % (11 + level)
        objects[10 + level] = stream(HELLO if last else b"/X Do /X Do",
                                     b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources)
    return pdf_file(objects)


def guarded(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GUARD_MEMORY, GUARD_MEMORY))

    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "300"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=GUARD_SECONDS, preexec_fn=limit, check=False)


def proof(pdf: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf)
    return guarded("-m", "reportpress", "proof", str(path), cwd=tmp_path)


def assert_refused(result: subprocess.CompletedProcess[str], *wanted: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    for text in wanted:
        assert text in lines[0], lines[0]


def test_proof_refuses_forms_that_draw_each_other_past_its_memory_in_one_message(tmp_path: Path) -> None:
    pdf = forms_bomb()
    assert len(pdf) < 10_000
    assert_refused(proof(pdf, tmp_path), "hostile.pdf: not proofed: it needs more than", "MiB of memory")


def test_proof_refuses_a_page_of_two_million_characters_before_measuring_them(tmp_path: Path) -> None:
    line = b"(" + b"A" * 1000 + b") Tj "
    pdf = pages_pdf(1, b"BT /F1 1 Tf 72 720 Td " + line * 2000 + b"ET")
    assert len(pdf) < 10_000
    assert_refused(proof(pdf, tmp_path), "hostile.pdf: page 1 draws 2000000 characters, over the 50000")


def test_proof_refuses_more_pages_than_it_reads_before_reading_one(tmp_path: Path) -> None:
    assert_refused(proof(pages_pdf(20_000, HELLO), tmp_path), "hostile.pdf: 20000 pages: proof reads at most 10000")


def test_proof_still_reads_pages_at_the_limits(tmp_path: Path) -> None:
    """Ten thousand pages of a word each, and a page of 50,000 characters, are proofed (findings, no refusal)."""
    for pdf in (pages_pdf(10_000, HELLO),
                pages_pdf(1, b"BT /F1 1 Tf 72 720 Td (" + b"A" * 50_000 + b") Tj ET")):
        result = proof(pdf, tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
        assert "font-embedded" in result.stdout and "error:" not in result.stderr, result.stderr[-2000:]


def test_the_previews_page_images_of_forms_that_draw_each_other_are_a_render_error(tmp_path: Path) -> None:
    """The watch rasterises every build's PDF, which holds the source's cover PDFs as they were drawn."""
    (tmp_path / "bomb.pdf").write_bytes(forms_bomb())
    script = ("import sys; from pathlib import Path\n"
              "from reportpress.errors import RenderError\n"
              "from reportpress.watch.pages import render_pages\n"
              "try:\n"
              "    render_pages(Path('bomb.pdf').read_bytes())\n"
              "except RenderError as error:\n"
              "    print(error, file=sys.stderr); sys.exit(1)\n")
    assert_refused(guarded("-c", script, cwd=tmp_path), "the preview cannot show the PDF just built:",
                   "MiB of memory")


@pytest.mark.parametrize("pages", [1, 3])
def test_the_previews_page_images_of_a_plain_pdf_are_made_as_before(tmp_path: Path, pages: int) -> None:
    from reportpress.watch.pages import render_pages

    images = render_pages(pages_pdf(pages, HELLO))
    assert len(images) == pages and len({image.digest for image in images}) == 1
    assert all(image.png.startswith(b"\x89PNG") and (image.width, image.height) == (794, 1123) for image in images)


# --- the same PDFs as a source's cover: refused by check and build, so no build's PDF carries them ----------

def cover_build(tmp_path: Path, cover: bytes, command: str = "build") -> subprocess.CompletedProcess[str]:
    (tmp_path / "source").mkdir(exist_ok=True)
    (tmp_path / "source" / "front.pdf").write_bytes(cover)
    (tmp_path / "source" / "r.md").write_text("---\ntitle: 报告\ncover:\n  front: front.pdf\n---\n\n正文。\n",
                                              encoding="utf-8")
    args = ["-m", "reportpress", command, "source/r.md"] + (["--to", "pdf"] if command == "build" else [])
    return guarded(*args, cwd=tmp_path)


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_cover_whose_forms_draw_each_other_exponentially_is_refused(tmp_path: Path, command: str) -> None:
    result = cover_build(tmp_path, forms_bomb(16), command)  # 2^15 forms: past the 10,000 a page may draw
    assert_refused(result, "source/front.pdf: the front cover PDF: a page draws more than 10000 forms")
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").iterdir())


def test_a_cover_page_of_seventy_megabytes_of_drawing_is_refused(tmp_path: Path) -> None:
    content = b"0 0 m 1 1 l S\n" * 5_000_000  # 70 MB, 70 KB compressed: ten million paths to a renderer
    result = cover_build(tmp_path, pages_pdf(1, content))
    assert_refused(result, "the front cover PDF: a page's drawing is more than 64 MiB of content")


def test_a_cover_drawing_one_form_ten_thousand_times_is_merged(tmp_path: Path) -> None:
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
               4: stream(b"q 0.01 0 0 0.01 0 0 cm /X Do Q\n" * 10_000),
               5: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
                  b"/Resources << /XObject << /X 10 0 R >> >> /Contents 4 0 R >>",
               10: stream(b"0 0 m 100 100 l S", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]")}
    result = cover_build(tmp_path, pdf_file(objects))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert (tmp_path / "output" / "r.pdf").read_bytes().startswith(b"%PDF")
