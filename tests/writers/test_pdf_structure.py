"""Issue 10 in the print PDF: appendices, end notes, citations and references, salutation, sign-off,
the cover's document label, the glossary's numbering, read back with pdftotext and PyMuPDF.

The reader for the new syntax is written apart from the writers: the documents here are built by
hand (`Builder`) and go through the real PDF path (`build.build_print_pdf`: typesetting pass, WeasyPrint,
covers, merge).
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

import pymupdf
import pytest

from reportpress import resolve
from reportpress.build import Inputs, build_print_pdf, read_covers
from reportpress.layouts import Layout, builtin_layout
from reportpress.model import (
    Appendix,
    Block,
    Citation,
    Cover,
    Document,
    EndNotes,
    Footnote,
    FootnoteRef,
    Glossary,
    GlossaryEntry,
    Heading,
    Inline,
    Meta,
    Paragraph,
    Reference,
    References,
    Salutation,
    SignOff,
    SourcePos,
    TermRef,
    Text,
)
from tests.pdfread import Glyph, body_text, find_in_order, glyphs, squeeze

POS = SourcePos("hand.md", 1)
FILLER = "坚持稳中求进工作总基调，推动高质量发展，创造高品质生活，区域经济社会协调健康发展。" * 3


def text(value: str) -> Text:
    return Text(text=value, pos=POS)


@dataclass
class Builder:
    """A `Document` made by hand, numbered the way the reader numbers it (see `model.Document`)."""

    meta: Meta = field(default_factory=lambda: Meta(title="测试报告"))
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def para(self, *inlines: Inline | str) -> Paragraph:
        return Paragraph(inlines=tuple(text(i) if isinstance(i, str) else i for i in inlines), pos=POS)

    def heading(self, level: int, title: str) -> Heading:
        assert level in (1, 2, 3, 4)
        return Heading(level=level, inlines=(text(title),), id=f"h-{next(self.ids)}", pos=POS)  # type: ignore[arg-type]

    def end_note(self, note_id: str, body: str) -> FootnoteRef:
        self.footnotes.append(Footnote(id=note_id, blocks=(self.para(body),), placement="end", pos=POS))
        return FootnoteRef(id=note_id, pos=POS)

    def foot_note(self, note_id: str, body: str) -> FootnoteRef:
        self.footnotes.append(Footnote(id=note_id, blocks=(self.para(body),), pos=POS))
        return FootnoteRef(id=note_id, pos=POS)

    def term(self, term_id: str, shown: str, definition: str) -> TermRef:
        self.glossary.append(GlossaryEntry(id=term_id, term=(text(shown),), definition=(self.para(definition),),
                                           pos=POS))
        return TermRef(term_id=term_id, inlines=(text(shown),), anchor=True, pos=POS)

    def unused_term(self, term_id: str, shown: str, definition: str) -> None:
        self.glossary.append(GlossaryEntry(id=term_id, term=(text(shown),), definition=(self.para(definition),),
                                           anchored=False, pos=POS))

    def reference(self, key: str, entry: str, cited: bool = True) -> None:
        self.references.append(Reference(id=key, inlines=(text(entry),), cited=cited, pos=POS))

    def appendix(self, title: str, *blocks: Block, label: str = "") -> Appendix:
        number = sum(isinstance(block, Appendix) for block in self.blocks) + 1
        return Appendix(number=number, label=label, title=(text(title),) if title else (), blocks=blocks,
                        id=f"app-{number}", pos=POS)

    def document(self) -> Document:
        return Document(meta=self.meta, blocks=tuple(self.blocks), footnotes=tuple(self.footnotes),
                        glossary=tuple(self.glossary), references=tuple(self.references), path="hand.md")


def cite(*keys: str) -> Citation:
    return Citation(keys=keys, pos=POS)


def every_construct(meta: Meta | None = None) -> Document:
    """A report using every new construct, in the order a real one has them."""
    b = Builder()
    if meta is not None:
        b.meta = meta
    else:
        b.meta = Meta(title="测试报告", subtitle="——在某市第十届人民代表大会第三次会议上", author="某市市长　某某",
                      organization="某市人民政府", date="2024-01-08",
                      label="某市第十届人民代表大会第三次会议文件（十二）")
    b.reference("a", "国务院. 政府工作报告[R]. 北京: 人民出版社, 2023.")
    b.reference("b", "国家统计局. 中国统计年鉴2023[M]. 北京: 中国统计出版社, 2023.")
    b.reference("c", "张三. 城市更新研究[J]. 城市规划, 2022, 46(3): 1-10.")
    b.reference("d", "李四. 数字政府建设[J]. 电子政务, 2021(5): 20-30.")
    b.reference("e", "王五. 未被引用的文献[M]. 上海: 上海人民出版社, 2020.", cited=False)
    b.blocks += [
        Salutation(inlines=(text("各位代表："),), pos=POS),
        b.para("现在，我代表市人民政府，向大会报告政府工作，请予审议", b.end_note("n1", "第一条注释的正文。"),
               "。"),
        b.heading(1, "一、过去一年的工作"),
        b.para("全年经济平稳运行", cite("a"), "，推进", b.term("t1", "“一网通办”", "政务服务的一种方式。"),
               "改革", cite("b", "c", "d"), "。", FILLER, b.foot_note("f1", "页下注。")),
        b.heading(2, "（一）经济发展"),
        b.para("再次提到第一条注释", FootnoteRef(id="n1", pos=POS), "，又有第二条",
               b.end_note("n2", "第二条注释的正文，比第一条长一些，用来看换行。" * 3), "，又引用", cite("d", "a"), "。",
               FILLER),
        SignOff(lines=((text("某市人民政府"),), (text("2024年1月8日"),)), pos=POS),
        EndNotes(title="", pos=POS),
        References(title="", pos=POS),
    ]
    b.unused_term("t2", "3个“3”服务", "未在正文中用到的词条。")
    b.blocks += [
        b.appendix("重点项目清单", b.heading(1, "一、基础设施项目"), b.para(FILLER), b.heading(2, "（一）交通项目"),
                   b.para("轨道交通。"), b.heading(1, "二、民生项目"), b.para("学校。")),
    ]
    b.blocks += [b.appendix("名词解释", Glossary(title="", pos=POS))]
    b.blocks += [SignOff(lines=((text("大会秘书处"),), (text("2024年1月印"),)), kind="imprint", pos=POS)]
    return b.document()


def render(document: Document, tmp_path: Path, layout: Layout | None = None) -> Path:
    """The whole print PDF of `document`, as `reportpress build` makes it."""
    layout = layout or builtin_layout("gov-report")
    source = tmp_path / "hand.md"
    source.write_text("", encoding="utf-8")
    inputs = Inputs(covers=read_covers(document, layout, source), images={})
    path = tmp_path / "hand.pdf"
    path.write_bytes(build_print_pdf(document, layout, source, inputs, project=tmp_path))
    return path


# ------------------------------------------------------------------------------------------ reading back


@pytest.fixture(scope="module")
def document() -> Document:
    return every_construct()


@pytest.fixture(scope="module")
def pdf(document: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(document, tmp_path_factory.mktemp("structure"))


def spelled(found: list[Glyph], wanted: str, page: int | None = None, *, last: bool = False) -> list[Glyph]:
    """The glyphs of the first (or last) place where `found` spells `wanted` (white space ignored), on
    `page` if given."""
    chars = [glyph for glyph in found if page is None or glyph.page == page]
    stream = "".join(glyph.char for glyph in chars)
    start = stream.rfind(squeeze(wanted)) if last else stream.find(squeeze(wanted))
    assert start >= 0, wanted
    return chars[start:start + len(squeeze(wanted))]


def link_map(pdf: Path) -> dict[str, list[tuple[int, dict[str, object], str]]]:
    """Named-destination links by name: (page index, link, the text under the link).

    WeasyPrint also writes a rectangle of no height for a raised call inside a link (its `line-height:
    0` box): it can be clicked nowhere and holds no glyph's centre, so it is left out."""
    links: dict[str, list[tuple[int, dict[str, object], str]]] = {}
    with pymupdf.open(pdf) as reader:
        for number, page in enumerate(reader):
            for link in page.get_links():
                name = link.get("nameddest")
                if name and not link["from"].is_empty:
                    links.setdefault(name, []).append((number, link, text_under(page, link["from"])))
    return links


