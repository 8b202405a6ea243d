"""Which font role draws each character of a document, and where the source has it.

In: a `Document` and its `Layout`. Out: role → character → the source positions using it, for the
font-coverage check (`fonts.check_coverage`). The roles follow the layout's stylesheet
(`writers/html.py` + `style.css.j2`): title block (title, subtitle, author), headings by level, lead
sentences, body, notes (footnotes and glossary entries), folio. A front matter field's characters are
placed on its key's line (`Meta.lines`), or the source's first line when the model has none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import assert_never

from reportpress.layouts import Layout, Role
from reportpress.model import (
    Block,
    Document,
    Emphasis,
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
    SourcePos,
    Strong,
    Table,
    TermRef,
    Text,
)

RoleTexts = dict[Role, dict[str, list[SourcePos]]]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _add(texts: RoleTexts, role: Role, text: str, pos: SourcePos) -> None:
    chars = texts.setdefault(role, {})
    for char in text:
        if not char.isspace():
            chars.setdefault(char, []).append(pos)


def _inlines(texts: RoleTexts, role: Role, nodes: tuple[Inline, ...], document: Document) -> None:
    for node in nodes:
        match node:
            case Text(text=text, pos=pos):
                _add(texts, role, text, pos)
            case Strong(inlines=children) | Emphasis(inlines=children) | Link(inlines=children):
                _inlines(texts, role, children, document)
            case TermRef(inlines=children, anchor=anchor, term_id=term_id, pos=pos):
                _inlines(texts, role, children, document)
                if anchor:
                    _add(texts, role, str(document.endnote_number(term_id)), pos)
            case FootnoteRef(id=note_id):
                _blocks(texts, "note", document.footnote(note_id).blocks, document)
            case Image() | LineBreak():
                pass
            case _:
                assert_never(node)


def _blocks(texts: RoleTexts, role: Role, blocks: tuple[Block, ...], document: Document) -> None:
    for block in blocks:
        match block:
            case Heading(level=level, inlines=inlines):
                heading: Role = ("heading1", "heading2", "heading3", "heading4")[level - 1]
                _inlines(texts, heading, inlines, document)
            case Paragraph(inlines=inlines, lead=lead):
                _inlines(texts, "lead" if role == "body" else role, lead, document)
                _inlines(texts, role, inlines, document)
            case ListBlock(items=items, start=start, pos=pos):
                _add(texts, role, "".join(str(start + n) for n in range(len(items))) + ".•", pos)
                for item in items:
                    _blocks(texts, role, item, document)
            case Table(head=head, body=body):
                for row in (*head, *body):
                    for cell in row:
                        _inlines(texts, role, cell, document)
            case Quote(blocks=children):
                _blocks(texts, role, children, document)
            case Glossary(title=title, pos=pos):
                _add(texts, "heading1", title or document.meta.glossary_title, pos)
                for number, entry in enumerate(document.glossary, start=1):
                    _add(texts, "note", f"{number}.：", entry.pos)
                    _inlines(texts, "note", entry.term, document)
                    _blocks(texts, "note", entry.definition, document)
            case _:
                assert_never(block)


def role_texts(document: Document, layout: Layout) -> RoleTexts:
    """Role → character → places, for every character the PDF of `document` draws."""
    texts: RoleTexts = defaultdict(dict)
    first = SourcePos(document.path, 1)
    meta = document.meta
    _add(texts, "title", meta.title, meta.pos("title", document.path) or first)
    _add(texts, "subtitle", meta.subtitle, meta.pos("subtitle", document.path) or first)
    _add(texts, "author", meta.author, meta.pos("author", document.path) or first)
    _blocks(texts, "body", document.blocks, document)
    if any(isinstance(block, Glossary) for block in document.blocks) is False and document.glossary:
        _add(texts, "heading1", meta.glossary_title or layout.notes.glossary_title, first)
    if document.footnotes and layout.notes.footnote_marker == "circled":
        markers = CIRCLED[: min(len(document.footnotes), len(CIRCLED))]
        _add(texts, "body", markers, document.footnotes[0].pos)
        _add(texts, "note", markers, document.footnotes[0].pos)
    _add(texts, "folio", layout.folio.format.replace("{n}", "0123456789"), first)
    return dict(texts)
