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


def test_a_failed_build_puts_the_threshold_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(writing: jobs._Writing, made: Mapping[Format, bytes]) -> bytes:
        raise RuntimeError("writer failed")

    monkeypatch.setattr(jobs, "WRITERS", {**jobs.WRITERS, "docx": broken})
    before = gc.get_threshold()
    with pytest.raises(RuntimeError, match="writer failed"):
        _build(tmp_path)
    assert gc.get_threshold() == before
