"""Glossary entries as real Word endnotes, footnotes as real footnotes: read back with docx2python,
pandoc and the notes parts' own XML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx2python import docx2python

from reportpress.model import Document, Paragraph, TermRef, plain_text
from tests.writers.docx.docxread import NS, part_xml, squeeze, w

NOTE_MARK = re.compile(r"----(endnote|footnote)(\d+)----")


def definition_text(document: Document, index: int) -> str:
    entry = document.glossary[index]
    first = entry.definition[0]
    assert isinstance(first, Paragraph)
    return plain_text(entry.term) + "：" + plain_text(first.inlines)


def anchors(document: Document) -> list[TermRef]:
    """Every anchoring term reference, in document order (headings, paragraphs, lists, quotes)."""
    found: list[TermRef] = []

    def visit(node: object) -> None:
        if isinstance(node, TermRef) and node.anchor:
            found.append(node)
        for name in ("blocks", "items", "inlines", "lead"):
            for child in getattr(node, name, ()) or ():
                if isinstance(child, tuple):
                    for grandchild in child:
                        visit(grandchild)
                else:
                    visit(child)

    for block in document.blocks:
        visit(block)
    return found


# ------------------------------------------------------------------------------------ docx2python


def test_docx2python_finds_13_endnotes_with_their_definitions(sample_docx: Path,
                                                              sample_document: Document) -> None:
    with docx2python(sample_docx) as content:
        notes = [text for text in _flatten(content.endnotes) if text.strip()]
    assert len(notes) == 13
    for number, note in enumerate(notes, start=1):
        label, _, text = note.partition("\t")
        assert label == f"endnote{number})"
        # after Word's number: `．` and the term straight after it (issue 12 item 5: `5．3个“3”服务`)
        assert text.startswith("．") and not text.startswith("．\u3000")
        assert squeeze(text) == "．" + squeeze(definition_text(sample_document, number - 1))


def test_docx2python_puts_each_reference_right_after_its_term(sample_docx: Path,
                                                             sample_document: Document) -> None:
    with docx2python(sample_docx) as content:
        body = content.text
    marks = [(kind, int(number)) for kind, number in NOTE_MARK.findall(body)]
    endnotes = [number for kind, number in marks if kind == "endnote"]
    assert endnotes == list(range(1, 14))  # numbered in reading order, each called once
    for term_ref in anchors(sample_document):
        number = sample_document.endnote_number(term_ref.term_id)
        shown = plain_text(term_ref.inlines)
        assert f"{shown}----endnote{number}----" in body, shown


def test_docx2python_reads_footnotes_apart_from_endnotes(construct_docx: Path,
                                                         construct_document: Document) -> None:
    with docx2python(construct_docx) as content:
        footnotes = [text for text in _flatten(content.footnotes) if text.strip()]
        endnotes = [text for text in _flatten(content.endnotes) if text.strip()]
        body = content.text
    assert [squeeze(text.partition("\t")[2]) for text in footnotes] == [
        squeeze(plain_text(note.blocks[0].inlines))  # type: ignore[union-attr]
        for note in construct_document.footnotes
    ]
    assert len(endnotes) == len(construct_document.glossary) == 3  # the unused entry is the last
    assert [squeeze(text.partition("\t")[2]) for text in endnotes] == [
        ("" if index < 2 else "3") + "．" + squeeze(definition_text(construct_document, index)) for index in range(3)]
    assert "并有脚注----footnote1----" in body
    assert "列表第一项----footnote2----" in body  # a footnote inside a list item
    assert "“合议核准制”----endnote1----”以外" in body  # right after the term, inside the quotes
    assert "一楼一次办----endnote2----" in body


# ------------------------------------------------------------------------------------------ pandoc


def test_pandoc_reads_the_same_notes(sample_docx: Path, sample_document: Document) -> None:
    native = pandoc_json(sample_docx)
    notes: list[tuple[str, str]] = []  # (text just before the note, note text)
    _collect_notes(native["blocks"], notes)
    assert len(notes) == 13 + len(sample_document.footnotes)
    # pandoc merges both kinds into one sequence; the sample has endnotes only
    assert [_plain(text) for _before, text in notes] == [
        "．" + _plain(definition_text(sample_document, index)) for index in range(13)]
    for (before, _text), term_ref in zip(notes, anchors(sample_document), strict=True):
        assert _plain(before).endswith(_plain(plain_text(term_ref.inlines)))


def pandoc_json(path: Path) -> dict[str, Any]:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    result = subprocess.run([pandoc, "-f", "docx", "-t", "json", str(path)], check=True, capture_output=True,
                            text=True)
    native: dict[str, Any] = json.loads(result.stdout)
    return native


def _plain(text: str) -> str:
    """Squeezed, with pandoc's Quoted nodes and curly quotes made alike."""
    return squeeze(text).replace("“", '"').replace("”", '"')


