"""The passes over the whole document that issue 10's constructs need once every block is read.

- End notes: which footnotes go at the end (front matter `notes: end`, or defined inside `::: notes`),
  in the order of their first call, and where their section stands (`EndNotes`: where the div is, or
  else before the trailing run of glossary, reference list and appendices).
- Citations: each key must name an entry of the reference list; a key defined twice is an error. The
  list is put in GB/T 7714 numeric order: the entries in the order of their first citation, then the
  ones never cited (a warning each). A citation in a note counts where the note is first called.
- Calls where they cannot be: a citation in a glossary entry (it is a Word endnote, like the calls that
  `notes.check_calls_in_notes` refuses), a call of any kind in a reference entry (the list is text).
- Front matter `salutation:` becomes the first body block.
- The imprint (版记) is the document's last block, or its last appendix's (`check_imprint_last`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import replace

from reportpress.errors import SourceError
from reportpress.model import (
    Appendix,
    Block,
    Citation,
    EndNotes,
    Footnote,
    FootnoteRef,
    Glossary,
    GlossaryEntry,
    Inline,
    Meta,
    Reference,
    References,
    Salutation,
    SignOff,
    SourcePos,
    TermRef,
    Text,
)
from reportpress.reader.blocks import BlockState
from reportpress.reader.context import ReadContext, warn_listed
from reportpress.reader.notes import glossary_entry_inlines, unique_by_id
from reportpress.reader.plugins import FOOTNOTE_DEFINITIONS
from reportpress.walk import iter_block_inlines, iter_blocks, iter_inlines

logger = logging.getLogger(__name__)

# blocks that may follow the main text at the end of a document: end notes are placed before them
_BACK_MATTER = (Glossary, References, Appendix)


def reading_order(blocks: tuple[Block, ...], footnotes: Mapping[str, Footnote]) -> Iterator[Inline]:
    """Every inline of the body in reading order, a note's inlines at its first call."""
    seen: set[str] = set()

    def walk(nodes: Iterator[Inline]) -> Iterator[Inline]:
        for node in nodes:
            yield node
            if isinstance(node, FootnoteRef) and node.id not in seen and node.id in footnotes:
                seen.add(node.id)
                yield from walk(inline for block in footnotes[node.id].blocks
                                for inline in iter_block_inlines(block))

    yield from walk(inline for block in blocks for inline in iter_block_inlines(block))


# ------------------------------------------------------------------------------------------ end notes


def place_notes(footnotes: list[Footnote], meta: Meta, env: Mapping[str, object],
                state: BlockState) -> list[Footnote]:
    """The footnotes with their placement: all at the end with `notes: end`, else those defined inside
    a `::: notes` div."""
    lines: dict[str, int] = {}
    definitions = env.get(FOOTNOTE_DEFINITIONS, [])
    assert isinstance(definitions, list)
    for label, line in definitions:
        lines.setdefault(str(label), int(line))

    def at_end(note: Footnote) -> bool:
        line = lines.get(note.id)
        return meta.notes == "end" or (line is not None and any(start <= line < end
                                                                  for start, end in state.notes_ranges))

    return [replace(note, placement="end") if at_end(note) else note for note in footnotes]


def order_end_notes(blocks: tuple[Block, ...], footnotes: list[Footnote]) -> list[Footnote]:
    """Foot notes as they were, then the end notes in the order of their first call (uncalled ones last)."""
    called = [node.id for block in blocks for node in iter_block_inlines(block) if isinstance(node, FootnoteRef)]
    rank = {note_id: index for index, note_id in reversed(list(enumerate(called)))}
    foot = [note for note in footnotes if note.placement == "foot"]
    end = [note for note in footnotes if note.placement == "end"]
    end.sort(key=lambda note: rank.get(note.id, len(rank)))  # stable: uncalled ones keep source order
    return foot + end


def place_end_notes_section(blocks: tuple[Block, ...], footnotes: list[Footnote], path: str
                            ) -> tuple[Block, ...]:
    """`blocks` with an `EndNotes` block where the end notes are printed, when there are any and the
    source did not place them with `::: notes`: before the trailing glossary, references and appendices,
    and before a closing imprint. First the imprint's place is checked (`check_imprint_last`)."""
    check_imprint_last(blocks)
    if not any(note.placement == "end" for note in footnotes):
        return blocks
    if any(isinstance(block, EndNotes) for block in iter_blocks(blocks)):
        return blocks
    index = len(blocks)
    if blocks and _is_imprint(blocks[-1]):
        index -= 1  # the imprint closes the document, end notes or not
    while index > 0 and isinstance(blocks[index - 1], _BACK_MATTER):
        index -= 1
    # its place in the source: the block it stands before, else the last one (for errors about it)
    pos = blocks[min(index, len(blocks) - 1)].pos if blocks else SourcePos(path, 1)
    return (*blocks[:index], EndNotes(title="", pos=pos), *blocks[index:])


