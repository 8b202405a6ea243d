"""What `reportpress proof` can find: the rules, each with the clause it comes from, and one finding.

In: nothing. Out: `RULES` (rule id → `Rule`), `Finding`. The checks create findings; the report
counts and prints them. Clauses: GB/T 9704-2012 (党政机关公文格式), GB/T 15834-2011 (标点符号用法),
W3C clreq (Requirements for Chinese Text Layout); numbers as in typography.md §a–b.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    reference: str


_RULES = (
    Rule("page-size", "page size", "GB/T 9704-2012 §5.1: A4, 210 × 297 mm (GB/T 148)"),
    Rule("parity", "duplex parity",
         "GB/T 9704-2012 §6.2 (双面印刷), §7.5: page — 1 — is a recto (an odd PDF page)"),
    Rule("margins", "text block and margins",
         "GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm ± 1 mm, 版心 156 × 225 mm; §6.2 duplex, mirrored"),
    Rule("grid", "line grid", "GB/T 9704-2012 §5.2.3: 每面排22行，每行排28个字，并撑满版心"),
    Rule("folio-format", "folio format", "GB/T 9704-2012 §7.5: 4号半角宋体阿拉伯数字, 一字线 each side (— 1 —)"),
    Rule("folio-side", "folio side", "GB/T 9704-2012 §7.5: 单页码居右空一字，双页码居左空一字"),
    Rule("folio-distance", "folio distance", "GB/T 9704-2012 §7.5: 一字线上距版心下边缘 7 mm"),
    Rule("folio-sequence", "folio sequence", "GB/T 9704-2012 §7.5: pages numbered in order, none skipped"),
    Rule("font-role", "font per role",
         "GB/T 9704-2012 §5.2.2, §7.3.1, §7.3.3, §7.5: 小标宋 title, 仿宋 body, 黑体/楷体/仿宋 headings, 宋体 folio "
         "(the layout's [fonts] lists them with their stand-ins)"),
    Rule("font-embedded", "fonts embedded", "print preflight (PDF/X, ISO 15930): every font embedded"),
    Rule("font-cjk", "CJK drawn by CJK fonts",
         "GB/T 15834-2011 §4, clreq #glyphs_sizes_and_positions_in_character_faces_of_punctuation_marks: "
         "Chinese characters and marks full width, from a Chinese face"),
    Rule("orphan-char", "孤字", "clreq #adjustments_of_orphans_and_widows: a last line holds more than one "
                               "character (punctuation not counted)"),
    Rule("short-page", "short page", "GB/T 9704-2012 §5.2.3: 22 lines on every page, 撑满版心"),
    Rule("stranded-heading", "heading at a page foot",
         "clreq #adjustments_of_orphans_and_widows; GB/T 9704-2012 §7.3.3: a heading stays with its text"),
    Rule("loose-line", "loose line", "clreq #line_adjustment: compress punctuation before spreading "
                                     "characters; less than 0.6 pt extra per gap"),
    Rule("unbalanced-title", "unbalanced title lines",
         "GB/T 9704-2012 §7.3.1: 回行时要做到词意完整，排列对称，长短适宜"),
    Rule("punct-uncompressed", "uncompressed punctuation pair",
         "clreq #punctuation_width_adjustment; GB/T 15834-2011: two adjacent marks take 1.5 em"),
    Rule("kinsoku", "禁则 (line start/end)",
         "clreq #prohibition_rules_for_line_start_end; GB/T 15834-2011 §5.1"),
)
RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}  # in report order: parity first, as the
# cause of the margins and folio sides that follow from it


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule at one place: PDF page, a short quote of the line, what was measured."""

    rule: str
    page: int  # 1-based PDF page (0: the document as a whole)
    quote: str
    message: str
    folio: int | None = None  # the page's printed number, when it has one

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")

    @property
    def reference(self) -> str:
        return RULES[self.rule].reference
