"""punctuation.py: half-width marks in Chinese made full-width; numbers, times, URLs, Latin left alone."""

from __future__ import annotations

import pytest

from reportpress.importer.punctuation import make_full_width, tidy_spaces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("各位代表:", "各位代表："),
        ("现在,我代表虹口区人民政府,向大会报告", "现在，我代表虹口区人民政府，向大会报告"),
        ("(一)保持战略定力,经济发展总体平稳", "（一）保持战略定力，经济发展总体平稳"),
        ("致以崇高的敬意!", "致以崇高的敬意！"),
        ("怎么办?", "怎么办？"),
        ("增长9.1%;地方财政", "增长9.1%；地方财政"),
        ("优良率达86.5%,PM2.5年均浓度", "优良率达86.5%，PM2.5年均浓度"),
        ("开港,5G全球创新港", "开港，5G全球创新港"),
        ("健康虹口行动(2019-2030)”,促进", "健康虹口行动（2019-2030）”，促进"),
        ("彩虹湾四期(B块),全面", "彩虹湾四期（B块），全面"),
        ("完成117.0亿元,同比增长0.21%。", "完成117.0亿元，同比增长0.21%。"),
        ("“2+4+X”产业体系", "“2+4+X”产业体系"),
        ("本帖最后由 123 于 2020-7-6 10:12 编辑", "本帖最后由 123 于 2020-7-6 10:12 编辑"),
        ("共1,000人,比例1:500", "共1,000人，比例1:500"),
        ("详见 https://www.gov.cn/a?b=1,2 网站", "详见 https://www.gov.cn/a?b=1,2 网站"),
        ("Hello, world (in English)!", "Hello, world (in English)!"),
        ("f(x) = 2", "f(x) = 2"),
    ],
)
def test_make_full_width(raw: str, expected: str) -> None:
    assert make_full_width(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("改造16万平方米， “一户一阀”改造", "改造16万平方米，“一户一阀”改造"),
        ("“2030启航计划” “2030先锋工程”", "“2030启航计划”“2030先锋工程”"),
        ("以全省 100 个县（市、区）", "以全省100个县（市、区）"),
        ("才聚江西 智荟赣鄱", "才聚江西 智荟赣鄱"),  # a space between Han characters may be meant
    ],
)
def test_tidy_spaces(raw: str, expected: str) -> None:
    assert tidy_spaces(raw) == expected
