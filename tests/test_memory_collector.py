"""The cyclic collector runs less often while a Job runs (`job.GC_THRESHOLD`), and is as it was after.

A threshold is process state, not output: what these tests read back is the collector's setting as the
writers see it, and the DOCX the build wrote all the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from pathlib import Path

import docx
import pytest

from reportpress import job as jobs
from reportpress.build import build
from reportpress.formats import Format

SOURCE = "---\ntitle: 回收阈值\n---\n\n# 一、总体情况\n\n这一段正文在构建时写出。\n"


@pytest.fixture
def thresholds_seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int, int]]]:
    """The collector's thresholds each time the DOCX writer runs; the process's own put back after."""
    seen: list[tuple[int, int, int]] = []
    write_docx = jobs.WRITERS["docx"]

    def watched(writing: jobs._Writing, made: Mapping[Format, bytes]) -> bytes:
        seen.append(gc.get_threshold())
        return write_docx(writing, made)

    monkeypatch.setattr(jobs, "WRITERS", {**jobs.WRITERS, "docx": watched})
    before = gc.get_threshold()
    yield seen
    gc.set_threshold(*before)


@pytest.fixture
def frozen_seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many objects are frozen each time the DOCX writer runs; none frozen before or after."""
    seen: list[int] = []
    write_docx = jobs.WRITERS["docx"]

    def watched(writing: jobs._Writing, made: Mapping[Format, bytes]) -> bytes:
        seen.append(gc.get_freeze_count())
        return write_docx(writing, made)

    monkeypatch.setattr(jobs, "WRITERS", {**jobs.WRITERS, "docx": watched})
    gc.unfreeze()
    yield seen
    gc.unfreeze()


def _build(tmp_path: Path) -> Path:
    source = tmp_path / "gc.md"
    source.write_text(SOURCE, encoding="utf-8")
    return build(source, formats=["docx"], out_dir=tmp_path / "out", project=tmp_path).outputs["docx"]


def test_a_build_collects_less_often_and_puts_the_threshold_back(tmp_path: Path,
                                                                thresholds_seen: list[tuple[int, int, int]]) -> None:
    gc.set_threshold(700, 10, 10)  # Python's defaults
    written = _build(tmp_path)
    assert thresholds_seen == [(jobs.GC_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)
    text = [paragraph.text for paragraph in docx.Document(str(written)).paragraphs]
    assert "这一段正文在构建时写出。" in text


def test_a_higher_threshold_of_the_process_is_kept(tmp_path: Path,
                                                   thresholds_seen: list[tuple[int, int, int]]) -> None:
    gc.set_threshold(50_000, 5, 20)
    _build(tmp_path)
    assert thresholds_seen == [(50_000, 5, 20)]
    assert gc.get_threshold() == (50_000, 5, 20)


def test_what_lived_before_the_job_is_frozen_while_it_runs(tmp_path: Path, frozen_seen: list[int]) -> None:
    """The collections a Job makes walk only what it made; once it ends, nothing stays frozen."""
    written = _build(tmp_path)
    assert len(frozen_seen) == 1 and frozen_seen[0] > 1000  # the modules, at least
    assert gc.get_freeze_count() == 0
    assert "这一段正文在构建时写出。" in [paragraph.text for paragraph in docx.Document(str(written)).paragraphs]


def test_a_process_that_froze_its_objects_keeps_them_frozen(tmp_path: Path, frozen_seen: list[int]) -> None:
    """A pool worker froze what it imported (`warmup.py`): a Job neither freezes more nor unfreezes that."""
    gc.freeze()
    before = gc.get_freeze_count()
    _build(tmp_path)
    # as many, less the few the build let go of (a cache's old entry)
    assert len(frozen_seen) == 1 and before - 1000 < frozen_seen[0] <= before
    assert before - 1000 < gc.get_freeze_count() <= frozen_seen[0]


def test_a_failed_build_puts_the_threshold_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(writing: jobs._Writing, made: Mapping[Format, bytes]) -> bytes:
        raise RuntimeError("writer failed")

    monkeypatch.setattr(jobs, "WRITERS", {**jobs.WRITERS, "docx": broken})
    before = gc.get_threshold()
    with pytest.raises(RuntimeError, match="writer failed"):
        _build(tmp_path)
    assert gc.get_threshold() == before


def test_the_pdf_writers_layout_is_freed_before_the_next_writer(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A laid-out document lives in reference cycles (its boxes, their Pango layouts, which hold the fonts):
    with the collector off but for what the build asks for, none of them is alive when the DOCX writer
    starts."""
    import pymupdf
    from weasyprint.formatting_structure.boxes import Box
    from weasyprint.text.line_break import Layout as PangoLayout

    alive: list[int] = []
    write_docx = jobs.WRITERS["docx"]

    def watched(writing: jobs._Writing, made: Mapping[Format, bytes]) -> bytes:
        alive.append(sum(isinstance(item, Box | PangoLayout) for item in gc.get_objects()))
        return write_docx(writing, made)

    monkeypatch.setattr(jobs, "WRITERS", {**jobs.WRITERS, "docx": watched})
    source = tmp_path / "gc.md"
    source.write_text(SOURCE + "".join(f"\n第{n}段正文，为了多排几行字。\n" for n in range(30)), encoding="utf-8")
    gc.collect()
    gc.disable()  # only the build's own collection frees cycles
    try:
        result = build(source, out_dir=tmp_path / "out", project=tmp_path)
    finally:
        gc.enable()
    # the blank page a duplex layout may add is laid out once a process and kept (`render.blank_page`)
    assert alive and alive[0] <= 4, alive
    assert any("第29段正文，为了多排几行字。" in page.get_text().replace("\n", "")
               for page in pymupdf.open(result.outputs["pdf"]))
