"""Web fonts (WOFF, WOFF2) in a project's `fonts/` (session 26).

fontTools reads a font file by its first bytes, not its name, and inflates a WOFF table (zlib) or a
WOFF2 font (brotli) whole, trusting the sizes its header states: a 2 MB `bomb.ttf` whose name table
inflates to 2 GiB held a build for 34 s at 4.2 GB. A font folder holds the fonts a web font is made
from, so a web font is skipped with one warning, before anything is inflated.
"""

from __future__ import annotations

import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from reportpress import fonts
from reportpress.cli import main
from tests.test_hostile_fonts import system_fandol_fang

SOURCE = "---\ntitle: 报告\n---\n\n正文，仿宋。\n"
INFLATED = 512 * 2**20  # what the bomb's name table inflates to


def web_font(folder: Path, flavor: str) -> Path:
    font = TTFont(str(system_fandol_fang()))
    font.flavor = flavor
    path = folder / f"FandolFang-{flavor}.otf"  # named as a plain font: fontTools goes by the content
    font.save(str(path))
    return path


def woff_bomb(folder: Path) -> Path:
    """A WOFF of FandolFang whose name table's entry points at a zlib stream of INFLATED zero bytes."""
    path = web_font(folder, "woff")
    data = bytearray(path.read_bytes())
    squeeze = zlib.compressobj(9)
    chunk = bytes(2**24)
    bomb = b"".join(squeeze.compress(chunk) for _ in range(INFLATED // len(chunk))) + squeeze.flush()
    (tables,) = struct.unpack(">H", data[12:14])
    for entry in range(44, 44 + 20 * tables, 20):  # tag, offset, compressed length, length, checksum
        if data[entry:entry + 4] == b"name":
            data[entry + 4:entry + 16] = struct.pack(">III", len(data), len(bomb), INFLATED)
    path.write_bytes(bytes(data) + bomb)
    return path


def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fonts, "_warned", set(), raising=False)  # as in a new process
    return tmp_path / "fonts"


@pytest.mark.parametrize("flavor", ["woff", "woff2"])
def test_a_web_font_is_skipped_with_one_warning_saying_what_it_is(
        flavor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = web_font(project(tmp_path, monkeypatch), flavor)
    assert main(["build", "-j", "1", "--to", "pdf", "source/r.md"]) == 0
    flat = "".join(capsys.readouterr().err.split())  # the console wraps lines, inside names too
    assert flat.count(f"{path.name}:notused") == 1, flat
    assert f"compressedwebfont({flavor.upper()})" in flat, flat
    assert path not in fonts.project_font_files(path.parent)


def test_a_woff_whose_table_inflates_to_half_a_gibibyte_is_skipped_before_inflating(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = woff_bomb(project(tmp_path, monkeypatch))
    tracemalloc.start()
    try:
        assert main(["check", "source/r.md"]) == 0
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB"
    assert f"{path.name}:notused" in "".join(capsys.readouterr().err.split())
