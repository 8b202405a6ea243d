"""output.py and the build's write phase: one set, all or nothing, under a lock (issue 9, item 7)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import PIL.Image
import pytest

from reportpress import manifest as manifest_module
from reportpress import output
from reportpress.build import build
from reportpress.errors import OutputError
from reportpress.output import LOCK_NAME, output_lock, replace_files, write_bytes_atomic

NAMES = ("report.pdf", "report.docx", "report.manifest.json")  # the order run_job makes them


def noise_png(size: int) -> bytes:
    buffer = io.BytesIO()
    PIL.Image.frombytes("RGB", (size, size), os.urandom(size * size * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def consistent(folder: Path) -> bool:
    data = json.loads((folder / "report.manifest.json").read_text(encoding="utf-8"))
    return all(hashlib.sha256((folder / Path(item["path"]).name).read_bytes()).hexdigest() == item["sha256"]
               for item in data["outputs"].values())


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A source built once into `out/`: (source, out)."""
    source = tmp_path / "report.md"
    source.write_text("---\ntitle: 旧\n---\n\n旧的正文。\n", encoding="utf-8")
    build(source, out_dir=tmp_path / "out")
    return source, tmp_path / "out"


def test_a_full_disk_while_writing_keeps_the_previous_set(built: tuple[Path, Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    source, out = built
    before = snapshot(out)
    source.write_text("---\ntitle: 新\n---\n\n新的正文。\n", encoding="utf-8")
    calls = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:  # the second output's .part: the disk is full by now
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(output.os, "fsync", fsync)
    second = re.escape(NAMES[1])
    with pytest.raises(OutputError, match=rf"report\.md: .*{second}: cannot write: No space left on device "
                                          r"\(free some space"):
        build(source, out_dir=out)
    assert snapshot(out) == before  # nothing renamed, no .part, no lock file left


@pytest.mark.warns(match="no title: the front cover is left out")  # an untitled test source
def test_the_manifest_is_made_before_any_rename(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    source, out = built
    before = snapshot(out)
    source.write_text("新的正文。\n", encoding="utf-8")

    def broken(pdf: bytes) -> list[str]:
        raise OSError(errno.EIO, "font folder unreadable")

    monkeypatch.setattr(manifest_module, "embedded_font_names", broken)
    with pytest.raises(OSError):
        build(source, out_dir=out)
    assert snapshot(out) == before


def test_renames_come_after_every_part_with_no_manifest_until_the_last(built: tuple[Path, Path],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source, out = built
    events: list[str] = []
    real_replace, real_write = os.replace, output._write_part

    def replace(part: str | Path, target: str | Path) -> None:
        events.append(f"rename {Path(target).name}")
        if Path(target).name == NAMES[0]:  # the first: from here on the set is mixed
            assert not (out / "report.manifest.json").exists(), "a manifest claims a mixed set"
        real_replace(part, target)

    def write_part(target: Path, data: bytes) -> Path:
        events.append(f"part {target.name}")
        return real_write(target, data)

    monkeypatch.setattr(output.os, "replace", replace)
    monkeypatch.setattr(output, "_write_part", write_part)
    build(source, out_dir=out)
    assert events == [f"part {name}" for name in NAMES] + [f"rename {name}" for name in NAMES]
    assert consistent(out)


def test_stale_parts_of_the_same_names_are_removed(built: tuple[Path, Path]) -> None:
    source, out = built
    stale = [out / ".report.pdf.k1ll3d.part", out / ".report.manifest.json.x.part"]
    other = out / ".other.pdf.abc.part"  # another source's: not this build's to remove
    for path in (*stale, other):
        path.write_bytes(b"half")
    build(source, out_dir=out)
    assert not any(path.exists() for path in stale)
    assert other.exists()


@pytest.mark.warns(match="does not match")
def test_a_manifest_that_does_not_match_its_files_is_reported(built: tuple[Path, Path],
                                                              warnings_logged) -> None:  # type: ignore[no-untyped-def]
    source, out = built
    (out / "report.pdf").write_bytes(b"%PDF- another build's")
    build(source, out_dir=out)
    assert [record.getMessage() for record in warnings_logged] == [
        f"{source}: {out / 'report.manifest.json'} does not match report.pdf (changed since it was written, "
        "or its build was interrupted); this build replaces the set"]
    assert consistent(out)


def test_the_lock_is_an_flock_held_while_writing_and_gone_after(tmp_path: Path) -> None:
    import fcntl

    with output_lock(tmp_path):
        descriptor = os.open(tmp_path / LOCK_NAME, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(descriptor)
    assert not (tmp_path / LOCK_NAME).exists()


def test_builds_writing_one_folder_take_turns(tmp_path: Path) -> None:
    """Three writers: the second waits for the first, the third for the second, although the first
    removes the lock file it locked (the second must re-lock the file on disk, not the removed one)."""
    events: list[str] = []
    first_in = threading.Event()

    def writer(name: str, hold: float) -> None:
        with output_lock(tmp_path):
            events.append(f"{name} in")
            first_in.set()
            time.sleep(hold)
            replace_files(tmp_path, [(f"{name}.txt", name.encode())])
            events.append(f"{name} out")

    first = threading.Thread(target=writer, args=("a", 0.3))
    first.start()
    first_in.wait()
    others = [threading.Thread(target=writer, args=(name, 0.2)) for name in ("b", "c")]
    for thread in others:
        thread.start()
    for thread in (first, *others):
        thread.join()
    assert events[:2] == ["a in", "a out"]
    assert events[2:] in (["b in", "b out", "c in", "c out"], ["c in", "c out", "b in", "b out"])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]


@contextlib.contextmanager
def small_filesystem(path: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


@pytest.mark.warns(match="no title: the front cover is left out")  # an untitled test source
def test_a_real_full_disk_keeps_the_previous_set(tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_text("正文。\n", encoding="utf-8")
    with small_filesystem(tmp_path / "small", "400k") as out:
        build(source, out_dir=out)
        before = snapshot(out)
        # ~600 KB of incompressible picture, in the DOCX and in the PDF: the first .part alone overflows
        (tmp_path / "noise.png").write_bytes(noise_png(450))
        source.write_text("正文。\n\n![图](noise.png)\n", encoding="utf-8")
        with pytest.raises(OutputError, match="No space left on device"):
            build(source, out_dir=out)
        assert snapshot(out) == before


def test_an_output_folder_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"afile: not a folder \(choose another output folder with --out\)"):
        write_bytes_atomic(tmp_path / "afile" / "r.pdf", b"%PDF-")


def test_a_folder_in_the_way_of_an_output_is_one_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "r.docx").write_bytes(b"old")
    (tmp_path / "r.pdf").mkdir()
    with output_lock(tmp_path), pytest.raises(OutputError, match=r"r\.pdf: a folder is in the way"):
        replace_files(tmp_path, [("r.docx", b"new"), ("r.pdf", b"%PDF-")])
    assert (tmp_path / "r.docx").read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["r.docx", "r.pdf"]


@pytest.mark.parametrize("kind", ["fifo", "zero-link", "listed-zero-link"])
def test_what_lies_in_the_output_folder_cannot_hang_or_flood_a_build(kind: str, tmp_path: Path) -> None:
    """A FIFO or a link to /dev/zero where the stale-manifest check reads: it is refused as unreadable
    (a mismatch, warned about), never read until memory runs out or waited on forever."""
    out = tmp_path / "output"
    out.mkdir()
    manifest = out / "r.manifest.json"
    if kind == "fifo":
        os.mkfifo(manifest)
    elif kind == "zero-link":
        manifest.symlink_to("/dev/zero")
    else:
        manifest.write_text('{"outputs": {"pdf": {"path": "z", "sha256": "x"}}}', encoding="utf-8")
        (out / "z").symlink_to("/dev/zero")
    assert manifest_module.stale_outputs(manifest) in (["r.manifest.json"], ["z"])


def test_a_built_in_layout_s_files_are_named_without_the_install_s_folder(tmp_path: Path) -> None:
    """Two projects, each a clone somewhere else, built with the layout that ships with reportpress: the
    manifests name its files `builtin:NAME/FILE`, never where reportpress lies, and agree; the watch finds
    each named file again."""
    from reportpress.layouts import builtin_layouts_dir
    from reportpress.watch.inputs import listed_in_manifest

    manifests = []
    for clone in ("one", "deeper/two"):
        project = tmp_path / clone
        (project / "source").mkdir(parents=True)
        (project / "source" / "r.md").write_text("---\ntitle: 报告\n---\n\n正文。\n", encoding="utf-8")
        build(project / "source" / "r.md", formats=("docx",), out_dir=project / "output", project=project)
        text = (project / "output" / "r.manifest.json").read_text(encoding="utf-8")
        manifests.append(text)
        listed = json.loads(text)["inputs"]["layout"]
        assert listed and all(item["path"].startswith("builtin:gov-report/") for item in listed)
        assert str(builtin_layouts_dir()) not in text and str(tmp_path) not in text
        found = set(listed_in_manifest(project / "source" / "r.md", project / "output", project))
        assert builtin_layouts_dir() / "gov-report" / "layout.toml" in found
        assert all(path.is_file() for path in found)
    assert manifests[0] == manifests[1]


def test_a_built_in_layout_installed_inside_the_project_is_still_builtin(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """reportpress installed in the project's own `.venv`: its layouts are `builtin:`, not a path into
    the venv (which another clone names otherwise); a project file named `builtin:…` stays the project's."""
    project = tmp_path / "project"
    installed = project / ".venv" / "lib" / "site-packages" / "reportpress" / "_data" / "layouts"
    (installed / "gov-report").mkdir(parents=True)
    (installed / "gov-report" / "layout.toml").write_text("", encoding="utf-8")
    (project / "source").mkdir()
    (project / "source" / "builtin:cover.pdf").write_bytes(b"%PDF")
    monkeypatch.setattr(manifest_module, "builtin_layouts_dir", lambda: installed)
    shown = manifest_module.shown_path(installed / "gov-report" / "layout.toml", project)
    assert shown == "builtin:gov-report/layout.toml"
    assert manifest_module.listed_path(shown, project) == installed / "gov-report" / "layout.toml"
    own = manifest_module.shown_path(Path("source/builtin:cover.pdf"), project)
    assert own == "source/builtin:cover.pdf"
    assert manifest_module.listed_path(own, project) == project / "source" / "builtin:cover.pdf"
    top = project / "builtin:cover.pdf"
    top.write_bytes(b"%PDF")
    assert manifest_module.listed_path(manifest_module.shown_path(top, project), project).resolve() == top
