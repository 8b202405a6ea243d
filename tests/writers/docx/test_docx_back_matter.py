"""Issue 10's constructs in the DOCX: appendices, end notes, citations and the reference list,
salutation, sign-off and imprint, the cover's label and speaker, and the glossary's numbering with
unused entries. The reader for their syntax is written in parallel, so the documents are built by hand
(`report` below) and written with the real writer; they are read back with docx2python, pandoc, lxml
on the parts, openxml-audit and LibreOffice's PDF export."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from docx2python import docx2python
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress import resolve
from reportpress.layouts import Layout
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
    Reference,
    References,
    Salutation,
    SignOff,
    TermRef,
)
from reportpress.writers.docx import write_docx
from reportpress.writers.docx.document import INVISIBLE_MARK
from tests.pdfread import find_in_order
from tests.writers.docx.docxread import (
    POS,
    cover_paragraphs,
    docx_paragraphs,
    expected_paragraphs,
    note_heads,
    para,
    part_xml,
    squeeze,
    text,
    w,
)
from tests.writers.docx.test_docx_audit import audit, unexplained
from tests.writers.docx.test_docx_libreoffice import convert, printed_text

DEFAULT_COVER = Cover()
GLOSSARY = (("甲", "甲术语", "甲的解释", True), ("乙", "乙术语", "乙的解释", True),
            ("丙", "3个“3”服务", "丙的解释", False), ("丁", "丁术语", "丁的解释", False))


# ---------------------------------------------------------------------------------------- builder


def term(term_id: str) -> TermRef:
    shown = next(shown for key, shown, _definition, _used in GLOSSARY if key == term_id)
    return TermRef(term_id=term_id, inlines=(text(shown),), anchor=True, pos=POS)


def call(note_id: str) -> FootnoteRef:
    return FootnoteRef(id=note_id, pos=POS)


def report(*, end_notes: bool = True, glossary: bool = True, marker: str = "", title: str = "测试报告",
           label: str = "某市第十届人民代表大会第三次会议文件（十二）", cover: Cover = DEFAULT_COVER) -> Document:
    """A report using every construct of issue 10 the way the reader will give them: salutation first,
    body with term references, end-note calls and citations, sign-off and imprint, then the end notes,
    the reference list and two appendices, the second holding the glossary (`附件2 名词解释`)."""
    maybe_call: tuple[Inline, ...] = (call("x"),) if end_notes else ()
    second_call: tuple[Inline, ...] = (call("y"),) if end_notes else ()
    terms_a: tuple[Inline, ...] = (term("甲"),) if glossary else (text("甲术语"),)
    terms_b: tuple[Inline, ...] = (term("乙"),) if glossary else (text("乙术语"),)
    blocks: list[Block] = [
        Salutation(inlines=(text("各位代表："),), pos=POS),
        Heading(level=1, inlines=(text("一、过去一年的工作"),), id="h-1", pos=POS),
        para(text("正文说到"), *terms_a, text("，有注"), *maybe_call, text("，有引用"),
             Citation(keys=("k2", "k1"), pos=POS), text("。")),
        para(text("再说"), *terms_b, text("，再注"), *second_call, text("，再引"),
             Citation(keys=("k2",), pos=POS), text("。")),
        SignOff(lines=((text("某市人民政府"),), (text("2024年1月1日"),)), pos=POS),
        SignOff(lines=((text("大会秘书处"),), (text("2024年1月印"),)), kind="imprint", pos=POS),
    ]
    if end_notes:
        blocks.append(EndNotes(title="", pos=POS))
    blocks += [
        References(title="", pos=POS),
        Appendix(number=1, label="", title=(text("重点项目清单"),), id="app-1", pos=POS, blocks=(
            Heading(level=1, inlines=(text("一、民生项目"),), id="h-2", pos=POS), para(text("附件正文。")))),
    ]
    if glossary:
        blocks.append(Appendix(number=2, label="", title=(text("名词解释"),), id="app-2", pos=POS,
                               blocks=(Glossary(title="", pos=POS),)))
    entries = tuple(GlossaryEntry(id=key, term=(text(shown),), definition=(para(text(definition)),),
                                  anchored=used, pos=POS)
                    for key, shown, definition, used in GLOSSARY) if glossary else ()
    notes = (Footnote(id="x", blocks=(para(text("第一条尾注。")),), placement="end", pos=POS),
             Footnote(id="y", blocks=(para(text("第二条尾注。")),), placement="end", pos=POS)) if end_notes else ()
    references = (Reference(id="k1", inlines=(text("张三. 书名[M]. 北京: 出版社, 2020."),), pos=POS),
                  Reference(id="k2", inlines=(text("李四. 文章[J]. 期刊, 2021, 3(2): 1-9."),), pos=POS))
    meta = Meta(title=title, subtitle="——在某市第十届人民代表大会第三次会议上", author="市长　张三",
                organization="某市人民政府", label=label, note_marker=marker, cover=cover)
    return Document(meta=meta, blocks=tuple(blocks), footnotes=notes, glossary=entries, references=references,
                    path="hand.md")


def write(document: Document, layout: Layout, folder: Path, name: str = "report") -> Path:
    path = folder / f"{name}.docx"
    write_docx(document, layout, path)
    return path


@pytest.fixture(scope="module")
def full(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Glossary and circled end notes together: glossary entries Word's endnotes, end notes text."""
    return write(report(), layout, tmp_path_factory.mktemp("full"))


