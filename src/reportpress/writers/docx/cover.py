"""The front cover: the DOCX's first section, the same cover the print PDF opens with.

In: the front matter (`Meta`), the `Layout`, and the python-docx document with its body written.
Out: a first section holding the document label (issue 10: `label:`, above the title), the title
(Title style), the subtitle, the speaker line (`author`), and the organisation and date at the foot
of the page, with no footer (ECMA-376 Part 1 §17.10.5: a first section without a
footer reference shows none); and the body section after it starting on a new page — a right-hand page
with a mirrored layout or `duplex: true` (`covers.starts_on_recto`, as in the PDF) — and numbering its
pages from 1, so its folio starts at — 1 —.

Placement follows `layouts/gov-report/cover-front.html.j2`, and both read the layout's [cover] table
through `Layout.cover_title_size` and `Layout.cover_title_drop`: the title's line starts `title_drop`
of the text block down (22 % in gov-report), at `title_max_size` at most (一号), rounded down to the
half points Word can set; title, subtitle and speaker break where the print copy breaks them (at word
boundaries, into balanced lines: `typeset.balance`), each line ended by a `w:br`; the subtitle follows
one line pitch below; organisation and date hang from the bottom edge of the text block, where the PDF's
`@bottom-center` box starts. They sit in a frame (`w:framePr`) anchored to the page, so the foot stays
put whether the title and subtitle take three lines or five.

Which cover: the rules of `writers/covers.resolve_covers`, the same as the PDF's. A cover written in HTML
cannot become Word paragraphs, so every front cover — the layout's template, another template the
front matter names, or a designer's PDF — is written as this text cover from the front matter. A
designer's PDF page is not embedded: a DOCX has no way to show a PDF page as a page. Back covers are
not written (gov-report has none). A source without a title gets no cover unless `cover:` names one.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph as DocxParagraph

from reportpress.layouts import Layout
from reportpress.model import Document, Meta
from reportpress.typeset.balance import balanced_lines
from reportpress.units import Length, Pt, floor_to
from reportpress.writers.covers import date_in_words, resolve_covers, starts_on_recto
from reportpress.writers.docx.ooxml import Element, make_element, qn, remove_children, set_child
from reportpress.writers.docx.styles import (
    AUTHOR,
    COVER_LABEL,
    NORMAL,
    SUBTITLE,
    TITLE,
    Style,
    TitleSpacing,
    centered,
    exact_spacing,
    kind_font,
    no_indent,
    run_properties,
    style_element,
    title_spacing,
)

CoverSide = Literal["front", "back"]
CoverKind = Literal["template", "pdf"]

COVER_FOOT = Style("CoverFoot", "Cover Foot")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def cover_kinds(meta: Meta, layout: Layout, source: Path) -> dict[CoverSide, CoverKind]:
    """Which covers the document has and what each is, by the PDF side's rules (`resolve_covers`).

    `source` is the document's path: a cover error names it. It also places cover PDFs, which the
    DOCX does not read.
    """
    return {spec.side: spec.kind for spec in resolve_covers(meta, layout, source)}


def has_front_cover(meta: Meta, layout: Layout, source: Path) -> bool:
    """Whether the DOCX opens with a front cover: the PDF's rules, and none for a source without a
    title unless `cover:` names one (issue 10 item 6: a title-less cover page would be blank; the
    build warns about it once, for both outputs)."""
    if not meta.title and meta.cover.front is None:
        return False
    return "front" in cover_kinds(meta, layout, source)


def title_size(title: str, layout: Layout) -> Length:
    """The print cover's title size (`Layout.cover_title_size`) rounded down to half points for Word."""
    return Pt(floor_to(layout.cover_title_size(title), 0.5))


def write_cover(document: DocxDocument, doc: Document, layout: Layout) -> None:
    """Put the front cover section before the body when the document has one."""
    # a hand-built Document has no path; name it as docx_bytes names it in its errors
    source = Path(doc.path or doc.meta.title or "document")
    meta = doc.meta
    if not has_front_cover(meta, layout, source):
        return
    document.styles.element.extend(cover_styles(layout))
    body = document.element.body
    for index, paragraph in enumerate(cover_paragraphs(meta, layout, body.sectPr)):
        body.insert(index, paragraph)
    start_body_section(body.sectPr, recto=starts_on_recto(meta, layout))


