"""Unnumbered top-level parts (issue 11 item 4), on a report of our own making
(tests/data/importer/unnumbered-parts.txt): three part titles with no numbering (`过去五年工作回顾`,
`今后五年目标任务`, `2031年重点工作`), each followed — directly or after an introduction — by sections that
restart at 一、. The parts become level 1, the numbered sections level 2, their （一） level 3; without
the evidence (one part, or no restart) nothing moves."""

from __future__ import annotations

from reportpress.importer import import_text
from reportpress.importer.blocks import Block
from reportpress.importer.parts import find_parts, is_part_title
from reportpress.model import Heading, plain_text
from reportpress.reader import read_text

from .conftest import DATA


def headings(raw: bytes) -> list[tuple[int, str]]:
    document = read_text(import_text(raw).markdown, "parts.md")
    return [(block.level, plain_text(block.inlines)) for block in document.blocks if isinstance(block, Heading)]


def test_parts_become_level_one_and_sections_go_down() -> None:
    raw = (DATA / "unnumbered-parts.txt").read_bytes()
    assert headings(raw) == [
        (1, "过去五年工作回顾"), (2, "一、综合实力显著增强"), (2, "二、改革开放纵深推进"),
        (3, "（一）营商环境持续优化"), (3, "（二）开放平台不断拓展"),
        (1, "今后五年目标任务"), (2, "一、加快建设现代化产业体系"), (2, "二、持续增进民生福祉"),
        (1, "2031年重点工作"), (2, "一、扩大有效需求"), (2, "二、深化重点领域改革"),
    ]
    report = import_text(raw).report
    parts = [d for d in report.decisions if d.kind == "part"]
    assert [d.lines for d in parts] == [(6,), (15,), (20,)]
    assert all(d.confidence == 0.7 for d in parts)
    # the restarted numbering under each part is in sequence: no heading is doubtful
    assert not [d for d in report.decisions if d.kind == "heading" and d.confidence < 0.9]


def test_without_strong_evidence_nothing_moves() -> None:
    raw = (DATA / "unnumbered-parts.txt").read_text(encoding="utf-8")
    # one part title only: its restart alone is no evidence of parts
    one_part = raw.replace("今后五年目标任务\n", "").replace("2031年重点工作\n", "")
    assert [level for level, _ in headings(one_part.encode())] == [1, 1, 2, 2, 1, 1, 1, 1]
    # short unpunctuated lines not followed by a restart at 一、 are no parts
    no_restart = raw.replace("一、加快建设", "三、加快建设").replace("一、扩大有效", "五、扩大有效")
    assert all(level > 0 for level, _ in headings(no_restart.encode()))
    assert not [h for h in headings(no_restart.encode()) if h[1] == "今后五年目标任务"]


def test_part_title_shape() -> None:
    def block(text: str) -> Block:
        return Block("paragraph", text, 1)

    assert is_part_title(block("过去五年工作回顾"))
    for text in ("各位代表：", "我们要坚定信心。", "一、综合实力显著增强", "（全文）", "主要预期目标是：",
                 "这是一个很长很长的段落，它超过了三十个字，所以它不可能是一个部分的标题"):
        assert not is_part_title(block(text)), text
    blocks = [block("甲部分"), Block("heading", "一、子", 2, level=1), block("乙部分"), block("引言一段。"),
              Block("heading", "一、丑", 5, level=1)]
    assert find_parts(blocks) == [(0, 1), (2, 1)]  # (index, level)
    # a heading between a title and the restart breaks it
    blocks.insert(3, Block("heading", "三、寅", 4, level=1))
    assert find_parts(blocks) == []
