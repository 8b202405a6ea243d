"""Which font role draws each character of a document, and where the source has it.

In: a `Document` and its `Layout`. Out: role → character → the source positions using it, for the
font-coverage check (`fonts.check_coverage`). Which role sets what is `layouts.ELEMENT_ROLES`, the
table the DOCX styles read too; the roles follow the layout's stylesheet
(`writers/html.py` + `style.css.j2`): title block (title, subtitle, author), headings by level, lead
sentences, body (the salutation and the sign-off too), notes (footnotes, end notes, glossary entries,
the reference list; their section titles in heading1, as the glossary's), folio; an appendix's label
in heading1, its title in the title role; the cover's document label in `label`; emphasis in `emphasis`
when `[styles] emphasis` is "font". A note's or a citation's call mark is in the role of the text it sits
in. A front matter field's characters are placed on its key's line (`Meta.lines`), or the source's first
line when the model has none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import assert_never

from reportpress import resolve
from reportpress.layouts import ELEMENT_ROLES, Layout, Role, heading_role
from reportpress.model import (
    Appendix,
    Block,
    Citation,
    Document,
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
    SourcePos,
    Strong,
    Table,
    TermRef,
    Text,
)
from reportpress.typeset.chars import CIRCLED
from reportpress.walk import iter_blocks

RoleTexts = dict[Role, dict[str, list[SourcePos]]]
BODY, NOTE = ELEMENT_ROLES["body"], ELEMENT_ROLES["note"]
NOTES_TITLE, APPENDIX_TITLE = ELEMENT_ROLES["notes_title"], ELEMENT_ROLES["appendix_title"]


def _add(texts: RoleTexts, role: Role, text: str, pos: SourcePos) -> None:
    chars = texts.setdefault(role, {})
    for char in text:
        if not char.isspace():
            chars.setdefault(char, []).append(pos)


class _Walk:
    """One document's walk: the document and its layout, which decide numbers, marks and titles."""

    def __init__(self, document: Document, layout: Layout, texts: RoleTexts) -> None:
        self.document = document
        self.layout = layout
        self.texts = texts

    def inlines(self, role: Role, nodes: tuple[Inline, ...]) -> None:
        document, texts = self.document, self.texts
        for node in nodes:
            match node:
                case Text(text=text, pos=pos):
                    _add(texts, role, text, pos)
                case Emphasis(inlines=children):
                    # `[styles] emphasis = "font"`: set in the face `Layout.emphasis_role` gives inside `role`
                    emphasis = self.layout.styles.emphasis == "font"
                    self.inlines(self.layout.emphasis_role(role) if emphasis else role, children)
                case Strong(inlines=children):
                    # bold, in body text and notes: the bold 仿宋 (`strong` in the stylesheet); elsewhere its own
                    bold = self.layout.styles.bold_strong and role in (BODY, NOTE)
                    self.inlines(ELEMENT_ROLES["strong"] if bold else role, children)
                case Link(inlines=children):
                    self.inlines(role, children)
                case TermRef(inlines=children, anchor=anchor, term_id=term_id, pos=pos):
                    self.inlines(role, children)
                    if anchor:
                        _add(texts, role, str(document.endnote_number(term_id)), pos)
                case FootnoteRef(id=note_id, pos=pos):
                    note = document.footnote(note_id)
                    if note.placement == "end":  # the call's mark, in the role of the text it sits in
                        _add(texts, role, self.end_note_mark(note_id), pos)
                    self.blocks(NOTE, note.blocks)
                case Citation(keys=keys, pos=pos):
                    _add(texts, role, resolve.citation_label(resolve.citation_numbers(document, keys)), pos)
                case Image() | LineBreak():
                    pass
                case _:
                    assert_never(node)

    def end_note_mark(self, note_id: str) -> str:
        marker = resolve.end_note_marker(self.document, self.layout)
        return resolve.end_note_mark(marker, self.document.end_note_number(note_id))

    def blocks(self, role: Role, blocks: tuple[Block, ...], in_appendix: bool = False) -> None:
        document, layout, texts = self.document, self.layout, self.texts
        for block in blocks:
            match block:
                case Heading(level=level, inlines=inlines):
                    self.inlines(heading_role(level), inlines)
                case Paragraph(inlines=inlines, lead=lead):
                    # a lead opening with （一） is a run-in level-2 heading, in heading2 (resolve.lead_kind)
                    self.inlines(ELEMENT_ROLES[resolve.lead_kind(lead)] if role in (BODY, NOTE) else role, lead)
                    self.inlines(role, inlines)
                case Salutation(inlines=inlines):
                    self.inlines(role, inlines)
                case SignOff(lines=lines):
                    for line in lines:
                        self.inlines(role, line)
                case ListBlock(items=items, start=start, pos=pos):
                    _add(texts, role, "".join(str(start + n) for n in range(len(items))) + ".•", pos)
                    for item in items:
                        self.blocks(role, item)
                case Table(head=head, body=body):
                    bold_head = self.layout.styles.bold_head  # in the bold 仿宋, as the stylesheet's `th`
                    for row in head:
                        for cell in row:
                            self.inlines(ELEMENT_ROLES["strong"] if bold_head and role in (BODY, NOTE) else role,
                                         cell)
                    for row in body:
                        for cell in row:
                            self.inlines(role, cell)
                case Quote(blocks=children):
                    self.blocks(role, children)
                case Glossary(pos=pos):
                    if not in_appendix:  # in an appendix, the appendix's label and title stand instead
                        _add(texts, NOTES_TITLE, resolve.glossary_title(document, block, layout), pos)
                    for number, entry in enumerate(document.glossary, start=1):
                        _add(texts, NOTE, f"{number}.．：", entry.pos)
                        self.inlines(NOTE, entry.term)
                        self.blocks(NOTE, entry.definition)
                case EndNotes(pos=pos):
                    _add(texts, NOTES_TITLE, resolve.end_notes_title(block, layout), pos)
                    for note in document.end_notes:
                        _add(texts, NOTE, self.end_note_mark(note.id), note.pos)
                        self.blocks(NOTE, note.blocks)
                case References(pos=pos):
                    _add(texts, NOTES_TITLE, resolve.references_title(block, layout), pos)
                    for number, reference in enumerate(document.references, start=1):
                        _add(texts, NOTE, f"[{number}]", reference.pos)
                        self.inlines(NOTE, reference.inlines)
                case Appendix(title=title, blocks=children, pos=pos):
                    _add(texts, ELEMENT_ROLES["appendix_label"], resolve.appendix_label(block, layout), pos)
                    glossary = next((child for child in children if isinstance(child, Glossary)), None)
                    if title or glossary is None:
                        self.inlines(APPENDIX_TITLE, title)
                    else:  # a glossary appendix without a heading: titled with the glossary's title
                        _add(texts, APPENDIX_TITLE, resolve.glossary_title(document, glossary, layout), pos)
                    self.blocks(role, children, in_appendix=True)
                case _:
                    assert_never(block)


