"""Second hostile review (22b): a cover PDF whose visible page is not the report's page size, and note
calls spread over a table's cells — each refused by `check` exactly as `build` refuses it, in one message
naming the file and line.

The covers are written byte by byte (`tests.test_hostile_covers.raw_pdf`) and read back with pypdf."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest

from reportpress.cli import main
from reportpress.errors import CoverError
from reportpress.typeset.limits import MAX_NOTE_CALLS_PER_BLOCK
from reportpress.writers.pdf.merge import archival_cover_problems, refuse_archival_cover
from tests.test_hostile_covers import (
    A4_BOX,
    CATALOG,
    DRAWING,
    FONT,
    SHAPES,
    one_page_pdf,
    project,
    raw_pdf,
    run,
    stream,
)

LANDSCAPE_A4 = b"[0 0 841.89 595.28]"


def boxed(path: Path, boxes: bytes) -> Path:
    """A one-page cover whose page has `boxes` (its /MediaBox and the rest) instead of an A4 MediaBox."""
    page = (b"<< /Type /Page /Parent 2 0 R " + boxes + b" /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>")
    return raw_pdf(path, [CATALOG, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", FONT, stream(DRAWING), page])


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(("extra", "shows"), [
    (b"/CropBox [0 0 20 20]", "is 7 × 7 mm"),
    (b"/CropBox [-100 -100 300 400]", "is 106 × 141 mm"),  # clipped to the MediaBox
    (b"/Rotate 90", "is 297 × 210 mm as it shows, turned by 90°"),
    (b"/Rotate -90", "is 297 × 210 mm as it shows, turned by 270°"),
], ids=["tiny-cropbox", "cropbox-past-the-mediabox", "rotate-90", "rotate-minus-90"])
def test_a_cover_whose_visible_page_is_not_the_report_size_is_refused(
        command: str, extra: bytes, shows: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    one_page_pdf(tmp_path / "source" / "front.pdf", extra)
    code, err = run(command, project(tmp_path, "front.pdf"), capsys, *(["--to", "pdf"] if command == "build" else []))
    flat = " ".join(err.split())
    assert code == 1 and "Traceback" not in err
    assert "front.pdf: the front cover PDF: page 1 " + shows in flat, err
    assert "the report's pages are 210 × 297 mm" in flat
    assert ("/CropBox, within its /MediaBox, is what shows" in flat) == (b"/CropBox" in extra)
    assert not (tmp_path / "output" / "r.pdf").exists()


def test_a_landscape_page_turned_upright_and_a_cropbox_of_the_page_are_merged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The visible box is what counts: a landscape MediaBox with /Rotate 90 shows an A4 page, and so does
    an A4 CropBox inside a MediaBox with a bleed round it."""
    (tmp_path / "source").mkdir()
    boxed(tmp_path / "source" / "front.pdf", b"/MediaBox " + LANDSCAPE_A4 + b" /Rotate 90")
    boxed(tmp_path / "source" / "back.pdf", b"/MediaBox [-9 -9 604.28 850.89] /CropBox " + A4_BOX)
    source = project(tmp_path, "front.pdf")
    source.write_text(source.read_text(encoding="utf-8").replace("  front: front.pdf\n",
                                                                   "  front: front.pdf\n  back: back.pdf\n"),
                      encoding="utf-8")
    assert run("check", source, capsys)[0] == 0
    code, err = run("build", source, capsys, "--to", "pdf")
    assert code == 0, err
    pages = pypdf.PdfReader(tmp_path / "output" / "r.pdf").pages
    assert pages[0].rotation == 90 and [round(float(side)) for side in pages[0].mediabox] == [0, 0, 842, 595]
    assert [round(float(side)) for side in pages[-1].cropbox] == [0, 0, 595, 842]


def notes_table(cells: int, per_cell: int) -> str:
    """A one-row table of `cells` cells, each calling `per_cell` footnotes, and the notes."""
    number = iter(range(1, cells * per_cell + 1))
    row = " | ".join("".join(f"甲[^{next(number)}]" for _ in range(per_cell)) for _ in range(cells))
    notes = "\n".join(f"[^{n}]: 注{n}。" for n in range(1, cells * per_cell + 1))
    return ("---\ntitle: 报告\n---\n\n正文。\n\n" + "| " + " | ".join(["列"] * cells) + " |\n"
            + "|" + "---|" * cells + "\n| " + row + " |\n\n" + notes + "\n")


