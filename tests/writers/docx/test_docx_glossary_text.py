"""The glossary looks alike in both copies (review, session 24: the DOCX set it as 14 pt note text,
single-spaced and flush left, the print copy as body paragraphs): each entry's endnote takes
`Glossary Text`, the print copy's glossary paragraph — the body's size and first-line indent — and an
end note keeps `endnote text`. Read back with LibreOffice → PyMuPDF and with PyMuPDF on the print copy."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from tests.writers.docx.test_docx_libreoffice import convert

SOURCE = """---
title: 用语解释的样式
notes: end
---

正文说到“合议核准制”和“放管服”改革，又见尾注[^1]。

[^1]: 这是一条尾注的文字。

::: glossary
“合议核准制”
: 是指由市场监管部门牵头，会同相关部门对企业提交的材料进行合议并核准的制度。

“放管服”
: 简政放权、放管结合、优化服务的简称。
:::
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("glossary-text")
    source = folder / "report.md"
    source.write_text(SOURCE, encoding="utf-8")
    built = build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs
    return {"pdf": built["pdf"], "lo": convert(built["docx"], folder / "lo")}


def span_sizes(pdf: Path, start: str) -> set[float]:
    """The sizes of the Han text of the lines starting with `start` (its first two characters), and of
    the lines of the same paragraph after it."""
    with pymupdf.open(pdf) as document:
        for page in document:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", ()):
                    text = "".join(span["text"] for span in line["spans"])
                    if start in text:
                        return {round(span["size"], 1) for span in line["spans"]
                                if any("\u4e00" <= char <= "\u9fff" for char in span["text"])}
    raise AssertionError(f"{start} is not printed in {pdf.name}")


def test_glossary_entries_take_the_bodys_size_in_both_copies_and_end_notes_the_notes(
        outputs: dict[str, Path]) -> None:
    body = builtin_layout("gov-report").body_size.pt
    note = builtin_layout("gov-report").sizes["note"].pt
    for copy in ("pdf", "lo"):
        assert span_sizes(outputs[copy], "简政放权") == {body}, copy
        assert span_sizes(outputs[copy], "这是一条尾注") == {note}, copy