def _stringify(inlines: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind == "Quoted":
            parts.append('"' + _stringify(content[1]) + '"')
        elif kind in ("Strong", "Emph", "Underline", "Span", "Link", "SmallCaps", "Superscript"):
            inner = content[1] if kind in ("Span", "Link") else content
            parts.append(_stringify(inner))
    return "".join(parts)


def _collect_notes(blocks: list[dict[str, Any]], notes: list[tuple[str, str]]) -> None:
    for block in blocks:
        content = block.get("c")
        if block["t"] in ("Para", "Plain", "Header"):
            inlines = content[2] if block["t"] == "Header" else content
            _notes_in_inlines(inlines, notes)
        elif block["t"] in ("BulletList", "OrderedList"):
            items = content if block["t"] == "BulletList" else content[1]
            for item in items:
                _collect_notes(item, notes)
        elif block["t"] == "BlockQuote":
            _collect_notes(content, notes)


def _notes_in_inlines(inlines: list[dict[str, Any]], notes: list[tuple[str, str]]) -> None:
    for index, inline in enumerate(inlines):
        if inline["t"] == "Note":
            text = "".join(_stringify(b["c"]) for b in inline["c"] if b["t"] in ("Para", "Plain"))
            notes.append((_stringify(inlines[:index]), text))
        elif inline["t"] in ("Strong", "Emph", "Span"):
            inner = inline["c"][1] if inline["t"] == "Span" else inline["c"]
            _notes_in_inlines(inner, notes)


# ------------------------------------------------------------------------------------- XML level


@pytest.mark.parametrize("fixture", ["sample_docx", "construct_docx"])
def test_every_reference_resolves_and_separators_exist(fixture: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(fixture)
    document = part_xml(path, "word/document.xml")
    settings = part_xml(path, "word/settings.xml")
    for kind in ("footnote", "endnote"):
        notes = part_xml(path, f"word/{kind}s.xml")
        assert notes.nsmap.get("r") == NS["r"]  # docx2python needs xmlns:r on the root
        by_id = {n.get(w("id")): n for n in notes.findall(w(kind))}
        assert len(by_id) == len(notes.findall(w(kind))), "duplicate note ids"
        assert by_id["-1"].get(w("type")) == "separator"
        assert by_id["0"].get(w("type")) == "continuationSeparator"
        # footnotes keep Word's rule; the endnotes' separators are empty (no rule under the glossary title)
        drawn = kind == "footnote"
        assert (by_id["-1"].find(f".//{w('separator')}") is not None) == drawn
        assert (by_id["0"].find(f".//{w('continuationSeparator')}") is not None) == drawn
        listed = settings.findall(f"{w(kind + 'Pr')}/{w(kind)}")
        assert sorted(n.get(w("id")) for n in listed) == ["-1", "0"]
        references = [r.get(w("id")) for r in document.iter(w(f"{kind}Reference"))]
        ordinary = [i for i, n in by_id.items() if n.get(w("type")) is None]
        assert sorted(references, key=int) == sorted(ordinary, key=int)  # each note called exactly once
        custom = {r.get(w("id")): "".join(t.text or "" for t in r.getparent().iter(w("t")))
                  for r in document.iter(w(f"{kind}Reference")) if r.get(w("customMarkFollows")) == "1"}
        for note_id in ordinary:
            first_run = by_id[note_id].find(f"{w('p')}/{w('r')}")
            assert first_run is not None
            if note_id in custom:  # a custom mark: the note opens with its number as text, not Word's
                assert first_run.find(w(f"{kind}Ref")) is None and first_run.findtext(w("t")).isdigit()
            else:
                assert first_run.find(w(f"{kind}Ref")) is not None
            style = first_run.find(f"{w('rPr')}/{w('rStyle')}")
            assert style is not None and style.get(w("val")) == f"{kind.capitalize()}Reference"


def test_endnote_reference_runs_follow_the_term_run(sample_docx: Path, sample_document: Document) -> None:
    body = part_xml(sample_docx, "word/document.xml")
    for reference in body.iter(w("endnoteReference")):
        run = reference.getparent()
        style = run.find(f"{w('rPr')}/{w('rStyle')}")
        assert style is not None and style.get(w("val")) == "EndnoteReference"
        previous = run.getprevious()
        assert previous is not None and previous.tag == w("r")
        text = "".join(t.text or "" for t in previous.iter(w("t")))
        entry = sample_document.glossary[int(reference.get(w("id"))) - 1]
        shown = [plain_text(ref.inlines) for ref in anchors(sample_document) if ref.term_id == entry.id]
        assert shown and text.endswith(shown[0])


def test_note_numbering_is_decimal_in_settings_and_every_section(sample_docx: Path) -> None:
    settings = part_xml(sample_docx, "word/settings.xml")
    body = part_xml(sample_docx, "word/document.xml")
    sections = list(body.iter(w("sectPr")))
    assert sections
    for where in [settings, *sections]:
        assert where.find(f"{w('endnotePr')}/{w('numFmt')}").get(w("val")) == "decimal"
        # GB/T 15834 style ①②③, restarting on each page (layout: footnote_marker = "circled")
        footnote_format = where.find(f"{w('footnotePr')}/{w('numFmt')}")
        assert footnote_format.get(w("val")) == "decimalEnclosedCircle"
        assert where.find(f"{w('footnotePr')}/{w('numRestart')}").get(w("val")) == "eachPage"
        assert where.find(f"{w('endnotePr')}/{w('pos')}") is None  # docEnd is the default


def test_glossary_title_is_the_last_heading_of_the_body(sample_docx: Path, sample_document: Document) -> None:
    body = part_xml(sample_docx, "word/document.xml").find(w("body"))
    styles = [p.find(f"{w('pPr')}/{w('pStyle')}") for p in body.findall(w("p"))]
    names = [s.get(w("val")) if s is not None else "Normal" for s in styles]
    headings = [i for i, name in enumerate(names) if name.startswith("Heading") or name == "GlossaryHeading"]
    assert names[headings[-1]] == "GlossaryHeading"
    title = "".join(t.text for t in body.findall(w("p"))[headings[-1]].iter(w("t")))
    assert title == sample_document.meta.glossary_title == "《政府工作报告》用语解释"
    assert headings[-1] == len(names) - 1  # nothing after it: the endnotes follow it


def _flatten(tree: object) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    out: list[str] = []
    for child in tree:  # type: ignore[attr-defined]
        out.extend(_flatten(child))
    return out


def test_pandoc_sees_four_heading_levels_and_the_glossary_title(construct_docx: Path,
                                                                construct_document: Document) -> None:
    """Heading styles are recognised as headings by another reader (Word's navigation pane uses the
    same built-in names and outline levels)."""
    native = pandoc_json(construct_docx)
    headers = [(b["c"][0], _stringify(b["c"][2])) for b in native["blocks"] if b["t"] == "Header"]
    assert headers == [(1, "一、第一级标题"), (2, "（一）第二级标题"), (3, "1. 第三级标题"),
                       (4, "（1）第四级标题"), (1, construct_document.meta.glossary_title)]
    assert _stringify(native["meta"]["title"]["c"]) == construct_document.meta.title
