"""A Markdown input's glossary (issue 11 item 7): a glossary heading or line followed by entries in the
styles reports use becomes `::: glossary`, and the body's calls to its entries become term references or
go — never text. Inputs of our own making, read back by the reader."""

from __future__ import annotations

from reportpress.importer import import_text
from reportpress.model import Citation, Document, Paragraph, TermRef, plain_text
from reportpress.reader import read_text
from reportpress.walk import iter_inlines


def imported(markdown: str) -> tuple[str, Document]:
    result = import_text(markdown.encode(), markdown=True)
    return result.markdown, read_text(result.markdown, "imported.md")


def term_refs(document: Document) -> list[str]:
    return [inline.term_id for block in document.blocks if isinstance(block, Paragraph)
            for inline in iter_inlines(block.inlines) if isinstance(inline, TermRef)]


def body_text(document: Document) -> str:
    return "".join(plain_text(block.inlines) for block in document.blocks if isinstance(block, Paragraph))


NUMBERED = """# 2032年某某县人民政府工作报告

## 一、过去一年的工作

我们深化“放管服”<sup>[1]</sup>改革，推进“一网通办”[2]，建设智慧城市③。

全县“放管服”改革成效明显。

## 名词解释

1. **“放管服”**：简政放权、放管结合、优化服务的简称。
2. **“一网通办”**：企业和群众办事
   只进一扇门、只上一张网。
3. **智慧城市**：运用信息技术提升城市治理水平的城市形态。
"""


def test_numbered_bold_entries_and_calls_after_their_terms() -> None:
    source, document = imported(NUMBERED)
    assert [plain_text(entry.term) for entry in document.glossary] == ["“放管服”", "“一网通办”", "智慧城市"]
    assert document.meta.glossary_title == "名词解释"
    definition = document.glossary[1].definition[0]
    assert isinstance(definition, Paragraph)
    assert plain_text(definition.inlines) == "企业和群众办事只进一扇门、只上一张网。"  # the wrap joined
    assert term_refs(document) == ["放管服", "一网通办", "智慧城市"]
    assert "<sup>" not in source and "[2]" not in source and "③" not in source
    assert "名词解释" not in body_text(document)  # the heading went with its entries


def test_term_on_its_own_line_under_a_bold_title_line_with_fullwidth_calls() -> None:
    markdown = """# 某某市政府工作报告

## 一、回顾

推进数字政府［1］建设，实施“双碳”行动［2］。报告中“双碳”［2］再次出现。

**用语解释：**

数字政府

以数据驱动政府治理的新形态。

“双碳”

碳达峰与碳中和的简称。
"""
    source, document = imported(markdown)
    assert [plain_text(entry.term) for entry in document.glossary] == ["数字政府", "“双碳”"]
    assert document.meta.glossary_title == "用语解释"
    # `行动［2］` follows no term of entry 2: the call goes and the reader links the term's first use
    assert "［" not in source and term_refs(document) == ["数字政府", "双碳"]


def test_a_notes_section_under_a_notes_title_is_no_glossary() -> None:
    markdown = """# 某某报告

## 一、回顾

正文引用了一部著作。

## 注释

① 张三：《某某研究》，某某出版社2020年版，第12页。
"""
    source, document = imported(markdown)
    assert not document.glossary and "::: glossary" not in source
    assert "某某出版社" in source  # kept as text, nothing lost


def test_glossary_and_reference_list_share_bracketed_numbers() -> None:
    markdown = """# 某某报告

## 一、回顾

实施“强省会”[1]战略，数据见统计公报[1]和年鉴[2]。

## 用语解释

1. “强省会”：增强省会城市功能的战略。

## 参考文献

[1] 某某省统计局：《统计公报》，2031年。
[2] 某某：《年鉴》，2031年。
"""
    _source, document = imported(markdown)
    assert [plain_text(entry.term) for entry in document.glossary] == ["“强省会”"]
    assert term_refs(document) == ["强省会"]
    cited = [inline.keys for block in document.blocks if isinstance(block, Paragraph)
             for inline in iter_inlines(block.inlines) if isinstance(inline, Citation)]
    assert cited == [("ref1",), ("ref2",)] and len(document.references) == 2


def test_a_glossary_title_over_prose_is_left_as_it_is() -> None:
    markdown = """# 某某报告

## 一、回顾

正文。

## 名词解释

本报告不设名词解释，相关说明见政府网站，欢迎查阅并提出意见建议，我们将认真研究吸收。
"""
    source, document = imported(markdown)
    assert not document.glossary
    assert "本报告不设名词解释" in source


