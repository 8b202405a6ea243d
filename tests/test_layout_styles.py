"""layout.toml's `[styles]` (issue 13 item 2): emphasis, strong, links, table rules, head, padding and
alignment, quote indent — what only a layout decides, read by style.css.j2 and by the DOCX's Emphasis,
Strong, Hyperlink, Table Grid and Quote styles alike.

Each key is changed in a layout of a temporary project and read back from both outputs of one small
source: the print PDF with PyMuPDF (span fonts, flags, colours, positions; drawn rules), the DOCX with
python-docx and its styles.xml, and that DOCX printed by LibreOffice where the change shows on paper.
Every value is also checked as gov-report's default, so the test fails on the old, hard-coded code.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import docx
import pymupdf
import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress.build import build
from reportpress.errors import LayoutError
from reportpress.layouts import Layout, TextStyles, builtin_layout, read_layout
from tests.conftest import REPO
from tests.writers.docx.test_docx_libreoffice import convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
GOV_REPORT = REPO / "layouts" / "gov-report"

SOURCE = """\
---
title: 样式探查
cover:
  front: none
---

正文有*强调文字*和**加粗文字**，还有[一个链接](https://example.com)与普通文字。

| 项目 | 数值 |
| --- | --- |
| 甲 | 一 |

> 引文段落内容。

Latin *slanted* word.

嵌套**粗头*粗里强调*粗尾**与*强头**强里加粗**强尾*。
"""

# every key off its default at once: each test reads back only its own key's effect
ALTERED = """
emphasis = "bold"
strong_weight = 400
link_color = "#C00000"
link_underline = true
table_border = 1.5
table_border_color = "#0000FF"
table_head_weight = 400
table_cell_padding = 10
table_align = "left"
quote_indent = 4
"""
ITALIC = 'emphasis = "italic"\ntable_border = 0\n'
SANS = 'emphasis = "font"\n'  # with [fonts] emphasis = a sans, below


def write_layout(project: Path, name: str, styles: str, *, emphasis_font: str | None = None) -> Path:
    """A copy of gov-report in `project/layouts/name` whose [styles] table holds `styles` (TOML)."""
    folder = project / "layouts" / name
    shutil.copytree(GOV_REPORT, folder)
    toml = (folder / "layout.toml").read_text(encoding="utf-8")
    toml = re.sub(r"\n\[styles\]\n.*?\n\n", "\n", toml, flags=re.S)  # gov-report's own [styles], out
    if emphasis_font is not None:
        toml = re.sub(r"(?m)^emphasis *= *\[.*\]$", f'emphasis = ["{emphasis_font}"]', toml)
    (folder / "layout.toml").write_text(toml + "\n[styles]\n" + styles, encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Built:
    layout: Layout
    pdf: Path
    docx: Path

    def styles_xml(self) -> etree._Element:
        document = docx.Document(str(self.docx))
        return document.styles.element

    def style(self, style_id: str) -> etree._Element:
        found = self.styles_xml().find(f"w:style[@w:styleId='{style_id}']", NS)
        assert found is not None, style_id
        return found


def build_with(project: Path, name: str | None) -> Built:
    source = project / "probe.md"
    source.write_text(SOURCE, encoding="utf-8")
    out = project / f"out-{name or 'gov-report'}"
    outputs = build(source, formats=["pdf", "docx"], out_dir=out, layout_name=name or "gov-report",
                    project=project).outputs
    layout = read_layout(project / "layouts" / name) if name else builtin_layout("gov-report")
    return Built(layout=layout, pdf=outputs["pdf"], docx=outputs["docx"])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("styles")
    write_layout(folder, "altered", ALTERED)
    write_layout(folder, "italic", ITALIC)
    write_layout(folder, "sans", SANS, emphasis_font="Noto Sans CJK SC")
    return folder


@pytest.fixture(scope="module")
def default(project: Path) -> Built:
    return build_with(project, None)


@pytest.fixture(scope="module")
def altered(project: Path) -> Built:
    return build_with(project, "altered")


@pytest.fixture(scope="module")
def italic(project: Path) -> Built:
    return build_with(project, "italic")


@pytest.fixture(scope="module")
def sans(project: Path) -> Built:
    return build_with(project, "sans")


@pytest.fixture(scope="module")
def altered_lo(altered: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The altered DOCX as LibreOffice prints it."""
    return convert(altered.docx, tmp_path_factory.mktemp("styles-lo"))


# ------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Span:
    text: str
    font: str
    color: int
    flags: int
    bbox: tuple[float, float, float, float]

    @property
    def bold(self) -> bool:
        return bool(self.flags & pymupdf.TEXT_FONT_BOLD)

    @property
    def italic(self) -> bool:
        return bool(self.flags & pymupdf.TEXT_FONT_ITALIC)


def spans(pdf: Path) -> list[Span]:
    """Every text span of the PDF, in reading order; LibreOffice's one-character spans merged by the
    caller's `span_of`."""
    found: list[Span] = []
    with pymupdf.open(pdf) as document:
        for page in document:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    found += [Span(s["text"], s["font"], s["color"], s["flags"], tuple(s["bbox"]))
                              for s in line["spans"]]
    return found


def span_of(pdf: Path, text: str) -> Span:
    """The span drawing `text`; spans of one character each (LibreOffice on a grid) are joined first,
    when they share font, colour and flags."""
    merged: list[Span] = []
    for span in spans(pdf):
        last = merged[-1] if merged else None
        if last and (last.font, last.color, last.flags) == (span.font, span.color, span.flags) \
                and abs(last.bbox[1] - span.bbox[1]) < 1:
            merged[-1] = Span(last.text + span.text, last.font, last.color, last.flags,
                              (last.bbox[0], last.bbox[1], span.bbox[2], span.bbox[3]))
        else:
            merged.append(span)
    hits = [span for span in merged if text in span.text]
    assert hits, (text, [span.text for span in merged])
    return hits[0]


def strokes(pdf: Path) -> list[tuple[float, tuple[float, ...], pymupdf.Rect]]:
    """(width, colour, rectangle) of every stroked path of the first page, and of every ring filled
    even-odd (a rectangle less a rectangle inside it: how WeasyPrint draws a table cell's outline, the
    print copy's rules), its width the ring's and its rectangle the line through its middle."""
    found = []
    with pymupdf.open(pdf) as document:
        for path in document[0].get_drawings():
            if path["type"] == "s":
                found.append((round(path["width"], 2), tuple(round(c, 2) for c in path["color"] or ()), path["rect"]))
            elif path["type"] == "f" and path.get("even_odd") and len(path["items"]) == 2:
                outer, inner = (item[1] for item in path["items"])
                width = round(inner.x0 - outer.x0, 2)
                middle = pymupdf.Rect(outer.x0 + width / 2, outer.y0 + width / 2, outer.x1 - width / 2,
                                      outer.y1 - width / 2)
                found.append((width, tuple(round(c, 2) for c in path["fill"] or ()), middle))
    return found


def table_rules(pdf: Path) -> list[tuple[float, tuple[float, ...], pymupdf.Rect]]:
    """The table's rules: the strokes starting within a few points of its cells' text."""
    top, bottom = span_of(pdf, "项目").bbox[1] - 8, span_of(pdf, "甲").bbox[3] + 8
    return [stroke for stroke in strokes(pdf) if top <= stroke[2].y0 <= bottom]


def left_rule(pdf: Path) -> float:
    """The x of the middle of the table's leftmost rule."""
    return min(rect.x0 for _, _, rect in table_rules(pdf))


def run_property(style: etree._Element, name: str) -> etree._Element | None:
    found: etree._Element | None = style.find(f"w:rPr/w:{name}", NS)
    return found


def on(element: etree._Element | None) -> bool:
    return element is not None and element.get(f"{{{W}}}val", "1") not in ("0", "false")


# -------------------------------------------------------------------------------------------- tables


def test_gov_report_and_a_layout_without_styles_get_todays_values(default: Built, tmp_path: Path) -> None:
    assert default.layout.styles == TextStyles()
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "layout.toml").write_text('[page]\nmargins = { top = 37, bottom = 35, inside = 28, outside = 26 }\n'
                                        '[fonts]\nbody = "Noto Serif CJK SC"\n[sizes]\nbody = "三号"\n',
                                        encoding="utf-8")
    plain = read_layout(folder)
    assert plain.styles == TextStyles()
    assert plain.fonts["emphasis"] == plain.fonts["body"]  # a role not named takes the body's families