def text_under(page: pymupdf.Page, rect: pymupdf.Rect) -> str:
    """The characters whose glyph box is centred inside `rect`, in reading order, squeezed.

    Not `get_textbox`, which takes every character whose box touches the rectangle: a raised call's
    link is as tall as the line, and the mark or Han character beside it (their em boxes reach into
    it, by the font's side bearings and the grid's letter spacing) would be read as part of it."""
    inside = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for char in span["chars"]:
                    x0, y0, x1, y1 = char["bbox"]
                    if rect.contains(pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2)):
                        inside.append(char["c"])
    return squeeze("".join(inside))


def text_at(pdf: Path, page: int, point: pymupdf.Point) -> str:
    """The text of the line a link's target point (PDF user space, y upwards) is the top of, squeezed."""
    with pymupdf.open(pdf) as reader:
        top = reader[page].rect.height - point.y
        return squeeze(reader[page].get_textbox(pymupdf.Rect(0, top + 2, reader[page].rect.width, top + 10)))


def pieces(inlines: tuple[Inline, ...]) -> list[str]:
    """The runs of text between the calls of `inlines` (a raised call may be read before or after
    the mark that follows it), squeezed."""
    runs, current = [], []
    for node in inlines:
        if isinstance(node, Text):
            current.append(node.text)
        elif isinstance(node, TermRef):
            current.append("".join(child.text for child in node.inlines if isinstance(child, Text)))
            if node.anchor:  # its endnote number follows it
                runs.append("".join(current))
                current = []
        else:
            runs.append("".join(current))
            current = []
    runs.append("".join(current))
    return [squeeze(run) for run in runs if squeeze(run)]


