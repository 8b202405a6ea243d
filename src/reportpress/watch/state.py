"""What the preview shows, published by the build loop and read by the server's threads.

A `Snapshot` is immutable; the loop replaces it whole under a condition, which also wakes the
`/events` streams. A failed build's snapshot keeps the last good pages, PDF and DOCX, adds the error.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportpress.watch.doubts import ImportDoubts
from reportpress.watch.pages import PageImage


@dataclass(frozen=True, slots=True)
class Snapshot:
    source: Path
    generation: int = 0  # counts finished builds, good or failed: the page reloads when it changes
    built: int = 0  # the generation of the pages shown (the last good build); 0: none yet
    building: bool = False
    pages: tuple[PageImage, ...] = ()
    changed: int | None = None  # the first page the last good build changed, 1-based
    pdf: bytes | None = None
    docx: bytes | None = None
    error: tuple[str, ...] = ()  # the last build's error, one `file:line: message` a line; () when it built
    warnings: tuple[str, ...] = ()  # what the last build logged
    doubts: ImportDoubts | None = None


@dataclass
class Preview:
    """The current snapshot, and a condition the `/events` streams wait on."""

    snapshot: Snapshot
    _condition: threading.Condition = field(default_factory=threading.Condition)
    closed: bool = False

    def current(self) -> Snapshot:
        with self._condition:
            return self.snapshot

    def publish(self, **changes: object) -> Snapshot:
        with self._condition:
            self.snapshot = replace(self.snapshot, **changes)  # type: ignore[arg-type]
            self._condition.notify_all()
            return self.snapshot

    def wait_change(self, seen: Snapshot, timeout: float) -> Snapshot:
        """The snapshot once it is not `seen` any more, or after `timeout` seconds, or on close."""
        with self._condition:
            self._condition.wait_for(lambda: self.snapshot is not seen or self.closed, timeout)
            return self.snapshot

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()
