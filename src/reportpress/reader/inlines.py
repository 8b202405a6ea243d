"""Inline syntax-tree nodes → model inlines (Text, Strong, Emphasis, Link, Image, LineBreak,
FootnoteRef, Citation, TermRef).

Inline tokens carry no `map`; a node's line is its block's first line plus the soft or hard line
breaks before it. A soft line break disappears between two CJK characters (a Chinese line wrapped in
the source is one line of text) and becomes a space elsewhere, as CommonMark renders it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from markdown_it.tree import SyntaxTreeNode

from reportpress.model import (
    Citation,
    Emphasis,
    FootnoteRef,
    Image,
    Inline,
    LineBreak,
    Link,
    SourcePos,
    Strong,
    TermRef,
    Text,
    plain_text,
)
from reportpress.reader.context import ReadContext
from reportpress.reader.limits import MAX_NAME_BYTES, control_error
from reportpress.reader.plugins import (
    LABEL_HINT,
    MAX_LABEL,
    SALUTATION_CLASS,
    TERM_CLASS,
    inline_note_id,
    label_error,
)
from reportpress.walk import iter_inlines

LINK_SCHEMES = {"http", "https", "mailto"}
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c-\u201d\u2018-\u2019\u2014\u2026]")
_SOFT_BREAK = "\n"  # placeholder until the neighbours are known


class _Cursor:
    """The current line while the inlines of one block are read."""

    def __init__(self, line: int) -> None:
        self.line = line


InlineReader = Callable[[SyntaxTreeNode, ReadContext, _Cursor], list[Inline]]


def read_inlines(inline: SyntaxTreeNode, ctx: ReadContext, line: int) -> tuple[Inline, ...]:
    """The model inlines of an `inline` node whose block starts at 1-based `line`."""
    return _join_texts(_read_children(inline, ctx, _Cursor(line)))


def read_inline_lines(inline: SyntaxTreeNode, ctx: ReadContext, line: int) -> list[tuple[Inline, ...]]:
    """The inlines of `inline` cut into its source lines (at its soft and hard line breaks), each line
    trimmed and the empty ones left out: the printed lines of a sign-off."""
    cursor = _Cursor(line)
    lines: list[list[Inline]] = [[]]
    for child in inline.children:
        if child.type in ("softbreak", "hardbreak"):
            cursor.line += 1
            lines.append([])
            continue
        reader = INLINE_READERS.get(child.type)
        if reader is None:
            ctx.error(f"`{child.type}` is not supported in a reportpress source", cursor.line)
            continue
        lines[-1].extend(reader(child, ctx, cursor))
    result = []
    for nodes in lines:
        joined = list(_join_texts(nodes))
        if joined and isinstance(joined[0], Text):
            joined[0] = Text(text=joined[0].text.lstrip(), pos=joined[0].pos)
        if joined and isinstance(joined[-1], Text):
            joined[-1] = Text(text=joined[-1].text.rstrip(), pos=joined[-1].pos)
        joined = [node for node in joined if not (isinstance(node, Text) and not node.text)]
        if joined:
            result.append(tuple(joined))
    return result


def _read_children(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    result: list[Inline] = []
    for child in node.children:
        reader = INLINE_READERS.get(child.type)
        if reader is None:
            ctx.error(f"`{child.type}` is not supported in a reportpress source", cursor.line)
            continue
        result.extend(reader(child, ctx, cursor))
    return result


def _read_text(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    # limits.check_characters saw the source, but a character reference (`&#x2028;`, `&#12;`, `&#13;`)
    # becomes its character only here
    error = control_error(node.content, ctx.pos(cursor.line), what="a character reference")
    if error is not None:
        # the reading goes on with the text as written (no document is made): dropped, it left a footnote,
        # a salutation or a term reference empty, and the one mistake was reported twice
        ctx.error(error.message, cursor.line, hint=error.hint)
    return [Text(text=node.content, pos=ctx.pos(cursor.line))] if node.content else []


def _read_softbreak(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    cursor.line += 1
    return [Text(text=_SOFT_BREAK, pos=ctx.pos(cursor.line))]


def _read_hardbreak(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    cursor.line += 1
    return [LineBreak(pos=ctx.pos(cursor.line - 1))]


def _read_strong(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    line = cursor.line
    return [Strong(inlines=_join_texts(_read_children(node, ctx, cursor)), pos=ctx.pos(line))]


def _read_emphasis(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    line = cursor.line
    return [Emphasis(inlines=_join_texts(_read_children(node, ctx, cursor)), pos=ctx.pos(line))]


def _read_link(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    line = cursor.line
    url = str(node.attrs.get("href", ""))
    children = _join_texts(_read_children(node, ctx, cursor))
    scheme = urlsplit(url).scheme.lower()
    if not url.startswith("#") and scheme not in LINK_SCHEMES:
        ctx.error(f"link to {url!r}: only http, https and mailto links are allowed", line,
                  hint="a report's links must work for its readers, not point into this machine")
        return list(children)
    return [Link(inlines=children, url=url, pos=ctx.pos(line))]


def _read_image(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    # markdown-it percent-encodes the destination (`图表.png` → `%E5%9B%BE…`); the model holds the file's
    # real name, as Pandoc reads a local image's URL, so `%2F..` is decoded before it is checked below
    written = str(node.attrs.get("src", ""))
    src = unquote(written)
    children = _join_texts(_read_children(node, ctx, cursor))
    alt = plain_text(children)
    # the alternative text (a figure's caption) is plain text in both writers: a note called from it was
    # dropped, and then warned of as never called, or never cited
    if any(isinstance(child, FootnoteRef | Citation) for child in iter_inlines(children)):
        ctx.error("a picture's text (its caption) cannot call a note or cite a reference", cursor.line,
                  hint="make the call in the paragraph before or after the picture")
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("/") or ".." in src.replace("\\", "/").split("/"):
        ctx.error(f"image {src!r}: an image must be a file inside the source's folder", cursor.line,
                  hint="copy it next to the source and write a relative path such as images/chart.png")
        return []
    problem = _file_name_problem(src)
    if problem:
        ctx.error(f"image {src!r}: {problem}", cursor.line, hint="rename the file")
        return []
    return [Image(src=src, alt=alt, pos=ctx.pos(cursor.line))]


def _file_name_problem(src: str) -> str:
    """Why `src` cannot name a file on any system we build on, or ''."""
    if not src:
        return "no file name"
    if control_error(src, SourcePos("", 1)) is not None:
        return "a file name cannot hold control characters"
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in src.split("/")):
        return f"a file or folder name is longer than {MAX_NAME_BYTES} bytes"
    return ""


def _read_code(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    return [Text(text=node.content, pos=ctx.pos(cursor.line))]


def _read_footnote_ref(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    if "label" not in node.meta:  # an inline note `^[…]`: its body is a footnote of its own
        return [FootnoteRef(id=inline_note_id(node.meta["id"]), pos=ctx.pos(cursor.line))]
    label = str(node.meta["label"])
    if len(label) > MAX_LABEL:
        ctx.error(label_error(label), cursor.line, hint=LABEL_HINT)
        return []
    # parser.py sets always_match_refs=True, so an undefined [^x] reaches this check instead of staying text
    if label not in ctx.footnote_labels:
        ctx.error(f"unknown footnote [^{label}]", cursor.line,
                  hint=f"define it with a line `[^{label}]: text`, or remove the reference")
        return []
    return [FootnoteRef(id=label, pos=ctx.pos(cursor.line))]


def _read_citation(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    line = cursor.line
    cursor.line += node.content.count("\n")  # `[@a;\n@b]`: the keys may be on two lines
    problem = str(node.meta.get("problem", ""))
    if problem:
        ctx.error(f"citation {node.content[:60]}: {problem}", line,
                  hint="cite as [@key] or [@a; @b]; write \\[@ to keep a bracket and an @ as text")
        return []
    return [Citation(keys=tuple(str(key) for key in node.meta["keys"]), pos=ctx.pos(line))]


def _read_span(node: SyntaxTreeNode, ctx: ReadContext, cursor: _Cursor) -> list[Inline]:
    line = cursor.line
    mark = ctx.recorded
    children = _join_texts(_read_children(node, ctx, cursor))
    classes = str(node.attrs.get("class", "")).split()
    if SALUTATION_CLASS in classes:  # blocks.py reads the span that is a whole paragraph
        ctx.error("a salutation span must be a paragraph of its own", line,
                  hint="write `[各位代表：]{.salutation}` alone on its line, with blank lines around it")
        return list(children)
    if TERM_CLASS not in classes or ctx.spoiled_since(mark):
        return list(children)  # a span of another class only groups text; a refused term names none
    ref = str(node.attrs.get("ref", "")).strip()
    term_id = ref or term_id_from_text(plain_text(children))
    if not term_id:
        ctx.error("empty term reference", line, hint="write [term]{.term} or [shown text]{.term ref=ID}")
        return list(children)
    return [TermRef(term_id=term_id, inlines=children, pos=ctx.pos(line))]


def term_id_from_text(text: str) -> str:
    """A term's id from its text: trimmed, one enclosing “…” pair removed (`“合议核准制”` → `合议核准制`)."""
    text = " ".join(text.split())
    inner = text[1:-1]
    if len(text) > 2 and text[0] == "“" and text[-1] == "”" and "“" not in inner and "”" not in inner:
        return inner
    return text