# ------------------------------------------------------------------------------------------ emphasis


def test_emphasis_font_is_the_emphasis_role_upright_in_both(default: Built, sans: Built) -> None:
    span = span_of(default.pdf, "强调文字")
    assert "Kai" in span.font and not span.italic, span  # gov-report: 楷体, not a slanted 仿宋
    assert "Kai" not in span_of(default.pdf, "正文有").font
    fonts = default.style("Emphasis").find("w:rPr/w:rFonts", NS)
    assert fonts is not None and fonts.get(f"{{{W}}}eastAsia") == "楷体_GB2312"
    assert run_property(default.style("Emphasis"), "em") is None  # no longer the 着重号 the PDF cannot draw
    # another family in [fonts] emphasis: both outputs follow it
    assert span_of(sans.pdf, "强调文字").font.startswith("Noto-Sans-CJK-SC")
    fonts = sans.style("Emphasis").find("w:rPr/w:rFonts", NS)
    assert fonts is not None and fonts.get(f"{{{W}}}eastAsia") == "Noto Sans CJK SC"


def test_emphasis_bold(default: Built, altered: Built, altered_lo: Path) -> None:
    assert not span_of(default.pdf, "强调文字").bold
    assert span_of(altered.pdf, "强调文字").bold
    assert on(run_property(altered.style("Emphasis"), "b"))
    assert run_property(altered.style("Emphasis"), "rFonts") is None
    assert span_of(altered_lo, "强调文字").bold


