"""What an import found and where it was unsure: the report `reportpress import` prints for the reviewer.

In: the facts the stages collected. Out: an `ImportReport` (plain data, for tests and the CLI) and
its text form. Issue 6, "honesty about doubt": headings by level, glossary entries, linked and
unlinked terms, notes, and every line dropped as noise, with its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportpress.importer.blocks import Dropped


@dataclass(frozen=True, slots=True)
class Decision:
    """One structural decision: the raw lines it rests on, what was decided, and how sure the rule is.

    `confidence` runs from 0 (a guess the reviewer must check) to 1 (the text leaves no doubt); the report
    lists the most doubtful first, so a reviewer reads what matters before what does not.
    """

    lines: tuple[int, ...]
    kind: str  # "heading", "salutation", "appendix", "glossary", "notes", "stray character", …
    what: str
    confidence: float
    text: str = ""  # the text the decision is about, shortened for the report


@dataclass(frozen=True, slots=True)
class LinkedTerm:
    """A glossary term and the body block (1-based, headings included) its reference was put in."""

    term_id: str
    block: int | None  # None: no use found; the reader will warn that the entry is never referenced


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """Everything the reviewer should know about one import."""

    encoding: str
    title: str
    label: str = ""  # the cover's document label
    signoff: tuple[str, ...] = ()  # the sign-off's and the imprint's lines
    headings: dict[int, tuple[str, ...]] = field(default_factory=dict)  # level → heading texts
    paragraphs: int = 0
    leads: int = 0
    numbered_leads: tuple[str, ...] = ()  # `（一）…。` run-in leads: a reviewer may prefer headings
    glossary_title: str = ""
    glossary_entries: tuple[str, ...] = ()  # terms, in order
    terms: tuple[LinkedTerm, ...] = ()
    footnotes: int = 0
    references: int = 0  # entries of a 参考文献 list, written as `::: references`
    dropped: tuple[Dropped, ...] = ()
    doubts: tuple[str, ...] = ()  # things kept as plain text, or guessed
    decisions: tuple[Decision, ...] = ()  # every structural decision, in raw line order

    @property
    def doubtful_first(self) -> tuple[Decision, ...]:
        """The decisions, least confident first (raw line order among equals)."""
        return tuple(sorted(self.decisions, key=lambda item: (item.confidence, item.lines)))

    @property
    def linked_terms(self) -> tuple[str, ...]:
        return tuple(term.term_id for term in self.terms if term.block is not None)

    @property
    def unlinked_terms(self) -> tuple[str, ...]:
        return tuple(term.term_id for term in self.terms if term.block is None)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The source Markdown an import produced, and its report."""

    markdown: str
    report: ImportReport


def format_report(report: ImportReport) -> str:
    """The report as plain text lines, most useful first."""
    lines = [f"encoding: {report.encoding}", f"title: {report.title or '(none found)'}"]
    if report.label:
        lines.append(f"label: {report.label}")
    if report.signoff:
        lines.append(f"sign-off and imprint: {' / '.join(report.signoff)}")
    for level in sorted(report.headings):
        texts = report.headings[level]
        lines.append(f"headings, level {level}: {len(texts)}")
    lines.append(f"paragraphs: {report.paragraphs} ({report.leads} with a bold lead)")
    if report.numbered_leads:
        lines.append(f"numbered run-in leads, kept in their paragraphs: {len(report.numbered_leads)}")
        lines += [f"  {lead}" for lead in report.numbered_leads]
    if report.glossary_entries:
        lines.append(f"glossary “{report.glossary_title}”: {len(report.glossary_entries)} entries")
        lines.append(f"terms linked at first use: {len(report.linked_terms)}")
        for term in report.terms:
            if term.block is None:
                lines.append(f"  not found in the body (link it by hand): {term.term_id}")
    else:
        lines.append("glossary: none found")
    lines.append(f"footnotes: {report.footnotes}")
    if report.references:
        lines.append(f"references: {report.references} (keys ref1, ref2 …; calls made citations)")
    if report.dropped:
        lines.append(f"dropped as noise: {len(report.dropped)} lines")
        lines += [f"  line {item.number} ({item.reason}): {item.text}" for item in report.dropped]
    if report.doubts:
        lines.append("check these:")
        lines += [f"  {doubt}" for doubt in report.doubts]
    if report.decisions:
        lines.append(f"structural decisions, most doubtful first: {len(report.decisions)}")
        lines += [f"  {format_decision(decision)}" for decision in report.doubtful_first]
    return "\n".join(lines)


_SHOWN_CHARS = 40


def format_decision(decision: Decision) -> str:
    """`[0.60] line 12: salutation: … — 各位代表：` (lines as a range when there are many)."""
    numbers = tuple(sorted(set(decision.lines)))
    where = (f"line {numbers[0]}" if len(numbers) == 1 else
             f"lines {numbers[0]}-{numbers[-1]}" if numbers else "whole text")
    text = decision.text if len(decision.text) <= _SHOWN_CHARS else decision.text[:_SHOWN_CHARS] + "…"
    return f"[{decision.confidence:.2f}] {where}: {decision.kind}: {decision.what}" + (f" — {text}" if text else "")


def report_to_json(report: ImportReport) -> dict[str, Any]:
    """The report as JSON-ready data for tools (`reportpress import --report FILE.json`)."""
    return {
        "encoding": report.encoding,
        "title": report.title,
        "label": report.label,
        "signoff": list(report.signoff),
        "headings": {str(level): list(texts) for level, texts in report.headings.items()},
        "paragraphs": report.paragraphs,
        "leads": report.leads,
        "glossary": {"title": report.glossary_title, "entries": list(report.glossary_entries),
                     "unlinked": list(report.unlinked_terms)},
        "footnotes": report.footnotes,
        "references": report.references,
        "dropped": [{"line": item.number, "text": item.text, "reason": item.reason} for item in report.dropped],
        "doubts": list(report.doubts),
        "decisions": [{"lines": sorted(set(item.lines)), "kind": item.kind, "what": item.what,
                       "confidence": item.confidence, "text": item.text} for item in report.doubtful_first],
    }
