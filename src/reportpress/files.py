"""Reading a file a build did not make: a regular file only, bounded, what was opened is what is read.

The file is opened before it is looked at and without blocking (a FIFO with no writer would hang `open`);
the `fstat` of the opened descriptor, not a `stat` of the name that could be swapped, says what it is;
reading stops one byte past the limit, so neither an endless device nor a file that grows while it is
read can fill the memory. Callers turn the exceptions into their own one-line messages.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path


class NotRegularFile(OSError):
    """The path names a folder, a pipe, a device… (`kind` says which)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class OutsideFolder(OSError):
    """The file opened lies outside the folder it had to be in (a link, perhaps swapped in since a check):
    `real` is where it is."""

    def __init__(self, real: Path) -> None:
        super().__init__(f"outside: {real}")
        self.real = real


class TooLarge(OSError):
    """The file holds more than the limit (`size` is what was seen: at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path, limit: int, *, follow_links: bool = True, inside: Path | None = None) -> bytes:
    """At most `limit` bytes of the regular file `path`; FileNotFoundError, NotRegularFile, TooLarge or
    another OSError (ValueError for a NUL in the path) otherwise. `follow_links=False` refuses a link;
    `inside`: OutsideFolder unless the file opened — wherever links led — lies inside that folder."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    descriptor = os.open(path, flags)
    try:
        if inside is not None:
            real = opened_path(descriptor, path)
            if not real.is_relative_to(inside.resolve()):
                raise OutsideFolder(real)
        status = os.fstat(descriptor)  # before fdopen, which refuses a folder with an error of its own
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile("a folder" if stat.S_ISDIR(status.st_mode) else
                                 "a pipe" if stat.S_ISFIFO(status.st_mode) else "not a regular file")
        if status.st_size > limit:
            raise TooLarge(status.st_size)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def opened_path(descriptor: int, path: Path) -> Path:
    """Where the file open on `descriptor` lies: Linux names it in /proc, so a link swapped after the open
    changes nothing; elsewhere, where `path` leads now."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{descriptor}"))
    except OSError:
        return path.resolve()


# ------------------------------------------------------------------------------------------ walking

MAX_FOLDER_DEPTH = 8  # a layout or a font folder is a folder or two deep; 1,100 nested ones is an attack


class TooDeep(OSError):
    """A folder nested more than `MAX_FOLDER_DEPTH` levels below the root of a walk (`folder` names it)."""

    def __init__(self, folder: Path, depth: int) -> None:
        super().__init__(f"{folder}: more than {depth} folders deep")
        self.folder = folder
        self.depth = depth


def walk_entries(root: Path, *, max_depth: int = MAX_FOLDER_DEPTH,
                 too_deep: Callable[[TooDeep], None] | None = None) -> Iterator[Path]:
    """Every entry below the folder `root` (files, folders, links, down to `max_depth` folders deep), each
    folder's entries in name order, before those of its subfolders.

    An explicit stack, not recursion: `rglob` and `os.walk` recurse once per level, so 1,100 nested folders
    raised RecursionError. A link to a folder is an entry, never entered (as `os.walk` and `rglob` do), so a
    link loop is no endless walk. A folder deeper than `max_depth` is not entered: `too_deep` is called with
    the TooDeep naming it (to warn and skip it), or, without `too_deep`, the TooDeep is raised. A folder that
    cannot be listed is skipped, as `os.walk` does.
    """
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in listing)
        except OSError:
            continue
        below: list[tuple[Path, int]] = []
        for name, is_folder in entries:
            path = folder / name
            yield path
            if is_folder:
                below.append((path, depth + 1))
        for path, level in reversed(below):  # popped in name order
            if level > max_depth:
                deep = TooDeep(path, max_depth)
                if too_deep is None:
                    raise deep
                too_deep(deep)
            else:
                stack.append((path, level))
