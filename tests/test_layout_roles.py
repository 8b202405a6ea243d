"""One table of font roles (issue 13): `layouts.ELEMENT_ROLES` says which role sets each kind of text.
The DOCX styles and the font check read it; gov-report's style.css.j2 maps selectors to roles itself, and
this test checks the stylesheet against the table.

Every role gets a family of its own (`测试title`, `测试body`, …) in a temporary layout; the rendered
stylesheet's rules and the DOCX's styles.xml (each style's East Asian font, through its `basedOn`
chain) must then name, for each kind, the family of the role the table gives it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress.layouts import ELEMENT_ROLES, HEADING_ROLES, ROLES, ElementKind, Layout, heading_role, read_layout
from reportpress.reader import read_source
from reportpress.typeset.roles import role_texts
from reportpress.writers.docx.cover import cover_styles
from reportpress.writers.docx.styles import write_styles
from reportpress.writers.html import render_css
from tests.conftest import REPO

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

# the stylesheet's selectors for each kind (the cover's kinds are the cover template's, not style.css.j2's)
SELECTORS: dict[ElementKind, tuple[str, ...]] = {
    "title": ("h1.title",), "subtitle": (".subtitle",), "author": (".author",), "body": ("html",),
    "heading1": (".level1",), "heading2": (".level2",), "heading3": (".level3",), "heading4": (".level4",),
    "lead": ("strong.lead",), "strong": ("strong",), "emphasis": ("em",),
    "note": (".footnote", ".end-note", ".reference", ".glossary-entry", ".imprint-box"),
    "notes_title": (".notes-title",), "appendix_label": (".appendix-label",),
    "appendix_title": (".appendix-title",), "toc_title": (".toc-title",),
    "folio": ("@bottom-right", "@bottom-left"),
}
# the DOCX's styles (ids) for each kind
DOCX_STYLES: dict[ElementKind, tuple[str, ...]] = {
    "title": ("Title",), "subtitle": ("Subtitle",), "author": ("Author",), "body": ("Normal",),
    "heading1": ("Heading1",), "heading2": ("Heading2",), "heading3": ("Heading3",), "heading4": ("Heading4",),
    "lead": ("Lead",), "strong": ("Strong",), "emphasis": ("Emphasis",),
    "note": ("FootnoteText", "EndnoteText", "ReferenceEntry", "Imprint", "Caption", "GlossaryText"),
    "notes_title": ("GlossaryHeading", "NotesHeading"), "appendix_label": ("AppendixLabel",),
    "appendix_title": ("AppendixTitle",), "toc_title": ("TOCHeading",), "folio": ("Footer",),
    "cover_label": ("CoverLabel",), "cover_foot": ("CoverFoot",),
}


def family(role: str) -> str:
    return f"测试{role}"


@pytest.fixture(scope="module")
def distinct(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """gov-report's templates, page and grid with a family of its own for every role."""
    folder = tmp_path_factory.mktemp("roles") / "distinct"
    shutil.copytree(REPO / "layouts" / "gov-report", folder)  # its templates; layout.toml replaced
    fonts = "\n".join(f'{role} = "{family(role)}"' for role in ROLES)
    (folder / "layout.toml").write_text(
        '[page]\nmargins = { top = 37, bottom = 35, inside = 28, outside = 26 }\n'
        f'[grid]\nchars_per_line = 28\nlines_per_page = 22\n[fonts]\n{fonts}\n[sizes]\nbody = "三号"\n',
        encoding="utf-8")
    return read_layout(folder)


def test_every_kind_is_mapped_in_both_writers() -> None:
    assert set(DOCX_STYLES) == set(ELEMENT_ROLES)
    assert set(SELECTORS) == set(ELEMENT_ROLES) - {"cover_label", "cover_foot"}
    assert set(ELEMENT_ROLES.values()) == set(ROLES)  # no role that nothing sets
    assert [heading_role(level) for level in (1, 2, 3, 4, 5)] == [*HEADING_ROLES, "heading4"]


def css_font_family(css: str, selector: str) -> str:
    """The font-family the stylesheet gives `selector`: the last innermost rule listing it that sets one."""
    found = ""
    for prelude, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        prelude = re.sub(r"/\*.*?\*/", "", prelude, flags=re.S)
        if selector in (part.strip() for part in prelude.split(",")):
            match = re.search(r"font-family:\s*([^;]+);", body)
            found = match.group(1).strip() if match else found
    return found


@pytest.mark.parametrize("kind", sorted(SELECTORS))
def test_the_stylesheet_sets_each_kind_in_its_tables_role(distinct: Layout, kind: ElementKind) -> None:
    css = render_css(distinct)
    for selector in SELECTORS[kind]:
        assert css_font_family(css, selector) == f'"{family(ELEMENT_ROLES[kind])}"', (kind, selector)


def east_asian_font(styles: etree._Element, style_id: str) -> str:
    """A style's `w:eastAsia` font, followed through `basedOn` to the document defaults."""
    style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert style is not None, style_id
    while style is not None:
        fonts = style.find("w:rPr/w:rFonts", NS)
        if fonts is not None and fonts.get(f"{{{W}}}eastAsia"):
            return str(fonts.get(f"{{{W}}}eastAsia"))
        based = style.find("w:basedOn", NS)
        style = None if based is None else styles.find(f"w:style[@w:styleId='{based.get(f'{{{W}}}val')}']", NS)
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    return str(default.get(f"{{{W}}}eastAsia"))


@pytest.mark.parametrize("kind", sorted(DOCX_STYLES))
def test_the_docx_styles_set_each_kind_in_its_tables_role(distinct: Layout, kind: ElementKind) -> None:
    document = docx.Document()
    write_styles(document, distinct, "zh-CN")
    styles = document.styles.element
    styles.extend(cover_styles(distinct))
    for style_id in DOCX_STYLES[kind]:
        assert east_asian_font(styles, style_id) == family(ELEMENT_ROLES[kind]), (kind, style_id)


def test_the_font_check_puts_emphasis_in_its_role_only_when_the_layout_sets_it_so(tmp_path: Path,
                                                                                  distinct: Layout) -> None:
    source = tmp_path / "emphasis.md"
    source.write_text("---\ntitle: 题\n---\n\n# 一、标题*重*\n\n正文*着*。\n", encoding="utf-8")
    document = read_source(source)
    texts = role_texts(document, distinct)
    assert set(texts["emphasis"]) == {"重", "着"}  # in a heading or the body alike, as `em` in the CSS
    toml = (distinct.folder / "layout.toml").read_text(encoding="utf-8")
    bold = tmp_path / "bold"
    bold.mkdir()
    (bold / "layout.toml").write_text(toml + '[styles]\nemphasis = "bold"\n', encoding="utf-8")
    texts = role_texts(document, read_layout(bold))
    assert "emphasis" not in texts and "着" in texts["body"] and "重" in texts["heading1"]