@pytest.fixture(scope="module")
def end_notes_only(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(report(glossary=False, marker="circled"), layout, tmp_path_factory.mktemp("end-notes"))


@pytest.fixture(scope="module")
def glossary_only(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(report(end_notes=False), layout, tmp_path_factory.mktemp("glossary"))


@pytest.fixture(scope="module")
def bracket(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(report(glossary=False, marker="bracket"), layout, tmp_path_factory.mktemp("bracket"))


def body_paragraphs(path: Path) -> list[etree._Element]:
    return list(part_xml(path, "word/document.xml").iter(w("p")))


def paragraph_text(paragraph: etree._Element) -> str:
    """The paragraph's text, without the invisible custom marks that call unused glossary entries."""
    return "".join(t.text or "" for t in paragraph.iter(w("t"))).replace(INVISIBLE_MARK, "")


def styled(path: Path, style_id: str) -> list[etree._Element]:
    return [p for p in body_paragraphs(path) if p.find(f"{w('pPr')}/{w('pStyle')}") is not None
            and p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == style_id]


def style_properties(path: Path, style_id: str) -> etree._Element:
    styles = part_xml(path, "word/styles.xml")
    style = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == style_id)
    properties: etree._Element = style.find(w("pPr"))
    return properties


# ------------------------------------------------------------------------------------- appendices


def test_each_appendix_opens_a_page_with_its_label_flush_left_and_its_title_centred(full: Path) -> None:
    labels = styled(full, "AppendixLabel")
    assert [paragraph_text(p) for p in labels] == ["附件1", "附件2"]  # resolve.appendix_label
    label = style_properties(full, "AppendixLabel")
    assert label.find(w("pageBreakBefore")) is not None and label.find(w("pageBreakBefore")).get(w("val")) is None
    assert label.find(w("jc")).get(w("val")) == "left"
    assert label.find(w("outlineLvl")).get(w("val")) == "0"  # the navigation pane nests the appendix
    assert label.find(w("ind")).get(w("firstLine")) == "0"
    styles = part_xml(full, "word/styles.xml")
    names = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
    assert names["AppendixLabel"].find(w("basedOn")).get(w("val")) == "Heading1"  # the level-1 heading look
    assert names["AppendixLabel"].find(w("name")).get(w("val")) == "Appendix Label"
    assert names["AppendixTitle"].find(w("name")).get(w("val")) == "Appendix Title"
    assert style_properties(full, "AppendixTitle").find(w("jc")).get(w("val")) == "center"
    titles = styled(full, "AppendixTitle")
    assert [paragraph_text(p) for p in titles] == ["重点项目清单", "名词解释"]
    for label_p, title_p in zip(labels, titles, strict=True):
        assert paragraph_text(label_p.getnext()) == paragraph_text(title_p)
    # the appendix's own headings stay Heading N, after its title; the label carries its bookmark
    assert paragraph_text(titles[0].getnext()) == "一、民生项目"
    assert titles[0].getnext().find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Heading1"
    assert [b.get(w("name")) for b in labels[0].iter(w("bookmarkStart"))] == ["app_1"]


def test_a_glossary_inside_an_appendix_prints_no_title_of_its_own(full: Path, layout: Layout) -> None:
    texts = docx_paragraphs(full)
    assert layout.notes.glossary_title not in texts
    assert styled(full, "GlossaryHeading") == []
    assert texts[-2:] == ["附件2", "名词解释"]  # the appendix's label and title stand for it
    document = report()

    def shown(inlines: tuple[Inline, ...]) -> str:
        """The text with what python-docx reads of calls: end notes' marks and citation labels (a
        glossary entry's number is Word's own, no text)."""
        parts: list[str] = []
        for node in inlines:
            if isinstance(node, TermRef):
                parts.append(shown(node.inlines))
            elif isinstance(node, FootnoteRef):
                marker = resolve.end_note_marker(document, layout)
                parts.append(resolve.end_note_mark(marker, document.end_note_number(node.id)))
            elif isinstance(node, Citation):
                parts.append(resolve.citation_label(resolve.citation_numbers(document, node.keys)))
            elif hasattr(node, "text"):
                parts.append(node.text)
        return "".join(parts)

    assert texts == expected_paragraphs(document, layout, show=shown)


def test_libreoffice_starts_each_appendix_on_a_new_page(full: Path, tmp_path: Path) -> None:
    pdf = convert(full, tmp_path)
    pages = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    starts = [squeeze(page)[:5] for page in pages.split("\f")]
    assert "附件1重点" in starts and "附件2名词" in starts


# -------------------------------------------------------------------------------------- end notes


def endnote_format(path: Path) -> list[str]:
    settings = part_xml(path, "word/settings.xml")
    sections = list(part_xml(path, "word/document.xml").iter(w("sectPr")))
    return [where.find(f"{w('endnotePr')}/{w('numFmt')}").get(w("val")) for where in [settings, *sections]]


def test_circled_end_notes_are_word_endnotes_numbered_decimal_enclosed_circle(full: Path,
                                                                             glossary_only: Path,
                                                                             bracket: Path,
                                                                             end_notes_only: Path) -> None:
    assert set(endnote_format(end_notes_only)) == {"decimalEnclosedCircle"}  # settings and every section
    assert set(endnote_format(glossary_only)) == {"decimal"}  # no end notes: the glossary's numbers
    assert set(endnote_format(bracket)) == {"decimal"}  # ［1］: decimal inside text brackets
    assert set(endnote_format(full)) == {"decimal"}  # beside a glossary the end notes are text
    assert note_heads(end_notes_only, "endnote") == [" 第一条尾注。", " 第二条尾注。"]


def test_beside_a_glossary_the_end_notes_are_text_under_their_title(full: Path) -> None:
    """Word prints a section's endnotes in one run in call order: glossary entries and end notes as
    endnotes would interleave (1．, ①, 2．…). So the glossary's entries stay Word's endnotes (their
    numbers Word's, the unused ones' calls invisible) and the end notes are paragraphs under 注释, each
    call a superscript `①` linking to its note, each note's mark linking back to its first call."""
    document = part_xml(full, "word/document.xml")
    calls = list(document.iter(w("endnoteReference")))
    marks = [(c.get(w("customMarkFollows")), "".join(t.text or "" for t in c.getparent().iter(w("t"))))
             for c in calls]
    assert marks == [(None, ""), (None, ""), ("1", "\u200b"), ("1", "\u200b")]
    assert [c.get(w("id")) for c in calls] == ["1", "2", "3", "4"]  # ids follow the calls
    assert note_heads(full, "endnote") == [
        "．甲术语：甲的解释", "．乙术语：乙的解释", "3．3个“3”服务：丙的解释", "4．丁术语：丁的解释"]
    links = {link.get(w("anchor")): paragraph_text(link) for link in document.iter(w("hyperlink"))
             if link.get(w("anchor"), "").startswith("en_")}
    assert links == {"en_1": "①", "en_2": "②", "en_call_1": "①", "en_call_2": "②"}
    for link in document.iter(w("hyperlink")):
        if link.get(w("anchor"), "").startswith("en_"):
            style = link.find(f"{w('r')}/{w('rPr')}/{w('rStyle')}")
            calling = link.get(w("anchor")).startswith("en_") and "call" not in link.get(w("anchor"))
            # calls are superscript as the print copy's; a note's circled mark sits on the baseline
            assert (style is not None and style.get(w("val")) == "EndnoteReference") == calling
    bookmarks = {b.get(w("name")) for b in document.iter(w("bookmarkStart"))}
    assert {"en_1", "en_2", "en_call_1", "en_call_2"} <= bookmarks
    ids = [b.get(w("id")) for b in document.iter(w("bookmarkStart"))]
    assert len(ids) == len(set(ids))  # each bookmark its own id
    title = next(p for p in styled(full, "NotesHeading") if paragraph_text(p) == "注释")
    notes = [title.getnext(), title.getnext().getnext()]
    assert [paragraph_text(p) for p in notes] == ["① 第一条尾注。", "② 第二条尾注。"]
    assert {p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) for p in notes} == {"EndnoteText"}


def test_glossary_only_keeps_word_numbers_and_numbers_unused_entries_after_the_used(glossary_only: Path) -> None:
    calls = list(part_xml(glossary_only, "word/document.xml").iter(w("endnoteReference")))
    assert [c.get(w("customMarkFollows")) for c in calls] == [None, None, "1", "1"]
    # the used entries: Word's number (w:endnoteRef), then ．; the unused: their number as text
    assert note_heads(glossary_only, "endnote") == [
        "．甲术语：甲的解释", "．乙术语：乙的解释", "3．3个“3”服务：丙的解释", "4．丁术语：丁的解释"]
    notes = part_xml(glossary_only, "word/endnotes.xml")
    first_runs = [n.find(f"{w('p')}/{w('r')}") for n in notes.findall(w("endnote"))[2:]]
    assert [r.find(w("endnoteRef")) is not None for r in first_runs] == [True, True, False, False]


def test_docx2python_reads_every_endnote_in_order(full: Path, glossary_only: Path) -> None:
    with docx2python(full) as content:
        notes = [squeeze(n.partition("\t")[2]) for n in _flatten(content.endnotes) if n.strip()]
        body = squeeze(content.text)
    assert notes == ["．甲术语：甲的解释", "．乙术语：乙的解释", "3．3个“3”服务：丙的解释", "4．丁术语：丁的解释"]
    assert find_in_order(body, ["注释", "①第一条尾注。", "②第二条尾注。", "参考文献"]) == []
    with docx2python(glossary_only) as content:
        notes = [squeeze(n.partition("\t")[2]) for n in _flatten(content.endnotes) if n.strip()]
    assert notes == ["．甲术语：甲的解释", "．乙术语：乙的解释", "3．3个“3”服务：丙的解释", "4．丁术语：丁的解释"]


def test_libreoffice_prints_the_glossary_1_to_m_after_the_used_endnotes(full: Path, glossary_only: Path,
                                                                        tmp_path: Path) -> None:
    """Issue 10 item 7: LibreOffice's PDF export lists every entry, numbered 1…4 in glossary order, the
    unused ones (3, 4) after the used ones; the term straight after the number's stop (`3．3个…`, issue 12 item 5)."""
    entries = ["．甲术语：甲的解释", "．乙术语：乙的解释", "3．3个“3”服务：丙的解释", "4．丁术语：丁的解释"]
    only = printed_text(convert(glossary_only, tmp_path / "glossary"))
    notes = only[only.rindex("名词解释"):]
    assert find_in_order(notes, ["1" + entries[0], "2" + entries[1], *entries[2:]]) == []
    both = printed_text(convert(full, tmp_path / "full"))
    notes = both[both.rindex("名词解释"):]
    assert find_in_order(notes, ["1" + entries[0], "2" + entries[1], *entries[2:]]) == []
    assert "尾注" not in notes  # no end note among the glossary's entries
    body = both[:both.index("附件1")]
    assert find_in_order(body, ["甲术语1", "有注①", "乙术语2", "再注②", "注释", "①第一条尾注。",
                                "②第二条尾注。", "参考文献"]) == []


def test_bracket_end_note_calls_are_brackets_around_word_s_number(bracket: Path, tmp_path: Path,
                                                                 layout: Layout) -> None:
    paragraph = next(p for p in body_paragraphs(bracket) if "正文说到" in paragraph_text(p))
    runs = [r for r in paragraph.iter(w("r"))]
    at = next(i for i, r in enumerate(runs) if r.find(w("endnoteReference")) is not None)
    assert [paragraph_text(runs[at - 1]), paragraph_text(runs[at + 1])] == ["［", "］"]
    for run in runs[at - 1:at + 2]:
        assert run.find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) == "EndnoteReference"
    text_ = printed_text(convert(bracket, tmp_path))
    assert "有注［1］，有引用" in text_ and "再注［2］" in text_
    assert resolve.end_note_mark("bracket", 1) == "［1］"


