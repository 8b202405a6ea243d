"""paragraphs.py: scrapes split, hard wraps joined (not into headings), letter spacing closed."""

from __future__ import annotations

from reportpress.importer.blocks import Line
from reportpress.importer.paragraphs import close_letter_spacing, read_paragraphs, split_scrape, wrap_width


def lines_of(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def texts(paragraphs: list[Line]) -> list[str]:
    return [line.text for line in paragraphs]


def test_letter_spaced_title_closed() -> None:
    assert close_letter_spacing("政 府 工 作 报 告") == "政府工作报告"
    assert close_letter_spacing("政\u3000府\u3000工\u3000作\u3000报\u3000告") == "政府工作报告"
    assert close_letter_spacing("省长 叶建春") == "省长 叶建春"
    assert close_letter_spacing("林 君") == "林 君"


def test_one_line_scrape_split_at_its_separators() -> None:
    scrape = ("各位代表： 现在，我代表虹口区人民政府，向大会报告政府工作。 一、2019年工作回顾 "
              "过去一年，我们完成了主要目标任务。 （一）保持战略定力，经济发展总体平稳 积极应对外部环境。 "
              "产业结构调整优化。围绕上海加快建设。")
    parts = split_scrape(Line(2, scrape))
    assert texts(parts) == [
        "各位代表：", "现在，我代表虹口区人民政府，向大会报告政府工作。", "一、2019年工作回顾",
        "过去一年，我们完成了主要目标任务。", "（一）保持战略定力，经济发展总体平稳", "积极应对外部环境。",
        "产业结构调整优化。围绕上海加快建设。",
    ]
    assert {part.number for part in parts} == {2}


def test_a_paragraph_with_a_few_spaces_is_no_scrape() -> None:
    line = Line(1, "提高“才聚江西 智荟赣鄱”“双招双引”质效，开展“赣贸优品 惠通全球”系列活动。")
    assert split_scrape(line) == [line]


def test_numbered_glossary_entries_split_even_after_a_digit() -> None:
    scrape = "1.甲：是指甲。 2.乙：是指乙。 3.丙：是指丙。 4.丁：是指丁。 5.3个“3”服务：是指三。 6.己：是指己。"
    assert [part.text[:2] for part in split_scrape(Line(1, scrape))] == ["1.", "2.", "3.", "4.", "5.", "6."]


def test_hard_wrapped_lines_joined_but_not_into_headings() -> None:
    wrapped = lines_of(
        "\u3000\u3000一、2019年工作回顾",
        "\u3000\u3000过去一年，在以习近平同志为核心的党中央坚强领导下，我们以习",
        "近平新时代中国特色社会主义思想为指导，全面贯彻落实党的十九大",
        "和十九届二中、三中、四中全会精神，深入贯彻落实习近平总书记考",
        "察上海重要讲话精神。",
        "\u3000\u3000（一）保持战略定力，经济发展总体平稳",
        "\u3000\u3000积极应对复杂严峻的外部环境和经济下行压力，坚持做好“六稳”",
        "工作，区域经济延续了总体平稳、稳中有进、进中固稳的发展态势。",
        "全年一般公共预算收入完成117.0亿元，同比增长0.21%。",
    )
    paragraphs, dropped = read_paragraphs(wrapped)
    assert dropped == []
    assert texts(paragraphs) == [
        "一、2019年工作回顾",
        "过去一年，在以习近平同志为核心的党中央坚强领导下，我们以习近平新时代中国特色社会主义思想为指导，"
        "全面贯彻落实党的十九大和十九届二中、三中、四中全会精神，深入贯彻落实习近平总书记考察上海重要讲话精神。",
        "（一）保持战略定力，经济发展总体平稳",
        "积极应对复杂严峻的外部环境和经济下行压力，坚持做好“六稳”工作，区域经济延续了总体平稳、稳中有进、"
        "进中固稳的发展态势。全年一般公共预算收入完成117.0亿元，同比增长0.21%。",
    ]


def test_brackets_split_across_wrapped_lines_become_full_width() -> None:
    wrapped = lines_of(
        *["\u3000\u3000这是用来凑足行宽的一段文字，它没有别的意思，只是占位而已，"] * 6,
        "\u3000\u3000不断提升防汛能级，虹口港溧阳路防汛墙综合改造有序推进，完成高阳路(唐山",
        "路-周家嘴路)积水点改造。",
    )
    paragraphs, _ = read_paragraphs(wrapped)
    assert paragraphs[-1].text.endswith("完成高阳路（唐山路-周家嘴路）积水点改造。")


def test_lines_of_varied_length_are_paragraphs() -> None:
    plain = lines_of("各位代表：", "", "现在，我代表国务院，向大会报告政府工作，请各位代表审议。", "一、2011年工作回顾",
                     "过去的一年，面对复杂多变的国际政治经济环境。")
    paragraphs, _ = read_paragraphs(plain)
    assert texts(paragraphs) == ["各位代表：", "现在，我代表国务院，向大会报告政府工作，请各位代表审议。",
                                 "一、2011年工作回顾", "过去的一年，面对复杂多变的国际政治经济环境。"]
    assert wrap_width([10, 57, 23, 99]) is None


def test_english_words_wrapped_get_their_space_back() -> None:
    line = "\u3000\u3000The quick brown fox jumps over the lazy dog and keeps running"
    wrapped = lines_of(*[line] * 6, "away from here.")
    paragraphs, _ = read_paragraphs(wrapped)
    assert paragraphs[-1].text.endswith("running away from here.")
