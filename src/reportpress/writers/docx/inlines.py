"""Model inlines → runs: text in character styles, links, pictures, citations, note calls.

In: a tuple of model inlines, the `RunTarget` they go into and the `DocxWriter` (which owns the
notes and bookmarks). Out: runs carrying style names only; a footnote or term reference asks the
writer for the note it calls. One `match` per node type, ending in `assert_never`.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from typing import TYPE_CHECKING, assert_never

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu

from reportpress import resolve
from reportpress.errors import RenderError
from reportpress.layouts import ElementKind
from reportpress.model import (
    Block,
    Citation,
    Emphasis,
    FootnoteRef,
    Image,
    Inline,
    LineBreak,
    Link,
    Paragraph,
    SourcePos,
    Strong,
    TermRef,
    Text,
)
from reportpress.pictures import PictureBox, upright
from reportpress.typeset.balance import call_widths as balance_call_widths
from reportpress.writers.docx.bookmarks import reference_bookmark
from reportpress.writers.docx.ooxml import make_element
from reportpress.writers.docx.sinks import Place, RunFormat, RunTarget
from reportpress.writers.docx.styles import (
    CITATION,
    EMPHASIS,
    HEADING2_LEAD,
    HYPERLINK,
    LEAD,
    PARAGRAPH_KINDS,
    STRONG,
    emphasis_face,
    lead_style,
)

if TYPE_CHECKING:
    from reportpress.writers.docx.document import DocxWriter


def inlines_to_docx(inlines: tuple[Inline, ...], target: RunTarget, writer: DocxWriter,
                    run_format: RunFormat) -> None:
    for node in inlines:
        inline_to_docx(node, target, writer, run_format)


def note_body_to_docx(blocks: tuple[Block, ...], target: RunTarget, place: Place, writer: DocxWriter) -> None:
    """A note's or a glossary entry's body: its first paragraph runs on in `target` (after the note's
    mark or the entry's term, as the print copy sets it), any further blocks follow at `place`."""
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph):
        inlines_to_docx(first.lead, target, writer, RunFormat(style=lead_style(first.lead)))
        inlines_to_docx(first.inlines, target, writer, RunFormat())
        blocks = blocks[1:]
    for block in blocks:
        writer.write_block(block, place)


def inline_to_docx(node: Inline, target: RunTarget, writer: DocxWriter, run_format: RunFormat) -> None:
    """Write one model inline as runs (or a note reference) into `target`."""
    match node:
        case Text(text=text):
            if text:
                target.add_text(text, run_format)
        case Strong(inlines=children):
            inlines_to_docx(children, target, writer, run_format.within(STRONG, writer.character_looks))
        case Emphasis(inlines=children):
            inner = run_format.within(EMPHASIS, writer.character_looks)
            face = emphasis_face(writer.layout, emphasis_context(target, run_format, writer))
            # over the Emphasis style's 楷 where the text around is 楷 itself (Layout.emphasis_role)
            inlines_to_docx(children, target, writer, inner if face is None else replace(inner, font=face))
        case Link(inlines=children, url=url):
            link = hyperlink(url, target, writer)
            inlines_to_docx(children, link, writer, run_format.within(HYPERLINK, writer.character_looks))
        case Image(src=src, alt=alt, pos=pos):
            image_to_docx(writer.image_data(src, pos), src, alt, target, writer, pos)
        case LineBreak():
            target.add_text("\n", run_format)  # python-docx turns "\n" into <w:br/>
        case FootnoteRef(id=note_id, pos=pos):
            writer.add_footnote(note_id, target, pos)
        case Citation(keys=keys):
            citation_to_docx(keys, target, writer)
        case TermRef(term_id=term_id, inlines=children, anchor=anchor, pos=pos):
            inlines_to_docx(children, target, writer, run_format)
            if anchor:
                # Right after the term's text, like the numbered marker in the print copy.
                writer.add_endnote(term_id, target, pos)
        case _:
            assert_never(node)


def emphasis_context(target: RunTarget, run_format: RunFormat, writer: DocxWriter) -> ElementKind:
    """The kind of text an `*x*` sits in: a lead sentence or a bold `**x**` in body text (both set in
    the lead role), else its paragraph's style's (`styles.PARAGRAPH_KINDS`), body text by default."""
    kind = PARAGRAPH_KINDS.get(target.paragraph._p.style or "", "body")
    if run_format.style == HEADING2_LEAD:  # a run-in （一） heading, 楷 as a stand-alone one
        return "heading2"
    if run_format.style == LEAD or (run_format.style == STRONG and kind in ("body", "note")
                                    and writer.layout.styles.bold_strong):
        return "lead"
    return kind


def citation_to_docx(keys: tuple[str, ...], target: RunTarget, writer: DocxWriter) -> None:
    """`[2-5]` as a superscript run inside a link to the first cited entry's bookmark (`ref_2`)."""
    numbers = resolve.citation_numbers(writer.source, keys)
    link = make_element("w:hyperlink", {"w:anchor": reference_bookmark(numbers[0]), "w:history": "1"})
    target.element.append(link)
    RunTarget(link, target.paragraph, target.note).add_text(resolve.citation_label(numbers),
                                                            RunFormat(style=CITATION))


def image_to_docx(data: bytes, src: str, alt: str, target: RunTarget, writer: DocxWriter, pos: SourcePos,
                  box: PictureBox | None = None) -> None:
    """An inline picture (`data`, the file `src`) at its natural size, shrunk to the text width when wider;
    at `box`'s size when given (a picture alone in its paragraph: the print copy's, `pictures.picture_box`)."""
    run = target.add_text("", RunFormat())
    try:
        shape = run.add_picture(BytesIO(upright(data)))  # turned as the print copy shows it (EXIF)
    except (OSError, UnrecognizedImageError) as exc:
        raise RenderError(f"{pos}: cannot put image {src} into the DOCX: {exc}") from exc
    width = writer.layout.page.text_width.emu
    if box is not None:
        shape.width, shape.height = Emu(box.width.emu), Emu(box.height.emu)
    elif shape.width > width:
        shape.height = Emu(round(shape.height * width / shape.width))
        shape.width = Emu(width)
    shape._inline.docPr.set("descr", alt)  # the alt text Word reads aloud; python-docx has no API


def hyperlink(url: str, target: RunTarget, writer: DocxWriter) -> RunTarget:
    """A `w:hyperlink` in `target`: to a heading's bookmark for `#id`, else to an external URL."""
    if url.startswith("#"):
        attrs = {"w:anchor": writer.bookmarks.get(url[1:], url[1:]), "w:history": "1"}
    else:
        # The relationship belongs to the part holding the paragraph: the body or a notes part.
        rid = target.paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        attrs = {"r:id": rid, "w:history": "1"}
    link = make_element("w:hyperlink", attrs)
    target.element.append(link)
    return RunTarget(link, target.paragraph, target.note)


def call_widths(inlines: tuple[Inline, ...], writer: DocxWriter, tracking: float) -> dict[int, float]:
    """The raised calls in `inlines`, none of which `plain_text` holds: each one's width in em of the
    line, by the offset into the plain text it follows; a footnote's mark the widest of the document's,
    as Word numbers them."""
    document = writer.source
    count = max(len(document.footnotes) - len(document.end_notes), 1)
    widest = resolve.circled(count) if writer.layout.notes.footnote_marker == "circled" else str(count)
    marks = resolve.call_marks(inlines, document, footnote_mark=lambda: widest, end_marker=writer.end_marker)
    return balance_call_widths(marks, tracking)