@pytest.mark.parametrize("command", ["check", "build"])
def test_note_calls_spread_over_a_tables_cells_count_as_one_block(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    source = tmp_path / "source" / "r.md"
    source.write_text(notes_table(3, MAX_NOTE_CALLS_PER_BLOCK // 2), encoding="utf-8")  # 75 calls, 25 a cell
    monkeypatch.chdir(tmp_path)
    code = main([command, "source/r.md"] if command == "check" else [command, "-j", "1", "--to", "pdf", "source/r.md"])
    flat = " ".join(capsys.readouterr().err.split())
    assert code == 1 and "Traceback" not in flat
    # the first call past the limit: the second cell's 26th call, on the table's row (line 9)
    assert f"source/r.md:9: table: more than {MAX_NOTE_CALLS_PER_BLOCK} note calls in one block" in flat, flat
    assert not (tmp_path / "output" / "r.pdf").exists()


def test_a_table_at_the_note_limit_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(notes_table(2, MAX_NOTE_CALLS_PER_BLOCK // 2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "source/r.md"]) == 0


# ------------------------------------------------------------------ PDF/A: what a cover may not bring

EVIL = b"http://evil.example/"
EXTERNAL_FORM = stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Ref << /F << /Type /Filespec "
                            b"/FS /URL /F (" + EVIL + b"ref.pdf) >> /Page 0 >> /OPI << /1.3 << /F (" + EVIL
                       + b"opi) >> >> ")
EXTERNAL_DATA = stream(b"", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                            b"/BitsPerComponent 8 /F << /FS /URL /F (" + EVIL + b"data) >> /FFilter /FlateDecode "
                            b"/FDecodeParms << /Predictor 1 >> ")


def drawing_cover(path: Path, resources: bytes, extra: bytes = b"", objects: tuple[bytes, ...] = (),
                  drawing: bytes = SHAPES) -> Path:
    """A one-page A4 cover drawing `drawing` with `resources` (objects 6 on: `objects`)."""
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4_BOX + b" /Resources " + resources
            + b" /Contents 4 0 R " + extra + b" >>")
    return raw_pdf(path, [CATALOG, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", FONT, stream(drawing), page,
                          *objects])


@pytest.mark.parametrize(("resources", "extra", "objects", "problem"), [
    (b"<< /ExtGState << /G << /ca 0.5 >> >> >>", b"", (), "transparency (an opacity /ca of 0.5)"),
    (b"<< /ExtGState << /G << /CA 0 >> >> >>", b"", (), "transparency (an opacity /CA of 0)"),
    (b"<< /ExtGState << /G << /BM /Multiply >> >> >>", b"", (), "transparency (a blend mode)"),
    (b"<< /ExtGState << /G << /SMask << /S /Luminosity /G 6 0 R >> >> >> >>", b"",
     (stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "),), "transparency (a soft mask)"),
    (b"<< >>", b"/Group << /S /Transparency /CS /DeviceRGB >>", (), "transparency (a transparency group)"),
    (b"<< /Font << /F1 3 0 R >> >>", b"", (), "a font not embedded (Helvetica)"),
    (b"<< /XObject << /X 6 0 R >> >>", b"", (EXTERNAL_FORM,), "a reference XObject (/Ref"),
    (b"<< /XObject << /X 6 0 R >> >>", b"", (EXTERNAL_FORM,), "an OPI proxy (/OPI"),
    (b"<< /XObject << /X 6 0 R >> >>", b"", (EXTERNAL_DATA,), "a stream whose data is in another file (/F)"),
], ids=["ca", "CA", "blend", "smask", "group", "font", "ref", "opi", "external-stream"])
def test_a_pdfa_build_refuses_a_cover_pdfa_cannot_hold(
        resources: bytes, extra: bytes, objects: tuple[bytes, ...], problem: str, tmp_path: Path) -> None:
    cover = drawing_cover(tmp_path / "front.pdf", resources, extra, objects)
    with pytest.raises(CoverError) as raised:
        refuse_archival_cover(cover.read_bytes(), "source/front.pdf: the front cover PDF", "pdf/a-1b")
    message = str(raised.value)
    assert message.startswith("source/front.pdf: the front cover PDF: a pdf/a-1b PDF cannot hold")
    assert problem in message
    assert "Export the cover as PDF/A" in message


def test_a_pdfa_build_takes_an_opaque_cover_of_embedded_fonts(tmp_path: Path) -> None:
    opaque = b"<< /ExtGState << /G << /CA 1 /ca 1.0 /BM /Normal /SMask /None >> >> >>"
    cover = drawing_cover(tmp_path / "front.pdf", opaque, b"/Group << /S /Other >>")
    assert archival_cover_problems(cover.read_bytes()) == []
    refuse_archival_cover(cover.read_bytes(), "front.pdf", "pdf/a-2b")


@pytest.mark.parametrize("external", [EXTERNAL_FORM, EXTERNAL_DATA], ids=["ref-opi", "stream-file"])
def test_no_cover_brings_a_reference_to_another_file_into_the_output(
        external: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    drawing_cover(tmp_path / "source" / "front.pdf", b"<< /XObject << /X 6 0 R >> >>", objects=(external,),
                  drawing=SHAPES + b" q 10 0 0 10 0 0 cm /X Do Q")
    code, err = run("build", project(tmp_path, "front.pdf"), capsys, "--to", "pdf")
    assert code == 0, err
    pdf = tmp_path / "output" / "r.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.pages[0].get_contents().get_data().startswith(SHAPES)  # the drawing is kept
    xobject = reader.pages[0]["/Resources"]["/XObject"]["/X"].get_object()
    assert not {"/Ref", "/OPI", "/F", "/FFilter", "/FDecodeParms"} & set(xobject)
    dump = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), "-"], capture_output=True,
                          check=False).stdout
    assert dump and b"evil.example" not in dump


@pytest.mark.parametrize("variant", ["pdf/a-1b", "pdf/a-2b"])
def test_a_pdfa_build_stops_with_the_covers_path_and_a_plain_build_merges_it(
        variant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    drawing_cover(tmp_path / "source" / "front.pdf", b"<< /ExtGState << /G << /ca 0.5 >> >> /Font << /F1 3 0 R >> >>",
                  drawing=b"/G gs " + DRAWING)
    source = project(tmp_path, "front.pdf")
    code, err = run("build", source, capsys, "--to", "pdf", "--pdf-variant", variant)
    flat = " ".join(err.split())
    assert code == 1 and "Traceback" not in err
    # PDF/A-2 allows transparency: what it refuses is the font alone
    transparency = "transparency (an opacity /ca of 0.5); " if variant == "pdf/a-1b" else ""
    assert f"front.pdf: the front cover PDF: a {variant} PDF cannot hold what it uses: {transparency}" \
           "a font not embedded (Helvetica)" in flat, flat
    assert not (tmp_path / "output" / "r.pdf").exists()
    code, err = run("build", source, capsys, "--to", "pdf")
    assert code == 0, err
    assert b"/ca 0.5" in (tmp_path / "output" / "r.pdf").read_bytes()
