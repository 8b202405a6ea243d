"""The DOCX side of the print copy's line-break rules (issue 4 item 6), read from the saved XML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from reportpress.layouts import builtin_layout
from reportpress.model import Document, Meta
from reportpress.typeset.chars import NO_END, NO_START
from reportpress.writers.docx import docx_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part(name: str) -> etree._Element:
    data = docx_bytes(Document(meta=Meta(title="题"), blocks=()), builtin_layout("gov-report"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def test_settings_carry_the_pdfs_kinsoku_lists_and_compression() -> None:
    settings = part("word/settings.xml")
    before, after = settings.find(f"{W}noLineBreaksBefore"), settings.find(f"{W}noLineBreaksAfter")
    assert set(before.get(f"{W}val")) == set(NO_START) and before.get(f"{W}lang") == "zh-CN"
    assert set(after.get(f"{W}val")) == set(NO_END) and "“" in after.get(f"{W}val")
    assert settings.find(f"{W}characterSpacingControl").get(f"{W}val") == "compressPunctuation"


def test_normal_style_breaks_like_the_print_copy() -> None:
    styles = part("word/styles.xml")
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    ppr = normal.find(f"{W}pPr")
    values = {child.tag.removeprefix(W): child.get(f"{W}val") for child in ppr}
    assert "kinsoku" in values and values["kinsoku"] in (None, "1", "true")
    # a mark may end a full line past the margin (Word's default for Chinese; LibreOffice draws none else)
    assert values["overflowPunct"] in (None, "1", "true")
    assert values["wordWrap"] in (None, "1", "true") and values["topLinePunct"] in ("0", "false")
    assert values["autoSpaceDE"] in ("0", "false") and values["autoSpaceDN"] in ("0", "false")
    assert values["jc"] == "both"


def test_no_part_lets_word_break_latin_words(sample_docx: Path) -> None:
    """Issue 14 item 1: `w:wordWrap w:val="0"` (ECMA-376 §17.3.1.45) lets Word split `117.0` or a Latin
    word at any character; no style, paragraph or note of the sample may switch word-level breaking off."""
    with zipfile.ZipFile(sample_docx) as package:
        names = [name for name in package.namelist() if name.startswith("word/") and name.endswith(".xml")]
        switches = [(name, element.get(f"{W}val")) for name in names
                    for element in etree.fromstring(package.read(name)).iter(f"{W}wordWrap")]
    assert switches, "Normal names word-level breaking explicitly"
    assert all(value in (None, "1", "true", "on") for _, value in switches), switches
