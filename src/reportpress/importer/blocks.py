"""The importer's working data: raw lines, dropped lines, and the blocks the Markdown is written from.

Plain data only. Each stage of the importer takes and returns these, so a stage can be tested alone
with a few hand-made values. `line` fields are 1-based line numbers in the decoded raw text, which is
what the import report points the reviewer to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Line:
    """One line (or one space-separated part of a one-line scrape) of the raw text."""

    number: int
    text: str
    indented: bool = False  # began with an indent (spaces or U+3000), a paragraph start in wrapped text


@dataclass(frozen=True, slots=True)
class Dropped:
    """A raw line the importer left out, and why; listed in the report for the reviewer."""

    number: int
    text: str
    reason: str


BlockKind = Literal["heading", "paragraph", "salutation"]


@dataclass(slots=True)
class Block:
    """A heading, a paragraph or the salutation of the body, as it will be written.

    `lead` is the run-in lead sentence of a paragraph (written bold), `text` the rest. `spans` holds
    the Markdown spans (term references, footnote references) to insert, as (part, start, end, markup
    before, markup after); `part` is "lead" or "text", offsets index that part's plain text.
    """

    kind: BlockKind
    text: str
    line: int
    level: int = 0
    lead: str = ""
    spans: list[tuple[str, int, int, str, str]] = field(default_factory=list)
