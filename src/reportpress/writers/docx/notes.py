"""Real Word footnotes and endnotes: the notes parts, reference runs and note properties.

In: a python-docx `Document` and a `Layout` (footnote marker style). Out: `word/footnotes.xml` and
`word/endnotes.xml` with their separators, one `w:footnote`/`w:endnote` per note, the reference runs
that call them, and the numbering properties in settings.xml and every `w:sectPr`.

python-docx 1.2 has the part constants but no notes API (python-docx#1), so this module holds the raw
OOXML (ECMA-376 Part 1 §17.11; docx.md §1 has the exact XML and the traps):
- the notes root declares `xmlns:r`, or docx2python 3.7 fails with `KeyError: 'r'`;
- separators −1 and 0 are listed in settings (a special note "shall be referenced in this list, or it
  shall not be loaded"), and that list requires both parts to exist, so both are always written;
- Word's endnote default format is lowerRoman (MS-OI29500 §2.1.306) and LibreOffice 7.4 reads the
  format only from `w:sectPr`, so `decimal` is written in settings and in every section;
- no `w:pos docEnd`: it is the default, and openxml-audit 0.8 wrongly rejects it (§0.8); `sectEnd`
  is written by `sections.py` when a section ends under the notes' title;
- end notes (issue 10) are `decimalEnclosedCircle` when circled; beside a glossary they are text, not
  endnotes (`DocxWriter.end_notes_as_text`); an unused glossary entry's call is a custom mark
  (`w:customMarkFollows`), which takes no automatic number;
- the endnote separators are empty 1 pt paragraphs: Word draws its separator rule from the
  `w:separator` run of note −1, which would stand under the glossary title; footnotes keep theirs;
- LibreOffice 7.4 pairs notes and calls by their order in the part, not by id: ids follow the calls.
"""

from __future__ import annotations

from typing import Literal

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.parts.story import StoryPart

from reportpress.layouts import EndNoteMarker, Layout
from reportpress.resolve import GLOSSARY_NUMBER_STOP
from reportpress.writers.docx.ooxml import Element, make_element, qn, set_child
from reportpress.writers.docx.styles import (
    ENDNOTE_REFERENCE,
    ENDNOTE_TEXT,
    FOOTNOTE_REFERENCE,
    FOOTNOTE_TEXT,
    Style,
)

NoteKind = Literal["footnote", "endnote"]
NOTE_KINDS: tuple[NoteKind, ...] = ("footnote", "endnote")

# ST_NumberFormat of the footnote marker styles; ST_RestartNumber of `[notes] footnote_numbering`.
FOOTNOTE_FORMATS = {"circled": "decimalEnclosedCircle", "decimal": "decimal"}
FOOTNOTE_RESTARTS = {"page": "eachPage", "document": "continuous"}

_PARTS = {
    "footnote": (RT.FOOTNOTES, CT.WML_FOOTNOTES, FOOTNOTE_TEXT, FOOTNOTE_REFERENCE),
    "endnote": (RT.ENDNOTES, CT.WML_ENDNOTES, ENDNOTE_TEXT, ENDNOTE_REFERENCE),
}

_SEPARATOR = (
    '<w:{kind} w:type="{type}" w:id="{id}"><w:p><w:pPr><w:snapToGrid w:val="0"/>'
    '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    '<w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr><w:r><w:{type}/></w:r></w:p></w:{kind}>'
)
# No rule: what Word writes when a user deletes the endnote separator (Draft view, References → Show
# Notes → Endnote Separator), one empty paragraph, here exactly 1 pt high so it takes no visible space.
_NO_SEPARATOR = (
    '<w:{kind} w:type="{type}" w:id="{id}"><w:p><w:pPr><w:snapToGrid w:val="0"/>'
    '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr></w:p></w:{kind}>'
)


class NotesPart(StoryPart):
    """`word/footnotes.xml` or `word/endnotes.xml`; a StoryPart, so style lookups work inside notes."""


