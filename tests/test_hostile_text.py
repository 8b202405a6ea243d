"""Text that would print otherwise than the source reads, or be reported as something it is not (hostile
review 22): bidirectional controls, bad character references, duplicate front matter keys, footnote
labels too long to be labels. Each is one error at its line, from the reader, so `check` and `build`
refuse it alike."""

from __future__ import annotations

import pytest

from reportpress.errors import SourceError, SourceErrors
from reportpress.reader import read_text
from reportpress.reader.plugins import MAX_LABEL

HEAD = "---\ntitle: 报告\n---\n\n"  # the body starts on line 5
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
        "\u200f", "\u061c")


def errors(source: str) -> list[str]:
    with pytest.raises((SourceError, SourceErrors)) as raised:
        read_text(source, "r.md")
    found = raised.value.errors if isinstance(raised.value, SourceErrors) else [raised.value]
    return [str(error) for error in found]


# -------------------------------------------------------------------------------------- bidi controls

@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(char):04X}" for char in BIDI])
def test_each_bidi_control_in_the_body_is_refused_at_its_line_and_column(char: str) -> None:
    (message,) = errors(HEAD + "开头。\n\n正文" + char + "一段ABC，二段。\n")
    assert message.startswith(f"r.md:7: U+{ord(char):04X} ")
    assert message.endswith(" at column 3 is a bidirectional control (it would print the text around it in "
                            "another order than the source) (delete it: Chinese and Latin text need none)")


def test_a_bidi_control_in_a_term_reference_is_refused() -> None:
    assert errors(HEAD + "正文[\u202eabc]{.term}。\n") == [
        "r.md:5: U+202E RIGHT-TO-LEFT OVERRIDE at column 4 is a bidirectional control (it would print the text "
        "around it in another order than the source) (delete it: Chinese and Latin text need none)"]


@pytest.mark.parametrize("value", ['"x\\u202e"', '"报告\\u2067"', "'报告\u200f'"])
def test_a_bidi_control_in_a_front_matter_value_is_refused_at_its_key(value: str) -> None:
    """Written as itself (refused with its column, as in the body) or as a YAML escape (refused in the loaded
    value)."""
    (message,) = errors(f"---\ntitle: 报告\nsubtitle: {value}\n---\n\n正文。\n")
    where = "r.md:3: U+" if value.startswith("'") else "r.md:3: front matter: `subtitle`: U+"
    assert message.startswith(where)
    assert "is a bidirectional control" in message


# ----------------------------------------------------------------------------- character references

BIDI_IS = ("is a bidirectional control (it would print the text around it in another order than the source) "
           "(delete it: Chinese and Latin text need none)")
CONTROL_IS = "a control character (delete it)"


@pytest.mark.parametrize(("reference", "what"), [
    ("&#x202E;", f"a character reference: U+202E RIGHT-TO-LEFT OVERRIDE {BIDI_IS}"),
    ("&rlm;", f"a character reference: U+200F RIGHT-TO-LEFT MARK {BIDI_IS}"),
    ("&#0;", f"character reference `&#0;` is U+0000, {CONTROL_IS}"),
    ("&#x7;", f"character reference `&#x7;` is U+0007, {CONTROL_IS}"),
    ("&#xD800;", "character reference `&#xD800;` is U+D800, a lone surrogate (half of a broken character) "
                 "(delete it, and check the text around it: something cut a character in two)"),
    ("&#x85;", "character reference `&#x85;` is U+0085, a C1 control character (it usually means text decoded "
               "with the wrong encoding: re-import the original with `reportpress import FILE --encoding …`, "
               "or delete it)"),
    ("&#xFFFE;", "character reference `&#xFFFE;` is U+FFFE, a noncharacter (Unicode keeps it out of text) "
                 "(delete it)"),
    ("&#1114112;", "character reference `&#1114112;` names no character (past U+10FFFF) (fix the number, or "
                   "write the character itself)"),
    ("&#xc;", "a character reference: U+000C is a line or page separator (replace it with a line break, or a "
              "blank line to start a new paragraph)"),
])
def test_a_bad_character_reference_is_reported_as_what_it_is_at_its_line(reference: str, what: str) -> None:
    """On the third line of a paragraph, after a soft and a hard line break; not as a missing U+FFFD glyph.
    (A reference to a character that exists is refused as that character; one markdown-it replaces with
    U+FFFD, as the character it names.)"""
    assert errors(HEAD + "开头。\n\n第一行\n第二行\\\n第三行" + reference + "。\n") == [
        f"r.md:9: {what}"]


