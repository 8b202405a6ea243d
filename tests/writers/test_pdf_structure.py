"""Issue 10 in the print PDF: appendices, end notes, citations and references, salutation, sign-off,
the cover's document label, the glossary's numbering, read back with pdftotext and PyMuPDF.

The reader for the new syntax is written apart from the writers: the documents here are built by
hand (`Builder`) and go through the real PDF path (`build.build_print_pdf`: typesetting pass, WeasyPrint,
covers, merge).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from reportpress.build import Inputs, build_print_pdf, read_covers
from reportpress.layouts import Layout, load_layout
from reportpress.model import (
    Appendix,
    Block,
    Citation,
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
        b.para("全年经济平稳运行", cite("a"), "，推进“一网通办”", b.term("t1", "“一网通办”", "政务服务的一种方式。"),
               "改革", cite("b", "c", "d"), "。", FILLER, b.foot_note("f1", "页下注。")),
        b.heading(2, "（一）经济发展"),
        b.para("再次提到第一条注释", b.end_note("n2", "第二条注释的正文，比第一条长一些，用来看换行。" * 3),
               "，又引用", cite("d", "a"), "。", FILLER),
        SignOff(lines=((text("某市人民政府"),), (text("2024年1月8日"),)), pos=POS),
        EndNotes(title="", pos=POS),
        References(title="", pos=POS),
    ]
    b.unused_term("t2", "3个“3”服务", "未在正文中用到的词条。")
    b.blocks += [
        b.appendix("重点项目清单", b.heading(1, "一、基础设施项目"), b.para(FILLER),
                   b.heading(2, "（一）交通项目"), b.para("轨道交通。"), b.heading(1, "二、民生项目"), b.para("学校。")),
    ]
    b.blocks += [b.appendix("名词解释", Glossary(title="", pos=POS))]
    b.blocks += [SignOff(lines=((text("大会秘书处"),), (text("2024年1月印"),)), kind="imprint", pos=POS)]
    return b.document()


def render(document: Document, tmp_path: Path, layout: Layout | None = None) -> Path:
    """The whole print PDF of `document`, as `reportpress build` makes it."""
    layout = layout or load_layout("gov-report")
    source = tmp_path / "hand.md"
    source.write_text("", encoding="utf-8")
    inputs = Inputs(covers=read_covers(document, layout, source), images={})
    path = tmp_path / "hand.pdf"
    path.write_bytes(build_print_pdf(document, layout, source, inputs))
    return path
