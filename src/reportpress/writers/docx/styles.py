"""Layout numbers → Word styles, East Asian fonts and the font table.

In: a `Layout` (fonts, sizes and weights per role, line pitch, indent, typesetting switches, `[styles]`,
`[docx]`) and the document language. Which role a style's text takes is `layouts.ELEMENT_ROLES`
(`kind_font`); the Emphasis, Strong, Hyperlink, Table Grid and Quote looks are `[styles]`, the fields the
print copy's stylesheet reads too. Out: `word/styles.xml` rebuilt from scratch, `word/fontTable.xml`
listing the families the styles name, and the theme's font scheme pointed at the same families.

Why from scratch: python-docx's template carries 438 KB of Word 2010 styles whose `w:rFonts` use
theme attributes, and a theme font wins over `w:eastAsia` (ECMA-376 §17.3.2.26), so 仿宋_GB2312 would
never show; its headings are blue Calibri. Styles keep Word's built-in names (`heading 1`, `footnote
text`, `Title`, …, matched by `w:name`) so Word's styles pane, navigation pane and TOC find them, and a
user changes, say, every lead sentence by editing the one `Lead` style. GB/T 9704-2012 §5.2, §7.3 and
typography.md §a give the numbers; docx.md §2 the XML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal, assert_never

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress import resolve
from reportpress.docx_options import docx_options, grid_kind
from reportpress.layouts import BOLD_WEIGHT, ELEMENT_ROLES, ElementKind, Layout, Role, heading_role
from reportpress.model import Inline
from reportpress.units import Length
from reportpress.writers.docx import fonttable
from reportpress.writers.docx.latent import latent_styles
from reportpress.writers.docx.ooxml import Element, make_element

StyleType = Literal["paragraph", "character", "table", "numbering"]
HAN = re.compile(r"[\u3400-\u9fff]")
DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
REFERENCE_NUMBER_EMS = 2.5  # `[12] `: five half-width characters
ZERO = Length(0)


@dataclass(frozen=True, slots=True)
class Style:
    """A style's id (what `w:pStyle`/`w:rStyle` name) and its name (what Word and python-docx look up)."""

    id: str
    name: str


NORMAL = Style("Normal", "Normal")
TITLE = Style("Title", "Title")
SUBTITLE = Style("Subtitle", "Subtitle")
AUTHOR = Style("Author", "Author")  # Word has no built-in for the speaker line
HEADINGS = {level: Style(f"Heading{level}", f"heading {level}") for level in (1, 2, 3, 4)}
# heading 5 … 9: GB/T 9704 has four levels; these exist for a user's or a script's deeper headings
EXTRA_HEADINGS = {level: Style(f"Heading{level}", f"heading {level}") for level in range(5, 10)}
CAPTION = Style("Caption", "caption")
TABLE_UNIT = Style("TableUnit", "Table Unit")  # a table's unit line (单位：亿元): the caption's look, flush right
TABLE_NOTE = Style("TableNote", "Table Note")  # a table's notes below it (注：…): the caption's look, justified
HEADER = Style("Header", "header")  # python-docx's header template names it
# every role a style sets, body first: the font table lists their families (`font_table`)
FONT_TABLE_ROLES: tuple[Role, ...] = tuple(dict.fromkeys(("body", *ELEMENT_ROLES.values())))
GLOSSARY_HEADING = Style("GlossaryHeading", "Glossary Heading")
NOTES_HEADING = Style("NotesHeading", "Notes Heading")  # the end notes' and the reference list's titles
APPENDIX_LABEL = Style("AppendixLabel", "Appendix Label")
APPENDIX_TITLE = Style("AppendixTitle", "Appendix Title")
SALUTATION = Style("Salutation", "Salutation")
SIGN_OFF = Style("SignOff", "Sign-off")
IMPRINT = Style("Imprint", "Imprint")
REFERENCE_ENTRY = Style("ReferenceEntry", "Reference Entry")
COVER_LABEL = Style("CoverLabel", "Cover Label")
QUOTE = Style("Quote", "Quote")
LIST_PARAGRAPH = Style("ListParagraph", "List Paragraph")
TABLE_TEXT = Style("TableText", "Table Text")
FOOTER = Style("Footer", "footer")
FOOTNOTE_TEXT = Style("FootnoteText", "footnote text")
ENDNOTE_TEXT = Style("EndnoteText", "endnote text")
# a glossary entry's endnote: the print copy's glossary paragraph (the body's size, grid, indent and
# justification, in the note role's face), not the smaller note text of an end note
GLOSSARY_TEXT = Style("GlossaryText", "Glossary Text")
FOOTNOTE_REFERENCE = Style("FootnoteReference", "footnote reference")
ENDNOTE_REFERENCE = Style("EndnoteReference", "endnote reference")
LEAD = Style("Lead", "Lead")
# a lead opening with （一） (`resolve.lead_kind`): a level-2 heading set run-in, in heading 2's fonts
HEADING2_LEAD = Style("Heading2Lead", "Heading 2 Lead")
STRONG = Style("Strong", "Strong")
EMPHASIS = Style("Emphasis", "Emphasis")
CITATION = Style("CitationReference", "Citation Reference")
GLOSSARY_TERM = Style("GlossaryTerm", "Glossary Term")
PICTURE = Style("Picture", "Picture")  # a paragraph holding only pictures
HYPERLINK = Style("Hyperlink", "Hyperlink")
TOC_HEADING = Style("TOCHeading", "TOC Heading")  # the contents page's title (`toc: true`)
TOC_LEVELS = {level: Style(f"TOC{level}", f"toc {level}") for level in (1, 2)}  # Word's TOC field result
DEFAULT_FONT = Style("DefaultParagraphFont", "Default Paragraph Font")
TABLE_NORMAL = Style("TableNormal", "Normal Table")
TABLE_GRID = Style("TableGrid", "Table Grid")
NO_LIST = Style("NoList", "No List")


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleFont:
    """What a role's text is set in: East Asian and Latin family, size, bold."""

    east_asian: str
    latin: str
    size: Length
    bold: bool