def test_bad_references_in_a_heading_a_cell_and_image_text_are_each_reported() -> None:
    source = HEAD + "# 标题&#0;\n\n| 甲 |\n|---|\n| 乙&#x9f; |\n\n![图&#x7;](a.png)\n"
    assert [message.split(" is ")[0] for message in errors(source)] == [
        "r.md:5: character reference `&#0;`", "r.md:9: character reference `&#x9f;`",
        "r.md:11: character reference `&#x7;`"]


def test_good_references_and_references_in_code_pass() -> None:
    """`&#xFFFD;` asks for the replacement character itself; code shows its text as written."""
    document = read_text(HEAD + "正文&amp;&#x4E2D;&#xFFFD;&#9;`&#0;`。\n\n```\n&#x202E;\n```\n", "r.md")
    assert "&中\ufffd" in str(document.blocks[0])


def test_references_and_escapes_in_image_text_are_its_characters() -> None:
    """markdown-it leaves them as `text_special` tokens inside an image, which the reader did not know."""
    (paragraph,) = read_text(HEAD + "![图&amp;表\\*一](a.png)\n", "r.md").blocks
    assert "alt='图&表*一'" in str(paragraph)


# ------------------------------------------------------------------------------ duplicate front matter keys

@pytest.mark.parametrize(("front", "line", "key", "first"), [
    ("title: 测试\ntitle: 另一个\n", 3, "title", 2),
    ("title: 测试\nauthor: 甲\nkeywords: [a]\nauthor: 乙\n", 5, "author", 3),
    ("title: 测试\ncover:\n  front: a.pdf\n  back: b.pdf\n  front: c.pdf\n", 6, "front", 4),
    ("title: 测试\ncover: {front: a.pdf, front: c.pdf}\n", 3, "front", 3),
])
def test_a_key_given_twice_is_refused_at_its_second_line(front: str, line: int, key: str, first: int) -> None:
    assert errors(f"---\n{front}---\n\n正文。\n") == [
        f"r.md:{line}: front matter: key `{key}` given twice (first on line {first}) (keep one of them: YAML "
        "would silently use the last one)"]


@pytest.mark.parametrize(("front", "line"), [
    ("title: 测试\n<<: {title: A}\n<<: {title: B}\n", 3),  # two merges: the last wins, silently
    ("x-base: &b {title: A}\n<<: *b\ntitle: 测试\n", 3),  # a key both merged in and written out
    ("title: 测试\ncover:\n  <<: {front: a.pdf}\n", 4),  # in a nested mapping too
])
def test_a_merge_key_is_refused_at_its_line(front: str, line: int) -> None:
    """A YAML merge key brings in keys that no line shows: a duplicate no reader of the source can see."""
    assert errors(f"---\n{front}---\n\n正文。\n") == [
        f"r.md:{line}: front matter: a YAML merge key (`<<:`) (write each key out: a report's front matter "
        "names each field once)"]


def test_equal_values_aliases_and_keys_of_other_types_are_no_duplicates() -> None:
    document = read_text("---\ntitle: 测试\nkeywords: [a, a]\nx-one: &base {k: 1}\nx-two: *base\n"
                         "x-map: {1: a, '1': b}\n---\n\n正文。\n", "r.md")
    assert document.meta.title == "测试"


# ------------------------------------------------------------------------------------ long footnote labels

def test_a_call_and_a_definition_with_a_label_too_long_are_refused_at_their_lines() -> None:
    label = "a" * 20_000
    message = (f"footnote label [^{'a' * 20}…] of 20,000 characters: a label is at most {MAX_LABEL} (name the "
               "note with a short label, such as [^1] or [^统计口径])")
    assert errors(HEAD + f"开头。\n\n正文[^{label}]。\n\n[^{label}]: 注。\n") == [f"r.md:7: {message}",
                                                                              f"r.md:9: {message}"]


def test_a_label_at_the_limit_passes_and_open_brackets_stay_text() -> None:
    label = "注" * MAX_LABEL
    document = read_text(HEAD + f"正文[^{label}]。[^[^[^x\n\n[^{label}]: 注。\n", "r.md")
    assert document.footnotes[0].id == label
    assert "[^[^[^x" in str(document.blocks[0])
