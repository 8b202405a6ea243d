"""PDF-extracted text (issue 11 item 5), on a report of our own making (tests/data/importer/pdf-cover-imprint.txt):
lines wrapped at 30 Han characters with no indents, a line start pushed to a mark (`，全市…`) or a number
(` 6.5%`), folios `— 3 —` `—4—` and a cut `— 2` between form feeds, a letter-spaced title, a cover label on
two lines, a sign-off and an imprint at the end, half-width spaces around numbers."""

from __future__ import annotations

import re

from reportpress.importer import import_text
from reportpress.importer.blocks import Line
from reportpress.importer.closing import find_label, split_imprint, split_signoff
from reportpress.importer.noise import classify_noise, drop_noise
from reportpress.model import Heading, Paragraph, SignOff, plain_text
from reportpress.reader import read_text

from .conftest import DATA


def imported() -> tuple[str, object]:
    result = import_text((DATA / "pdf-cover-imprint.txt").read_bytes())
    return result.markdown, read_text(result.markdown, "pdf.md")


def test_paragraphs_end_where_their_sentences_end() -> None:
    markdown, document = imported()
    blocks = document.blocks  # type: ignore[attr-defined]
    paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
    assert len(paragraphs) == 9
    for paragraph in paragraphs:
        assert re.search(r"[。！？]$", plain_text(paragraph.inlines)), plain_text(paragraph.inlines)
    # every （一） sentence stays a run-in lead of its paragraph, none a heading cut mid-sentence
    assert [plain_text(p.lead) for p in paragraphs if p.lead] == [
        "（一）坚持创新驱动，产业升级步伐加快。", "（二）坚持改革开放，发展活力持续增强。",
        "（三）坚持民生为本，群众获得感不断提升。", "（一）着力扩大有效需求。", "（二）着力推进乡村振兴。"]
    assert [plain_text(b.inlines) for b in blocks if isinstance(b, Heading)] == [
        "一、2030年工作回顾", "二、2031年主要任务"]
    # no folio, form feed or half-width gap between digits and Han survives
    assert "—" not in "".join(plain_text(p.inlines) for p in paragraphs)
    assert "\f" not in markdown and not re.search(r"\d [\u4e00-\u9fff%]|[\u4e00-\u9fff] \d", markdown)
    assert "增长6.5%，高新技术企业达到312家" in markdown


def test_cover_label_letter_spaced_title_signoff_and_imprint() -> None:
    _, document = imported()
    meta = document.meta  # type: ignore[attr-defined]
    assert meta.title == "政府工作报告"
    assert meta.label == "某某市第十六届人民代表大会第三次会议文件（12）"
    closings = [(block.kind, [plain_text(line) for line in block.lines])
                for block in document.blocks if isinstance(block, SignOff)]  # type: ignore[attr-defined]
    assert closings == [("signoff", ["某某市人民政府", "2031年1月8日"]),
                        ("imprint", ["某某市第十六届人民代表大会第三次会议秘书处", "2031年1月印"])]


def test_folios_in_every_form() -> None:
    for folio in ("— 3 —", "—2—", "— 23", "23 —", "- 7 -", "－12－"):
        assert classify_noise(folio) == "page folio", folio
    assert classify_noise("——2020年1月8日") is None


def test_a_repeated_wrapped_line_with_a_comma_is_no_running_head() -> None:
    """A running head is a title; a repeated line of running text (a slogan, a refrain) stays."""
    lines = [Line(n, text) for n, text in enumerate(
        ["标题", *["正文。"] * 8, *(["坚持稳中求进，推动高质量发展", "某某市政府工作报告", "正文。"] * 3)], start=1)]
    kept, dropped = drop_noise(lines)
    assert sum(1 for line in kept if line.text == "坚持稳中求进，推动高质量发展") == 3
    assert {item.text for item in dropped} == {"某某市政府工作报告"}


def test_label_needs_the_session_document_shape() -> None:
    opening = [Line(1, "某县第五届人民代表大会"), Line(2, "第二次会议文件之三"), Line(3, "政府工作报告")]
    assert find_label(opening) == ("某县第五届人民代表大会第二次会议文件之三", opening[:2])
    assert find_label([Line(1, "2031年某县政府工作报告")]) == ("", [])
    assert find_label([Line(1, "大会文件"), Line(2, "政府工作报告")])[0] == "大会文件"


def test_signoff_and_imprint_need_both_lines() -> None:
    body = [Line(n, text) for n, text in enumerate(["各位代表：", "正文。", "让我们共同奋斗！"], start=1)]
    assert split_signoff(body) == (body, [])
    assert split_signoff([*body, Line(4, "某县人民政府")]) == ([*body, Line(4, "某县人民政府")], [])
    signed = [*body, Line(4, "某县人民政府"), Line(5, "二〇三一年一月八日")]
    assert split_signoff(signed) == (body, signed[3:])
    printed = [*body, Line(4, "某县人大常委会办公室"), Line(5, "2031年1月印发")]
    assert split_imprint(printed) == (body, printed[3:])
    assert split_imprint([*body, Line(4, "2031年1月印发")])[1] == []


def test_opening_lines_without_blank_lines_between_stay_apart() -> None:
    """Without blank lines, the subtitle (long, no sentence end) must not swallow the speaker line."""
    raw = (DATA / "pdf-cover-imprint.txt").read_text(encoding="utf-8")
    head, _, rest = raw.partition("\f")
    compact = "\n".join(line for line in head.split("\n") if line.strip()) + "\n\f" + rest
    markdown = import_text(compact.encode("utf-8")).markdown
    meta = read_text(markdown, "pdf.md").meta
    assert meta.subtitle == "——2031年1月8日在某某市第十六届人民代表大会第三次会议上"
    assert meta.author == "某某市市长\u3000王大明"
    assert meta.label == "某某市第十六届人民代表大会第三次会议文件（12）"