def test_every_text_in_order(pdf: Path, document: Document) -> None:
    layout = builtin_layout("gov-report")
    meta = document.meta
    expected = [meta.label, meta.title, meta.subtitle, meta.author]
    for block in document.blocks:
        match block:
            case Salutation(inlines=inlines) | Heading(inlines=inlines) | Paragraph(inlines=inlines):
                expected += pieces(inlines)
            case SignOff(lines=lines):
                expected += [piece for line in lines for piece in pieces(line)]
            case EndNotes():
                expected.append(resolve.end_notes_title(block, layout))
                for number, note in enumerate(document.end_notes, start=1):
                    assert isinstance(note.blocks[0], Paragraph)
                    expected.append(resolve.end_note_mark("circled", number) + pieces(note.blocks[0].inlines)[0])
            case References():
                expected.append(resolve.references_title(block, layout))
                expected += [f"[{number}]{pieces(entry.inlines)[0]}"
                             for number, entry in enumerate(document.references, start=1)]
            case Appendix():
                expected += [resolve.appendix_label(block, layout), *pieces(block.title)]
                for child in block.blocks:
                    if isinstance(child, Heading | Paragraph):
                        expected += pieces(child.inlines)
                    elif isinstance(child, Glossary):
                        expected += [f"{resolve.glossary_number(number)}{pieces(entry.term)[0]}："
                                     f"{pieces(entry.definition[0].inlines)[0]}"
                                     for number, entry in enumerate(document.glossary, start=1)
                                     if isinstance(entry.definition[0], Paragraph)]
    assert len(expected) > 30
    # the page-foot note stands between the lines of the paragraph that runs on to the next page
    text = body_text(pdf).replace("①页下注。", "", 1)
    assert find_in_order(text, [squeeze(piece) for piece in expected]) == []


def test_outline_nests_each_appendix_s_headings_under_its_entry(pdf: Path) -> None:
    with pymupdf.open(pdf) as reader:
        outline = [(level, title) for level, title, _ in reader.get_toc()]
    assert outline == [
        (1, "一、过去一年的工作"), (2, "（一）经济发展"), (1, "注释"), (1, "参考文献"),
        (1, "附件1\u3000重点项目清单"), (2, "一、基础设施项目"), (3, "（一）交通项目"), (2, "二、民生项目"),
        (1, "附件2\u3000名词解释"),
    ]


