"""Writing output files all-or-nothing: temporary `.part` files in the target folder, then renames.

A reader of `output/` never sees a half-written PDF or DOCX, and a failed build leaves the previous
good files (or nothing) in place. A set of files (a build's PDF, DOCX and manifest) is written in two
steps: every `.part` file first, flushed to disk; then the renames, back to back — the old manifest
removed before the first, the new one renamed last. So a manifest, whenever there is one, lists files
whose checksums match it; no manifest means a set is being replaced (issue 9, item 7). Before the
renames each file being replaced gets a second name (a `.part` link), so a rename frees no disk blocks:
on ext4 with `discard` that takes milliseconds a file, and would stretch the moment the set is mixed.

One build at a time writes into a folder: `output_lock` holds an exclusive `flock` on a lock file
there, so two builds writing the same names cannot interleave, and the `.part` files of those names that
a killed build left behind are removed under the lock, where no live build can own them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from reportpress.errors import OutputError, SourceError, shown_path

LOCK_NAME = ".reportpress.lock"
PART_SUFFIX = ".part"
NAME_MAX = 255  # bytes of one file name: ext4, XFS, btrfs, tmpfs
# The longest name a build writes for source NAME.md is the manifest's second name during the renames,
# `.NAME.manifest.json.<12 hex digits>.part` (`_second_name`): the longest source name that fits
MAX_STEM_BYTES = NAME_MAX - len(".manifest.json") - len(f"..{'0' * 12}{PART_SUFFIX}")
HINTS = {
    errno.ENOSPC: "free some space and build again; the previous outputs are unchanged",
    errno.EDQUOT: "free some space and build again; the previous outputs are unchanged",
    errno.EACCES: "check the folder's permissions",
    errno.EROFS: "the file system is read-only: choose another output folder with --out",
}


def check_output_names(source: Path) -> None:
    """A SourceError when the outputs named after `source` could not be written: a name that is not UTF-8
    (the manifest, which is JSON, names the files) or too long for its temporary files — before the build,
    so that `check` says it too and a batch builds nothing it cannot write."""
    hint = "rename the source: its outputs and manifest are named after it"
    try:
        size = len(source.stem.encode("utf-8"))
    except UnicodeEncodeError:
        raise SourceError(f"{shown_path(source)}: the file name is not UTF-8 text", hint=hint) from None
    if size > MAX_STEM_BYTES:
        raise SourceError(f"{shown_path(source)}: the file name is {size} bytes before `.md`, over the "
                          f"{MAX_STEM_BYTES} its outputs' names leave", hint=hint)


def _error(target: Path, exc: OSError) -> OutputError:
    hint = HINTS.get(exc.errno or 0)
    return OutputError(f"{target}: cannot write: {exc.strerror or exc}" + (f" ({hint})" if hint else ""))


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold `folder`'s write lock (creating the folder); other builds writing there wait."""
    path = folder / LOCK_NAME
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: not a folder (choose another output folder with --out)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        while True:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            # The holder before us unlinks the file as it leaves: lock the file on disk, not a ghost.
            try:
                if os.path.samestat(os.fstat(descriptor), os.stat(path, follow_symlinks=False)):
                    break
            except FileNotFoundError:
                pass
            os.close(descriptor)
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # still held: a build waiting on this inode sees it gone and retries
        os.close(descriptor)


def is_part_of(name: str, target: str) -> bool:
    """Whether file `name` is a temporary file of output `target` (`.report.pdf.x1y2.part`)."""
    return name.startswith(f".{target}.") and name.endswith(PART_SUFFIX)


def remove_stale_parts(folder: Path, names: Sequence[str]) -> None:
    """Remove `.part` files of `names` in `folder`: under the lock, only a killed build left them."""
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
        for entry in entries:
            if any(is_part_of(entry.name, name) for name in names):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _write_part(target: Path, data: bytes) -> Path:
    """`data` in a new `.part` file beside `target`, flushed to disk; removed again if that fails."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), 0o644)
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _second_name(target: Path) -> Path | None:
    """A `.part` hard link to `target` if it exists, so that replacing it frees nothing yet."""
    while True:
        link = target.with_name(f".{target.name}.{secrets.token_hex(6)}{PART_SUFFIX}")
        try:
            os.link(target, link, follow_symlinks=False)
        except FileExistsError:
            continue
        except FileNotFoundError:
            return None
        return link


def replace_files(folder: Path, files: Sequence[tuple[str, bytes]], manifest: tuple[str, bytes] | None = None
                  ) -> None:
    """Write `files` (name, bytes) and then `manifest` into `folder`, all or nothing.

    Call it holding `output_lock(folder)`. The previous `manifest` is removed before the first rename
    and the new one renamed last. On any error no `.part` file stays, and nothing changed unless a
    rename itself failed (then the set has no manifest until a build completes).
    """
    everything = [*files, *([manifest] if manifest else [])]
    for name, _ in everything:
        if (folder / name).is_dir() and not (folder / name).is_symlink():
            raise OutputError(f"{folder / name}: a folder is in the way of this output (move or remove it); "
                              "the previous outputs are unchanged")
    remove_stale_parts(folder, [name for name, _ in everything])
    parts: list[Path] = []
    links: list[Path] = []
    target = folder
    try:
        for name, data in everything:
            target = folder / name
            parts.append(_write_part(target, data))
        for name, _ in everything:
            target = folder / name
            if (link := _second_name(target)) is not None:
                links.append(link)
        if manifest:
            target = folder / manifest[0]
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        for part, (name, _) in zip(parts, everything, strict=True):
            target = folder / name
            os.replace(part, target)
        _sync_folder(folder)
    except OSError as exc:
        raise _error(target, exc) from exc
    finally:
        for path in (*parts, *links):  # the old files' blocks are freed here, after the set is whole
            path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries, so the renames survive a crash of the machine too."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` all-or-nothing."""
    with output_lock(target.parent):
        replace_files(target.parent, [(target.name, data)])
