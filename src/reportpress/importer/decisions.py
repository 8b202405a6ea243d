"""Every structural decision of an import, with the raw lines it rests on and a confidence (item 9).

In: what the stages found (front matter, blocks, appendices, glossary, notes, dropped lines). Out: one
`Decision` per choice a reviewer might undo. The confidences are not probabilities measured on a corpus;
they rank how much evidence each rule had, so that the report can list the most doubtful first:

- 0.9 and up: the text leaves no real doubt (a folio `— 3 —`, a `一、` heading in sequence);
- 0.7–0.85: a rule with good evidence (a glossary under a 名词解释 title, an appendix label line);
- 0.5–0.65: a choice the text supports but another reading is plausible (a numbered run-in lead kept
  in its paragraph, a heading whose number breaks the sequence);
- below 0.5: a guess, or something left as text that may be structure (no title found, a line in a
  glossary section that is not an entry).
"""

from __future__ import annotations

from reportpress.importer.appendix import RawAppendix
from reportpress.importer.blocks import Block, Dropped, Line
from reportpress.importer.frontmatter import FrontMatter
from reportpress.importer.glossary import GlossaryEntry
from reportpress.importer.headings import heading_number, numbering_level
from reportpress.importer.report import Decision

_SURE_NOISE = {"page folio", "page break", "web toolbar", "forum edit stamp", "lone bracket or bar"}


def heading_decisions(blocks: list[Block], where: str) -> list[Decision]:
    """One decision per heading; a heading whose number does not follow its predecessor's is doubtful."""
    decisions: list[Decision] = []
    last: dict[int, int] = {}
    for block in blocks:
        if block.kind != "heading":
            continue
        if not numbering_level(block.text):
            # an unnumbered part title has its own decision (parts.py); the numbering restarts under it
            last = {level: number for level, number in last.items() if level < block.level}
            continue
        number = heading_number(block.text)
        expected = last.get(block.level, 0) + 1
        for deeper in [level for level in last if level > block.level]:
            del last[deeper]
        last[block.level] = number
        if number == expected:
            decisions.append(Decision((block.line,), "heading", f"level {block.level}{where}", 0.9, block.text))
        else:
            decisions.append(Decision((block.line,), "heading", f"level {block.level}{where}; its number does "
                                      f"not follow the previous one (expected {expected})", 0.55, block.text))
    return decisions


def paragraph_decisions(blocks: list[Block]) -> list[Decision]:
    decisions: list[Decision] = []
    for block in blocks:
        if block.kind == "salutation":
            decisions.append(Decision((block.line,), "salutation", "a short form of address opening the body",
                                      0.9, block.text))
        elif block.kind == "paragraph" and block.lead and numbering_level(block.lead):
            decisions.append(Decision((block.line,), "run-in lead", "a numbered sentence that goes on in its "
                                      "paragraph: kept as a bold lead, not a heading", 0.6, block.lead))
        elif block.kind == "paragraph" and not block.lead and numbering_level(block.text):
            decisions.append(Decision((block.line,), "paragraph", "numbered, but too long or with a sentence "
                                      "inside to be a heading: kept as a paragraph", 0.5, block.text))
    return decisions


def front_decisions(front: FrontMatter, blocks: list[Block]) -> list[Decision]:
    first = (blocks[0].line,) if blocks else ()
    if not front.title:
        return [Decision(first, "title", "no title found in the opening lines: the document has none", 0.3)]
    return [Decision(first, "title", "the opening line naming the report", 0.85, front.title)]


def structural_decisions(
    *,
    front: FrontMatter,
    blocks: list[Block],
    appendices: list[RawAppendix],
    appendix_blocks: list[list[Block]],
    entries: list[GlossaryEntry],
    leftovers: list[Line],
    notes_lines: list[int],
    footnotes: int,
    dropped: tuple[Dropped, ...],
    references_lines: list[int] | None = None,
    references: int = 0,
    signoff: list[Line] | None = None,
    imprint: list[Line] | None = None,
) -> list[Decision]:
    """Every decision of the import (see the module docstring)."""
    decisions = front_decisions(front, blocks) + heading_decisions(blocks, "") + paragraph_decisions(blocks)
    if front.label:
        decisions.append(Decision(front.label_lines, "label", "the cover lines above the title naming the session "
                                  "and the document number: the front matter's label", 0.75, front.label))
    for kind, closing, what in (("signoff", signoff, "an organisation and a date closing the main text"),
                                ("imprint", imprint, "the issuing office and the printing date at the very end")):
        if closing:
            decisions.append(Decision(tuple(line.number for line in closing), kind, what, 0.75,
                                      " / ".join(line.text for line in closing)))
    for number, (appendix, inner) in enumerate(zip(appendices, appendix_blocks, strict=True), start=1):
        lines = (appendix.line, appendix.title_line) if appendix.title_line > appendix.line else (appendix.line,)
        what = f"appendix {number} ({appendix.label})" + (", holding the glossary" if appendix.glossary else "")
        decisions.append(Decision(lines, "appendix", what + ": its items stay out of the main outline", 0.8,
                                  appendix.title))
        decisions += heading_decisions(inner, f" inside appendix {number}")
    if entries:
        decisions.append(Decision(tuple(entry.line for entry in entries), "glossary",
                                  f"{len(entries)} entries, each a term and its definition", 0.8,
                                  entries[0].term))
    for line in leftovers:
        decisions.append(Decision((line.number,), "glossary", "in the glossary section but not an entry: kept "
                                  "as a paragraph", 0.4, line.text))
    if footnotes:
        decisions.append(Decision(tuple(notes_lines), "notes", f"a notes section at the end: {footnotes} notes, "
                                  "their calls in the body made note calls (end notes)", 0.75))
    if references:
        decisions.append(Decision(tuple(references_lines or ()), "references", f"a reference list: {references} "
                                  "entries (keys ref1 …), the body's numbered calls to them made citations", 0.8))
    for item in dropped:
        confidence = 0.9 if item.reason in _SURE_NOISE else 0.7
        decisions.append(Decision((item.number,), "dropped", item.reason, confidence, item.text))
    return decisions
