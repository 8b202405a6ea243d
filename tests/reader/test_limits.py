"""A hostile or careless source never crashes the reader and never loses text (issue 9, items 5, 6, 8):
what the reader cannot represent it refuses with the file and line; everything else reaches the model."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reportpress.errors import SourceError
from reportpress.model import Glossary, Image, Paragraph, Quote
from reportpress.reader import read_source, read_text
from reportpress.reader.limits import MAX_BLOCK_NESTING, MAX_SOURCE_BYTES
from reportpress.reader.notes import all_text
from reportpress.walk import iter_block_inlines

Shape = Callable[[int], str]


def words(text: str) -> list[str]:
    return re.findall(r"词\d+", text)


def nested_quotes(depth: int) -> str:
    return "".join("> " * level + f"词{level}\n" + "> " * level + "\n" for level in range(1, depth + 1))


def nested_lists(depth: int) -> str:
    return "".join("  " * level + f"- 词{level}\n" for level in range(depth))


def mixed(depth: int) -> str:
    """A quote in a list in a quote …: each level a new container, indented for the list items."""
    lines, prefix = [], ""
    for level in range(depth):
        prefix += "> " if level % 2 == 0 else "- "
        lines.append(prefix + f"词{level}")
        prefix = prefix.replace("- ", "  ")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("shape", [nested_quotes, nested_lists, mixed])
@pytest.mark.parametrize("depth", range(1, MAX_BLOCK_NESTING + 1))
def test_every_word_of_a_deeply_nested_source_reaches_the_model(shape: Shape, depth: int) -> None:
    source = shape(depth)
    document = read_text(source, "r.md")
    assert words(all_text(document.blocks)) == words(source) and len(words(source)) == depth


@pytest.mark.parametrize("shape", [nested_quotes, nested_lists, mixed])
@pytest.mark.parametrize("depth", [MAX_BLOCK_NESTING + 1, 19, 20, 25, 40, 150, 600])
def test_deeper_nesting_is_refused_with_the_line_where_it_goes_too_deep(shape: Shape, depth: int) -> None:
    source = shape(depth)
    refused = r"^r\.md:\d+: (lists and block quotes nested 10 deep|blocks nested)"
    with pytest.raises(SourceError, match=refused) as raised:
        read_text(source, "r.md")
    assert raised.value.pos is not None and 1 <= raised.value.pos.line <= depth * 2


def test_the_line_named_is_the_first_one_too_deep() -> None:
    source = "正文。\n\n" + nested_lists(12)
    with pytest.raises(SourceError) as raised:
        read_text(source, "r.md")
    assert raised.value.pos is not None and raised.value.pos.line == 3 + MAX_BLOCK_NESTING


# ------------------------------------------------------------------------------------------ characters

REFUSED = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xD800, 0xDFFF]


@pytest.mark.parametrize("code", REFUSED, ids=[f"U+{code:04X}" for code in REFUSED])
def test_control_characters_are_refused_with_line_and_column(code: int) -> None:
    with pytest.raises(SourceError) as raised:
        read_text(f"第一行。\n\n第三行{chr(code)}。\n", "r.md")
    message = str(raised.value)
    assert message.startswith(f"r.md:3: U+{code:04X}") and "at column 4" in message
    assert "(" in message  # says what to do


def test_each_class_of_character_says_what_to_do() -> None:
    hints = {}
    for char in ("\u2028", "\x85", "\ud800", "\x01"):
        with pytest.raises(SourceError) as raised:
            read_text(f"甲{char}乙\n")
        hints[char] = raised.value.hint
    assert "line break" in hints["\u2028"] and "encoding" in hints["\x85"]
    assert len(set(hints.values())) == 4


def test_tab_and_line_ends_stay_allowed() -> None:
    document = read_text("甲\t乙\r\n丙\r丁\n")
    assert all_text(document.blocks) == "甲\t乙丙丁"


# --------------------------------------------------------------------------------------- source files


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r": a folder \("):
        read_source(tmp_path)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(fifo)


def test_a_device_is_refused() -> None:
    with pytest.raises(SourceError, match="/dev/zero: not a regular file"):
        read_source("/dev/zero")


def test_a_source_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_bytes(b"a" * (MAX_SOURCE_BYTES + 1))
    with pytest.raises(SourceError, match=r"1,048,577 bytes: a source is at most 1,048,576 bytes"):
        read_source(source)
    source.write_bytes(b"a" * (MAX_SOURCE_BYTES - 1) + b"\n")
    assert read_source(source).blocks


def test_reading_is_linear_in_the_number_of_runs_of_a_paragraph() -> None:
    """`**甲**乙` on 8,000 lines of one paragraph took a minute: each soft break read all text before it."""
    started = time.perf_counter()
    document = read_text("**甲**乙\n" * 8000)
    assert time.perf_counter() - started < 10
    assert all_text(document.blocks) == "甲乙" * 8000


def test_a_source_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_bytes("正文。\n\n".encode() + "第三行".encode("gb18030") + b"\n")
    with pytest.raises(SourceError, match=r"report\.md:3: not UTF-8 text"):
        read_source(source)


# --------------------------------------------------------------------------------------------- images


@pytest.mark.parametrize(("written", "name"), [
    ("![](图表.png)", "图表.png"), ("![](<my chart.png>)", "my chart.png"),
    ("![](图/年度%20图表.png)", "图/年度 图表.png"),
])
def test_image_file_names_are_the_real_ones(written: str, name: str) -> None:
    images = [node for block in read_text(f"图：{written}\n").blocks for node in iter_block_inlines(block)
              if isinstance(node, Image)]
    assert [image.src for image in images] == [name]


# ---------------------------------------------------------------------------------------- front matter


def test_front_matter_keys_keep_their_lines() -> None:
    document = read_text("---\ntitle: 报告\n\nlayout: gov-report\ncover:\n  front: 封面\n---\n\n正文。\n", "r.md")
    assert dict(document.meta.lines) == {"title": 2, "layout": 4, "cover": 5}
    assert str(document.meta.pos("layout", document.path)) == "r.md:4"
    assert document.meta.pos("date", document.path) is None


def test_a_title_of_255_characters_fits() -> None:
    assert read_text("---\ntitle: " + "长" * 255 + "\n---\n\n正文。\n").meta.title == "长" * 255


def test_inline_notes_are_footnotes_of_the_model() -> None:
    document = read_text("甲^[注一]乙[^a]丙^[注二]。\n\n[^a]: 注甲。\n")
    assert [all_text(note.blocks) for note in document.footnotes] == ["注一", "注甲。", "注二"]
    paragraph = document.blocks[0]
    assert isinstance(paragraph, Paragraph) and all_text((paragraph,)) == "甲乙丙。"


@pytest.mark.parametrize("code", REFUSED, ids=[f"U+{code:04X}" for code in REFUSED])
def test_an_import_never_writes_a_character_the_reader_refuses(code: int) -> None:
    from reportpress.importer import import_text

    result = import_text(f"各位代表：\n\n现在报告工作{chr(code)}。\n".encode("utf-8", "surrogatepass"))
    assert read_text(result.markdown).blocks


@pytest.mark.parametrize("source", ["> ::: glossary\n> ", "> ::: glossary\n>"])
def test_a_glossary_fence_in_a_quote_at_the_very_end_is_no_crash(source: str) -> None:
    """mdit-py-plugins' container rule read past the end of such a source (IndexError); the div is
    never closed, which is a source error with its line, not a crash."""
    with pytest.raises(SourceError, match=r"^r\.md:1: `::: glossary` is never closed"):
        read_text(source, "r.md")
    quote = read_text(source + "\n> :::\n", "r.md").blocks[0]
    assert isinstance(quote, Quote) and isinstance(quote.blocks[0], Glossary)


def test_unclosed_brackets_cost_no_more_than_a_few_times_plain_commonmark() -> None:
    """Each inline nesting level multiplies the work of an unclosed `[`: with markdown-it's one
    maxNesting raised to 100 for deep blocks, 50,000 `[` took 10 s; inline now has its own limit."""
    from markdown_it import MarkdownIt

    source = "[" * 20000
    started = time.perf_counter()
    MarkdownIt("commonmark").parse(source)
    plain = time.perf_counter() - started
    started = time.perf_counter()
    read_text(source)
    assert time.perf_counter() - started < 5 * plain + 0.5


def test_unclosed_footnote_calls_read_in_linear_time() -> None:
    """The footnote plugin looked for `]` from every `[^` to the paragraph's end: 20,000 took 3 minutes."""
    started = time.perf_counter()
    document = read_text("[^" * 20000)
    assert time.perf_counter() - started < 15
    assert all_text(document.blocks) == "[^" * 20000


def test_footnote_calls_still_work_up_to_the_label_limit() -> None:
    label = "注" * 100
    document = read_text(f"正文[^{label}]。\n\n[^{label}]: 注文。\n")
    assert [note.id for note in document.footnotes] == [label]


def test_footnote_definitions_on_consecutive_lines_stay_two_footnotes() -> None:
    document = read_text("甲[^a]乙[^b]。\n\n[^a]: 注一。\n[^b]: 注二。\n", "r.md")
    assert [(note.id, note.pos.line, all_text(note.blocks)) for note in document.footnotes] == [
        ("a", 3, "注一。"), ("b", 4, "注二。")]


@pytest.mark.parametrize("source", ["[^1]: > [^2]: 注\n", "[^1]: 注\n\n    [^2]: 注\n", "[^1]: - [^2]: 注\n"])
def test_a_definition_inside_a_footnote_is_refused(source: str) -> None:
    with pytest.raises(SourceError, match=r"^r\.md:\d: a footnote definition inside a footnote"):
        read_text("正文[^1]。\n\n" + source, "r.md")
