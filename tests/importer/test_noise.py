"""noise.py: web and forum debris, folios and running heads dropped, with their reasons."""

from __future__ import annotations

import pytest

from reportpress.importer.blocks import Line
from reportpress.importer.noise import classify_noise, drop_noise


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("本帖最后由 123 于 2020-7-6 10:12 编辑", "forum edit stamp"),
        ("打印本页", "web toolbar"),
        ("关闭窗口", "web toolbar"),
        ("【字号：", "web toolbar"),
        ("字体：大 中 小", "web toolbar"),
        ("【关闭】", "web toolbar"),
        ("|", "lone bracket or bar"),
        ("来源：江西日报", "web byline"),
        ("时间：2026-02-05", "web byline"),
        ("发布时间：2020-01-15 09:30", "web byline"),
        ("省长叶建春作政府工作报告。本报全媒体记者 林 君摄", "photo caption"),
        ("— 12 —", "page folio"),
        ("- 3 -", "page folio"),
        ("第 3 页 共 20 页", "page folio"),
        ("12", "page folio"),
    ],
)
def test_noise_lines(text: str, reason: str) -> None:
    assert classify_noise(text) == reason


@pytest.mark.parametrize(
    "text",
    ["各位代表：", "各位代表！", "一、2019年工作回顾", "政府工作报告", "2020年上海市虹口区政府工作报告",
     "时间就是效率。来源于群众、服务于群众，是我们的工作方法，要长期坚持下去并不断完善。"],
)
def test_report_lines_are_kept(text: str) -> None:
    assert classify_noise(text) is None


def numbered(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def test_running_heads_and_page_break_blank_lines_go() -> None:
    head = "政府工作报告"
    opening = [head, "", *[f"第{n}行文字" for n in range(1, 9)]]
    lines = numbered(*opening, "", "— 1 —", "", head, "", "接着写", "— 2 —", head, "再写", "— 3 —", head, "完")
    kept, dropped = drop_noise(lines)
    # the title in the opening stays, though its text is also the running head
    assert [line.text for line in kept] == [*opening, "接着写", "再写", "完"]
    assert [(item.number, item.reason) for item in dropped] == [
        (12, "page folio"), (14, "running head"), (17, "page folio"), (18, "running head"),
        (20, "page folio"), (21, "running head"),
    ]


def test_repeated_salutation_is_no_running_head() -> None:
    lines = numbered(*["各位代表！", "正文。"] * 4)
    kept, dropped = drop_noise(lines)
    assert dropped == []
    assert len(kept) == 8


def test_page_tail_goes_to_the_end() -> None:
    kept, dropped = drop_noise(numbered("正文。", "相关报道：", "另一篇文章", "又一篇"))
    assert [line.text for line in kept] == ["正文。"]
    assert [item.text for item in dropped] == ["相关报道：", "另一篇文章", "又一篇"]


def test_a_news_dateline_above_a_reprinted_report_is_dropped() -> None:
    from reportpress.importer.noise import classify_noise
    assert classify_noise("中新社南京1月5日电") == "news dateline"
    assert classify_noise("本报讯（记者 李华）") == "news dateline"
    # a sentence naming a date is report text
    assert classify_noise("1月5日电网公司完成了改造。") is None