def test_end_notes_title_stands_where_the_block_is(full: Path, layout: Layout) -> None:
    titles = styled(full, "NotesHeading")
    assert [paragraph_text(p) for p in titles] == [layout.notes.end_title, layout.notes.references_title]
    notes_heading = style_properties(full, "NotesHeading")
    assert notes_heading.find(w("pageBreakBefore")).get(w("val")) == "0"  # the glossary title's look, no break


# -------------------------------------------------------------------------------- citations, references


def test_citations_are_superscript_links_to_the_entries_bookmarks(full: Path) -> None:
    document = part_xml(full, "word/document.xml")
    links = [link for link in document.iter(w("hyperlink")) if link.get(w("anchor"), "").startswith("ref_")]
    # [@k2; @k1]: both numbers, ascending, as a range, linked to the first; then [@k2] alone
    assert [(link.get(w("anchor")), paragraph_text(link)) for link in links] == [("ref_1", "[1-2]"),
                                                                               ("ref_2", "[2]")]
    for link in links:
        assert link.find(f"{w('r')}/{w('rPr')}/{w('rStyle')}").get(w("val")) == "CitationReference"
    styles = part_xml(full, "word/styles.xml")
    citation = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == "CitationReference")
    assert citation.find(f"{w('rPr')}/{w('vertAlign')}").get(w("val")) == "superscript"
    bookmarks = {b.get(w("name")): b for b in document.iter(w("bookmarkStart"))}
    entries = styled(full, "ReferenceEntry")
    assert [paragraph_text(p) for p in entries] == ["[1] 张三. 书名[M]. 北京: 出版社, 2020.",
                                                    "[2] 李四. 文章[J]. 期刊, 2021, 3(2): 1-9."]
    for number, entry in enumerate(entries, start=1):
        assert paragraph_text(bookmarks[f"ref_{number}"].getparent()) == paragraph_text(entry)
    ids = [b.get(w("id")) for b in document.iter(w("bookmarkStart"))]
    assert len(ids) == len(set(ids))
    indent = style_properties(full, "ReferenceEntry").find(w("ind"))
    assert int(indent.get(w("hanging"))) == int(indent.get(w("left"))) > 0  # a hanging indent


