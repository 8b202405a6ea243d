"""The package: python-docx's template leftovers gone, properties from the front matter, same bytes twice."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from reportpress.layouts import Layout
from reportpress.model import Document, Meta
from reportpress.writers.docx import docx_bytes, write_docx
from tests.conftest import SAMPLE_SOURCE
from tests.writers.docx.docxread import part_names, part_xml, w


def test_same_source_gives_identical_bytes(sample_document: Document, layout: Layout, sample_docx: Path,
                                           tmp_path: Path) -> None:
    again = tmp_path / "elsewhere" / "again.docx"
    write_docx(sample_document, layout, again)
    assert again.read_bytes() == sample_docx.read_bytes()


def test_zip_entries_are_dated_and_ordered_the_same_way(sample_docx: Path) -> None:
    with zipfile.ZipFile(sample_docx) as package:
        infos = package.infolist()
    assert [i.filename for i in infos[:2]] == ["[Content_Types].xml", "_rels/.rels"]
    assert [i.filename for i in infos[2:]] == sorted(i.filename for i in infos[2:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_template_leftovers_are_gone(sample_docx: Path) -> None:
    names = part_names(sample_docx)
    assert not [n for n in names if "stylesWithEffects" in n or "customXml" in n or "thumbnail" in n]
    with zipfile.ZipFile(sample_docx) as package:
        for name in names:
            data = package.read(name)
            assert b"python-docx" not in data, name
            assert b"ja-JP" not in data, name
            assert b"Macintosh" not in data, name
            assert b"Calibri" not in data and "ＭＳ".encode() not in data, name
            if name.endswith("styles.xml"):
                assert b"Theme=" not in data and b"asciiTheme" not in data  # theme fonts beat w:eastAsia
            if name == "word/settings.xml":
                assert b"rsid" not in data


def test_core_properties_come_from_the_front_matter(sample_docx: Path, sample_document: Document) -> None:
    meta = sample_document.meta
    core = docx.Document(str(sample_docx)).core_properties
    assert core.title == meta.title
    assert core.subject == meta.subtitle
    assert core.author == meta.author
    assert core.language == "zh-CN"
    assert core.comments == ""
    assert core.keywords == "; ".join(meta.keywords)
    assert core.created == core.modified == dt.datetime(2020, 1, 8, tzinfo=dt.UTC)
    app = part_xml(sample_docx, "docProps/app.xml")
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ns}Application", "").startswith("reportpress")
    assert app.findtext(f"{ns}Company") == meta.organization


def test_without_a_date_no_timestamp_is_written(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    bare = Document(meta=Meta(title="无日期"), blocks=())
    first = docx_bytes(bare, layout)
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        core = package.read("docProps/core.xml")
    assert b"dcterms:created" not in core and b"dcterms:modified" not in core
    assert docx_bytes(bare, layout) == first


def test_source_date_epoch_is_honoured_without_a_date(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    bare = Document(meta=Meta(title="无日期"), blocks=())
    core = docx.Document(io.BytesIO(docx_bytes(bare, layout))).core_properties
    assert core.created == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_language_is_chinese_everywhere(sample_docx: Path) -> None:
    styles = part_xml(sample_docx, "word/styles.xml")
    lang = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    assert lang.get(w("eastAsia")) == "zh-CN"
    settings = part_xml(sample_docx, "word/settings.xml")
    assert settings.find(w("themeFontLang")).get(w("eastAsia")) == "zh-CN"


def test_notes_parts_have_overrides_and_relationships(sample_docx: Path) -> None:
    types = part_xml(sample_docx, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/endnotes.xml"].endswith("wordprocessingml.endnotes+xml")
    assert overrides["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")
    rels = part_xml(sample_docx, "word/_rels/document.xml.rels")
    targets = {r.get("Target"): r.get("Type").rsplit("/", 1)[-1] for r in rels}
    assert targets["endnotes.xml"] == "endnotes" and targets["footnotes.xml"] == "footnotes"


def test_identical_bytes_across_processes(sample_docx: Path, tmp_path: Path) -> None:
    """Another interpreter with another hash seed (set and dict order must not leak into the bytes)."""
    script = (
        "import sys; from pathlib import Path; from reportpress.reader import read_source;"
        "from reportpress.layouts import builtin_layout; from reportpress.writers.docx import write_docx;"
        "write_docx(read_source(Path(sys.argv[1])), builtin_layout('gov-report'), Path(sys.argv[2]))"
    )
    out = tmp_path / "other.docx"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(SAMPLE_SOURCE), str(out)], check=True, env=env)
    assert out.read_bytes() == sample_docx.read_bytes()
