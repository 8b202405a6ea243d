"""Which files a build of a source reads, and a cheap stamp of each, to see a save without reading them.

The set is the source; the images and cover PDFs its text names (read from the source as it is now, so a
failed build that names a missing image still watches for it: a missing file's stamp is None, and changes
when it appears); the files its last good build's manifest lists (layout files, cover PDFs, the fonts
embedded); and the layout's folder, whose stamp changes when a template is added. An editor that saves by
renaming a new file over the old one changes the inode, so the stamp sees that save too.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportpress.errors import ReportpressError
from reportpress.files import walk_entries
from reportpress.layouts import find_layout
from reportpress.manifest import listed_path
from reportpress.reader import read_source
from reportpress.resources import document_images

Stamp = tuple[int, int, int, int] | None  # (device, inode, size, mtime in ns); None: missing
MANIFEST_MAX = 16 * 1024 * 1024
MAX_WATCHED = 10_000  # a stat each per poll: bounded, whatever a manifest or a source lists


def stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def stamps(paths: Iterable[Path]) -> dict[Path, Stamp]:
    return {path: stamp(path) for path in paths}


def changed(before: Mapping[Path, Stamp], after: Mapping[Path, Stamp]) -> list[Path]:
    """The paths whose stamp differs (files that appeared or went away included)."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def watched_paths(source: Path, out_dir: Path, project: Path, layout_name: str | None = None) -> set[Path]:
    """The files a build of `source` in `project` reads, as far as can be told now (and the layout's folder)."""
    files = {source, *named_by_source(source, project, layout_name), *listed_in_manifest(source, out_dir, project)}
    return set(sorted(files)[:MAX_WATCHED])


def named_by_source(source: Path, project: Path, layout_name: str | None) -> Iterator[Path]:
    """The images, cover PDFs and layout files the source names; nothing when it cannot be read now."""
    try:
        with quiet():  # the build that follows warns of what the reader finds, once
            document = read_source(source)
    except ReportpressError:
        return  # the error shows in the preview; the source itself is watched anyway
    for image in document_images(document):
        yield source.parent / image.src
    for value in (document.meta.cover.front, document.meta.cover.back):
        if value and value.lower().endswith(".pdf"):
            yield source.parent / value
    try:
        folder = find_layout(layout_name or document.meta.layout, project=project,
                             allow_path=bool(layout_name))
    except ReportpressError:
        return
    yield folder
    yield from layout_files(folder)


@contextmanager
def quiet() -> Iterator[None]:
    """Warnings silenced, in the whole process: the loop's thread is the only one that reads and builds."""
    was = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(was)


def layout_files(folder: Path) -> Iterator[Path]:
    """The layout's files at any depth (a template may include one from a subfolder), bounded."""
    try:
        # bounded in depth (walk_entries skips what is nested deeper) and in count before sorting
        for path in sorted(itertools.islice(walk_entries(folder, too_deep=lambda deep: None), MAX_WATCHED)):
            if path.is_file():
                yield path
    except OSError:
        return


def listed_in_manifest(source: Path, out_dir: Path, project: Path) -> Iterator[Path]:
    """Every input path of the manifest the last good build of `source` wrote (none: no manifest yet);
    the manifest names them relative to the project."""
    path = out_dir / f"{source.stem}.manifest.json"
    try:
        with path.open("rb") as file:
            manifest = json.loads(file.read(MANIFEST_MAX))
    except (OSError, ValueError, RecursionError):  # RecursionError: `[[[[…` (json recurses once per level)
        return
    inputs = manifest.get("inputs") if isinstance(manifest, dict) else None
    if isinstance(inputs, dict):
        for value in inputs.values():
            yield from (listed_path(name, project) for name in _entry_paths(value))


def _entry_paths(value: Any) -> Iterator[str]:
    """The paths of a manifest's input entries: `{"path": …}` (source, layout, covers), `{"file": …}` (fonts)."""
    entries = value if isinstance(value, list) else [value]
    for entry in entries:
        if isinstance(entry, dict):
            name = entry.get("path") or entry.get("file")
            if isinstance(name, str) and name:
                yield name
