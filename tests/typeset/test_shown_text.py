"""`TJ` operators written shorter (`shown_text.compact`, `weasy.compact_text_shown`): the same glyphs at
the same places, read back from the written PDF by pdftotext, MuPDF and pypdf's content-stream parser."""

from __future__ import annotations

import itertools
import random
import re
import subprocess
from pathlib import Path

import pymupdf as fitz  # type: ignore[import-untyped]
import pytest
import weasyprint
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, FloatObject, NumberObject

from reportpress.typeset import shown_text, weasy

_ITEM = re.compile(rb"<([0-9a-f]*)>|([-+]?[0-9.]+)")


def _placed(item: bytes) -> list[tuple[str, float]]:
    """Each 2-byte code of a `[…] TJ` item with the displacement before it (thousandths of an em, glyph
    advances left out: they are the same on both sides)."""
    placed, position = [], 0.0
    for digits, number in _ITEM.findall(item[1:-4]):
        if number:
            position -= float(number)
        for start in range(0, len(digits), 4):
            placed.append((digits[start:start + 4].decode(), position))
    return placed


@pytest.mark.parametrize(("item", "expected"), [
    # WeasyPrint's kerning and the next glyph's offset, each in its own pair: one sum
    (b"[<0282>6<>6.7032272831311515<001a>] TJ", b"[<0282>12.7<001a>] TJ"),
    # an offset of nothing, and strings with nothing between: one string
    (b"[<0282>0.0<001a><>0<0301>] TJ", b"[<0282001a0301>] TJ"),
    # a displacement before the first glyph and after the last are kept: they move the glyphs and what follows
    (b"[-3.25<0012>-0.5<>0.001] TJ", b"[-3.25<0012>-.5] TJ"),
    (b"[<0012>-11.250171663996339<02da>] TJ", b"[<0012>-11.25<02da>] TJ"),
])
def test_sums_and_joins(item: bytes, expected: bytes) -> None:
    assert shown_text.compact(item) == expected


@pytest.mark.parametrize("item", [
    b"[(literal) 3 <0012>] TJ",  # a literal string: not WeasyPrint's
    b"[<0012>1e-05<0013>] TJ",  # an exponent, which a PDF reader need not read: left for what it is
    b"[<012>3<0013>] TJ",  # an odd string: joined, its padding nibble would become part of a code
    b"<0012> Tj",
    b"/F1 12 Tf",
    b"[<0012> % comment] TJ",
])
def test_leaves_what_it_does_not_read(item: bytes) -> None:
    assert shown_text.compact(item) == item


def test_rounding_never_adds_up() -> None:
    # two hundred displacements of 0.004 each round to nothing alone; their sum, 0.8, is not lost
    item = b"[" + b"".join(b"<%04x>0.004" % code for code in range(200)) + b"] TJ"
    compacted = shown_text.compact(item)
    before, after = _placed(item), _placed(compacted)
    assert [code for code, _ in after] == [code for code, _ in before]
    assert max(abs(a - b) for (_, a), (_, b) in zip(before, after, strict=True)) <= 0.005 + 1e-9
    assert len(compacted) < 0.6 * len(item)


def test_random_arrays_keep_every_glyph_in_place() -> None:
    generator = random.Random(20261202)
    for _ in range(500):
        parts = []
        for _ in range(generator.randrange(1, 40)):
            kind = generator.random()
            if kind < 0.5:
                parts.append(b"<" + b"".join(b"%04x" % generator.randrange(65536)
                                             for _ in range(generator.randrange(0, 4))) + b">")
            else:
                value = generator.choice([0.0, generator.uniform(-60, 60), float(generator.randrange(-20, 20))])
                # WeasyPrint never writes two numbers in a row: an empty string or a glyph comes between
                parts.append(repr(value).encode() + (b" <>" if generator.random() < 0.5 else b"<>"))
        item = b"[" + b"".join(parts) + b"] TJ"
        before, after = _placed(item), _placed(shown_text.compact(item))
        assert [code for code, _ in after] == [code for code, _ in before]
        assert all(abs(a - b) <= 0.005 + 1e-9 for (_, a), (_, b) in zip(before, after, strict=True))