# Parse these parts when a DOCX is opened again (tests, or a user's script), instead of keeping bytes.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = NotesPart
PartFactory.part_type_for[CT.WML_ENDNOTES] = NotesPart


def text_style(kind: NoteKind) -> Style:
    return _PARTS[kind][2]


def notes_part(document: DocxDocument, kind: NoteKind) -> NotesPart:
    """The document's footnotes or endnotes part, created with its two separators when missing."""
    reltype, content_type = _PARTS[kind][0], _PARTS[kind][1]
    try:
        part = document.part.part_related_by(reltype)
    except KeyError:
        # endnotes follow the glossary's (or the end notes') title: a rule under a title is wrong
        separator = _NO_SEPARATOR if kind == "endnote" else _SEPARATOR
        xml = (f"<w:{kind}s {nsdecls('w', 'r')}>"
               + separator.format(kind=kind, type="separator", id=-1)
               + separator.format(kind=kind, type="continuationSeparator", id=0)
               + f"</w:{kind}s>")
        part = NotesPart(PackURI(f"/word/{kind}s.xml"), content_type, parse_xml(xml),
                         document.part.package)
        document.part.relate_to(part, reltype)  # python-docx writes the [Content_Types] Override
    assert isinstance(part, NotesPart)
    return part


def new_note(part: NotesPart, kind: NoteKind, note_id: int) -> Element:
    """An empty `w:footnote`/`w:endnote` with `note_id`, kept in id order in `part`."""
    note = make_element(f"w:{kind}", {"w:id": note_id})
    later = [n for n in part.element.findall(qn(f"w:{kind}")) if int(n.get(qn("w:id"))) > note_id]
    if later:
        later[0].addprevious(note)
    else:
        part.element.append(note)
    return note


def mark_note(note: Element, kind: NoteKind, mark: list[Element] | None = None) -> None:
    """Start the note's first paragraph with its number (`w:footnoteRef`) and a space, as Word does;
    or with the runs `mark` instead (`glossary_mark`, `end_note_entry_mark`)."""
    first = _first_paragraph(note, kind)
    ppr = first.find(qn("w:pPr"))
    at = 0 if ppr is None else 1
    if mark is None:
        mark = [_number_run(kind), _text_run(" ")]
    for offset, run in enumerate(mark):
        first.insert(at + offset, run)


def _first_paragraph(note: Element, kind: NoteKind) -> Element:
    first: Element | None = note.find(qn("w:p"))
    if first is None or note.index(first) != 0:
        first = make_element("w:p", children=[make_element("w:pPr", children=[
            make_element("w:pStyle", {"w:val": text_style(kind).id})])])
        note.insert(0, first)
    return first


def _reference_properties(kind: NoteKind, *, baseline: bool = False) -> Element:
    return make_element("w:rPr", children=[
        make_element("w:rStyle", {"w:val": _PARTS[kind][3].id}),
        # the reference style is superscript; a mark that reads as text ("5．", "①") sits on the baseline
        make_element("w:vertAlign", {"w:val": "baseline"}) if baseline else None,
    ])


def _number_run(kind: NoteKind, *, baseline: bool = False) -> Element:
    """The run printing the note's own number (`w:endnoteRef`) at the head of its text."""
    return make_element("w:r", children=[_reference_properties(kind, baseline=baseline),
                                         make_element(f"w:{kind}Ref")])


def _text_run(text: str, properties: Element | None = None) -> Element:
    return make_element("w:r", children=[properties, make_element("w:t", {"xml:space": "preserve"}, text=text)])


