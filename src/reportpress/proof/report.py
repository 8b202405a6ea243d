"""The result of a proof: findings, counts per rule, the document's measured numbers; as text or JSON.

In: what `proof_pdf` gathered. Out: `ProofReport`, `report_to_json(report)` (a plain dict for
`--json`, every finding in it) and `format_report(report)` (the readable report: the measures, the
fonts per role, then per rule its clause and its findings, `limit` of them at most). Printing is the
CLI's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from reportpress.proof.findings import RULES, Finding
from reportpress.proof.pdf import Font


@dataclass(frozen=True, slots=True)
class ProofReport:
    path: str
    layout: str
    pages: int
    body_pages: tuple[int, ...]  # PDF page numbers of the pages with a folio (or, lacking any, with text)
    measured: dict[str, Any]
    fonts: tuple[Font, ...]
    roles: dict[str, list[str]]
    findings: tuple[Finding, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Findings per rule, every rule listed (0 when clean)."""
        found = Counter(finding.rule for finding in self.findings)
        return {rule: found[rule] for rule in RULES}

    @property
    def clean(self) -> bool:
        return not self.findings


def report_to_json(report: ProofReport) -> dict[str, Any]:
    return {
        "file": report.path,
        "layout": report.layout,
        "pages": report.pages,
        "body_pages": list(report.body_pages),
        "clean": report.clean,
        "measured": report.measured,
        "fonts": [{"name": font.name, "family": font.family, "embedded": font.embedded, "cjk": font.cjk}
                  for font in report.fonts],
        "roles": report.roles,
        "counts": report.counts,
        "findings": [{"rule": finding.rule, "page": finding.page, "folio": finding.folio,
                      "quote": finding.quote, "message": finding.message, "reference": finding.reference}
                     for finding in report.findings],
    }


def _page_range(pages: tuple[int, ...]) -> str:
    if not pages:
        return "none"
    return f"{pages[0]}–{pages[-1]}" if len(pages) > 1 else str(pages[0])


def format_report(report: ProofReport, limit: int = 20) -> str:
    """The readable report; at most `limit` findings per rule are listed (0: all)."""
    measured = report.measured
    head = f"{report.path}: {report.pages} pages, body on PDF pages {_page_range(report.body_pages)}; " \
        f"layout {report.layout}"
    if not report.fonts:
        return f"{head}\n  no text in the PDF (scanned pages?): only the page size could be checked\n" \
            + _summary(report)
    lines = [
        head,
        f"  body {measured['body_size_pt']:g} pt {measured['body_font'] or '?'}, character pitch "
        f"{measured['char_pitch_pt']:g} pt, line pitch {measured['line_pitch_pt'] or '?'} pt, "
        f"{measured['chars_per_full_line'] or '?'} characters per full line, "
        f"up to {measured['lines_per_full_page'] or '?'} lines per page",
        f"  left margin {measured['left_margin_odd_pages_mm'] or '?'} mm on odd pages, "
        f"{measured['left_margin_even_pages_mm'] or '?'} mm on even pages",
        "fonts:",
    ]
    for font in report.fonts:
        marks = ", ".join(("embedded" if font.embedded else "NOT EMBEDDED", "CJK" if font.cjk else "Latin"))
        roles = [role for role, names in report.roles.items() if font.name in names]
        lines.append(f"  {font.name} ({marks}){': ' + ', '.join(roles) if roles else ''}")
    for rule_id, count in report.counts.items():
        if not count:
            continue
        rule = RULES[rule_id]
        lines.append(f"{rule_id} — {rule.title}: {count}   [{rule.reference}]")
        found = [finding for finding in report.findings if finding.rule == rule_id]
        shown = found if limit <= 0 else found[:limit]
        for finding in shown:
            where = f"p. {finding.page}" + (f" (— {finding.folio} —)" if finding.folio is not None else "")
            quote = f"  「{finding.quote}」" if finding.quote else ""
            lines.append(f"  {where}: {finding.message}{quote}")
        if len(shown) < len(found):
            lines.append(f"  … and {len(found) - len(shown)} more (all of them with --json)")
    lines.append(_summary(report))
    return "\n".join(lines)


def _summary(report: ProofReport) -> str:
    """The last two lines: the verdict, then `rule=count` for every rule (for grep and for people)."""
    rules = sum(1 for count in report.counts.values() if count)
    verdict = "clean: no rule of the layout is broken" if report.clean else \
        f"{len(report.findings)} finding(s) in {rules} rule(s)"
    return verdict + "\n" + " ".join(f"{rule}={count}" for rule, count in report.counts.items())
