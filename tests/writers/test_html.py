"""writers/html.py: escaped output, note markup, layout numbers in the stylesheet, CSS escaping, and
the sandbox the layout's templates run in."""

from __future__ import annotations

import re
import shutil
import signal
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tinycss2

from reportpress.css import css_string
from reportpress.errors import LayoutError
from reportpress.layouts import Layout, builtin_layout, read_layout
from reportpress.model import Cover, Meta
from reportpress.reader import read_text
from reportpress.writers import html
from reportpress.writers.covers import cover_html, resolve_covers
from reportpress.writers.html import (
    check_templates,
    css_families,
    folio_content,
    render_template,
    template_environment,
    write_html,
)

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
    return write_html(read_text(SOURCE, "t.md"), builtin_layout("gov-report"))


def test_source_text_is_escaped_everywhere() -> None:
    html = render()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "标题&lt;b&gt;不粗&lt;/b&gt;" in html
    assert "<i>" not in html and "<img src=x>" not in html
    assert 'content="A &amp; B"' in html


def test_notes_markup() -> None:
    html = render()
    assert '<span class="footnote" id="fn-1">注&lt;i&gt;释&lt;/i&gt;。</span>' in html
    # the call glued to the term by a word joiner: no line starts with it
    assert ('<a class="endnote-link" id="endnote-ref-1" href="#endnote-1"><span class="term">“甲”</span>'
            '\u2060<span class="endnote-call">1</span></a>') in html
    # the number's digits on the grid (their own span), the stop, the term straight after it (no word
    # joiner before an opening mark, so that ．“ is compressed)
    assert ('<p class="glossary-entry" id="endnote-1"><a class="endnote-back" href="#endnote-ref-1">'
            '<span class="glossary-number glossary-digits-1">1</span>．</a>'
            '<span class="glossary-term">“甲”</span>') in html


def test_stylesheet_takes_numbers_from_the_layout() -> None:
    layout = builtin_layout("gov-report")
    html = render()
    assert f"line-height: {layout.line_pitch.css()}" in html
    assert f"letter-spacing: {layout.letter_spacing.css()}" in html
    assert f"font-family: {css_families(layout.fonts['heading1'])}" in html
    assert f"content: {folio_content(layout.folio.format)}" in html


def test_css_strings_cannot_break_out() -> None:
    assert css_families(('a"b', "</style>")) == '"a\\22 b", "\\3c /style\\3e "'
    assert folio_content("第{n}页") == '"第" counter(page) "页"'


# ------------------------------------------------------------------------------------ CSS escaping

CONTROLS = [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))]


def css_read_back(literal: str) -> str:
    """The value a CSS parser reads from `literal`, which must be exactly one string token."""
    tokens = tinycss2.parse_component_value_list(literal)
    assert [token.type for token in tokens] == ["string"], literal
    value: str = tokens[0].value
    return value


@pytest.mark.parametrize("char", [*CONTROLS, '"', "'", "\\", "<", ">", "&"],
                         ids=lambda char: f"U+{ord(char):04X}")
def test_css_string_escapes_each_control_and_quote_and_reads_back(char: str) -> None:
    text = f"机关{char}a1 {char}"  # a hex digit and a space after the escape must stay text
    literal = css_string(text)
    escape = f"\\{0xFFFD if char == chr(0) else ord(char):x} "
    assert literal.count(escape) == 2 and char not in literal[1:-1].replace(escape, "")
    # U+0000 is the one character CSS cannot hold: it reads back as U+FFFD (CSS Syntax §3.3)
    assert css_read_back(literal) == text.replace("\0", "\ufffd")


def test_css_string_reads_back_every_control_at_once() -> None:
    text = "".join(CONTROLS) + "\"';}</style>*/ @top-center { content: 'X' }"
    literal = css_string(text)
    assert not any(char in literal for char in CONTROLS)
    assert css_read_back(literal) == text.replace("\0", "\ufffd")


