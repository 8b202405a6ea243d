"""Issue 14: the DOCX as a person or a script meets it in Word — latent styles and the built-ins a
python-docx script asks for by name, read back with python-docx and lxml."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from lxml import etree  # type: ignore[import-untyped]

from reportpress.layouts import Layout
from reportpress.model import Document, Image, Meta
from reportpress.writers.docx import docx_bytes
from tests.writers.docx.docxread import POS, para, part_xml, png_bytes, text, w

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def test_python_docx_finds_word_builtins_the_report_does_not_use(construct_docx: Path) -> None:
    """Item 6: `doc.styles["Heading 5"]` and `["Caption"]` raised KeyError; a script can now use them."""
    document = docx.Document(str(construct_docx))
    for name in ("Heading 5", "Heading 9", "Caption", "Header"):
        assert document.styles[name].name.lower() == name.lower()
    deeper = document.add_paragraph("五级标题", style="Heading 5")
    assert deeper.style.base_style.name == "Heading 4"  # the report's heading look, one level deeper
    outline = deeper.style.element.find(f"{w('pPr')}/{w('outlineLvl')}")
    assert outline is not None and outline.get(w("val")) == "4"


def test_latent_style_table_is_words(construct_docx: Path) -> None:
    """Item 6: Word's latent table — defaults hidden at priority 99, Word's exceptions listed."""
    latent = docx.Document(str(construct_docx)).styles.latent_styles
    assert latent.default_priority == 99 and latent.default_to_hidden and latent.default_to_unhide_when_used
    assert latent["TOC Heading"].priority == 39 and latent["TOC Heading"].quick_style
    assert latent["caption"].priority == 35 and latent["heading 5"].priority == 9
    assert latent["Quote"].hidden is False and latent["toc 1"].hidden is None  # None: the default, hidden
    assert latent["Light Grid Accent 3"].priority == 62
    with zipfile.ZipFile(construct_docx) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    order = [etree.QName(child).localname for child in styles]
    assert order[:2] == ["docDefaults", "latentStyles"]  # CT_Styles: docDefaults, latentStyles, style*
    names = [e.get(w("name")) for e in styles.find(w("latentStyles"))]
    assert len(names) == len(set(names)) == 137


def test_no_separator_rule_under_the_glossary_title(sample_docx: Path) -> None:
    """Item 7: Word draws the endnote separator from the `w:separator` run of endnote −1 (and the
    continuation one from note 0), right under the glossary title. Both are empty 1 pt paragraphs, as
    Word leaves them when a user deletes the separator; footnotes keep their rule."""
    endnotes = part_xml(sample_docx, "word/endnotes.xml")
    specials = {n.get(w("id")): n for n in endnotes.findall(w("endnote")) if n.get(w("type"))}
    assert {i: n.get(w("type")) for i, n in specials.items()} == {"-1": "separator", "0": "continuationSeparator"}
    for note in specials.values():
        assert note.find(f".//{w('r')}") is None  # no run: nothing drawn
        spacing = note.find(f"{w('p')}/{w('pPr')}/{w('spacing')}")
        assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("20", "exact")
    footnotes = part_xml(sample_docx, "word/footnotes.xml")
    assert footnotes.find(f".//{w('separator')}") is not None


def test_glossary_terms_carry_the_glossary_term_style(sample_docx: Path) -> None:
    """Item 7: the term at the head of each entry is a term to Word (style `Glossary Term`, regular as
    the print copy's), so one style change restyles all 13; the definition is plain text."""
    document = docx.Document(str(sample_docx))
    style = document.styles["Glossary Term"]
    assert style.font.bold is False
    endnotes = part_xml(sample_docx, "word/endnotes.xml")
    terms = []
    for note in endnotes.findall(w("endnote")):
        if note.get(w("type")) is None:
            runs = note.find(w("p")).findall(w("r"))
            styled = [r for r in runs if r.find(f"{w('rPr')}/{w('rStyle')}") is not None
                      and r.find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) == style.style_id]
            terms.append("".join(t.text or "" for r in styled for t in r.iter(w("t"))))
    assert len(terms) == 13 and terms[0] == "“合议核准制”" and terms[4] == "3个“3”服务"


def test_picture_paragraphs_have_their_own_style_and_fit_the_text_block(layout: Layout, tmp_path: Path) -> None:
    """Item 5: a paragraph of pictures only is `Picture` (auto line height, no indent, centred), never
    Normal's exact 28.95 pt, which clips an inline picture to one line in Word; a picture beside text
    stays in the text's paragraph. Every extent's cx is within the text block of the section's XML."""
    (tmp_path / "wide.png").write_bytes(png_bytes(2000, 400))
    (tmp_path / "small.png").write_bytes(png_bytes(40, 40))
    source = Document(meta=Meta(), path=str(tmp_path / "src.md"), blocks=(
        para(Image(src="wide.png", alt="宽图", pos=POS)),
        para(text("图标"), Image(src="small.png", alt="小图", pos=POS)),
    ))
    path = tmp_path / "pictures.docx"
    path.write_bytes(docx_bytes(source, layout))
    body = part_xml(path, "word/document.xml").find(w("body"))
    styles = []
    for paragraph in body.iter(w("p")):
        if paragraph.find(f".//{w('drawing')}") is not None:
            style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
            styles.append(None if style is None else style.get(w("val")))
    assert styles == ["Picture", None]  # None: Normal
    sect = body.find(w("sectPr"))
    width = int(sect.find(w("pgSz")).get(w("w")))
    margins = sect.find(w("pgMar"))
    text_twips = width - int(margins.get(w("left"))) - int(margins.get(w("right")))
    extents = [int(e.get("cx")) for e in body.iter(f"{{{WP}}}extent")]
    assert len(extents) == 2 and all(cx <= text_twips * 635 for cx in extents)  # 635 EMU a twip
    picture = docx.Document(str(path)).styles["Picture"]
    pf = picture.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.CENTER and pf.first_line_indent == 0
    assert pf.line_spacing_rule not in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST)
