"""The in-process caches a build uses (issue 13, item 4): each is hit when its input is the same, and a
change of that input changes what comes out (none can go stale).

- `reader.PARSED`: documents by the digest of the source's bytes and the path (a build reads its source
  in `job.prepare` and again in `job.run_job`); a reading's warnings are logged again on a hit.
- `writers.html.COMPILED`: compiled template code by template file and the digest of its source.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import CodeType

import pytest

from reportpress.build import build
from reportpress.layouts import read_layout
from reportpress.model import Paragraph, plain_text
from reportpress.reader import PARSED, ParsedDocuments, document_from_bytes
from reportpress.writers.html import COMPILED, render_css, write_html
from tests.conftest import REPO
from tests.pdfread import pdftotext, squeeze

SOURCE = """---
title: 缓存测试
---

第一段正文，写得很短。

第二段正文，也写得很短。
"""

UNUSED_NOTE = """---
title: 缓存测试
---

正文没有脚注调用。

[^a]: 一条从未被调用的脚注。
"""


@pytest.fixture
def fresh() -> Iterator[None]:
    """Both caches empty, their counts at zero, before and after the test."""
    PARSED.clear()
    COMPILED.clear()
    yield
    PARSED.clear()
    COMPILED.clear()


def _texts(data: bytes) -> list[str]:
    return [plain_text(block.inlines) for block in document_from_bytes(data, "source/a.md").blocks
            if isinstance(block, Paragraph)]


def test_the_same_bytes_are_read_once(fresh: None) -> None:
    data = SOURCE.encode()
    first = document_from_bytes(data, "source/a.md")
    again = document_from_bytes(data, "source/a.md")
    assert again is first
    assert (PARSED.hits, PARSED.misses) == (1, 1)


def test_changed_bytes_or_another_path_are_read_again(fresh: None) -> None:
    data = SOURCE.encode()
    assert _texts(data) == ["第一段正文，写得很短。", "第二段正文，也写得很短。"]
    changed = SOURCE.replace("第二段", "第三段").encode()
    assert _texts(changed) == ["第一段正文，写得很短。", "第三段正文，也写得很短。"]
    elsewhere = document_from_bytes(data, "source/b.md")  # positions name the path: another document
    assert elsewhere.blocks[0].pos.path == "source/b.md"
    assert (PARSED.hits, PARSED.misses) == (0, 3)


def test_a_reading_that_fails_is_not_kept(fresh: None) -> None:
    bad = "正文调用了不存在的脚注[^x]。\n".encode()
    for _ in range(2):
        with pytest.raises(Exception, match=r"source/a\.md:1"):
            document_from_bytes(bad, "source/a.md")
    assert PARSED.hits == 0


@pytest.mark.warns(match="never referenced")
def test_a_hit_logs_the_warnings_of_the_reading_again(fresh: None, caplog: pytest.LogCaptureFixture) -> None:
    data = UNUSED_NOTE.encode()
    with caplog.at_level(logging.WARNING, logger="reportpress"):
        document_from_bytes(data, "source/a.md")
        document_from_bytes(data, "source/a.md")
    warned = [record.getMessage() for record in caplog.records if "never referenced" in record.getMessage()]
    assert len(warned) == 2 and all(message.startswith("source/a.md:") for message in warned)
    assert PARSED.hits == 1


@pytest.mark.warns(match="never referenced")
@pytest.mark.parametrize("quiet", ["reportpress", "reportpress.reader.notes"])  # a parent, or the reader's own
def test_a_reading_made_while_warnings_were_off_is_made_again_when_they_are_on(
        quiet: str, fresh: None, caplog: pytest.LogCaptureFixture) -> None:
    """Warnings that were not logged were never recorded: a hit cannot log them; the source is read
    again. Each of the reader's loggers counts (hostile review: a quiet child logger hid its warning)."""
    data = UNUSED_NOTE.encode()
    quieted = logging.getLogger(quiet)
    quieted.setLevel(logging.ERROR)
    try:
        document_from_bytes(data, "source/a.md")
    finally:
        quieted.setLevel(logging.NOTSET)
    with caplog.at_level(logging.WARNING, logger="reportpress"):
        document_from_bytes(data, "source/a.md")
        document_from_bytes(data, "source/a.md")  # this one is a hit: the second reading was heard
    warned = [record.getMessage() for record in caplog.records if "never referenced" in record.getMessage()]
    assert len(warned) == 2
    assert (PARSED.hits, PARSED.misses) == (1, 2)


