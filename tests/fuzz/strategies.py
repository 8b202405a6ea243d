"""Hypothesis strategies for fuzzing (issue 9): Markdown-like sources for the reader, raw report text
and its bytes for the importer.

Both are built from the pieces the project's inputs are made of, so that random combinations reach the
rules that matter (a lead sentence in a list in a quote, a footnote inside a term reference, a glossary
entry with a control character) instead of dying in the first line of parsing, plus some characters
no input should hold.
"""

from __future__ import annotations

import functools
import string

from hypothesis import strategies as st

# ------------------------------------------------------------------------------------ raw report text

# The pieces raw reports are made of: numbering, punctuation of both widths, note markers, glossary
# titles, noise lines, Markdown syntax characters the importer must escape, control characters.
REPORT_PIECES = [
    "各位代表：", "一、", "二、", "（一）", "(二)", "1.", "2、", "（1）", "产业结构调整优化。", "围绕上海加快建设",
    "，", ",", "：", ":", "；", ";", "（", "）", "(", ")", "！", "!", "？", "?", "。", "“", "”", "、", " ", "\u3000",
    "\n", "\n\n", "\r\n", "［1］", "[2]", "①", "<sup>[1]</sup>", "注释：", "《政府工作报告》用语解释", "名词解释",
    "附注：", "1.“合议核准制”：是指", "2.“一楼一次办”:是指", "“合议核准制”", "“一楼一次办”", "——", "--",
    "2020年1月8日在上海市虹口区第十六届人民代表大会第七次会议上", "政 府 工 作 报 告", "虹口区区长 胡广杰",
    "——2020年2月30日在某会议上", "（2021年1月6日）", "— 3 —", "|", "打印本页", "来源：", "117.0亿元", "2+4+X",
    "PM2.5", "https://www.gov.cn/a?b=1,2",
    "*", "_", "[", "]", "{", "}", "{.term}", "{#id}", "#", "> ", "- ", "+ ", ": ", ":::", "```", "~~~", "<", ">",
    "&amp;", "\\", "`", "|", "---", "===", "\t", "\ufeff", "\x00", "\U000f0001", "２０２０年", "ＡＢＣ",
]
report_like = st.lists(st.sampled_from(REPORT_PIECES), max_size=80).map("".join)

# Every encoding a raw report may arrive in; those that cannot hold every character replace it.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk", "gb2312",
             "big5", "latin-1"]


@st.composite
def raw_report_bytes(draw: st.DrawFn) -> bytes:
    """Report-like text in any encoding, perhaps cut short, perhaps with bytes of debris spliced in."""
    text = draw(st.one_of(report_like, st.text(max_size=200), st.tuples(report_like, st.text(max_size=50))
                          .map("".join)))
    raw = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    return raw


# ------------------------------------------------------------------------------------ reader sources

CJK = st.text(alphabet=st.sampled_from("各位代表现在我虹口区人民政府向大会报告工作请予审议经济社会发展一二三年月日"),
              min_size=1, max_size=12)
PUNCT = st.sampled_from([*"，。、；：！？“”‘’（）《》—…·", "——", "……"])
ODD = st.sampled_from([
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\u200e",
    "\u202e", "\u2066", "\ufeff", "\ufffe", "\U000f0001", "\ud7ff", "\U0010ffff", "\t", "\r", "\r\n",
    "\\", "*", "_", "`", "[", "]", "{", "}", "<", ">", "&", "|", "^", "~", "$", "%", "#", ":", "!",
])
LABEL = st.text(alphabet=string.ascii_lowercase + string.digits + "-_一二", min_size=1, max_size=4)
TERM = st.sampled_from(["合议核准制", "一楼一次办", "三个组团", "“合议核准制”", "甲", "x"])


SIMPLE_INLINE = st.one_of(CJK, PUNCT, ODD, st.text(max_size=4), st.sampled_from(["2020年", "6.1%", "GDP", " "]))
ATOMS = st.sampled_from(["![](图表.png)", "![图](a b.png)", "![x](../outside.png)", "![](/etc/passwd)",
                         "<b>html</b>", "<!-- c -->", "`code`", "\\\n", "  \n", "[x]{#id .cls}", "{.term}"])


