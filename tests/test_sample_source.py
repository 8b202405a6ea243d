"""The sample source `source/hongkou-2020.md` checked against the raw text it was made from.

In: `source/hongkou-2020.md` and `../shared/samples/hongkou-2020-raw.txt` (the forum scrape; see the
samples README). Out: assertions that the source holds every raw body part, in order, and nothing else,
with the structure issue 2 asks for. Deliberately independent of `reportpress.reader` and of the
importer: the source is parsed here with plain string handling, so a reader bug cannot hide a source bug.
Only the last test reads it through `reportpress.reader`, as a second opinion.

Where the 13 glossary terms are referenced (body block numbers are 1-based; block 1 is `各位代表：`):

    合议核准制                                    block 12  (区域营商环境持续优化。…)
    一楼一次办                                    block 12
    三个组团                                      block 17  (旧区改造加快推进。…)
    社区事务办理空间站                            block 23  (基层治理打响品牌。…)
    3个“3”服务                                    block 28  (教育强区建设深入推进。…)
    教育管理人才“五梯队”和教育专业人才“七层级”   block 28
    “虹口·市一”“虹口·岳阳”两个医疗联合体         block 29  (医疗卫生体系持续完善。…)
    市场准入“一业一办”                            block 49  (对接自贸试验区增设新片区，…)
    企业准营“证照联办”                            block 49
    “一证多址”2.0版                               block 49  (block 12 names “一证多址” alone, the
                                                            earlier pilot; the entry defines 2.0版)
    三库三计划                                    block 55  (加快推动旧区改造和城市更新。…)
    “1+3+X+1”责任体系                             block 55
    两个免于提交和两个转变 ({#id} on the term line) block 76  (under 三、（一）提升政务服务…)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportpress.model import Heading, Paragraph, Salutation, TermRef, plain_text
from reportpress.reader import read_source

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "source" / "hongkou-2020.md"
RAW = REPO.parent / "shared" / "samples" / "hongkou-2020-raw.txt"

# Half-width forms of the punctuation the source writes full-width; comparison happens in this space.
TO_HALF_WIDTH = str.maketrans("，：；（）！？", ",:;()!?")
TERM_SPAN = re.compile(r"\[([^\]]*)\]\{([^}]*)\}")
HAN = r"[\u4e00-\u9fff]"

EXPECTED_TERM_BLOCKS = {
    "合议核准制": 12,
    "一楼一次办": 12,
    "三个组团": 17,
    "社区事务办理空间站": 23,
    "3个“3”服务": 28,
    "教育管理人才“五梯队”和教育专业人才“七层级”": 28,
    "“虹口·市一”“虹口·岳阳”两个医疗联合体": 29,
    "市场准入“一业一办”": 49,
    "企业准营“证照联办”": 49,
    "“一证多址”2.0版": 49,
    "三库三计划": 55,
    "“1+3+X+1”责任体系": 55,
    "两个免于提交和两个转变": 76,
}


def require_raw() -> str:
    """The raw sample's text, or skip: it lives beside the checkout, not in it."""
    if not RAW.is_file():
        pytest.skip(f"raw sample not found at {RAW} (the shared samples folder sits beside the repo)")
    return RAW.read_text(encoding="utf-8")


def strip_one_quote_pair(text: str) -> str:
    """A term's default id: its text with one enclosing “…” pair removed (DESIGN §3)."""
    if text.startswith("“") and text.endswith("”") and "”" not in text[1:-1]:
        return text[1:-1]
    return text


def strip_markup(block: str) -> str:
    """Source block → plain text: heading marks, `**`, `[text]{attrs}` spans and a one-paragraph div's
    fences (`::: salutation`) removed."""
    block = re.sub(r"^#{1,6} ", "", block)
    block = re.sub(r"\A::: [\w-]+\n(.*)\n:::\Z", r"\1", block, flags=re.S)
    block = TERM_SPAN.sub(r"\1", block)
    return block.replace("**", "")


def normalise(text: str) -> str:
    return text.translate(TO_HALF_WIDTH)


def split_source() -> tuple[str, list[str], list[tuple[str, str]]]:
    """The source as (front matter, body blocks, glossary (term line, definition) pairs)."""
    text = SOURCE.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front, rest = text[4:].split("\n---\n", 1)
    body_text, glossary_text = rest.split("\n::: glossary\n", 1)
    assert glossary_text.endswith("\n:::\n"), "the glossary div closes the file"
    blocks = [b for b in body_text.strip("\n").split("\n\n")]
    entries = []
    for chunk in glossary_text[: -len(":::\n")].strip("\n").split("\n\n"):
        term_line, definition = chunk.split("\n: ", 1)
        assert "\n" not in definition
        entries.append((term_line, definition))
    return front, blocks, entries


