"""Block syntax-tree nodes → model blocks (Heading, Paragraph with its lead, ListBlock, Table, Quote,
Glossary), and the glossary's definition list → `GlossaryEntry` values.

A paragraph whose first inline is bold and ends a sentence (`**产业结构调整优化。**围绕…`) has that bold
sentence as its run-in lead (DESIGN §3): the bold-led paragraphs of a work report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, cast

from markdown_it.tree import SyntaxTreeNode

from reportpress.model import (
    Block,
    Glossary,
    GlossaryEntry,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
    plain_text,
)
from reportpress.reader.context import ReadContext
from reportpress.reader.inlines import read_inlines, term_id_from_text
from reportpress.reader.plugins import SOURCE_CELLS

LEAD_ENDINGS = ("。", "！", "？", "：", "；")
_ID_SUFFIX = re.compile(r"\s*\{#([^\s{}]+)\}\s*$")


@dataclass(slots=True)
class BlockState:
    """What reading the blocks collects besides the blocks themselves."""

    glossary_title: str
    glossary_entries: list[GlossaryEntry] = field(default_factory=list)
    glossary_seen: bool = False


BlockReader = Callable[[SyntaxTreeNode, ReadContext, BlockState], list[Block]]


def line_of(node: SyntaxTreeNode, fallback: int = 1) -> int:
    """The 1-based first line of a block node (tokens keep 0-based `map`)."""
    node_map = node.map
    return node_map[0] + 1 if node_map else fallback


def read_blocks(nodes: list[SyntaxTreeNode], ctx: ReadContext, state: BlockState) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for node in nodes:
        reader = BLOCK_READERS.get(node.type)
        if reader is None:
            ctx.error(f"`{node.type}` is not supported in a reportpress source", line_of(node),
                      hint="see the source format in README.md")
            continue
        blocks.extend(reader(node, ctx, state))
    return tuple(blocks)


def _inline_child(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    return next((child for child in node.children if child.type == "inline"), None)


def _read_heading(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    level = int(node.tag[1:])
    if level > 4:
        ctx.error(f"heading level {level}: reports have levels 1 to 4 (# to ####)", line)
        level = 4
    inline = _inline_child(node)
    inlines = read_inlines(inline, ctx, line) if inline else ()
    ctx.heading_count += 1
    heading_id = f"sec-{ctx.heading_count}"
    return [Heading(level=cast(Literal[1, 2, 3, 4], level), inlines=inlines, id=heading_id, pos=ctx.pos(line))]


def split_lead(inlines: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """(lead, rest): the paragraph's opening bold sentence, if it has one, and what follows it."""
    if not inlines or not isinstance(inlines[0], Strong):
        return (), inlines
    lead = inlines[0].inlines
    if not plain_text(lead).rstrip().endswith(LEAD_ENDINGS) or len(inlines) == 1:
        return (), inlines
    return lead, inlines[1:]


def _read_paragraph(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    inline = _inline_child(node)
    inlines = read_inlines(inline, ctx, line) if inline else ()
    if not inlines:
        return []
    lead, rest = split_lead(inlines)
    return [Paragraph(inlines=rest, lead=lead, pos=ctx.pos(line))]


def _read_list(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    items = tuple(read_blocks(item.children, ctx, state) for item in node.children)
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    return [ListBlock(items=items, ordered=node.type == "ordered_list", start=start,
                      pos=ctx.pos(line_of(node)))]


def _read_quote(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    return [Quote(blocks=read_blocks(node.children, ctx, state), pos=ctx.pos(line_of(node)))]


def _read_table(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    head: list[tuple[tuple[Inline, ...], ...]] = []
    body: list[tuple[tuple[Inline, ...], ...]] = []
    for section in node.children:
        rows = head if section.type == "thead" else body
        for row in section.children:
            line = line_of(row, line_of(node))
            written = int(row.meta.get(SOURCE_CELLS, 0))
            if written > len(row.children):  # GFM ignores cells past the header's count: never lose them
                ctx.error(f"table row has {written} cells, the header {len(row.children)}", line,
                          hint="add a header cell or merge the text; write a `|` inside a cell as `\\|`")
            cells = []
            for cell in row.children:
                inline = _inline_child(cell) or (cell if cell.type == "inline" else None)
                cells.append(read_inlines(inline, ctx, line) if inline else ())
            rows.append(tuple(cells))
    return [Table(head=tuple(head), body=tuple(body), pos=ctx.pos(line_of(node)))]


def _read_code_block(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    text = node.content.rstrip("\n")
    return [Paragraph(inlines=(Text(text=text, pos=ctx.pos(line)),), pos=ctx.pos(line))] if text else []


def _read_glossary(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    if state.glossary_seen:
        ctx.error("a second `::: glossary`: a document has one glossary", line,
                  hint="merge the two definition lists into one")
        return []
    state.glossary_seen = True
    for child in node.children:
        if child.type != "dl":
            ctx.error("a glossary holds only a definition list (a term line, then `: definition`)",
                      line_of(child, line))
            continue
        state.glossary_entries.extend(_read_definition_list(child, ctx, state))
    return [Glossary(title=state.glossary_title, pos=ctx.pos(line))]


def _read_definition_list(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[GlossaryEntry]:
    entries: list[GlossaryEntry] = []
    term: SyntaxTreeNode | None = None
    for child in node.children:
        if child.type == "dt":
            term = child
        elif child.type == "dd" and term is not None:
            entries.append(_read_entry(term, child, ctx, state))
            term = None
    return entries


def _read_entry(term: SyntaxTreeNode, definition: SyntaxTreeNode, ctx: ReadContext,
                state: BlockState) -> GlossaryEntry:
    line = line_of(term)
    inline = _inline_child(term)
    inlines = read_inlines(inline, ctx, line) if inline else ()
    explicit_id = ""
    if inlines and isinstance(inlines[-1], Text):
        match = _ID_SUFFIX.search(inlines[-1].text)
        if match:
            explicit_id = match.group(1)
            trimmed = inlines[-1].text[: match.start()]
            inlines = inlines[:-1] + ((Text(text=trimmed, pos=inlines[-1].pos),) if trimmed else ())
    entry_id = explicit_id or term_id_from_text(plain_text(inlines))
    return GlossaryEntry(id=entry_id, term=inlines, definition=read_blocks(definition.children, ctx, state),
                         pos=ctx.pos(line))


def _read_nothing(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    return []  # front matter and footnote definitions are read on their own (reader/__init__.py)


BLOCK_READERS: dict[str, BlockReader] = {
    "heading": _read_heading,
    "paragraph": _read_paragraph,
    "bullet_list": _read_list,
    "ordered_list": _read_list,
    "blockquote": _read_quote,
    "table": _read_table,
    "code_block": _read_code_block,
    "fence": _read_code_block,
    "container_glossary": _read_glossary,
    "front_matter": _read_nothing,
    "footnote_block": _read_nothing,
}
