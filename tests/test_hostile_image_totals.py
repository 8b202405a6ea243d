"""A document's pictures together (session 24): each picture had its limits (64 MiB, 50 million pixels),
but not their sum, and the build holds every picture's bytes and WeasyPrint every one decoded at once.
Twenty names hard-linked to one 60 MB sparse PNG (12 KB on disk) took 1.3 GB to check; six 49-megapixel
1-bit PNGs of 6 KB would be 1.2 billion bytes of pixels to lay out. `check` refuses the picture that passes
the total, at its line, and reads no more."""

from __future__ import annotations

import os
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from reportpress.cli import main

SIDE = 7000  # 49 million pixels: under the 50 million one picture may have


def bilevel_png(side: int = SIDE) -> bytes:
    """A white `side` × `side` 1-bit PNG of a few KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = zlib.compress(b"\x00" * ((side + 7) // 8 + 1) * side, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def project(tmp_path: Path, picture: bytes, count: int, *, sparse_to: int = 0) -> Path:
    """A source showing `count` names hard-linked to one picture file (made `sparse_to` bytes long)."""
    folder = tmp_path / "source"
    folder.mkdir()
    with (folder / "picture.png").open("wb") as file:
        file.write(picture)
        if sparse_to:
            file.truncate(sparse_to)  # a hole after IEND: no disk, but bytes a reader reads
    for number in range(count):
        os.link(folder / "picture.png", folder / f"p{number}.png")
    body = "\n\n".join(f"![图{number}](p{number}.png)" for number in range(count))
    (folder / "r.md").write_text(f"---\ntitle: 报告\n---\n\n正文。\n\n{body}\n", encoding="utf-8")
    return folder / "r.md"


def check(source: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", str(source)])
    return code, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def small_png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (10, 10), "red").save(out, "PNG")
    return out.getvalue()


def test_pictures_past_256_mib_together_are_refused_at_the_first_over(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = project(tmp_path, small_png(), 20, sparse_to=60 * 1024 * 1024)
    code, errors = check(source, capsys)
    assert code == 1
    assert errors == [f"error: {source}:15: image p4.png: with the pictures before it, over the 256 MiB a "
                      "document's pictures may have together (scale the pictures down: a photo printed 10 cm wide "
                      "needs 1,200 pixels at 300 dpi)"]


def test_pictures_past_250_million_pixels_together_are_refused(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = project(tmp_path, bilevel_png(), 6)
    code, errors = check(source, capsys)
    assert code == 1 and len(errors) == 1
    assert errors[0].startswith(f"error: {source}:17: image p5.png: with the pictures before it, over the "
                                "250,000,000 pixels"), errors


def test_pictures_at_the_totals_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = project(tmp_path, bilevel_png(), 5)  # 245 million pixels
    assert check(source, capsys) == (0, [])
