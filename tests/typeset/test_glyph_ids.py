"""Embedded fonts hold the used glyphs alone, renumbered (`weasy.compact_glyph_ids`, `cff.py`).

Every claim is read back from the written PDF by readers that are not WeasyPrint: fontTools for the font
programs, pdftotext for the text layer, and three renderers that read a CID-keyed CFF's codes in the two
ways the PDF world does — poppler (codes as glyph indexes), Ghostscript (codes as CIDs, through the
charset) and MuPDF — each drawing every page of the document exactly as with WeasyPrint's own subsets.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pymupdf as fitz  # type: ignore[import-untyped]
import pytest
import weasyprint
from fontTools.ttLib import TTFont

from reportpress.typeset import cff, weasy

# every kind of font a report meets: 仿宋 and 楷 (Fandol: CID-keyed CFF, Adobe-GB1, CIDs not glyph
# indexes), Noto CJK (CID-keyed CFF, Adobe-Identity, an OpenType collection), LXGW WenKai (TrueType),
# DejaVu (TrueType, Latin), Nimbus Sans (CFF with glyph names); text in an opacity group, an SVG, a
# rotated box, an SVG pattern, a footnote, a table, the page's margin box
FEATURES = """<html lang="zh"><head><style>
@page { size: A5; margin: 15mm;
        @bottom-center { content: "— " counter(page) " —"; font-family: "Noto Serif CJK SC"; } }
