"""Trial layouts skipped where they cannot change a line (`weasy._same_break`, issue 13): a line with room
to spare is laid out ½ em, 1 em … wider to take in more text (`_tighten`); a trial whose extra width
cannot hold the text up to the next break opportunity would break where the last layout did, so it is
not laid out. The PDF is the same byte for byte; the work is counted, never timed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import weasyprint

from reportpress.layouts import Typesetting
from reportpress.typeset import TYPESET_CSS, typeset_html, weasy

# lines that end with room before a run that cannot be split (a number, a word, a mark kept with its
# character), and pause marks that push-in may use
TEXT = ("全年完成地区生产总值2020亿元，比上年增长6.5%，其中第三产业增加值“1234.5亿元”。"
        "推进“放管服”改革，优化营商环境；新增市场主体12345户、注册资本（金）680亿元，"
        "引进WeasyPrint等项目，完成“十三五”规划目标任务：城镇新增就业岗位3.2万个。") * 3


def render(width: float) -> bytes:
    body = f'<p style="margin: 0">{TEXT}</p>'
    document = (f'<html lang="zh-CN"><body style="margin: 0; width: {width}pt; font: 16pt/24pt '
                f"'Noto Serif CJK SC'; text-align: justify\">{body}</body></html>")
    with weasy.inter_character_justification():
        pdf = weasyprint.HTML(string=typeset_html(document, Typesetting())).write_pdf(
            stylesheets=[weasyprint.CSS(string=TYPESET_CSS)])
    assert isinstance(pdf, bytes)
    return pdf


def trials(monkeypatch: pytest.MonkeyPatch, predict: bool, width: float) -> tuple[bytes, Counter[str]]:
    """The PDF, and how many trial layouts were made and skipped, with the prediction on or off."""
    counts: Counter[str] = Counter()
    layout_line, same_break = weasy._layout_line, weasy._same_break

    def counted_layout(*args: Any, **kwargs: Any) -> Any:
        counts["trials"] += bool(kwargs.get("squeeze"))
        return layout_line(*args, **kwargs)

    def counted_same(*args: Any) -> bool:
        skipped = same_break(*args)
        counts["skipped"] += skipped
        return skipped

    with monkeypatch.context() as patch:
        patch.setattr(weasy, "PREDICT_BREAKS", predict)
        patch.setattr(weasy, "_layout_line", counted_layout)
        patch.setattr(weasy, "_same_break", counted_same)
        return render(width), counts


@pytest.mark.parametrize("width", [200.0, 233.0, 301.0])
def test_skipping_trials_that_break_where_the_last_did_changes_no_byte(monkeypatch: pytest.MonkeyPatch,
                                                                        width: float) -> None:
    every, laid_out = trials(monkeypatch, False, width)
    predicted, fewer = trials(monkeypatch, True, width)
    assert predicted == every
    assert laid_out["skipped"] == 0 and fewer["skipped"] > 0
    assert fewer["trials"] + fewer["skipped"] == laid_out["trials"]