def test_pandoc_reads_salutation_sign_off_and_references_as_text(full: Path) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    plain = subprocess.run([pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(full)], check=True,
                           capture_output=True, text=True).stdout
    assert find_in_order(squeeze(plain), ["各位代表：", "正文说到甲术语", "[1-2]", "某市人民政府", "2024年1月1日",
                                          "大会秘书处", "2024年1月印", "注释", "参考文献", "[1]张三.书名",
                                          "[2]李四.文章", "附件1", "重点项目清单", "附件2", "名词解释"]) == []


# ------------------------------------------------------------------------------ salutation, sign-off


def test_salutation_is_flush_left_with_no_first_line_indent(full: Path) -> None:
    [salutation] = styled(full, "Salutation")
    assert paragraph_text(salutation) == "各位代表："
    properties = style_properties(full, "Salutation")
    indent = properties.find(w("ind"))
    assert (indent.get(w("firstLine")), indent.get(w("firstLineChars"))) == ("0", "0")
    assert properties.find(w("jc")).get(w("val")) == "left"


def test_sign_off_is_right_aligned_after_one_blank_line(full: Path, layout: Layout) -> None:
    sign_off = styled(full, "SignOff")
    assert [paragraph_text(p) for p in sign_off] == ["某市人民政府", "2024年1月1日"]
    properties = style_properties(full, "SignOff")
    assert properties.find(w("jc")).get(w("val")) == "right"
    assert properties.find(w("ind")).get(w("right")) == str(layout.indent.twips)  # two characters in
    before = [p.find(f"{w('pPr')}/{w('spacing')}") for p in sign_off]
    assert before[0].get(w("before")) == str(layout.line_pitch.twips) and before[1] is None