def test_emphasis_italic(default: Built, italic: Built) -> None:
    assert not span_of(default.pdf, "slanted").italic
    assert span_of(italic.pdf, "slanted").italic
    assert docx.Document(str(italic.docx)).styles["Emphasis"].font.italic is True
    assert docx.Document(str(default.docx)).styles["Emphasis"].font.italic is None


# ------------------------------------------------------------------------------------ strong, links


def test_strong_weight(default: Built, altered: Built, altered_lo: Path) -> None:
    assert span_of(default.pdf, "加粗文字").bold
    assert docx.Document(str(default.docx)).styles["Strong"].font.bold is True
    assert not span_of(altered.pdf, "加粗文字").bold  # strong_weight = 400
    assert docx.Document(str(altered.docx)).styles["Strong"].font.bold is False
    assert not span_of(altered_lo, "加粗文字").bold


def underlines(pdf: Path, text: str) -> list[tuple[float, ...]]:
    """Colours of the strokes just under `text`."""
    box = span_of(pdf, text).bbox
    return [color for _, color, rect in strokes(pdf)
            if rect.height < 1 and box[1] < rect.y0 < box[3] + 4 and rect.x0 < box[2] and rect.x1 > box[0]]


def test_link_colour_and_underline(default: Built, altered: Built, altered_lo: Path) -> None:
    assert span_of(default.pdf, "一个链接").color == 0 and not underlines(default.pdf, "一个链接")
    hyperlink = docx.Document(str(default.docx)).styles["Hyperlink"].font
    assert (hyperlink.color.rgb, hyperlink.underline) == (None, None)  # as the print copy: black, plain
    assert span_of(altered.pdf, "一个链接").color == 0xC00000
    assert underlines(altered.pdf, "一个链接") == [(0.75, 0.0, 0.0)]
    hyperlink = docx.Document(str(altered.docx)).styles["Hyperlink"].font
    assert (str(hyperlink.color.rgb), hyperlink.underline) == ("C00000", True)
    assert span_of(altered_lo, "一个链接").color == 0xC00000
    assert underlines(altered_lo, "一个链接") == [(0.75, 0.0, 0.0)]


