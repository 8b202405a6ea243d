"""Pandoc's inline notes `正文^[脚注]。` are ordinary footnotes of the model, so a build gives a real Word
footnote in the DOCX and a page-foot note in the PDF, numbered in call order with the `[^label]` ones."""

from __future__ import annotations

from pathlib import Path

from reportpress.build import build
from reportpress.model import FootnoteRef, Paragraph
from reportpress.reader import read_source
from reportpress.walk import iter_block_inlines
from tests.pdfread import body_text
from tests.writers.docx.docxread import note_texts, squeeze

SOURCE = """---
title: 内联脚注
---

正文一^[这是**内联**脚注。]，正文二[^b]，正文三^[第二个内联脚注。]。

[^b]: 这是标注脚注。
"""


def test_inline_notes_build_to_pdf_and_docx_footnotes(tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_text(SOURCE, encoding="utf-8")
    document = read_source(source)
    calls = [node.id for block in document.blocks for node in iter_block_inlines(block)
             if isinstance(node, FootnoteRef)]
    assert [document.footnote(call).pos.line for call in calls] == [5, 7, 5]
    first = document.footnote(calls[0]).blocks[0]
    assert isinstance(first, Paragraph)

    build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out")
    assert [squeeze(text) for text in note_texts(tmp_path / "out" / "report.docx", "footnote")] == [
        "这是内联脚注。", "这是标注脚注。", "第二个内联脚注。"]
    text = body_text(tmp_path / "out" / "report.pdf")
    for note in ("这是内联脚注。", "这是标注脚注。", "第二个内联脚注。"):
        assert note in text
    assert "^[" not in text and "正文一" in text and "正文三" in text