# justified Chinese with digits, Latin, bold and a second size; text in an opacity group and a pattern
PAGE = """<html lang="zh"><head><style>
@page { size: A5; margin: 15mm; @bottom-center { content: "— " counter(page) " —"; } }
body { font-family: "FandolFang"; font-size: 12pt; text-align: justify; line-height: 1.8; }
h1 { font-family: "Noto Sans CJK SC"; font-size: 16pt; } b { font-family: "Noto Serif CJK SC"; }
.o { opacity: .5; }
</style></head><body><h1>二〇二六年预算执行情况</h1>
<p>全年国营企业收入为14,328,144,000元，占本年预算收入的48.19%，比上年增长26.48%；<b>工商税收</b>为
9,970,000,000元。The budget, in English, keeps its word spacing。<span class="o">半透明的文字也在其中。</span></p>
<svg width="120" height="40"><defs><pattern id="p" width="60" height="20" patternUnits="userSpaceOnUse">
<text x="0" y="15" font-family="FandolKai">图案纹样</text></pattern></defs>
<rect width="120" height="40" fill="url(#p)"/></svg>
<p>""" + "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动高质量发展。" * 30 + "</p></body></html>"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    folder = tmp_path_factory.mktemp("shown")
    paths = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for compact in (False, True):
            monkeypatch.setattr(weasy, "COMPACT_TEXT", compact)
            with weasy.inter_character_justification():
                data = weasyprint.HTML(string=PAGE).write_pdf()
            assert isinstance(data, bytes)
            paths[compact] = folder / f"{compact}.pdf"
            paths[compact].write_bytes(data)
    return paths


def _text_arrays(path: Path) -> list[ArrayObject]:
    reader = PdfReader(path)
    arrays = []
    for page in reader.pages:
        streams = [page.get_contents()]
        streams += [xobject.get_object() for xobject in (page["/Resources"].get("/XObject") or {}).values()]
        for stream in streams:
            content = stream if isinstance(stream, ContentStream) else ContentStream(stream, reader)
            arrays += [operands[0] for operands, operator in content.operations if operator == b"TJ"]
    return arrays


def test_same_text_and_glyph_positions(pdfs: dict[bool, Path]) -> None:
    text = {compact: subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
            for compact, path in pdfs.items()}
    assert text[True] == text[False]
    assert b"14,328,144,000" in text[True]
    documents = {compact: fitz.open(path) for compact, path in pdfs.items()}
    assert len(documents[True]) == len(documents[False]) > 1
    for page_before, page_after in zip(documents[False], documents[True], strict=True):
        before = [(char["c"], char["origin"]) for char in _chars(page_before)]
        after = [(char["c"], char["origin"]) for char in _chars(page_after)]
        assert [char for char, _ in after] == [char for char, _ in before]
        assert all(abs(a[0] - b[0]) < 0.01 and abs(a[1] - b[1]) < 0.01
                   for (_, a), (_, b) in zip(before, after, strict=True))


def _chars(page: fitz.Page) -> list[dict[str, object]]:
    return [char for block in page.get_text("rawdict")["blocks"] for line in block.get("lines", ())
            for span in line["spans"] for char in span["chars"]]


def _number(operand: object) -> bool:
    return isinstance(operand, NumberObject | FloatObject)


def test_arrays_hold_no_empty_string_and_no_two_numbers_in_a_row(pdfs: dict[bool, Path]) -> None:
    def runs(arrays: list[ArrayObject]) -> tuple[int, int]:
        empty = sum(1 for array in arrays for operand in array if not _number(operand) and not len(operand))
        doubled = sum(1 for array in arrays for a, b in itertools.pairwise(array)
                      if _number(a) and _number(b))
        return empty, doubled
    before, after = _text_arrays(pdfs[False]), _text_arrays(pdfs[True])
    assert runs(before)[0] > 0  # what WeasyPrint writes under justification: `<>` between two numbers
    assert runs(after) == (0, 0)
    assert sum(len(str(array)) for array in after) < 0.6 * sum(len(str(array)) for array in before)
