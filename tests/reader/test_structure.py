"""Issue 10's constructs read into the model: appendices, end notes, citations and the reference list,
salutation, sign-off and imprint, the cover label; and each of their checks, with its line."""

from __future__ import annotations

import logging

import pytest

from reportpress import resolve
from reportpress.errors import SourceError, SourceErrors
from reportpress.model import (
    Appendix,
    Citation,
    Document,
    EndNotes,
    FootnoteRef,
    Glossary,
    Heading,
    Paragraph,
    References,
    Salutation,
    SignOff,
    TermRef,
    Text,
    plain_text,
)
from reportpress.reader import read_text
from reportpress.walk import iter_block_inlines, iter_blocks

EVERY = """\
---
title: 测试报告
label: 某市第十届人民代表大会第三次会议文件（十二）
note-marker: bracket
---

::: salutation
各位代表：
:::

# 一、回顾

正文引用[@b; @a]和[@c, @a]，又见注释[^n2]与[^n1]，以及合议核准制。

::: signoff
某市人民政府
2024年1月8日
:::

::: notes
## 注　释

[^n1]: 第一条注释[@d]。

[^n2]: 第二条注释。
:::

::: references
a
: 作者甲. 书名[M]. 北京: 出版社, 2020.

b
: 作者乙. 文章[J]. 期刊, 2021.

c
: 作者丙. 报告[R]. 2022.

d
: 作者丁. 注中引用[R]. 2023.

e
: 未引用[Z].
:::

::: {.appendix label="附件二"}
# 重点项目表

## 一、交通

推进合议核准制。
:::

::: appendix
::: glossary
合议核准制
: 是指……
:::
:::
"""


def read(text: str) -> Document:
    return read_text(text, "report.md")


def errors_of(text: str) -> list[str]:
    with pytest.raises((SourceError, SourceErrors)) as raised:
        read(text)
    error = raised.value
    return [str(item) for item in (error.errors if isinstance(error, SourceErrors) else (error,))]


@pytest.fixture(scope="module")
def every() -> Document:
    logging.getLogger("reportpress.reader.structure").disabled = True  # the uncited entry `e`
    try:
        return read(EVERY)
    finally:
        logging.getLogger("reportpress.reader.structure").disabled = False


def test_every_construct_in_source_order(every: Document) -> None:
    kinds = [type(block).__name__ for block in every.blocks]
    assert kinds == ["Salutation", "Heading", "Paragraph", "SignOff", "EndNotes", "References", "Appendix",
                     "Appendix"]
    assert every.meta.label == "某市第十届人民代表大会第三次会议文件（十二）"
    assert every.meta.note_marker == "bracket"


def test_salutation_and_signoff_lines(every: Document) -> None:
    salutation, signoff = every.blocks[0], every.blocks[3]
    assert isinstance(salutation, Salutation) and plain_text(salutation.inlines) == "各位代表："
    assert isinstance(signoff, SignOff) and signoff.kind == "signoff"
    assert [plain_text(line) for line in signoff.lines] == ["某市人民政府", "2024年1月8日"]
    assert [line[0].pos.line for line in signoff.lines] == [16, 17]


def test_appendices_numbered_titled_and_outside_the_body_sections(every: Document) -> None:
    first, second = every.blocks[6], every.blocks[7]
    assert isinstance(first, Appendix) and isinstance(second, Appendix)
    assert (first.number, first.label, first.id, plain_text(first.title)) == (1, "附件二", "app-1", "重点项目表")
    assert (second.number, second.label, second.id, second.title) == (2, "", "app-2", ())
    inner = [block for block in first.blocks if isinstance(block, Heading)]
    assert [(h.level, plain_text(h.inlines), h.id) for h in inner] == [(2, "一、交通", "app-1-sec-1")]
    ids = [block.id for block in iter_blocks(every.blocks) if isinstance(block, Heading | Appendix)]
    assert len(ids) == len(set(ids))
    assert [h.id for h in every.blocks if isinstance(h, Heading)] == ["sec-1"]
    # the glossary appendix: the glossary stays the endnote target
    assert isinstance(second.blocks[0], Glossary)
    assert [entry.id for entry in every.glossary] == ["合议核准制"]


