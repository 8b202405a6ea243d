"""Issue 10's back-matter blocks → Word: glossary title, end notes, reference list, sign-off, appendices.

In: `Glossary`, `EndNotes`, `References`, `SignOff` and `Appendix` blocks of the model, and the
`DocxWriter` writing the document. Out: the glossary's title (whose end calls the unused entries'
endnotes, and after which a section ends so that the endnotes print under it), the end notes' title
(then the notes as text, or the end of a section whose endnotes they are), the reference list with a
bookmark per entry, the sign-off or imprint lines, and each appendix: label, title and its blocks.
Titles and labels come from `reportpress.resolve`, as the PDF's do.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reportpress import resolve
from reportpress.layouts import EndNoteMarker, Layout
from reportpress.model import (
    Appendix,
    EndNotes,
    Footnote,
    Glossary,
    LineBreak,
    Reference,
    References,
    SignOff,
)
from reportpress.units import Length
from reportpress.walk import iter_inlines
from reportpress.writers.docx.bookmarks import end_note_bookmark, end_note_call_bookmark, reference_bookmark
from reportpress.writers.docx.inlines import call_widths, inlines_to_docx, note_body_to_docx
from reportpress.writers.docx.ooxml import Element, make_element, qn, set_child
from reportpress.writers.docx.sinks import BodySink, Place, RunFormat, RunTarget
from reportpress.writers.docx.styles import (
    APPENDIX_LABEL,
    APPENDIX_TITLE,
    ENDNOTE_REFERENCE,
    ENDNOTE_TEXT,
    GLOSSARY_HEADING,
    IMPRINT,
    NOTES_HEADING,
    REFERENCE_ENTRY,
    SIGN_OFF,
    exact_spacing,
    wrapped_title_spacing,
)
from reportpress.writers.html import (
    END_NOTES_ID,
    GLOSSARY_ID,
    IMPRINT_RULE,
    IMPRINT_THIN_RULE,
    REFERENCES_ID,
    broken_inlines,
    imprint_height,
    imprint_rows,
)

if TYPE_CHECKING:
    from reportpress.writers.docx.document import DocxWriter


def glossary_to_docx(block: Glossary, place: Place, writer: DocxWriter) -> None:
    """The glossary's title, whose end calls the unused entries' endnotes (`call_unused_entries`).

    Inside an appendix the appendix's label and title stand for it: its own title is not printed
    again, and the calls go at the end of the appendix title.
    """
    if writer.appendix_title is not None:
        writer.call_unused_entries(writer.appendix_title)
    else:
        paragraph = place.sink.add_paragraph(GLOSSARY_HEADING)
        writer.bookmark_around(paragraph, GLOSSARY_ID,
                               lambda: paragraph.add_run(writer.glossary_title(block)))
        writer.call_unused_entries(RunTarget(paragraph._p, paragraph))
    writer.end_section_here(place)  # the entries print here, not after the last page


def end_notes_to_docx(block: EndNotes, place: Place, writer: DocxWriter) -> None:
    """The end notes' title, then the notes: as text (`DocxWriter.end_notes_as_text`), each `① text`
    with its mark linking back to its first call; else Word endnotes, printed here by ending a section."""
    title = place.sink.add_paragraph(NOTES_HEADING)
    writer.bookmark_around(title, END_NOTES_ID,
                           lambda: title.add_run(resolve.end_notes_title(block, writer.layout)))
    if not writer.end_notes_as_text:
        writer.end_section_here(place)
        return
    marker = writer.end_marker
    assert marker is not None  # end_notes_as_text: the document has end notes
    for number, note in enumerate(writer.source.end_notes, start=1):
        end_note_to_docx(note, number, marker, place, writer)


def end_note_to_docx(note: Footnote, number: int, marker: EndNoteMarker, place: Place,
                     writer: DocxWriter) -> None:
    """One end note as the print copy sets it: its mark (on the baseline when circled or bracketed, as
    a Word endnote's head is), a space, its first paragraph; any further blocks after it."""
    paragraph = place.sink.add_paragraph(ENDNOTE_TEXT)
    p = paragraph._p
    bookmark_id = writer.end_note_bookmark_id(number)
    p.append(make_element("w:bookmarkStart", {"w:id": bookmark_id, "w:name": end_note_bookmark(number)}))
    back = make_element("w:hyperlink", {"w:anchor": end_note_call_bookmark(number), "w:history": "1"})
    p.append(back)
    mark_format = RunFormat(style=ENDNOTE_REFERENCE) if marker == "superscript" else RunFormat()
    RunTarget(back, paragraph, note=True).add_text(resolve.end_note_mark(marker, number), mark_format)
    p.append(make_element("w:bookmarkEnd", {"w:id": bookmark_id}))
    target = RunTarget(p, paragraph, note=True)  # Word notes hold no notes; neither does this text
    target.add_text(" ", RunFormat())
    note_body_to_docx(note.blocks, target, replace(place, style=ENDNOTE_TEXT, note=True), writer)


def references_to_docx(block: References, place: Place, writer: DocxWriter) -> None:
    """The title, then `[1] text` per entry (GB/T 7714 numeric order), each inside bookmark `ref_N`.

    The numbers are text, not a Word list: they are the numbers the citations show, and a Word list
    would renumber them whenever a user edits the list.
    """
    title = place.sink.add_paragraph(NOTES_HEADING)
    writer.bookmark_around(title, REFERENCES_ID,
                           lambda: title.add_run(resolve.references_title(block, writer.layout)))
    first_id = len(writer.bookmarks)  # bookmark ids after the headings' (`bookmark_around`)
    for number, entry in enumerate(writer.source.references, start=1):
        reference_entry_to_docx(entry, number, first_id + number - 1, place, writer)


def reference_entry_to_docx(entry: Reference, number: int, bookmark_id: int, place: Place,
                            writer: DocxWriter) -> None:
    paragraph = place.sink.add_paragraph(REFERENCE_ENTRY)
    p = paragraph._p
    p.append(make_element("w:bookmarkStart", {"w:id": bookmark_id, "w:name": reference_bookmark(number)}))
    target = RunTarget(p, paragraph, place.note)
    target.add_text(f"[{number}] ", RunFormat())
    inlines_to_docx(entry.inlines, target, writer, RunFormat())
    p.append(make_element("w:bookmarkEnd", {"w:id": bookmark_id}))


def sign_off_to_docx(block: SignOff, place: Place, writer: DocxWriter) -> None:
    """One right-aligned paragraph per line; the first with one blank line above it (GB/T 9704 §7.3.5):
    one line pitch of space before, which keeps the page's line grid. An imprint: `imprint_to_docx`."""
    if block.kind == "imprint":
        imprint_to_docx(block, place, writer)
        return
    style = SIGN_OFF
    pitch = writer.layout.line_pitch
    for index, (line, indent) in enumerate(zip(block.lines, resolve.signoff_indents(block), strict=True)):
        paragraph = place.sink.add_paragraph(style)
        properties = paragraph._p.get_or_add_pPr()
        if index == 0:
            spacing = exact_spacing(pitch)
            spacing.set(qn("w:before"), str(pitch.twips))
            set_child(properties, spacing)
        # the line's own distance from the right edge, as the print copy's (resolve.signoff_indents)
        set_child(properties, make_element("w:ind", {
            "w:rightChars": round(indent * 100), "w:right": Length(indent * writer.layout.char_pitch).twips,
            "w:firstLineChars": 0, "w:firstLine": 0}))
        inlines_to_docx(line, RunTarget(paragraph._p, paragraph, place.note), writer, RunFormat())


def imprint_to_docx(block: SignOff, place: Place, writer: DocxWriter) -> None:
    """The 版记 (GB/T 9704 §7.4) as the print copy sets it: at the foot of the page it falls on — the
    last — in a frame (`w:framePr`, `imprint_frame`) whose bottom is the text block's, so its last rule
    lies on the text block's edge (§7.4.1); a 0.35 mm rule above the first row and below the
    last; each row `organisation → date` (`html.imprint_rows`, the PDF's) on the style's two tabs.
    Text wraps around the frame, so it never covers the page's last lines. In a cell or a note (a model
    made by hand) the rows stay where they are, unframed."""
    rows = imprint_rows(block)
    framed = isinstance(place.sink, BodySink) and not place.note
    for index, (left, right) in enumerate(rows):
        paragraph = place.sink.add_paragraph(IMPRINT)
        properties = paragraph._p.get_or_add_pPr()
        if framed:
            set_child(properties, imprint_frame(block, writer.layout))
        # the thin rule between rows as each row's bottom but the last's (§7.4.1)
        borders = [_imprint_rule("top") if index == 0 else None,
                   _imprint_rule("bottom") if index == len(rows) - 1 else _imprint_rule("bottom", IMPRINT_THIN_RULE)]
        set_child(properties, make_element("w:pBdr", children=borders))
        target = RunTarget(paragraph._p, paragraph, place.note)
        paragraph._p.append(make_element("w:r", children=[make_element("w:tab")]))
        inlines_to_docx(left, target, writer, RunFormat())
        if right:
            paragraph._p.append(make_element("w:r", children=[make_element("w:tab")]))
            inlines_to_docx(right, target, writer, RunFormat())


def imprint_frame(block: SignOff, layout: Layout) -> Element:
    """A frame as wide as the text block and as high as the imprint (`html.imprint_height`, the PDF's),
    its bottom on the text block's bottom edge: placed from the page's top (`vAnchor` page, `w:y`, as
    the cover's foot), which LibreOffice 7.4 honours on every page — it misplaces `yAlign` bottom on a
    section's first page by half a line. Text wraps around it (ECMA-376 §17.3.1.11)."""
    page = layout.page
    height = imprint_height(block, layout)
    return make_element("w:framePr", {"w:w": page.text_width.twips, "w:h": height.twips, "w:hRule": "exact",
                                      "w:wrap": "around", "w:hAnchor": "margin", "w:vAnchor": "page",
                                      "w:xAlign": "center", "w:y": Length(page.height - page.bottom - height).twips})


def _imprint_rule(side: str, thickness: Length = IMPRINT_RULE) -> Element:
    # w:sz is in eighths of a point: 0.35 mm is 0.99 pt, 8; 0.25 mm 0.71 pt, 6; no space between the rule
    # and the text
    return make_element(f"w:{side}", {"w:val": "single", "w:sz": round(thickness.pt * 8), "w:space": 0,
                                      "w:color": "auto"})


def appendix_to_docx(block: Appendix, place: Place, writer: DocxWriter) -> None:
    """GB/T 9704 §8: a new page (the label style's page break), `附件1` flush left, the title centred,
    then the appendix's blocks in the body's styles (its headings keep Heading N)."""
    label = place.sink.add_paragraph(APPENDIX_LABEL)
    writer.bookmark_around(label, block.id,
                           lambda: label.add_run(resolve.appendix_label(block, writer.layout)))
    title = place.sink.add_paragraph(APPENDIX_TITLE)
    target = RunTarget(title._p, title, place.note)
    # a glossary appendix without a heading of its own is titled by the glossary; broken where the print
    # copy breaks it, and set in its leading when that takes more than one line
    title_inlines = resolve.appendix_title(writer.source, block, writer.layout)
    inlines = broken_inlines(title_inlines, "appendix-title", writer.layout,
                             lambda tracking: call_widths(title_inlines, writer, tracking))
    inlines_to_docx(inlines, target, writer, RunFormat())
    breaks = sum(isinstance(node, LineBreak) for node in iter_inlines(inlines))
    spacing = wrapped_title_spacing(writer.layout, 1 + breaks)
    if spacing is not None:
        set_child(title._p.get_or_add_pPr(), spacing)
    outer, writer.appendix_title = writer.appendix_title, target
    try:
        for child in block.blocks:
            writer.write_block(child, place)
    finally:
        writer.appendix_title = outer
