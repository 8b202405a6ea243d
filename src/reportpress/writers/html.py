"""Document + Layout → one HTML string for WeasyPrint, through the layout's Jinja2 templates.

The layout's `document.html.j2` holds the page structure and `style.css.j2` the styles; both are filled
from the same `Layout` numbers the DOCX writer reads (DESIGN §5). Blocks and inlines are rendered here,
one `match` case per model node, as escaped `Markup`: Jinja2 runs with autoescape on, because source
text is untrusted.

A layout's templates are not trusted either (a project may come with the source): they render in
Jinja2's immutable sandbox, may read only attributes of the plain values reportpress hands them (no
paths, no Python internals), and are loaded only from their own layout folder (`LayoutLoader`). Every
failure, at load or at render, is a LayoutError at the template's file and line. Metadata reaches CSS
only through `css_string`.

Notes: a footnote's body is put in place inside a `float: footnote` span (inline content only: a nested
<p> would close the enclosing <p>); a glossary entry's endnote call is a numbered link to the entry in
the glossary section, and the entry links back to its call. End notes (`Footnote.placement == "end"`)
are called the same way (`en-call-N` → `en-N` and back) and listed where the `EndNotes` block stands;
a citation is a raised `[n]` linking to entry `ref-N` of the reference list, whose entries link back
to their first citation (`cite-N`). Every title, label and mark comes from `reportpress.resolve`, which
the DOCX writer asks too.

Appendices (GB/T 9704 §8) are sections that open a page; their PDF outline entry is their label and
title (`data-outline`, read by the stylesheet's `bookmark-label`), and their headings nest under it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
import signal
import string
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path, PurePath
from types import CodeType, FrameType
from typing import Any, assert_never

import jinja2
import jinja2.runtime
from jinja2 import nodes
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from reportpress import resolve
from reportpress.css import css_string
from reportpress.errors import LayoutError
from reportpress.layouts import ROLES, EndNoteMarker, Layout, Role, confined_layout_path, read_layout_file
from reportpress.model import (
    Appendix,
    Block,
    Citation,
    Document,
    Emphasis,
    EndNotes,
    Footnote,
    FootnoteRef,
    Glossary,
    GlossaryEntry,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Reference,
    References,
    Salutation,
    SignOff,
    Strong,
    Table,
    TermRef,
    Text,
    plain_text,
)
from reportpress.pictures import caption, lone_picture, picture_box
from reportpress.tables import head_cells, table_captions, table_size, whole, whole_columns, whole_rows
from reportpress.typeset.balance import (
    LEXICON,
    balanced_lines,
    break_lines,
    lines_to_html,
    role_measure,
)
from reportpress.typeset.balance import call_widths as balance_call_widths
from reportpress.typeset.chars import OPENING, WORD_JOINER, is_cjk_language
from reportpress.units import Length, Mm
from reportpress.walk import iter_inlines, pictures_only
from reportpress.writers.pdf.folio import folio_padding

DOCUMENT_TEMPLATE = "document.html.j2"
STYLE_TEMPLATE = "style.css.j2"


@dataclass(slots=True)
class HtmlContext:
    """What rendering one document needs besides the node at hand.

    `called` and `cited` record the end notes and references whose first call has been rendered: only
    that call carries the id an entry links back to (ids are unique). `listed` records the sections
    rendered once (`end-notes`, `references`), should a model hold their block twice.
    """

    document: Document
    layout: Layout
    marker: EndNoteMarker = "circled"
    called: set[int] = field(default_factory=set)
    cited: set[int] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)
    in_heading: bool = False  # a heading's text is copied into the PDF outline: nothing invisible in it
    footnotes: int = 0  # footnote bodies rendered so far: each has the id `footnote_id(n)`
    # the pictures' checked bytes by `Image.src` (the build's), which size a lone picture (`pictures`)
    images: Mapping[str, bytes] = field(default_factory=dict)
    nested: int = 0  # inside a list or a quote: a lone picture there keeps the line it is in
    # the paragraphs that are a table's caption or unit (`tables.table_captions`), by `id()`
    captions: Mapping[int, str] = field(default_factory=dict)


# the ids one writer makes and links to; the glossary's are older than the rest and kept for links into it
GLOSSARY_ID = "glossary"
END_NOTES_ID = "end-notes"
REFERENCES_ID = "references"
OUTLINE_SEPARATOR = "\u3000"  # `附件1　TITLE`, as the label and title are printed apart


def footnote_id(number: int) -> str:
    """The id of the `number`th footnote body in the document, in order (1-based)."""
    return f"fn-{number}"


def endnote_id(number: int) -> str:
    return f"endnote-{number}"


def endnote_ref_id(number: int) -> str:
    return f"endnote-ref-{number}"


def end_note_id(number: int) -> str:
    return f"en-{number}"


def end_note_call_id(number: int) -> str:
    return f"en-call-{number}"


def reference_id(number: int) -> str:
    return f"ref-{number}"


def citation_id(number: int) -> str:
    return f"cite-{number}"


# ------------------------------------------------------------------------------------------ inlines


def inlines_to_html(nodes: tuple[Inline, ...], ctx: HtmlContext) -> Markup:
    return Markup("").join(inline_to_html(node, ctx) for node in nodes)


def inline_to_html(node: Inline, ctx: HtmlContext) -> Markup:
    """Render one model inline as escaped HTML."""
    match node:
        case Text(text=text):
            return escape(text)
        case Strong(inlines=children):
            return Markup("<strong>%s</strong>") % inlines_to_html(children, ctx)
        case Emphasis(inlines=children):
            return Markup("<em>%s</em>") % inlines_to_html(children, ctx)
        case Link(inlines=children, url=url):
            return Markup('<a href="%s">%s</a>') % (url, inlines_to_html(children, ctx))
        case Image(src=src, alt=alt):
            return Markup('<img src="%s" alt="%s">') % (src, alt)
        case LineBreak():
            return Markup("<br>")
        case FootnoteRef(id=note_id):
            note = ctx.document.footnote(note_id)
            if note.placement == "end":
                return end_note_call_to_html(note, ctx)
            # The body goes in place; `float: footnote` moves it to the page foot.
            body = blocks_to_inline_html(note.blocks, ctx)
            ctx.footnotes += 1  # an id per body: the PDF writer finds each note's page by it (footnotes.py)
            # the call (`::footnote-call`) stands where the body does: glued there to the text before it
            return glue(ctx) + Markup('<span class="footnote" id="%s">%s</span>') % (footnote_id(ctx.footnotes),
                                                                                      body)
        case Citation(keys=keys):
            return citation_to_html(keys, ctx)
        case TermRef(term_id=term_id, inlines=children, anchor=anchor):
            term = Markup('<span class="term">%s</span>') % inlines_to_html(children, ctx)
            if not anchor:
                return term
            number = ctx.document.endnote_number(term_id)
            # the link spans the term too: the raised number alone has no height to click on
            return Markup('<a class="endnote-link" id="%s" href="#%s">%s%s<span class="endnote-call">%d</span></a>'
                          ) % (endnote_ref_id(number), endnote_id(number), term, glue(ctx), number)
        case _:
            assert_never(node)


def glue(ctx: HtmlContext) -> str:
    """A U+2060 WORD JOINER before a raised call, so that no line starts with the call (it belongs to the
    character before it, CLREQ #prohibition_rules_for_line_start_end); it draws nothing and never
    reaches the text layer. Not in a heading, whose text WeasyPrint copies into the outline."""
    return "" if ctx.in_heading else WORD_JOINER


def end_note_call_to_html(note: Footnote, ctx: HtmlContext) -> Markup:
    """An end note's call: its mark raised like a footnote call, a link to its entry.

    The first call of a note carries the id the entry links back to; a later call of the same note
    only links forward.
    """
    number = ctx.document.end_note_number(note.id)
    mark = resolve.end_note_mark(ctx.marker, number)
    anchor = Markup("")
    if number not in ctx.called:
        ctx.called.add(number)
        anchor = Markup(' id="%s"') % end_note_call_id(number)
    return glue(ctx) + Markup('<a class="end-note-link"%s href="#%s"><span class="end-note-call">%s</span></a>'
                              ) % (anchor, end_note_id(number), mark)


def citation_to_html(keys: tuple[str, ...], ctx: HtmlContext) -> Markup:
    """A citation: its numbers raised in brackets (`[2-5]`, GB/T 7714 §10.1.2), a link to the first one's
    entry. The first citation of each entry carries the id (`cite-N`) the entry links back to: one
    element holds one id, so a citation that is the first of several entries nests a span per id."""
    numbers = resolve.citation_numbers(ctx.document, keys)
    glued = glue(ctx)
    label = resolve.citation_label(numbers)
    html = Markup('<a class="citation-link" href="#%s"><span class="citation">%s</span></a>') % (
        reference_id(numbers[0]), label)
    for number in reversed(numbers):
        if number not in ctx.cited:
            ctx.cited.add(number)
            html = Markup('<span class="citation-anchor" id="%s">%s</span>') % (citation_id(number), html)
    return glued + html


def heading_inlines(inlines: tuple[Inline, ...], ctx: HtmlContext) -> Markup:
    """The inlines of a heading or an appendix title (see `HtmlContext.in_heading`)."""
    ctx.in_heading = True
    try:
        return inlines_to_html(inlines, ctx)
    finally:
        ctx.in_heading = False


def lead_to_html(lead: tuple[Inline, ...], ctx: HtmlContext) -> Markup:
    """A paragraph's run-in lead: `strong.lead`, and `lead-heading2` too when it is a level-2 heading
    set run-in (`resolve.lead_kind`), which the stylesheet sets in the heading2 role."""
    kind = resolve.lead_kind(lead)
    css_class = "lead" if kind == "lead" else f"lead lead-{kind}"
    return Markup('<strong class="%s">%s</strong>') % (css_class, inlines_to_html(lead, ctx))


def blocks_to_inline_html(blocks: tuple[Block, ...], ctx: HtmlContext) -> Markup:
    """A note's blocks as inline content: paragraphs joined by line breaks."""
    parts = [inlines_to_html(block.lead + block.inlines, ctx) if isinstance(block, Paragraph)
             else block_to_html(block, ctx) for block in blocks]
    return Markup("<br>").join(parts)


# ------------------------------------------------------------------------------------------- blocks


def blocks_to_html(blocks: tuple[Block, ...], ctx: HtmlContext) -> Markup:
    return Markup("\n").join(block_to_html(block, ctx) for block in blocks)


def block_to_html(block: Block, ctx: HtmlContext) -> Markup:
    """Render one model block as escaped HTML."""
    match block:
        case Heading(level=level, inlines=inlines, id=heading_id):
            # h1 is the document title; section levels 1–4 are h2–h5
            tag = f"h{level + 1}"
            broken = _broken(inlines, f"heading{level}", ctx)
            part = " part" if resolve.is_part_heading(block, ctx.layout) else ""
            return Markup('<%s id="%s" class="level%d%s">%s</%s>') % (
                tag, heading_id, level, part, heading_inlines(broken, ctx), tag)
        case Paragraph(inlines=inlines, lead=lead) if not lead and pictures_only(inlines):
            picture = lone_picture(inlines)
            if picture is not None and not ctx.nested and picture.src in ctx.images:
                return figure_to_html(picture, ctx)
            # pictures: no indent, centred, within the text block (style.css.j2 `.picture`)
            return Markup('<p class="picture">%s</p>') % inlines_to_html(inlines, ctx)
        case Paragraph(inlines=inlines) if id(block) in ctx.captions:
            # a table's caption (centred) or unit (flush right), kept with it (style.css.j2)
            return Markup('<p class="table-%s">%s</p>') % (ctx.captions[id(block)], inlines_to_html(inlines, ctx))
        case Paragraph(inlines=inlines, lead=lead):
            lead_html = lead_to_html(lead, ctx) if lead else ""
            return Markup("<p>%s%s</p>") % (lead_html, inlines_to_html(inlines, ctx))
        case ListBlock(items=items, ordered=ordered, start=start):
            with _nested(ctx):
                rendered = Markup("").join(list_item_html(item, ctx) for item in items)
            if ordered:  # WeasyPrint 70 ignores `start`: the counter is reset to the number before it
                return Markup('<ol start="%d" style="counter-reset: list-item %d">%s</ol>') % (
                    start, start - 1, rendered)
            return Markup("<ul>%s</ul>") % rendered
        case Table(body=body, aligns=aligns):
            columns = whole_columns(block, ctx.layout)

            def cell_html(tag: str, column: int, cell: tuple[Inline, ...], laid: bool = False) -> Markup:
                align = aligns[column] if column < len(aligns) else ""
                # a short cell (单位, 亿元), or a body cell of a column the text block holds whole, kept
                # on one line, as the DOCX's column widths keep it (`tables`); a head cell's lines as
                # `tables.head_cells` laid them out
                kept = laid or whole(cell) or (tag == "td" and column < len(columns) and columns[column])
                classes = " ".join(name for name in (f"rp-{align}" if align else "",
                                                     "rp-whole" if kept else "") if name)
                opened = Markup('<%s class="%s">') % (tag, classes) if classes else Markup("<%s>") % tag
                return opened + inlines_to_html(cell, ctx) + Markup("</%s>") % tag

            kept = iter(whole_rows(block, ctx.layout))

            def row(cells: tuple[tuple[tuple[Inline, ...], bool], ...], tag: str) -> Markup:
                # a row too tall to keep whole on a page may split (`tables.whole_rows`)
                opened = Markup("<tr>") if next(kept) else Markup('<tr class="rp-split">')
                return opened + Markup("").join(
                    cell_html(tag, column, *cell) for column, cell in enumerate(cells)) + Markup("</tr>")
            # too wide at the body's size: smaller (`tables.table_size`), the DOCX's size too
            size = table_size(block, ctx.layout)
            classes = " ".join(name for name, on in (("rp-smaller", size.size != ctx.layout.body_size),
                                                     ("rp-crowded", size.crowded)) if on)
            style = "" if size.size == ctx.layout.body_size else f"font-size: {size.size.css()}"
            opened = Markup('<table class="%s" style="%s">') % (classes, style) if classes else Markup("<table>")
            return opened + Markup("<thead>%s</thead><tbody>%s</tbody></table>") % (
                Markup("").join(row(r, "th") for r in head_cells(block, ctx.layout)),
                Markup("").join(row(tuple((cell, False) for cell in r), "td") for r in body))
        case Quote(blocks=children):
            with _nested(ctx):
                return Markup("<blockquote>%s</blockquote>") % blocks_to_html(children, ctx)
        case Glossary():
            return glossary_to_html(block, ctx)
        case EndNotes():
            return end_notes_to_html(block, ctx)
        case References():
            return references_to_html(block, ctx)
        case Salutation(inlines=inlines):
            # GB/T 9704 §7.3.2: the 称谓 stands flush left, on a line of its own
            return Markup('<p class="salutation">%s</p>') % inlines_to_html(inlines, ctx)
        case SignOff(kind="imprint"):
            return imprint_to_html(block, ctx)
        case SignOff(lines=lines, kind=kind):
            # §7.3.5.2: each line right-aligned at its distance from the edge (resolve.signoff_indents),
            # the block one blank line below the text
            pitch = ctx.layout.char_pitch
            rendered = Markup("").join(
                Markup('<p class="signoff-line" style="padding-right: %s">%s</p>')
                % (Length(indent * pitch).css(), inlines_to_html(line, ctx))
                for line, indent in zip(lines, resolve.signoff_indents(block), strict=True))
            return Markup('<div class="%s">%s</div>') % (kind, rendered)
        case Appendix():
            return appendix_to_html(block, ctx)
        case _:
            assert_never(block)


IMPRINT_RULE = Mm(0.35)  # GB/T 9704 §7.4.1: the first and the last rule of the 版记 are 0.35 mm thick
IMPRINT_THIN_RULE = Mm(0.25)  # … and a thin one, 0.25 mm, between its rows (抄送 | 印发机关和印发日期)


def list_item_html(item: tuple[Block, ...], ctx: HtmlContext) -> Markup:
    """A list item, its first paragraph's text straight in the `<li>`: the marker stands inside the
    first line, at the body's two-character indent, the lines after it back at the margin, as the
    DOCX's numbering sets it (docx/numbering.py; a `<p>` there would put the marker on a line alone)."""
    first = item[0] if item else None
    if isinstance(first, Paragraph) and not pictures_only(first.inlines):
        head = (lead_to_html(first.lead, ctx) if first.lead else Markup("")) + inlines_to_html(first.inlines, ctx)
        return Markup("<li>%s%s</li>") % (head, blocks_to_html(item[1:], ctx))
    return Markup("<li>%s</li>") % blocks_to_html(item, ctx)


@contextmanager
def _nested(ctx: HtmlContext) -> Iterator[None]:
    ctx.nested += 1
    try:
        yield
    finally:
        ctx.nested -= 1


def figure_to_html(picture: Image, ctx: HtmlContext) -> Markup:
    """A picture alone in its paragraph, in whole lines of the grid (`pictures.picture_box`), and its
    caption below it when it has one (`figure`: kept together on a page)."""
    layout = ctx.layout
    text = caption(picture)
    box = picture_box(ctx.images[picture.src], layout, caption=text)
    image = Markup('<img class="rp-sized" src="%s" alt="%s" style="width: %s; height: %s">') % (
        picture.src, picture.alt, box.width.css(), box.height.css())
    # the room above as the paragraph's padding: a margin of the picture would collapse through it
    top = box.top(layout)
    held = Markup('<p class="picture" style="height: %s; padding-top: %s">%s</p>') % (
        Length(box.box_height(layout) - top).css(), top.css(), image)
    if not text:
        return held
    return Markup('<div class="figure">%s<p class="caption">%s</p></div>') % (held, text)


def imprint_rows(block: SignOff) -> list[tuple[tuple[Inline, ...], tuple[Inline, ...]]]:
    """The imprint's printed rows, each (left part, right part): GB/T 9704 §7.4.3 sets the 印发机关
    左空一字 and the 印发日期 右空一字 on one line. The last source line is the date, on the row of the
    line before it; earlier lines (a second organisation, 抄送) stand alone; one line stands left."""
    lines = list(block.lines)
    if len(lines) < 2:
        return [(line, ()) for line in lines]
    return [*((line, ()) for line in lines[:-2]), (lines[-2], lines[-1])]


def imprint_height(block: SignOff, layout: Layout) -> Length:
    """The imprint's height: one line pitch a row, its two outer rules and the thin ones between rows."""
    rows = len(imprint_rows(block))
    return Length(layout.line_pitch * rows + 2 * IMPRINT_RULE + max(0, rows - 1) * IMPRINT_THIN_RULE)


def imprint_to_html(block: SignOff, ctx: HtmlContext) -> Markup:
    """The 版记 (§7.4) at the foot of the page it falls on — the last page, where a report puts it: the
    box is absolutely placed at the bottom of the page area (WeasyPrint: the page is the containing
    block of a box with no positioned ancestor), its last rule on the text block's bottom edge
    (§7.4.1); an empty block of the same height stays in the flow, so text never runs under it and an
    imprint with no room left moves to the next page."""
    rows = Markup("").join(
        Markup('<p class="imprint-line"><span class="imprint-organ">%s</span>'
               '<span class="imprint-date">%s</span></p>') % (inlines_to_html(left, ctx), inlines_to_html(right, ctx))
        for left, right in imprint_rows(block))
    return Markup('<div class="imprint" style="height: %s"><div class="imprint-box">%s</div></div>') % (
        imprint_height(block, ctx.layout).css(), rows)


def appendix_to_html(appendix: Appendix, ctx: HtmlContext) -> Markup:
    """An appendix: a new page, the label flush left (heading1 role), the title centred (title role),
    then its blocks. Its outline entry is `附件1　TITLE`; its headings nest under it (`.appendix .levelN`).
    A glossary inside it is titled by the appendix: its own title is not printed again."""
    label = resolve.appendix_label(appendix, ctx.layout)
    title = resolve.appendix_title(ctx.document, appendix, ctx.layout)  # a glossary appendix: the glossary's
    outline = label + OUTLINE_SEPARATOR + plain_text(title)
    blocks = Markup("\n").join(glossary_to_html(block, ctx, titled=False) if isinstance(block, Glossary)
                               else block_to_html(block, ctx) for block in appendix.blocks)
    return Markup('<section class="appendix" id="%s">\n<h2 class="appendix-label" data-outline="%s">%s</h2>\n'
                  '<h1 class="appendix-title">%s</h1>\n%s\n</section>') % (
        appendix.id, outline, label, heading_inlines(_broken(title, "appendix-title", ctx), ctx), blocks)


def broken_inlines(inlines: tuple[Inline, ...], role: str, layout: Layout,
                   call_widths: Callable[[float], Mapping[int, float]]) -> tuple[Inline, ...]:
    """`inlines` with a `LineBreak` where `typeset.balance` breaks their text in `role`: at word
    boundaries, balanced when the role is centred, the raised note calls counted in their lines
    (`call_widths(tracking)`: each one's width by offset, as the writer numbers them). Inlines that
    already hold a line break or an image are the source's to break. Both writers break headings and
    appendix titles here, so the DOCX breaks where the print copy does."""
    if any(isinstance(node, LineBreak | Image) for node in iter_inlines(inlines)):
        return inlines
    text = plain_text(inlines)
    measure = role_measure(layout, role, text)
    breaks = break_lines(text, measure, call_widths(measure.tracking))
    return insert_line_breaks(inlines, breaks)[0] if breaks else inlines


def _broken(inlines: tuple[Inline, ...], role: str, ctx: HtmlContext) -> tuple[Inline, ...]:
    """`broken_inlines` for the print copy. The outline keeps the heading unbroken (a `<br>` adds no
    text). Called before the inlines are rendered (`ctx`'s footnote count is the one before their
    first call)."""
    return broken_inlines(inlines, role, ctx.layout, lambda tracking: call_widths(inlines, ctx, tracking))


def call_widths(inlines: tuple[Inline, ...], ctx: HtmlContext, tracking: float) -> dict[int, float]:
    """The raised calls in `inlines` (footnote, end note, glossary and citation calls), none of which
    `plain_text` holds: each one's width in em of the line, by the offset into the plain text it
    follows. A footnote call's mark is the CSS counter's, at most the document-wide number (per-page
    numbering only lowers it), and it inherits the line's letter spacing (`tracking`, em); the others
    have none (style.css.j2)."""
    numbers = itertools.count(ctx.footnotes + 1)
    circled = ctx.layout.notes.footnote_marker == "circled"

    def footnote_mark() -> str:
        number = next(numbers)
        return resolve.circled(number) if circled else str(number)

    marks = resolve.call_marks(inlines, ctx.document, footnote_mark=footnote_mark, end_marker=ctx.marker)
    return balance_call_widths(marks, tracking)


def insert_line_breaks(inlines: tuple[Inline, ...], breaks: Iterable[int], offset: int = 0
                       ) -> tuple[tuple[Inline, ...], int]:
    """`inlines` with a `LineBreak` before the character at each of `breaks` (offsets into their
    `plain_text`), and the offset after them. A break between two nodes goes before the next text,
    so that a note call stays with the character it follows."""
    wanted = sorted(set(breaks))
    result: list[Inline] = []
    for node in inlines:
        match node:
            case Text(text=text, pos=pos):
                cuts = [point - offset for point in wanted if offset <= point < offset + len(text)]
                if cuts and cuts[0] == 0:  # a break before this node's text (after a call, a bold run): one
                    result.append(LineBreak(pos=pos))
                edges = [0, *(cut for cut in cuts if cut), len(text)]
                for start, end in pairwise(edges):
                    if start:
                        result.append(LineBreak(pos=pos))
                    if end > start:
                        result.append(Text(text=text[start:end], pos=pos))
                offset += len(text)
                wanted = [point for point in wanted if point >= offset]
            case Strong() | Emphasis() | Link() | TermRef():
                children, end = insert_line_breaks(node.inlines, wanted, offset)
                result.append(dataclasses.replace(node, inlines=children))
                wanted = [point for point in wanted if point >= end]
                offset = end
            case _:
                result.append(node)
    return tuple(result), offset


def balanced_html(text: object, role: str, layout: Layout) -> Markup:
    """Front-matter text (title, subtitle, speaker) in `role`, escaped, its lines joined by `<br>`."""
    return lines_to_html(balanced_lines(str(text), role, layout))


def notes_title(css_class: str, text: str) -> Markup:
    """The title of a notes section (glossary, end notes, references): one look for all three."""
    return Markup('<h2 class="notes-title %s">%s</h2>') % (css_class, text)


def glossary_entry_to_html(number: int, entry: GlossaryEntry, ctx: HtmlContext) -> Markup:
    """One glossary entry: its number and full-width stop (a link back to the endnote call; unused
    entries have no call), the term straight after it, the definition."""
    term = inlines_to_html(entry.term, ctx)
    definition = blocks_to_inline_html(entry.definition, ctx)
    # a word joiner after the stop, so that no line breaks between number and term; none before an
    # opening mark (no line breaks before one anyway: UAX #14 QU), where it would hide the pair `．“`
    # from the text pass, which then would not compress it to 1.5 em (typeset/cjk.py)
    opens = plain_text(entry.term)[:1] in OPENING
    stop = resolve.glossary_number(number).removeprefix(str(number)) + ("" if opens else WORD_JOINER)
    # the digits in a span of their own: the stylesheet puts them on the character grid (`glossary-digits-N`)
    number_text = Markup('<span class="glossary-number glossary-digits-%d">%s</span>%s') % (
        len(str(number)), number, stop)
    if entry.anchored:
        label = Markup('<a class="endnote-back" href="#%s">%s</a>') % (endnote_ref_id(number), number_text)
    else:
        label = Markup('<span class="endnote-back">%s</span>') % number_text
    return Markup('<p class="glossary-entry" id="%s">%s<span class="glossary-term">%s</span>'
                  '<span class="glossary-colon">：</span>%s</p>') % (endnote_id(number), label, term, definition)


def glossary_to_html(block: Glossary, ctx: HtmlContext, *, titled: bool = True) -> Markup:
    """The glossary section: every entry of `Document.glossary`, numbered in that order (used ones in
    reference order, then the unused ones)."""
    entries = Markup("\n").join(glossary_entry_to_html(number, entry, ctx)
                                for number, entry in enumerate(ctx.document.glossary, start=1))
    title = notes_title("glossary-title", resolve.glossary_title(ctx.document, block, ctx.layout)) if titled else ""
    return Markup('<section class="glossary" id="%s">\n%s\n%s\n</section>') % (GLOSSARY_ID, title, entries)


def end_notes_to_html(block: EndNotes, ctx: HtmlContext) -> Markup:
    """The end notes, in number order: each its mark (a link back to its call), then its text."""
    if END_NOTES_ID in ctx.listed or not ctx.document.end_notes:
        return Markup("")
    ctx.listed.add(END_NOTES_ID)
    entries: list[Markup] = []
    for number, note in enumerate(ctx.document.end_notes, start=1):
        mark = resolve.end_note_mark(ctx.marker, number)
        entries.append(Markup('<p class="end-note" id="%s"><a class="end-note-back" href="#%s">%s</a>%s</p>') % (
            end_note_id(number), end_note_call_id(number), mark, blocks_to_inline_html(note.blocks, ctx)))
    return Markup('<section class="end-notes marker-%s" id="%s">\n%s\n%s\n</section>') % (
        ctx.marker, END_NOTES_ID, notes_title("end-notes-title", resolve.end_notes_title(block, ctx.layout)),
        Markup("\n").join(entries))


def reference_to_html(number: int, entry: Reference, ctx: HtmlContext) -> Markup:
    """`[1] text`, hanging; the number links back to the entry's first citation (none when uncited).

    A citation after the list (in an appendix) is rendered later: the link finds its id all the same."""
    label = f"[{number}]"
    if entry.cited:
        mark = Markup('<a class="reference-back" href="#%s">%s</a>') % (citation_id(number), label)
    else:
        mark = Markup('<span class="reference-back">%s</span>') % label
    return Markup('<p class="reference" id="%s">%s %s</p>') % (reference_id(number), mark,
                                                               inlines_to_html(entry.inlines, ctx))


def references_to_html(block: References, ctx: HtmlContext) -> Markup:
    if REFERENCES_ID in ctx.listed or not ctx.document.references:
        return Markup("")
    ctx.listed.add(REFERENCES_ID)
    entries = Markup("\n").join(reference_to_html(number, entry, ctx)
                                for number, entry in enumerate(ctx.document.references, start=1))
    return Markup('<section class="references" id="%s">\n%s\n%s\n</section>') % (
        REFERENCES_ID, notes_title("references-title", resolve.references_title(block, ctx.layout)), entries)


# ---------------------------------------------------------------------------------------- documents


def css_families(families: tuple[str, ...]) -> str:
    """A CSS font-family value; every name is a `css_string`."""
    return ", ".join(css_string(name) for name in families)


def folio_content(format_: str) -> str:
    """A CSS `content` value for the folio format: `— {n} —` → `"— " counter(page) " —"`."""
    before, _, after = format_.partition("{n}")
    parts = [css_string(before)] if before else []
    parts.append("counter(page)")
    if after:
        parts.append(css_string(after))
    return " ".join(parts)


# --------------------------------------------------------------------------------------- templates

# The types whose attributes a template may read: plain data, reportpress's own model and layout values,
# Jinja2's runtime helpers (loop, cycler, namespace). Anything else (a Path, a file, a module) is opaque.
_SAFE_MODULES = frozenset({"builtins", "datetime", "markupsafe"})
_SAFE_PREFIXES = ("reportpress.", "jinja2.")
TEMPLATE_VALUE_MAX = 1_000_000  # items of a repeated string or list, bits of a power


# One render of a template may make at most TEMPLATE_OUTPUT_MAX characters of text and run at most
# TEMPLATE_SECONDS: a template is a program, and `{% for i in range(100000) %}{{ "x" * 999999 }}{% endfor %}`
# asks for 100 GB, two nested loops for hours. gov-report's document makes about 3 characters per byte of a
# source (at most 1 MiB) and renders in well under a second.
TEMPLATE_OUTPUT_MAX = 32 * 1024 * 1024
TEMPLATE_SECONDS = 20.0


class TemplateLimitError(Exception):
    """A render past TEMPLATE_OUTPUT_MAX or TEMPLATE_SECONDS. Raised inside the template's code where it
    can be, so that Jinja2 points the traceback at the template's line."""


@dataclass(slots=True)
class _Budget:
    """What the current render has spent: characters of text made, against a deadline."""

    deadline: float  # time.monotonic()
    used: int = 0

    def spend(self, text: str) -> None:
        self.used += len(text)
        if self.used > TEMPLATE_OUTPUT_MAX:
            raise TemplateLimitError(f"the template makes over {TEMPLATE_OUTPUT_MAX:,} characters, the most one "
                                     "render may (look for a loop that repeats its output)")
        if time.monotonic() > self.deadline:  # where no alarm can ring (a thread), output still stops here
            raise _timeout()


def _timeout() -> TemplateLimitError:
    return TemplateLimitError(f"the template runs over {TEMPLATE_SECONDS:g} s, the longest one render may "
                              "(look for a loop that runs too long)")


_BUDGET: ContextVar[_Budget | None] = ContextVar("reportpress_template_budget", default=None)


class _CountedBuffer(list[str]):
    """The text a template makes, counted against the current render's budget as it is made."""

    def append(self, text: str) -> None:
        budget = _BUDGET.get()
        if budget is not None:
            budget.spend(text)
        super().append(text)

    def extend(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.append(text)


def _collect(texts: Iterable[str]) -> _CountedBuffer:
    buffer = _CountedBuffer()
    buffer.extend(texts)
    return buffer


class _CountingCodeGenerator(CodeGenerator):
    """Jinja2's code generator with every capture buffer (`{% set %}…{% endset %}`, a macro's or a call or
    filter block's body) a `_CountedBuffer`: text that a template builds up without yielding it counts
    too, before it fills the memory."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")


class _CountingTemplate(jinja2.Template):
    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> TemplateModule:
        """`{% import %}` runs the imported template's top level into a list: counted like the rest."""
        context = self.new_context(vars, shared, locals)
        return TemplateModule(self, context, _collect(self.root_render_func(context)))


RING_AGAIN = 0.01  # seconds: the deadline's alarm rings again after landing where it cannot raise


def _swallows(frame: FrameType | None) -> bool:
    """Whether an exception raised in `frame` would be lost: a finaliser (`__del__`) or a weak reference's
    callback, which Python runs wherever an object dies — an alarm may ring inside one, and what it raises
    there goes to `sys.unraisablehook`, not to the render it was meant to stop."""
    return frame is not None and (frame.f_code.co_name == "__del__"
                                  or frame.f_globals.get("__name__") in ("weakref", "_weakrefset"))


@contextmanager
def _render_limits() -> Iterator[None]:
    """The budget of one render, and an alarm at its deadline.

    The alarm (SIGALRM) raises inside whatever template code runs, the only way to stop a loop that
    makes nothing; signals reach only the main thread, so in another thread the deadline is checked only
    as text is made. Another ITIMER_REAL running meanwhile gets the time it had left back afterwards.
    """
    budget = _Budget(deadline=time.monotonic() + TEMPLATE_SECONDS)
    token = _BUDGET.set(budget)
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    armed = [True]  # cleared before the timer is: an alarm ringing while it is taken down raises nothing

    def ring(signum: int, frame: FrameType | None) -> None:
        if not armed[0]:
            return
        if _swallows(frame):  # raised here, it would be "ignored": ring again a moment later instead
            signal.setitimer(signal.ITIMER_REAL, RING_AGAIN)
            return
        raise _timeout()

    if alarm:
        previous = signal.signal(signal.SIGALRM, ring)
        outer, _ = signal.setitimer(signal.ITIMER_REAL, TEMPLATE_SECONDS)
    started = time.monotonic()
    try:
        yield
    finally:
        armed[0] = False
        _BUDGET.reset(token)
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            if outer:
                signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


# Filters and str methods whose integer argument is a width: `"x"|center(4 * 10**8)` asks for 400 MB in
# one C call, which neither the output count nor the deadline can interrupt (`tojson`'s is its indent)
_WIDTH_CALLS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate",
                          "tojson"})
