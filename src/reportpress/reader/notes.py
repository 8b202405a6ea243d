"""Footnotes and the glossary: definitions, references, first-use linking and the checks of DESIGN §3.

- Footnote definitions (`[^label]: text`) become `Footnote` values; a duplicate label is an error, an
  unused one a warning.
- Glossary entries: a duplicate id is an error, a reference to an unknown term is an error, an entry
  the body never uses is a warning.
- With `glossary-link: first` (the default) an entry the body never references explicitly is linked
  at the first plain occurrence of its term in a body paragraph, with or without its quotes.
- The first reference of each entry is its anchor (where its endnote is called); the glossary is put
  in anchor order so that an entry's endnote number is its position.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import TypeVar

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from reportpress.model import (
    Appendix,
    Block,
    Footnote,
    FootnoteRef,
    GlossaryEntry,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Reference,
    SourcePos,
    TermRef,
    Text,
    plain_text,
)
from reportpress.reader.blocks import BlockState, line_of, read_blocks_inside
from reportpress.reader.context import ReadContext, warn_listed
from reportpress.reader.plugins import FOOTNOTE_DEFINITIONS, LABEL_HINT, MAX_LABEL, inline_note_id, label_error
from reportpress.walk import iter_block_inlines, iter_inlines, map_block_inlines

logger = logging.getLogger(__name__)

GLOSSARY_LINK_MODES = ("first", "none")


def footnote_definitions(root: SyntaxTreeNode) -> list[tuple[str, SyntaxTreeNode]]:
    """(id, `footnote` node) for every `[^label]: …` definition and every inline note `^[…]`.

    A defined note's id is its label; an inline note's is `inline_note_id` of the plugin's number.
    """
    found: list[tuple[str, SyntaxTreeNode]] = []
    for block in root.children:
        if block.type == "footnote_block":
            # always_match_refs also makes an empty `footnote` for an undefined [^x]: it has no content
            found.extend((_note_id(note), note) for note in block.children
                         if note.type == "footnote" and any(child.type != "footnote_anchor"
                                                            for child in note.children))
    return found


def _note_id(note: SyntaxTreeNode) -> str:
    label = note.meta.get("label")
    return inline_note_id(note.meta["id"]) if label is None else str(label)


def place_inline_notes(tokens: list[Token]) -> None:
    """Give the paragraph of each inline note `^[…]` the line of its call.

    The footnote plugin moves an inline note's text to the end of the stream without a `map` (inline
    rules know no lines), so its errors would name no line. Notes come in call order, so a note's
    call, even inside an earlier note, is always seen before its paragraph.
    """
    lines: dict[object, int] = {}
    pending: int | None = None  # the line of the inline note whose paragraph comes next
    for token in tokens:
        if token.type == "footnote_open" and token.meta.get("label") is None:
            pending = lines.get(token.meta["id"])
        elif pending is not None and token.type in ("paragraph_open", "inline") and token.map is None:
            token.map = [pending - 1, pending]
            if token.type == "inline":
                pending = None
        if token.type == "inline" and token.map and token.children:
            _note_call_lines(token.children, token.map[0] + 1, lines)


def _note_call_lines(children: list[Token], line: int, lines: dict[object, int]) -> None:
    for child in children:  # an inline token's children are flat: nesting is in open/close tokens
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "footnote_ref" and "label" not in child.meta:
            lines[child.meta["id"]] = line


def _footnote_line(note: SyntaxTreeNode) -> int:
    lines = [line_of(child) for child in note.children if child.map]
    # the definition's first paragraph starts on the `[^label]:` line
    return min(lines) if lines else 1


def check_footnote_duplicates(env: Mapping[str, object], ctx: ReadContext) -> None:
    """Report a label defined twice (the footnote plugin keeps only the last definition), or too long."""
    first: dict[str, int] = {}
    definitions = env.get(FOOTNOTE_DEFINITIONS, [])
    assert isinstance(definitions, list)
    for label, line in definitions:
        if len(label) > MAX_LABEL:
            ctx.error(label_error(label), line + 1, hint=LABEL_HINT)
        elif label in first:
            ctx.error(f"duplicate footnote [^{label}] (first defined at line {first[label]})", line + 1,
                      hint="give each footnote its own label")
        else:
            first[label] = line + 1


def read_footnotes(definitions: list[tuple[str, SyntaxTreeNode]], ctx: ReadContext,
                   state: BlockState) -> list[Footnote]:
    notes: dict[str, Footnote] = {}
    for label, node in definitions:
        line = _footnote_line(node)
        children = [child for child in node.children if child.type != "footnote_anchor"]
        mark = ctx.recorded
        blocks = read_blocks_inside(children, ctx, state, "a footnote")
        if not blocks and not ctx.spoiled_since(mark):  # `^[]`: a call with nothing to say
            ctx.error("empty footnote", line, hint="write the note's text, or remove it")
        notes[label] = Footnote(id=label, blocks=blocks, pos=ctx.pos(line))
    return list(notes.values())


# ---------------------------------------------------------------------------------- glossary checks


Listed = TypeVar("Listed", GlossaryEntry, Reference)


def unique_by_id(items: list[Listed], ctx: ReadContext, what: str, hint: str) -> dict[str, Listed]:
    """The first item of each id, in order; each later one is an error naming the first's line."""
    unique: dict[str, Listed] = {}
    for item in items:
        if item.id in unique:
            ctx.error(f"duplicate {what} {item.id!r} (first at line {unique[item.id].pos.line})", item.pos.line,
                      hint=hint)
            continue
        unique[item.id] = item
    return unique