def role_font(layout: Layout, role: Role) -> RoleFont:
    """The font of `role`: the first CJK family of its list goes to `w:eastAsia`.

    Latin text (`w:ascii`/`w:hAnsi`) uses `[docx] latin_font` when set, else the role's first family,
    as in the print copy, where the first installed family of the CSS stack also sets the digits.
    Roles in `[docx] regular_roles` are never bold: the layout's weight 700 for the title is there for
    the open stand-in of 方正小标宋简体, a heavy face that Word would embolden a second time.
    """
    families = layout.fonts[role]
    east_asian = next((family for family in families if HAN.search(family)), families[0])
    options = docx_options(layout)
    latin = options.latin_font or families[0]
    regular = role in options.regular_roles
    return RoleFont(east_asian=east_asian, latin=latin, size=layout.sizes[role],
                    bold=layout.weights[role] >= BOLD_WEIGHT and not regular)


def kind_font(layout: Layout, kind: ElementKind) -> RoleFont:
    """The font of text of `kind`: its role's in `layouts.ELEMENT_ROLES`, the table the print copy's
    stylesheet and the font check agree with."""
    return role_font(layout, ELEMENT_ROLES[kind])


# ------------------------------------------------------------------------------------- properties


def fonts_element(font: RoleFont) -> Element:
    # hint=eastAsia sends characters both scripts share (“” — ·) to the CJK font, as in the print copy.
    return make_element("w:rFonts", {"w:ascii": font.latin, "w:hAnsi": font.latin,
                                     "w:eastAsia": font.east_asian, "w:cs": font.latin,
                                     "w:hint": "eastAsia"})


def run_properties(font: RoleFont | None = None, *, base: RoleFont | None = None,
                   extra: Iterable[Element] = ()) -> Element:
    """`w:rPr` for `font`, leaving out what equals `base` (the font the style inherits)."""
    children: list[Element] = list(extra)
    if font is not None:
        if base is None or (font.east_asian, font.latin) != (base.east_asian, base.latin):
            children.append(fonts_element(font))
        if font.bold and (base is None or not base.bold):
            children += [make_element("w:b"), make_element("w:bCs")]
        if base is not None and base.bold and not font.bold:
            children += [make_element("w:b", {"w:val": False}), make_element("w:bCs", {"w:val": False})]
        if base is None or font.size != base.size:
            children += [make_element("w:sz", {"w:val": font.size.half_points}),
                         make_element("w:szCs", {"w:val": font.size.half_points})]
    return make_element("w:rPr", children=children)


def font_beside_heading1(layout: Layout, kind: ElementKind, extra: Iterable[Element] = ()) -> Element:
    """`w:rPr` of a style based on `heading 1` for text of `kind`: only what its role (ELEMENT_ROLES)
    sets differently from heading1's, so nothing while they share a role, as in gov-report."""
    return run_properties(kind_font(layout, kind), base=role_font(layout, heading_role(1)),
                          extra=extra)


def letter_spacing(layout: Layout, *, body: bool = True) -> list[Element]:
    """Normal's character spacing (`w:spacing`, §17.3.2.35, in 1/20 pt) when the grid is lines only:
    the layout's letter-spacing (−0.21 pt for 28 characters of 16 pt in 156 mm) rounded down to whole
    twentieths (−0.25 pt: 28 × 15.75 pt = 441 pt fit the 442.2 pt line; −0.2 pt would leave 27), as
    the PDF's `letter-spacing`. `body=False`: the 0 of the styles whose print copy has none (the title
    block, notes, the reference list, the contents title). Nothing with a character grid, which sets
    the pitch itself (`page._grid`)."""
    if grid_kind(layout) != "lines" or not layout.chars_per_line:
        return []
    value = math.floor(float(layout.letter_spacing) * 20) if body else 0
    return [make_element("w:spacing", {"w:val": value})]


