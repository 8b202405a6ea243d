"""frontmatter.py: title, subtitle (rejoined), speaker, organization and date from the opening lines."""

from __future__ import annotations

import yaml

from reportpress.importer.blocks import Line
from reportpress.importer.frontmatter import (
    FrontMatter,
    front_matter_to_yaml,
    organization_from,
    read_front_matter,
    yaml_scalar,
)


def lines_of(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def test_split_subtitle_and_two_line_speaker() -> None:
    paragraphs = lines_of("2020年上海市虹口区政府工作报告", "——2020年1月8日在上海市虹口区第十六届",
                          "人民代表大会第七次会议上", "虹口区区长", "胡广杰", "各位代表：", "现在……")
    front, body, dropped = read_front_matter(paragraphs)
    assert (front.title, front.subtitle, front.author, front.organization, front.date) == (
        "2020年上海市虹口区政府工作报告",
        "——2020年1月8日在上海市虹口区第十六届人民代表大会第七次会议上",
        "虹口区区长\u3000胡广杰",
        "上海市虹口区人民政府",
        "2020-01-08",
    )
    assert [line.text for line in body] == ["各位代表：", "现在……"] and dropped == []


def test_headline_before_the_title_is_dropped() -> None:
    paragraphs = lines_of("2012年国务院政府工作报告", "政府工作报告",
                          "——2012年3月5日在第十一届全国人民代表大会第五次会议上", "国务院总理 温家宝", "各位代表：")
    front, body, dropped = read_front_matter(paragraphs)
    assert front.title == "政府工作报告"
    assert front.organization == "国务院"
    assert front.author == "国务院总理\u3000温家宝"
    assert [(item.text, item.reason) for item in dropped] == [("2012年国务院政府工作报告", "headline before the title")]
    assert [line.text for line in body] == ["各位代表："]


def test_double_hyphen_subtitle_and_office_in_the_speaker_line() -> None:
    paragraphs = lines_of("政府工作报告", "--2015年2月5日在海拉尔区第十四届人民代表大会第四次会议上",
                          "海拉尔区人民政府区长\u3000\u3000杜联合", "各位代表：")
    front, _, _ = read_front_matter(paragraphs)
    assert front.subtitle.startswith("——2015年2月5日")
    assert front.author == "海拉尔区人民政府区长\u3000杜联合"
    assert front.organization == "海拉尔区人民政府"
    assert front.date == "2015-02-05"


def test_unknown_opening_lines_stay_and_are_reported() -> None:
    front, body, dropped = read_front_matter(lines_of("政府工作报告", "某某网讯", "各位代表："))
    assert [line.text for line in body] == ["某某网讯", "各位代表："]
    assert dropped == []
    assert front.doubts == ["line 2: not understood in the opening, kept as a paragraph: 某某网讯"]


def test_date_line_and_undashed_subtitle() -> None:
    paragraphs = lines_of("政府工作报告", "（2021年1月6日）", "在上海市虹口区第十七届人民代表大会第一次会议上",
                          "各位代表：")
    front, body, _ = read_front_matter(paragraphs)
    assert front.date == "2021-01-06"
    assert front.subtitle == "——在上海市虹口区第十七届人民代表大会第一次会议上"
    assert len(body) == 1


def test_impossible_date_is_left_out() -> None:
    front, _, _ = read_front_matter(lines_of("政府工作报告", "——2020年2月30日在某会议上", "各位代表："))
    assert front.date == ""


def test_no_opening_at_all() -> None:
    front, body, dropped = read_front_matter(lines_of("一、总体情况", "正文。"))
    assert len(body) == 2 and dropped == [] and front.title == ""


def test_organization_from_names() -> None:
    assert organization_from("2026年江西省政府工作报告") == "江西省人民政府"
    # an office names no government unless it is the premier's (`国务院总理`: the State Council's report)
    assert organization_from("政府工作报告", "市长") == ""
    assert organization_from("政府工作报告", "国务院总理") == "国务院"
    assert organization_from("2015年海拉尔区人民政府工作报告") == "海拉尔区人民政府"
    # a headline's year without 年, and a year in Chinese numerals, are no part of the government's name
    assert organization_from("2014国务院政府工作报告") == "国务院"
    assert organization_from("２０２４ 来宾市政府工作报告") == "来宾市人民政府"
    assert organization_from("二〇二六年江西省政府工作报告") == "江西省人民政府"
    assert organization_from("江西省2026年度政府工作报告") == "江西省人民政府"


def test_yaml_round_trips() -> None:
    front = FrontMatter(title="标题: 带冒号", subtitle="——副标题", author="#作者", date="2020-01-08",
                        glossary_title="《政府工作报告》用语解释")
    text = front_matter_to_yaml(front)
    assert text.startswith("---\n") and text.endswith("\n---\n")
    data = yaml.safe_load(text.strip("-\n"))
    assert data["title"] == "标题: 带冒号"
    assert data["author"] == "#作者"
    assert str(data["date"]) == "2020-01-08"
    assert "subtitle: ——副标题\n" in text
    assert yaml_scalar("yes") == '"yes"'  # YAML 1.1 would read a plain yes as true


def test_a_title_year_is_never_taken_for_the_organisation() -> None:
    from reportpress.importer.frontmatter import organization_from

    assert organization_from("2024年政府工作报告") == ""  # was `年人民政府`
    assert organization_from("国务院2014年政府工作报告") == "国务院"
    assert organization_from("２０２４年度某某市政府工作报告") == "某某市人民政府"
    assert organization_from("2020年上海市虹口区政府工作报告") == "上海市虹口区人民政府"
