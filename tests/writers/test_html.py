"""writers/html.py: escaped output, note markup, layout numbers in the stylesheet."""

from __future__ import annotations

from reportpress.layouts import load_layout
from reportpress.reader import read_text
from reportpress.writers.html import css_families, folio_content, write_html

SOURCE = """---
title: 标题<b>不粗</b>
author: "A & B"
---

正文<script>alert(1)</script>，用到“甲”[^n]。

[^n]: 注<i>释</i>。

::: glossary
“甲”
: 释义<img src=x>。
:::
"""


def render() -> str:
    return write_html(read_text(SOURCE, "t.md"), load_layout("gov-report"))


def test_source_text_is_escaped_everywhere() -> None:
    html = render()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "标题&lt;b&gt;不粗&lt;/b&gt;" in html
    assert "<i>" not in html and "<img src=x>" not in html
    assert 'content="A &amp; B"' in html


def test_notes_markup() -> None:
    html = render()
    assert '<span class="footnote">注&lt;i&gt;释&lt;/i&gt;。</span>' in html
    assert ('<a class="endnote-link" id="endnote-ref-1" href="#endnote-1"><span class="term">“甲”</span>'
            '<span class="endnote-call">1</span></a>') in html
    assert '<p class="glossary-entry" id="endnote-1"><a class="endnote-back" href="#endnote-ref-1">1.</a>' in html


def test_stylesheet_takes_numbers_from_the_layout() -> None:
    layout = load_layout("gov-report")
    html = render()
    assert f"line-height: {layout.line_pitch.css()}" in html
    assert f"letter-spacing: {layout.letter_spacing.css()}" in html
    assert f"font-family: {css_families(layout.fonts['heading1'])}" in html
    assert f"content: {folio_content(layout.folio.format)}" in html


def test_css_strings_cannot_break_out() -> None:
    assert css_families(('a"b', "</style>")) == '"a\\"b", "\\3c /style>"'
    assert folio_content("第{n}页") == '"第" counter(page) "页"'