def no_indent() -> Element:
    # firstLineChars beats firstLine in Word and is inherited, so "no indent" must say 0 for both.
    return make_element("w:ind", {"w:firstLineChars": 0, "w:firstLine": 0})


def first_line_indent(layout: Layout, *, sides: bool = False) -> Element:
    """Two characters in: `firstLineChars` for Word, `firstLine` in twips for LibreOffice (docx.md §0.3).

    `sides` also indents both edges by `[styles] quote_indent` characters (a block quote, as the print
    copy's margins).
    """
    attrs: dict[str, str | int | bool] = {"w:firstLineChars": 200, "w:firstLine": layout.indent.twips}
    if sides:  # `[styles] quote_indent` characters each side, as the print copy's blockquote margins
        chars = round(layout.styles.quote_indent * 100)
        attrs |= {"w:leftChars": chars, "w:left": layout.quote_indent.twips,
                  "w:rightChars": chars, "w:right": layout.quote_indent.twips}
    return make_element("w:ind", attrs)


def centered() -> Element:
    return make_element("w:jc", {"w:val": "center"})


def superscript() -> Element:
    return make_element("w:rPr", children=[make_element("w:vertAlign", {"w:val": "superscript"})])


def exact_spacing(line: Length, after: Length = ZERO, before: Length = ZERO) -> Element:
    return make_element("w:spacing", {"w:before": before.twips, "w:after": after.twips, "w:line": line.twips,
                                      "w:lineRule": "exact"})


def title_leading(layout: Layout) -> Length:
    """The line pitch of a title broken into lines: the title role's display leading, `[cover]
    title_line_height` × its size (1.5 × 22 = 33 pt), never under the body's line pitch."""
    return Length(max(layout.sizes["title"] * layout.cover.title_line_height, layout.line_pitch))


@dataclass(frozen=True, slots=True)
class TitleSpacing:
    """The spacing of a title broken into lines at `title_leading`: `before` and `after` put its first
    line where its one-line form's stands and the same space under its last line; `rest` is the grid
    padding that makes the block whole line pitches again, set below the title (an appendix title's
    `after` holds it) or at the title block's foot (`rest`, for the block's last paragraph)."""

    line: Length
    before: Length
    after: Length
    rest: Length


def title_spacing(layout: Layout, lines: int, *, one_line: Length, blank: Length = ZERO,
                  rest_below: bool = True) -> TitleSpacing:
    """The spacing of a title of `lines` lines whose one-line form is one line of `one_line` with
    `blank` above and below: half the difference of the two leadings above and below (none when the
    display leading is the larger: Word takes no negative spacing), `blank` added to both, and the
    padding to whole line pitches in `after` when `rest_below` (else in `rest`), rounded to 1/100 pt
    (the print copy's numbers, style.css.j2 `:has(br…)`)."""
    pitch = float(layout.line_pitch)
    leading = title_leading(layout)
    half = round(max(float(one_line) - float(leading), 0.0) / 2, 2)
    before = after = float(blank) + half
    height = before + after + float(leading) * lines
    rest = round(math.ceil(height / pitch - 0.001) * pitch - height, 2)
    if rest_below:
        return TitleSpacing(leading, Length(before), Length(round(after + rest, 2)), Length(0))
    return TitleSpacing(leading, Length(before), Length(after), Length(rest))


def wrapped_title_spacing(layout: Layout, lines: int) -> Element | None:
    """The spacing of an appendix title set in `lines` lines (None for one: its style's, a grid line
    with a blank line above and below): `title_spacing`, its padding below it."""
    if lines < 2:
        return None
    spacing = title_spacing(layout, lines, one_line=layout.line_pitch, blank=layout.line_pitch)
    return exact_spacing(spacing.line, before=spacing.before, after=spacing.after)


def single_spacing() -> Element:
    return make_element("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"})


def style_element(kind: StyleType, style: Style, *, based_on: Style | None = NORMAL,
                  next_style: Style | None = None, default: bool = False, custom: bool = False,
                  priority: int | None = None, hidden: bool = False, quick: bool = True,
                  paragraph: Iterable[Element] = (), run: Element | None = None,
                  extra: Iterable[Element] = ()) -> Element:
    """One `w:style`; `paragraph` are `w:pPr` children, `run` a `w:rPr`, `extra` table parts."""
    attrs: dict[str, str | int | bool] = {"w:type": kind, "w:styleId": style.id}
    if default:
        attrs["w:default"] = True
    if custom:
        attrs["w:customStyle"] = True
    pieces = list(paragraph)
    children: list[Element | None] = [
        make_element("w:name", {"w:val": style.name}),
        make_element("w:basedOn", {"w:val": based_on.id}) if based_on else None,
        make_element("w:next", {"w:val": next_style.id}) if next_style else None,
        make_element("w:uiPriority", {"w:val": priority}) if priority is not None else None,
        make_element("w:semiHidden") if hidden else None,
        make_element("w:unhideWhenUsed") if hidden else None,
        make_element("w:qFormat") if quick else None,
        make_element("w:pPr", children=pieces) if pieces else None,
        run if run is not None and len(run) else None,
        *extra,
    ]
    return make_element("w:style", attrs, children)


