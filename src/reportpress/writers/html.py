"""Document + Layout → one HTML string for WeasyPrint, through the layout's Jinja2 templates.

The layout's `document.html.j2` holds the page structure and `style.css.j2` the styles; both are filled
from the same `Layout` numbers the DOCX writer reads (DESIGN §5). Blocks and inlines are rendered here,
one `match` case per model node, as escaped `Markup`: Jinja2 runs with autoescape on, because source
text is untrusted.

Notes: a footnote's body is put in place inside a `float: footnote` span (inline content only: a nested
<p> would close the enclosing <p>); a glossary entry's endnote call is a numbered link to the entry in
the glossary section, and the entry links back to its call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import assert_never

import jinja2
from markupsafe import Markup, escape

from reportpress.errors import LayoutError
from reportpress.layouts import ROLES, Layout, Role
from reportpress.model import (
    Block,
    Document,
    Emphasis,
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
    Strong,
    Table,
    TermRef,
    Text,
    plain_text,
)

DOCUMENT_TEMPLATE = "document.html.j2"
STYLE_TEMPLATE = "style.css.j2"


@dataclass(frozen=True, slots=True)
class HtmlContext:
    document: Document


def endnote_id(number: int) -> str:
    return f"endnote-{number}"


def endnote_ref_id(number: int) -> str:
    return f"endnote-ref-{number}"


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
            # The body goes in place; `float: footnote` moves it to the page foot.
            body = blocks_to_inline_html(ctx.document.footnote(note_id).blocks, ctx)
            return Markup('<span class="footnote">%s</span>') % body
        case TermRef(term_id=term_id, inlines=children, anchor=anchor):
            term = Markup('<span class="term">%s</span>') % inlines_to_html(children, ctx)
            if not anchor:
                return term
            number = ctx.document.endnote_number(term_id)
            # the link spans the term too: the raised number alone has no height to click on
            return Markup('<a class="endnote-link" id="%s" href="#%s">%s<span class="endnote-call">%d</span></a>'
                          ) % (endnote_ref_id(number), endnote_id(number), term, number)
        case _:
            assert_never(node)


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
            return Markup('<%s id="%s" class="level%d">%s</%s>') % (
                tag, heading_id, level, inlines_to_html(inlines, ctx), tag)
        case Paragraph(inlines=inlines, lead=lead):
            lead_html = Markup('<strong class="lead">%s</strong>') % inlines_to_html(lead, ctx) if lead else ""
            return Markup("<p>%s%s</p>") % (lead_html, inlines_to_html(inlines, ctx))
        case ListBlock(items=items, ordered=ordered, start=start):
            rendered = Markup("").join(Markup("<li>%s</li>") % blocks_to_html(item, ctx) for item in items)
            if ordered:
                return Markup('<ol start="%d">%s</ol>') % (start, rendered)
            return Markup("<ul>%s</ul>") % rendered
        case Table(head=head, body=body):
            def row(cells: tuple[tuple[Inline, ...], ...], tag: str) -> Markup:
                return Markup("<tr>%s</tr>") % Markup("").join(
                    Markup("<%s>%s</%s>") % (tag, inlines_to_html(cell, ctx), tag) for cell in cells)
            return Markup("<table><thead>%s</thead><tbody>%s</tbody></table>") % (
                Markup("").join(row(r, "th") for r in head), Markup("").join(row(r, "td") for r in body))
        case Quote(blocks=children):
            return Markup("<blockquote>%s</blockquote>") % blocks_to_html(children, ctx)
        case Glossary(title=title):
            return glossary_to_html(title, ctx)
        case _:
            assert_never(block)


def glossary_entry_to_html(number: int, entry: GlossaryEntry, ctx: HtmlContext) -> Markup:
    """One glossary entry: its number (a link back to the endnote call), the term, the definition."""
    term = inlines_to_html(entry.term, ctx)
    definition = blocks_to_inline_html(entry.definition, ctx)
    if entry.anchored:
        label = Markup('<a class="endnote-back" href="#%s">%d.</a>') % (endnote_ref_id(number), number)
    else:
        label = Markup('<span class="endnote-back">%d.</span>') % number
    return Markup('<p class="glossary-entry" id="%s">%s<span class="glossary-term">%s</span>'
                  '<span class="glossary-colon">：</span>%s</p>') % (endnote_id(number), label, term, definition)


def glossary_to_html(title: str, ctx: HtmlContext) -> Markup:
    entries = Markup("\n").join(glossary_entry_to_html(number, entry, ctx)
                                for number, entry in enumerate(ctx.document.glossary, start=1))
    return Markup('<section class="glossary" id="glossary">\n<h2 class="glossary-title">%s</h2>\n%s\n'
                  "</section>") % (title, entries)


# ---------------------------------------------------------------------------------------- documents


def css_families(families: tuple[str, ...]) -> str:
    """A CSS font-family value; every name is quoted (CSS escaping of quotes and backslashes)."""
    return ", ".join(css_string(name) for name in families)


def css_string(text: str) -> str:
    """A CSS string literal."""
    # `<` escaped too: the stylesheet is inlined in <style>, where `</style>` would end it
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return '"' + escaped + '"'


def folio_content(format_: str) -> str:
    """A CSS `content` value for the folio format: `— {n} —` → `"— " counter(page) " —"`."""
    before, _, after = format_.partition("{n}")
    parts = [css_string(before)] if before else []
    parts.append("counter(page)")
    if after:
        parts.append(css_string(after))
    return " ".join(parts)


def template_environment(layout: Layout) -> jinja2.Environment:
    """The Jinja2 environment of a layout: its folder only, autoescape on, strict undefined."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layout.folder),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "j2"),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # CSS-escaped, so safe from HTML autoescape inside <style>
    environment.filters["families"] = lambda families: Markup(css_families(families))
    environment.filters["css_string"] = lambda text: Markup(css_string(text))
    return environment


