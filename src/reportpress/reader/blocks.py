"""Block syntax-tree nodes → model blocks (Heading, Paragraph with its lead, ListBlock, Table, Quote,
Glossary, Appendix, EndNotes, References, Salutation, SignOff), and the definition lists of the glossary
and the reference list → `GlossaryEntry` and `Reference` values.

The fenced divs (plugins.fenced_div_plugin) are checked here, each error with its line: a div never
closed or of an unknown class, a `:::` closing nothing, an appendix inside a list, a quote, a note, a
glossary entry or another appendix, an appendix without a title, an empty salutation or sign-off, a
`::: notes` holding more than footnote definitions and its heading, a reference list without entries.

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
    Appendix,
    Block,
    EndNotes,
    Glossary,
    GlossaryEntry,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Reference,
    References,
    Salutation,
    SignOff,
    Strong,
    Table,
    Text,
    plain_text,
)
from reportpress.reader.context import ReadContext
from reportpress.reader.inlines import read_inline_lines, read_inlines, term_id_from_text
from reportpress.reader.limits import MAX_NAME_BYTES
from reportpress.reader.plugins import (
    CITATION_KEY,
    DIV_CLASSES,
    DIV_PROBLEM,
    DIV_UNCLOSED,
    SALUTATION_CLASS,
    SOURCE_CELLS,
    STRAY_DIV_CLOSE,
    UNKNOWN_DIV,
)

LEAD_ENDINGS = ("。", "！", "？", "：", "；")
_ID_SUFFIX = re.compile(r"\s*\{#([^\s{}]+)\}\s*$")


@dataclass(slots=True)
class BlockState:
    """What reading the blocks collects besides the blocks themselves."""

    glossary_title: str
    glossary_entries: list[GlossaryEntry] = field(default_factory=list)
    glossary_seen: bool = False
    # what the blocks being read sit in, innermost last ("a list", "a quote", "an appendix", …)
    inside: list[str] = field(default_factory=list)
    appendix_count: int = 0
    appendix_heading_count: int = 0  # appendix headings are numbered apart: never body sections
    references: list[Reference] = field(default_factory=list)
    references_line: int = 0  # the line of the `::: references` div, 0 while none has been read
    notes_line: int = 0  # the same for `::: notes`
    # the 0-based line ranges [start, end) of `::: notes` divs: the footnotes defined there go at the end
    notes_ranges: list[tuple[int, int]] = field(default_factory=list)


BlockReader = Callable[[SyntaxTreeNode, ReadContext, BlockState], list[Block]]


def line_of(node: SyntaxTreeNode, fallback: int = 1) -> int:
    """The 1-based first line of a block node (tokens keep 0-based `map`)."""
    node_map = node.map
    return node_map[0] + 1 if node_map else fallback


def read_blocks(nodes: list[SyntaxTreeNode], ctx: ReadContext, state: BlockState) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for node in nodes:
        if node.meta.get(DIV_UNCLOSED):
            ctx.error(f"`::: {node.info}` is never closed", line_of(node),
                      hint="end the div with a line `:::`; a div inside a quote or list closes inside it")
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
    if "an appendix" in state.inside:
        state.appendix_heading_count += 1
        heading_id = f"app-{state.appendix_count}-sec-{state.appendix_heading_count}"
    else:
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
    span = _salutation_span(inline)
    if span is not None:  # `[各位代表：]{.salutation}` alone in its paragraph
        if not _top_level(node, ctx, state, "a salutation", in_appendix=False):
            return []
        mark = ctx.recorded
        return _salutation(read_inlines(span, ctx, line), ctx, line, mark)
    inlines = read_inlines(inline, ctx, line) if inline else ()
    if not inlines:
        return []
    lead, rest = split_lead(inlines)
    return [Paragraph(inlines=rest, lead=lead, pos=ctx.pos(line))]


def read_blocks_inside(nodes: list[SyntaxTreeNode], ctx: ReadContext, state: BlockState,
                       where: str) -> tuple[Block, ...]:
    """`read_blocks` of blocks that sit in `where` ("a list", "a footnote", …), for the checks of what
    may stand where (an appendix only at the top level)."""
    state.inside.append(where)
    try:
        return read_blocks(nodes, ctx, state)
    finally:
        state.inside.pop()


def _read_list(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    items = tuple(read_blocks_inside(item.children, ctx, state, "a list") for item in node.children)
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    return [ListBlock(items=items, ordered=node.type == "ordered_list", start=start,
                      pos=ctx.pos(line_of(node)))]


def _read_quote(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    return [Quote(blocks=read_blocks_inside(node.children, ctx, state, "a quote"), pos=ctx.pos(line_of(node)))]


def _read_table(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    head: list[tuple[tuple[Inline, ...], ...]] = []
    body: list[tuple[tuple[Inline, ...], ...]] = []
    aligns: tuple[str, ...] = ()
    for section in node.children:
        rows = head if section.type == "thead" else body
        for row in section.children:
            line = line_of(row, line_of(node))
            written = int(row.meta.get(SOURCE_CELLS, 0))
            if written > len(row.children):  # GFM ignores cells past the header's count: never lose them
                ctx.error(f"table row has {written} cells, the header {len(row.children)}", line,
                          hint="add a header cell or merge the text; write a `|` inside a cell as `\\|`")
            cells = []
            if not aligns:  # markdown-it writes the delimiter row's alignment on every cell of a column
                aligns = tuple(_cell_align(cell) for cell in row.children)
            for cell in row.children:
                inline = _inline_child(cell) or (cell if cell.type == "inline" else None)
                cells.append(read_inlines(inline, ctx, line) if inline else ())
            rows.append(tuple(cells))
    return [Table(head=tuple(head), body=tuple(body), aligns=aligns, pos=ctx.pos(line_of(node)))]


_ALIGNS = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}


def _cell_align(cell: SyntaxTreeNode) -> str:
    return _ALIGNS.get(str(cell.attrs.get("style", "")), "")


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
    mark = ctx.recorded
    inlines = read_inlines(inline, ctx, line) if inline else ()
    if ctx.spoiled_since(mark):
        ctx.spoiled_entries.add(line)
    explicit_id = ""
    if inlines and isinstance(inlines[-1], Text):
        match = _ID_SUFFIX.search(inlines[-1].text)
        if match:
            explicit_id = match.group(1)
            trimmed = inlines[-1].text[: match.start()]
            inlines = inlines[:-1] + ((Text(text=trimmed, pos=inlines[-1].pos),) if trimmed else ())
    entry_id = explicit_id or term_id_from_text(plain_text(inlines))
    definition_blocks = read_blocks_inside(definition.children, ctx, state, "a glossary entry")
    return GlossaryEntry(id=entry_id, term=inlines, definition=definition_blocks, pos=ctx.pos(line))


# ----------------------------------------------------------------------------------- structure divs


def _top_level(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState, what: str,
               in_appendix: bool = True) -> bool:
    """Whether the div `what` stands where it may: at the top level (or directly in an appendix)."""
    allowed = ["an appendix"] if in_appendix else []
    if not state.inside or state.inside == allowed:
        return True
    ctx.error(f"{what} inside {state.inside[-1]}", line_of(node),
              hint=f"put {what} at the top level of the document, after the text it belongs to")
    return False


def _title_node(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    """The first heading directly inside a div: its title."""
    return next((child for child in node.children if child.type == "heading"), None)


def _read_appendix(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    if not _top_level(node, ctx, state, "an appendix", in_appendix=False):
        return []
    state.appendix_count += 1
    number = state.appendix_count
    label = str(node.attrs.get("label", "")).strip()
    title_node = _title_node(node)
    title: tuple[Inline, ...] = ()
    if title_node is not None:
        inline = _inline_child(title_node)
        title = read_inlines(inline, ctx, line_of(title_node, line)) if inline else ()
    state.appendix_heading_count = 0
    children = [child for child in node.children if child is not title_node]
    blocks = read_blocks_inside(children, ctx, state, "an appendix")
    if title_node is not None:
        # the appendix's heading is also the glossary's title: printed once, as the appendix's
        blocks = tuple(Glossary(title=plain_text(title), pos=block.pos) if isinstance(block, Glossary) else block
                       for block in blocks)
    elif not any(isinstance(block, Glossary) for block in blocks):
        ctx.error("an appendix without a title", line,
                  hint="begin the appendix with a heading such as `# 重点项目表`; only a glossary appendix "
                  "may go without (it takes the glossary's title)")
    return [Appendix(number=number, label=label, title=title, blocks=blocks, id=f"app-{number}",
                     pos=ctx.pos(line))]


def _read_notes(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    if not _top_level(node, ctx, state, "`::: notes`"):
        return []
    if state.notes_line:
        ctx.error(f"a second `::: notes` (the first is at line {state.notes_line})", line,
                  hint="collect the end notes in one `::: notes` div")
        return []
    state.notes_line = line
    node_map = node.map or [line - 1, line]
    state.notes_ranges.append((node_map[0], node_map[1]))
    title_node = _title_node(node)
    for child in node.children:
        if child is not title_node:
            ctx.error("`::: notes` holds only footnote definitions (`[^1]: text`) and one heading",
                      line_of(child, line), hint="move the other text out of the div")
    title = ""
    if title_node is not None:
        inline = _inline_child(title_node)
        title = plain_text(read_inlines(inline, ctx, line_of(title_node, line))) if inline else ""
    return [EndNotes(title=title.strip(), pos=ctx.pos(line))]


def _read_references(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    if not _top_level(node, ctx, state, "`::: references`"):
        return []
    if state.references_line:
        ctx.error(f"a second `::: references` (the first is at line {state.references_line})", line,
                  hint="a document has one reference list: merge the two")
        return []
    state.references_line = line
    title_node = _title_node(node)
    title = ""
    if title_node is not None:
        inline = _inline_child(title_node)
        title = plain_text(read_inlines(inline, ctx, line_of(title_node, line))) if inline else ""
    found = 0
    for child in node.children:
        if child is title_node:
            continue
        if child.type != "dl":
            ctx.error("a reference list holds a definition list (a key line, then `: entry text`) and "
                      "one heading", line_of(child, line))
            continue
        for key_node, entry_node in _definition_pairs(child):
            found += 1
            reference = _read_reference(key_node, entry_node, ctx, state)
            if reference is not None:
                state.references.append(reference)
    if not found:
        ctx.error("`::: references` without entries", line,
                  hint="write each entry as its key on a line, then `: the entry text` on the next")
    return [References(title=title.strip(), pos=ctx.pos(line))]


def _definition_pairs(node: SyntaxTreeNode) -> list[tuple[SyntaxTreeNode, SyntaxTreeNode]]:
    pairs: list[tuple[SyntaxTreeNode, SyntaxTreeNode]] = []
    term: SyntaxTreeNode | None = None
    for child in node.children:
        if child.type == "dt":
            term = child
        elif child.type == "dd" and term is not None:
            pairs.append((term, child))
            term = None
    return pairs


def _read_reference(key_node: SyntaxTreeNode, entry: SyntaxTreeNode, ctx: ReadContext,
                    state: BlockState) -> Reference | None:
    line = line_of(key_node)
    inline = _inline_child(key_node)
    key = inline.content.strip() if inline else ""
    key = key.removeprefix("@")
    if not CITATION_KEY.fullmatch(key) or len(key.encode("utf-8")) > MAX_NAME_BYTES:
        ctx.error(f"reference key {key[:40]!r}: a key is letters, digits and :.#$%&+?<>~/-_, at most "
                  f"{MAX_NAME_BYTES} bytes", line, hint="cite it as [@KEY]")
        return None
    paragraphs = [child for child in entry.children if child.type == "paragraph"]
    if len(paragraphs) != 1 or len(entry.children) != 1:
        ctx.error(f"reference {key!r}: an entry is one paragraph of text", line_of(entry, line),
                  hint="write the whole GB/T 7714 entry on the `: ` line")
        return None
    text_node = _inline_child(paragraphs[0])
    inlines = read_inlines(text_node, ctx, line_of(paragraphs[0], line)) if text_node else ()
    return Reference(id=key, inlines=inlines, pos=ctx.pos(line))


def _salutation_span(inline: SyntaxTreeNode | None) -> SyntaxTreeNode | None:
    """The `[…]{.salutation}` span that is the whole of a paragraph's inline node, if it is."""
    if inline is None:
        return None
    children = [child for child in inline.children if not (child.type == "text" and not child.content.strip())]
    if len(children) == 1 and children[0].type == "span" and \
            SALUTATION_CLASS in str(children[0].attrs.get("class", "")).split():
        return children[0]
    return None


