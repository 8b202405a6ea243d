"""No line starts with a note call or a note mark: a glossary call, a footnote call and an enclosed
number used as a mark (`“八项本领”㊶`) stay with the character they follow (CLREQ
#prohibition_rules_for_line_start_end). Each paragraph of the test source puts its call one character
further along the line, so that in one of every 28 the call falls where a line would break.

An enclosed number after a pause mark or an opening bracket enumerates (`主要是：①…；②…`) and may start
a line: the text pass leaves its break alone."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.reader import read_text
from reportpress.typeset import typeset_html
from reportpress.typeset.chars import ENCLOSED_NUMBERS, WORD_JOINER, glued_mark
from reportpress.writers.html import write_html

FILLER = "全面推进城乡区域协调发展持续改善生态环境质量不断增进民生福祉扎实推动高质量发展"
SHIFTS = range(28)


def _filler(count: int, offset: int = 0) -> str:
    return "".join(FILLER[(offset + index) % len(FILLER)] for index in range(count))


def _source() -> str:
    paragraphs = []
    for shift in SHIFTS:
        paragraphs.append(f"{_filler(shift)}[协同发展计划]{{.term}}{_filler(60, shift)}。")
        paragraphs.append(f"{_filler(shift, 2)}、[货运企业“三上门两加强”行动]{{.term}}和{_filler(60, shift + 1)}。")
        paragraphs.append(f"{_filler(shift, 3)}“重点项目”[^n{shift}]{_filler(60, shift + 5)}。")
        paragraphs.append(f"{_filler(shift, 7)}“八项本领”㉑{_filler(60, shift + 9)}。")
    notes = "\n\n".join(f"[^n{shift}]: 注释{shift}。" for shift in SHIFTS)
    glossary = "协同发展计划\n: 一项测试用语。\n\n货运企业“三上门两加强”行动\n: 另一项测试用语。"
    return ("---\ntitle: 注释标记换行测试\ndate: 2026-12-02\nlang: zh-CN\nlayout: gov-report\n---\n\n"
            + "\n\n".join(paragraphs) + f"\n\n{notes}\n\n::: glossary\n{glossary}\n:::\n")


@pytest.fixture(scope="module")
def call_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calls")
    source = folder / "calls.md"
    source.write_text(_source(), encoding="utf-8")
    return build(source, formats=["pdf"], out_dir=folder / "out").outputs["pdf"]


def _continuation_lines(pdf: Path) -> list[tuple[int, list[dict[str, object]]]]:
    """Each line (of the body, or of a note at the page foot) that starts at the text block's left edge
    (28 mm in on a recto, 26 mm on a verso): its page and its drawn spans, left to right."""
    edges = (28 * 72 / 25.4, 26 * 72 / 25.4)
    found = []
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document, start=1):
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    spans = [span for span in line["spans"] if span["text"].strip()]
                    if spans and min(abs(line["bbox"][0] - edge) for edge in edges) < 1.0:
                        found.append((number, spans))
    return found


def test_no_line_starts_with_a_raised_call(call_pdf: Path) -> None:
    lines = _continuation_lines(call_pdf)
    assert len(lines) > 150
    raised = [(page, spans[0]["text"]) for page, spans in lines if float(spans[0]["size"]) < 12]  # type: ignore[arg-type]
    assert raised == []


def test_no_line_starts_with_an_enclosed_number_that_marks_a_note(call_pdf: Path) -> None:
    lines = _continuation_lines(call_pdf)
    starts = [(page, str(spans[0]["text"])[:6]) for page, spans in lines
              if str(spans[0]["text"]).lstrip()[:1] in ENCLOSED_NUMBERS and float(spans[0]["size"]) > 15]  # type: ignore[arg-type]
    assert starts == []
    # and the marks are all there, drawn in the body
    with pymupdf.open(call_pdf) as document:
        text = "".join(page.get_text() for page in document)
    assert text.count("㉑") == len(SHIFTS)


def test_the_text_pass_glues_a_mark_to_what_it_follows_and_not_an_enumerator() -> None:
    settings = builtin_layout("gov-report").typesetting
    marked = typeset_html("<body><main><p>增强“八项本领”㊶，提高能力⑤。</p></main></body>", settings)
    assert f"”{WORD_JOINER}㊶" in marked and f"力{WORD_JOINER}⑤" in marked
    listed = typeset_html("<body><main><p>主要是：①加强监管；②优化服务。</p></main></body>", settings)
    assert f"{WORD_JOINER}①" not in listed and f"{WORD_JOINER}②" not in listed
    # a run of marks is glued at its first only: never one unbreakable run, however long
    run = typeset_html("<body><main><p>产" + "①" * 2000 + "。</p></main></body>", settings)
    assert run.count(WORD_JOINER) == 1


@pytest.mark.parametrize(("text", "index", "glued"), [
    ("本领”㊶", 3, True), ("产业①", 2, True), ("产业①②", 3, False), ("是：①", 2, False), ("；②", 1, False),
    ("（①", 1, False), (" ①", 1, False), ("①", 0, False), ("产业1", 2, False),
])
def test_glued_mark(text: str, index: int, glued: bool) -> None:
    assert glued_mark(text, index) is glued


def test_the_html_glues_each_raised_call_to_the_text_before_it() -> None:
    source = ("---\ntitle: 测试\nlang: zh-CN\n---\n\n推进[协同发展计划]{.term}和重点项目[^a]建设。\n\n[^a]: 注释。\n\n"
              "::: glossary\n协同发展计划\n: 用语。\n:::\n")
    html = write_html(read_text(source, "t.md"), builtin_layout("gov-report"))
    assert re.search(f'计划</span>{WORD_JOINER}<span class="endnote-call">', html)
    assert re.search(f'项目{WORD_JOINER}<span class="footnote"', html)