# ------------------------------------------------------------------------------------------ styles


def write_styles(document: DocxDocument, layout: Layout, lang: str) -> None:
    """Replace the template's styles with reportpress's, all derived from `layout`."""
    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    styles.append(document_defaults(layout, lang))
    styles.append(latent_styles())
    styles.extend(paragraph_styles(layout))
    styles.extend(builtin_extras(layout))
    styles.extend(toc_styles(layout))
    styles.extend(character_styles(layout))
    styles.extend(table_and_list_styles(layout))


def document_defaults(layout: Layout, lang: str) -> Element:
    """`w:docDefaults`: body font by name (no theme attributes), body size, language tags."""
    body = kind_font(layout, "body")
    east_asian_lang = lang if lang.split("-")[0] in ("zh", "ja", "ko") else "zh-CN"
    run = run_properties(body, extra=[make_element("w:lang", {"w:val": "en-US", "w:eastAsia": east_asian_lang,
                                                               "w:bidi": "ar-SA"})])
    paragraph = make_element("w:pPr", children=[single_spacing()])
    return make_element("w:docDefaults", children=[
        make_element("w:rPrDefault", children=[run]),
        make_element("w:pPrDefault", children=[paragraph]),
    ])


def cjk_switches(layout: Layout) -> list[Element]:
    """Word's line-breaking switches for CJK text (typography.md §f3)."""
    autospace = layout.typesetting.autospace != "off"  # off keeps the 28-character grid
    hanging = docx_options(layout).hanging_punctuation
    return [
        make_element("w:widowControl", {"w:val": False}),  # moving single lines breaks the 22-line grid
        make_element("w:kinsoku"),  # 禁则: no closing mark at a line start, no opening mark at an end
        # 西文单词不断行: on (word-level breaking) is what keeps `117.0亿元` and a Latin word whole.
        # ECMA-376 §17.3.1.45: `w:val="0"` breaks Latin text at any character (Word's "允许西文在单词
        # 中间换行" ticked); it was written here before, the opposite of the intent.
        make_element("w:wordWrap"),
        make_element("w:overflowPunct", {"w:val": hanging}),
        make_element("w:topLinePunct", {"w:val": False}),  # as the PDF: no compression at a line start
        make_element("w:autoSpaceDE", {"w:val": autospace}),
        make_element("w:autoSpaceDN", {"w:val": autospace}),
    ]


def paragraph_styles(layout: Layout) -> list[Element]:
    body = kind_font(layout, "body")
    pitch = layout.line_pitch
    justify = make_element("w:jc", {"w:val": "both" if layout.typesetting.justify else "left"})
    page_break = docx_options(layout).glossary_page_break
    result = [
        style_element("paragraph", NORMAL, based_on=None, default=True, paragraph=[
            *cjk_switches(layout), exact_spacing(pitch), first_line_indent(layout), justify,
        ], run=run_properties(body, extra=letter_spacing(layout))),
        # Off the character grid: on it, each 22 pt character would take two 16 pt cells (Word and
        # LibreOffice both spread a title set on a grid).
        style_element("paragraph", TITLE, next_style=SUBTITLE, priority=10, paragraph=[
            make_element("w:keepNext"), make_element("w:snapToGrid", {"w:val": False}), no_indent(),
            centered(),
        ], run=run_properties(kind_font(layout, "title"), base=body, extra=letter_spacing(layout, body=False))),
        style_element("paragraph", SUBTITLE, next_style=AUTHOR, priority=11, paragraph=[
            make_element("w:keepNext"), no_indent(), centered(),
        ], run=run_properties(kind_font(layout, "subtitle"), base=body,
                              extra=letter_spacing(layout, body=False))),
        style_element("paragraph", AUTHOR, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:keepNext"), exact_spacing(pitch, after=pitch), no_indent(), centered(),
        ], run=run_properties(kind_font(layout, "author"), base=body, extra=letter_spacing(layout, body=False))),
    ]
    for level, style in HEADINGS.items():
        result.append(style_element("paragraph", style, next_style=NORMAL, priority=9, paragraph=[
            make_element("w:keepNext"), make_element("w:keepLines"),
            make_element("w:outlineLvl", {"w:val": level - 1}),  # navigation pane and TOC \o
        ], run=run_properties(role_font(layout, heading_role(level)), base=body)))
    note = kind_font(layout, "note")
    result += [
        style_element("paragraph", GLOSSARY_HEADING, based_on=HEADINGS[1], next_style=NORMAL, custom=True,
                      paragraph=[make_element("w:pageBreakBefore", {"w:val": page_break}),
                                 exact_spacing(pitch, after=pitch), no_indent(), centered()],
                      run=font_beside_heading1(layout, "notes_title")),
        # the glossary title's look without its page break: these titles follow the text they close
        style_element("paragraph", NOTES_HEADING, based_on=GLOSSARY_HEADING, next_style=NORMAL, custom=True,
                      paragraph=[make_element("w:pageBreakBefore", {"w:val": False})]),
        *back_matter_styles(layout),
        style_element("paragraph", QUOTE, next_style=NORMAL, priority=29, paragraph=[
            first_line_indent(layout, sides=True),
        ]),
        style_element("paragraph", LIST_PARAGRAPH, priority=34),
        # Word clips an inline picture in an "exactly" paragraph to one line: auto height, off the grid
        # (whose pitch would round the height up to whole lines), no indent, centred (issue 14 item 5)
        style_element("paragraph", PICTURE, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), single_spacing(), no_indent(), centered(),
        ]),
        # a cell's lines at the body's pitch, as the print copy's rows (whole lines of the grid), off the
        # character grid (on it, LibreOffice spreads each character over two cells)
        style_element("paragraph", TABLE_TEXT, custom=True, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), exact_spacing(pitch), no_indent(),
            make_element("w:jc", {"w:val": "left"}),
        ]),
        style_element("paragraph", FOOTNOTE_TEXT, priority=99, hidden=True, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), single_spacing(), no_indent(),
        ], run=run_properties(note, base=body, extra=letter_spacing(layout, body=False))),
        style_element("paragraph", ENDNOTE_TEXT, priority=99, hidden=True, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), single_spacing(), no_indent(),
        ], run=run_properties(note, base=body, extra=letter_spacing(layout, body=False))),
        style_element("paragraph", GLOSSARY_TEXT, next_style=GLOSSARY_TEXT, custom=True,
                      run=run_properties(replace(kind_font(layout, "note"), size=body.size), base=body)),
        style_element("paragraph", FOOTER, priority=99, hidden=True, quick=False, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}),
            exact_spacing(layout.sizes["folio"]), no_indent(),
        ], run=run_properties(kind_font(layout, "folio"), base=body)),
    ]
    return result


