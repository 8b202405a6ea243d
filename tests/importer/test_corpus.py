"""The importer's contract on real reports (issue 11 item 1): each corpus document, imported and read back,
has the structure a careful editor gave it by reading the raw file (tests/data/importer/corpus/*.toml).

One test per document and field group, so a failure names both and shows what was expected and what the
import gave. Cases the importer does not get right yet are listed, each with the reason, in
`KNOWN_FAILURES`, the one table of expected failures: they are strict xfails, so a case the importer starts
getting right fails loudly (XPASS) until its line is removed from the table. The raw files are the shared
samples beside the checkout (../shared/samples); without them every case is skipped.
"""

from __future__ import annotations

import codecs
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from reportpress.errors import SourceError
from reportpress.importer import ImportResult, import_text
from reportpress.layouts import Layout, builtin_layout
from reportpress.model import (
    Appendix,
    Block,
    Document,
    Glossary,
    Heading,
    Salutation,
    SignOff,
    plain_text,
)
from reportpress.reader import read_text
from reportpress.resolve import appendix_label, glossary_title

from .conftest import DATA, SAMPLES

CORPUS = DATA / "corpus"

# --------------------------------------------------------------------------------- the expected failures

def _reader_reads_issue10_divs() -> bool:
    """Whether this checkout's reader knows issue 10's fenced divs (`::: salutation` …): the importer writes
    them, and a reader that predates them (main before branch i10-reader merges) reads them as text."""
    try:
        document = read_text("::: salutation\n各位代表：\n:::\n", "probe.md")
    except SourceError:
        return False
    return any(isinstance(block, Salutation) for block in document.blocks)


READER_READS_DIVS = _reader_reads_issue10_divs()
_OLD_READER = ("issue 11: the importer writes `::: salutation` / `::: appendix` / `::: notes` (issue 10); "
               "the reader on this branch predates them and reads them as text")

# (document, field group) → why it fails today. Exactly the failing cases: remove a line when it passes.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}
if not READER_READS_DIVS:
    KNOWN_FAILURES.update({
        (name, field): _OLD_READER for name, field in [
            ("chongqing-2026", "salutation"),
            ("hailar-2015-gb18030-crlf", "salutation"),
            ("hailar-2016", "salutation"),
            ("hongkou-2020-raw", "salutation"),
            ("jiangxi-2026-web", "appendices"),
            ("jiangxi-2026-web", "salutation"),
            ("laibin-2024-glossary", "salutation"),
            ("qianjiang-2024-markers", "salutation"),
            ("state-council-2012-gb18030", "salutation"),
            ("state-council-2014", "salutation"),
            ("wikisource-1956-budget", "level1"),  # the `::: notes` title heading counts as level 1
            ("wikisource-1956-budget", "salutation"),
        ]
    })

# --------------------------------------------------------------------------------- the expectations

_KEYS = {"raw": str, "encoding": str, "title": str, "subtitle": str, "author": str, "label": str,
         "salutation": str, "level1": list, "level2_count": int, "glossary_count": int, "notes_count": int,
         "references_count": int, "appendices": list, "signoff": list, "comments": str}
_OPTIONAL = {"subtitle", "author"}
_APPENDIX_KEYS = {"label": str, "title": str, "level1_count": int}


def _check_types(data: dict[str, Any], keys: dict[str, type], where: str) -> None:
    unknown = set(data) - set(keys)
    assert not unknown, f"{where}: unknown keys {sorted(unknown)} (known: {sorted(keys)})"
    for key, kind in keys.items():
        if key in data:
            assert isinstance(data[key], kind) and not isinstance(data[key], bool), \
                f"{where}: {key} must be a {kind.__name__}, not {data[key]!r}"


def load_expectation(path: Path) -> dict[str, Any]:
    """The TOML at `path`, checked: known keys only, each of its type, every required key present."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    _check_types(data, _KEYS, path.name)
    missing = set(_KEYS) - _OPTIONAL - set(data)
    assert not missing, f"{path.name}: missing keys {sorted(missing)}"
    assert all(isinstance(text, str) for text in data["level1"] + data["signoff"]), \
        f"{path.name}: level1 and signoff are lists of strings"
    for number, appendix in enumerate(data["appendices"], start=1):
        assert isinstance(appendix, dict), f"{path.name}: appendix {number} must be a table"
        _check_types(appendix, _APPENDIX_KEYS, f"{path.name}: appendix {number}")
        assert set(appendix) == set(_APPENDIX_KEYS), f"{path.name}: appendix {number} needs {sorted(_APPENDIX_KEYS)}"
    return data


DOCUMENTS = sorted(path.stem for path in CORPUS.glob("*.toml"))


@cache
def expectation(name: str) -> dict[str, Any]:
    return load_expectation(CORPUS / f"{name}.toml")


# --------------------------------------------------------------------------------- the import

@dataclass(frozen=True)
class Imported:
    raw: bytes
    result: ImportResult
    document: Document
    layout: Layout


@cache
def _import(name: str) -> Imported:
    raw = (SAMPLES / expectation(name)["raw"]).read_bytes()
    result = import_text(raw)
    document = read_text(result.markdown, f"{name}.md")
    return Imported(raw, result, document, builtin_layout(document.meta.layout))


def imported(name: str) -> Imported:
    """Document `name` imported with the real importer and read back (once per run), or skip."""
    path = SAMPLES / expectation(name)["raw"]
    if not path.is_file():
        pytest.skip(f"corpus raw file not found at {path}: the shared samples sit beside the checkout")
    return _import(name)


# --------------------------------------------------------------------------------- the field groups

def _headings(blocks: tuple[Block, ...], level: int) -> list[str]:
    return [plain_text(block.inlines) for block in blocks if isinstance(block, Heading) and block.level == level]


def _appendix_title(item: Imported, appendix: Appendix) -> str:
    """The appendix's title as printed: its own, or (a glossary appendix without a heading) the glossary's."""
    title = plain_text(appendix.title)
    if not title:
        for block in appendix.blocks:
            if isinstance(block, Glossary):
                return glossary_title(item.document, block, item.layout)
    return title


def _appendices(item: Imported) -> list[dict[str, object]]:
    return [{"label": appendix_label(block, item.layout), "title": _appendix_title(item, block),
             "level1_count": len(_headings(block.blocks, 1))}
            for block in item.document.blocks if isinstance(block, Appendix)]


def _encoding(item: Imported, want: str) -> str:
    """The encoding the importer used, or `want` when that reads the bytes to the very same text (GBK for
    bytes that are GB18030 and GBK alike): the contract is the text, not the codec's name."""
    got = item.result.report.encoding
    if codecs.lookup(got).name == codecs.lookup(want).name:
        return want
    try:
        same = item.raw.decode(got) == item.raw.decode(want)
    except (UnicodeDecodeError, LookupError):
        same = False
    return want if same else got


