"""Embedded font files read lazily (`weasy.lean_font_files`, issue 13): no full copy of a font file is
held while a document is drawn, and the PDF keeps the very bytes WeasyPrint writes with the copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest
import weasyprint
from weasyprint.pdf import fonts as pdf_fonts

from reportpress.typeset import weasy

HTML = ('<html lang="zh-CN"><body style="font: 16pt \'Noto Serif CJK SC\'">'
        '<p>字体文件按需读取。</p><p style="font-family: \'Noto Sans CJK SC\'">黑体标题</p></body></html>')


def write(html: str) -> bytes:
    with weasy.inter_character_justification():
        data = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(data, bytes)
    return data


@pytest.mark.parametrize("compact", [False, True])
def test_no_font_holds_its_whole_file_until_it_is_subset(monkeypatch: pytest.MonkeyPatch, compact: bool) -> None:
    # what a font holds of its own when WeasyPrint comes to subset it: nothing (its face is read), or — its
    # glyphs renumbered (`weasy.compact_glyph_ids`) — the subset just made, never the face's whole file
    held: list[tuple[str, int]] = []
    clean = pdf_fonts.Font.clean

    def watched(font: Any, *args: Any) -> None:
        stored = vars(font).get("file_content")
        held.append((font.family, 0 if stored is None else len(stored)))
        clean(font, *args)

    monkeypatch.setattr(weasy, "COMPACT_GLYPHS", compact)
    monkeypatch.setattr(pdf_fonts.Font, "clean", watched)
    write(HTML)
    assert len(held) >= 2  # both faces were embedded
    if compact:
        assert all(0 < size < 200_000 for _, size in held), held  # a few glyphs; the CJK files are over 10 MB
    else:
        assert held == [(family, 0) for family, _ in held]


def test_the_embedded_fonts_are_the_bytes_weasyprint_writes_with_its_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    lazy = write(HTML)
    weasy.lean_font_files()
    monkeypatch.setattr(pdf_fonts.Font, "__init__", weasy._font_init_original[0])
    monkeypatch.delattr(pdf_fonts.Font, "file_content")
    eager = write(HTML)
    assert lazy == eager
    document = pymupdf.open(stream=lazy)
    embedded = [document.extract_font(xref) for xref, *_ in document.get_page_fonts(0)]
    assert len(embedded) >= 2
    # subset from the face: a few glyphs each, far below the CJK files (over 10 MB)
    assert all(0 < len(font[3]) < 2_000_000 for font in embedded)


LAZY_FONT_INTERNALS = ("pdf.fonts.Font.__init__", "pdf.fonts.Font.clean", "pdf.fonts.Font.type",
                       "pdf.fonts.Font._harfbuzz_subset", "pdf.fonts.Font._fonttools_subset",
                       "pdf.fonts.build_fonts_dictionary", "pdf.fonts._build_bitmap_font_dictionary",
                       "pdf.stream.Stream.add_font", "text.fonts.get_hb_object_data")


def test_every_reader_and_writer_of_a_font_file_is_pinned() -> None:
    """Where WeasyPrint copies a font's file, reads or replaces the copy, and makes fonts: a new reader of
    `file_content` (one that expects the copy to be there) comes with a change to one of these."""
    current = weasy.fingerprints()
    changed = [name for name in LAZY_FONT_INTERNALS if current[name] != weasy.FINGERPRINTS.get(name)]
    assert not changed, f"WeasyPrint changed {changed}: re-read them against weasy.lean_font_files"


def test_no_other_weasyprint_module_reads_a_font_file() -> None:
    """Every use of `file_content` in WeasyPrint is in `pdf/fonts.py`, in the functions pinned above."""
    root = Path(weasyprint.__file__).parent
    users = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8").count("file_content")
             for path in root.rglob("*.py") if "file_content" in path.read_text(encoding="utf-8")}
    assert users == {"pdf/fonts.py": 16}, f"WeasyPrint reads font files elsewhere now: {users}"
