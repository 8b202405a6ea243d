"""Walking the document model: every inline of a block, and a block with its inlines changed.

One walker for the reader's passes, the resource finder and the tests, so that a new block type is
taught here once (`typing.assert_never` points at this module when one is added to `model.Block`).
The walkers go into a note's call, never into the note (a note's blocks are `Document.footnotes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import assert_never

from reportpress.model import (
    Appendix,
    Block,
    Citation,
    Emphasis,
    EndNotes,
    FootnoteRef,
    Glossary,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    References,
    Salutation,
    SignOff,
    Strong,
    Table,
    TermRef,
    Text,
)

InlineChange = Callable[[Inline], tuple[Inline, ...]]


def map_inlines(inlines: tuple[Inline, ...], change: InlineChange) -> tuple[Inline, ...]:
    """Apply `change` to every inline, depth first (children before their parent is rebuilt)."""
    result: list[Inline] = []
    for node in inlines:
        match node:
            case Strong() | Emphasis() | Link() | TermRef():
                node = replace(node, inlines=map_inlines(node.inlines, change))
            case Text() | Image() | LineBreak() | FootnoteRef() | Citation():
                pass
            case _:
                assert_never(node)
        result.extend(change(node))
    return tuple(result)


def map_block_inlines(block: Block, change: InlineChange) -> Block:
    """`block` with `change` applied to every inline in it (lead, appendix title included), depth first."""
    match block:
        case Heading() | Salutation():
            return replace(block, inlines=map_inlines(block.inlines, change))
        case Paragraph():
            return replace(block, lead=map_inlines(block.lead, change),
                           inlines=map_inlines(block.inlines, change))
        case ListBlock():
            return replace(block, items=tuple(tuple(map_block_inlines(b, change) for b in item)
                                              for item in block.items))
        case Quote():
            return replace(block, blocks=tuple(map_block_inlines(b, change) for b in block.blocks))
        case Appendix():
            return replace(block, title=map_inlines(block.title, change),
                           blocks=tuple(map_block_inlines(b, change) for b in block.blocks))
        case Table():
            def rows(table_rows: tuple[tuple[tuple[Inline, ...], ...], ...]
                     ) -> tuple[tuple[tuple[Inline, ...], ...], ...]:
                return tuple(tuple(map_inlines(cell, change) for cell in row) for row in table_rows)
            return replace(block, head=rows(block.head), body=rows(block.body))
        case SignOff():
            return replace(block, lines=tuple(map_inlines(line, change) for line in block.lines))
        case Glossary() | EndNotes() | References():
            return block
        case _:
            assert_never(block)


def iter_inlines(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    for node in inlines:
        yield node
        match node:
            case Strong() | Emphasis() | Link() | TermRef():
                yield from iter_inlines(node.inlines)


def iter_block_inlines(block: Block) -> Iterator[Inline]:
    """Every inline of `block` in reading order (a paragraph's lead first, an appendix's title first)."""
    match block:
        case Heading() | Salutation():
            yield from iter_inlines(block.inlines)
        case Paragraph():
            yield from iter_inlines(block.lead)
            yield from iter_inlines(block.inlines)
        case ListBlock():
            for item in block.items:
                for child in item:
                    yield from iter_block_inlines(child)
        case Quote():
            for child in block.blocks:
                yield from iter_block_inlines(child)
        case Appendix():
            yield from iter_inlines(block.title)
            for child in block.blocks:
                yield from iter_block_inlines(child)
        case Table():
            for row in block.head + block.body:
                for cell in row:
                    yield from iter_inlines(cell)
        case SignOff():
            for line in block.lines:
                yield from iter_inlines(line)
        case Glossary() | EndNotes() | References():
            return
        case _:
            assert_never(block)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, nested ones (list items, quotes, appendices) after their container."""
    for block in blocks:
        yield block
        match block:
            case ListBlock():
                for item in block.items:
                    yield from iter_blocks(item)
            case Quote() | Appendix():
                yield from iter_blocks(block.blocks)


def block_lists(blocks: tuple[Block, ...]) -> Iterator[tuple[Block, ...]]:
    """`blocks` and every list of sibling blocks inside them (list items, quotes, appendices), as
    `iter_blocks` nests: for a rule that looks at a block's neighbours (a table's caption above it)."""
    yield blocks
    for block in blocks:
        match block:
            case ListBlock():
                for item in block.items:
                    yield from block_lists(item)
            case Quote() | Appendix():
                yield from block_lists(block.blocks)


def pictures_only(inlines: tuple[Inline, ...]) -> bool:
    """True for a paragraph of pictures and nothing else (white space and line breaks aside): both writers
    set it as a picture paragraph (no indent, centred, its own line height), not as text."""
    shown = [node for node in inlines
             if not isinstance(node, LineBreak) and not (isinstance(node, Text) and not node.text.strip())]
    return bool(shown) and all(isinstance(node, Image) for node in shown)