def test_each_appendix_opens_a_page_label_first_title_centred(pdf: Path) -> None:
    layout = builtin_layout("gov-report")
    found = glyphs(pdf)
    with pymupdf.open(pdf) as reader:
        pages = [squeeze(page.get_text()) for page in reader]
        outline = {title: page for _, title, page in reader.get_toc()}
    for label, title in (("附件1", "重点项目清单"), ("附件2", "名词解释")):
        page = outline[f"{label}\u3000{title}"]
        assert pages[page - 1].startswith(label + title), pages[page - 1][:20]
        label_glyphs, title_glyphs = spelled(found, label, page), spelled(found, title, page)
        # the block's left edge: where the lines of the page's paragraphs start, the glossary's too
        left = min(glyph.x0 for glyph in found if glyph.page == page and abs(glyph.size - layout.body_size) < 0.1)
        right = left + layout.page.text_width.pt
        assert abs(label_glyphs[0].x0 - left) < 1.0  # 顶格: flush left, no indent
        assert title_glyphs[0].size == pytest.approx(layout.sizes["title"], abs=0.1)
        assert label_glyphs[0].size == pytest.approx(layout.sizes["heading1"], abs=0.1)
        middle = (title_glyphs[0].x0 + title_glyphs[-1].x1) / 2
        assert abs(middle - (left + right) / 2) < 2.0  # centred, not justified nor indented
        # the title on the third line: one blank line between label and title
        distance = title_glyphs[0].origin_y - label_glyphs[0].origin_y  # baselines sit apart in a line of 22 pt
        assert distance == pytest.approx(2 * layout.line_pitch, abs=layout.line_pitch / 4)
    assert outline["附件1\u3000重点项目清单"] > outline["参考文献"]


def test_end_note_calls_and_entries_link_both_ways(pdf: Path, document: Document) -> None:
    links = link_map(pdf)
    for number in (1, 2):
        mark = resolve.end_note_mark("circled", number)
        calls, backs = links[f"en-{number}"], links[f"en-call-{number}"]
        assert all(mark in shown for _, _, shown in calls)
        [(back_page, back, shown)] = backs
        assert shown == mark
        # each call points at the entry, which starts with the mark and the note's text
        for _, call, _ in calls:
            assert call["page"] == back_page
            entry = text_at(pdf, back_page, call["to"])  # type: ignore[arg-type]
            note = document.end_notes[number - 1].blocks[0]
            assert isinstance(note, Paragraph)
            assert entry.startswith(mark + pieces(note.inlines)[0][:10])
        # the entry points back at the first call, on its line
        call_page = calls[0][0]
        assert back["page"] == call_page
        assert mark in text_at(pdf, call_page, back["to"])  # type: ignore[arg-type]
    assert len({page for page, _, _ in links["en-1"]}) == 1 and len(links["en-1"]) >= 2  # called twice


def test_citations_are_raised_bracketed_and_link_both_ways(pdf: Path) -> None:
    layout = builtin_layout("gov-report")
    links = link_map(pdf)
    shown = {text for name in ("ref-1", "ref-2") for _, _, text in links[name]}
    assert {"[1]", "[2-4]", "[1,4]"} == shown  # [2-4] links to its first entry, ref-2
    for number in (1, 2):
        for _, link, _ in links[f"ref-{number}"]:
            assert text_at(pdf, int(link["page"]), link["to"]).startswith(f"[{number}]")  # type: ignore[arg-type]
    for number in (1, 2, 3, 4):
        [(_, back, shown_text)] = links[f"cite-{number}"]
        assert shown_text == f"[{number}]"
        assert "[" in text_at(pdf, int(back["page"]), back["to"])  # type: ignore[arg-type]
    assert "cite-5" not in links  # never cited: no way back
    # cite-2, cite-3 and cite-4 all lead to the one citation [2-4]
    assert len({(link["page"], link["to"].y) for n in (2, 3, 4) for _, link, _ in links[f"cite-{n}"]}) == 1  # type: ignore[union-attr]
    found = glyphs(pdf)
    call = spelled(found, "[2-4]")
    assert call[0].size == pytest.approx(layout.body_size * 0.6, abs=0.1)  # superscript size, raised
    body = spelled(found, "革", call[0].page)[0]
    assert call[0].origin_y < body.origin_y - 2


