"""The doubts of the import report a source was made from, next to the raw lines they came from.

`reportpress import RAW --report FILE.json` writes the report; the preview reads it (and RAW, when given)
on every build. Both are untrusted text: read bounded, shown escaped (the page's template autoescapes).
The raw file is decoded with the encoding the report says the import used, and split into lines as the
importer splits them, so the report's line numbers point at the same lines.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportpress.errors import ReportpressError
from reportpress.files import read_regular
from reportpress.importer.decode import decode_bytes, split_lines

REPORT_MAX = 16 * 1024 * 1024
RAW_MAX = 32 * 1024 * 1024  # the importer's own limit
MAX_SHOWN = 200  # decisions listed; a report of thousands would bury the pages
MAX_RAW_LINES = 8  # raw lines shown for one decision
MAX_CHARS = 300  # characters of one raw line, of one note
SURE = 1.0  # a decision this confident is no doubt
# The codecs a report may name for its raw file: those the importer detects or a user gives for Chinese
# text. The report is untrusted, and Python has codecs that are no text encoding or take quadratic time
# (punycode): any other name is ignored and the encoding detected, as the importer does.
RAW_CODECS = frozenset(codecs.lookup(name).name for name in (
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
    "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "ascii", "latin-1"))


@dataclass(frozen=True, slots=True)
class Doubt:
    """One structural decision the importer was not sure of."""

    lines: tuple[int, ...]
    kind: str
    what: str
    confidence: float
    text: str
    raw: tuple[tuple[int, str], ...]  # (raw line number, its text) when the raw file is known

    @property
    def where(self) -> str:
        if not self.lines:
            return "whole text"
        return f"line {self.lines[0]}" if len(self.lines) == 1 else f"lines {self.lines[0]}–{self.lines[-1]}"


@dataclass(frozen=True, slots=True)
class ImportDoubts:
    report: Path
    notes: tuple[str, ...] = ()  # the report's "check these" lines
    doubts: tuple[Doubt, ...] = ()  # most doubtful first, as the report lists them
    left_out: int = 0  # doubts past MAX_SHOWN
    problem: str = ""  # why the report or the raw file could not be read


def default_report(source: Path) -> Path | None:
    """`NAME.import.json` beside `source`, the name README suggests for `import --report`, if it exists."""
    candidate = source.with_name(f"{source.stem}.import.json")
    return candidate if candidate.is_file() else None


def read_doubts(report: Path, raw: Path | None = None) -> ImportDoubts:
    """The doubts of `report`, with the raw lines of `raw`; a file that cannot be used says so in `problem`."""
    try:
        data = json.loads(read_regular(report, REPORT_MAX).decode("utf-8"))
    except (OSError, ReportpressError, ValueError) as exc:
        return ImportDoubts(report, problem=f"{report}: cannot read the import report: {exc}")
    except RecursionError:  # `[[[[…` 100,000 deep: json recurses once per level
        return ImportDoubts(report, problem=f"{report}: cannot read the import report: nested too deep")
    if not isinstance(data, dict):
        return ImportDoubts(report, problem=f"{report}: not an import report (no JSON object)")
    lines, problem = _raw_lines(raw, data.get("encoding"))
    decisions = [item for item in _list(data.get("decisions")) if isinstance(item, dict)]
    doubts = [doubt for doubt in map(_doubt, decisions) if doubt is not None and doubt.confidence < SURE]
    shown = tuple(_with_raw(doubt, lines) for doubt in doubts[:MAX_SHOWN])
    notes = tuple(_short(note) for note in _list(data.get("doubts")) if isinstance(note, str))[:MAX_SHOWN]
    return ImportDoubts(report, notes=notes, doubts=shown, left_out=max(0, len(doubts) - MAX_SHOWN),
                        problem=problem)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _doubt(item: dict[str, Any]) -> Doubt | None:
    confidence = item.get("confidence")
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        return None
    numbers = tuple(sorted({n for n in _list(item.get("lines")) if isinstance(n, int) and not isinstance(n, bool)
                            and n > 0}))
    return Doubt(lines=numbers, kind=_short(item.get("kind")), what=_short(item.get("what")),
                 confidence=float(confidence), text=_short(item.get("text")), raw=())


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS] + "…"


def _raw_lines(raw: Path | None, encoding: Any) -> tuple[list[str], str]:
    if raw is None:
        return [], ""
    try:
        data = read_regular(raw, RAW_MAX)
    except (OSError, ValueError) as exc:
        return [], f"{raw}: cannot read the raw file: {exc}"
    try:
        text, _used = decode_bytes(data, encoding if _known_codec(encoding) else None)
    except ReportpressError:  # the report's encoding does not fit the file any more: detect it
        text, _used = decode_bytes(data)
    return split_lines(text), ""


def _known_codec(encoding: Any) -> bool:
    if not isinstance(encoding, str) or not encoding or len(encoding) > 40:
        return False
    try:
        return codecs.lookup(encoding).name in RAW_CODECS
    except LookupError:
        return False


def _with_raw(doubt: Doubt, lines: list[str]) -> Doubt:
    if not lines or not doubt.lines:
        return doubt
    raw = tuple((number, _short(lines[number - 1])) for number in doubt.lines[:MAX_RAW_LINES]
                if number <= len(lines))
    return Doubt(doubt.lines, doubt.kind, doubt.what, doubt.confidence, doubt.text, raw)