def _salutation(inlines: tuple[Inline, ...], ctx: ReadContext, line: int, mark: int) -> list[Block]:
    """A salutation of `inlines` (read since `mark`: see `ReadContext.spoiled_since`)."""
    if ctx.spoiled_since(mark):
        return []
    if not plain_text(inlines).strip():
        ctx.error("an empty salutation", line, hint="write the salutation, such as 各位代表：")
        return []
    return [Salutation(inlines=inlines, pos=ctx.pos(line))]


def _read_salutation_div(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    if not _top_level(node, ctx, state, "a salutation", in_appendix=False):
        return []  # in a list or a quote the writers could not set it as one
    if len(node.children) != 1 or node.children[0].type != "paragraph":
        ctx.error("`::: salutation` holds one paragraph", line, hint="write it as `::: salutation`, the "
                  "salutation on the next line, then `:::`")
        return []
    inline = _inline_child(node.children[0])
    mark = ctx.recorded
    return _salutation(read_inlines(inline, ctx, line_of(node.children[0], line)) if inline else (), ctx, line,
                       mark)


def _read_signoff(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    line = line_of(node)
    kind: Literal["signoff", "imprint"] = "imprint" if node.type == "container_imprint" else "signoff"
    if not _top_level(node, ctx, state, f"a `::: {kind}`"):
        return []
    lines: list[tuple[Inline, ...]] = []
    mark = ctx.recorded
    for child in node.children:
        if child.type != "paragraph":
            ctx.error(f"`::: {kind}` holds lines of text only (one printed line each)", line_of(child, line),
                      hint="write the organisation and the date on lines of their own")
            continue
        inline = _inline_child(child)
        if inline is not None:
            lines.extend(read_inline_lines(inline, ctx, line_of(child, line)))
    if ctx.spoiled_since(mark):
        return []
    if not any(plain_text(printed).strip() for printed in lines):
        ctx.error(f"an empty `::: {kind}`", line, hint="write its lines, such as the organisation and the date")
        return []
    return [SignOff(lines=tuple(lines), kind=kind, pos=ctx.pos(line))]


def _read_unknown_div(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    problem = node.meta.get(DIV_PROBLEM, "")
    known = ", ".join(DIV_CLASSES)
    ctx.error(f"`::: {node.info}`: {problem}", line_of(node),
              hint=f"a div is `::: NAME` or `::: {{.NAME key=\"value\"}}`, NAME one of {known}")
    return []


def _read_stray_close(node: SyntaxTreeNode, ctx: ReadContext, state: BlockState) -> list[Block]:
    ctx.error("a `:::` that closes no div", line_of(node),
              hint="remove it, or open the div with `::: NAME` above it")
    return []


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
    "container_appendix": _read_appendix,
    "container_notes": _read_notes,
    "container_references": _read_references,
    "container_salutation": _read_salutation_div,
    "container_signoff": _read_signoff,
    "container_imprint": _read_signoff,
    UNKNOWN_DIV: _read_unknown_div,
    STRAY_DIV_CLOSE: _read_stray_close,
    "front_matter": _read_nothing,
    "footnote_block": _read_nothing,
}