def raw_parts(raw: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The raw sample as (88 space-separated parts of line 2, 13 glossary (term, definition))."""
    lines = raw.split("\n")
    parts = lines[1].split(" ")
    glossary = []
    for number, entry in enumerate(lines[3].split(" "), start=1):
        assert entry.startswith(f"{number}.")
        term, definition = entry[len(f"{number}.") :].split(":", 1)
        glossary.append((term, definition))
    return parts, glossary


def test_body_is_the_raw_body_in_order_and_nothing_else() -> None:
    parts, _ = raw_parts(require_raw())
    _, blocks, _ = split_source()
    assert len(parts) == 88
    assert len(blocks) == 83
    assert [normalise(strip_markup(b)) for b in blocks] == parts[5:]


def test_front_matter_holds_the_title_lines() -> None:
    parts, _ = raw_parts(require_raw())
    front, _, _ = split_source()
    fields = dict(line.split(": ", 1) for line in front.splitlines())
    assert fields["title"] == parts[0]
    assert normalise(fields["subtitle"]) == parts[1] + parts[2]  # the raw split it with a space
    assert fields["author"] == f"{parts[3]}\u3000{parts[4]}"
    assert fields["date"] == "2020-01-08"
    assert fields["lang"] == "zh-CN"
    assert fields["layout"] == "gov-report"
    assert fields["glossary-title"] == "《政府工作报告》用语解释"


def test_headings_three_level_one_sixteen_level_two() -> None:
    _, blocks, _ = split_source()
    level_1 = [b for b in blocks if b.startswith("# ")]
    level_2 = [b for b in blocks if b.startswith("## ")]
    assert len(level_1) == 3
    assert len(level_2) == 16
    assert not [b for b in blocks if b.startswith("###")]
    assert all(re.match(r"# [一二三]、", b) for b in level_1)
    assert all(re.match(r"## （[一二三四五六]）", b) for b in level_2)
    assert level_1[0] == "# 一、2019年工作回顾"
    assert level_2[0] == "## （一）保持战略定力，经济发展总体平稳"
    assert blocks[0] == "::: salutation\n各位代表：\n:::"  # the 称谓, set flush left (issue 10)
    paragraphs = [b for b in blocks if not b.startswith(("#", ":::"))]
    assert len(paragraphs) == 63


def test_leads_are_whole_first_sentences() -> None:
    _, blocks, _ = split_source()
    leads = [b for b in blocks if b.startswith("**")]
    assert len(leads) == 36
    for block in leads:
        match = re.match(r"\*\*([^*]+)\*\*(.)", block)
        assert match, block
        lead = match.group(1)
        assert lead.endswith("。") and lead.count("。") == 1, lead
        assert len(lead) <= 25
    assert blocks[6].startswith("**产业结构调整优化。**围绕")
    # only leads use bold, and only at the start of a paragraph
    assert all(b.count("**") == 2 for b in leads)
    assert not [b for b in blocks if "**" in b and not b.startswith("**")]


def test_punctuation_is_full_width_next_to_chinese_and_numbers_untouched() -> None:
    _, blocks, entries = split_source()
    text = "\n".join(strip_markup(b) for b in blocks) + "\n".join(d for _, d in entries)
    for mark in ",:;()!?":
        escaped = re.escape(mark)
        hits = re.findall(rf"{HAN}{escaped}|{escaped}{HAN}", text)
        assert not hits, (mark, hits[:5])
    for literal in ("2+4+X", "117.0亿元", "0.21%", "PM2.5", "5G", "（2019-2030）", "86.5%，PM2.5"):
        assert literal in text, literal


def test_glossary_matches_the_raw_glossary() -> None:
    _, raw_glossary = raw_parts(require_raw())
    _, _, entries = split_source()
    assert len(entries) == 13
    terms = [re.sub(r" \{#[^}]+\}$", "", term_line) for term_line, _ in entries]
    assert terms == [term for term, _ in raw_glossary]
    assert [normalise(d) for _, d in entries] == [d for _, d in raw_glossary]
    assert terms[4] == "3个“3”服务"


def glossary_ids(entries: list[tuple[str, str]]) -> list[str]:
    ids = []
    for term_line, _ in entries:
        explicit = re.search(r" \{#([^}]+)\}$", term_line)
        ids.append(explicit.group(1) if explicit else strip_one_quote_pair(term_line))
    return ids


def test_each_term_is_referenced_once_at_its_first_use() -> None:
    _, blocks, entries = split_source()
    ids = glossary_ids(entries)
    assert len(set(ids)) == 13
    found: dict[str, int] = {}
    for number, block in enumerate(blocks, start=1):
        for shown, attrs in TERM_SPAN.findall(block):
            ref = re.search(r'ref="([^"]+)"', attrs)
            assert attrs.startswith(".term")
            term_id = ref.group(1) if ref else strip_one_quote_pair(shown)
            assert term_id not in found, f"{term_id} referenced twice"
            found[term_id] = number
    assert found == EXPECTED_TERM_BLOCKS
    assert set(found) == set(ids)
    # first use: no earlier block carries the term's shown text in plain form
    plain = [strip_markup(b) for b in blocks]
    for term_line, _ in entries:
        term = re.sub(r" \{#[^}]+\}$", "", term_line)
        term_id = glossary_ids([(term_line, "")])[0]
        first = next(i for i, text in enumerate(plain, start=1) if term in text)
        assert first == found[term_id], term


def test_no_footnotes_in_this_sample() -> None:
    assert "[^" not in SOURCE.read_text(encoding="utf-8")


def collect_term_refs(inlines: tuple[object, ...]) -> list[TermRef]:
    """Every TermRef among `inlines`, nested ones included."""
    found: list[TermRef] = []
    for inline in inlines:
        if isinstance(inline, TermRef):
            found.append(inline)
        found += collect_term_refs(getattr(inline, "inlines", ()))
    return found


def test_the_reader_reads_the_sample_source() -> None:
    """Second check, through `reportpress.reader`: 13 entries, each anchored once, where expected."""
    document = read_source(SOURCE)
    assert len(document.glossary) == 13
    assert all(entry.anchored for entry in document.glossary)
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    references = [ref for block in paragraphs for ref in collect_term_refs(block.lead + block.inlines)]
    anchors = [ref.term_id for ref in references if ref.anchor]
    assert sorted(anchors) == sorted(EXPECTED_TERM_BLOCKS)
    assert len([block for block in document.blocks if isinstance(block, Heading)]) == 19
    assert len(paragraphs) == 63
    assert [plain_text(block.inlines) for block in document.blocks if isinstance(block, Salutation)] == ["各位代表："]
    assert sum(1 for block in paragraphs if block.lead) == 36