def check_glossary_ids(entries: list[GlossaryEntry], ctx: ReadContext) -> list[GlossaryEntry]:
    return list(unique_by_id(entries, ctx, "glossary term", "give one of them an id: `term {#other-id}`").values())


def glossary_entry_inlines(entry: GlossaryEntry) -> Iterator[Inline]:
    """Every inline of a glossary entry: its term's, then its definition's."""
    yield from iter_inlines(entry.term)
    for block in entry.definition:
        yield from iter_block_inlines(block)


def link_first_uses(blocks: tuple[Block, ...], entries: list[GlossaryEntry]) -> tuple[Block, ...]:
    """Link each entry without an explicit reference at the first plain occurrence of its term."""
    referenced = {node.term_id for block in blocks for node in iter_block_inlines(block)
                  if isinstance(node, TermRef)}
    # Each block's text, so that a block holding none of a term's forms is skipped unwalked: walking (and
    # rebuilding) every block for every term took 110 s for 2,000 terms over 1,000 paragraphs. The text
    # is every text node the walk would try, NUL-joined (no source holds a NUL), so a form is in it
    # exactly when some node holds it.
    texts = [_texts(block) for block in blocks]
    for entry in entries:
        if entry.id in referenced:
            continue
        needles = _needles(entry)
        for index, text in enumerate(texts):
            if any(needle in text for needle in needles):
                linked, done = _link_in(blocks[index:index + 1], needles, entry)
                if done:
                    blocks = (*blocks[:index], *linked, *blocks[index + 1:])
                    texts[index] = _texts(linked[0])
                    break
    return blocks


def _texts(block: Block) -> str:
    return "\0".join(node.text for node in iter_block_inlines(block) if isinstance(node, Text))


def _needles(entry: GlossaryEntry) -> list[str]:
    """The forms a term may take in the body, the quoted ones first so the marker follows the quote."""
    shown = " ".join(plain_text(entry.term).split())
    forms = [f"“{entry.id}”", shown, entry.id]
    return list(dict.fromkeys(form for form in forms if form))


def _link_in(blocks: tuple[Block, ...], needles: list[str], entry: GlossaryEntry
             ) -> tuple[tuple[Block, ...], bool]:
    """(blocks, linked): the first plain occurrence in `blocks` linked, and whether there was one.

    Only body paragraphs, lists and quotes, also in an appendix (a list of projects may use a term):
    a marker in a heading or a table would be a surprise, and the glossary itself is not in `blocks`.
    """
    for index, block in enumerate(blocks):
        if isinstance(block, Appendix):
            inner, done = _link_in(block.blocks, needles, entry)
            if done:
                return (*blocks[:index], replace(block, blocks=inner), *blocks[index + 1:]), True
            continue
        if not isinstance(block, Paragraph | ListBlock | Quote):
            continue
        done = False

        def link(node: Inline, needles: list[str] = needles) -> tuple[Inline, ...]:
            nonlocal done
            if done or not isinstance(node, Text):
                return (node,)
            hits = [(node.text.find(needle), -len(needle), needle) for needle in needles]
            hits = [hit for hit in hits if hit[0] >= 0]
            if not hits:
                return (node,)
            start, _, needle = min(hits)
            done = True
            before, after = node.text[:start], node.text[start + len(needle):]
            found = TermRef(term_id=entry.id, inlines=(Text(text=needle, pos=node.pos),), pos=node.pos)
            parts: list[Inline] = []
            if before:
                parts.append(Text(text=before, pos=node.pos))
            parts.append(found)
            if after:
                parts.append(Text(text=after, pos=node.pos))
            return tuple(parts)

        changed = map_block_inlines(block, link)
        if done:
            return (*blocks[:index], changed, *blocks[index + 1:]), True
    return blocks, False