def test_first_use_linking_never_reaches_into_the_appendix_when_the_body_uses_the_term(every: Document) -> None:
    refs = [node for block in every.blocks for node in iter_block_inlines(block) if isinstance(node, TermRef)]
    assert [(ref.term_id, ref.anchor, ref.pos.line) for ref in refs] == [("合议核准制", True, 13)]


def test_first_use_linking_works_in_an_appendix() -> None:
    document = read("# 正文\n\n无关。\n\n::: appendix\n# 项目\n\n推进合议核准制。\n:::\n\n"
                    "::: glossary\n合议核准制\n: 是指。\n:::\n")
    appendix = document.blocks[2]
    assert isinstance(appendix, Appendix)
    refs = [node for node in iter_block_inlines(appendix) if isinstance(node, TermRef)]
    assert [(ref.term_id, ref.anchor) for ref in refs] == [("合议核准制", True)]
    assert document.glossary[0].anchored


def test_end_notes_in_first_call_order_at_their_div(every: Document) -> None:
    assert [(note.id, note.placement) for note in every.end_notes] == [("n2", "end"), ("n1", "end")]
    assert every.end_note_number("n1") == 2
    section = every.blocks[4]
    assert isinstance(section, EndNotes) and section.title == "注　释"


def test_references_in_first_citation_order_then_uncited(every: Document) -> None:
    assert [(ref.id, ref.cited) for ref in every.references] == [
        ("b", True), ("a", True), ("c", True), ("d", True), ("e", False)]
    assert plain_text(every.references[0].inlines) == "作者乙. 文章[J]. 期刊, 2021."
    citations = [node.keys for node in iter_block_inlines(every.blocks[2]) if isinstance(node, Citation)]
    assert citations == [("b", "a"), ("c", "a")]
    assert isinstance(every.blocks[5], References) and every.blocks[5].title == ""


@pytest.mark.warns(match="never cited")
def test_uncited_reference_is_a_warning(warnings_logged: list[logging.LogRecord]) -> None:
    read("文[@a]。\n\n::: references\n# 参考资料\n\na\n: 甲.\n\nb\n: 乙.\n:::\n")
    assert [record.getMessage() for record in warnings_logged] == [
        "report.md:9: reference 'b' is never cited; it is listed after the cited ones"]


@pytest.mark.warns(match="never used")
def test_notes_end_places_every_note_before_the_trailing_back_matter() -> None:
    document = read("---\nnotes: end\n---\n\n甲[^1]乙^[内联]。\n\n丙。\n\n::: glossary\n术语\n: 释。\n:::\n\n"
                    "::: appendix\n# 附\n\n丁。\n:::\n\n[^1]: 注。\n")
    assert [type(block).__name__ for block in document.blocks] == [
        "Paragraph", "Paragraph", "EndNotes", "Glossary", "Appendix"]
    assert all(note.placement == "end" for note in document.footnotes) and len(document.end_notes) == 2
    assert document.end_notes[0].id == "1"


@pytest.mark.warns(match="never used")
def test_only_the_notes_in_the_div_go_to_the_end(warnings_logged: list[logging.LogRecord]) -> None:
    document = read("甲[^a]乙[^b]。\n\n[^a]: 脚注。\n\n::: notes\n[^b]: 尾注。\n:::\n\n::: glossary\n术\n: 释。\n:::\n")
    assert {note.id: note.placement for note in document.footnotes} == {"a": "foot", "b": "end"}
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "EndNotes", "Glossary"]


def test_salutation_span_and_front_matter_and_imprint() -> None:
    span = read("[各位代表：]{.salutation}\n\n正文。\n")
    assert isinstance(span.blocks[0], Salutation) and plain_text(span.blocks[0].inlines) == "各位代表："
    front = read("---\nsalutation: 各位委员：\n---\n\n正文。\n\n::: imprint\n大会秘书处  \n2024年1月印\n:::\n")
    first, last = front.blocks[0], front.blocks[-1]
    assert isinstance(first, Salutation) and plain_text(first.inlines) == "各位委员：" and first.pos.line == 2
    assert isinstance(last, SignOff) and last.kind == "imprint"
    assert [plain_text(line) for line in last.lines] == ["大会秘书处", "2024年1月印"]