def test_css_string_is_safe_inside_an_html_attribute() -> None:
    # an attribute decodes `&quot;` before CSS sees it: `&` is escaped too, so no quote can appear
    literal = css_string('&quot;} body { color: red')
    assert "&" not in literal and '"' not in literal[1:-1]
    assert css_read_back(literal) == '&quot;} body { color: red'


INJECTION = "机关\r;} @top-center { content: 'INJECTED' } @page { margin: 0 } x { content: \""


def at_keywords(css: str) -> set[str]:
    """Every at-rule name in a stylesheet, at any depth (margin boxes sit inside @page)."""
    names: set[str] = set()

    def walk(tokens: list[object]) -> None:
        for token in tokens:
            if getattr(token, "type", "") == "at-keyword":
                names.add(str(getattr(token, "lower_value", "")))
            elif getattr(token, "type", "") == "at-rule":
                names.add(str(getattr(token, "lower_at_keyword", "")))
            for attr in ("content", "prelude", "arguments"):
                inner = getattr(token, attr, None)
                if isinstance(inner, list):
                    walk(inner)

    walk(list(tinycss2.parse_stylesheet(css)))
    return names


def style_of(html: str) -> str:
    match = re.search(r"<style>(.*?)</style>", html, re.S)
    assert match
    return match.group(1)


@pytest.mark.parametrize("newline", ["\r", "\f", "\n", "\r\n", "\x00", "\x85", "\x0b"],
                         ids=["CR", "FF", "LF", "CRLF", "NUL", "NEL", "VT"])
def test_front_matter_cannot_restyle_the_cover(newline: str, tmp_path: Path) -> None:
    layout = builtin_layout("gov-report")
    meta = Meta(title="报告", organization=INJECTION.replace("\r", newline), date="2020-01-08")
    [spec] = [spec for spec in resolve_covers(meta, layout, tmp_path / "r.md") if spec.side == "front"]
    css = style_of(cover_html(spec, meta, layout))
    assert at_keywords(css) == {"page", "bottom-center"}  # no @top-center: the string did not end
    organization = meta.organization.replace("\x00", "\ufffd")
    strings = [token.value for rule in tinycss2.parse_stylesheet(css) if rule.type == "at-rule"
               for token in (rule.content or []) if token.type == "{} block"
               for token in token.content if token.type == "string"]
    assert strings[0] == f"{organization}\n2020年1月8日"  # `content`, whole; then the font families


class Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.append((tag, dict(attrs)))


def test_front_matter_in_html_attributes_stays_one_attribute_value() -> None:
    hostile = "A\" onload=\"x\" ' style='color: red'\r\n<style>"
    meta = Meta(title="题", author=hostile, subtitle=hostile, keywords=(hostile,), date="2020-01-08")
    from reportpress.model import Document

    parser = Attributes()
    parser.feed(write_html(Document(meta=meta, blocks=()), builtin_layout("gov-report")))
    metas = {attrs["name"]: attrs["content"] for tag, attrs in parser.attrs if tag == "meta" and "name" in attrs}
    assert metas["author"] == metas["description"] == metas["keywords"] == hostile
    assert not any("onload" in attrs or "style" in attrs for _, attrs in parser.attrs)


# ------------------------------------------------------------------------------------------ sandbox