def unknown_term(node: TermRef, ctx: ReadContext) -> None:
    ctx.error(f"unknown glossary term {node.term_id!r}", node.pos.line,
              hint="add it to the `::: glossary` list, or fix the reference (ref=ID)")


def anchor_references(blocks: tuple[Block, ...], entries: list[GlossaryEntry], ctx: ReadContext
                      ) -> tuple[tuple[Block, ...], tuple[GlossaryEntry, ...]]:
    """Mark each entry's first reference as its anchor; order the entries by anchor; check references."""
    known = {entry.id for entry in entries}
    order: list[str] = []

    def anchor(node: Inline) -> tuple[Inline, ...]:
        if not isinstance(node, TermRef):
            return (node,)
        if node.term_id not in known:
            unknown_term(node, ctx)
            return node.inlines
        if node.term_id in order:
            return (node,)
        order.append(node.term_id)
        return (replace(node, anchor=True),)

    blocks = tuple(map_block_inlines(block, anchor) for block in blocks)
    by_id = {entry.id: entry for entry in entries}
    anchored = [by_id[term_id] for term_id in order]
    unused = [replace(entry, anchored=False) for entry in entries if entry.id not in order]
    # an entry whose term was refused (`ReadContext.spoiled_since`) is not warned of: that error is the message
    warn_listed(logger, "glossary entries never used in the body", (
        (entry.pos, "glossary entry %r is never used in the body; it gets no endnote call", (entry.id,))
        for entry in unused if entry.pos is None or entry.pos.line not in ctx.spoiled_entries))
    return blocks, tuple(anchored + unused)


def check_footnote_use(blocks: tuple[Block, ...], footnotes: list[Footnote], env: Mapping[str, object],
                       path: str) -> None:
    """Warn of each footnote defined but never called: those the body does not call, and those the
    footnote plugin dropped before the reader saw them (a definition with no call at all)."""
    used = {node.id for block in blocks for node in iter_block_inlines(block) if isinstance(node, FootnoteRef)}
    read = {note.id for note in footnotes}
    definitions = env.get(FOOTNOTE_DEFINITIONS, [])
    assert isinstance(definitions, list)
    uncalled = [(note.pos, "footnote [^%s] is defined but never referenced", (note.id,))
                for note in footnotes if note.id not in used]
    uncalled += [(SourcePos(path, line + 1), "footnote [^%s] is defined but never referenced; it is left out",
                  (label,))
                 for label, line in dict(reversed(definitions)).items()  # a duplicate is an error already: once
                 if label not in read]
    uncalled.sort(key=lambda warning: warning[0].line if warning[0] is not None else 0)  # in the source's order
    warn_listed(logger, "footnotes defined but never referenced", uncalled)


def check_calls_in_notes(footnotes: list[Footnote], entries: list[GlossaryEntry], ctx: ReadContext) -> None:
    """Refuse a call made from inside a note, each once, with its line.

    A footnote is a Word footnote and a glossary entry a Word endnote, and Word notes cannot hold note
    references: the DOCX would have to drop the call while the PDF kept it, and a footnote called only
    from a definition would look unused. So a footnote may call neither a note nor a glossary term, and
    a glossary entry (its term or its definition) may not call a footnote, nor name an unknown term.
    One rule, in the reader, for `check` and `build` alike; `ReadContext.error` reports a call repeated
    on a line once.
    """
    for note in footnotes:
        for node in (inline for block in note.blocks for inline in iter_block_inlines(block)):
            if isinstance(node, FootnoteRef):
                ctx.error("a footnote cannot call another note", node.pos.line,
                          hint="put the other note's text into this one")
            elif isinstance(node, TermRef):
                ctx.error(f"a footnote cannot call the glossary term {node.term_id!r}", node.pos.line,
                          hint="write the term as plain text in the note")
    known = {entry.id for entry in entries}
    for entry in entries:
        for node in glossary_entry_inlines(entry):
            if isinstance(node, FootnoteRef):
                ctx.error("a glossary entry cannot call a footnote", node.pos.line,
                          hint="put the note's text into the definition, or call the note from the body")
            elif isinstance(node, TermRef) and node.term_id not in known:
                unknown_term(node, ctx)  # as in the body; a known one is shown as the term, without a call


def all_text(blocks: tuple[Block, ...]) -> str:
    return "".join(plain_text((node,)) for block in blocks for node in iter_block_inlines(block)
                   if isinstance(node, Text))