def test_glossary_appendix_with_a_heading_gives_the_glossary_its_title() -> None:
    document = read("甲。\n\n::: appendix\n# 名词解释\n\n::: glossary\n甲\n: 释。\n:::\n:::\n")
    appendix = document.blocks[1]
    assert isinstance(appendix, Appendix) and plain_text(appendix.title) == "名词解释"
    assert appendix.blocks == (Glossary(title="名词解释", pos=appendix.blocks[0].pos),)


def test_citation_syntax_pandoc_forms_and_text() -> None:
    document = read("甲[@k:1.x/y-z]乙[@a;@b]丙 [@a , @b]丁 @a 戊 [见 @a] 己\\[@a]。\n\n"
                    "::: references\nk:1.x/y-z\n: 一.\n\na\n: 二.\n\nb\n: 三.\n:::\n")
    paragraph = document.blocks[0]
    assert isinstance(paragraph, Paragraph)
    cites = [node.keys for node in paragraph.inlines if isinstance(node, Citation)]
    assert cites == [("k:1.x/y-z",), ("a", "b"), ("a", "b")]
    text = "".join(node.text for node in paragraph.inlines if isinstance(node, Text))
    assert "丁 @a 戊 [见 @a] 己[@a]。" in text


def test_a_citation_in_a_footnote_counts_at_the_call() -> None:
    document = read("甲[^1]乙[@b]。\n\n[^1]: 注[@a]。\n\n::: references\nb\n: 乙.\n\na\n: 甲.\n:::\n")
    assert [ref.id for ref in document.references] == ["a", "b"]
    assert any(isinstance(node, FootnoteRef) for node in iter_block_inlines(document.blocks[0]))


# ------------------------------------------------------------------------------------------- checks


@pytest.mark.parametrize(("source", "expected"), [
    ("::: appendix\n正文。\n:::\n", "report.md:1: an appendix without a title"),
    ("文[@x]。\n\n::: references\na\n: 甲.\n:::\n", "report.md:1: unknown reference [@x]"),
    ("文[@a]。\n\n::: references\na\n: 甲.\n\na\n: 乙.\n:::\n",
     "report.md:7: duplicate reference key 'a' (first at line 4)"),
    ("---\nnote-marker: star\n---\n\n文。\n",
     "report.md:2: front matter: `note-marker` 'star': use circled or bracket or superscript"),
    ("---\ntitle: 甲\nnotes: page\n---\n\n文。\n", "report.md:3: front matter: `notes` 'page': use foot or end"),
    ("文[^1]。\n\n::: notes\n# 注\n\n另起一段。\n\n[^1]: 注。\n:::\n",
     "report.md:6: `::: notes` holds only footnote definitions (`[^1]: text`) and one heading"),
    ("文。\n\n::: notes\n# 注\n:::\n", "report.md:3: `::: notes` holds no note the text calls"),
    ("> ::: appendix\n> # 附\n> :::\n", "report.md:1: an appendix inside a quote"),
    ("- 项\n\n  ::: appendix\n  # 附\n  :::\n", "report.md:3: an appendix inside a list"),
    ("::: appendix\n# 甲\n\n::: appendix\n# 乙\n:::\n:::\n", "report.md:4: an appendix inside an appendix"),
    ("文[^1]。\n\n[^1]: 注。\n\n    ::: appendix\n    # 附\n    :::\n", "report.md:5: an appendix inside a footnote"),
    ("文。\n\n::: references\n# 参考文献\n:::\n", "report.md:3: `::: references` without entries"),
    ("::: salutation\n:::\n\n文。\n", "report.md:1: `::: salutation` holds one paragraph"),
    ("[ ]{.salutation}\n\n文。\n", "report.md:1: an empty salutation"),
    ("::: signoff\n:::\n", "report.md:1: an empty `::: signoff`"),
    ("文[@a]。\n\n::: glossary\n甲\n: 释[@a]。\n:::\n\n::: references\na\n: 甲.\n:::\n",
     "report.md:5: a glossary entry cannot cite a reference"),
    ("文[@a]。\n\n::: references\na\n: 甲[^1].\n:::\n\n[^1]: 注。\n",
     "report.md:5: reference 'a': an entry of the reference list is text only, without note calls, "
     "citations or term references"),
    ("文。\n\n::: appendix\n# 附\n\n正文。\n", "report.md:3: `::: appendix` is never closed"),
    ("文。\n\n:::\n", "report.md:3: a `:::` that closes no div"),
    ("::: warning\n文。\n:::\n", "report.md:1: `::: warning`: no known class"),
    ("::: {.appendix label=\"附\n# 附\n:::\n", "report.md:1: `::: {.appendix label=\"附`: its attributes do not "
     "parse: write them as {.appendix label=\"附件二\"}"),
    ("文[@a, p. 3]。\n", "report.md:1: citation [@a, p. 3]: 'p. 3' is not a citation key "
     "(`@` and letters, digits or :.#$%&+?<>~/-_)"),
    ("甲[我]{.salutation}乙。\n", "report.md:1: a salutation span must be a paragraph of its own"),
    ("---\nsalutation: ''\n---\n\n文。\n", "report.md:2: front matter: `salutation` is empty"),
    ("---\nsalutation: 各位代表：\n---\n\n[各位代表：]{.salutation}\n",
     "report.md:2: a salutation in the front matter and another at line 5"),
])
@pytest.mark.warns  # a source with errors may also have an entry it never uses
def test_checks_name_the_line(source: str, expected: str) -> None:
    messages = errors_of(source)
    assert any(message.startswith(expected) for message in messages), messages


