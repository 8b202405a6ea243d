"""job.py: a Job pickles and round-trips, and `run_job` in a process that cannot see the project — its
current folder an empty one, the project renamed away — makes the bytes a local `build()` writes."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.job import prepare
from tests.batchutil import REPO, make_project, outputs

WORKER = """
import pickle, sys
from reportpress.job import run_job
job = pickle.loads(sys.stdin.buffer.read())
products = run_job(job, ("pdf", "docx"), None)
sys.stdout.buffer.write(pickle.dumps(products.files))
"""


def test_a_job_pickles_and_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [source] = make_project(tmp_path / "p", 1)
    monkeypatch.chdir(tmp_path / "p")
    job = prepare(source, project=Path.cwd())
    again = pickle.loads(pickle.dumps(job))
    assert again == job
    assert again.source_data == (tmp_path / "p" / source).read_bytes()
    assert dict(again.images)["x.png"] == (tmp_path / "p" / "source" / "x.png").read_bytes()
    assert [spec.kind for spec in again.covers] == ["template", "pdf"]
    assert again.assets is not None
    assert dict(again.assets.layout_files)["layout.toml"] == (tmp_path / "p/layouts/gov-report/layout.toml").read_bytes()
    assert [name for name, _ in again.assets.fonts] == ["LiberationSans-Regular.ttf"]
    assert again.assets.digest == job.digest
    assert again.light().assets is None and again.light().with_assets(again.assets) == job


def test_run_job_without_the_project_makes_the_bytes_of_a_local_build(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    [source] = make_project(project, 1)
    monkeypatch.chdir(project)
    job = prepare(source, project=Path.cwd())
    build(source, out_dir=project / "output", project=Path.cwd())
    local = outputs(project / "output")
    monkeypatch.chdir(tmp_path)
    project.rename(tmp_path / "gone")  # nothing of the project is where the Job says it was
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", WORKER], input=pickle.dumps(job), capture_output=True,
                            cwd=empty, env=env, timeout=300, check=True)
    remote = pickle.loads(result.stdout)
    assert set(remote) == {"pdf", "docx"}
    assert remote["pdf"] == local["r1.pdf"]
    assert remote["docx"] == local["r1.docx"]
    assert list(empty.iterdir()) == []  # the worker wrote nothing where it ran
    assert b"BACK COVER" in subprocess.run(["pdftotext", "-", "-"], input=remote["pdf"], capture_output=True,
                                           check=True).stdout
