"""`reportpress proof` on pages the build makes that the corpus lacks (typography review, session 25):

- a page whose every line starts a paragraph (one-line items, a list) measures its left edge at the
  first-line indent; that is no margin two characters off, nor a folio out of place;
- the heads of two neighbouring table cells (`（万元）（万元）`) are no pair of marks left uncompressed.
"""

from __future__ import annotations

import pytest

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.proof import ProofReport, proof_pdf

LONG = "各项工作扎实推进，经济社会发展主要目标任务较好完成，人民群众获得感幸福感安全感持续增强。" * 4
ITEM = "{n}．新建改建农村公路和城乡道路若干公里。"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> ProofReport:
    folder = tmp_path_factory.mktemp("built-pages")
    items = "\n\n".join(ITEM.format(n=n) for n in range(1, 61))
    table = ("| 项目 | （万元） | （万元） | （%） |\n|:--|--:|--:|--:|\n"
             + "\n".join(f"| 第{n}项支出 | {1000 + n} | {990 + n} | 9{n % 10}.0 |" for n in range(1, 9)))
    text = (f"---\ntitle: 校样\n---\n\n{LONG}\n\n{LONG}\n\n{LONG}\n\n{items}\n\n{LONG}\n\n{table}\n\n{LONG}\n\n"
            f"{LONG}\n")
    source = folder / "pages.md"
    source.write_text(text, encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=folder / "out").outputs["pdf"]
    return proof_pdf(pdf, builtin_layout("gov-report"))


def test_a_page_of_one_line_items_keeps_its_margins_and_folio(report: ProofReport) -> None:
    rules = {finding.rule for finding in report.findings}
    assert not rules & {"margins", "folio-side"}, [f for f in report.findings if f.rule in ("margins", "folio-side")]


def test_two_cells_marks_side_by_side_are_no_uncompressed_pair(report: ProofReport) -> None:
    assert report.counts["punct-uncompressed"] == 0, report.findings
