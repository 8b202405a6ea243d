"""Long paragraphs (issue 9, item 9): the work per line stays bounded, and a block over the limit is refused.

Layout time is not measured (a shared machine makes timings noise): the tests count the work instead —
lines laid out again, text handed to Pango, text our justification code reads — per line of output, for
one paragraph and for the same paragraph four times as long. WeasyPrint's own per-line cost grows with
the length of a text box (`typeset/limits.py` says why); that is what `MAX_BLOCK_CHARS` bounds.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from weasyprint.layout import inline
from weasyprint.text import line_break

from reportpress.errors import SourceError, SourceErrors
from reportpress.reader import read_source
from reportpress.typeset import cjk, limits, spacing, weasy
from tests.conftest import SAMPLE_SOURCE
from tests.hostile.test_hostile import Case
from tests.hostile.test_hostile import test_hostile_case as run_hostile_case
from tests.typeset.test_weasy import render_lines

# what the sample's paragraphs lack: a URL, a word and a number longer than a line, “quotes”, ——, ……
MIXED = ("详见https://www.example.gov.cn/zwgk/2020/index.html，代号ABCDEFGHIJKLMNOPQRSTUVWXYZ。"
         "统一编号为1234567890123456789012345678901234567890的文件已经归档。他说：“好。”城市更新——"
         "这是课题……")


def varied_text(length: int) -> str:
    """`length` characters of report prose: the sample's paragraphs after MIXED, repeated."""
    paragraphs = [line for line in SAMPLE_SOURCE.read_text(encoding="utf-8").splitlines()
                  if len(line) > 60 and not re.match(r"[#|>\-\[*]", line) and not re.search(r"[\[\]*]", line)]
    text = MIXED + "".join(paragraphs)
    return (text * (length // len(text) + 1))[:length]


def _counting(function: Callable[..., Any], counts: Counter[str], name: str, size: Callable[..., int]
              ) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        counts[f"{name} characters"] += size(*args, **kwargs)
        return function(*args, **kwargs)
    return counted


def work_per_line(text: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Render `text` as one justified paragraph; what was done, divided by the lines it gave."""
    counts: Counter[str] = Counter()
    with monkeypatch.context() as patch:
        # WeasyPrint's, wrapped before the extension is entered, so that the extension calls the counters
        patch.setattr(line_break.Layout, "set_text", _counting(
            line_break.Layout.set_text, counts, "set_text", lambda _layout, text, *_: len(text)))
        patch.setattr(inline, "get_next_linebox", _counting(inline.get_next_linebox, counts, "line layouts",
                                                            lambda *_args: 0))
        for name in ("has_invisible", "invisible_ranges", "letter_spacing_ranges", "text_weight", "priority_weight",
                     "priority_peak",
                     "visible_text", "break_anywhere"):  # every function of ours that reads a text
            patch.setattr(weasy, name, _counting(getattr(weasy, name), counts, "ours",
                                                 lambda text, *_args, **_kwargs: len(text)))
        iter_line_boxes = weasy._iter_line_boxes

        def counting_lines(*args: Any) -> Iterator[tuple[Any, Any]]:
            for line in iter_line_boxes(*args):
                counts["lines"] += 1
                yield line

        patch.setattr(weasy, "_iter_line_boxes", counting_lines)
        first_page = render_lines(html.escape(text))
    assert text.startswith("".join(str(char["c"]) for line in first_page for char in line))
    lines = counts.pop("lines")
    assert lines > len(text) / 13
    return {name: count / lines for name, count in counts.items()}


def test_the_work_per_line_does_not_grow_with_the_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    short = work_per_line(varied_text(1_200), monkeypatch)
    long = work_per_line(varied_text(4_800), monkeypatch)
    # a line is laid out once, again when the line after it is too loose (at most 1, 2 or 3 em narrower),
    # and up to three lines before a loose line are laid out again (`_spread_before`): in this column of
    # 12 characters a line of Han is left loose every few lines, a real report's 28 far less often
    assert short["line layouts"] <= 4 and long["line layouts"] <= 4, (short, long)
    for name in ("line layouts", "set_text", "set_text characters", "ours", "ours characters"):
        assert long[name] <= short[name] * 1.25, (name, short, long)
    # what Pango lays out per line: a line of text and a few lines' worth of lookahead, never the rest
    # of the paragraph (12 characters a line in this column)
    assert long["set_text characters"] <= 12 * 24, long  # 20 lines' worth before the lines-before rules


class CountingStr(str):
    """A str that counts the characters sliced or encoded out of it."""

    taken = 0

    def __getitem__(self, key: Any) -> str:
        part = super().__getitem__(key)
        CountingStr.taken += len(part)
        return part

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        CountingStr.taken += len(self)
        return super().encode(encoding, errors)


def test_invisible_ranges_reads_its_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Called on every line-breaking attempt: byte offsets from one encoding, not one per character found
    (a run broken anywhere holds a U+200B between every two letters)."""
    text = "中" + "a\u200b" * 5_000 + "\u2060文"
    monkeypatch.setattr(CountingStr, "taken", 0)
    ranges = spacing.invisible_ranges(CountingStr(text))
    assert CountingStr.taken <= 2 * len(text)
    assert len(ranges) == 5_000  # the last U+200B and the U+2060 make one run
    assert ranges[0] == (4, 7, 0.0) and ranges[-1] == (3 + 4 * 4_999 + 1, 3 + 4 * 5_000 + 3, 0.0)


class CountingList(list[int]):
    """A list that counts the items read out of it."""

    reads = 0

    def __iter__(self) -> Iterator[int]:
        for item in super().__iter__():
            CountingList.reads += 1
            yield item

    def __getitem__(self, index: Any) -> Any:
        CountingList.reads += 1
        return super().__getitem__(index)


def test_cutting_spans_at_text_nodes_reads_each_bound_near_its_span(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph of many text nodes (`中文**粗体**` …) and many spans: their sum, not their product."""
    bounds = CountingList(range(10, 40_000, 10))  # a text node every 10 characters
    spans = [(start, start + 25) for start in range(0, 40_000, 40)]  # each crosses 2 or 3 of them
    monkeypatch.setattr(CountingList, "reads", 0)
    pieces = list(cjk._split(iter(spans), bounds))
    assert CountingList.reads <= 30 * len(spans)  # a bisection and the bounds inside: no scan of all 4,000
    assert pieces[:3] == [(0, 10), (10, 20), (20, 25)]
    assert sum(end - start for start, end in pieces) == 25 * len(spans)


def test_a_url_scheme_is_at_most_32_characters() -> None:
    """Unbounded, each letter of a long run of letters scanned the rest of the run for `://`: the text
    pass took seconds for a 50,000-letter word."""
    assert cjk._URL.match("a" * 32 + "://example.com/a")
    assert cjk._URL.match("a" * 33 + "://example.com/a") is None
    assert list(cjk.url_break_points("中" + "a" * 50_000 + "中")) == []


# -------------------------------------------------------------------------------------------- the limit


def read(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return read_source(path)


def test_blocks_over_the_limit_are_refused_with_their_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for limit in ("MAX_BLOCK_CHARS", "MAX_HEADING_CHARS", "MAX_CELL_CHARS"):  # each kind at its own limit
        monkeypatch.setattr(limits, limit, 20)
    document = read(tmp_path, "---\ntitle: 报告\nsubtitle: 副标题也在封面和标题区排版所以也计算长度呀\n---\n\n"
                    "二十个字的段落正好在上限之内不会被拒绝呀\n\n"  # line 6: 20 characters, at the limit
                    "# 这个标题一共有二十一个字所以超过了上限值啊\n\n"  # line 8: 21
                    "> - 引用里的列表项目中的段落也会被检查共二十二个\n\n"  # line 10: 22
                    "| 表头 |\n|---|\n| 表格单元格里的文字也一样受到这个上限的约束啊 |\n\n"  # line 14: 22
                    "正文[^1]。\n\n[^1]: 脚注的正文是单独排版的所以单独计算长度二十三个\n")  # line 18: 23
    with pytest.raises(SourceErrors) as raised:
        limits.check_block_lengths(document)
    assert [str(error) for error in raised.value.errors] == [
        f"{tmp_path}/report.md:3: front matter `subtitle` of 21 characters is longer than the limit 20 (shorten it)",
        f"{tmp_path}/report.md:8: heading of 21 characters is longer than the limit 20 (shorten it)",
        f"{tmp_path}/report.md:10: paragraph of 22 characters is longer than the limit 20 (split it)",
        f"{tmp_path}/report.md:14: table cell of 22 characters is longer than the limit 20 (shorten it)",
        f"{tmp_path}/report.md:18: paragraph of 23 characters is longer than the limit 20 (split it)",
    ]


def test_one_block_over_the_limit_is_one_source_error(tmp_path: Path) -> None:
    document = read(tmp_path, "开头。\n\n" + "字" * (limits.MAX_BLOCK_CHARS + 1) + "\n")
    limit = limits.MAX_BLOCK_CHARS
    with pytest.raises(SourceError, match=rf"report\.md:3: paragraph of {limit + 1} characters is longer than "
                                          rf"the limit {limit} \(split it\)"):
        limits.check_block_lengths(document)
    limits.check_block_lengths(read(tmp_path, "字" * limits.MAX_BLOCK_CHARS + "\n"))  # at the limit: accepted


def test_long_paragraph_hostile_case(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile case `long-paragraph` (tests/hostile/README.md), generated here: a source of one paragraph
    over the limit (150 KB, too big for a case file) stops `check` and `build` with its line, exit 1,
    before any writer runs."""
    length = limits.MAX_BLOCK_CHARS + 1
    case = Case(name="long-paragraph", commands=("check", "build"), exit={"check": 1, "build": 1},
                message=f"source/report.md:5: paragraph of {length} characters is longer than the limit "
                        f"{limits.MAX_BLOCK_CHARS} (split it)", args=(), subprocess=False, env={},
                files={"source/report.md": "---\ntitle: 报告\n---\n\n" + varied_text(length) + "\n"})
    run_hostile_case(case, tmp_path, capfd, monkeypatch)
    assert not list((tmp_path / "project").rglob("*.pdf"))