def _join_texts(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Merge neighbouring Text nodes and resolve soft breaks: nothing between CJK, else a space.

    Linear in the paragraph's size: a long paragraph of many short runs (`**甲**乙` on 8,000 lines)
    took a minute when each soft break looked at all the text before it.
    """
    merged: list[Inline] = []
    run: list[Text] = []
    for node in [*nodes, None]:
        if isinstance(node, Text):
            run.append(node)
            continue
        if run:
            merged.append(Text(text="".join(text.text for text in run), pos=run[0].pos))
            run = []
        if node is not None:
            merged.append(node)
    result: list[Inline] = []
    for index, node in enumerate(merged):
        if isinstance(node, Text) and _SOFT_BREAK in node.text:
            before = _edge_text(merged, index, step=-1)
            after = _edge_text(merged, index, step=1)
            node = Text(text=_resolve_soft_breaks(node.text, before, after), pos=node.pos)
            if not node.text:
                continue
        result.append(node)
    return tuple(result)


def _edge_text(nodes: list[Inline], index: int, *, step: int) -> str:
    """The character next to `nodes[index]`: the last one before it (step -1) or the first after it."""
    index += step
    while 0 <= index < len(nodes):
        text = plain_text((nodes[index],))
        if text:
            return text[-1] if step < 0 else text[0]
        index += step
    return ""


def _resolve_soft_breaks(text: str, before: str, after: str) -> str:
    pieces = text.split(_SOFT_BREAK)
    parts = [pieces[0]]  # joined once at the end: growing one string would copy it at every break
    for index, piece in enumerate(pieces[1:], start=1):
        left = (_last_char(parts) or before).strip()
        right = (piece[:1] or (after if index == len(pieces) - 1 else "")).strip()
        cjk = bool(left and _CJK.match(left)) or bool(right and _CJK.match(right))
        while parts and not parts[-1].rstrip():
            parts.pop()
        if parts:
            parts[-1] = parts[-1].rstrip()
        parts += ["" if cjk else " ", piece.lstrip()]
    return "".join(parts)


def _last_char(parts: list[str]) -> str:
    return next((part[-1] for part in reversed(parts) if part), "")


INLINE_READERS: dict[str, InlineReader] = {
    "text": _read_text,
    "softbreak": _read_softbreak,
    "hardbreak": _read_hardbreak,
    "strong": _read_strong,
    "em": _read_emphasis,
    "link": _read_link,
    "image": _read_image,
    "code_inline": _read_code,
    "footnote_ref": _read_footnote_ref,
    "span": _read_span,
    "citation": _read_citation,
}