def cover_styles(layout: Layout) -> list[Element]:
    """"Cover Label": the document label in the label role, centred at the top of the text block;
    "Cover Foot": organisation and date, in the subtitle's font, one line pitch each."""
    body = kind_font(layout, "body")
    return [
        style_element("paragraph", COVER_LABEL, next_style=TITLE, custom=True, paragraph=[
            make_element("w:keepNext"), make_element("w:snapToGrid", {"w:val": False}),
            exact_spacing(layout.line_pitch), no_indent(), centered(),
        ], run=run_properties(kind_font(layout, "cover_label"), base=body)),
        # off the grid: a frame is not on the page's character grid anyway, and Word and LibreOffice
        # would otherwise round the exact pitch to it
        style_element("paragraph", COVER_FOOT, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), exact_spacing(layout.line_pitch), no_indent(),
            centered(),
        ], run=run_properties(kind_font(layout, "cover_foot"), base=body)),
    ]


def cover_paragraphs(meta: Meta, layout: Layout, body_section: Element) -> list[Element]:
    """Label, title, subtitle, speaker, the framed foot, and an empty paragraph whose mark ends the
    cover section.

    The label (`某市第十届人民代表大会第三次会议文件（十二）`) stands on the text block's first line, above
    the title, which keeps its drop; the speaker line (`author`) follows the subtitle, as printed
    session reports have them. The section break needs a paragraph of its own: Word allows no
    section break inside a frame.
    """
    paragraphs = [styled_paragraph(COVER_LABEL, meta.label)] if meta.label else []
    paragraphs.append(title_paragraph(meta.title, layout, after_label=bool(meta.label)))
    for text, style, role in ((meta.subtitle, SUBTITLE, "cover-subtitle"), (meta.author, AUTHOR, "cover-author")):
        if text:
            paragraphs.append(cover_line_paragraph(text, style, role, layout))
    for line in (meta.organization, date_in_words(meta.date)):
        if line:
            paragraphs.append(styled_paragraph(COVER_FOOT, line, foot_frame(layout)))
    paragraphs.append(make_element("w:p", children=[
        make_element("w:pPr", children=[cover_section(body_section)])]))
    return paragraphs


def title_paragraph(title: str, layout: Layout, *, after_label: bool = False) -> Element:
    """The title in the Title style, at the cover's size and place as direct formatting.

    Not a style of its own: readers take the document's title from a leading paragraph styled
    exactly Title (pandoc's docx reader does; Word's built-in Title is what a user looks for), and
    the cover title now leads the document.
    """
    size = title_size(title, layout)
    line = Length(size * layout.cover.title_line_height)
    # the label's line comes out of the drop, so the title stands where it stands without a label
    drop = Length(layout.cover_title_drop - (layout.line_pitch if after_label else 0))
    spacing = make_element("w:spacing", {"w:before": drop.twips,
                                         "w:after": layout.line_pitch.twips, "w:line": line.twips,
                                         "w:lineRule": "exact"})
    run_size = make_element("w:rPr", children=[make_element("w:sz", {"w:val": size.half_points}),
                                               make_element("w:szCs", {"w:val": size.half_points})])
    paragraph = styled_paragraph(TITLE, balanced_lines(title, "cover-title", layout))
    set_child(paragraph[0], spacing)
    paragraph[1].insert(0, run_size)
    return paragraph


def cover_line_paragraph(text: str, style: Style, role: str, layout: Layout) -> Element:
    """The subtitle or the speaker line in `style`, in the lines and at the size the print cover sets
    it (`Layout.cover_line_size`: the role's size, or smaller to keep a name whole on lines that do not
    grow downward), the size as direct formatting when it is not the style's.

    Set smaller, it is off the character grid (`w:snapToGrid` 0, as the label and the foot are): on the
    grid Word and LibreOffice give each character the body's pitch whatever its size, and a line of 13
    pt would hold no more characters than one of 16 pt — it would wrap where the PDF's does not."""
    paragraph = styled_paragraph(style, balanced_lines(text, role, layout))
    size = layout.cover_line_size(text, role)
    if size.half_points != layout.sizes["subtitle" if role == "cover-subtitle" else "author"].half_points:
        set_child(paragraph[0], make_element("w:snapToGrid", {"w:val": False}))
        paragraph[1].insert(0, make_element("w:rPr", children=[
            make_element("w:sz", {"w:val": size.half_points}), make_element("w:szCs", {"w:val": size.half_points})]))
    return paragraph


def styled_paragraph(style: Style, text: str | Sequence[str], frame: Element | None = None) -> Element:
    """A paragraph in `style` holding `text`, or the lines `text` gives, in one run (`lines_run`)."""
    properties = make_element("w:pPr", children=[make_element("w:pStyle", {"w:val": style.id}), frame])
    return make_element("w:p", children=[properties, lines_run([text] if isinstance(text, str) else text)])


