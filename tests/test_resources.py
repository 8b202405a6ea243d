"""resources.py: an image or cover PDF is read once, confined to the source's folder, and must decode
(issue 9, items 4 and 6)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import PIL.Image
import pytest

from reportpress import resources
from reportpress.errors import SourceError, SourceErrors
from reportpress.model import Document, Image, Meta, Paragraph, SourcePos
from reportpress.resources import check_images, read_confined

POS = SourcePos("report.md", 3)


def picture(width: int, height: int, kind: str = "PNG", colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (width, height), colour).save(buffer, kind)
    return buffer.getvalue()


def document_with(*sources: str, folder: Path) -> Document:
    images = tuple(Image(src=src, alt="", pos=SourcePos("report.md", line))
                   for line, src in enumerate(sources, start=3))
    return Document(meta=Meta(), blocks=(Paragraph(inlines=images, pos=POS),), path=str(folder / "report.md"))


def test_images_are_read_once_into_a_table_by_src(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(data := picture(3, 2))
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "b.jpg").write_bytes(jpeg := picture(2, 2, "JPEG"))
    document = document_with("a.png", "pics/b.jpg", "a.png", folder=tmp_path)
    assert check_images(document, tmp_path / "report.md") == {"a.png": data, "pics/b.jpg": jpeg}


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.png").write_bytes(data := picture(2, 2))
    (tmp_path / "alias.png").symlink_to("real.png")
    assert read_confined(tmp_path / "alias.png", tmp_path, "image", POS) == data


def test_a_component_swapped_for_a_link_after_the_check_is_not_followed(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "source"
    (source / "pics").mkdir(parents=True)
    (source / "pics" / "x.png").write_bytes(picture(2, 2))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.png").write_bytes(b"SECRET")
    opened = resources._open_below

    def swap_then_open(root: Path, parts: tuple[str, ...]) -> int:
        # the check resolved pics/x.png inside; now the folder becomes a link to the outside one
        (source / "pics" / "x.png").unlink()
        (source / "pics").rmdir()
        (source / "pics").symlink_to(outside)
        return opened(root, parts)

    monkeypatch.setattr(resources, "_open_below", swap_then_open)
    with pytest.raises(SourceError, match=r"report.md:3: image .*x.png: outside the source's folder \(it changed"):
        read_confined(source / "pics" / "x.png", source, "image", POS)


def test_the_last_component_swapped_for_a_link_is_not_followed(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.png").write_bytes(picture(2, 2))
    secret = tmp_path.parent / f"{tmp_path.name}-secret"
    secret.write_bytes(b"SECRET")
    opened = resources._open_below

    def swap_then_open(root: Path, parts: tuple[str, ...]) -> int:
        (tmp_path / "x.png").unlink()
        (tmp_path / "x.png").symlink_to(secret)
        return opened(root, parts)

    monkeypatch.setattr(resources, "_open_below", swap_then_open)
    with pytest.raises(SourceError, match="changed into a link"):
        read_confined(tmp_path / "x.png", tmp_path, "image", POS)


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: os.mkfifo(d / "x.png"), "not a regular file"),
    (lambda d: (d / "x.png").mkdir(), "not a regular file"),
    (lambda d: (d / "x.png").symlink_to("/dev/zero"), "outside the source's folder"),
    (lambda d: None, "not found"),
    (lambda d: (d / "f").write_bytes(b""), "not found"),  # f/x.png, f being a file
])
def test_what_is_not_a_file_in_the_folder_is_refused_without_reading(tmp_path: Path, make, message: str
                                                                     ) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path)
    name = "f/x.png" if (tmp_path / "f").exists() else "x.png"
    with pytest.raises(SourceError, match=f"report.md:3: image .*: {message}"):
        read_confined(tmp_path / name, tmp_path, "image", POS)  # a FIFO would block a plain open()


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(b"x" * 101)
    with pytest.raises(SourceError, match="101 bytes, over the limit of 100 bytes"):
        read_confined(tmp_path / "x.png", tmp_path, "image", POS, limit=100)


@pytest.mark.parametrize(("src", "message"), [
    ("a\0b.png", "image '.*a\\\\x00b.png': the path holds a NUL character"),
    ("图" * 90 + ".png", "a name is over 255 bytes"),
    ("d" * 300 + "/x.png", "a name is over 255 bytes"),
])
def test_unsound_names_are_one_clear_error(tmp_path: Path, src: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as raised:
        check_images(document_with(src, folder=tmp_path), tmp_path / "report.md")
    assert str(raised.value).startswith("report.md:3: ")


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a picture Pillow can decode"),
    (picture(40, 40)[:-30], "not a picture Pillow can decode"),  # truncated: the header alone is fine
    ("这不是图片，是一段文字。\n".encode(), "not a picture Pillow can decode"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
     "not a picture Pillow can decode"),  # WeasyPrint would try it as SVG, fetching the href
    (picture(4, 4, "WEBP"), "a WEBP picture, which Word cannot show"),
])
def test_an_image_that_does_not_decode_is_an_error_with_its_line(tmp_path: Path, data: bytes, message: str
                                                                 ) -> None:
    (tmp_path / "x.png").write_bytes(data)
    with pytest.raises(SourceError, match=f"report.md:3: image .*x.png: {message}"):
        check_images(document_with("x.png", folder=tmp_path), tmp_path / "report.md")


def test_a_truncated_image_is_refused_after_weasyprint_is_loaded(tmp_path: Path) -> None:
    import weasyprint.images  # noqa: F401  # sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True

    (tmp_path / "x.png").write_bytes(picture(40, 40)[:-30])
    with pytest.raises(SourceError, match="not a picture Pillow can decode"):
        check_images(document_with("x.png", folder=tmp_path), tmp_path / "report.md")


def test_every_bad_image_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "bad.png").write_bytes(b"not a picture")
    with pytest.raises(SourceErrors) as raised:
        check_images(document_with("bad.png", "missing.png", folder=tmp_path), tmp_path / "report.md")
    assert [str(error).split(":")[1] for error in raised.value.errors] == ["3", "4"]


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    """A decompression bomb: 9,400 × 9,400 one-bit pixels are a 30 KB PNG and 800 MB once decoded."""
    buffer = io.BytesIO()
    PIL.Image.new("1", (9400, 9400)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100_000
    assert resources.decode_problem(buffer.getvalue()) == (
        "9400 × 9400 pixels, more than the 50,000,000 a picture may have (scale it down: an A4 page at 600 dpi "
        "is 35 million)")
    assert resources.decode_problem(picture(7000, 7000)) is None  # 49 million: allowed


def test_a_cmyk_jpeg_is_refused_with_a_message_that_says_why() -> None:
    buffer = io.BytesIO()
    PIL.Image.new("CMYK", (20, 20)).save(buffer, "JPEG")
    problem = resources.decode_problem(buffer.getvalue())
    assert problem is not None and problem.startswith("python-docx cannot read its header (") and "()" not in problem