def layout_with_template(tmp_path: Path, text: str, name: str = "document.html.j2") -> Layout:
    """A copy of gov-report whose template `name` is `text`."""
    folder = tmp_path / "mine"
    shutil.copytree(builtin_layout("gov-report").folder, folder, dirs_exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return read_layout(folder)


def empty_document() -> object:
    return read_text("正文。\n", "t.md")


@pytest.mark.parametrize(("template", "problem"), [
    ("{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}", "access to attribute '__init__'"),
    ("{{ lipsum.__globals__ }}", "'__globals__'"),
    ("{{ layout.folder.joinpath('/etc/passwd').read_text() }}", "access to attribute 'folder'"),
    ("{{ layout.template('layout.toml').read_text() }}", "access to attribute 'read_text' of 'PosixPath'"),
    ("{{ ''.__class__.__mro__ }}", "'__class__'"),
    ("{% set x = meta.keywords.append(1) %}", "append"),
    ("{{ 'x' * 10**10 }}", "over the 1000000 a template may make"),
    ("{{ [1, 2] * (10**7) }}", "over the 1000000 a template may make"),
    ("{{ 9 ** (9 ** 9) }}", "too large a number for a template"),
])
def test_a_template_cannot_reach_python_or_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 template: str, problem: str) -> None:
    monkeypatch.chdir(tmp_path)
    layout = layout_with_template(tmp_path, "<p>\n" + template + "</p>")
    with pytest.raises(LayoutError, match=r"mine/document\.html\.j2:2: template error: .*") as caught:
        write_html(read_text("---\nkeywords: [a]\n---\n正文。\n", "t.md"), layout)
    assert problem in str(caught.value)
    assert not (tmp_path / "MARK").exists()


@pytest.mark.parametrize(("template", "message"), [
    ('{% include "/etc/passwd" %}', r"document\.html\.j2:2: '/etc/passwd' is not a file name inside the layout"),
    ('{% extends "../../x" %}', r"document\.html\.j2:2: '\.\./\.\./x' is not a file name inside the layout"),
    ('{% import "a/../../b" as b %}', r"document\.html\.j2:2: 'a/\.\./\.\./b' is not a file name"),
    ('{% include ["nope.j2", "/etc/passwd"] %}', r"document\.html\.j2:2: '/etc/passwd' is not a file name"),
    ('{% include "nope.j2" %}', r"document\.html\.j2:2: template 'nope\.j2' not found in the layout"),
    ('{% include "' + "x" * 300 + '" %}', r"document\.html\.j2:2: .*/x{300}: cannot read it: File name too long"),
    ("{% if %}", r"document\.html\.j2:2: template error: "),
])
def test_check_templates_refuses_names_out_of_the_layout_and_syntax_errors(tmp_path: Path, template: str,
                                                                          message: str) -> None:
    layout = layout_with_template(tmp_path, "<p>\n" + template)
    with pytest.raises(LayoutError, match=message):
        check_templates(layout)


def test_check_templates_follows_included_templates_and_allows_ignore_missing(tmp_path: Path) -> None:
    layout = layout_with_template(tmp_path, '{% include "parts/a.j2" %}{% include "gone.j2" ignore missing %}')
    (layout.folder / "parts").mkdir()
    (layout.folder / "parts" / "a.j2").write_text("ok\n{% include '/etc/passwd' %}", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"parts/a\.j2:2: '/etc/passwd' is not a file name"):
        check_templates(layout)
    (layout.folder / "parts" / "a.j2").write_text("ok {{ meta.title }}", encoding="utf-8")
    check_templates(layout)
    assert "ok 题" in write_html(read_text("---\ntitle: 题\n---\n正文。\n", "t.md"), layout)


def test_a_template_link_swapped_in_after_loading_is_not_read(tmp_path: Path) -> None:
    layout = layout_with_template(tmp_path, '<p>{% include "part.j2" %}</p>')
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY", encoding="utf-8")
    (layout.folder / "part.j2").symlink_to(canary)  # after read_layout checked the folder's links
    with pytest.raises(LayoutError, match=r"document\.html\.j2:1: .*part\.j2: a link to .*canary\.txt, outside"):
        write_html(empty_document(), layout)  # type: ignore[arg-type]


def test_runtime_errors_name_the_template_line(tmp_path: Path) -> None:
    layout = layout_with_template(tmp_path, "<p>\n\n{{ 1 / 0 }}</p>")
    with pytest.raises(LayoutError, match=r"document\.html\.j2:3: template error: division by zero"):
        write_html(empty_document(), layout)  # type: ignore[arg-type]
    layout = layout_with_template(tmp_path, '{% include "document.html.j2" %}')
    with pytest.raises(LayoutError, match="templates include or call each other without end"):
        write_html(empty_document(), layout)  # type: ignore[arg-type]


