"""Work the PDF layout and writer no longer repeat (issue 13), each shortcut held to the answer of the
long way on inputs of our own built so that a wrong shortcut would show:

- a trial layout of a paragraph changed to fill a page (`pages.planned_change`) stops at the first line
  that already refuses it (`pages._take_unless`), and decides exactly as the whole layout did;
- the codes of a `TJ` operator renumbered through a table made once a font (`weasy._code_table`), not
  parsed code by code: the same bytes, each font by its own table;
- the marks of what follows each paragraph (`pages.mark_following`) written in one pass;
- a line's trial layouts skipped where what follows its break is the paragraph's last text and cannot
  come up (`weasy._next_chunk_width`, `PREDICT_LAST_LINES`): the same PDF, fewer layouts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import weasyprint
from weasyprint.formatting_structure import boxes

from reportpress.typeset import weasy
from reportpress.typeset.pages import FOLLOWING, _take, mark_following, planned_change

# ----------------------------------------------------------------------------- trial layouts


class Line:
    def __init__(self, loose: bool, chars: int = 10) -> None:
        self.loose = loose
        self.chars = chars


def fake_paragraph(layouts: dict[str, list[bool]], pulled: list[str]) -> Any:
    """`lines_in` for a paragraph whose lines in each mode are loose or not as `layouts` says; every
    line laid out is recorded in `pulled`."""

    def lines_in(mode: str | None, args: tuple[Any, ...]) -> Iterator[tuple[Any, Any]]:
        flags = layouts[mode or "natural"]
        for index, loose in enumerate(flags):
            pulled.append(f"{mode}:{index}")
            yield Line(loose), (None if index == len(flags) - 1 else {index: None})

    return lines_in


def decided_the_long_way(layouts: dict[str, list[bool]], mode: str, natural: tuple[int, int, int]) -> list[Any] | None:
    """What `planned_change` decided before the early stop: each trial laid out to `target + 1` lines,
    then judged (the same rules: the count, no more loose lines but the last than as they came)."""
    count, allowed, _ = natural
    target = count - 1 if mode.startswith("shorter") else count + 1
    pulled: list[str] = []
    lines = _take(fake_paragraph(layouts, pulled)(mode, ()), target + 1)
    if len(lines) == target and sum(1 for line, _ in lines[:-1] if line.loose) <= allowed:
        return lines
    return None


CASES = {
    # shorter by one line: a loose line early refuses it (the rest need not be laid out)
    "loose early": [False, True, True, False, False, False, False, False],
    # the same number of loose lines as it came: kept
    "as loose as it came": [False, True, False, False, False, False, False],
    # loose only in its last line, which may be: kept (the stop must not count the last line)
    "last line loose": [False, False, False, False, False, False, True],
    # one line too many, its extra line loose: refused either way
    "too long": [False, False, False, False, False, False, False, True],
    # too loose in the line before the last: refused
    "loose before the last": [False, False, False, False, False, True, True],
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("allowed", [0, 1])
def test_a_trial_stops_at_the_line_that_refuses_it_and_decides_the_same(case: str, allowed: int) -> None:
    natural = (8, allowed, 2)
    layouts = {"shorter:0": CASES[case]}
    pulled: list[str] = []
    changed = planned_change("shorter:0", (None,) * 6 + ([], []), fake_paragraph(layouts, pulled),
                             lambda lines: True, lambda line: line.loose, natural)
    expected = decided_the_long_way(layouts, "shorter:0", natural)
    assert (changed is None) == (expected is None)
    if expected is not None:
        assert changed is not None and [line.loose for line, _ in changed] == [line.loose for line, _ in expected]
    loose_before = [index for index, loose in enumerate(CASES[case]) if loose]
    if len(loose_before) > allowed and loose_before[allowed] + 1 < len(CASES[case]) - 1:
        # refused at the line after the first loose line too many: the paragraph's rest never laid out
        assert len(pulled) == loose_before[allowed] + 2 < min(len(CASES[case]), natural[0])


def test_the_trial_of_each_mode_is_judged_on_its_own() -> None:
    # `shorter` tries its modes in turn: the first refused early, the second (another layout) kept whole
    natural = (6, 0, 1)
    layouts = {"shorter:4": [False, True, False, False, False], "shorter:1": [False, False, False, False, False]}
    pulled: list[str] = []
    changed = planned_change("shorter", (None,) * 6 + ([], []), fake_paragraph(layouts, pulled),
                             lambda lines: True, lambda line: line.loose, natural)
    assert changed is not None and len(changed) == 5
    assert pulled == ["shorter:4:0", "shorter:4:1", "shorter:4:2", *(f"shorter:1:{i}" for i in range(5))]


# --------------------------------------------------------------------------- renumbered codes


def code_by_code(item: bytes, mapping: dict[int, int]) -> bytes | None:
    """The renumbering the long way: every hex string parsed, code by code."""
    match = re.fullmatch(rb"\[(.*)\] TJ", item)
    if match is None or not re.fullmatch(rb"[-+]?[0-9.]*(?:<[0-9A-Fa-f]*>[-+]?[0-9.]*)*", match.group(1)):
        return None
    out = []
    for piece in match.group(1).split(b"<")[1:]:
        digits, _, number = piece.partition(b">")
        if len(digits) % 4:
            return None
        codes = [mapping.get(int(digits[i:i + 4], 16)) for i in range(0, len(digits), 4)]
        if None in codes:
            return None
        out.append(b"".join(b"%04x" % code for code in codes if code is not None) + b">" + number)
    return b"[" + b"<".join([match.group(1).split(b"<")[0], *out]) + b"] TJ"


ITEMS = [
    b"[<0d5e>5<>6.00009155413138<11b7>5<>6.00009155413138<0011>] TJ",  # one glyph a string, as WeasyPrint
    b"[-12<00110022>-50<3a3f>] TJ",  # several glyphs in a string
    b"[<0D5E>5<11B7>] TJ",  # upper-case digits: read as the same codes
    b"[<>6.375<0011>511.97<>6.375] TJ",  # empty strings before numbers
    b"[<0d5e><0099>] TJ",  # a code the font's mapping lacks: not renumbered at all
    b"[<0d5>] TJ",  # a string of odd length: not WeasyPrint's
    b"[<0d5e 0011>] TJ",  # a space: not WeasyPrint's
]
MAPPING = {0x0D5E: 7, 0x11B7: 0x1234, 0x0011: 1, 0x0022: 2, 0x3A3F: 3}


@pytest.mark.parametrize("item", ITEMS)
def test_codes_renumbered_through_the_table_are_those_renumbered_code_by_code(item: bytes) -> None:
    seen: set[int] = set()
    assert weasy._renumbered(item, MAPPING, seen, weasy._code_table(MAPPING)) == code_by_code(item, MAPPING)
    assert weasy._renumbered(item, MAPPING) == code_by_code(item, MAPPING)  # the table made there
    if code_by_code(item, MAPPING) is not None:
        strings = re.findall(rb"<([0-9A-Fa-f]*)>", item)
        assert seen == {int(digits[i:i + 4], 16) for digits in strings for i in range(0, len(digits), 4)}


def test_each_font_is_renumbered_by_its_own_table(monkeypatch: pytest.MonkeyPatch) -> None:
    # two fonts drawing the same old codes, renumbered differently: a table shared between them (a key
    # that left out the font) would give one font's codes to the other's text
    class Stream:
        def __init__(self, items: list[Any]) -> None:
            self.stream = items

    streams = [Stream([b"/F1 16 Tf", b"[<0d5e>5<0011>] TJ", b"q", b"/F2 16 Tf", b"[<0d5e><0011>] TJ", b"Q",
                       b"[<0011>] TJ"])]
    monkeypatch.setattr(weasy, "_content_streams", lambda pdf: iter(streams))
    mappings = {"F1": {0x0D5E: 1, 0x0011: 2}, "F2": {0x0D5E: 2, 0x0011: 1}}
    found = weasy._shown_text_edits(None, mappings)
    assert found is not None
    edits, seen = found
    assert [(index, item) for _, index, item in edits] == [
        (1, b"[<0001>5<0002>] TJ"), (4, b"[<0002><0001>] TJ"), (6, b"[<0002>] TJ")]
    assert seen == {"F1": {0x0D5E, 0x0011}, "F2": {0x0D5E, 0x0011}}


# -------------------------------------------------------------------------- what follows


def test_every_paragraph_is_marked_in_one_pass_in_order() -> None:
    body = "".join(f"<p>{'甲' * (index + 1)}</p>" + ("<h3>标题</h3>" if index % 5 == 4 else "") for index in range(60))
    document = f"<html><body><header><p>页眉</p></header><main>{body}</main><footer><p>x</p></footer></body></html>"
    marked = mark_following(document)
    assert marked.count(FOLLOWING) == 59  # the last paragraph's heading has no paragraph after it
    # each mark names what follows its paragraph: the next paragraph's length, or the heading's paragraph's
    for index in range(59):
        kind = "h" if index % 5 == 4 else "p"
        assert f'<p {FOLLOWING}="{kind}:{index + 2}">{"甲" * (index + 1)}</p>' in marked
    assert "<p>页眉</p>" in marked and "<p>x</p>" in marked  # outside <main>: left as it was


# ------------------------------------------------------------------ a last line predicted


def a_text_style() -> Any:
    """The computed style of a text box of a Chinese paragraph, from a render."""
    with weasy.inter_character_justification():
        document = weasyprint.HTML(string='<p lang="zh-CN" style="font: 16pt \'Noto Serif CJK SC\'">业。</p>').render()
    page = document.pages[0]._page_box
    return next(box for box in page.descendants() if isinstance(box, boxes.TextBox)).style


def test_the_end_of_a_paragraph_is_a_break_and_the_end_of_a_box_is_not() -> None:
    # the same text box, the same text from the same place, the same style: at the end of its block it
    # runs to the paragraph's end (a break: its width), followed by another box it does not (what follows
    # decides: unknown). A chunk kept without saying which (`CHUNKS`) would answer one for the other
    style = a_text_style()
    text = boxes.TextBox("p", style, None, "甲乙业。")
    after = boxes.TextBox("p", style, None, "丙")
    ending = boxes.LineBox("p", style, None, [text])
    followed = boxes.LineBox("p", style, None, [text, after])
    at = {0: {len("甲乙".encode()): None}}  # the skip stack of a break before 业
    for first, second in ((ending, followed), (followed, ending)):
        vars(text).pop(weasy.CHUNKS, None)
        answers = {id(first): weasy._next_chunk_width(first, at), id(second): weasy._next_chunk_width(second, at)}
        assert answers[id(followed)] is None
        width = answers[id(ending)]
        assert width is not None and 1.4 * 21 < width < 2.1 * 21.4  # 业。: two ems of 16 pt (21.3 px), give or take
    # a rest longer than what is looked into is never taken for the paragraph's end (a word with no
    # break in it: what is cut off may hold one)
    for letters, known in ((weasy._CHUNK_LOOKAHEAD - 1, True), (weasy._CHUNK_LOOKAHEAD + 1, False)):
        text.text = "甲乙" + "a" * letters
        vars(text).pop(weasy.CHUNKS, None)
        assert (weasy._next_chunk_width(ending, at) is not None) is known


def test_last_lines_predicted_change_no_byte_and_save_trial_layouts(monkeypatch: pytest.MonkeyPatch) -> None:
    # paragraphs in widths where a line before the last has room, and the last line's text cannot come up
    from tests.typeset.test_speed_layouts import TEXT, document, render

    trials: list[bool] = []
    layout_line = weasy._layout_line

    def counted(*args: Any, **kwargs: Any) -> Any:
        trials.append(bool(kwargs.get("squeeze")))
        return layout_line(*args, **kwargs)

    monkeypatch.setattr(weasy, "_layout_line", counted)
    html = document("".join(f'<p style="margin: 0; width: {ems / 4}em">{TEXT}</p>' for ems in range(40, 90)))
    on = render(html)
    predicted = sum(trials)
    trials.clear()
    with monkeypatch.context() as patch:
        patch.setattr(weasy, "PREDICT_LAST_LINES", False)
        off = render(html)
    assert on == off
    assert predicted < sum(trials)