@functools.cache
def inline(depth: int = 0) -> st.SearchStrategy[str]:
    """One inline piece: text, punctuation, emphasis, a footnote or term reference, a link, an image …

    Strategies are built once per depth (building them is what costs, not drawing from them)."""
    if depth >= 2:
        return SIMPLE_INLINE
    inner = inlines(depth + 1)
    return st.one_of(
        SIMPLE_INLINE, SIMPLE_INLINE, SIMPLE_INLINE, ATOMS,
        inner.map(lambda t: f"**{t}**"), inner.map(lambda t: f"*{t}*"), inner.map(lambda t: f"_{t}_"),
        LABEL.map(lambda label: f"[^{label}]"),
        inner.map(lambda t: f"^[{t}]"),  # Pandoc's inline footnote
        st.tuples(inner, st.one_of(st.just(""), LABEL.map(lambda label: f" ref={label}")))
        .map(lambda pair: f"[{pair[0]}]{{.term{pair[1]}}}"),
        TERM.map(lambda term: f"[{term}]{{.term}}"),
        inner.map(lambda t: f"[{t}](https://example.org/{t})"),
    )


@functools.cache
def inlines(depth: int = 0) -> st.SearchStrategy[str]:
    return st.lists(inline(depth), min_size=1, max_size=5 - 2 * depth).map("".join)


PARAGRAPH = st.tuples(st.one_of(st.just(""), st.tuples(CJK, PUNCT).map(lambda pair: f"**{pair[0]}{pair[1]}**")),
                      inlines()).map("".join)
GLOSSARY = st.lists(st.tuples(st.one_of(TERM, CJK), st.one_of(st.just(""), LABEL.map(lambda label: f" {{#{label}}}")),
                              inlines()), max_size=3).map(
    lambda entries: "::: glossary\n" + "\n\n".join(f"{term}{anchor}\n: {text}" for term, anchor, text in entries)
    + "\n:::")
LEAF_BLOCK = st.one_of(
    PARAGRAPH, PARAGRAPH,
    st.tuples(st.integers(1, 7), inlines()).map(lambda pair: "#" * pair[0] + " " + pair[1]),
    st.tuples(LABEL, PARAGRAPH).map(lambda pair: f"[^{pair[0]}]: {pair[1]}"),
    GLOSSARY,
    st.lists(inlines(), min_size=2, max_size=4).map(
        lambda cells: "| " + " | ".join(cells) + " |\n|" + "---|" * len(cells) + "\n| " + " | ".join(cells) + " |"),
    st.sampled_from(["```\ncode\n```", "~~~\n", "---", "***", "<div>\n块\n</div>", ":::", "::: glossary",
                     "::: other\n正文\n:::", "    缩进代码", "<script>x</script>"]),
)


@functools.cache
def block(depth: int = 0) -> st.SearchStrategy[str]:
    """One block: a paragraph, heading, list, quote, footnote definition, glossary, table, fence …"""
    if depth >= 2:
        return LEAF_BLOCK
    nested = blocks(depth + 1)
    return st.one_of(
        LEAF_BLOCK, LEAF_BLOCK, LEAF_BLOCK,
        st.lists(nested, min_size=1, max_size=3).map(lambda items: "\n".join(
            f"- {_indent(item, '  ')}" for item in items)),
        st.lists(nested, min_size=1, max_size=3).map(lambda items: "\n".join(
            f"{n}. {_indent(item, '   ')}" for n, item in enumerate(items, start=1))),
        nested.map(lambda text: _indent("> " + text, "> ")),
    )


def _indent(text: str, prefix: str) -> str:
    return text.replace("\n", "\n" + prefix)


@functools.cache
def blocks(depth: int = 0) -> st.SearchStrategy[str]:
    return st.lists(block(depth), min_size=1, max_size=6 if depth == 0 else 2).map("\n\n".join)


YAML_VALUE = st.one_of(
    CJK, st.text(max_size=20), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.sampled_from(["2020-01-08", "2020-13-45", "0001-01-01", "9999-12-31", "gov-report", "../x", "/etc",
                     "zh-CN", "[a, b]", "{a: 1}", "'", "\"", "&a", "*a", "!!python/object:os.system", "- x"]),
    st.lists(CJK, max_size=3),
)
FRONT_KEYS = st.sampled_from(["title", "subtitle", "author", "organization", "date", "lang", "layout", "cover",
                              "glossary-title", "toc", "keywords", "duplex", "audience", "x"])


# `---` … `---` with known and unknown keys, values of every YAML type (Python's repr of a list is a YAML
# flow sequence), and broken YAML from the odd strings
FRONT_MATTER = st.lists(st.tuples(FRONT_KEYS, YAML_VALUE), max_size=6).map(
    lambda pairs: "---\n" + "".join(f"{key}: {value if isinstance(value, str) else repr(value)}\n"
                                    for key, value in pairs) + "---\n\n")
markdown_source = st.tuples(st.one_of(st.just(""), FRONT_MATTER), blocks()).map("".join)