# -------------------------------------------------------------------------------------------- tables


def borders(built: Built) -> list[dict[str, str]]:
    found = built.style("TableGrid").findall("w:tblPr/w:tblBorders/*", NS)
    return [{etree.QName(key).localname: value for key, value in side.attrib.items()} for side in found]


def test_table_border_width_and_colour(default: Built, altered: Built, italic: Built, altered_lo: Path) -> None:
    assert {(width, color) for width, color, _ in table_rules(default.pdf)} == {(0.5, (0.0, 0.0, 0.0))}
    assert {(side["sz"], side["color"]) for side in borders(default)} == {("4", "000000")}
    assert {(width, color) for width, color, _ in table_rules(altered.pdf)} == {(1.5, (0.0, 0.0, 1.0))}
    assert {(side["sz"], side["color"]) for side in borders(altered)} == {("12", "0000FF")}
    assert {(width, color) for width, color, _ in table_rules(altered_lo)} == {(1.5, (0.0, 0.0, 1.0))}
    # table_border = 0: no rules at all
    assert table_rules(italic.pdf) == []
    assert {side["val"] for side in borders(italic)} == {"nil"} and len(borders(italic)) == 6


def test_table_head_weight(default: Built, altered: Built, altered_lo: Path) -> None:
    head = default.style("TableGrid").find("w:tblStylePr[@w:type='firstRow']/w:rPr/w:b", NS)
    assert span_of(default.pdf, "项目").bold and on(head)
    assert drawn_weight(default.pdf, "项目") >= 600  # bold glyphs, not a regular face named bold
    head = altered.style("TableGrid").find("w:tblStylePr[@w:type='firstRow']/w:rPr/w:b", NS)
    assert not span_of(altered.pdf, "项目").bold and head is not None and not on(head)
    assert not span_of(altered_lo, "项目").bold


def cell_margin(built: Built) -> int:
    left = built.style("TableNormal").find("w:tblPr/w:tblCellMar/w:left", NS)
    assert left is not None
    return int(left.get(f"{{{W}}}w"))


