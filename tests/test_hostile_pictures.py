"""Pictures the PDF cannot draw though Pillow decodes them (session 25): WeasyPrint 70 draws the modes
1, P, I, L, LA, RGB, RGBA (and CMYK as a JPEG) and no other. A 16-bit PNG, a float, LAB, YCbCr or CMYK
TIFF built with exit 0: the PDF left the picture out (`Failed to load image`, a warning among the log)
or drew its bytes as RGB (`Unknown image mode`), while the DOCX showed it — two outputs that disagree.
`check` and `build` now refuse such a picture at its line."""

from __future__ import annotations

from pathlib import Path

import PIL.Image
import pytest

from reportpress.cli import main

SOURCE = "---\ntitle: 报告\n---\n\n正文。\n\n![图一]({name})\n"


def project(tmp_path: Path, name: str, mode: str, kind: str) -> None:
    (tmp_path / "source").mkdir()
    PIL.Image.new(mode, (40, 30)).save(tmp_path / "source" / name, format=kind)
    (tmp_path / "source" / "r.md").write_text(SOURCE.format(name=name), encoding="utf-8")


@pytest.mark.parametrize(("name", "mode", "kind"), [
    ("deep.png", "I;16", "PNG"), ("deep.tif", "I;16", "TIFF"), ("float.tif", "F", "TIFF"),
    ("print.tif", "CMYK", "TIFF"), ("lab.tif", "LAB", "TIFF"), ("video.tif", "YCbCr", "TIFF"),
])
def test_a_picture_whose_pixels_the_pdf_cannot_draw_is_refused_at_its_line(
        name: str, mode: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, name, mode, kind)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "source/r.md"]) == 1
    err = capsys.readouterr().err
    assert f"error: source/r.md:7: image source/{name}: its pixels are {mode}" in err, err
    assert main(["build", "source/r.md", "--jobs", "1"]) == 1
    assert not (tmp_path / "output" / "r.pdf").exists() and not (tmp_path / "output" / "r.docx").exists()


@pytest.mark.parametrize(("name", "mode", "kind"), [
    ("one.bmp", "1", "BMP"), ("grey.png", "L", "PNG"), ("grey-alpha.png", "LA", "PNG"), ("wide.tif", "I", "TIFF"),
    ("palette.gif", "P", "GIF"), ("alpha.tif", "RGBA", "TIFF"),
])
def test_a_picture_of_a_mode_the_pdf_draws_passes(name: str, mode: str, kind: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, name, mode, kind)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "source/r.md"]) == 0


@pytest.mark.parametrize(("call", "after"), [
    ("[^1]", "\n[^1]: 注释。\n"),
    ("[@a]", "\n::: references\n@a\n: 甲。书。2020。\n:::\n"),
])
def test_a_note_call_in_a_pictures_caption_is_refused_at_its_line(
        call: str, after: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The caption is plain text in both writers: the call was dropped without a word (only a warning
    that the note was never called, or the reference never cited), and the note with it."""
    project(tmp_path, "chart.png", "RGB", "PNG")
    (tmp_path / "source" / "r.md").write_text(SOURCE.format(name="chart.png").replace("图一", f"图一{call}") + after,
                                              encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "source/r.md"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert errors == ["error: source/r.md:7: a picture's text (its caption) cannot call a note or cite a reference "
                      "(make the call in the paragraph before or after the picture)"], errors
