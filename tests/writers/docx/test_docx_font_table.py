"""The font table (issue 14 item 2): every East Asian family the styles name carries alternate names (the
layout's stack, then the stock Windows face of its class), panose, GB2312 charset (0x86) and signature,
in CT_Font's element order; Latin families stay plain. Read back from `word/fontTable.xml`.

What Word and WPS then do with the entries could not be run here (no Windows): README's DOCX part says
what is and is not verified. LibreOffice 7.4 ignores `w:altName` (measured: the same fonts in its PDF
with and without it), so it is no witness either.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

from reportpress.layouts import Layout, read_layout
from reportpress.model import Document, Meta
from reportpress.writers.docx import write_docx
from reportpress.writers.docx.fonttable import alternate_names
from tests.writers.docx.docxread import para, part_xml, text, w

CT_FONT_ORDER = ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"]


def _entries(path: Path) -> dict[str, etree._Element]:
    return {font.get(w("name")): font for font in part_xml(path, "word/fontTable.xml").iter(w("font"))}


def _value(font: etree._Element, tag: str) -> str | None:
    child = font.find(w(tag))
    return None if child is None else child.get(w("val"))


def test_the_gb_t_9704_names_fall_back_to_the_stock_windows_faces(sample_docx: Path) -> None:
    fonts = _entries(sample_docx)
    expected_stock = {"仿宋_GB2312": ["仿宋", "FangSong"], "楷体_GB2312": ["楷体", "KaiTi"],
                      "方正小标宋简体": ["宋体", "SimSun"], "黑体": ["SimHei"], "宋体": ["SimSun"]}
    for name, stock in expected_stock.items():
        alternates = (_value(fonts[name], "altName") or "").split(",")
        assert all(face in alternates for face in stock), (name, alternates)
        assert name not in alternates
    # the print copy's order: a machine with FangSong_GB2312 uses it before the stock 仿宋
    body = _value(fonts["仿宋_GB2312"], "altName").split(",")
    assert body.index("FangSong_GB2312") < body.index("仿宋") < body.index("FandolFang")


def test_each_east_asian_entry_says_gb2312_and_is_in_schema_order(sample_docx: Path) -> None:
    for name, font in _entries(sample_docx).items():
        order = [etree.QName(child).localname for child in font]
        assert order == sorted(order, key=CT_FONT_ORDER.index), (name, order)
        assert _value(font, "charset") == "86", name
        signature = font.find(w("sig"))
        # code page bit 18 (0x00040000): GB2312, which is what makes Word pick a Chinese face
        assert int(signature.get(w("csb0")), 16) & 0x00040000, name
        assert all(len(signature.get(w(key))) == 8 for key in ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"))


def test_known_faces_carry_the_panose_word_writes_for_them(sample_docx: Path) -> None:
    fonts = _entries(sample_docx)
    assert _value(fonts["黑体"], "panose1") == "02010609060101010101"
    assert _value(fonts["宋体"], "panose1") == "02010600030101010101"
    assert _value(fonts["仿宋_GB2312"], "panose1") == "02010609030101010101"
    assert _value(fonts["方正小标宋简体"], "panose1") is None  # unknown: not guessed
    assert (_value(fonts["黑体"], "family"), _value(fonts["黑体"], "pitch")) == ("modern", "fixed")


def test_a_latin_font_stays_plain_and_names_with_commas_are_left_out(layout: Layout, tmp_path: Path) -> None:
    folder = tmp_path / "latin"
    shutil.copytree(layout.folder, folder)
    toml = folder / "layout.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('latin_font = ""', 'latin_font = "Times New Roman"'),
                    encoding="utf-8")
    path = tmp_path / "latin.docx"
    write_docx(Document(meta=Meta(), blocks=(para(text("正文")),)), read_layout(folder), path)
    roman = _entries(path)["Times New Roman"]
    assert [etree.QName(child).localname for child in roman] == ["charset", "family", "pitch"]
    assert _value(roman, "charset") == "00"
    assert alternate_names("甲", ("甲", "乙,丙", "丁")) == ["丁"]
    assert alternate_names("仿宋_GB2312", ("仿宋_GB2312", "仿宋")) == ["仿宋", "FangSong"]