# ---------------------------------------------------------------------------------------- hostile


def test_very_many_citations_read_in_linear_time() -> None:
    body = "文" + "[@a]" * 50_000 + "。\n\n::: references\na\n: 甲.\n:::\n"
    document = read(body)
    assert sum(isinstance(node, Citation) for node in iter_block_inlines(document.blocks[0])) == 50_000


def test_many_unclosed_citation_brackets_stay_text_quickly() -> None:
    document = read("[@a;" * 10_000 + "\n")  # as fast as `[a;` repeated: each match stops at the next `[`
    assert isinstance(document.blocks[0], Paragraph)


def test_a_key_with_odd_characters_or_too_long_is_refused() -> None:
    too_long = "k" * 256
    assert any(f"citation [@{too_long}"[:60] in message and "longer than 255 bytes" in message
               for message in errors_of(f"文[@{too_long}]。\n"))
    assert any("is not a citation key" in message for message in errors_of("文[@a\"b]。\n"))
    assert any("more than 100 keys" in message for message in errors_of("文[" + "@a;" * 150 + "@a]。\n"))


def test_deeply_nested_divs_are_refused_with_a_line() -> None:
    depth = 200
    source = "::: appendix\n# 附\n" + "::: signoff\n" * depth + "文\n" + ":::\n" * (depth + 1)
    messages = errors_of(source)
    assert messages and all(message.startswith("report.md:") for message in messages)


def test_many_unclosed_divs_are_refused_quickly() -> None:
    messages = errors_of("::: appendix\n# 附\n" * 5_000)
    assert messages and all(message.startswith("report.md:") for message in messages)


def test_a_fence_in_a_code_block_does_not_close_the_div() -> None:
    document = read("::: appendix\n# 附\n\n```\n:::\n```\n:::\n")
    appendix = document.blocks[0]
    assert isinstance(appendix, Appendix) and plain_text(appendix.blocks[0].inlines) == ":::"  # type: ignore[union-attr]


# ---------------------------------------------------------------------- font roles and length limits


def test_font_roles_of_the_new_constructs(every: Document) -> None:
    from reportpress import resolve
    from reportpress.layouts import builtin_layout
    from reportpress.typeset.roles import role_texts

    layout = builtin_layout("gov-report")
    texts = role_texts(every, layout)
    assert set("某市第十届人民代表大会第三次会议文件（十二）") <= set(texts["label"])
    label = resolve.appendix_label(every.blocks[7], layout)  # type: ignore[arg-type]
    assert set("附件二" + label) <= set(texts["heading1"])  # the appendices' labels
    assert set("注释参考文献") <= set(texts["heading1"])  # the end notes' title, the references' layout one
    glossary_title = every.meta.glossary_title or layout.notes.glossary_title
    assert set("重点项目表" + glossary_title) <= set(texts["title"])  # the titled and the glossary appendix
    assert set("各位代表某市人民政府年月日") <= set(texts["body"])  # salutation and sign-off
    assert set("［］[]-12") <= set(texts["body"])  # end-note marks ［1］ and citation labels [1-2] in the body
    assert set("作者乙文章期刊[]5注中引用第一条") <= set(texts["note"])  # entries, their numbers, end notes
    assert texts["body"]["［"][0].line == 13  # the call's line