def builtin_extras(layout: Layout) -> list[Element]:
    """Built-ins reportpress never uses but a user or script asks for by name (issue 14 item 6):
    heading 5 … 9, caption and header. python-docx finds only defined styles (`doc.styles["Heading 5"]`
    raises KeyError for one that is merely latent), so they are defined, in the report's fonts, and
    hidden until used as Word keeps them."""
    note = kind_font(layout, "note")
    body = kind_font(layout, "body")
    headings = [
        style_element("paragraph", style, based_on=HEADINGS[4], next_style=NORMAL, priority=9, hidden=True,
                      paragraph=[make_element("w:outlineLvl", {"w:val": level - 1})])
        for level, style in EXTRA_HEADINGS.items()
    ]
    return [
        *headings,
        style_element("paragraph", CAPTION, next_style=NORMAL, priority=35, hidden=True, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), single_spacing(), no_indent(), centered(),
        ], run=run_properties(note, base=body)),
        style_element("paragraph", TABLE_UNIT, based_on=CAPTION, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:keepNext"), make_element("w:jc", {"w:val": "right"}),
        ]),
        style_element("paragraph", TABLE_NOTE, based_on=CAPTION, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:jc", {"w:val": "both"}),
        ]),
        style_element("paragraph", HEADER, priority=99, hidden=True, quick=False, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), single_spacing(), no_indent(), centered(),
        ]),
    ]


def toc_styles(layout: Layout) -> list[Element]:
    """The contents page's styles, Word's built-in names (what its TOC field writes and F9 keeps):
    `TOC Heading` centred in the level-1 look and out of the outline, `toc 1` and `toc 2` flush left
    (level 2 two characters in) with the page number at a right tab stop on the text block's edge,
    dot leaders, as the PDF's `.toc-entry` with `leader(dotted)`."""
    pitch = layout.line_pitch
    edge = make_element("w:tabs", children=[make_element("w:tab", {
        "w:val": "right", "w:leader": "dot", "w:pos": layout.page.text_width.twips})])
    left = make_element("w:jc", {"w:val": "left"})
    return [
        style_element("paragraph", TOC_HEADING, based_on=HEADINGS[1], next_style=NORMAL, priority=39,
                      hidden=True, paragraph=[exact_spacing(pitch, after=pitch), no_indent(), centered(),
                                              make_element("w:outlineLvl", {"w:val": 9})],
                      run=font_beside_heading1(layout, "toc_title", extra=letter_spacing(layout, body=False))),
        style_element("paragraph", TOC_LEVELS[1], next_style=NORMAL, priority=39, hidden=True, quick=False,
                      paragraph=[edge, no_indent(), left]),
        style_element("paragraph", TOC_LEVELS[2], based_on=TOC_LEVELS[1], next_style=NORMAL, priority=39,
                      hidden=True, quick=False, paragraph=[
                          make_element("w:ind", {"w:leftChars": 200, "w:left": layout.indent.twips,
                                                 "w:firstLineChars": 0, "w:firstLine": 0})]),
    ]


