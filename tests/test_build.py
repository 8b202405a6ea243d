"""build.py: the stages in order, and what it warns about."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress import stages
from reportpress.build import build


@pytest.mark.warns
def test_missing_harfbuzz_subsetter_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 warnings_logged) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "report.md"
    source.write_text("正文。\n", encoding="utf-8")
    from reportpress.writers import pdf as pdf_writer

    monkeypatch.setattr(pdf_writer, "fast_subsetting_available", lambda: False)
    build(source, formats=["pdf"], out_dir=tmp_path / "out")
    assert any("libharfbuzz-subset0" in record.getMessage() and "47×" in record.getMessage()
               for record in warnings_logged)
    assert (tmp_path / "out" / "report.pdf").exists()


def test_unknown_pdf_variant_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    from reportpress.errors import RenderError

    source = tmp_path / "report.md"
    source.write_text("正文。\n", encoding="utf-8")
    with pytest.raises(RenderError, match="unknown PDF variant 'pdf/z-9'"):
        build(source, out_dir=tmp_path / "out", pdf_variant="pdf/z-9")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ inputs read once (issue 9, item 4)


def picture(width: int, height: int) -> bytes:
    import io

    import PIL.Image

    buffer = io.BytesIO()
    PIL.Image.new("RGB", (width, height), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.warns(match="no title: the front cover is left out")  # an untitled test source
@pytest.mark.parametrize("swap", ["link", "delete"])
def test_an_image_changed_after_the_check_is_not_what_the_outputs_embed(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        swap: str) -> None:
    import zipfile

    import pymupdf

    source = tmp_path / "source" / "report.md"
    source.parent.mkdir()
    source.write_text("图：![图](x.png)\n", encoding="utf-8")
    (source.parent / "x.png").write_bytes(checked := picture(30, 10))
    (tmp_path / "secret.png").write_bytes(picture(50, 50))  # outside the source's folder
    original = stages.check_inputs

    def check_then_swap(*args, **kwargs):  # type: ignore[no-untyped-def]
        inputs = original(*args, **kwargs)
        (source.parent / "x.png").unlink()
        if swap == "link":
            (source.parent / "x.png").symlink_to(tmp_path / "secret.png")
        return inputs

    monkeypatch.setattr(stages, "check_inputs", check_then_swap)
    build(source, out_dir=tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / "report.docx") as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert [package.read(name) for name in media] == [checked]
    with pymupdf.open(tmp_path / "out" / "report.pdf") as pdf:
        sizes = [(info[2], info[3]) for page in pdf for info in page.get_images()]
    assert sizes == [(30, 10)]


def test_a_cover_pdf_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pymupdf

    def cover(text: str) -> bytes:
        with pymupdf.open() as document:
            document.new_page(width=595.276, height=841.89).insert_text((72, 72), text)
            return bytes(document.tobytes())

    source = tmp_path / "report.md"
    source.write_text("---\ncover:\n  front: front.pdf\n---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "front.pdf").write_bytes(cover("CHECKED COVER"))
    original = stages.check_inputs

    def check_then_change(*args, **kwargs):  # type: ignore[no-untyped-def]
        inputs = original(*args, **kwargs)
        (tmp_path / "front.pdf").write_bytes(cover("LATER COVER"))
        return inputs

    monkeypatch.setattr(stages, "check_inputs", check_then_change)
    build(source, formats=["pdf"], out_dir=tmp_path / "out")
    with pymupdf.open(tmp_path / "out" / "report.pdf") as pdf:
        assert "CHECKED COVER" in pdf[0].get_text() and "LATER" not in pdf[0].get_text()


@pytest.mark.warns(match="no title: the front cover is left out")  # an untitled test source
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_writer_error_names_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    from reportpress.errors import RenderError
    from reportpress.writers import docx as docx_writer

    def fail(*args: object, **kwargs: object) -> bytes:
        raise RenderError("WeasyPrint failed: out of memory")

    monkeypatch.setattr(stages if fmt == "pdf" else docx_writer, "write_pdf" if fmt == "pdf" else "docx_bytes",
                        fail)
    source = tmp_path / "report.md"
    source.write_text("正文。\n", encoding="utf-8")
    with pytest.raises(RenderError, match=f"^{source}: WeasyPrint failed: out of memory$"):
        build(source, formats=[fmt], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()