@pytest.mark.parametrize(("fixture", "padding"), [("default", 4), ("altered", 10)])
def test_table_cell_padding(fixture: str, padding: float, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(fixture)
    rule = left_rule(built.pdf)
    half_rule = built.layout.styles.table_border.pt / 2
    assert span_of(built.pdf, "项目").bbox[0] - rule == pytest.approx(padding + half_rule, abs=0.3)
    assert cell_margin(built) == padding * 20


def test_table_cell_padding_in_libreoffice(altered: Built, altered_lo: Path) -> None:
    # a body cell's text (the head's is centred, 表头居中): the padding and half the 1.5 pt rule in
    assert span_of(altered_lo, "甲").bbox[0] - left_rule(altered_lo) == pytest.approx(10 + 0.75, abs=1)


def test_table_alignment(default: Built, altered: Built) -> None:
    layout = default.layout
    block_left, block_right = layout.page.inside.pt, layout.page.width.pt - layout.page.outside.pt  # a recto
    rules = table_rules(default.pdf)
    left, right = min(rect.x0 for *_, rect in rules), max(rect.x1 for *_, rect in rules)
    assert (left + right) / 2 == pytest.approx((block_left + block_right) / 2, abs=1)  # centred
    assert right - left < (block_right - block_left) / 2  # a narrow table, so centred means something
    jc = default.style("TableGrid").find("w:tblPr/w:jc", NS)
    assert jc is not None and jc.get(f"{{{W}}}val") == "center"
    assert min(rect.x0 for *_, rect in table_rules(altered.pdf)) == pytest.approx(block_left, abs=1)
    jc = altered.style("TableGrid").find("w:tblPr/w:jc", NS)
    assert jc is not None and jc.get(f"{{{W}}}val") == "left"


# -------------------------------------------------------------------------------------------- quotes


@pytest.mark.parametrize(("fixture", "chars"), [("default", 2), ("altered", 4)])
def test_quote_indent(fixture: str, chars: int, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(fixture)
    pitch = built.layout.char_pitch.pt
    # a quote's paragraph keeps the body's first-line indent: its lines start `chars` characters further in
    shift = span_of(built.pdf, "引文段落").bbox[0] - span_of(built.pdf, "正文有").bbox[0]
    assert shift == pytest.approx(chars * pitch, abs=0.3)
    quote = docx.Document(str(built.docx)).styles["Quote"].paragraph_format
    assert quote.left_indent.pt == pytest.approx(chars * pitch, abs=0.05)
    assert quote.right_indent.pt == pytest.approx(chars * pitch, abs=0.05)
    ind = built.style("Quote").find("w:pPr/w:ind", NS)
    assert ind is not None and ind.get(f"{{{W}}}leftChars") == str(chars * 100)


def test_quote_indent_in_libreoffice(altered: Built, altered_lo: Path) -> None:
    shift = span_of(altered_lo, "引").bbox[0] - span_of(altered_lo, "正").bbox[0]
    assert shift == pytest.approx(4 * altered.layout.char_pitch.pt, abs=1.5)


# ------------------------------------------------------------------------------------------ bad values


@pytest.mark.parametrize(("line", "key", "hint"), [
    ('emphasis = "dots"', "emphasis", "'font', 'bold', 'italic'"),
    ("emphasis = 1", "emphasis", "use one of"),
    ("strong_weight = 650", "strong_weight", "400 regular, 700 bold"),
    ('strong_weight = "bold"', "strong_weight", "400 regular"),
    ('link_color = "blue"', "link_color", "#RRGGBB"),
    ('link_color = "#12345"', "link_color", "#RRGGBB"),
    ('link_underline = "yes"', "link_underline", "true or false"),
    ("table_border = 7", "table_border", "from 0 to 6 pt"),
    ("table_border = 0.1", "table_border", "0 (no rules) or 0.25 to 6 pt"),
    ("table_border = -1", "table_border", "from 0 to 6"),
    ('table_border = "thin"', "table_border", "use a number"),
    ('table_border_color = ""', "table_border_color", "#RRGGBB"),
    ("table_head_weight = 0", "table_head_weight", "use one of"),
    ("table_cell_padding = 40", "table_cell_padding", "from 0 to 36 pt"),
    ('table_align = "right"', "table_align", "'center', 'left'"),
    ("quote_indent = 11", "quote_indent", "from 0 to 10 characters"),
    ("quote_indent = nan", "quote_indent", "use a number"),
    ("shade = 1", "unknown key(s) shade", "keys are emphasis"),
])
def test_a_bad_value_names_the_file_the_key_and_what_is_allowed(tmp_path: Path, line: str, key: str,
                                                                 hint: str) -> None:
    folder = write_layout(tmp_path, "bad", line + "\n")
    with pytest.raises(LayoutError) as caught:
        read_layout(folder)
    message = str(caught.value)
    assert str(folder / "layout.toml") in message and f"[styles] {key}" in message and hint in message, message


def test_styles_must_be_a_table(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "layout.toml").write_text('styles = 1\n[page]\nmargins = { top = 37, bottom = 35, inside = 28, '
                                        'outside = 26 }\n[fonts]\nbody = "Noto Serif CJK SC"\n[sizes]\n'
                                        'body = "三号"\n', encoding="utf-8")
    with pytest.raises(LayoutError, match=r"layout\.toml: \[styles\] must be a table"):
        read_layout(folder)


def docx_bold(built: Built, text: str) -> bool:
    """Whether the DOCX's run holding `text` prints bold: its direct bold, else its character style's."""
    for paragraph in docx.Document(str(built.docx)).paragraphs:
        for run in paragraph.runs:
            if text in run.text:
                if run.bold is not None:
                    return bool(run.bold)
                return bool(run.style is not None and run.style.font.bold)
    raise AssertionError(text)


@pytest.mark.parametrize(("fixture", "em_in_strong", "strong_in_em"), [("default", True, True),
                                                                        ("altered", True, False)])
def test_nested_emphasis_and_strong_weigh_alike(fixture: str, em_in_strong: bool, strong_in_em: bool,
                                                request: pytest.FixtureRequest) -> None:
    """CSS's font-weight inherits unless an element sets one: `em` inside a bold `strong` stays bold; a
    `strong` of weight 400 inside a bold `em` is regular. The DOCX's single character style per run
    gives the same through direct bold (`RunFormat.within`)."""
    built: Built = request.getfixturevalue(fixture)
    assert span_of(built.pdf, "粗里强调").bold is em_in_strong
    assert docx_bold(built, "粗里强调") is em_in_strong
    assert span_of(built.pdf, "强里加粗").bold is strong_in_em
    assert docx_bold(built, "强里加粗") is strong_in_em


def docx_run(built: Built, text: str) -> docx.text.run.Run:
    for paragraph in docx.Document(str(built.docx)).paragraphs:
        for run in paragraph.runs:
            if text in run.text:
                return run
    raise AssertionError(text)


def test_strong_inside_emphasis_keeps_the_emphasis_font_and_slant(default: Built, italic: Built) -> None:
    """`*…**x**…*`: the print copy's `em strong` inherits `em`'s family and style; the DOCX run, whose one
    character style is Strong, carries the Emphasis look as direct formatting."""
    assert "Kai" in span_of(default.pdf, "强里加粗").font and span_of(default.pdf, "强里加粗").bold
    run = docx_run(default, "强里加粗")
    fonts = run._r.find("w:rPr/w:rFonts", NS)
    assert run.style.name == "Strong" and fonts is not None and fonts.get(f"{{{W}}}eastAsia") == "楷体_GB2312"
    assert docx_run(default, "强头")._r.find("w:rPr/w:rFonts", NS) is None
    # emphasis = "italic": the strong inside stays italic, in both
    assert span_of(italic.pdf, "强里加粗").italic
    assert docx_run(italic, "强里加粗").italic is True
    assert docx_run(italic, "粗里强调").italic is None  # Emphasis sets italic itself: nothing direct


def drawn_weight(pdf: Path, text: str) -> int:
    """The OS/2 weight of the font program that draws `text`, read from the PDF's embedded font: what
    the glyphs are, where a span's bold flag only repeats the name WeasyPrint gave the face (a regular
    face asked for at 700 is named `…-Bold` and draws regular glyphs)."""
    import io

    from fontTools.ttLib import TTFont

    with pymupdf.open(pdf) as document:
        for page in document:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        if text in span["text"]:
                            for xref, _ext, _type, basefont, *_ in page.get_fonts():
                                if basefont.split("+")[-1] == span["font"]:
                                    program = document.extract_font(xref)[3]
                                    return int(TTFont(io.BytesIO(program))["OS/2"].usWeightClass)
    raise AssertionError(f"no font draws {text!r}")


def test_strong_in_body_text_is_drawn_by_a_bold_face(default: Built) -> None:
    """`**x**` in body text: gov-report's body face (FandolFang here) has no bold and WeasyPrint makes
    none, so the stylesheet sets strong in the lead role's families — bold glyphs, not a regular face
    named bold."""
    assert drawn_weight(default.pdf, "加粗文字") >= 600
    assert drawn_weight(default.pdf, "正文有") < 600  # the body text beside it: regular
