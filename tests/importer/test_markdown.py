"""markdown.py: blocks written as DESIGN §3 Markdown, raw text escaped so it stays text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from reportpress.importer.blocks import Block
from reportpress.importer.glossary import GlossaryEntry
from reportpress.importer.markdown import block_to_markdown, escape_block_start, escape_inline, source_markdown
from reportpress.importer.notes import footnote_placeholder


@pytest.mark.parametrize(
    "text",
    ["a*b*c", "_x_", "[链接](http://x)", "<b>粗</b>", "`代码`", "&amp;", "{.term}", "a|b", "~~删~~", "\\n"],
)
def test_escaped_text_renders_as_itself(text: str) -> None:
    html = MarkdownIt("commonmark").renderInline(escape_inline(text))
    unescaped = html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert unescaped == text


@pytest.mark.parametrize("text", ["# 不是标题", "> 不是引文", "- 不是列表", "+ 不是列表", "1. 不是列表", ": 不是定义",
                                  ":::", "---", "-- --", "- - -", "--2015年"])
def test_block_starts_escaped(text: str) -> None:
    html = MarkdownIt("commonmark").render(escape_block_start(escape_inline(text)))
    assert html.startswith("<p>"), html


def test_heading_lead_and_spans() -> None:
    heading = Block("heading", "（一）保持战略定力，经济发展总体平稳", 1, level=2)
    assert block_to_markdown(heading) == "## （一）保持战略定力，经济发展总体平稳"
    lead = Block("paragraph", "围绕首创“合议核准制”。" + footnote_placeholder(2), 1, lead="产业结构调整优化。",
                 spans=[("text", 4, 11, "[", "]{.term}")])
    assert block_to_markdown(lead) == "**产业结构调整优化。**围绕首创[“合议核准制”]{.term}。[^2]"


def test_source_markdown_layout() -> None:
    entries = [GlossaryEntry("“两个免于提交”和“两个转变”", "定义。", "两个免于提交和两个转变", True, 9)]
    text = source_markdown("---\ntitle: 题\n---\n", [Block("paragraph", "正文。", 1)], {1: "注。"}, entries)
    assert text == (
        "---\ntitle: 题\n---\n\n正文。\n\n::: notes\n[^1]: 注。\n:::\n\n"
        "::: glossary\n“两个免于提交”和“两个转变” {#两个免于提交和两个转变}\n: 定义。\n:::\n"
    )
    assert source_markdown("---\n---\n", [], {}, []) == "---\n---\n"