def test_the_imprint_is_a_frame_at_the_text_block_s_foot_between_two_rules(full: Path, layout: Layout) -> None:
    """GB/T 9704 §7.4: one row, the organisation one 4号 character in, the date one character from the
    right edge (the style's tabs), 0.35 mm rules above and below, in a text-block-wide frame whose
    bottom is the text block's, so the last rule lies on its edge."""
    (imprint,) = styled(full, "Imprint")
    runs = [child for child in imprint.iter(w("r"))]
    assert [("\t" if run.find(w("tab")) is not None else paragraph_text(run)) for run in runs] == [
        "\t", "大会秘书处", "\t", "2024年1月印"]
    frame = imprint.find(f"{w('pPr')}/{w('framePr')}")
    # one row of one line pitch and two 0.35 mm rules high, its bottom on the text block's
    height = layout.line_pitch.pt + 2 * 0.35 / 25.4 * 72
    attrs = {key.split("}")[1]: value for key, value in frame.attrib.items()}
    assert int(attrs.pop("h")) == pytest.approx(height * 20, abs=1)
    assert int(attrs.pop("y")) == pytest.approx((layout.page.height.pt - layout.page.bottom.pt - height) * 20, abs=1)
    assert attrs == {"w": str(layout.page.text_width.twips), "hRule": "exact", "wrap": "around",
                     "hAnchor": "margin", "vAnchor": "page", "xAlign": "center"}
    borders = imprint.find(f"{w('pPr')}/{w('pBdr')}")
    assert [(etree.QName(b).localname, b.get(w("sz"))) for b in borders] == [("top", "8"), ("bottom", "8")]
    style = style_properties(full, "Imprint")
    em = round(layout.sizes["note"].pt * 20)
    tabs = [(tab.get(w("val")), int(tab.get(w("pos")))) for tab in style.find(w("tabs"))]
    assert tabs == [("left", em), ("right", layout.page.text_width.twips - em)]
    styles = part_xml(full, "word/styles.xml")
    imprint_style = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == "Imprint")
    size = imprint_style.find(f"{w('rPr')}/{w('sz')}")
    assert size is not None and int(size.get(w("val"))) == round(layout.sizes["note"].pt * 2) == 28  # 四号