def lines_run(lines: Sequence[str]) -> Element:
    """One run holding `lines`, a `w:br` between each two (ECMA-376 Part 1 §17.3.3.1: a text wrapping
    break, the `<br>` of the print copy): the paragraph's text is the lines joined, in order."""
    children: list[Element] = []
    for index, line in enumerate(lines):
        if index:
            children.append(make_element("w:br"))
        text = make_element("w:t", text=line)
        if line != line.strip():  # Word drops a line's edge spaces unless told to keep them
            text.set(XML_SPACE, "preserve")
        children.append(text)
    return make_element("w:r", children=children)


def add_balanced_text(paragraph: DocxParagraph, text: str, role: str, layout: Layout) -> None:
    """Add `text` to a python-docx paragraph as one run, broken in `role` as the print copy breaks it
    (`typeset.balance`): for the title block the body section repeats under the cover. A title that
    breaks takes the title's display leading, its first line where a one-line title's stands and the
    same space under it (`title_spacing`); the padding to whole line pitches goes to the title block's
    last paragraph, each subtitle or speaker line taking it over from the paragraph above
    (`carry_title_padding`), so the gap from the title to the subtitle does not depend on its lines."""
    lines = balanced_lines(text, role, layout)
    paragraph._p.append(lines_run(lines))
    if role == "title" and len(lines) > 1:
        spacing = body_title_spacing(layout, len(lines))
        set_child(paragraph._p.get_or_add_pPr(),
                  exact_spacing(spacing.line, before=spacing.before, after=Length(spacing.after + spacing.rest)))
    elif role in ("subtitle", "author"):
        carry_title_padding(paragraph, layout, Length(layout.line_pitch if role == "author" else 0))


def body_title_spacing(layout: Layout, lines: int) -> TitleSpacing:
    """The title block's title in `lines` lines: its one-line form is one grid line (the Title style's)."""
    return title_spacing(layout, lines, one_line=layout.line_pitch, rest_below=False)


def carry_title_padding(paragraph: DocxParagraph, layout: Layout, after: Length) -> None:
    """Move the grid padding of a wrapped title from the title block's paragraph before `paragraph`
    (the title, or a subtitle that took it over) down to `paragraph`, whose style leaves `after` below
    it: the padding sits at the block's foot, where the print copy puts it (`.title-block:has(…)`)."""
    previous = paragraph._p.getprevious()
    if previous is None or previous.tag != qn("w:p"):
        return
    style = previous.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    spacing = previous.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    if style is None or spacing is None:
        return
    if style.get(qn("w:val")) == TITLE.id:
        lines = 1 + len(previous.findall(f".//{qn('w:br')}"))
        title = body_title_spacing(layout, lines)
        spacing.set(qn("w:after"), str(title.after.twips))
        rest = title.rest
    elif style.get(qn("w:val")) == SUBTITLE.id:
        rest = Length(int(spacing.get(qn("w:after"), "0")) / 20)
        spacing.getparent().remove(spacing)  # back to the style's spacing
    else:
        return
    if rest > 0:
        set_child(paragraph._p.get_or_add_pPr(), exact_spacing(layout.line_pitch, after=Length(after + rest)))


def foot_frame(layout: Layout) -> Element:
    """A frame as wide as the text block, centred, its top at the text block's bottom edge.

    Consecutive paragraphs with identical frame properties share one frame (§17.3.1.11).
    """
    page = layout.page
    top = Length(page.height - page.bottom)
    return make_element("w:framePr", {"w:w": page.text_width.twips, "w:wrap": "around", "w:hAnchor": "margin",
                                      "w:vAnchor": "page", "w:xAlign": "center", "w:y": top.twips})


def cover_section(body_section: Element) -> Element:
    """The cover's `w:sectPr`: the body's page, grid and note formats, without footers or numbering."""
    section = copy.deepcopy(body_section)
    remove_children(section, "w:headerReference", "w:footerReference", "w:type", "w:pgNumType", "w:titlePg")
    return section


def start_body_section(body_section: Element, *, recto: bool) -> None:
    """The body starts on a new page — a recto (Word adds a blank verso) when `recto` — and counts from 1."""
    set_child(body_section, make_element("w:type", {"w:val": "oddPage" if recto else "nextPage"}))
    set_child(body_section, make_element("w:pgNumType", {"w:start": 1}))