def test_cover_names_must_be_template_names(tmp_path: Path) -> None:
    layout = builtin_layout("gov-report")
    for name in ("../../x", "/etc/passwd", "a/b", "长" * 100):
        with pytest.raises(LayoutError, match="is not a template name"):
            resolve_covers(Meta(cover=Cover(front=name)), layout, tmp_path / "r.md")


def test_a_font_name_reaches_css_only_as_one_string(tmp_path: Path) -> None:
    # a project's fonts/ may come with the source: a family name in a font's name table is text too
    from fontTools.ttLib import TTFont

    from reportpress.fonts import font_face_css

    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.exists():
        pytest.skip("DejaVu Sans is not installed")
    hostile = "Evil\"\n} @import url(x.css); @font-face { font-family: 'x'"
    font = TTFont(dejavu)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = hostile
    (tmp_path / "fonts").mkdir()
    font.save(tmp_path / "fonts" / "evil.ttf")
    rules = tinycss2.parse_stylesheet(font_face_css([tmp_path / "fonts"]), skip_whitespace=True)
    assert [rule.lower_at_keyword for rule in rules] == ["font-face"]
    family = [item for item in tinycss2.parse_declaration_list(rules[0].content, skip_whitespace=True)
              if item.type == "declaration" and item.lower_name == "font-family"]
    assert [token.value for token in family[0].value if token.type == "string"] == [hostile]


# ---------------------------------------------------------------------------------- render limits

REPEAT = '{% for i in range(100000) %}{{ "x" * 999999 }}{% endfor %}'  # 100 GB, the reviewer's template
NESTED = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"  # hours