def test_libreoffice_sets_the_imprint_at_the_text_block_s_foot(full: Path, tmp_path: Path,
                                                               layout: Layout) -> None:
    """LibreOffice's PDF of the DOCX: the imprint's row at the foot of its page, its lower rule on
    the text block's bottom edge, the organisation one character in and the date one from the right."""
    pdf = convert(full, tmp_path)
    bottom = layout.page.height.pt - layout.page.bottom.pt
    em = layout.sizes["note"].pt
    with pymupdf.open(pdf) as reader:
        for page in reader:
            lines = {"".join(span["text"] for span in line["spans"]).replace(" ", ""): line
                     for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])}
            if "大会秘书处" in lines:
                break
        else:
            pytest.fail("no imprint in LibreOffice's PDF")
        organ, date = lines["大会秘书处"], lines["2024年1月印"]
        rules = sorted((d["rect"] for d in page.get_drawings() if d["rect"].width > 300), key=lambda r: r.y0)
    assert organ["bbox"][1] == pytest.approx(date["bbox"][1], abs=0.5)  # one line
    assert organ["spans"][0]["size"] == pytest.approx(em, abs=0.05)
    assert rules[-1].y1 == pytest.approx(bottom, abs=1.5) and rules[-2].y0 < organ["bbox"][1]
    assert organ["bbox"][0] - rules[-1].x0 == pytest.approx(em, abs=1.5)
    assert rules[-1].x1 - date["bbox"][2] == pytest.approx(em, abs=1.5)
    assert rules[-1].width == pytest.approx(layout.page.text_width.pt, abs=1.5)