def role_texts(document: Document, layout: Layout) -> RoleTexts:
    """Role → character → places, for every character the PDF of `document` draws."""
    texts: RoleTexts = defaultdict(dict)
    first = SourcePos(document.path, 1)
    meta = document.meta
    _add(texts, ELEMENT_ROLES["title"], meta.title, meta.pos("title", document.path) or first)
    _add(texts, ELEMENT_ROLES["subtitle"], meta.subtitle, meta.pos("subtitle", document.path) or first)
    _add(texts, ELEMENT_ROLES["author"], meta.author, meta.pos("author", document.path) or first)
    _add(texts, ELEMENT_ROLES["cover_label"], meta.label, meta.pos("label", document.path) or first)
    _Walk(document, layout, texts).blocks(BODY, document.blocks)
    if not any(isinstance(block, Glossary) for block in iter_blocks(document.blocks)) and document.glossary:
        _add(texts, NOTES_TITLE, meta.glossary_title or layout.notes.glossary_title, first)
    foot_notes = [note for note in document.footnotes if note.placement == "foot"]
    if foot_notes and layout.notes.footnote_marker == "circled":
        markers = CIRCLED[: min(len(foot_notes), len(CIRCLED))]
        _add(texts, BODY, markers, foot_notes[0].pos)
        _add(texts, NOTE, markers, foot_notes[0].pos)
    _add(texts, ELEMENT_ROLES["folio"], layout.folio.format.replace("{n}", "0123456789"), first)
    return dict(texts)
