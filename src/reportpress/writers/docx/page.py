"""Page geometry, document grid, folio footers and document settings.

In: a `Layout`. Out: every section's size, margins, `w:docGrid` and footers; settings.xml rebuilt
(python-docx's template says Letter-era defaults, `ja-JP`, Word 2010 compatibility and rsids).

GB/T 9704-2012: A4, text block 156 × 225 mm (§5.2.1), 22 lines × 28 characters (§5.2.3); the folio
"— 1 —" in 4号 宋体, 7 mm below the text block, odd pages right and even pages left, one character
in (§7.5). docx.md §2 and typography.md §f3 give the OOXML and the measurements.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.section import Section, _Footer
from docx.shared import Emu

from reportpress.docx_options import grid_kind
from reportpress.layouts import Layout
from reportpress.typeset.chars import NO_END, NO_START
from reportpress.units import Length, Mm
from reportpress.writers.docx.ooxml import Element, make_element, set_child
from reportpress.writers.docx.styles import FOOTER, ZERO

WORD_URI = "http://schemas.microsoft.com/office/word"


def write_page(document: DocxDocument, layout: Layout) -> None:
    """Size, margins, grid and folio for every section."""
    for section in document.sections:
        _geometry(section, layout)
        set_child(section._sectPr, _grid(layout))  # python-docx has no docGrid API
        _folio(section, layout)


def footer_distance(layout: Layout) -> Length:
    """Page bottom to the folio line's bottom, so that the dash lies `folio.distance` below the text.

    Word measures the footer from the page edge to the bottom of its last line; the footer line is
    exactly one folio size high and the dash's top sits near its middle: a line of exact height puts
    its baseline 80 % down (LibreOffice's rule), and a CJK dash's top lies about 0.3 em above the
    baseline. The same `[folio] distance` as the PDF's (`writers/pdf/folio.py`, which reads the PDF's
    offset from the font); LibreOffice 7.4 prints the dash's top 6.9–7.0 mm below the text block.
    """
    return Length(layout.page.bottom - layout.folio.distance - layout.sizes["folio"] / 2)


def _geometry(section: Section, layout: Layout) -> None:
    page = layout.page
    # With mirrorMargins (settings) Word reads left/right as inside/outside of odd pages.
    odd_left, odd_right = (page.inside, page.outside) if page.binding == "left" else (page.outside, page.inside)
    section.page_width, section.page_height = Emu(page.width.emu), Emu(page.height.emu)
    section.top_margin, section.bottom_margin = Emu(page.top.emu), Emu(page.bottom.emu)
    section.left_margin, section.right_margin = Emu(odd_left.emu), Emu(odd_right.emu)
    section.gutter = Emu(0)
    section.header_distance = Emu(Mm(15).emu)
    section.footer_distance = Emu(footer_distance(layout).emu)


def _grid(layout: Layout) -> Element:
    """`w:docGrid`: lines (and characters) per page, from the layout's grid.

    linesAndChars: charSpace is the extra character pitch in 1/4096 pt over the Normal size
    (DocGrid.CharacterSpace): −0.21 pt gives 28 characters of 16 pt in 156 mm in Word. LibreOffice 7.4
    puts each character into whole grid cells and a 16 pt character does not fit a 15.79 pt cell, so it
    sets two cells per character: 14 a line (52 pages for the sample's 30). lines: the line pitch only;
    the 28 characters come from Normal's character spacing (`styles.letter_spacing`), which Word,
    LibreOffice and the PDF all honour alike (gov-report's; README's DOCX part has the numbers).
    """
    kind = grid_kind(layout)
    if kind == "none":
        return make_element("w:docGrid", {"w:linePitch": layout.line_pitch.twips})
    attrs: dict[str, str | int | bool] = {"w:type": kind, "w:linePitch": layout.line_pitch.twips}
    if kind == "linesAndChars":
        attrs["w:charSpace"] = round(layout.letter_spacing * 4096)
    return make_element("w:docGrid", attrs)


def _folio(section: Section, layout: Layout) -> None:
    folio = layout.folio
    step = Length(layout.sizes["folio"] * folio.indent)  # "空一字" in the folio's own size
    if folio.position == "alternate":
        _folio_paragraph(section.footer, layout, WD_ALIGN_PARAGRAPH.RIGHT, right=step)
        _folio_paragraph(section.even_page_footer, layout, WD_ALIGN_PARAGRAPH.LEFT, left=step)
    elif folio.position == "right":
        _folio_paragraph(section.footer, layout, WD_ALIGN_PARAGRAPH.RIGHT, right=step)
    else:
        _folio_paragraph(section.footer, layout, WD_ALIGN_PARAGRAPH.CENTER)


def _folio_paragraph(footer: _Footer, layout: Layout, align: WD_ALIGN_PARAGRAPH,
                     left: Length = ZERO, right: Length = ZERO) -> None:
    """`— PAGE —` in the footer: the layout's format with `{n}` as a PAGE field."""
    paragraph = footer.paragraphs[0]  # creates the footer part
    paragraph.style = FOOTER.name
    paragraph.alignment = align
    if left:
        paragraph.paragraph_format.left_indent = Emu(left.emu)
    if right:
        paragraph.paragraph_format.right_indent = Emu(right.emu)
    before, _, after = layout.folio.format.partition("{n}")
    if before:
        paragraph.add_run(before)
    # A simple field: Word and LibreOffice update it on every page; "1" is the cached result.
    field = make_element("w:fldSimple", {"w:instr": " PAGE "}, [
        make_element("w:r", children=[make_element("w:t", text="1")])])
    paragraph._p.append(field)
    if after:
        paragraph.add_run(after)


# -------------------------------------------------------------------------------------- settings


def write_settings(document: DocxDocument, layout: Layout, lang: str) -> None:
    """Rebuild settings.xml: mirror margins, odd/even footers, CJK punctuation, language, compatibility.

    Note properties are added afterwards by `notes.write_note_properties`.
    """
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    east_asian_lang = lang if lang.split("-")[0] in ("zh", "ja", "ko") else "zh-CN"
    compress = layout.typesetting.punctuation != "none"
    children: list[Element | None] = [
        make_element("w:zoom", {"w:percent": 100}),
        make_element("w:mirrorMargins") if layout.page.mirror else None,
        make_element("w:defaultTabStop", {"w:val": layout.indent.twips}),
        make_element("w:evenAndOddHeaders") if layout.folio.position == "alternate" else None,
        # 标点挤压: Word compresses adjacent full-width marks (clreq §3.1.6); the template said doNotCompress.
        make_element("w:characterSpacingControl",
                     {"w:val": "compressPunctuation" if compress else "doNotCompress"}),
        # the PDF's line-break rules (typeset/chars.py), so Word's 禁则 lists agree with the print copy
        make_element("w:noLineBreaksAfter", {"w:lang": east_asian_lang, "w:val": "".join(sorted(NO_END))}),
        make_element("w:noLineBreaksBefore", {"w:lang": east_asian_lang, "w:val": "".join(sorted(NO_START))}),
        make_element("w:compat", children=[
            make_element("w:useFELayout"),
            *(make_element("w:compatSetting", {"w:name": name, "w:uri": WORD_URI, "w:val": value})
              for name, value in (("compatibilityMode", "15"),
                                  ("overrideTableStyleFontSizeAndJustification", "1"),
                                  ("enableOpenTypeFeatures", "1"), ("doNotFlipMirrorIndents", "1"))),
        ]),
        make_element("w:themeFontLang", {"w:val": "en-US", "w:eastAsia": east_asian_lang}),
        make_element("w:clrSchemeMapping", {
            "w:bg1": "light1", "w:t1": "dark1", "w:bg2": "light2", "w:t2": "dark2",
            **{f"w:accent{n}": f"accent{n}" for n in range(1, 7)},
            "w:hyperlink": "hyperlink", "w:followedHyperlink": "followedHyperlink"}),
        make_element("w:decimalSymbol", {"w:val": "."}),
        make_element("w:listSeparator", {"w:val": ","}),
    ]
    settings.extend(child for child in children if child is not None)