def back_matter_styles(layout: Layout) -> list[Element]:
    """Appendix label and title (GB/T 9704 §8), salutation (§7.3.2), sign-off (§7.3.5), imprint (§7.4),
    reference entries (GB/T 7714 numeric list) — the looks issue 10's rendering decisions give them."""
    body = kind_font(layout, "body")
    pitch = layout.line_pitch
    note = kind_font(layout, "note")
    # "[12] " is at most five half-width characters of the note size: the hanging indent the number takes
    hanging = Length(note.size * REFERENCE_NUMBER_EMS)
    chars = round(hanging / body.size * 100)
    return [
        # a new page, `附件1` flush left in the level-1 heading look; outline level 0 for the navigation pane
        style_element("paragraph", APPENDIX_LABEL, based_on=HEADINGS[1], next_style=APPENDIX_TITLE, custom=True,
                      paragraph=[make_element("w:pageBreakBefore"), no_indent(),
                                 make_element("w:jc", {"w:val": "left"}),
                                 make_element("w:outlineLvl", {"w:val": 0})],
                      run=font_beside_heading1(layout, "appendix_label")),
        # the title role, centred on the text block's third line (§8: one blank line after the label),
        # then one blank line; off the grid like Title (22 pt on 16 pt cells)
        style_element("paragraph", APPENDIX_TITLE, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:keepNext"), make_element("w:snapToGrid", {"w:val": False}),
            exact_spacing(pitch, before=pitch, after=pitch), no_indent(), centered(),
        ], run=run_properties(kind_font(layout, "appendix_title"), base=body,
                              extra=letter_spacing(layout, body=False))),
        style_element("paragraph", SALUTATION, next_style=NORMAL, custom=True, paragraph=[
            no_indent(), make_element("w:jc", {"w:val": "left"}),
        ]),
        # right-aligned, two characters in from the right edge; the block's first line carries one
        # blank line above it as direct spacing (`block_to_docx`)
        style_element("paragraph", SIGN_OFF, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:ind", {"w:rightChars": 200, "w:right": layout.indent.twips,
                                   "w:firstLineChars": 0, "w:firstLine": 0}),
            make_element("w:jc", {"w:val": "right"}),
        ]),
        # GB/T 9704 §7.4.3: 4号 (the note role), the organisation one character in (a left tab), the date
        # one character from the right edge (a right tab); off the grid, one line pitch a row; the frame
        # and the rules are the paragraphs' own (`back_matter.imprint_to_docx`)
        style_element("paragraph", IMPRINT, next_style=NORMAL, custom=True, paragraph=[
            make_element("w:tabs", children=[
                make_element("w:tab", {"w:val": "left", "w:pos": note.size.twips}),
                make_element("w:tab", {"w:val": "right",
                                       "w:pos": Length(layout.page.text_width - note.size).twips})]),
            make_element("w:snapToGrid", {"w:val": False}), exact_spacing(pitch), no_indent(),
            make_element("w:jc", {"w:val": "left"}),
        ], run=run_properties(note, base=body, extra=letter_spacing(layout, body=False))),
        style_element("paragraph", REFERENCE_ENTRY, next_style=REFERENCE_ENTRY, custom=True, paragraph=[
            make_element("w:snapToGrid", {"w:val": False}), single_spacing(),
            # hangingChars replaces the firstLineChars Normal passes down (Word: Chars beat twips);
            # LibreOffice reads the twips (docx.md §0.3). Character units are the body size's.
            make_element("w:ind", {"w:leftChars": chars, "w:left": hanging.twips,
                                   "w:hangingChars": chars, "w:hanging": hanging.twips}),
            make_element("w:jc", {"w:val": "left"}),
        ], run=run_properties(note, base=body, extra=letter_spacing(layout, body=False))),
    ]


def character_styles(layout: Layout) -> list[Element]:
    body, strong = kind_font(layout, "body"), strong_face(layout)
    strong_fonts = [] if strong is None else [fonts_element(strong)]
    return [
        style_element("character", DEFAULT_FONT, based_on=None, default=True, priority=1, hidden=True,
                      quick=False),
        style_element("character", LEAD, based_on=DEFAULT_FONT, custom=True,
                      run=run_properties(kind_font(layout, "lead"), base=body)),
        style_element("character", HEADING2_LEAD, based_on=DEFAULT_FONT, custom=True,
                      run=run_properties(kind_font(layout, "heading2"), base=body)),
        style_element("character", STRONG, based_on=DEFAULT_FONT, priority=22,
                      run=run_properties(extra=[*strong_fonts, *bold(layout.styles.bold_strong)])),
        style_element("character", EMPHASIS, based_on=DEFAULT_FONT, priority=20,
                      run=emphasis_properties(layout)),
        style_element("character", HYPERLINK, based_on=DEFAULT_FONT, priority=99, hidden=True, quick=False,
                      run=hyperlink_properties(layout)),
        style_element("character", CITATION, based_on=DEFAULT_FONT, custom=True, run=superscript()),
        # the term at the head of a 用语解释 entry; regular, as the print copy's `.glossary-term` (400)
        style_element("character", GLOSSARY_TERM, based_on=DEFAULT_FONT, custom=True,
                      run=run_properties(extra=[make_element("w:b", {"w:val": False}),
                                                make_element("w:bCs", {"w:val": False})])),
        style_element("character", FOOTNOTE_REFERENCE, based_on=DEFAULT_FONT, priority=99, hidden=True,
                      quick=False, run=superscript()),
        style_element("character", ENDNOTE_REFERENCE, based_on=DEFAULT_FONT, priority=99, hidden=True,
                      quick=False, run=superscript()),
    ]


