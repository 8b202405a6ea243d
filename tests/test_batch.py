"""`reportpress build --jobs N`: warm worker processes give the bytes of serial builds; a source that fails
is reported with its file:line while the others are written, the exit code is 1 and a summary is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.cli import main
from tests.batchutil import make_project, outputs


def serial_outputs(root: Path, count: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    sources = make_project(root, count)
    monkeypatch.chdir(root)
    assert main(["build", "--jobs", "1", *map(str, sources)]) == 0
    return outputs(root / "output")


def test_jobs_2_gives_the_outputs_of_serial_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    serial = serial_outputs(tmp_path / "serial", 8, monkeypatch)
    sources = make_project(tmp_path / "batch", 8)
    monkeypatch.chdir(tmp_path / "batch")
    capsys.readouterr()
    assert main(["build", "--jobs", "2", *map(str, sources)]) == 0
    batch = outputs(tmp_path / "batch" / "output")
    assert len(batch) == 16
    assert batch == serial
    out = capsys.readouterr().out
    assert sorted(line for line in out.splitlines() if line.startswith("wrote")) == sorted(
        f"wrote output/r{n}.{fmt}" for n in range(1, 9) for fmt in ("pdf", "docx"))


def test_a_failing_source_is_reported_and_the_others_are_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    sources = make_project(tmp_path, 8, bad=3)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--jobs", "2", *map(str, sources)]) == 1
    captured = capsys.readouterr()
    assert "error: source/r3.md:11: unknown footnote [^missing]" in captured.err
    assert "1 of 8 sources failed" in captured.err
    summary = [line for line in captured.err.splitlines() if "source/r" in line and ("ok" in line or "FAILED" in line)]
    assert len(summary) == 8 and sum("FAILED" in line for line in summary) == 1
    built = outputs(tmp_path / "output")
    assert sorted(built) == sorted(f"r{n}.{fmt}" for n in (1, 2, 4, 5, 6, 7, 8) for fmt in ("pdf", "docx"))
    assert not (tmp_path / "output" / "r3.manifest.json").exists()


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--jobs", "0", "x.md"])
    assert exit_.value.code == 2
    assert "give a number of worker processes" in capsys.readouterr().err
