"""A Markdown input (issue 11 item 7), on a report of our own making (tests/data/importer/markdown-input/):
its title heading to the front matter, headings levelled by their numbering, a list, a quote, a link, code
and math kept, an image kept when its file exists and its alt text in its place when not, `<sup>[1]</sup>`
and `[2]` calls to a `参考文献` list made citations, raw HTML dropped with its text kept, a zero-width space
gone. Read back by the reader, and the decisions in the report."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportpress.importer import import_text, write_import
from reportpress.importer.mdinput import looks_like_markdown
from reportpress.model import Citation, Heading, Image, ListBlock, Paragraph, Quote, Salutation, plain_text
from reportpress.reader import read_text
from reportpress.walk import iter_inlines

from .conftest import DATA

FOLDER = DATA / "markdown-input"


def test_markdown_input_keeps_its_structure(tmp_path: Path) -> None:
    shutil.copytree(FOLDER, tmp_path / "in")
    result = write_import(tmp_path / "in" / "report.md", tmp_path / "in" / "out.md")
    document = read_text(result.markdown, str(tmp_path / "in" / "out.md"))
    assert document.meta.title == "2031年某某区人民政府工作报告"
    blocks = document.blocks
    assert [(b.level, plain_text(b.inlines)) for b in blocks if isinstance(b, Heading)] == [
        (1, "一、2030年工作回顾"), (2, "（一）产业升级"), (1, "二、2031年主要任务")]
    assert isinstance(blocks[0], Salutation)
    assert any(isinstance(b, ListBlock) for b in blocks) and any(isinstance(b, Quote) for b in blocks)
    inlines = [inline for b in blocks if isinstance(b, Paragraph) for inline in iter_inlines(b.inlines)]
    assert [i.keys for i in inlines if isinstance(i, Citation)] == [("ref1",), ("ref2",)]
    assert [i.src for i in inlines if isinstance(i, Image)] == ["chart.png"]
    text = "".join(plain_text(b.inlines) for b in blocks if isinstance(b, Paragraph))
    assert "缺失的图" in text and "红色文字" in text and "<span" not in result.markdown
    assert "\u200b" not in result.markdown and "$" not in result.markdown
    assert "```math\na^2 + b^2 = c^2\n```" in result.markdown and "`E=mc^2`" in result.markdown
    assert "code block # not a heading" in result.markdown
    assert len(document.references) == 2
    kinds = {d.kind: d for d in result.report.decisions}
    assert kinds["image"].lines == (20,) and kinds["image"].confidence <= 0.5
    assert kinds["references"].lines[0] == 36 and "html" in kinds


def test_plain_text_that_clearly_is_markdown_is_read_as_markdown() -> None:
    raw = "# 某某报告\n\n## 一、回顾\n\n- 第一项；\n- 第二项。\n".encode()
    assert looks_like_markdown(raw.decode())
    markdown = import_text(raw).markdown
    assert "# 一、回顾" in markdown and "- 第一项；" in markdown and "\\-" not in markdown
    # one `#` line in a report's text is no Markdown: it stays text, escaped
    assert not looks_like_markdown("# 某某\n一、回顾\n正文。")
    assert "\\#" in import_text("# 某某\n一、回顾\n正文。".encode()).markdown


def test_markdown_the_reader_refuses_is_imported_as_text() -> None:
    raw = "# 某某报告\n\n## 一、回顾\n\n正文[^9]。\n\n- 一项。\n".encode()
    result = import_text(raw, markdown=True)
    read_text(result.markdown, "refused.md")  # it reads: the source is the escaped text
    assert "[^9]" not in result.markdown and "\\[^9\\]" in result.markdown
    first = result.report.doubtful_first[0]
    assert first.kind == "markdown" and "unknown footnote [^9]" in first.what and first.confidence < 0.5
