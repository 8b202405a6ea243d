"""Full pages (typeset/pages.py): a paragraph set one line longer or shorter where the widow, orphan and
heading-keep rules would leave a line empty at the page foot (GB/T 9704 §5.2.3), read back from the PDF
by `reportpress proof`; with `weasy.FULL_PAGES` off, the short pages it removes come back. Then the
page-level retry (`weasy._make_page`): short pages of our own making filled by another paragraph."""

from __future__ import annotations

import inspect
import re
from collections import Counter
from pathlib import Path

import pytest
from weasyprint.layout import page as layout_page

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.proof import pagination, proof_pdf
from reportpress.proof.pages import analyse
from reportpress.proof.pdf import read_pdf
from reportpress.reader import read_source
from reportpress.typeset import weasy
from reportpress.typeset.pages import FOLLOWING, PAGE_TRIES, mark_following
from tests.conftest import SAMPLE_SOURCE
from tests.pdfread import block_paragraph_texts, body_text, find_in_order


def sample_counts(out: Path) -> tuple[Counter[str], Path]:
    pdf = build(SAMPLE_SOURCE, formats=["pdf"], out_dir=out).outputs["pdf"]
    report = proof_pdf(pdf, builtin_layout("gov-report"))
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


# ------------------------------------------------------------------ page by page (`weasy._make_page`)
# Sources of our own making, each with one short page (page 4, the body's second) that the paragraph
# at the page foot cannot fill (`fill_page`): pure-Han paragraphs of N characters hold ceil((N + 2) / 28)
# lines (an indent of two), and with no pause mark none can take a character in (no shorter), nor
# give the last line's few characters on (no longer). What fills the page is another paragraph on it.

HAN = ("经济发展质量效益稳步提升产业结构持续优化创新能力明显增强城乡区域协调推进"
       "生态环境不断改善人民生活水平提高社会事业全面进步政府自身建设加强")
SHORT_PAGE = 4


def han_paragraph(length: int, seed: int) -> str:
    """`length` characters of Han text, the last a full stop."""
    return "".join(HAN[(seed * 7 + index * 3) % len(HAN)] for index in range(length - 1)) + "。"


def with_commas(text: str) -> str:
    """The text with a comma every ten characters: marks a line can push in to take in more."""
    chars = list(text)
    for index in range(9, len(chars) - 3, 10):
        chars[index] = "，"
    return "".join(chars)


def source(*blocks: str) -> str:
    return "\n\n".join(["---\ntitle: 测试报告\n---", *blocks]) + "\n"


def pure(*lengths: int) -> list[str]:
    return [han_paragraph(length, seed) for seed, length in enumerate(lengths)]


# the 194 one fills its seven lines to the last character: set one line longer (its last five lines give a
# character on each, weasy `longer:N`), its new last line holds five — a stub under four is refused
ORPHAN = source(*pure(200, 200, 200, 194, 240, 200, 200))  # the 240 one ends a line above the foot
WIDOW = source(*pure(200, 200, 200, 194, 290, 200))  # the 290 one would leave one line on the next page
HEADING = source(*pure(200, 200, 200), with_commas(han_paragraph(170, 3)), han_paragraph(200, 4),
                 "## （一）测试标题", *pure(200, 200))  # two lines left: the heading needs its own and two
FOOTNOTE = source(*pure(200, 200, 200), han_paragraph(193, 3)[:40] + "[^a]" + han_paragraph(193, 3)[40:],
                  *pure(240, 200, 200), "[^a]: 注释的内容写在这里。")


