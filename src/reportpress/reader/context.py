"""State shared by the reader's rules while one source is read: where we are, what is defined, errors."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from reportpress.errors import SourceError
from reportpress.model import SourcePos

# The warnings of one kind a document gets listed one by one; past it, one line says how many more. Each
# warning is a line of the terminal (a few ms through rich), and of a batch's or the watch's log: a 1 MiB
# source of 60,000 footnotes that nothing calls took 140 s to check, 120,000 lines of warnings.
MAX_LISTED_WARNINGS = 20


def warn_listed(log: logging.Logger, what: str, warnings: Iterable[tuple[SourcePos | None, str, tuple[object, ...]]]
                ) -> None:
    """Log each (where, message, its arguments) of one kind, `what` (plural), up to MAX_LISTED_WARNINGS;
    then one warning, at the first one not listed, of how many more there are."""
    listed = 0
    first_unlisted: SourcePos | None = None
    for pos, message, args in warnings:
        listed += 1
        if listed <= MAX_LISTED_WARNINGS:
            log.warning("%s: " + message, pos, *args)
        elif listed == MAX_LISTED_WARNINGS + 1:
            first_unlisted = pos
    if listed > MAX_LISTED_WARNINGS:
        log.warning("%s: %s more %s from here on (only the first %d are listed)", first_unlisted,
                    f"{listed - MAX_LISTED_WARNINGS:,}", what, MAX_LISTED_WARNINGS)


@dataclass(slots=True)
class ReadContext:
    path: str
    footnote_labels: frozenset[str] = frozenset()
    errors: list[SourceError] = field(default_factory=list)
    heading_count: int = 0
    # (line, message) of every error recorded: the same mistake twice on a line is reported once
    # (`[丙]{.term}` nested in another term reference, or written twice in one footnote)
    reported: set[tuple[int, str]] = field(default_factory=set)
    # every `error` call, a repeated one too: `spoiled_since` tells a rule that what it read holds an error
    recorded: int = 0
    # lines of glossary entries whose term held an error: not warned about as unused (it names no term)
    spoiled_entries: set[int] = field(default_factory=set)

    def pos(self, line: int) -> SourcePos:
        return SourcePos(self.path, line)

    def error(self, message: str, line: int, hint: str = "") -> None:
        """Record a source error and go on reading, so that one run reports them all."""
        self.recorded += 1
        if (line, message) in self.reported:
            return
        self.reported.add((line, message))
        self.errors.append(SourceError(message, self.pos(line), hint=hint))

    def spoiled_since(self, mark: int) -> bool:
        """Whether an error was recorded since `mark` (an earlier `recorded`). A rule that judges what it
        read — empty, or naming no glossary entry — says nothing then: the reading of the part dropped or
        kept something the source holds wrongly, and one mistake gets one message (a refused link left
        a footnote empty, and "empty footnote" followed)."""
        return self.recorded > mark
