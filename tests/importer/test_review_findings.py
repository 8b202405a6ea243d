"""The importer on the classes of input a typography review found imported wrongly (session 25).

Each raw text under tests/data/importer/review/ was written for these tests (none is a copy of the reviewer's
raws or of a dev report). Each case imports it, reads the Markdown back with the real reader and checks what a
reader of the print sees: which lines are headings, what the glossary and the notes hold, what the front matter
says. Cases where each rule must not fire stand beside the ones where it does.
"""

from __future__ import annotations

from reportpress.model import Appendix, Block, Document, Heading, Paragraph, plain_text

from .conftest import DATA
from .test_generalisation import headings, read_back

REVIEW = DATA / "review"


def review_case(name: str) -> tuple[str, Document]:
    return read_back((REVIEW / name).read_bytes(), name.replace(".txt", ".md"))


def paragraphs(blocks: tuple[Block, ...]) -> list[str]:
    """The texts of the paragraphs among `blocks`, an appendix's included."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(plain_text(block.lead + block.inlines))
        elif isinstance(block, Appendix):
            texts += paragraphs(block.blocks)
    return texts


def appendix_headings(document: Document) -> list[str]:
    """The headings inside the appendices (an appendix's title is no heading of its blocks)."""
    return [plain_text(inner.inlines) for block in document.blocks if isinstance(block, Appendix)
            for inner in block.blocks if isinstance(inner, Heading)]


# 1. headings.py: `一、…。` sentences in a row with no text between are the items of a list

def test_numbered_sentences_in_a_row_are_items_in_the_body_and_in_an_appendix() -> None:
    """A run of `一、…。` lines, each a sentence, with no paragraph between them is a list, not level-1 headings:
    in the body (under a paragraph that introduces it with no colon) and in an appendix (under its title)."""
    _, document = review_case("listed-items.txt")
    assert headings(document, 1) == ["一、2024年工作回顾", "二、2025年工作安排", "三、加强政府自身建设"]
    assert appendix_headings(document) == []
    texts = paragraphs(document.blocks)
    assert "二、新建乡镇卫生院2所，改造村卫生室40个。" in texts
    assert "四、实施农村饮水安全巩固提升工程，受益人口2.1万人。" in texts


def test_numbered_sentences_each_over_their_text_stay_headings() -> None:
    """Must not fire: `一、…。` titles (a procuratorate's, each a sentence) each over a paragraph of their own, and
    titles with no stop between them, stay level-1 headings."""
    _, document = review_case("sentence-headings.txt")
    assert headings(document, 1) == [
        "一、坚持服务大局，护航经济社会高质量发展。", "二、坚持司法为民，用心用情办好民生实事。",
        "三、主动接受监督", "四、2025年工作安排"]


# 2. glossary.py + notes.py: `注释` over `［n］` notes and a closing `资料来源：…` is notes and a paragraph

_SOURCE_LINE = "资料来源：本公报中就业数据来自市人力资源和社会保障局，其他数据均来自市统计局。"


def test_notes_under_a_glossary_title_then_a_source_line_are_notes_and_a_paragraph() -> None:
    """`注释：` over `[1]`… notes that explain no term, then `资料来源：…`: three notes, no glossary (no one-entry
    glossary named `资料来源` under the title `注释`), and the source line a paragraph of the text."""
    markdown, document = review_case("bulletin-notes-source.txt")
    assert len(document.footnotes) == 3 and not document.glossary
    assert document.meta.glossary_title == "" and "glossary-title" not in markdown
    assert _SOURCE_LINE in paragraphs(document.blocks)


def test_numbered_remarks_under_a_notes_title_give_no_one_entry_glossary() -> None:
    """`注释` over `1.…。` remarks (no term in any) then `资料来源：…`: no glossary of the source line alone; all three
    stay paragraphs."""
    _, document = review_case("bulletin-numbered-remarks.txt")
    assert not document.glossary and not document.footnotes
    texts = paragraphs(document.blocks)
    assert "1.本公报中数据均为初步统计数。" in texts
    assert _SOURCE_LINE in texts


def test_a_glossary_of_terms_before_a_source_line_stays_a_glossary() -> None:
    """Must not fire: a `注释` glossary of numbered terms (`1.“四上”企业：…`) and a `名词解释` of unnumbered ones, each
    followed by a `资料来源：`/`说明：` line, keep their entries. The closing line is a paragraph, no entry (main read
    `说明：…` under the unnumbered entries as a third one)."""
    for name, title in (("glossary-numbered-source.txt", "注释"), ("glossary-terms-source.txt", "名词解释")):
        _, document = review_case(name)
        assert document.meta.glossary_title == title and len(document.glossary) == 2, name
        assert not {plain_text(entry.term) for entry in document.glossary} & {"资料来源", "说明"}
        assert any(text.startswith(("资料来源：", "说明：")) for text in paragraphs(document.blocks)), name


# 3. tables.py: the columns of rows of one shape that are no table keep a separator

def test_rows_of_figures_with_units_keep_their_columns_apart() -> None:
    """A chart's data laid out in columns by two spaces or a tab (`2021年  1580.36亿元  增长7.9%`), rows of one shape
    whose figures carry units (no table): each column apart by an ideographic space, not `2021年1580.36亿元`."""
    _, document = review_case("figure-rows.txt")
    texts = paragraphs(document.blocks)
    assert "2022年\u30001642.18亿元\u3000增长3.6%" in texts
    assert "2023年\u3000681.55亿元\u3000增长6.8%" in texts  # tab-separated
    # the caption above the rows, and the text after them, stay paragraphs of their own
    assert "图2 2021—2025年规模以上工业增加值及其增长速度" in texts
    assert "年末全市共有规模以上工业企业1286家，比上年末增加75家。" in texts


def test_a_stray_double_space_in_prose_is_still_removed() -> None:
    """Must not fire: a double space between Han and a digit inside a sentence (one line, not a row of columns; rows
    of two cells, a label and its value, are test_tables.py's `粮食产量35.6万吨`)."""
    _, document = review_case("figure-rows.txt")
    texts = paragraphs(document.blocks)
    assert "年末全市共有规模以上工业企业1286家，比上年末增加75家。" in texts
    assert any("全年新增城镇就业3.2万人" in text for text in texts)


# 4. frontmatter.py: a month alone under the title and its issuer dates the document

def test_a_month_under_a_white_papers_issuer_is_its_front_matter() -> None:
    """Title, issuing institute, `2026年7月`: the month goes to the front matter (the subtitle: the front matter's
    `date` takes a day), not to an indented paragraph above 前言."""
    _, document = review_case("whitepaper-month.txt")
    assert document.meta.subtitle == "2026年7月" and document.meta.organization == "青峰数字经济研究院"
    assert not any(text.startswith("2026年7月") for text in paragraphs(document.blocks))
    assert headings(document, 1)[0] == "前言"


def test_a_paragraph_opening_with_a_month_stays_text() -> None:
    """Must not fire: a sentence under the issuer that opens with a month is a paragraph."""
    _, document = review_case("whitepaper-dated-sentence.txt")
    assert document.meta.subtitle == "" and document.meta.date == ""
    assert "2026年7月，本院首次发布县域数字乡村发展研究成果。" in paragraphs(document.blocks)