def lead_style(lead: tuple[Inline, ...]) -> Style:
    """The character style of a paragraph's run-in lead: `Lead`, or `Heading 2 Lead` for a level-2
    heading set run-in (`resolve.lead_kind`, the rule the print copy's `strong.lead-heading2` follows)."""
    return HEADING2_LEAD if resolve.lead_kind(lead) == "heading2" else LEAD


def strong_face(layout: Layout) -> RoleFont | None:
    """The face of `**x**` where it is not the body's: a bold one is set in its role's (the print copy's
    `strong`, the bold 仿宋); None when it is the body's."""
    strong, body = kind_font(layout, "strong"), kind_font(layout, "body")
    return strong if layout.styles.bold_strong and not _same_face(strong, body) else None


def _same_face(font: RoleFont, other: RoleFont) -> bool:
    return (font.east_asian, font.latin) == (other.east_asian, other.latin)


def bold(on: bool) -> list[Element]:
    """`w:b` and `w:bCs`, on or explicitly off (off overrides a bold the style inherits)."""
    attrs: dict[str, str | int | bool] = {} if on else {"w:val": False}
    return [make_element("w:b", attrs), make_element("w:bCs", attrs)]


@dataclass(frozen=True, slots=True, kw_only=True)
class CharacterLook:
    """What a character style sets that CSS would let text nested in it inherit: a weight (None: none),
    italic, a font (None: the paragraph's)."""

    bold: bool | None = None
    italic: bool = False
    font: RoleFont | None = None


def character_looks(layout: Layout) -> Mapping[Style, CharacterLook]:
    """The looks of Strong (`[styles] strong_weight`), Lead (its role) and Emphasis (`[styles] emphasis`),
    as the print copy's CSS sets `strong`, `strong.lead` and `em`. A run has one character style, so
    `RunFormat.within` keeps an outer one's look as direct formatting on the runs of an inner one."""
    lead, body, heading2 = kind_font(layout, "lead"), kind_font(layout, "body"), kind_font(layout, "heading2")
    looks = {STRONG: CharacterLook(bold=layout.styles.bold_strong, font=strong_face(layout)),
             LEAD: CharacterLook(bold=lead.bold, font=None if _same_face(lead, body) else lead),
             HEADING2_LEAD: CharacterLook(bold=heading2.bold, font=None if _same_face(heading2, body) else heading2)}
    match layout.styles.emphasis:
        case "font":
            looks[EMPHASIS] = CharacterLook(font=kind_font(layout, "emphasis"))
        case "bold":
            looks[EMPHASIS] = CharacterLook(bold=True)
        case "italic":
            looks[EMPHASIS] = CharacterLook(italic=True)
        case other:
            assert_never(other)
    return MappingProxyType(looks)


def emphasis_properties(layout: Layout) -> Element:
    """The Emphasis style's `w:rPr` from `[styles] emphasis`, as the print copy's `em`: the emphasis
    role's families, upright (楷体 in 仿宋 text); bold; or italic."""
    match layout.styles.emphasis:
        case "font":
            return run_properties(extra=[fonts_element(kind_font(layout, "emphasis"))])
        case "bold":
            return run_properties(extra=bold(True))
        case "italic":
            return run_properties(extra=[make_element("w:i"), make_element("w:iCs")])
        case other:
            assert_never(other)


# the kind of text each paragraph style sets (layouts.ELEMENT_ROLES gives its role): where an `*x*` sits
PARAGRAPH_KINDS: Mapping[str, ElementKind] = MappingProxyType({
    TITLE.id: "title", SUBTITLE.id: "subtitle", AUTHOR.id: "author",
    HEADINGS[1].id: "heading1", HEADINGS[2].id: "heading2", HEADINGS[3].id: "heading3",
    **{style.id: "heading4" for level, style in (HEADINGS | EXTRA_HEADINGS).items() if level >= 4},
    GLOSSARY_HEADING.id: "notes_title", NOTES_HEADING.id: "notes_title", APPENDIX_LABEL.id: "appendix_label",
    APPENDIX_TITLE.id: "appendix_title", TOC_HEADING.id: "toc_title", FOOTNOTE_TEXT.id: "note",
    ENDNOTE_TEXT.id: "note", REFERENCE_ENTRY.id: "note", IMPRINT.id: "note", CAPTION.id: "note",
    GLOSSARY_TEXT.id: "note", TABLE_UNIT.id: "note", TABLE_NOTE.id: "note",
})