def _is_imprint(block: Block) -> bool:
    return isinstance(block, SignOff) and block.kind == "imprint"


def check_imprint_last(blocks: tuple[Block, ...]) -> None:
    """A SourceError at an imprint (`::: imprint`, 版记) that is not the document's last block, or the
    last block of the appendix that ends the document. GB/T 9704 §7.4 puts the imprint at the foot of
    the last page, and the PDF sets it there, at the foot of the page it falls on: anywhere else it
    would print over that page's text or notes."""
    closing: Block | None = blocks[-1] if blocks else None
    if isinstance(closing, Appendix):
        closing = closing.blocks[-1] if closing.blocks else None
    for block in iter_blocks(blocks):
        if _is_imprint(block) and block is not closing:
            raise SourceError("the imprint (`::: imprint`, 版记) must be the last block of the document",
                              block.pos, hint="move it to the end of the text, or of the last appendix "
                                              "when the document ends with appendices; a document has one")


# ------------------------------------------------------------------------------------------ citations


def order_references(blocks: tuple[Block, ...], footnotes: list[Footnote], references: list[Reference],
                     ctx: ReadContext) -> tuple[Reference, ...]:
    """Check every citation's keys and the list's keys; the list in first-citation order, then the rest."""
    known = unique_by_id(references, ctx, "reference key", "give each entry its own key")
    order: list[str] = []
    for node in reading_order(blocks, {note.id: note for note in footnotes}):
        if not isinstance(node, Citation):
            continue
        for key in node.keys:
            if key not in known:
                ctx.error(f"unknown reference [@{key}]", node.pos.line,
                          hint=f"add `{key}` and its entry to the `::: references` list, or fix the key"
                          if references else "add a `::: references` list with the entry")
            elif key not in order:
                order.append(key)
    for note in footnotes:  # a note never called is not in the reading order: its keys still must exist
        for node in (inline for block in note.blocks for inline in iter_block_inlines(block)):
            if isinstance(node, Citation):
                for key in node.keys:
                    if key not in known:
                        ctx.error(f"unknown reference [@{key}]", node.pos.line,
                                  hint="add it to the `::: references` list, or fix the key")
    uncited = [replace(entry, cited=False) for key, entry in known.items() if key not in order]
    warn_listed(logger, "references never cited", ((entry.pos, "reference %r is never cited; it is listed after "
                                                    "the cited ones", (entry.id,)) for entry in uncited))
    return tuple(known[key] for key in order) + tuple(uncited)


def check_calls_in_lists(entries: list[GlossaryEntry], references: list[Reference], ctx: ReadContext) -> None:
    """Refuse a citation in a glossary entry, and any call in a reference entry, each with its line."""
    for entry in entries:
        for node in glossary_entry_inlines(entry):
            if isinstance(node, Citation):
                ctx.error("a glossary entry cannot cite a reference", node.pos.line,
                          hint="cite it in the body where the term is used")
    for reference in references:
        for node in iter_inlines(reference.inlines):
            if isinstance(node, FootnoteRef | Citation | TermRef):
                ctx.error(f"reference {reference.id!r}: an entry of the reference list is text only, "
                          "without note calls, citations or term references", node.pos.line,
                          hint="remove the call; a reference entry cannot hold a note")


# ---------------------------------------------------------------------------------------- salutation


def front_salutation(blocks: tuple[Block, ...], meta: Meta, ctx: ReadContext) -> tuple[Block, ...]:
    """`blocks` opened by front matter `salutation:` (frontmatter.py checked it is text)."""
    value = meta.extra.get("salutation")
    if value is None:
        return blocks
    pos = meta.pos("salutation", ctx.path) or (blocks[0].pos if blocks else None)
    assert pos is not None  # the key has a line whenever the front matter gave it
    written = next((block for block in iter_blocks(blocks) if isinstance(block, Salutation)), None)
    if written is not None:
        ctx.error(f"a salutation in the front matter and another at line {written.pos.line}", pos.line,
                  hint="keep one of them")
    return (Salutation(inlines=(Text(text=str(value).strip(), pos=pos),), pos=pos), *blocks)
