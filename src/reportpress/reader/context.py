"""State shared by the reader's rules while one source is read: where we are, what is defined, errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportpress.errors import SourceError
from reportpress.model import SourcePos


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
