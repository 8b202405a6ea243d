"""headings.py: official numbering gives the level; numbered run-in sentences are leads."""

from __future__ import annotations

import pytest

from reportpress.importer.blocks import Line
from reportpress.importer.headings import classify_paragraph, numbering_level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、2019年工作回顾", 1),
        ("十二、其他", 1),
        ("（一）保持战略定力，经济发展总体平稳", 2),
        ("1.加强宏观调控", 3),
        ("2、稳定物价", 3),
        ("（3）完善机制", 4),
        ("2.6亿元用于民生", 0),
        ("2020年工作", 0),
        ("一是经济增长好于预期。", 0),
    ],
)
def test_numbering_level(text: str, level: int) -> None:
    assert numbering_level(text) == level


def test_short_numbered_line_is_a_heading() -> None:
    block = classify_paragraph(Line(7, "（四）科学编制“十四五”规划"))
    assert (block.kind, block.level, block.text, block.line) == ("heading", 2, "（四）科学编制“十四五”规划", 7)


def test_numbered_run_in_sentence_is_a_lead() -> None:
    text = "（一）聚焦服务和融入构建新发展格局，充分挖掘释放内需潜力。坚持惠民生和促消费。"
    block = classify_paragraph(Line(1, text))
    assert block.kind == "paragraph"
    assert block.lead == "（一）聚焦服务和融入构建新发展格局，充分挖掘释放内需潜力。"
    assert block.text == "坚持惠民生和促消费。"


def test_long_numbered_text_without_a_stop_stays_a_paragraph() -> None:
    text = "（一）" + "很长的文字，" * 20
    block = classify_paragraph(Line(1, text))
    assert (block.kind, block.lead, block.text) == ("paragraph", "", text)