body { font-family: "FandolFang"; font-size: 12pt; text-align: justify; }
.k { font-family: "LXGW WenKai"; } .s { font-family: "Noto Sans CJK SC"; font-weight: bold; }
.l { font-family: "DejaVu Serif"; font-style: italic; } .n { font-family: "Nimbus Sans"; }
.o { opacity: .5; } .r { transform: rotate(10deg); display: inline-block; } .fn { float: footnote; }
.kai { font-family: "FandolKai"; }
</style></head><body>
<h1 class="s">标题：中文字体子集</h1>
<p>正文仿宋，<b style="font-family:'Noto Serif CJK SC'">粗体强调</b>，<span class="k">楷体 TrueType 霞鹜文楷</span>，
<span class="l">Latin italic DejaVu fi ligature</span>，<span class="n">Nimbus Sans CFF</span>，
<span class="o">半透明文字</span>，<span class="r">旋转文字</span>，<span class="kai">楷体二级标题</span>。
脚注<span class="fn">脚注正文在页脚。</span>继续。</p>
<svg width="200" height="40">
<text x="0" y="20" font-family="Noto Sans CJK SC">SVG 文字</text></svg>
<svg width="120" height="40"><defs><pattern id="p" width="60" height="20" patternUnits="userSpaceOnUse">
<text x="0" y="15" font-family="FandolKai">图案纹样</text></pattern></defs>
<rect width="120" height="40" fill="url(#p)"/></svg>
<table border="1"><tr><td>表格一</td><td class="k">表格二</td></tr></table>
<p>""" + "重复的段落文字，用于产生第二页。" * 40 + "</p></body></html>"
# a character no font has (U+10FFFD, private use): WeasyPrint draws .notdef with a code of its own
MISSING = FEATURES.replace("继续。", "继续\U0010fffd。")


def _write(html: str, compact: bool, monkeypatch: pytest.MonkeyPatch, **options: object) -> bytes:
    monkeypatch.setattr(weasy, "COMPACT_GLYPHS", compact)
    with weasy.inter_character_justification():
        data = weasyprint.HTML(string=html).write_pdf(**options)
    assert isinstance(data, bytes)
    return data


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("glyphs")
    with pytest.MonkeyPatch.context() as monkeypatch:
        made = {name: _write(FEATURES, name == "compact", monkeypatch) for name in ("compact", "weasyprint")}
    paths = {}
    for name, data in made.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def _fonts(path: Path) -> dict[str, TTFont]:
    """The embedded OpenType and TrueType font programs, by base font name without the subset tag."""
    document = fitz.open(path)
    found = {}
    for xref in range(1, document.xref_length()):
        for key in ("FontFile3", "FontFile2"):
            kind, value = document.xref_get_key(xref, key)
            if kind == "xref":
                name = document.xref_get_key(xref, "FontName")[1].split("+", 1)[-1]
                found[name] = TTFont(io.BytesIO(document.xref_stream(int(value.split()[0]))))
    return found


def _codes_shown(path: Path) -> dict[str, set[int]]:
    """The 2-byte codes each font shows in the pages' content streams, read with MuPDF's raw streams."""
    document = fitz.open(path)
    shown: dict[str, set[int]] = {}
    for page in document:
        names = {resource[4]: resource[3].split("+", 1)[-1] for resource in page.get_fonts(full=True)}
        current = None
        for line in page.read_contents().decode("latin-1").splitlines():
            if match := re.search(r"/(\S+) \S+ Tf", line):
                current = names.get(match.group(1))
            for hexes in re.findall(r"<([0-9a-fA-F]+)>", line if line.endswith("TJ") else ""):
                shown.setdefault(current or "?", set()).update(int(hexes[i:i + 4], 16) for i in range(0, len(hexes), 4))
    return shown


def test_every_subset_holds_its_used_glyphs_and_hardly_more(pdfs: dict[str, Path]) -> None:
    fonts, before = _fonts(pdfs["compact"]), _fonts(pdfs["weasyprint"])
    shown = _codes_shown(pdfs["compact"])
    assert {"Noto-Sans-CJK-SC-Bold", "FandolFang", "FandolKai", "LXGW-WenKai", "Nimbus-Sans"} <= fonts.keys()
    for name, font in fonts.items():
        glyphs = len(font.getGlyphOrder())
        used = shown[name] | {0}
        assert max(used) < glyphs, name  # every code names a glyph of the subset
        # HarfBuzz 6 may keep a glyph or two its layout tables reach from the used ones
        assert glyphs <= len(used) + 4, (name, glyphs, len(used))
    # WeasyPrint's own subsets keep an empty glyph for every index below the last one used
    assert len(before["Noto-Sans-CJK-SC-Bold"].getGlyphOrder()) > 10_000
    assert pdfs["compact"].stat().st_size < pdfs["weasyprint"].stat().st_size / 2


def test_a_cid_keyed_subset_numbers_its_cids_as_its_glyphs(pdfs: dict[str, Path]) -> None:
    fonts = _fonts(pdfs["compact"])
    keyed = {name: font for name, font in fonts.items()
             if "CFF " in font and hasattr(font["CFF "].cff.topDictIndex[0], "ROS")}
    assert {"FandolFang", "FandolKai", "Noto-Sans-CJK-SC-Bold"} <= keyed.keys()
    for name, font in keyed.items():
        assert font.getGlyphOrder() == [".notdef"] + [f"cid{i:05d}" for i in range(1, len(font.getGlyphOrder()))], name


def test_the_same_glyphs_are_drawn_where_they_were(pdfs: dict[str, Path], tmp_path: Path) -> None:
    # the text layer, and every page as poppler, Ghostscript and MuPDF draw it
    assert _pdftotext(pdfs["compact"]) == _pdftotext(pdfs["weasyprint"])
    for name in ("compact", "weasyprint"):
        subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdfs[name]), str(tmp_path / f"poppler-{name}")],
                       check=True)
        if not shutil.which("gs"):
            pytest.fail("Ghostscript is missing: `make test` installs it")
        subprocess.run(["gs", "-q", "-sDEVICE=pgmraw", "-r50", "-o", str(tmp_path / f"gs-{name}-%03d.pgm"),
                        str(pdfs[name])], check=True)
    for reader in ("poppler", "gs"):
        compact = sorted(tmp_path.glob(f"{reader}-compact*.pgm"))
        assert len(compact) == 2
        for page in compact:
            assert page.read_bytes() == Path(str(page).replace("-compact", "-weasyprint")).read_bytes(), page.name
    compact, plain = fitz.open(pdfs["compact"]), fitz.open(pdfs["weasyprint"])
    for a, b in zip(compact, plain, strict=True):
        assert a.get_pixmap(dpi=50).samples == b.get_pixmap(dpi=50).samples


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_font_with_a_missing_glyph_keeps_weasyprints_subset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # WeasyPrint invents a code past the face's glyphs for a missing character (`get_unused_glyph_id`)
    (tmp_path / "m.pdf").write_bytes(_write(MISSING, True, monkeypatch))
    fonts = _fonts(tmp_path / "m.pdf")
    assert len(fonts["FandolFang"].getGlyphOrder()) > 1000  # WeasyPrint's, every index kept
    assert len(fonts["FandolKai"].getGlyphOrder()) < 20  # the others still renumbered


def test_a_document_written_twice_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    # the fonts of a document are WeasyPrint's again once its PDF is written: the next write draws into them
    monkeypatch.setattr(weasy, "COMPACT_GLYPHS", True)
    with weasy.inter_character_justification():
        document = weasyprint.HTML(string=FEATURES).render()
        first, second = document.write_pdf(), document.write_pdf()
    assert first == second


def test_pdf_a_1b_fonts_are_renumbered_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(_write(FEATURES, True, monkeypatch, pdf_variant="pdf/a-1b"))
    assert len(_fonts(path)["Noto-Sans-CJK-SC-Bold"].getGlyphOrder()) < 40


def test_shown_text_is_renumbered_code_by_code() -> None:
    mapping = {0x11: 1, 0x22: 2, 0x3a3f: 3}
    assert weasy._renumbered(b"[<00110022>-50<3a3f>] TJ", mapping) == b"[<00010002>-50<0003>] TJ"
    assert weasy._renumbered(b"[<0011 0022>] TJ", mapping) is None  # not WeasyPrint's: left, and nothing renumbered
    assert weasy._renumbered(b"[<0099>] TJ", mapping) is None  # a code the subset does not hold
    assert weasy._renumbered(b"(abc) Tj", mapping) is None


def test_identity_charset_keeps_each_glyph_and_names_it_by_its_index(monkeypatch: pytest.MonkeyPatch) -> None:
    # a real CID-keyed subset whose CIDs are not its glyph indexes: FandolFang's drawn glyphs, by HarfBuzz
    monkeypatch.setattr(weasy, "COMPACT_GLYPHS", True)
    with weasy.inter_character_justification():
        document = weasyprint.HTML(string=FEATURES).render()
        document.write_pdf()
    font = next(font for font in document.fonts.values() if font.family == "FandolFang")
    program = weasy._harfbuzz_subset(font.hb_face, sorted({0, *font.to_unicode}), False, cff=True)
    assert program is not None
    cids = cff.glyph_cids(program)
    assert cids is not None and cids != list(range(len(cids)))
    patched = cff.identity_charset(program)
    assert patched is not None and cff.glyph_cids(patched) == list(range(len(cids)))
    before, after = TTFont(io.BytesIO(program)), TTFont(io.BytesIO(patched))
    old, new = before["CFF "].cff.topDictIndex[0].CharStrings, after["CFF "].cff.topDictIndex[0].CharStrings
    for name, renamed in zip(before.getGlyphOrder(), after.getGlyphOrder(), strict=True):
        old[name].decompile()  # glyph N is glyph N: only its CID changed
        new[renamed].decompile()
        assert old[name].program == new[renamed].program
    assert after["head"].checkSumAdjustment != before["head"].checkSumAdjustment


def test_cff_readers_refuse_what_they_cannot_read() -> None:
    assert cff.identity_charset(b"not a font") is None
    assert cff.glyph_cids(b"OTTO" + b"\0" * 8) is None
    assert cff.glyph_count(b"\0\1\0\0" + b"\0" * 8) is None


def test_a_face_giving_two_glyphs_one_cid_keeps_weasyprints_subset(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    # FandolKai with one charset range moved so that ˙ takes the CID of 中: drawable, but two old glyphs
    # would share one new code
    face = subprocess.run(["fc-match", "-f", "%{file}", "FandolKai"], capture_output=True, text=True).stdout
    data = bytearray(Path(face).read_bytes())
    offset, length = cff._tables(bytes(data))["CFF "]
    table = bytes(data[offset:offset + length])
    dot, zhong = 8896, 4559  # glyph indexes of ˙ and 中 in FandolKai
    position, glyph = int(cff._top_dict(table)[15][0]) + 1, 1
    while True:  # format 2 ranges: (first CID, glyphs left)
        _first, left = struct.unpack_from(">HH", table, position)
        if glyph <= dot <= glyph + left:
            struct.pack_into(">H", data, offset + position, zhong - (dot - glyph))
            break
        glyph, position = glyph + left + 1, position + 4
    (tmp_path / "dup.otf").write_bytes(data)
    html = ('<html><head><style>@font-face { font-family: Dup; src: url(dup.otf) }</style></head>'
            '<body style="font-family: Dup; font-size: 40px"><p>中˙ ˙中</p></body></html>')
    monkeypatch.setattr(weasy, "COMPACT_GLYPHS", True)
    with weasy.inter_character_justification():
        (tmp_path / "d.pdf").write_bytes(weasyprint.HTML(string=html, base_url=f"{tmp_path}/").write_pdf())
    assert len(_fonts(tmp_path / "d.pdf")["Dup"].getGlyphOrder()) > 1000
    assert "中˙ ˙中" in _pdftotext(tmp_path / "d.pdf")


def test_a_font_drawn_in_a_stream_not_read_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # as if WeasyPrint drew text somewhere the renumbering does not look (here: its transparency groups)
    monkeypatch.setattr(weasy, "_content_streams",
                        lambda pdf: (obj for obj in pdf.objects if isinstance(obj, weasy.pdf_stream.Stream)))
    html = FEATURES.replace('<span class="o">半透明文字</span>',
                            '<span class="o" style="font-family: FandolKai">半透明</span>')
    (tmp_path / "c.pdf").write_bytes(_write(html, True, monkeypatch))
    (tmp_path / "w.pdf").write_bytes(_write(html, False, monkeypatch))
    assert _pdftotext(tmp_path / "c.pdf") == _pdftotext(tmp_path / "w.pdf")
    fonts = _fonts(tmp_path / "c.pdf")
    assert len(fonts["FandolKai"].getGlyphOrder()) > 1000  # WeasyPrint's: its group's glyphs keep their codes
    assert len(fonts["Noto-Sans-CJK-SC-Bold"].getGlyphOrder()) < 40  # the others renumbered


def test_a_subset_is_named_by_its_glyphs_and_its_cidset_holds_every_glyph(monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    one = _write(FEATURES, True, monkeypatch, pdf_variant="pdf/a-1b")
    other = _write(FEATURES.replace("标题", "题目"), True, monkeypatch, pdf_variant="pdf/a-1b")
    (tmp_path / "a.pdf").write_bytes(one)
    names, others = (set(re.findall(rb"/([A-Z]{6})\+Noto-Sans-CJK-SC-Bold", data)) for data in (one, other))
    assert names and others and not names & others  # other glyphs, another tag
    document = fitz.open(tmp_path / "a.pdf")
    checked = 0
    for xref in range(1, document.xref_length()):
        if document.xref_get_key(xref, "CIDSet")[0] != "xref":
            continue
        bits = document.xref_stream(int(document.xref_get_key(xref, "CIDSet")[1].split()[0]))
        key = "FontFile3" if document.xref_get_key(xref, "FontFile3")[0] == "xref" else "FontFile2"
        program = document.xref_stream(int(document.xref_get_key(xref, key)[1].split()[0]))
        # .notdef and every glyph the program holds (PDF/A-1's bare CFF, read by fontTools)
        assert sum(bin(byte).count("1") for byte in bits) == _glyphs_in_cff(program)
        checked += 1
    assert checked >= 5


def _glyphs_in_cff(data: bytes) -> int:
    """The glyphs of an OpenType or TrueType program, or of a bare CFF (what reportpress's PDF/A-1 embeds)."""
    from fontTools.cffLib import CFFFontSet

    if data[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
        return len(TTFont(io.BytesIO(data)).getGlyphOrder())

    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(data), None)
    return len(fonts[fonts.fontNames[0]].CharStrings)
