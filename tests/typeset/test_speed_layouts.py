"""Work the justification extension no longer repeats (`typeset/weasy.py`, issues 12 and 13): a text's
first line laid out once a render for each style and width (`_first_line`), the strut kept on its style
(`_strut`), and a line that `_tighten` lays out again justified only if it is kept (`_justified`).

Each shortcut has a switch; with it off the extension does every layout as before. The PDF must be the
same byte for byte either way, for fixtures of our own built so that a stale result would show: the same
text in two widths and in two sizes, lines with room that are laid out again wider, a paragraph broken
over pages; and a second render, or a second build, in the same process must give the first's bytes.
The work is counted, never timed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from reportpress.build import build
from reportpress.layouts import Typesetting
from reportpress.typeset import TYPESET_CSS, typeset_html, weasy
from tests.conftest import SAMPLE_SOURCE

# a paragraph whose lines end with room before numbers, words and marks kept together, with pause
# marks to push in: lines that `_tighten` lays out again ½ em, 1 em … wider
TEXT = ("全年完成地区生产总值2020亿元，比上年增长6.5%，其中第三产业增加值“1234.5亿元”。"
        "推进“放管服”改革，优化营商环境；新增市场主体12345户、注册资本（金）680亿元，"
        "引进WeasyPrint等项目，完成“十三五”规划目标任务：城镇新增就业岗位3.2万个。")


def document(paragraphs: str, page: str = "") -> str:
    style = f"@page {{ {page} }}" if page else ""
    return (f'<html lang="zh-CN"><head><style>{style}</style></head><body style="margin: 0; font: 16pt/24pt '
            f"'Noto Serif CJK SC'; text-align: justify\">{paragraphs}</body></html>")


def render(html: str) -> bytes:
    with weasy.inter_character_justification():
        pdf = weasyprint.HTML(string=typeset_html(html, Typesetting())).write_pdf(
            stylesheets=[weasyprint.CSS(string=TYPESET_CSS)])
    assert isinstance(pdf, bytes)
    return pdf


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How often WeasyPrint's `split_first_line` ran, how many chunks after a break were measured
    (`_same_break`), and how many justifications were spread."""
    counts: Counter[str] = Counter()
    spread, chunk_width = weasy._spread, weasy._chunk_width
    original = weasy.inline.split_first_line

    def counted_split(*args: Any, **kwargs: Any) -> Any:
        counts["first lines"] += 1
        return original(*args, **kwargs)

    def counted_chunk(*args: Any) -> float | None:
        counts["chunks"] += 1
        return chunk_width(*args)

    def counted_spread(box: Any, *args: Any) -> float:
        counts["spread"] += type(box).__name__ == "LineBox"
        return spread(box, *args)

    # the extension takes WeasyPrint's function when it installs itself: count under it
    monkeypatch.setattr(weasy.inline, "split_first_line", counted_split)
    monkeypatch.setattr(weasy, "_spread", counted_spread)
    monkeypatch.setattr(weasy, "_chunk_width", counted_chunk)
    yield counts


def with_and_without(monkeypatch: pytest.MonkeyPatch, counts: Counter[str], switch: str,
                     html: str) -> tuple[bytes, Counter[str], bytes, Counter[str]]:
    """The PDF and the work counted with the switch on, then off."""
    counts.clear()
    on = render(html)
    on_counts = Counter(counts)
    counts.clear()
    with monkeypatch.context() as patch:
        patch.setattr(weasy, switch, False)
        off = render(html)
    return on, on_counts, off, Counter(counts)


SAME_TEXT_TWO_WIDTHS = (f'<p style="margin: 0; width: 15em">{TEXT}</p>'
                        f'<p style="margin: 0; width: 16.5em">{TEXT}</p>'
                        f'<p style="margin: 0; width: 15em; font-size: 14pt">{TEXT}</p>'
                        f'<p style="margin: 0; width: 15em; letter-spacing: 0.05em">{TEXT}</p>')


@pytest.mark.parametrize("page", ["", "size: 20em 14em; margin: 1em"])
def test_first_lines_reused_change_no_byte(monkeypatch: pytest.MonkeyPatch, counted: Counter[str],
                                           page: str) -> None:
    # the same text in two widths, two sizes and two letter spacings: a key that left out the width or the
    # style would hand one paragraph another's lines; on small pages, lines laid out past a page's foot
    # and again on the next (and pages laid out again to fill them) are what is reused
    on, reused, off, every = with_and_without(monkeypatch, counted, "REUSE_LAYOUTS",
                                              document(SAME_TEXT_TWO_WIDTHS * 2, page))
    assert on == off
    assert 0 < reused["first lines"] < every["first lines"]
    assert reused["chunks"] <= every["chunks"]
    if page:
        assert reused["chunks"] < every["chunks"]  # lines laid out again ask for the same chunks


def test_a_line_laid_out_again_wider_is_justified_only_when_kept(monkeypatch: pytest.MonkeyPatch,
                                                                 counted: Counter[str]) -> None:
    html = document("".join(f'<p style="margin: 0; width: {ems}em">{TEXT}</p>' for ems in (12.5, 14.6, 18.8)))
    on, deferred, off, every = with_and_without(monkeypatch, counted, "DEFER_JUSTIFICATION", html)
    assert on == off
    # every line drawn is justified once either way; the layouts `_tighten` replaced, only without
    assert 0 < deferred["spread"] < every["spread"]


def test_a_second_render_in_the_same_process_gives_the_same_bytes() -> None:
    html = document(SAME_TEXT_TWO_WIDTHS, "size: 20em 14em; margin: 1em")
    first = render(html)
    assert render(html) == first  # nothing kept from the first render (its layout context) reaches the second
    assert render(document(SAME_TEXT_TWO_WIDTHS.replace("15em", "15.5em"), "size: 20em 14em; margin: 1em")) != first


def test_a_warm_second_build_gives_the_same_bytes(tmp_path: Path) -> None:
    first = build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path / "cold").outputs["pdf"].read_bytes()
    assert build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path / "warm").outputs["pdf"].read_bytes() == first
