"""The on-disk cache: small files a build derives from font files (cmaps, font digests, folio metrics),
kept so that the next build need not read the fonts again.

In: a kind (`cmaps`, `digests`, `folio`: a subfolder) and a file name derived from what the value is of.
Out: the bytes or JSON value last stored under that name, or None; `store` writes one.

Trust model. The folder is `$REPORTPRESS_CACHE_DIR`, else `$XDG_CACHE_HOME/reportpress`, else
`~/.cache/reportpress`. A cache in a folder only the user can write is trusted like the user's own files:
a font digest read from it is stated in the manifest as it stands, and the values are checked for shape
and range (by their callers) only against damage, not against the user. A folder anyone else could write
— not owned by the user, group- or other-writable, or a symbolic link (itself or its kind's subfolder) — is
not used at all: nothing is read from it or written to it, and the build reads the fonts again (one debug
message says so). Within a trusted folder a file is read without following a link, only when it is a
regular file of at most the caller's `limit` bytes; a value is written to a fresh temporary file
(`tempfile.mkstemp`, a name nobody can plant beforehand) and renamed over the old one, so readers see the
old value or the new one, never half of one. Every failure here only costs time: it is never an error.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

_warned: set[str] = set()  # the folders already said to be unsafe: one debug message each per process


def cache_dir() -> Path:
    """Where the caches live: $REPORTPRESS_CACHE_DIR, else $XDG_CACHE_HOME/reportpress, else ~/.cache."""
    if os.environ.get("REPORTPRESS_CACHE_DIR"):
        return Path(os.environ["REPORTPRESS_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "reportpress"


def user_id() -> int:
    """The user a cache folder must belong to: this process's (a function, so that a test can be another)."""
    return os.getuid()


def _safe(folder: Path) -> bool:
    """`folder` exists (else is made, for the user alone), is a real folder, is the user's and only the
    user can write it."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700, parents=True)
    info = folder.lstat()  # lstat: a link is not followed, so a link to a folder is refused
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == user_id()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def folder(kind: str) -> Path | None:
    """The checked folder of one kind of cache, or None: caching off (see the module's trust model)."""
    root = cache_dir()
    try:
        if _safe(root) and _safe(root / kind):
            return root / kind
        reason = "not the user's, writable by others, or a link"
    except OSError as error:
        reason = error.strerror or type(error).__name__
    if str(root) not in _warned:
        _warned.add(str(root))
        logger.debug("%s: not used as a cache (%s): the fonts are read again", root, reason)
    return None


def load(kind: str, name: str, *, limit: int) -> bytes | None:
    """The bytes stored as `name`, or None: no cache, or not a regular file of at most `limit` bytes."""
    where = folder(kind)
    if where is None:
        return None
    try:
        # O_NOFOLLOW: a link is refused (ELOOP); O_NONBLOCK: a FIFO in its place does not block the open
        handle = os.open(where / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:  # a folder, a FIFO, a huge file
            return None
        data = os.read(handle, limit + 1)  # one read: a regular file this small comes whole
    except OSError:
        return None
    finally:
        os.close(handle)
    return data if len(data) <= limit else None  # it may have grown since fstat


def load_json(kind: str, name: str, *, limit: int) -> tuple[object] | None:
    """`(the JSON value stored as name,)`, or None where `load` finds nothing or the bytes are not JSON.

    A tuple, so that a stored `null` is told from no value; the value's shape is the caller's to check.
    """
    data = load(kind, name, limit=limit)
    if data is None:
        return None
    try:
        return (json.loads(data),)
    except (ValueError, RecursionError):  # ValueError: not UTF-8 or not JSON; RecursionError: `[[[[…`
        return None


def store(kind: str, name: str, data: bytes, *, limit: int) -> None:
    """Store `data` as `name`, atomically; nothing when caching is off or `data` is over `limit` (it would
    not be read back)."""
    where = folder(kind) if len(data) <= limit else None
    if where is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")
    except OSError:
        return
    renamed = False
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, where / name)
        renamed = True
    except OSError:
        pass  # a full disk, a read-only cache: it only costs time
    finally:
        if not renamed:  # also on an interrupt: no temporary is left behind
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def store_json(kind: str, name: str, value: object, *, limit: int) -> None:
    """Store `value` as JSON (see `store`)."""
    store(kind, name, json.dumps(value, separators=(",", ":")).encode(), limit=limit)