Field = tuple[Callable[[dict[str, Any]], object], Callable[[Imported, dict[str, Any]], object]]

# field group → (what the expectation says, what the import gave), compared with ==
FIELDS: dict[str, Field] = {
    "title": (lambda want: want["title"], lambda item, _: item.document.meta.title),
    "byline": (lambda want: {"subtitle": want.get("subtitle", ""), "author": want.get("author", "")},
               lambda item, _: {"subtitle": item.document.meta.subtitle, "author": item.document.meta.author}),
    "encoding": (lambda want: want["encoding"], lambda item, want: _encoding(item, want["encoding"])),
    "label": (lambda want: want["label"], lambda item, _: item.document.meta.label),
    "salutation": (lambda want: [want["salutation"]] if want["salutation"] else [],
                   lambda item, _: [plain_text(block.inlines) for block in item.document.blocks
                                    if isinstance(block, Salutation)]),
    "level1": (lambda want: want["level1"], lambda item, _: _headings(item.document.blocks, 1)),
    "level2": (lambda want: want["level2_count"], lambda item, _: len(_headings(item.document.blocks, 2))),
    "glossary": (lambda want: want["glossary_count"], lambda item, _: len(item.document.glossary)),
    "notes": (lambda want: want["notes_count"], lambda item, _: len(item.document.footnotes)),
    "references": (lambda want: want["references_count"], lambda item, _: len(item.document.references)),
    "appendices": (lambda want: want["appendices"], lambda item, _: _appendices(item)),
    "signoff": (lambda want: want["signoff"],
                lambda item, _: [plain_text(line) for block in item.document.blocks if isinstance(block, SignOff)
                                 for line in block.lines]),
}


def _differences(want: object, got: object) -> str:
    """For two lists, the items only one of them has, so a long heading list's failure is readable."""
    if not (isinstance(want, list) and isinstance(got, list)):
        return ""
    missing = [item for item in want if item not in got]
    extra = [item for item in got if item not in want]
    lines = [f"\n  missing: {missing!r}" if missing else "", f"\n  extra:   {extra!r}" if extra else ""]
    if not missing and not extra:
        lines.append("\n  (same items, different order or count)")
    return "".join(lines)


def _cases() -> Iterator[Any]:
    for name in DOCUMENTS:
        for field in FIELDS:
            reason = KNOWN_FAILURES.get((name, field))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(name, field, marks=marks, id=f"{name}-{field}")


# the reader's warnings (an unused glossary entry) are not what this test checks
@pytest.mark.warns
@pytest.mark.parametrize(("name", "field"), list(_cases()))
def test_corpus_document_field(name: str, field: str) -> None:
    want_of, got_of = FIELDS[field]
    want = want_of(expectation(name))
    item = imported(name)
    got = got_of(item, expectation(name))
    if got != want:
        pytest.fail(f"{name} ({expectation(name)['raw']}): {field}\n  expected: {want!r}\n"
                    f"  got:      {got!r}{_differences(want, got)}", pytrace=False)


# --------------------------------------------------------------------------------- the corpus itself

@pytest.mark.parametrize("name", DOCUMENTS)
def test_expectation_is_well_formed(name: str) -> None:
    """Each TOML has the known keys only, of their types, and is named after its raw file."""
    data = expectation(name)
    assert Path(data["raw"]).stem == name, f"{name}.toml: name it after its raw file's stem ({data['raw']})"
    assert data["comments"].strip(), f"{name}.toml: say in `comments` what is hard or doubtful"
    codecs.lookup(data["encoding"])


def test_the_corpus_holds_the_sample_and_the_dev_reports() -> None:
    assert "hongkou-2020-raw" in DOCUMENTS
    dev = SAMPLES / "dev"
    if not dev.is_dir():
        pytest.skip(f"shared samples not found at {SAMPLES}")
    raws = {path.stem for path in dev.glob("*.txt")}
    assert raws <= set(DOCUMENTS), f"dev reports without an expectation: {sorted(raws - set(DOCUMENTS))}"


def test_known_failures_name_real_cases() -> None:
    """A line of the table for a document or field group that does not exist would hide nothing."""
    stale = [key for key in KNOWN_FAILURES if key[0] not in DOCUMENTS or key[1] not in FIELDS]
    assert not stale, f"KNOWN_FAILURES names unknown cases: {stale}"
    assert all(reason.startswith("issue 11") for reason in KNOWN_FAILURES.values())