@pytest.mark.warns(match="never referenced")
def test_a_quiet_reading_logs_nothing_and_the_next_hit_logs_its_warnings(
        fresh: None, caplog: pytest.LogCaptureFixture) -> None:
    """A build's second reading (`run_job`'s, after `prepare`'s) is quiet: it logs nothing, a miss (a
    batch worker's first reading) included, yet what it would have logged is kept for the next reading."""
    data = UNUSED_NOTE.encode()
    with caplog.at_level(logging.WARNING, logger="reportpress"):
        document_from_bytes(data, "source/a.md", quiet=True)  # a miss
        document_from_bytes(data, "source/a.md", quiet=True)  # a hit
        assert not [record for record in caplog.records if "never referenced" in record.getMessage()]
        document_from_bytes(data, "source/a.md")
    warned = [record.getMessage() for record in caplog.records if "never referenced" in record.getMessage()]
    assert len(warned) == 1 and warned[0].startswith("source/a.md:")
    assert (PARSED.hits, PARSED.misses) == (2, 1)


@pytest.mark.warns(match="never referenced")
def test_a_build_logs_each_warning_of_its_source_once(fresh: None, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    source = tmp_path / "a.md"
    source.write_text(UNUSED_NOTE, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="reportpress"):
        build(source, formats=("docx",), out_dir=tmp_path / "out", project=tmp_path)
    warned = [record.getMessage() for record in caplog.records if "never referenced" in record.getMessage()]
    assert len(warned) == 1, warned


@pytest.mark.warns(match="never referenced")
def test_quiet_readings_in_threads_log_nothing_while_a_loud_one_logs_all(
        fresh: None, caplog: pytest.LogCaptureFixture) -> None:
    """Three threads read quietly while a fourth reads aloud, each its own new bytes: only the loud one's
    warnings reach a handler, every one of them. The quiet filter is installed once and never removed
    (hostile review: adding and removing one per reading let another thread's record slip past it)."""
    import threading

    rounds = 40
    barrier = threading.Barrier(4)

    def read(name: str, quiet: bool) -> None:
        barrier.wait()
        for number in range(rounds):
            data = UNUSED_NOTE.replace("正文", f"{name}{number}正文").encode()
            document_from_bytes(data, f"source/{name}.md", quiet=quiet)

    threads = [threading.Thread(target=read, args=(f"q{index}", True)) for index in range(3)]
    threads.append(threading.Thread(target=read, args=("loud", False)))
    with caplog.at_level(logging.WARNING, logger="reportpress"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    warned = [record.getMessage() for record in caplog.records if "never referenced" in record.getMessage()]
    assert len(warned) == rounds and all(message.startswith("source/loud.md:") for message in warned)
    filters = {name: list(logging.getLogger(name).filters) for name in ("reportpress.reader",
                                                                         "reportpress.reader.notes")}
    document_from_bytes(UNUSED_NOTE.replace("正文", "又一").encode(), "source/x.md", quiet=True)
    assert filters == {name: list(logging.getLogger(name).filters) for name in filters}


def test_a_reading_records_only_what_its_own_thread_logs() -> None:
    """A record another thread handles is not this reading's, whatever thread made it (a cache hit
    replays records made by the thread that first read those bytes)."""
    import threading

    from reportpress.reader import _ThreadRecords

    collector = _ThreadRecords()
    record = logging.makeLogRecord({"msg": "made here", "levelno": logging.WARNING})  # made by this thread
    other = threading.Thread(target=collector.emit, args=(record,))
    other.start()
    other.join()
    assert collector.records == []
    collector.emit(record)
    assert collector.records == [record]


def test_the_kept_documents_are_bounded() -> None:
    parsed = ParsedDocuments(kept=2, limit=len(SOURCE.encode()) * 3)
    sources = [SOURCE.replace("第一段", f"第{number}段").encode() for number in "一二三"]
    for data in sources:
        parsed.read(data, "source/a.md")
    parsed.read(sources[0], "source/a.md")  # the oldest went when the third came
    assert (parsed.hits, parsed.misses) == (0, 4)
    parsed.read(sources[0], "source/a.md")
    assert parsed.hits == 1
    tiny = ParsedDocuments(limit=10)  # a source over the limit is read, never kept
    tiny.read(sources[0], "source/a.md")
    tiny.read(sources[0], "source/a.md")
    assert (tiny.hits, tiny.misses) == (0, 2)


def test_a_build_reads_its_source_once(fresh: None, tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text(SOURCE, encoding="utf-8")
    build(source, formats=("pdf",), out_dir=tmp_path / "out", project=tmp_path)
    assert (PARSED.hits, PARSED.misses) == (1, 1)  # job.prepare read it, job.run_job had it
    assert "第二段正文" in squeeze(pdftotext(tmp_path / "out" / "a.pdf"))


@pytest.fixture
def layout_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "layouts" / "gov-report"
    shutil.copytree(REPO / "layouts" / "gov-report", folder)
    return folder


def test_templates_are_compiled_once(fresh: None, layout_copy: Path) -> None:
    first = render_css(read_layout(layout_copy))
    assert COMPILED.misses >= 1 and COMPILED.hits == 0
    misses = COMPILED.misses
    again = render_css(read_layout(layout_copy))  # a new environment, as every build makes
    assert again == first
    assert COMPILED.hits >= 1 and COMPILED.misses == misses


def test_a_changed_template_is_compiled_again(fresh: None, layout_copy: Path) -> None:
    style = layout_copy / "style.css.j2"
    render_css(read_layout(layout_copy))
    style.write_text(style.read_text(encoding="utf-8") + "\n.cache-probe { color: red; }\n", encoding="utf-8")
    changed = render_css(read_layout(layout_copy))
    assert ".cache-probe { color: red; }" in changed
    assert COMPILED.hits == 0


def test_a_document_renders_the_same_from_kept_code(fresh: None, layout_copy: Path) -> None:
    document = document_from_bytes(SOURCE.encode(), "source/a.md")
    first = write_html(document, read_layout(layout_copy))
    misses = COMPILED.misses
    again = write_html(document, read_layout(layout_copy))
    assert again == first and "第二段正文" in again
    assert COMPILED.misses == misses and COMPILED.hits >= misses



def test_a_build_compiles_each_template_once(fresh: None, tmp_path: Path, layout_copy: Path) -> None:
    """`job.prepare` checks the layout in its folder, `job.run_job` renders the Job's copy of it elsewhere:
    the same text, compiled once (it was compiled again under the copy's path)."""
    source = tmp_path / "a.md"
    source.write_text(SOURCE.replace("title: 缓存测试", "title: 缓存测试\nlayout: gov-report"), encoding="utf-8")
    build(source, formats=("pdf",), out_dir=tmp_path / "out", project=tmp_path)
    templates = sorted(path.name for path in layout_copy.glob("*.j2"))
    assert COMPILED.misses == len(templates), templates  # `check_templates` compiled each one
    assert COMPILED.hits >= 2  # the stylesheet and the document rendered from that code
    assert "第二段正文" in squeeze(pdftotext(tmp_path / "out" / "a.pdf"))


def test_an_error_in_the_jobs_copy_of_a_template_names_the_users_file(fresh: None, tmp_path: Path,
                                                                      layout_copy: Path) -> None:
    """Code compiled for the layout's folder and run from the Job's copy: the message names the file the
    user has, at the template's line."""
    from reportpress.errors import LayoutError

    document = layout_copy / "document.html.j2"
    document.write_text(document.read_text(encoding="utf-8").replace("<body", "{{ 1 / 0 }}<body", 1),
                        encoding="utf-8")
    line = document.read_text(encoding="utf-8").split("{{ 1 / 0 }}")[0].count("\n") + 1
    source = tmp_path / "a.md"
    source.write_text(SOURCE.replace("title: 缓存测试", "title: 缓存测试\nlayout: gov-report"), encoding="utf-8")
    with pytest.raises(LayoutError) as raised:
        build(source, formats=("pdf",), out_dir=tmp_path / "out", project=tmp_path)
    assert f"{document}:{line}: template error: division by zero" in str(raised.value)


def _code_shape(code: CodeType) -> tuple[object, ...]:
    """Everything of a code object and of the code objects inside it, its file name included."""
    consts = tuple(_code_shape(const) if isinstance(const, CodeType) else const for const in code.co_consts)
    return (code.co_filename, code.co_name, code.co_qualname, code.co_code, code.co_names, code.co_varnames,
            code.co_freevars, code.co_cellvars, code.co_firstlineno, code.co_linetable, code.co_exceptiontable,
            code.co_flags, code.co_argcount, code.co_kwonlyargcount, consts)


def test_code_kept_for_one_file_is_the_code_compiled_for_another(fresh: None, layout_copy: Path) -> None:
    """What `CompiledTemplates` hands an environment whose template lies elsewhere is what that
    environment compiles itself, the file name of every code object in it included."""
    from reportpress.writers.html import _retargeted, template_environment

    environment = template_environment(read_layout(layout_copy))
    source = (layout_copy / "document.html.j2").read_text(encoding="utf-8")
    here = environment.compile(source, "document.html.j2", "/one/layouts/gov-report/document.html.j2")
    there = environment.compile(source, "document.html.j2", "/two/layouts/gov-report/document.html.j2")
    assert isinstance(here, CodeType) and isinstance(there, CodeType)
    assert _code_shape(here) != _code_shape(there)
    assert _code_shape(_retargeted(here, there.co_filename)) == _code_shape(there)
