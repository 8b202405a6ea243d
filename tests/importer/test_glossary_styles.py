"""Glossaries, notes and reference lists in every style real reports use (issue 11 item 2), end to end.

Each case is a small report of its own making (none is from the dev corpus): the raw text is imported
with `import_text`, the source read back with the reader, and the `Document` checked — entries found,
each body call turned into a term reference, note call or citation, and no call left as text.
"""

from __future__ import annotations

import pytest

from reportpress.importer import import_text
from reportpress.model import Citation, Document, FootnoteRef, Paragraph, TermRef, plain_text
from reportpress.reader import read_text
from reportpress.walk import iter_inlines as walk_inlines

HEAD = """\
2031年某某市人民政府工作报告
——2031年1月10日在某某市第三届人民代表大会第二次会议上
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。
一、过去一年的工作
过去一年，面对复杂形势，我们坚持稳中求进工作总基调，全市经济运行总体平稳、稳中有进。
我们推进“一网通办”{c1}改革，全面落实“放管服”{c2}要求，加快建设“智慧城市”{c3}平台，群众办事更加便捷。
二、今年的主要任务
今年是承上启下的关键之年，我们将扎实推进各项改革，确保全年目标任务圆满完成。
各位代表，让我们携手奋进，为建设美好家园而努力奋斗！
"""
TERMS = ("“一网通办”", "“放管服”", "“智慧城市”")
DEFINITIONS = ("是指政务服务事项一个网络办理。", "是指简政放权、放管结合、优化服务。",
               "是指运用信息技术的城市管理方式。")


def report(calls: tuple[str, str, str], tail: str) -> str:
    return HEAD.format(c1=calls[0], c2=calls[1], c3=calls[2]) + "\n" + tail


def imported(raw: str) -> tuple[str, Document]:
    markdown = import_text(raw.encode("utf-8")).markdown
    return markdown, read_text(markdown, "imported.md")


def body_text(document: Document) -> str:
    return "".join(plain_text(block.lead) + plain_text(block.inlines) for block in document.blocks
                   if isinstance(block, Paragraph))


def body_inlines(document: Document) -> list[object]:
    return [inline for block in document.blocks if isinstance(block, Paragraph)
            for inline in walk_inlines(block.lead + block.inlines)]


def assert_glossary(document: Document) -> None:
    """The three entries, each referenced in the body, no call or page key left in any text."""
    assert [plain_text(entry.term) for entry in document.glossary] == list(TERMS)
    assert [plain_text(entry.definition[0].inlines) for entry in document.glossary  # type: ignore[attr-defined]
            ] == list(DEFINITIONS)
    refs = [inline.term_id for inline in body_inlines(document) if isinstance(inline, TermRef)]
    assert refs == ["一网通办", "放管服", "智慧城市"]
    text = body_text(document)
    for leftover in ("[", "［", "①", "②", "③", "<sup>", "P1", "（P"):
        assert leftover not in text


NUMBERED = {  # entry mark → the body's call for entry n (None: the body calls nothing)
    "1.": None, "１、": None, "［{n}］": "［{n}］", "[{n}]": "[{n}]", "{circled}": "{circled}",
}
CIRCLED = "①②③"


def mark(template: str, number: int) -> str:
    return template.replace("{n}", str(number)).replace("{circled}", CIRCLED[number - 1]).replace(
        "1.", f"{number}.").replace("１、", f"{chr(0xFF10 + number)}、")


@pytest.mark.parametrize("title", ["用语解释", "名词解释", "《政府工作报告》注释", "注：", "附注：", "用 语 解 释",
                                   "注 释：", "名 词 解 释："])
@pytest.mark.parametrize("entry_mark", list(NUMBERED))
@pytest.mark.parametrize("layout", ["one line", "next line"])
def test_numbered_glossaries(title: str, entry_mark: str, layout: str) -> None:
    """Every numbering, both layouts of term and definition, every heading (letter-spaced too)."""
    call = NUMBERED[entry_mark]
    calls = tuple(mark(call, n) if call else "" for n in (1, 2, 3))
    lines = []
    for number, (term, definition) in enumerate(zip(TERMS, DEFINITIONS, strict=True), start=1):
        head = mark(entry_mark, number) + term
        lines += [f"{head}：{definition}"] if layout == "one line" else [head, definition]
    _, document = imported(report(calls, title + "\n" + "\n".join(lines) + "\n"))  # type: ignore[arg-type]
    assert_glossary(document)


@pytest.mark.parametrize("key", ["（P3）", "(P3)", "P3 ", "第3页 ", "（第3页）", "【P3】"])
def test_page_keys_are_dropped_and_the_entry_linked_by_its_term(key: str) -> None:
    tail = "名词解释\n" + "\n".join(f"{key}{term}：{definition}" for term, definition in zip(TERMS, DEFINITIONS,
                                                                                           strict=True))
    markdown, document = imported(report(("", "", ""), tail + "\n"))
    assert_glossary(document)
    assert "P3" not in markdown and "3页" not in markdown


