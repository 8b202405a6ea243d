"""Whatever the input, the importer never crashes and writes a source the reader accepts (issue 6).

Property-based (hypothesis): arbitrary bytes, arbitrary Unicode, and text assembled from the pieces
reports are made of (numbering, punctuation of both widths, note markers, glossary titles, Markdown
syntax characters), so that the rules meet each other in combinations no sample holds.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reportpress.importer import format_report, import_text
from reportpress.importer.decode import _GB_CONTROL, decode_bytes
from reportpress.reader import read_text
from tests.fuzz.strategies import report_like

from .conftest import shared_sample

# An import may find a glossary or notes whose entries the random body never uses: the reader warns about
# them, rightly, and that is no source error
pytestmark = pytest.mark.warns(match=r"is never used in the body|is defined but never referenced")


def check_source(markdown: str) -> None:
    """The output reads back without a source error (what `reportpress check` checks first)."""
    assert markdown.startswith("---\n")
    read_text(markdown, "<import>")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes(raw: bytes) -> None:
    result = import_text(raw)
    assert isinstance(format_report(result.report), str)
    check_source(result.markdown)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_any_unicode(text: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        result = import_text(text.encode(encoding, errors="surrogatepass"))
        check_source(result.markdown)


@settings(max_examples=300, deadline=None)
@given(report_like)
def test_report_like_text(text: str) -> None:
    result = import_text(text.encode("utf-8"))
    check_source(result.markdown)
    assert "\U000f0001" not in result.markdown


@settings(max_examples=300, deadline=None)
@given(report_like)
def test_utf8_text_is_read_as_utf8_whatever_debris_it_holds(text: str) -> None:
    """Valid UTF-8 wins over a weak NUL pattern (issue 9 item 1); only NULs in nearly every other byte,
    which no text but UTF-16 has, could outweigh it."""
    assume(text.count("\x00") * 3 < len(text))
    marked = text.startswith("\ufeff")  # a BOM: read as utf-8-sig, which drops it
    assert decode_bytes(text.encode("utf-8")) == ((text[1:], "utf-8-sig") if marked else (text, "utf-8"))


@settings(max_examples=300, deadline=None)
@given(report_like)
def test_gb18030_text_is_read_back(text: str) -> None:
    assume(not _GB_CONTROL.search(text))
    assert decode_bytes(text.encode("gb18030"))[0] == text  # read as UTF-8 when it is all ASCII: the same


@settings(max_examples=50, deadline=None)
@given(report_like, st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
def test_report_like_text_in_any_encoding_with_it_named(text: str, encoding: str) -> None:
    raw = text.encode(encoding, errors="replace")
    named = import_text(raw, encoding=encoding).markdown
    check_source(named)


def test_empty_input() -> None:
    result = import_text(b"")
    assert result.markdown == "---\nlang: zh-CN\nlayout: gov-report\n---\n"
    check_source(result.markdown)
    assert "no title found" in format_report(result.report)


def test_one_ten_megabyte_line() -> None:
    line = shared_sample("hongkou-2020-raw.txt").split(b"\n")[1]
    big = (line + b" ") * (10_000_000 // (len(line) + 1))
    result = import_text(big)
    assert result.report.headings[1][0] == "一、2019年工作回顾"


def test_pathological_runs() -> None:
    for raw in (b"(" * 100_000, b",1" * 100_000, "“".encode() * 100_000, b"\n" * 100_000, b"\xff" * 100_000,
                "一、".encode() * 50_000, b"1.a:" * 50_000):
        check_source(import_text(raw).markdown)


@pytest.mark.warns(match=r"is never used in the body|is defined but never referenced|no title: the front cover")
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=report_like)
def test_report_like_imports_build_to_pdf_and_docx(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The whole way: import, then build both products (each example costs a real render)."""
    from reportpress.build import build

    folder = tmp_path_factory.mktemp("built")
    source = folder / "imported.md"
    source.write_text(import_text(text.encode("utf-8")).markdown, encoding="utf-8")
    result = build(source, out_dir=folder / "out")
    assert result.outputs["pdf"].read_bytes().startswith(b"%PDF-")
    assert result.outputs["docx"].read_bytes().startswith(b"PK")


@pytest.mark.warns(match=r"is never used in the body|is defined but never referenced|no title: the front cover")
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_unicode_builds_or_names_the_characters_no_font_has(
        text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from reportpress.build import build
    from reportpress.errors import FontCoverageError

    folder = tmp_path_factory.mktemp("built")
    source = folder / "imported.md"
    source.write_text(import_text(text.encode("utf-8", errors="surrogatepass")).markdown, encoding="utf-8")
    try:
        build(source, formats=["pdf"], out_dir=folder / "out")
    except FontCoverageError as error:
        assert "imported.md:" in str(error)  # no tofu: the build names the characters and their lines
        assert not (folder / "out" / "imported.pdf").exists()
    else:
        assert (folder / "out" / "imported.pdf").read_bytes().startswith(b"%PDF-")