def test_salutation_flush_left_and_sign_off_flush_right(pdf: Path) -> None:
    layout = builtin_layout("gov-report")
    found = glyphs(pdf)
    salutation = spelled(found, "各位代表：")
    paragraph = spelled(found, "现在，我代表")
    page = salutation[0].page
    left = min(glyph.x0 for glyph in found if glyph.page == page and abs(glyph.size - layout.body_size) < 0.1)
    assert abs(salutation[0].x0 - left) < 1.0  # no indent
    assert paragraph[0].x0 - left == pytest.approx(layout.indent.pt, abs=1.5)  # while the body has one
    # §7.3.5.2: the date (as wide as the name) two characters in, the name two further left
    pitch = layout.char_pitch.pt
    for lines, indents in ((("某市人民政府", "2024年1月8日"), (4 * pitch, 2 * pitch)),):
        line_glyphs = [spelled(found, line, last=True) for line in lines]  # not the cover's organisation
        page = line_glyphs[0][0].page
        left = min(glyph.x0 for glyph in found if glyph.page == page and abs(glyph.size - layout.body_size) < 0.1
                   and glyph.char not in "“（")
        right = left + layout.page.text_width.pt
        for each, indent in zip(line_glyphs, indents, strict=True):
            # right-aligned, `indent` in; the grid's letter spacing trails the last glyph
            assert each[-1].x1 == pytest.approx(right - indent, abs=1.5), (each[-1].char, right, indent)
    # the sign-off stands one blank line below the text
    signoff = spelled(found, "某市人民政府", last=True)[0]
    before = spelled(found, "展。", signoff.page)[-1]
    assert signoff.origin_y - before.origin_y == pytest.approx(2 * layout.line_pitch, abs=1)


# ------------------------------------------------------------------------------------------ imprint