def test_a_definition_keeps_its_markdown_and_only_the_terms_bold_goes() -> None:
    markdown = """# 某某报告

## 一、回顾

推进词甲和词乙工作。

## 名词解释

1. **词甲**：定义含 **粗体** 和 *斜体* 与 `代码` 及[链接](http://example.org)。
2. __词乙：__ 第二个定义。
"""
    source, document = imported(markdown)
    assert [plain_text(entry.term) for entry in document.glossary] == ["词甲", "词乙"]
    assert "定义含 **粗体** 和 *斜体* 与 `代码` 及[链接](http://example.org)。" in source
    definition = document.glossary[0].definition[0]
    assert isinstance(definition, Paragraph)
    kinds = {type(inline).__name__ for inline in iter_inlines(definition.inlines)}
    assert {"Strong", "Emphasis", "Code", "Link"} <= kinds or {"Strong", "Emphasis", "Link"} <= kinds
    assert "*" not in plain_text(definition.inlines)


def test_four_digit_entry_numbers_are_entries() -> None:
    count = 1003
    entries = "\n".join(f"{number}. 词条{number}号：第{number}条的定义。" for number in range(1, count + 1))
    uses = "、".join(f"词条{number}号" for number in range(1, count + 1))
    markdown = f"# 某某报告\n\n## 一、回顾\n\n推进{uses}。\n\n## 名词解释\n\n{entries}\n"
    _source, document = imported(markdown)
    assert len(document.glossary) == count  # 1000 and on were glued to entry 999's definition
    assert plain_text(document.glossary[-1].term) == f"词条{count}号"


NESTED = """# 2033年某某区人民政府工作报告

## 一、过去一年的工作

全区深化“一网通办”[1]改革，营商环境[2]持续优化，推进“两张网”[3]建设。

## 名词解释

1. 一网通办：指政务服务事项一网办理，包括：
   - 线上申请；
   - 线下受理。
2. 营商环境：指市场主体在准入、生产经营、退出等过程中涉及的环境，涵盖：
    1. 政务环境；
    2. 市场环境。
3. 两张网：指政务服务“一网通办”和城市运行“一网统管”，分为：
\t* 服务之网；
\t* 治理之网。
"""


def test_a_list_nested_under_an_entry_is_its_definition() -> None:
    """Items indented under an entry (bullets, numbers, a tab) run into its definition: three entries, not
    one per nested item, and no entry's number left in its term."""
    markdown, document = imported(NESTED)
    assert [plain_text(entry.term) for entry in document.glossary] == ["一网通办", "营商环境", "两张网"]
    definitions = ["".join(plain_text(block.inlines) for block in entry.definition if isinstance(block, Paragraph))
                   for entry in document.glossary]
    assert definitions[0] == "指政务服务事项一网办理，包括：线上申请；线下受理。"
    assert definitions[1].endswith("涵盖：政务环境；市场环境。")
    assert definitions[2].endswith("分为：服务之网；治理之网。")
    assert "2\\." not in markdown and "线上申请；\n:" not in markdown


def test_a_call_after_a_quoted_use_of_a_bare_term_makes_the_quoted_term_its_reference() -> None:
    """`“一网通办”[1]` with the entry `一网通办`: the quoted use is the term reference, and the call goes."""
    markdown, document = imported(NESTED)
    assert "[“一网通办”]{.term" in markdown and "[1]" not in markdown
    assert term_refs(document) == ["一网通办", "营商环境", "两张网"]
    assert body_text(document) == "全区深化“一网通办”改革，营商环境持续优化，推进“两张网”建设。"


WRAPPED_SIGNS = """# 2034年某某区人民政府工作报告

## 一、过去一年的工作

应对寒潮[1]，规范建设用地[2]，全年增长[3]明显。

## 名词解释

1. 寒潮：指冷空气使气温在24小时内降至
   -5℃以下的天气过程。
2. 建设用地：指容积率达到
   2.5倍以上的用地。
3. 全年增长：指比上年
   + 3.5个百分点以内的增长。
"""


def test_a_wrapped_line_starting_with_a_sign_or_a_number_is_no_nested_item() -> None:
    """`-5℃`, `2.5倍` and a `+` with its blank at a wrapped line's start are text (hostile review): the
    definitions keep every sign and digit."""
    _, document = imported(WRAPPED_SIGNS)
    definitions = ["".join(plain_text(block.inlines) for block in entry.definition if isinstance(block, Paragraph))
                   for entry in document.glossary]
    assert len(definitions) == 3
    assert "降至-5℃以下" in definitions[0]
    assert "达到2.5倍以上" in definitions[1]
    assert "3.5个百分点" in definitions[2]


INDENTED_ENTRIES = """# 2035年某某区人民政府工作报告

## 一、过去一年的工作

深化一网通办[1]，优化营商环境[2]，建设两张网[3]。

## 名词解释

  1. 一网通办：指网上办理。
  2. 营商环境：指环境。
  3. 两张网：指两张网。
"""


def test_entries_indented_alike_stay_entries() -> None:
    """A list indented as a whole (pasted text) is no list nested in its first item: three entries."""
    _, document = imported(INDENTED_ENTRIES)
    assert [plain_text(entry.term) for entry in document.glossary] == ["一网通办", "营商环境", "两张网"]