def build_both(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> tuple[list[tuple[str, int]], list[tuple[str, int]], Path, int]:
    """The page findings with full pages off and on, the PDF made with them on, and the extra page
    layouts that took."""
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    rules = ("short-page", "orphan-char", "stranded-heading")
    found = []
    extra = 0
    for on in (False, True):
        monkeypatch.setattr(weasy, "FULL_PAGES", on)
        before = weasy.page_retries["extra layouts"]
        pdf = build(path, formats=["pdf"], out_dir=tmp_path / str(on)).outputs["pdf"]
        extra = weasy.page_retries["extra layouts"] - before
        report = proof_pdf(pdf, builtin_layout("gov-report"))
        found.append([(finding.rule, finding.page) for finding in report.findings if finding.rule in rules])
    return found[0], found[1], pdf, extra


def page_lines(pdf: Path, number: int) -> tuple[int, int]:
    """The body-size lines of a page and its footnote lines, as `reportpress proof` reads them."""
    page = analyse(read_pdf(pdf), builtin_layout("gov-report")).page(number)
    return len(page.text), len(page.notes)


@pytest.mark.parametrize("text", [ORPHAN, WIDOW, HEADING], ids=["orphan", "widow", "heading"])
def test_a_short_page_is_filled_by_another_paragraph_on_it(text: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An orphan push (the next paragraph may not start on the last line), a widow push (the last
    paragraph may not send one line on) and a heading kept with its text, each leaving page 4 short
    with the page-level retry off: an earlier paragraph set one line longer (orphan, widow) or shorter
    (heading: three lines free, the heading with its two first lines) fills it, 22 lines."""
    off, on, pdf, extra = build_both(text, tmp_path, monkeypatch)
    assert off == [("short-page", SHORT_PAGE)]
    assert on == []
    assert page_lines(pdf, SHORT_PAGE) == (22, 0)
    assert 1 <= extra <= PAGE_TRIES
    document = read_source(tmp_path / "report.md")
    assert find_in_order(body_text(pdf), block_paragraph_texts(document.blocks, document)) == []


def test_a_paragraph_with_a_footnote_fills_its_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paragraph that can take the line holds a footnote call: laid out again with its note, the
    page is full down to the rule over the notes (20 lines and the note); off, one line is left empty
    above the notes, which `reportpress proof` counts as a short page too."""
    off, on, pdf, _ = build_both(FOOTNOTE, tmp_path, monkeypatch)
    assert off == [("short-page", SHORT_PAGE)]
    assert on == []
    assert page_lines(pdf, SHORT_PAGE) == (20, 1)
    assert "注释的内容写在这里" in body_text(pdf).replace(" ", "")


def test_a_full_page_is_not_laid_out_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only short pages cost a layout more: a source whose pages all end at their foot takes none."""
    path = tmp_path / "report.md"
    path.write_text(source(*pure(200, 200, 200, 200, 200, 200, 200)), encoding="utf-8")
    before = weasy.page_retries["extra layouts"]
    build(path, formats=["pdf"], out_dir=tmp_path)
    assert weasy.page_retries["extra layouts"] == before


def test_the_page_maker_is_wrapped_only_while_the_extension_runs() -> None:
    """`_make_page` replaces the `make_page` that `remake_page` calls by name (layout/page.py), and goes
    when the extension does; the internals it relies on are fingerprinted (test_weasy.py)."""
    original = layout_page.make_page
    with weasy.inter_character_justification(), weasy.inter_character_justification():
        assert layout_page.make_page is weasy._make_page
    assert layout_page.make_page is original
    for name in ("layout.page.make_page", "layout.page.remake_page", "layout.LayoutContext.layout_footnote"):
        assert name in weasy.FINGERPRINTS
    assert "make_page(\n        context, root_box, page_type, resume_at, page_number, page_state)" in \
        inspect.getsource(layout_page.remake_page)


def test_the_page_before_an_appendix_may_end_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An appendix starts a page (`break-before: page`) under its label 附件 (GB/T 9704 §8): the page
    before it is not short, whatever it holds; without the rule (`APPENDIX_LABEL` matching nothing) the
    proof calls it short, as it did the page before jiangxi-2026's appendix."""
    body = pure(200, 200, 200, 120)  # page 4 holds five lines
    appendix = ":::: {.appendix label=\"附件\"}\n\n# 重点项目表\n\n" + han_paragraph(200, 9) + "\n\n::::"
    path = tmp_path / "report.md"
    path.write_text(source(*body, appendix), encoding="utf-8")
    pdf = build(path, formats=["pdf"], out_dir=tmp_path).outputs["pdf"]
    assert analyse(read_pdf(pdf), builtin_layout("gov-report")).page(SHORT_PAGE + 1).text[0].text == "附件"

    def short_pages() -> list[int]:
        report = proof_pdf(pdf, builtin_layout("gov-report"))
        return [finding.page for finding in report.findings if finding.rule == "short-page"]

    assert short_pages() == []
    monkeypatch.setattr(pagination, "APPENDIX_LABEL", re.compile(r"(?!)"))
    assert short_pages() == [SHORT_PAGE]