def rules(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The horizontal rules drawn on `page` (filled or stroked, at most 1.5 pt high), top to bottom."""
    found = {(round(r.x0, 1), round(r.y0, 1), round(r.x1, 1), round(r.y1, 1))
             for drawing in page.get_drawings() for r in [drawing["rect"]] if r.height <= 1.5 and r.width > 50}
    if not found:  # a border drawn as one stroked rectangle: its top and bottom edges are the rules
        boxes = [drawing for drawing in page.get_drawings() if drawing["rect"].width > 50]
        found = {(round(d["rect"].x0, 1), round(y, 1), round(d["rect"].x1, 1), round(y, 1))
                 for d in boxes for y in (d["rect"].y0, d["rect"].y1)}
    return sorted((pymupdf.Rect(*r) for r in found), key=lambda r: r.y0)


def imprint_page(pdf: Path) -> tuple[pymupdf.Rect, pymupdf.Rect, list[Glyph], list[Glyph], int]:
    """The last page's imprint: its two rules, the organisation's and the date's glyphs, the page."""
    found = glyphs(pdf)
    organ, date = spelled(found, "大会秘书处", last=True), spelled(found, "2024年1月印", last=True)
    with pymupdf.open(pdf) as reader:
        assert organ[0].page == len(reader)  # the last page
        lines = [r for r in rules(reader[organ[0].page - 1]) if r.y0 > organ[0].y0 - 40]
    return lines[0], lines[-1], organ, date, organ[0].page


def test_the_imprint_stands_at_the_foot_of_the_last_page_between_two_rules(pdf: Path) -> None:
    """GB/T 9704 §7.4: the 版记 at the foot of the last page — its last rule on the text block's bottom
    edge (§7.4.1), full width, a rule above it too — in 4号 (14 pt), the organisation 左空一字 and the
    date 右空一字 on one line (§7.4.3)."""
    layout = builtin_layout("gov-report")
    top, bottom, organ, date, _page = imprint_page(pdf)
    text_bottom = layout.page.height.pt - layout.page.bottom.pt
    assert bottom.y1 == pytest.approx(text_bottom, abs=1.2)  # a 0.35 mm rule (1 pt) on the edge
    for rule in (top, bottom):
        assert rule.width == pytest.approx(layout.page.text_width.pt, abs=1.5)
    assert top.y1 < organ[0].y0 and organ[0].y1 < bottom.y0  # the line between the rules
    assert all(abs(glyph.size - 14.0) < 0.05 for glyph in organ + date)
    assert organ[0].origin_y == pytest.approx(date[0].origin_y, abs=0.1)  # one line
    em = 14.0
    assert organ[0].x0 - top.x0 == pytest.approx(em, abs=1.5)  # 左空一字
    assert top.x1 - date[-1].x1 == pytest.approx(em, abs=1.5)  # 右空一字


@pytest.mark.parametrize("short_paragraphs", [0, 1, 2, 3])
def test_the_imprint_never_covers_text_and_moves_on_when_the_page_is_full(tmp_path: Path,
                                                                          short_paragraphs: int) -> None:
    """Whatever room the last page has left (16 long paragraphs end a page at 2/3 of its height, each
    short one takes a line more: the imprint fits under 0–1 of them, not under 2–3): the imprint stays
    at the foot of the last page, no text of that page runs into it, and a page too full for it sends
    it on with the last paragraph (`break-before: avoid-page`), never alone."""
    b = Builder()
    b.blocks += [b.para(FILLER) for _ in range(16)] + [b.para("短段落。") for _ in range(short_paragraphs)]
    b.blocks += [SignOff(lines=((text("大会秘书处"),), (text("2024年1月印"),)), kind="imprint", pos=POS)]
    pdf = render(b.document(), tmp_path)
    top, _bottom, organ, date, page = imprint_page(pdf)
    body = [glyph for glyph in glyphs(pdf) if glyph.page == page and glyph not in organ + date
            and glyph.char not in "—0123456789"]  # the folio is below the text block
    assert body  # not alone on its page
    assert max(glyph.y1 for glyph in body) < top.y0 - 10  # and clear of the text above it


@pytest.mark.parametrize("paragraphs", [1, 12])
def test_the_notes_of_the_imprint_s_page_stand_above_it(tmp_path: Path, paragraphs: int) -> None:
    """A page-foot note on the imprint's page (a short last page, a full one): the note's text and its
    rule stand above the imprint's first rule — the imprint keeps the foot, nothing printed over it."""
    b = Builder()
    b.blocks += [b.para(FILLER) for _ in range(paragraphs - 1)]
    b.blocks += [b.para("最后一段带注释", b.foot_note("last", "这是最后一页上的脚注，应当在版记的上方。"), "。")]
    b.blocks += [SignOff(lines=((text("大会秘书处"),), (text("2024年1月印"),)), kind="imprint", pos=POS)]
    pdf = render(b.document(), tmp_path)
    _top, bottom, organ, _date, page = imprint_page(pdf)
    note = spelled(glyphs(pdf), "这是最后一页上的脚注，应当在版记的上方。", page)
    with pymupdf.open(pdf) as reader:
        drawn = rules(reader[page - 1])
    top = max((r for r in drawn if r.y1 < organ[0].y0), key=lambda r: r.y0)  # the imprint's first rule
    assert max(glyph.y1 for glyph in note) < top.y0  # the note above it
    assert any(r.y1 < note[0].y0 for r in drawn if r is not top)  # under the footnote area's rule
    layout = builtin_layout("gov-report")
    assert bottom.y1 == pytest.approx(layout.page.height.pt - layout.page.bottom.pt, abs=1.2)  # at the foot


def test_an_imprint_that_is_not_the_last_block_is_refused_at_its_line(tmp_path: Path) -> None:
    from reportpress.errors import SourceError
    from reportpress.reader import read_text

    imprint = "::: imprint\n开头的版记秘书处\n2024年1月印\n:::\n"
    with pytest.raises(SourceError, match=r"imprint.*last block") as error:
        read_text(f"# 一、标题\n\n{imprint}\n正文[^a]。\n\n[^a]: 注。\n", "first.md")
    assert error.value.pos == SourcePos("first.md", 3)
    with pytest.raises(SourceError, match="imprint"):  # in the body, before an appendix
        read_text(f"正文。\n\n{imprint}\n::: appendix\n# 附件\n\n附件正文。\n:::\n", "body.md")
    # last of the text, or of the last appendix: accepted; end notes go before it
    document = read_text(f"---\nnotes: end\n---\n\n正文[^a]。\n\n{imprint}\n[^a]: 注。\n", "end.md")
    assert isinstance(document.blocks[-1], SignOff) and isinstance(document.blocks[-2], EndNotes)
    document = read_text(f"正文。\n\n::: appendix\n# 附件\n\n附件正文。\n\n{imprint}:::\n", "app.md")
    last = document.blocks[-1]
    assert isinstance(last, Appendix) and isinstance(last.blocks[-1], SignOff)


def test_glossary_numbers_every_entry_in_order_straight_before_the_term(pdf: Path, document: Document) -> None:
    with pymupdf.open(pdf) as reader:
        text = "".join(page.get_text() for page in reader)
    assert "1．“一网通办”" in text
    # the unused entry: numbered after the used one, its term shown like a term, no call to go back to
    assert "2．3个“3”服务：" in text and "．\u3000" not in text
    assert text.index("1．“一网通办”") < text.index("2．3个“3”服务")
    links = link_map(pdf)
    assert "endnote-ref-1" in links and "endnote-ref-2" not in links
    found = glyphs(pdf)
    used, unused = spelled(found, "一网通办”：政务"), spelled(found, "3个“3”服务：")
    assert used[0].font == unused[0].font and used[0].size == unused[0].size


def test_the_cover_shows_the_label_above_the_title_and_the_speaker_under_the_subtitle(
        pdf: Path, document: Document) -> None:
    layout = builtin_layout("gov-report")
    found = [glyph for glyph in glyphs(pdf) if glyph.page == 1]
    meta = document.meta
    label, title = spelled(found, meta.label), spelled(found, meta.title)
    subtitle, author = spelled(found, meta.subtitle), spelled(found, meta.author)
    assert label[0].origin_y < title[0].origin_y < subtitle[0].origin_y < author[0].origin_y
    assert label[0].size == pytest.approx(layout.sizes["label"], abs=0.1)
    with pymupdf.open(pdf) as reader:
        width = reader[0].rect.width
    for line in (label, title, author):
        # centred on the cover page (its text block is centred between the margins of a recto)
        middle = (line[0].x0 + line[-1].x1) / 2
        assert abs(middle - (layout.page.inside.pt + (width - layout.page.outside.pt)) / 2) < 3.0
    # the title stays where a cover without a label has it: `[cover] title_drop` into the text block
    drop = title[0].y0 - layout.page.top.pt
    assert drop == pytest.approx(layout.cover_title_drop.pt, abs=layout.line_pitch.pt)
    assert label[0].y0 < title[0].y0 - layout.line_pitch.pt


@pytest.mark.warns(match=r"hand\.md:1: no title: the front cover is left out")
def test_an_untitled_document_gets_no_blank_front_cover(tmp_path: Path,
                                                        warnings_logged: list[logging.LogRecord]) -> None:
    layout = builtin_layout("gov-report")
    untitled = replace(every_construct(), meta=Meta())
    pdf = render(untitled, tmp_path)
    assert [record.getMessage() for record in warnings_logged] == [
        f"{tmp_path / 'hand.md'}:1: no title: the front cover is left out (give title:, or cover: NAME)"]
    with pymupdf.open(pdf) as reader:
        first = squeeze(reader[0].get_text())
    assert first.startswith("各位代表：")  # page 1 is the body's, no cover, no blank verso
    salutation = spelled(glyphs(pdf), "各位代表：")[0]
    assert salutation.page == 1
    # and no empty title block: the salutation is on the text block's first line
    assert salutation.y0 - layout.page.top.pt < layout.line_pitch.pt


def test_an_untitled_document_keeps_a_cover_its_front_matter_names(tmp_path: Path) -> None:
    named = replace(every_construct(), meta=Meta(cover=Cover(front="cover-front")))
    pdf = render(named, tmp_path)
    with pymupdf.open(pdf) as reader:
        # the named cover, then a blank verso: the mirrored body opens on a recto as before
        assert squeeze(reader[1].get_text()) == ""
        assert squeeze(reader[2].get_text()).startswith("各位代表：")
