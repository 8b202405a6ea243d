"""Glossary terms → explicit term references at their first use in the body (DESIGN §3).

In: the body blocks and the glossary entries. Out: a `[shown]{.term}` span added to each block's
`spans` where a term is first used, and for each entry the block it was linked in (or none). The
body may quote a term differently from the glossary, so each entry has a list of forms, tried in
order; the first form found anywhere wins, at its first occurrence:

1. the term exactly as the glossary prints it (`“一证多址”2.0版`: the 2.0 version the entry defines,
   even where plain `“一证多址”` comes earlier);
2. the term without its enclosing quotes, then with its quotes dropped altogether;
3. for a compound term, its first quoted part (`“三大高地”“五大战略”` → `“三大高地”`).

Only paragraphs are searched: a marker in a heading would also land in the PDF outline. Spans never
overlap, and never cross the boundary between a bold lead and the rest of its paragraph.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Block
from reportpress.importer.glossary import GlossaryEntry, default_term_id
from reportpress.importer.notes import glossary_placeholder

# Characters that would break the `[shown]{…}` span if a term contained them.
_UNSAFE = re.compile(r"[\[\]{}\\`*_<>]")


def term_forms(term: str) -> list[str]:
    """The texts under which the body may use `term`, most faithful first."""
    forms = [term, default_term_id(term), term.replace("“", "").replace("”", "")]
    # a year that dates the entry (`2026年10件民生实事`) is often left out in the body
    forms += [re.sub(r"^\d{4}年", "", form) for form in forms if re.match(r"\d{4}年.", form)]
    quoted = re.findall(r"“[^“”]+”", term)
    if len(quoted) > 1 or (quoted and quoted[0] != term):
        forms.append(quoted[0])
    unique: list[str] = []
    for form in forms:
        if len(form) >= 2 and form not in unique:
            unique.append(form)
    return unique


def overlaps(block: Block, part: str, start: int, end: int) -> bool:
    return any(p == part and start < e and s < end for p, s, e, _, _ in block.spans)


def find_first_use(blocks: list[Block], form: str) -> tuple[int, str, int] | None:
    """(block index, part, offset) of the first free occurrence of `form` in a paragraph, or None."""
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        for part in ("lead", "text"):
            text = block.lead if part == "lead" else block.text
            start = text.find(form)
            while start != -1:
                if not overlaps(block, part, start, start + len(form)):
                    return index, part, start
                start = text.find(form, start + 1)
    return None


def take_quotes(block: Block, part: str, start: int, end: int) -> tuple[int, int]:
    """Widen a found term to the quotes the body puts around it, so the marker follows `”`."""
    text = block.lead if part == "lead" else block.text
    if (
        start > 0
        and text[start - 1] == "“"
        and text[end : end + 1] == "”"
        and not overlaps(block, part, start - 1, end + 1)
    ):
        return start - 1, end + 1
    return start, end


def term_span_markup(shown: str, entry_id: str) -> tuple[str, str]:
    """The markup around `shown`: `ref` only when the shown text does not name the id itself."""
    if default_term_id(shown) == entry_id:
        return "[", "]{.term}"
    return "[", f']{{.term ref="{entry_id}"}}'


def anchor_at_marker(blocks: list[Block], entry: GlossaryEntry, number: int) -> int | None:
    """Link the term written just before the body's first `［number］` marker; its block index or None."""
    marker = glossary_placeholder(number)
    for index, block in enumerate(blocks):
        for part in ("lead", "text"):
            text = block.lead if part == "lead" else block.text
            at = text.find(marker)
            if at == -1:
                continue
            for form in term_forms(entry.term):
                start = at - len(form)
                if start >= 0 and text[start:at] == form and not overlaps(block, part, start, at):
                    before, after = term_span_markup(form, entry.id)
                    block.spans.append((part, start, at, before, after))
                    return index
            return None  # the marker follows some other wording: first-use linking decides
    return None


def link_terms(blocks: list[Block], entries: list[GlossaryEntry]) -> dict[str, int | None]:
    """Mark each entry's first use; return entry id → index of the block it is linked in, or None."""
    linked: dict[str, int | None] = {}
    for number, entry in enumerate(entries, start=1):
        linked[entry.id] = None
        if '"' in entry.id or _UNSAFE.search(entry.id):
            continue  # cannot be written inside ref="…"; the reader's first-use linking may find it
        linked[entry.id] = anchor_at_marker(blocks, entry, number)
        if linked[entry.id] is not None:
            continue
        for form in term_forms(entry.term):
            if _UNSAFE.search(form):
                continue
            found = find_first_use(blocks, form)
            if found is None:
                continue
            index, part, start = found
            start, end = take_quotes(blocks[index], part, start, start + len(form))
            shown = (blocks[index].lead if part == "lead" else blocks[index].text)[start:end]
            before, after = term_span_markup(shown, entry.id)
            blocks[index].spans.append((part, start, end, before, after))
            linked[entry.id] = index
            break
    return linked