def glossary_mark(custom: str | None) -> list[Element]:
    """The head of a glossary entry's endnote: `5．` — the number and a full-width stop, the term straight
    after it as in the print copy (`resolve.glossary_number`). `custom`: the entry's number
    as text, for a glossary written with custom marks (`reference_run(custom=…)`); else Word's own
    number (`w:endnoteRef`), on the baseline in Word. The number stays Word's rather than text: Word
    prints a note's number only where `w:endnoteRef` stands, but LibreOffice always draws its own label
    before a note (in its Endnote Characters style, superscript), so a text number would print twice
    there (`¹1．`). README's DOCX part has what LibreOffice shows.
    """
    number = (_number_run("endnote", baseline=True) if custom is None
              else _text_run(custom, _reference_properties("endnote", baseline=True)))
    return [number, _text_run(GLOSSARY_NUMBER_STOP)]


def end_note_entry_mark(marker: EndNoteMarker) -> list[Element]:
    """The head of an end note: its mark as in the text — `①` or `［1］` on the baseline, or a superscript
    number — then a space. The number itself is Word's (`w:endnoteRef`), so it follows the section's
    `w:numFmt`."""
    if marker == "superscript":
        return [_number_run("endnote"), _text_run(" ")]
    number = _number_run("endnote", baseline=True)
    if marker == "circled":
        return [number, _text_run(" ")]
    return [_text_run("［"), number, _text_run("］")]


def reference_run(kind: NoteKind, note_id: int, *, custom: str | None = None) -> Element:
    """The body run that calls note `note_id`: `<w:r><w:rPr><w:rStyle …Reference/></w:rPr><w:…Reference/>`.

    `custom` is a custom mark (ECMA-376 §17.11.14 `customMarkFollows`): Word and LibreOffice print the
    run's text instead of a number and leave the automatic sequence alone.
    """
    reference = make_element(f"w:{kind}Reference", {"w:id": note_id})
    children = [_reference_properties(kind), reference]
    if custom is not None:
        reference.set(qn("w:customMarkFollows"), "1")
        children.append(make_element("w:t", text=custom))
    return make_element("w:r", children=children)


def endnote_format(marker: EndNoteMarker | None) -> str:
    """The ST_NumberFormat of the automatic endnote numbers: `decimalEnclosedCircle` when the end notes
    are circled, else `decimal` (`marker` None: the document has no end notes)."""
    return "decimalEnclosedCircle" if marker == "circled" else "decimal"


def write_note_properties(document: DocxDocument, layout: Layout, marker: EndNoteMarker | None = None) -> None:
    """Note numbering in settings.xml (with the separator list) and in every section; `marker` is the
    end notes' call style, if the document has end notes."""
    for kind in NOTE_KINDS:
        notes_part(document, kind)  # the settings list below names their separators
    settings = document.settings.element
    for kind in NOTE_KINDS:
        specials = [make_element(f"w:{kind}", {"w:id": -1}), make_element(f"w:{kind}", {"w:id": 0})]
        set_child(settings, make_element(f"w:{kind}Pr", children=[*_numbering(kind, layout, marker),
                                                                   *specials]))
    for section in document.sections:
        sect_pr = section._sectPr  # python-docx has no section note properties
        for kind in NOTE_KINDS:
            set_child(sect_pr, make_element(f"w:{kind}Pr", children=_numbering(kind, layout, marker)))


def _numbering(kind: NoteKind, layout: Layout, marker: EndNoteMarker | None) -> list[Element]:
    """`w:numFmt` and `w:numRestart` (ECMA-376 §17.11.11, §17.11.19) of a footnotePr/endnotePr.

    numRestart is written even when `continuous` (its default): LibreOffice 7.4 and Word then agree
    with the layout whatever their own defaults, and a reader of the XML sees the layout's choice.
    Endnotes never restart.
    """
    number_format, restart = (endnote_format(marker), "continuous")
    if kind == "footnote":
        number_format = FOOTNOTE_FORMATS[layout.notes.footnote_marker]
        restart = FOOTNOTE_RESTARTS[layout.notes.footnote_numbering]
    return [make_element("w:numFmt", {"w:val": number_format}),
            make_element("w:numRestart", {"w:val": restart})]
