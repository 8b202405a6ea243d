"""Full pages (typeset/pages.py): a paragraph set one line longer or shorter where the widow, orphan and
heading-keep rules would leave a line empty at the page foot (GB/T 9704 §5.2.3), read back from the PDF
by `reportpress proof`; with `weasy.FULL_PAGES` off, the short pages it removes come back."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.layouts import load_layout
from reportpress.proof import proof_pdf
from reportpress.reader import read_source
from reportpress.typeset import weasy
from reportpress.typeset.pages import FOLLOWING, mark_following
from tests.conftest import SAMPLE_SOURCE
from tests.pdfread import block_paragraph_texts, body_text, find_in_order


def sample_counts(out: Path) -> tuple[Counter[str], Path]:
    pdf = build(SAMPLE_SOURCE, formats=["pdf"], out_dir=out).outputs["pdf"]
    report = proof_pdf(pdf, load_layout("gov-report"))
    return Counter(finding.rule for finding in report.findings), pdf


@pytest.fixture(scope="module")
def sample_both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Counter[str], Counter[str], Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasy, "FULL_PAGES", False)
        before, _ = sample_counts(tmp_path_factory.mktemp("off"))
    after, pdf = sample_counts(tmp_path_factory.mktemp("on"))
    return before, after, pdf


def test_the_sample_has_fewer_short_pages_and_no_new_defect(sample_both: tuple[Counter[str], Counter[str], Path]
                                                            ) -> None:
    before, after, _ = sample_both
    assert before["short-page"] > 0  # the switch off shows the defect
    assert after["short-page"] < before["short-page"], (before, after)
    for rule in ("orphan-char", "stranded-heading", "grid"):
        assert after[rule] <= before[rule], (rule, before, after)


def test_the_text_layer_is_still_the_source_text(sample_both: tuple[Counter[str], Counter[str], Path]) -> None:
    document = read_source(SAMPLE_SOURCE)
    assert find_in_order(body_text(sample_both[2]), block_paragraph_texts(document.blocks, document)) == []


def test_body_paragraphs_learn_what_follows_them() -> None:
    page = ("<html><body><main><p>甲乙丙</p><p>丁戊</p><h3 class='level2'>（一）标题</h3><p>己庚辛壬</p>"
            "<p class='salutation'>各位：</p><ul><li><p>子</p></li></ul></main></body></html>")
    marked = mark_following(page)
    assert f'<p {FOLLOWING}="p:2">甲乙丙</p>' in marked  # a paragraph of two characters next
    assert f'<p {FOLLOWING}="h:4">丁戊</p>' in marked  # a heading, then a paragraph of four
    assert "<p>己庚辛壬</p>" in marked  # followed by a classed paragraph: not a body paragraph
    assert marked.count(FOLLOWING) == 2