def render_css(layout: Layout, environment: jinja2.Environment | None = None) -> str:
    """The layout's stylesheet with its numbers filled in."""
    environment = environment or template_environment(layout)
    roles: dict[Role, Markup] = {role: Markup(css_families(layout.fonts[role])) for role in ROLES}
    # CSS is not HTML: the values are CSS-escaped by css_string and marked safe for autoescape
    template = environment.get_template(STYLE_TEMPLATE)
    return str(template.render(layout=layout, families=roles, folio_content=Markup(folio_content(
        layout.folio.format))))


def write_html(document: Document, layout: Layout) -> str:
    """The whole document as one HTML string, stylesheet inlined."""
    environment = template_environment(layout)
    ctx = HtmlContext(document)
    try:
        css = render_css(layout, environment)
        template = environment.get_template(DOCUMENT_TEMPLATE)
        glossary_title = document.meta.glossary_title or layout.notes.glossary_title
        return template.render(
            meta=document.meta,
            layout=layout,
            css=Markup(css),
            body=blocks_to_html(_with_glossary_title(document.blocks, glossary_title), ctx),
            toc=toc_entries(document, glossary_title) if document.meta.toc else [],
            title_text=document.meta.title or (plain_text(document.blocks[0].inlines)
                                               if document.blocks and isinstance(document.blocks[0], Heading)
                                               else Path(document.path).stem),
        )
    except jinja2.TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else layout.folder
        raise LayoutError(f"{where}: template error: {exc}") from exc


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    target: str  # the id of the heading or section the entry links to
    text: str


TOC_DEPTH = 2  # 一、 and （一）: deeper levels would crowd a report's contents page


def toc_entries(document: Document, glossary_title: str) -> list[TocEntry]:
    """The table of contents: headings of levels 1–2 and the glossary, in document order."""
    entries: list[TocEntry] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= TOC_DEPTH:
            entries.append(TocEntry(block.level, block.id, plain_text(block.inlines)))
        elif isinstance(block, Glossary) and document.glossary:
            entries.append(TocEntry(1, "glossary", block.title or glossary_title))
    return entries


def _with_glossary_title(blocks: tuple[Block, ...], title: str) -> tuple[Block, ...]:
    return tuple(Glossary(title=block.title or title, pos=block.pos) if isinstance(block, Glossary) else block
                 for block in blocks)
