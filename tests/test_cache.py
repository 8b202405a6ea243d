"""The on-disk caches (`cache.py`, review finding 9): cmaps, font digests and folio metrics.

A cache file is read only from a folder only the user can write, never through a link, never when it is
larger than its kind's limit; a value is written to a fresh temporary file, never through a name someone
could plant. Whatever a cache file holds that its writer would not have written is ignored and the font
read again: a planted digest is not stated in the manifest, planted folio metrics do not move the folio.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportpress import cache, manifest
from reportpress.build import build
from reportpress.fonts import FontFace, builtin_fonts_dirs, coverage, discover_faces, fonts_dirs, resolve_fontset
from reportpress.layouts import builtin_layout
from reportpress.proof.pdf import read_pdf
from reportpress.writers.pdf import folio
from tests.conftest import REPO
from tests.pdfread import MM

FONT_BYTES = b"a font file, as far as its digest goes"


@dataclass(frozen=True)
class Kind:
    """One kind of cache: how to get its value (reading the cache first), the value the font gives, and
    a value the cache could hold that is well-formed but wrong (so only the check under test rejects it)."""

    name: str
    compute: Callable[[], object]
    good: object
    planted: bytes


def _folio_face() -> FontFace:
    return resolve_fontset(builtin_layout("gov-report"), discover_faces(fonts_dirs(REPO)))["folio"].faces[0]


def _cmaps() -> Kind:
    face = _folio_face()

    def compute() -> object:
        coverage.cache_clear()
        return coverage(face.path, face.index)

    return Kind("cmaps", compute, compute(), b"[[0, 1114111]]")  # a cmap with every code point


def _digests(font: Path) -> Kind:
    def compute() -> object:
        manifest._font_digests.clear()
        return manifest.font_sha256(font)

    return Kind("digests", compute, hashlib.sha256(FONT_BYTES).hexdigest(), b"0" * 64)


def _folio() -> Kind:
    face = _folio_face()

    def compute() -> object:
        folio.face_metrics.cache_clear()
        return folio.face_metrics(face.path, face.index, "—")

    planted = {"ascent": 1.0, "descent": 0.2, "mark_top": 0.9}  # plausible, and not the font's
    return Kind("folio", compute, compute(), json.dumps(planted).encode())


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of the user's alone, used by every cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTPRESS_CACHE_DIR", str(folder))
    monkeypatch.setattr(manifest, "_font_digests", {})
    yield folder
    coverage.cache_clear()
    folio.face_metrics.cache_clear()


@pytest.fixture(params=["cmaps", "digests", "folio"])
def kind(request: pytest.FixtureRequest, root: Path, tmp_path: Path) -> Kind:
    """Each kind of cache, with its one file written (the value computed once)."""
    font = tmp_path / "face.otf"
    font.write_bytes(FONT_BYTES)
    made = {"cmaps": _cmaps, "digests": lambda: _digests(font), "folio": _folio}[request.param]()
    assert made.compute() == made.good
    return made


def cache_file(root: Path, kind: Kind) -> Path:
    (file,) = (root / kind.name).iterdir()
    return file


def test_each_cache_is_read_back(kind: Kind, root: Path) -> None:
    """The cache works: a well-formed value planted in its file is what the next build uses (which is
    why every other test here plants one)."""
    cache_file(root, kind).write_bytes(kind.planted)
    assert kind.compute() != kind.good


def test_a_cache_file_that_is_a_link_is_not_followed(kind: Kind, root: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_bytes(kind.planted)
    file = cache_file(root, kind)
    file.unlink()
    file.symlink_to(target)
    assert kind.compute() == kind.good
    assert target.read_bytes() == kind.planted  # and not written through either: the link was replaced
    assert not file.is_symlink()


def test_a_link_planted_at_the_temporary_name_does_not_redirect_the_write(kind: Kind, root: Path,
                                                                         tmp_path: Path) -> None:
    """The old writer wrote `KEY.<pid>.tmp`: a link planted there sent the value to any file the user owns."""
    victim = tmp_path / "victim"
    victim.write_bytes(b"the user's file")
    file = cache_file(root, kind)
    file.unlink()
    planted = file.with_suffix(f".{os.getpid()}.tmp")
    planted.symlink_to(victim)
    assert kind.compute() == kind.good
    assert victim.read_bytes() == b"the user's file"
    assert file.is_file() and not file.is_symlink()  # the value was written, to the cache file itself
    assert sorted(path.name for path in (root / kind.name).iterdir()) == sorted([file.name, planted.name])


@pytest.mark.parametrize("garbage", [b"\xff\xfe garbage", b"", b"[" * 100_000, b'{"a": 1}', b"[[1, 2], 3]"])
def test_a_garbage_cache_file_is_ignored(kind: Kind, root: Path, garbage: bytes) -> None:
    cache_file(root, kind).write_bytes(garbage)
    assert kind.compute() == kind.good


def test_a_cache_file_over_its_kinds_limit_is_ignored(kind: Kind, root: Path) -> None:
    """A well-formed value padded with white space (which JSON and `strip` skip) beyond the limit."""
    limit = {"cmaps": 4 * 1024 * 1024, "digests": 128, "folio": 1024}[kind.name]
    cache_file(root, kind).write_bytes(kind.planted + b" " * limit)
    assert kind.compute() == kind.good


UNSAFE: dict[str, Callable[[Path, pytest.MonkeyPatch, str], None]] = {
    "group-writable": lambda root, patch, name: root.chmod(0o770),
    "other-writable": lambda root, patch, name: root.chmod(0o707),
    "subfolder group-writable": lambda root, patch, name: (root / name).chmod(0o775),
    "another user's": lambda root, patch, name: patch.setattr(cache, "user_id", lambda: os.getuid() + 1),
}


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_a_cache_folder_others_can_write_is_not_used(kind: Kind, root: Path, unsafe: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """Nothing is read from it (the planted value is not used) and nothing written (the file stays)."""
    file = cache_file(root, kind)
    file.write_bytes(kind.planted)
    UNSAFE[unsafe](root, monkeypatch, kind.name)
    monkeypatch.setattr(cache, "_warned", set())
    with caplog.at_level(logging.DEBUG, logger="reportpress.cache"):
        assert kind.compute() == kind.good
        assert kind.compute() == kind.good
    assert file.read_bytes() == kind.planted
    assert [record.levelno for record in caplog.records] == [logging.DEBUG]  # said once, quietly


def test_a_cache_folder_that_is_a_link_is_not_used(kind: Kind, root: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file(root, kind).write_bytes(kind.planted)
    link = tmp_path / "link"
    link.symlink_to(root)
    monkeypatch.setenv("REPORTPRESS_CACHE_DIR", str(link))
    assert kind.compute() == kind.good


def test_a_new_cache_folder_is_the_users_alone(root: Path) -> None:
    _cmaps()
    assert (root.stat().st_mode & 0o777, (root / "cmaps").stat().st_mode & 0o777) == (0o700, 0o700)


# ------------------------------------------------------------------------------------------- the folio


@pytest.mark.parametrize("poison", [
    {"ascent": 5, "descent": 0, "mark_top": 3},  # every value under 10: the old reader took it
    {"ascent": 0.88, "descent": 0.12, "mark_top": 1.2},  # the mark above the ascent
    {"ascent": 0.88, "descent": -0.3, "mark_top": 0.3},
    {"ascent": 0.2, "descent": 0.1, "mark_top": 0.1},
    {"ascent": 1.0, "descent": 0.9, "mark_top": 0.3},
    {"ascent": 1.0, "descent": 0.1, "mark_top": 0},
])
def test_implausible_folio_metrics_are_ignored(root: Path, poison: dict[str, float]) -> None:
    kind = _folio()
    cache_file(root, kind).write_text(json.dumps(poison), encoding="utf-8")
    assert kind.compute() == kind.good


def test_poisoned_folio_metrics_leave_the_folio_seven_mm_below_the_text_block(root: Path, tmp_path: Path) -> None:
    """Read back as tests/writers/test_parity.py does: the top of the dash's ink in the built PDF."""
    layout = builtin_layout("gov-report")
    folio.face_metrics.cache_clear()
    assert folio.folio_metrics(layout, builtin_fonts_dirs()) != folio.FALLBACK  # the build's metrics are cached now
    (cached,) = (root / "folio").iterdir()
    cached.write_text('{"ascent": 5, "descent": 0, "mark_top": 3}', encoding="utf-8")
    folio.face_metrics.cache_clear()
    source = tmp_path / "report.md"
    source.write_text("---\ntitle: 报告\n---\n\n正文。\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    block_bottom = layout.page.height - layout.page.bottom
    distances = [(glyph.top - block_bottom) / MM for page in read_pdf(pdf)
                 for glyph in page.glyphs if glyph.char == "—" and glyph.top > block_bottom]
    assert distances and all(abs(distance - layout.folio.distance.mm) < 0.1 for distance in distances), distances


@pytest.mark.parametrize("ranges", [
    [[True, 5]],  # a bool is no code point
    [[1.0, 2]],
    [[5, 3]],  # a range ending before it starts
    [[1, 2], [2, 3]],  # overlapping the one before
    [[3, 4], [1, 2]],  # out of order
    [[-1, 2]],
    [[0, 0x110000]],  # past U+10FFFF
    [[1, 2, 3]],
    [[1, 2], 3],
    [[1, 2], [4, "5"]],
])
def test_a_cached_cmap_of_the_wrong_shape_is_read_from_the_font_again(root: Path, ranges: list[object]) -> None:
    cmaps = _cmaps()
    cache_file(root, cmaps).write_text(json.dumps(ranges), encoding="utf-8")
    assert cmaps.compute() == cmaps.good
    assert json.loads(cache_file(root, cmaps).read_text(encoding="utf-8")) != ranges  # written again


def test_a_cached_cmap_is_read_back_range_by_range(root: Path) -> None:
    cmaps = _cmaps()
    cache_file(root, cmaps).write_text("[[32, 126], [160, 160], [19968, 40959], [1114111, 1114111]]",
                                       encoding="utf-8")
    found = cmaps.compute()
    assert (found.starts, found.ends) == ((32, 160, 19968, 1114111), (126, 160, 40959, 1114111))  # type: ignore[attr-defined]