# A printf-style field (`%` and the `format` filter): `%%`, or its flags, width and precision (`*`: an argument)
_PERCENT_FIELD = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?")
_DIGITS = re.compile(r"\d+")


def _refuse(what: str, size: int) -> None:
    if size > TEMPLATE_VALUE_MAX:
        raise SecurityError(f"{what} making {size} characters, over the {TEMPLATE_VALUE_MAX} a template may make")


def _number(digits: str) -> int:
    """The number `digits` spell, or one past any limit (no int() of thousands of digits)."""
    return int(digits) if len(digits) <= 12 else 10**12


def _check_int_args(what: str, args: Iterable[Any]) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool):
            _refuse(f"{what} with a width of {value}", abs(value))


def _check_percent(template: str, args: Iterable[Any]) -> None:
    """Refuse a printf-style format whose width or precision makes a value over TEMPLATE_VALUE_MAX:
    `'%300000000d' % 1` is 300 MB in one C call, as `"x"|center(…)` is."""
    star = False
    for match in _PERCENT_FIELD.finditer(template):
        for group in match.groups():
            star = star or group == "*"
            if group and group != "*":
                _refuse(f"the format {match.group(0)!r}", _number(group))
    if star:  # the width is an argument
        _check_int_args("a `*` format", args)


def _check_braces(template: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """The same for `str.format`/`format_map`: `'{:>300000000}'.format(1)`. A number in a field's spec is
    checked; a width given as an argument (`'{:>{}}'.format(1, w)`) makes every int argument a width."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # not a format: the call itself says so
    nested = False
    for _text, _name, spec, _conversion in fields:
        for digits in _DIGITS.findall(spec or ""):
            _refuse(f"the format spec {spec!r}", _number(digits))
        nested = nested or "{" in (spec or "")
    if nested:
        mapping = args[0] if len(args) == 1 and isinstance(args[0], Mapping) else {}
        _check_int_args("format()", (*args, *kwargs.values(), *mapping.values()))


def _check_call(name: str, subject: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], *,
                method: bool = False) -> None:
    """Refuse a call of filter or str `method` `name` on `subject` that would make a value over
    TEMPLATE_VALUE_MAX in one step (for `join`, `subject` is the sequence and `args[0]` the separator)."""
    if name in ("format", "format_map") and method:
        if isinstance(subject, str):
            _check_braces(subject, args, kwargs)
    elif name == "format":  # the filter: `value % args`
        _check_percent(str(subject), (*args, *kwargs.values()))
    elif name == "batch":  # `[1]|batch(n, fill)` pads its last batch to n items in one step
        fill = args[1] if len(args) > 1 else kwargs.get("fill_with")
        if fill is not None:
            _check_int_args("batch()", args[:1] or (kwargs.get("linecount"),))
    elif name in _WIDTH_CALLS:
        _check_int_args(f"{name}()", (*args, *kwargs.values()))
    elif name == "replace" and isinstance(subject, str) and len(args) >= 2 and all(
            isinstance(arg, str) for arg in args[:2]):
        old, new = args[0], args[1]
        grown = (len(subject) + 1) * len(new) if not old else subject.count(old) * (len(new) - len(old))
        _refuse("replace()", len(subject) + grown)
    elif name == "join" and isinstance(subject, list | tuple):
        separator = args[0] if args and isinstance(args[0], str) else kwargs.get("d", "")
        _refuse("join()", sum(len(item) if isinstance(item, str) else 1 for item in subject)
                + len(str(separator)) * len(subject))


def _checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def checked(*args: Any, **kwargs: Any) -> Any:
        # Jinja passes a context first to the filters marked for it; the value filtered comes next
        values = args[1:] if args and isinstance(args[0], jinja2.nodes.EvalContext | jinja2.runtime.Context
                                                  | jinja2.Environment) else args
        if values:
            _check_call(name, values[0], values[1:], kwargs)
        return function(*args, **kwargs)

    checked.__dict__.update(function.__dict__)  # keeps Jinja's pass_context / pass_eval_context marks
    return checked


class LayoutSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, narrowed: a template reads attributes of plain values only.

    Jinja2's sandbox stops Python internals (`__globals__`) and mutation, but would let a template call
    any public method of a value it is given, such as `Path.read_text`; so no path is handed out, and
    attributes are read only on the types in `_SAFE_MODULES` and `_SAFE_PREFIXES`.

    Every piece of text a render makes is counted (`_render_limits`): what it yields, what its captures
    and macros buffer, what `{{ self.block() }}` and `{% import %}` collect. A piece counts where it is
    made and again where a capture of it is output: the limit is on work, far above any real layout's.
    """

    code_generator_class = _CountingCodeGenerator
    template_class = _CountingTemplate

    @staticmethod
    def output_buffer() -> _CountedBuffer:
        """A capture buffer, for the code `_CountingCodeGenerator` writes."""
        return _CountedBuffer()

    @staticmethod
    def concat(texts: Iterable[str]) -> str:
        """Join a buffer, or the text of a block called as `self.name()`, counting what was not yet."""
        return "".join(texts if isinstance(texts, _CountedBuffer) else _collect(texts))

    # `*` and `**` can ask for gigabytes or hours in one expression (`"x" * 10**10`, `9 ** (9 ** 9)`); intercepted,
    # they are also never folded at compile time, so `check` cannot hang on them either
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%":
            if isinstance(left, str):  # printf-style formatting, `'%300000000d' % 1`
                values = right.values() if isinstance(right, Mapping) else right if isinstance(right, tuple) \
                    else (right,)
                _check_percent(left, values)
        elif operator == "*":
            sizes = [len(side) for side in (left, right) if isinstance(side, str | list | tuple)]
            counts = [side for side in (left, right) if isinstance(side, int)]
            if sizes and counts and sizes[0] * counts[0] > TEMPLATE_VALUE_MAX:
                raise SecurityError(f"a repeated value of {sizes[0] * counts[0]} items, over the "
                                    f"{TEMPLATE_VALUE_MAX} a template may make")
        elif isinstance(left, int) and isinstance(right, int) and right > 0 \
                and abs(left).bit_length() * right > TEMPLATE_VALUE_MAX:
            raise SecurityError(f"{left} ** {right} is too large a number for a template")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Every call a template makes: a str method that would make a huge value is refused first."""
        # the sandbox hands out `str.format` wrapped (`__wrapped__`: the bound method, and so its string)
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name == "join":  # `sep.join(items)`: the items are what is joined
                _check_call(name, args[0] if args else (), (owner,), kwargs)
            else:
                _check_call(name, owner, args, kwargs, method=True)
        elif isinstance(owner, int) and name == "to_bytes":  # `(1).to_bytes(10**9)`: a gigabyte at once
            _check_int_args("to_bytes()", (*args[:1], kwargs.get("length")))
        return super().call(__context, __obj, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        module = type(obj).__module__
        return (super().is_safe_attribute(obj, attr, value) and not isinstance(value, PurePath)
                and (module in _SAFE_MODULES or module.startswith(_SAFE_PREFIXES)))


class LayoutLoader(jinja2.BaseLoader):
    """Loads templates from one layout folder, each through `read_layout_file` (no name or link out of it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.filenames: set[str] = set()  # what a template frame in a traceback is called

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = confined_layout_path(self.folder, template)  # a name that leaves the layout: LayoutError
        shown = self.folder / template
        try:
            exists = path.exists()
        except OSError as exc:  # a name longer than the file system takes
            raise LayoutError(f"{shown}: cannot read it: {exc.strerror or exc}") from None
        if not exists:
            raise jinja2.TemplateNotFound(template)  # a plain miss, which `{% include … ignore missing %}` allows
        try:
            source = read_layout_file(self.folder, template).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LayoutError(f"{shown}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
        self.filenames.add(str(shown))
        return source, str(shown), lambda: True

    def list_templates(self) -> list[str]:
        """The templates at the top of the layout folder (`*.j2`)."""
        return sorted(path.name for path in self.folder.iterdir() if path.name.endswith(".j2")
                      and not path.name.startswith("."))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled template code kept in memory for this process, by template name (its path in the layout)
    and the SHA-256 of its source text: every build makes a new environment (its filters close over the
    layout), and compiling the layout's templates anew cost each build about 0.05 s (and `check_templates`
    compiled them once more). The file is still read, confined, each time (`LayoutLoader`): a changed
    template has another digest and is compiled again. Only environments of `template_environment` use
    it, all alike (the same class and settings: the code they compile is the same).

    Not keyed by the file: a build checks the layout where it lies (`job.prepare`) and renders the Job's
    copy of it (`job.run_job`, in a folder of its own), the same text under another path, which was
    compiled a second time (0.05–0.07 s of each cold build). Code compiled under one path serves the
    other with the path it is asked for (`_retargeted`): Jinja2 names a template's file, and so the
    lines of its errors, after its code's `co_filename`, and `_template_line` matches the loader's names.

    `hits` and `misses` count the look-ups (for tests); the last `kept` codes are kept.
    """

    def __init__(self, kept: int = 64) -> None:
        self.kept = kept
        self.hits = self.misses = 0
        self._lock = threading.Lock()
        self._codes: OrderedDict[tuple[str, str], CodeType] = OrderedDict()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()  # not the file: see above

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        where = filename or "<template>"  # what `Environment.compile` names a template without a file
        if bucket.code is not None and bucket.code.co_filename != where:
            bucket.code = _retargeted(bucket.code, where)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._codes.get((bucket.key, bucket.checksum))
            if code is None:
                self.misses += 1
                return
            self._codes.move_to_end((bucket.key, bucket.checksum))
            self.hits += 1
        bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        with self._lock:
            self._codes[(bucket.key, bucket.checksum)] = bucket.code
            while len(self._codes) > self.kept:
                self._codes.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()
            self.hits = self.misses = 0

    def compiled(self, environment: jinja2.Environment, source: str, name: str, filename: str | None) -> None:
        """Compile `source` (what `check_templates` does) and keep its code for the renders that follow."""
        bucket = self.get_bucket(environment, name, filename, source)
        if bucket.code is None:
            bucket.code = environment.compile(source, name, filename)
            self.set_bucket(bucket)


def _retargeted(code: CodeType, filename: str) -> CodeType:
    """`code` as compiled under `filename`: the same code, its functions' too, with that file name."""
    consts = tuple(_retargeted(const, filename) if isinstance(const, CodeType) else const
                   for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


COMPILED = CompiledTemplates()


def template_environment(layout: Layout) -> LayoutSandbox:
    """The Jinja2 environment of a layout: sandboxed, its folder only, autoescape on, strict undefined."""
    environment = LayoutSandbox(
        loader=LayoutLoader(layout.folder),
        autoescape=True,  # source text is untrusted; CSS values are escaped by css_string and marked safe
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
    )
    for name in (*_WIDTH_CALLS, "replace", "join", "format", "batch"):
        if name in environment.filters:
            environment.filters[name] = _checked_filter(name, environment.filters[name])
    environment.filters["families"] = lambda families: Markup(css_families(families))
    environment.filters["css_string"] = lambda text: Markup(css_string(str(text)))
    # `{{ meta.title | balanced("title") }}`: the text's lines at word boundaries, balanced, joined by
    # <br>; `balanced_lines` gives the lines themselves (roles: typeset.balance.BALANCED_ROLES)
    environment.filters["balanced"] = lambda text, role="title": balanced_html(text, role, layout)
    environment.filters["balanced_lines"] = lambda text, role="title": balanced_lines(str(text), role, layout)
    return environment


def _loader(environment: jinja2.Environment) -> LayoutLoader:
    assert isinstance(environment.loader, LayoutLoader)
    return environment.loader


def _template_line(exc: BaseException, environment: jinja2.Environment) -> str | None:
    """`file:line` of the innermost template frame of `exc` (Jinja2 rewrites tracebacks to template lines)."""
    names = _loader(environment).filenames
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename in names]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None


def _template_problem(exc: Exception) -> str:
    match exc:
        case SecurityError():
            return (f"template error: {str(exc).rstrip('.')} (a layout's templates run in a sandbox: they may use "
                    "the values reportpress gives them, not Python's internals, paths or files)")
        case jinja2.TemplateNotFound():
            return f"template {exc.name!r} not found in the layout (name a template of the layout's folder)"
        case RecursionError():
            return "template error: templates include or call each other without end"
        case _:
            return f"template error: {exc}"


def layout_error(exc: Exception, environment: jinja2.Environment, where: str | None = None) -> LayoutError:
    """`exc`, raised while loading or rendering a template, as a LayoutError at its template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return LayoutError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}")
    where = _template_line(exc, environment) or where
    problem = str(exc) if isinstance(exc, LayoutError) else _template_problem(exc)
    return LayoutError(f"{where}: {problem}" if where else problem)


def render_template(environment: jinja2.Environment, name: str, **context: object) -> str:
    """Template `name` of the layout filled with `context`; any failure a LayoutError at its line.

    Streamed and counted, within TEMPLATE_OUTPUT_MAX characters and TEMPLATE_SECONDS (`_render_limits`).
    """
    try:
        with _render_limits():
            return "".join(_collect(environment.get_template(name).generate(**context)))
    except Exception as exc:  # template code raises whatever the values it calls raise: all are the layout's
        raise layout_error(exc, environment, str(_loader(environment).folder / name)) from None


def _named_templates(node: nodes.Node) -> Iterator[str]:
    """The constant template names an extends/include/import names (a list for `include [a, b]`)."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, nodes.Tuple | nodes.List):
        for item in node.items:
            yield from _named_templates(item)


_CHECKED: dict[tuple[str, str | None, str], nodes.Template] = {}  # (name, file, source digest) → tree
_CHECKED_KEPT = 64


def _checked_tree(environment: jinja2.Environment, source: str, name: str, filename: str | None) -> nodes.Template:
    """The parse tree of a template that compiles: compiled once per source text in a process (a batch's
    client checks one layout for every source; the file is still read, confined, each time)."""
    key = (name, filename, hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest())
    tree = _CHECKED.get(key)
    if tree is None:
        COMPILED.compiled(environment, source, name, filename)
        tree = environment.parse(source, name, filename)
        while len(_CHECKED) >= _CHECKED_KEPT:
            del _CHECKED[next(iter(_CHECKED))]
        _CHECKED[key] = tree
    return tree


def check_templates(layout: Layout) -> None:
    """Load and compile every template of the layout and each one they name, without rendering.

    Syntax errors, names that leave the layout and links out of it are found by `check` as by `build`,
    each a LayoutError at the file and line that has it.
    """
    environment = template_environment(layout)
    loader = _loader(environment)
    pending: list[tuple[str, str | None, bool]] = [(name, None, False) for name in loader.list_templates()]
    seen: set[str] = set()
    while pending:
        name, where, may_miss = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = loader.get_source(environment, name)
            tree = _checked_tree(environment, source, name, filename)
        except jinja2.TemplateNotFound as exc:
            if may_miss:
                continue
            raise layout_error(exc, environment, where) from None
        except (jinja2.TemplateError, LayoutError) as exc:
            raise layout_error(exc, environment, where) from None
        for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            assert isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport)
            may_miss = isinstance(node, nodes.Include) and node.ignore_missing
            pending.extend((named, f"{filename}:{node.lineno}", may_miss) for named in _named_templates(node.template))


def render_css(layout: Layout, environment: jinja2.Environment | None = None, *, lang: str = "zh-CN",
               fonts_dirs: Sequence[Path] | None = None) -> str:
    """The layout's stylesheet with its numbers filled in, for a document in language `lang`; the folio's
    place is measured in the face that serves it among `fonts_dirs` and the system's (`writers.pdf.folio`)."""
    roles: dict[Role, Markup] = {role: Markup(css_families(layout.fonts[role])) for role in ROLES}
    # CSS is not HTML: the values are CSS-escaped by css_string and marked safe for autoescape
    return render_template(environment or template_environment(layout), STYLE_TEMPLATE, layout=layout,
                           families=roles, folio_content=Markup(folio_content(layout.folio.format)),
                           folio_padding=Markup(folio_padding(layout, em_box=is_cjk_language(lang),
                                                                dirs=fonts_dirs).css()))


def write_html(document: Document, layout: Layout, *, fonts_dirs: Sequence[Path] | None = None,
               images: Mapping[str, bytes] | None = None) -> str:
    """The whole document as one HTML string, stylesheet inlined; `fonts_dirs` are the build's font
    folders (`fonts.fonts_dirs(project)`; the built-in one when not given); `images` the checked
    bytes of its pictures (`resources.check_images`), which size a picture alone in its paragraph."""
    environment = template_environment(layout)
    marker = resolve.end_note_marker(document, layout) if document.end_notes else layout.notes.end_marker
    ctx = HtmlContext(document, layout, marker, images=images or {}, captions=table_captions(document.blocks))
    LEXICON.prepare(balanced_texts(document))  # one pass over the dictionary for every text that may break
    return render_template(
        environment, DOCUMENT_TEMPLATE,
        meta=document.meta,
        layout=layout,
        css=Markup(render_css(layout, environment, lang=document.meta.lang, fonts_dirs=fonts_dirs)),
        body=blocks_to_html(document.blocks, ctx),
        toc=toc_entries(document, layout) if document.meta.toc else [],
        title_text=document.meta.title or (plain_text(document.blocks[0].inlines)
                                           if document.blocks and isinstance(document.blocks[0], Heading)
                                           else Path(document.path).stem),
    )


def balanced_texts(document: Document) -> list[str]:
    """The texts whose lines `typeset.balance` breaks: the front matter's and every heading's."""
    meta = document.meta
    texts = [meta.title, meta.subtitle, meta.author]
    for block in document.blocks:
        if isinstance(block, Appendix):
            texts.append(plain_text(block.title))
            texts.extend(plain_text(inner.inlines) for inner in block.blocks if isinstance(inner, Heading))
        elif isinstance(block, Heading):
            texts.append(plain_text(block.inlines))
    return texts


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    target: str  # the id of the heading or section the entry links to
    text: str


TOC_DEPTH = 2  # 一、 and （一）: deeper levels would crowd a report's contents page


def toc_entries(document: Document, layout: Layout) -> list[TocEntry]:
    """The table of contents, in document order: body headings of levels 1–2, the glossary, the end
    notes and the reference list, and each appendix as `附件1　TITLE` (its own headings are not body
    sections: they stay out, as a glossary inside it does)."""
    entries: list[TocEntry] = []
    for block in document.blocks:
        match block:
            case Heading(level=level) if level <= TOC_DEPTH:
                entries.append(TocEntry(level, block.id, plain_text(block.inlines)))
            case Glossary() if document.glossary:
                entries.append(TocEntry(1, GLOSSARY_ID, resolve.glossary_title(document, block, layout)))
            case EndNotes() if document.end_notes:
                entries.append(TocEntry(1, END_NOTES_ID, resolve.end_notes_title(block, layout)))
            case References() if document.references:
                entries.append(TocEntry(1, REFERENCES_ID, resolve.references_title(block, layout)))
            case Appendix():
                text = resolve.appendix_label(block, layout) + OUTLINE_SEPARATOR + plain_text(block.title)
                entries.append(TocEntry(1, block.id, text))
    return entries
