"""Font files in a project's `fonts/` that cost too much to read (review 22b): a collection whose header
claims 20,000 faces (fontTools made an object per claimed face: `check` took 39 s, with 10^6 never ended)
and a file over the resource limit (read whole to be hashed). Each is skipped with the usual one warning
naming it, without being read through, and the build goes on with the other fonts."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pymupdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from reportpress import fonts
from reportpress.cli import main
from reportpress.fonts import MAX_COLLECTION_FACES, MAX_FONT_BYTES, discover_faces
from reportpress.job import read_project_fonts

SOURCE = "---\ntitle: 报告\n---\n\n正文，仿宋。\n"
ARGS = {"check": ["check", "source/r.md"], "fonts": ["fonts", "source/r.md"],
        "build": ["build", "-j", "1", "--to", "pdf", "source/r.md"]}


def small_font(family: str) -> bytes:
    """A TrueType font of one glyph (for “A”) named `family`: small, so a collection of it is too."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 700))
    pen.lineTo((1000, 0))
    pen.closePath()
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "A": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "A": (1000, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def collection(faces: int, family: str = "Claimed Many") -> bytes:
    """A TTC whose header claims `faces` faces, every offset pointing at the one font after the header."""
    font = bytearray(small_font(family))
    header = 12 + 4 * faces
    tables = struct.unpack(">H", font[4:6])[0]
    for number in range(tables):  # a collection's table offsets count from the start of the file
        at = 12 + 16 * number + 8
        font[at:at + 4] = struct.pack(">I", struct.unpack(">I", font[at:at + 4])[0] + header)
    return b"ttcf" + struct.pack(">HHI", 1, 0, faces) + struct.pack(">I", header) * faces + bytes(font)


def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("fonts", "source"):
        (tmp_path / folder).mkdir()
    (tmp_path / "source" / "r.md").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fonts, "_warned", set())  # as in a new process
    return tmp_path


def test_a_collection_of_a_few_faces_is_read(tmp_path: Path) -> None:
    (tmp_path / "three.ttc").write_bytes(collection(3, "Three Faces"))
    found = [face for face in discover_faces([tmp_path]) if "Three Faces" in face.families]
    assert [face.index for face in found] == [0, 1, 2]


def skipped_once(code: int, capsys: pytest.CaptureFixture[str], name: str, reason: str, family: str) -> None:
    """The command succeeded and warned once that font file `name` is not used, for `reason` (its words
    without spaces); its face, `family`, is listed nowhere."""
    captured = capsys.readouterr()
    assert code == 0, captured.err
    flat = "".join(captured.err.split())  # the message is wrapped to the terminal's width
    assert flat.count("notafontfilethatcanberead") == 1, captured.err
    assert name in flat and reason in flat, captured.err
    assert family not in captured.out


@pytest.mark.warns(match="not used: not a font file that can be read")
@pytest.mark.parametrize("command", ["check", "fonts", "build"])
def test_a_collection_claiming_too_many_faces_is_skipped(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, monkeypatch)
    (root / "fonts" / "many.ttc").write_bytes(collection(20_000))
    skipped_once(main(ARGS[command]), capsys, "many.ttc", f"claims20000faces,overthe{MAX_COLLECTION_FACES}",
                 "Claimed Many")
    if command == "build":
        with pymupdf.open(root / "output" / "r.pdf") as pdf:
            assert "正文" in "".join(page.get_text() for page in pdf)


def test_the_face_cap_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, monkeypatch)
    (tmp_path / "fonts" / "cap.ttc").write_bytes(collection(MAX_COLLECTION_FACES, "At The Cap"))
    found = [face for face in discover_faces([tmp_path / "fonts"]) if "At The Cap" in face.families]
    assert len(found) == MAX_COLLECTION_FACES


@pytest.mark.warns(match="not used: not a font file that can be read")
@pytest.mark.parametrize("command", ["check", "fonts", "build"])
def test_a_font_over_the_size_limit_is_skipped_unread(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, monkeypatch)
    huge = root / "fonts" / "huge.ttf"
    with huge.open("wb") as file:  # sparse: the limit plus one byte, of which only the first few are written
        file.write(small_font("Huge Face"))
        file.truncate(MAX_FONT_BYTES + 1)
    read: list[Path] = []
    real_read_bytes = Path.read_bytes

    def spy(path: Path) -> bytes:
        read.append(path)
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    skipped_once(main(ARGS[command]), capsys, "huge.ttf", f"{MAX_FONT_BYTES + 1}bytes,overthe{MAX_FONT_BYTES}",
                 "Huge Face")
    assert huge.resolve() not in [path.resolve() for path in read]
    assert read_project_fonts(root) == ()  # the build's copy of fonts/ leaves it out too


def test_proof_prints_a_pdf_font_name_and_file_name_escaped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An untrusted PDF's font name (`/BaseFont /Evil#1B#5B31mRED#9B2J`: ESC, CSI) and its file's name reach
    the human report of `proof` as escapes, not as a terminal colour (the report is printed by cli.py)."""
    from tests.test_hostile_covers import A4_BOX, CATALOG, raw_pdf, stream

    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Evil#1B#5B31mRED#9B2J >>"
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4_BOX + b" /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>")
    pdf = raw_pdf(tmp_path / "n\x1b[31m.pdf", [CATALOG, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", font,
                                               stream(b"BT /F1 16 Tf 72 720 Td (Body text here) Tj ET"), page])
    monkeypatch.chdir(tmp_path)
    main(["proof", pdf.name])
    out = capsys.readouterr().out
    assert "Evil" in out and pdf.name.startswith("n\x1b")
    assert "\x1b" not in out and "\x9b" not in out  # ESC and CSI, the C1 one
    flat = "".join(out.split())
    assert "Evil\\x1b[31mRED" in flat and "n\\x1b[31m.pdf" in flat


@pytest.mark.warns(match="not a font file that can be read|only the first")
def test_a_folder_of_many_broken_fonts_lists_only_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """Thousands of unreadable files give `fonts.MAX_FONT_WARNINGS` warnings and one saying there are more."""
    project(tmp_path, monkeypatch)
    for number in range(fonts.MAX_FONT_WARNINGS + 30):
        (tmp_path / "fonts" / f"broken-{number:03d}.ttf").write_bytes(b"not a font %d" % number)
    with caplog.at_level("WARNING", logger=fonts.logger.name):
        discover_faces([tmp_path / "fonts"])
    messages = [record.getMessage() for record in caplog.records]
    assert sum("not a font file that can be read" in message for message in messages) == fonts.MAX_FONT_WARNINGS
    assert sum("only the first 20 are listed" in message for message in messages) == 1