def emphasis_face(layout: Layout, kind: ElementKind) -> RoleFont | None:
    """The font an `*x*` run inside text of `kind` takes as direct formatting over the Emphasis style's
    (`Layout.emphasis_role`); None where the style's own face contrasts, or emphasis is not a font."""
    if layout.styles.emphasis != "font":
        return None
    role = layout.emphasis_role(ELEMENT_ROLES[kind])
    return None if role == "emphasis" else role_font(layout, role)


def hyperlink_properties(layout: Layout) -> Element:
    """The Hyperlink style's `w:rPr`: `[styles] link_color` and `link_underline`. Nothing by default: a
    link looks like the text around it, as in the print copy (Word's own blue would print blue)."""
    styles = layout.styles
    children = [make_element("w:color", {"w:val": styles.link_color})] if styles.link_color else []
    if styles.link_underline:
        children.append(make_element("w:u", {"w:val": "single"}))
    return run_properties(extra=children)


def table_borders(layout: Layout) -> Element:
    """`w:tblBorders` from `[styles] table_border` (pt → eighths of a point, `w:sz`) and its colour;
    `nil` on every side when the layout draws no rules."""
    styles = layout.styles
    if not styles.table_border:
        attrs: dict[str, str | int | bool] = {"w:val": "nil"}
    else:
        attrs = {"w:val": "single", "w:sz": round(styles.table_border * 8), "w:space": 0,
                 "w:color": styles.table_border_color}
    return make_element("w:tblBorders", children=[
        make_element(f"w:{side}", attrs) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    ])


def table_and_list_styles(layout: Layout) -> list[Element]:
    padding = layout.styles.table_cell_padding.twips
    margins = make_element("w:tblCellMar", children=[
        make_element("w:top", {"w:w": 0, "w:type": "dxa"}),
        make_element("w:left", {"w:w": padding, "w:type": "dxa"}),
        make_element("w:bottom", {"w:w": 0, "w:type": "dxa"}),
        make_element("w:right", {"w:w": padding, "w:type": "dxa"}),
    ])
    header = make_element("w:tblStylePr", {"w:type": "firstRow"}, [
        make_element("w:rPr", children=bold(layout.styles.bold_head)),
    ])
    # ECMA-376 §17.4.60 orders tblPr's children: jc before tblBorders
    align = make_element("w:jc", {"w:val": layout.styles.table_align})
    return [
        style_element("table", TABLE_NORMAL, based_on=None, default=True, priority=99, hidden=True,
                      quick=False, extra=[make_element("w:tblPr", children=[
                          make_element("w:tblInd", {"w:w": 0, "w:type": "dxa"}), margins])]),
        style_element("table", TABLE_GRID, based_on=TABLE_NORMAL, priority=39, quick=False, extra=[
            make_element("w:tblPr", children=[align, table_borders(layout)]), header]),
        style_element("numbering", NO_LIST, based_on=None, default=True, priority=99, hidden=True,
                      quick=False),
    ]


# -------------------------------------------------------------------------------------- font table


def write_theme_fonts(document: DocxDocument, layout: Layout) -> None:
    """Point the theme's font scheme at the layout's fonts instead of Calibri, Cambria and ＭＳ 明朝.

    No style of ours refers to theme fonts, but Word uses them for any style a user adds later
    (heading 5, a caption…); with `themeFontLang` zh-CN it takes the `ea` face for Chinese.
    """
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype != RT.THEME:
            continue
        old = rel.target_part
        theme = etree.fromstring(old.blob)
        schemes: tuple[tuple[str, Role], ...] = (("majorFont", "heading1"), ("minorFont", "body"))
        for scheme, role in schemes:
            font = role_font(layout, role)
            for collection in theme.iter(f"{{{DRAWINGML}}}{scheme}"):
                for child in list(collection):
                    local = etree.QName(child).localname
                    if local == "latin":
                        child.set("typeface", font.latin)
                    elif local == "ea":
                        child.set("typeface", font.east_asian)
                    elif local == "font":  # per-script faces: Japanese, Korean, Thai… none are ours
                        collection.remove(child)
        document.part.drop_rel(rid)
        part = XmlPart(old.partname, old.content_type, theme, document.part.package)
        document.part.relate_to(part, RT.THEME)


def write_font_table(document: DocxDocument, layout: Layout) -> None:
    """Replace the template's font table (Calibri, ＭＳ 明朝, …) with the families we use."""
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            document.part.drop_rel(rid)
    part = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, font_table(layout),
                   document.part.package)
    document.part.relate_to(part, RT.FONT_TABLE)


def font_table(layout: Layout) -> Element:
    """`w:fonts` naming every family the styles use, first role first (`fonttable.py`)."""
    families: dict[str, Role] = {}
    han: set[str] = set()
    for role in FONT_TABLE_ROLES:
        font = role_font(layout, role)
        for name in (font.east_asian, font.latin):
            families.setdefault(name, role)
        if HAN.search(font.east_asian):
            han.add(font.east_asian)
    han |= {name for name in families if HAN.search(name)}
    return fonttable.font_table(layout, families, han)