@pytest.mark.parametrize(("template", "where"), [
    (REPEAT, ""),  # yielded: stopped as the render is streamed
    ("{% set s %}" + REPEAT + "{% endset %}{{ s | length }}", ":2"),  # captured, never yielded
    ("{% set s %}{% for i in range(100000) %}{% for j in range(1000) %}" + "y" * 1000
     + "{% endfor %}{% endfor %}{% endset %}", ":2"),  # the template's own text, captured
    ("{% macro m() %}" + REPEAT + "{% endmacro %}{{ m() | length }}", ":2"),
    ("{% filter upper %}" + REPEAT + "{% endfilter %}", ":2"),
    ('{% import "part.j2" as part %}{{ part | string | length }}', ":2"),  # an import runs its top level
    ('{% include "part.j2" %}', ""),
])
def test_a_render_makes_at_most_template_output_max_characters(tmp_path: Path, template: str, where: str) -> None:
    layout = layout_with_template(tmp_path, "<p>\n" + template)
    (layout.folder / "part.j2").write_text(REPEAT, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(LayoutError, match=rf"mine/document\.html\.j2{where}: template error: the template makes "
                                          r"over 33,554,432 characters, the most one render may"):
        write_html(empty_document(), layout)  # type: ignore[arg-type]
    assert time.monotonic() - started < 10  # stopped at 32 Mi characters, not 100 GB later


def test_a_block_called_as_a_function_counts_as_it_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`{{ self.a() }}` renders block `a` into one string (Jinja2's concat) before it is output: counted
    while it is made, so the error is at the line that calls it."""
    monkeypatch.setattr(html, "TEMPLATE_OUTPUT_MAX", 1500)
    block = "{% block a %}" + "x" * 1000 + "{% endblock %}"  # output once where it stands: 1000
    layout = layout_with_template(tmp_path, block, name="part.j2")
    assert render_template(template_environment(layout), "part.j2") == "x" * 1000
    (layout.folder / "part.j2").write_text(block + "\n{{ self.a() }}", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"mine/part\.j2:2: template error: the template makes over 1,500"):
        render_template(template_environment(layout), "part.j2")


def test_a_render_runs_at_most_template_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "TEMPLATE_SECONDS", 0.3)
    layout = layout_with_template(tmp_path, "<p>\n\n" + NESTED)
    started = time.monotonic()
    with pytest.raises(LayoutError, match=r"mine/document\.html\.j2:3: template error: the template runs over "
                                          r"0\.3 s, the longest one render may \(look for a loop"):
        write_html(empty_document(), layout)  # type: ignore[arg-type]
    assert time.monotonic() - started < 5


def test_the_alarm_gives_back_the_signal_handler_and_timer_it_found(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "TEMPLATE_SECONDS", 0.2)
    rang: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: rang.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        write_html(empty_document(), layout_with_template(tmp_path, "<p>ok</p>"))  # type: ignore[arg-type]
        with pytest.raises(LayoutError, match=r"runs over 0\.2 s"):
            write_html(empty_document(), layout_with_template(tmp_path, NESTED))  # type: ignore[arg-type]
        left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        assert 25 < left < 30  # the outer timer runs on, less the time the renders took
        assert rang == []
        assert signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None)
        signal.raise_signal(signal.SIGALRM)
        assert rang == [signal.SIGALRM]  # the handler found is back
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_off_the_main_thread_the_deadline_stops_a_render_as_it_makes_text(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "TEMPLATE_SECONDS", 0.3)
    layout = layout_with_template(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}"
                                  "{% endfor %}{% endfor %}")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            write_html(empty_document(), layout)  # type: ignore[arg-type]
        except LayoutError as error:
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive()
    assert len(errors) == 1 and "runs over 0.3 s" in str(errors[0])


def test_check_stops_a_template_that_would_run_for_hours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    from reportpress.cli import main

    monkeypatch.setattr(html, "TEMPLATE_SECONDS", 0.5)
    monkeypatch.chdir(tmp_path)
    layout_with_template(tmp_path / "layouts", NESTED)
    (tmp_path / "report.md").write_text("---\nlayout: mine\n---\n\n正文。\n", encoding="utf-8")
    assert main(["check", "report.md"]) == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert "layouts/mine/document.html.j2:1: template error: the template runs over 0.5 s" in " ".join(err.split())


def test_limits_leave_a_real_render_alone() -> None:
    html_text = render()
    assert "正文" in html_text
    assert html._BUDGET.get() is None  # no budget outlives its render
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("expression", [
    '"x"|center(400000000)', '"x"|indent(400000000, true)', '"x".center(400000000)', '"x".ljust(400000000)',
    '"%*s"|format(400000000, "x")', '("x" * 999999)|replace("x", "xx")', '("x" * 999999).replace("x", "xx")',
    '("x" * 999).replace("", "y" * 999999)', '["x" * 999999, "y" * 999999]|join', '"".join(["x" * 999999] * 2)',
    '(["x"] * 999999)|join("-")', '"x".zfill(400000000)',
])
def test_a_filter_or_method_cannot_make_a_huge_value_in_one_call(tmp_path: Path, expression: str) -> None:
    """One C call is beyond the output count and the deadline: its size is checked before it runs."""
    assert_refused_before_the_call(tmp_path, expression)


def assert_refused_before_the_call(tmp_path: Path, expression: str) -> None:
    """A template printing the length of `expression` is refused at its line, within seconds."""
    layout = layout_with_template(tmp_path, "<p>\n{{ (" + expression + ")|length }}")
    started = time.monotonic()
    with pytest.raises(LayoutError, match=r"mine/document\.html\.j2:2: template error: .* over the 1000000 a "
                                          r"template may make"):
        write_html(empty_document(), layout)  # type: ignore[arg-type]
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(("expression", "expected"), [
    ('"x"|center(7)', "7"), ('"ab".replace("a", "c")', "2"), ('["a", "b"]|join(", ")', "4"),
    ('"%5s"|format("x")', "5"), ('", ".join(["a", "b"])', "4"), ('"abcdefghij"|truncate(2, true, "", 0)', "2"),
])
def test_ordinary_filters_and_methods_still_work(tmp_path: Path, expression: str, expected: str) -> None:
    layout = layout_with_template(tmp_path, "{{ (" + expression + ")|length }}", name="part.j2")
    assert render_template(template_environment(layout), "part.j2") == expected


# ------------------------------------------------------------------------------ issue 10's blocks


def test_new_blocks_markup_ids_and_escaping() -> None:
    from dataclasses import replace

    from reportpress.model import Appendix, Text
    from tests.writers.test_pdf_structure import POS, every_construct

    document = every_construct()
    # a label and a title the source gave: escaped in the text and in the outline attribute
    hostile = Appendix(number=3, label='附件"><b>', title=(Text(text="<i>题</i>", pos=POS),), blocks=(),
                       id="app-3", pos=POS)
    document = replace(document, blocks=(*document.blocks, hostile))
    page = write_html(document, builtin_layout("gov-report"))
    assert '<p class="salutation">各位代表：</p>' in page
    # each line at its distance from the right edge (resolve.signoff_indents, in character pitches)
    assert re.search(r'<div class="signoff"><p class="signoff-line" style="padding-right: [\d.]+pt">某市人民政府</p>',
                     page)
    assert re.search(r'<div class="imprint" style="height: [\d.]+pt"><div class="imprint-box">'
                     r'<p class="imprint-line"><span class="imprint-organ">大会秘书处</span>'
                     r'<span class="imprint-date">2024年1月印</span></p>', page)
    assert '<h2 class="appendix-label" data-outline="附件1\u3000重点项目清单">附件1</h2>' in page
    assert 'data-outline="附件&#34;&gt;&lt;b&gt;\u3000&lt;i&gt;题&lt;/i&gt;"' in page
    assert "<b>" not in page and "<i>" not in page
    # a glossary inside an appendix is titled by the appendix alone
    assert page.count('class="notes-title glossary-title"') == 0
    assert '<section class="end-notes marker-circled" id="end-notes">' in page
    # every id once: a note called twice carries its back-link target on its first call only
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert {"en-1", "en-2", "en-call-1", "en-call-2", "ref-1", "ref-5", "cite-1", "cite-4", "app-1"} <= set(ids)
    assert "cite-5" not in ids and page.count('href="#en-1"') == 2
    # an uncited reference has no link back
    assert '<p class="reference" id="ref-5"><span class="reference-back">[5]</span>' in page
    # a call is glued to the character before it
    assert "审议\u2060<a class=\"end-note-link\" id=\"en-call-1\"" in page


def test_end_note_marks_follow_the_marker_and_a_glossary_turns_superscript_to_brackets() -> None:
    from dataclasses import replace

    from reportpress.model import EndNotes
    from tests.writers.test_pdf_structure import POS, Builder, every_construct

    document = every_construct()
    layout = builtin_layout("gov-report")
    bracket = write_html(replace(document, meta=replace(document.meta, note_marker="bracket")), layout)
    assert '<span class="end-note-call">［1］</span>' in bracket and 'href="#en-call-2">［2］</a>' in bracket
    # superscript numbers would mix with the glossary's: resolve.end_note_marker sets them ［1］ then
    both = write_html(replace(document, meta=replace(document.meta, note_marker="superscript")), layout)
    assert '<span class="end-note-call">［1］</span>' in both
    alone = Builder(meta=Meta(title="题", note_marker="superscript"))
    alone.blocks += [alone.para("正文", alone.end_note("n1", "注。")), EndNotes(title="", pos=POS)]
    superscript = write_html(alone.document(), layout)
    assert '<span class="end-note-call">1</span>' in superscript and "marker-superscript" in superscript