def test_number_then_page_key() -> None:
    tail = "用语解释\n" + "\n".join(f"{n}.（P{n + 1}）{term}：{definition}" for n, (term, definition)
                                 in enumerate(zip(TERMS, DEFINITIONS, strict=True), start=1))
    _, document = imported(report(("", "", ""), tail + "\n"))
    assert_glossary(document)


def test_sup_calls_right_after_the_term() -> None:
    calls = ("<sup>[1]</sup>", "<sup>[2]</sup>", "<sup>[3]</sup>")
    tail = "名词解释\n" + "\n".join(f"[{n}]{term}：{definition}" for n, (term, definition)
                                 in enumerate(zip(TERMS, DEFINITIONS, strict=True), start=1))
    markdown, document = imported(report(calls, tail + "\n"))
    assert_glossary(document)
    assert "sup" not in markdown


def test_circled_marks_in_running_text_stay_when_they_follow_no_term() -> None:
    """A circled digit is a glossary call only when glued to the term it explains: a list number stays."""
    raw = report(("", "", ""), "名词解释\n" + "\n".join(
        f"{CIRCLED[n - 1]}{term}：{definition}" for n, (term, definition) in
        enumerate(zip(TERMS, DEFINITIONS, strict=True), start=1)) + "\n").replace(
        "今年是承上启下的关键之年，", "今年要做到①稳增长，②保民生，")
    _, document = imported(raw)
    assert "①稳增长，②保民生" in body_text(document)
    assert len(document.glossary) == 3


def test_hard_wrapped_entries_across_a_form_feed() -> None:
    """Entries wrapped in the middle of a definition, one of them across a page break (form feed)."""
    tail = ("注：\n"
            "１、“一网通办”：是指政务服务事项一个\n网络办理。\n"
            "２、“放管服”：是指简政放权、放管\n\f结合、优化服务。\n"
            "\f\n"
            "３、“智慧城市”：是指运用信息技术的城\n市管理方式。\n")
    markdown, document = imported(report(("", "", ""), tail))
    assert_glossary(document)
    assert "\f" not in markdown


def test_citations_in_a_notes_section_become_end_notes() -> None:
    """`① 作者：《书名》…` has a colon after a name, yet it is a citation, not a term and its definition."""
    tail = ("注释：\n"
            "① 习近平：《论坚持全面深化改革》，中央文献出版社2018年版，第12页。\n"
            "② 王强：《放管服改革研究》，人民出版社2019年版，第3页。\n"
            "③ 李明：《智慧城市建设》，载《城市研究》2020年第3期。\n")
    markdown, document = imported(report(("①", "②", "③"), tail))
    assert not document.glossary
    assert len(document.footnotes) == 3 and all(note.placement == "end" for note in document.footnotes)
    assert plain_text(document.footnotes[0].blocks[0].inlines).startswith("习近平：《论坚持")  # type: ignore[attr-defined]
    calls = [inline.id for inline in body_inlines(document) if isinstance(inline, FootnoteRef)]
    assert len(calls) == 3
    assert "①" not in body_text(document) and "::: notes" in markdown


@pytest.mark.parametrize("title", ["参考文献", "主要参考文献：", "参 考 文 献"])
@pytest.mark.parametrize("calls", [("[1]", "[2]", "[3]"), ("［1］", "<sup>[2]</sup>", "［3］"),
                                   ("[1]", "[2,3]", "[1-3]")])
def test_a_reference_list_becomes_references_and_its_calls_citations(title: str, calls: tuple[str, str, str]) -> None:
    tail = (f"{title}\n"
            "[1] 国务院. 关于加快推进“一网通办”的指导意见[Z]. 北京: 国务院办公厅, 2018.\n"
            "[2] 王强. 放管服改革研究[M]. 北京: 人民出版社,\n2019: 12-20.\n"
            "[3] 李明. 智慧城市建设[J]. 城市研究, 2020(3): 1-9.\n")
    markdown, document = imported(report(calls, tail))
    assert [reference.id for reference in document.references] == ["ref1", "ref2", "ref3"]
    assert all(reference.cited for reference in document.references)
    assert plain_text(document.references[1].inlines).endswith("2019: 12-20.")  # the wrapped entry joined
    cited = [inline.keys for inline in body_inlines(document) if isinstance(inline, Citation)]
    assert len(cited) == 3 and {key for keys in cited for key in keys} == {"ref1", "ref2", "ref3"}
    assert "[" not in body_text(document) and "［" not in body_text(document)
    assert "::: references" in markdown and not document.glossary and not document.footnotes
