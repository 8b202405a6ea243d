"""Writing output files all-or-nothing: a temporary file in the target's folder, then a rename.

A reader of `output/` never sees a half-written PDF or DOCX, and a failed build leaves the previous
good file (or nothing) in place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reportpress.errors import OutputError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, on error it is removed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here: {exc.strerror or exc}") from exc
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` all-or-nothing."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