def test_length_limits_reach_the_new_blocks() -> None:
    from reportpress.layouts import builtin_layout
    from reportpress.typeset.limits import MAX_BLOCK_CHARS, check_block_lengths, check_table_columns

    long = "字" * (MAX_BLOCK_CHARS + 1)
    for source, line in ((f"::: signoff\n甲\n{long}\n:::\n", 3), (f"::: appendix\n# 附\n\n{long}\n:::\n", 4),
                         (f"[@a]\n\n::: references\na\n: {long}\n:::\n", 4)):
        with pytest.raises(SourceError, match=rf"^report\.md:{line}: "):
            check_block_lengths(read(source))
    wide = "|" + "a|" * 40 + "\n|" + "-|" * 40 + "\n"
    with pytest.raises(SourceError, match=r"^report\.md:4: table of 40 columns"):
        check_table_columns(read(f"::: appendix\n# 附\n\n{wide}:::\n"), builtin_layout("gov-report"))


@pytest.mark.parametrize(("lines", "expected"), [
    # §7.3.5.2: a date as wide as the name or wider stands two characters in, the name moves left so the
    # date starts two characters right of the name's first character
    ("测试区人民政府\n2024年1月8日", (3.0, 2.0)),
    ("某市人民政府\n二〇二四年一月八日", (7.0, 2.0)),
    # a long name stands two characters in, the date under it two characters right of its start
    ("测试区发展和改革委员会（测试区统计局）\n2024年1月8日", (2.0, 13.0)),
    ("大会秘书处", (2.0,)),  # no date line: two characters in
    ("测试区人民政府\n二〇二四年", (2.0, 2.0)),  # not a date
])
def test_a_sign_off_steps_the_date_two_characters_right_of_the_name(lines: str,
                                                                     expected: tuple[float, ...]) -> None:
    (block,) = read_text(f"::: signoff\n{lines}\n:::\n").blocks
    assert isinstance(block, SignOff)
    assert resolve.signoff_indents(block) == expected


def test_an_imprint_is_flush_right() -> None:
    (block,) = read_text("::: imprint\n大会秘书处\n2024年1月印\n:::\n").blocks
    assert isinstance(block, SignOff) and resolve.signoff_indents(block) == (0.0, 0.0)


@pytest.mark.warns(match=r"footnote \[\^d\] is defined but never referenced")
def test_a_footnote_defined_and_never_called_is_a_warning_with_its_line(warnings_logged: list[logging.LogRecord]
                                                                        ) -> None:
    document = read_text("第一处[^a]。\n\n[^a]: 注一。\n\n[^d]: 从未被引。\n", "x.md")
    assert [note.id for note in document.footnotes] == ["a"]
    assert [record.getMessage() for record in warnings_logged] == [
        "x.md:5: footnote [^d] is defined but never referenced; it is left out"]


@pytest.mark.parametrize("source", [
    "- ::: salutation\n  各位代表：\n  :::\n",
    "> ::: signoff\n> 某市人民政府\n> :::\n",
    "- ::: imprint\n  大会秘书处\n  :::\n",
    "> [各位代表：]{.salutation}\n",
])
def test_a_salutation_or_sign_off_inside_a_list_or_quote_is_refused(source: str) -> None:
    with pytest.raises(SourceError, match=r"inside a (list|quote)") as caught:
        read_text(source, "x.md")
    assert caught.value.pos is not None and caught.value.pos.line == 1


def test_attributes_that_do_not_parse_say_how_to_write_them() -> None:
    with pytest.raises(SourceError) as caught:
        read_text('::: {.appendix label="附件一 }（续）"}\n# 七\n:::\n', "x.md")
    message = str(caught.value)
    assert message.startswith("x.md:1: ") and 'write them as {.appendix label="附件二"}' in message
    assert "position" not in message  # no parser internals
