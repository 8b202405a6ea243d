"""notes.py: marker forms, the notes section, and markers left alone when nothing answers them."""

from __future__ import annotations

from reportpress.importer.blocks import Line
from reportpress.importer.notes import footnote_placeholder, glossary_placeholder, read_notes


def lines_of(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def test_marker_forms_become_footnotes() -> None:
    body, notes = read_notes(lines_of("甲［1］，乙[2]，丙<sup>[3]</sup>，丁〔4〕。", "注释：",
                                      "［1］一。", "［2］二。", "［3］三。", "［4］四。"), 0)
    assert [line.text for line in body] == [
        "甲" + "，乙".join(footnote_placeholder(n) for n in (1, 2)) + "，丙" + footnote_placeholder(3)
        + "，丁" + footnote_placeholder(4) + "。"
    ]
    assert notes == {1: "一。", 2: "二。", 3: "三。", 4: "四。"}


def test_unanswered_markers_stay_text() -> None:
    paragraphs = lines_of("参见文献[7]。", "①第一项；②第二项。")
    body, notes = read_notes(paragraphs, 0)
    assert [line.text for line in body] == ["参见文献[7]。", "①第一项；②第二项。"]
    assert notes == {}


def test_numbered_end_paragraphs_no_marker_points_to_are_kept() -> None:
    paragraphs = lines_of("正文没有标记。", "［1］这是正文的一部分。")
    body, notes = read_notes(paragraphs, 0)
    assert [line.text for line in body] == ["正文没有标记。", "［1］这是正文的一部分。"]
    assert notes == {}


def test_markers_into_the_glossary() -> None:
    body, notes = read_notes(lines_of("首创“合议核准制”［1］，创新“一楼一次办”[2]，①不算。"), 2)
    first, second = glossary_placeholder(1), glossary_placeholder(2)
    assert body[0].text == f"首创“合议核准制”{first}，创新“一楼一次办”{second}，①不算。"
    assert notes == {}
