"""Styles, page, grid and folio read back with python-docx and from the XML: the layout's numbers, in
Word's built-in style names (GB/T 9704-2012 §5.2, §7.3, §7.5 through layouts/gov-report/layout.toml)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH

from reportpress.layouts import Layout
from reportpress.writers.docx.page import footer_distance
from tests.writers.docx.docxread import part_xml, w

BUILT_IN = {
    "Normal": WD_STYLE_TYPE.PARAGRAPH, "Title": WD_STYLE_TYPE.PARAGRAPH, "Subtitle": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 1": WD_STYLE_TYPE.PARAGRAPH, "Heading 2": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 3": WD_STYLE_TYPE.PARAGRAPH, "Heading 4": WD_STYLE_TYPE.PARAGRAPH,
    "footnote text": WD_STYLE_TYPE.PARAGRAPH, "endnote text": WD_STYLE_TYPE.PARAGRAPH,
    "footnote reference": WD_STYLE_TYPE.CHARACTER, "endnote reference": WD_STYLE_TYPE.CHARACTER,
    "Quote": WD_STYLE_TYPE.PARAGRAPH, "List Paragraph": WD_STYLE_TYPE.PARAGRAPH, "Footer": WD_STYLE_TYPE.PARAGRAPH,
    "Strong": WD_STYLE_TYPE.CHARACTER, "Emphasis": WD_STYLE_TYPE.CHARACTER, "Hyperlink": WD_STYLE_TYPE.CHARACTER,
    "Table Grid": WD_STYLE_TYPE.TABLE,
}


@pytest.fixture(scope="module")
def reopened(sample_docx: Path) -> docx.document.Document:
    return docx.Document(str(sample_docx))


def _style(styles_xml: object, style_id: str) -> object:
    for style in styles_xml.findall(w("style")):  # type: ignore[attr-defined]
        if style.get(w("styleId")) == style_id:
            return style
    raise KeyError(style_id)


def test_styles_carry_word_built_in_names(reopened: docx.document.Document) -> None:
    for name, kind in BUILT_IN.items():
        assert reopened.styles[name].type == kind, name
    assert reopened.styles["Heading 1"].style_id == "Heading1"  # what the navigation pane and TOC use
    assert reopened.styles["Lead"].type == WD_STYLE_TYPE.CHARACTER  # one place to restyle every lead


def test_fonts_per_role_with_cjk_families_in_east_asia(sample_docx: Path, layout: Layout) -> None:
    styles = part_xml(sample_docx, "word/styles.xml")
    expected = {"Normal": "body", "Title": "title", "Subtitle": "subtitle", "Heading1": "heading1",
                "Heading2": "heading2", "Footer": "folio"}
    for style_id, role in expected.items():
        fonts = _style(styles, style_id).find(f"{w('rPr')}/{w('rFonts')}")  # type: ignore[attr-defined]
        assert fonts.get(w("eastAsia")) == layout.fonts[role][0], style_id
        assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == layout.fonts[role][0]
        assert fonts.get(w("hint")) == "eastAsia"
    assert "Theme" not in "".join(attr for el in styles.iter() for attr in el.attrib)


def test_sizes_bold_and_alignment(reopened: docx.document.Document, layout: Layout) -> None:
    styles = reopened.styles
    assert styles["Normal"].font.size.pt == layout.sizes["body"].pt == 16
    assert styles["Title"].font.size.pt == layout.sizes["title"].pt == 22
    assert styles["footnote text"].font.size.pt == styles["endnote text"].font.size.pt == 14
    assert styles["Footer"].font.size.pt == layout.sizes["folio"].pt == 14
    assert styles["Title"].font.bold is None  # [docx] regular_roles: 小标宋 is heavy by itself
    # a 22 pt title on the 16 pt character grid would take two cells per character
    assert styles["Title"].element.find(f"{w('pPr')}/{w('snapToGrid')}").get(w("val")) == "0"
    assert styles["Lead"].font.bold is True and styles["Heading 3"].font.bold is True
    for name in ("Title", "Subtitle", "Author", "Glossary Heading"):
        assert styles[name].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER, name
    assert styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    for level in (1, 2, 3, 4):
        outline = styles[f"Heading {level}"].element.find(f"{w('pPr')}/{w('outlineLvl')}")
        assert outline.get(w("val")) == str(level - 1)


def test_exact_line_pitch_and_two_character_indent(sample_docx: Path, layout: Layout) -> None:
    normal = _style(part_xml(sample_docx, "word/styles.xml"), "Normal")
    spacing = normal.find(f"{w('pPr')}/{w('spacing')}")  # type: ignore[attr-defined]
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")  # 28.95 pt
    assert layout.line_pitch.twips == 579
    indent = normal.find(f"{w('pPr')}/{w('ind')}")  # type: ignore[attr-defined]
    assert indent.get(w("firstLineChars")) == "200"  # Word
    assert indent.get(w("firstLine")) == str(layout.indent.twips) == "632"  # LibreOffice ignores Chars


def test_cjk_switches(sample_docx: Path) -> None:
    normal = _style(part_xml(sample_docx, "word/styles.xml"), "Normal")
    ppr = normal.find(w("pPr"))  # type: ignore[attr-defined]
    assert ppr.find(w("kinsoku")) is not None
    assert ppr.find(w("autoSpaceDE")).get(w("val")) == "0"  # layout: autospace = "off"
    settings = part_xml(sample_docx, "word/settings.xml")
    assert settings.find(w("characterSpacingControl")).get(w("val")) == "compressPunctuation"


def test_a4_margins_and_grid(reopened: docx.document.Document, sample_docx: Path, layout: Layout) -> None:
    section = reopened.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    settings = part_xml(sample_docx, "word/settings.xml")
    assert settings.find(w("mirrorMargins")) is not None  # layout: mirror = true, binding left
    grid = part_xml(sample_docx, "word/document.xml").find(f".//{w('sectPr')}/{w('docGrid')}")
    assert grid.get(w("type")) == "lines"
    assert grid.get(w("linePitch")) == "579"
    # 28 characters fit the 156 mm block at Normal's spacing (1/20 pt), 22 lines the 225 mm one
    spacing = reopened.styles["Normal"].element.find(f"{w('rPr')}/{w('spacing')}")
    assert 28 * (16 + int(spacing.get(w("val"))) / 20) <= layout.page.text_width.pt
    assert 22 * int(grid.get(w("linePitch"))) / 20 <= layout.page.text_height.pt


def test_folio_odd_right_even_left_one_character_in(reopened: docx.document.Document, sample_docx: Path,
                                                    layout: Layout) -> None:
    section = reopened.sections[-1]  # the body's; the cover section before it has no footer
    assert reopened.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert odd.paragraph_format.right_indent.pt == even.paragraph_format.left_indent.pt == 14
    for paragraph in (odd, even):
        assert paragraph.style.name == "Footer"
        runs = paragraph._p.findall(f".//{w('t')}")
        assert "".join(t.text for t in runs) == "— 1 —"
        field = paragraph._p.find(w("fldSimple"))
        assert field is not None and field.get(w("instr")).strip() == "PAGE"
    # the dash (the middle of a 14 pt line) lies 7 mm below the 225 mm text block
    assert abs(section.footer_distance.pt - footer_distance(layout).pt) < 0.1
    assert abs(layout.page.bottom.mm - 7 - (footer_distance(layout).pt + 7) / 72 * 25.4) < 0.01
