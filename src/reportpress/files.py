"""Reading a file a build did not make: a regular file only, bounded, what was opened is what is read.

The file is opened before it is looked at and without blocking (a FIFO with no writer would hang `open`);
the `fstat` of the opened descriptor, not a `stat` of the name that could be swapped, says what it is;
reading stops one byte past the limit, so neither an endless device nor a file that grows while it is
read can fill the memory. Callers turn the exceptions into their own one-line messages.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path names a folder, a pipe, a device… (`kind` says which)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooLarge(OSError):
    """The file holds more than the limit (`size` is what was seen: at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """At most `limit` bytes of the regular file `path`; FileNotFoundError, NotRegularFile, TooLarge or
    another OSError (ValueError for a NUL in the path) otherwise. `follow_links=False` refuses a link."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    descriptor = os.open(path, flags)
    try:
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