# ------------------------------------------------------------------------------------------- cover


def test_cover_shows_the_label_above_the_title_and_the_speaker_under_the_subtitle(full: Path) -> None:
    meta = report().meta
    assert cover_paragraphs(full) == [meta.label, meta.title, meta.subtitle, meta.author, meta.organization, ""]
    body = list(part_xml(full, "word/document.xml").find(w("body")))
    assert body[0].find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "CoverLabel"
    styles = part_xml(full, "word/styles.xml")
    label = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == "CoverLabel")
    assert label.find(f"{w('pPr')}/{w('jc')}").get(w("val")) == "center"
    assert label.find(f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) == "黑体"  # the label role


def test_a_label_leaves_the_title_where_it_stands(layout: Layout, tmp_path: Path) -> None:
    def drop(document: Document, name: str) -> int:
        body = list(part_xml(write(document, layout, tmp_path, name), "word/document.xml").find(w("body")))
        title = next(p for p in body if p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Title")
        return int(title.find(f"{w('pPr')}/{w('spacing')}").get(w("before")))

    assert drop(report(label=""), "plain") - drop(report(), "label") == layout.line_pitch.twips


def test_no_title_no_cover_unless_the_front_matter_names_one(layout: Layout, tmp_path: Path) -> None:
    assert cover_paragraphs(write(report(title=""), layout, tmp_path, "untitled")) == []
    named = report(title="", cover=Cover(front="cover-front"))
    assert cover_paragraphs(write(named, layout, tmp_path, "named"))[0] == named.meta.label


# ------------------------------------------------------------------------------------------- audit


@pytest.mark.parametrize("fixture", ["full", "glossary_only", "bracket", "end_notes_only"])
def test_openxml_audit_finds_nothing(fixture: str, request: pytest.FixtureRequest) -> None:
    assert unexplained(audit(request.getfixturevalue(fixture))) == []


def test_the_builder_uses_every_new_construct() -> None:
    kinds = {type(block) for block in report().blocks} | {type(block) for block in report().blocks[-1].blocks}
    assert {Salutation, SignOff, EndNotes, References, Appendix, Glossary} <= kinds
    assert dataclasses.replace(report(), blocks=()).meta.label


def _flatten(tree: object) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    out: list[str] = []
    for child in tree:  # type: ignore[attr-defined]
        out.extend(_flatten(child))
    return out
