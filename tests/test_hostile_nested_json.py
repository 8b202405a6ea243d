"""JSON nested 100,000 deep where a command reads JSON it did not write (session 24): a stale manifest in
the output folder (a project received from elsewhere may hold one), the import report beside a watched
source. Python's json recurses once per level, and its RecursionError is no ValueError: `build` ended in a
traceback, and the watch's first build took the watch down. Each is now read as a file that cannot be used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reportpress.watch.doubts import read_doubts
from reportpress.watch.inputs import watched_paths

from .conftest import REPO

DEEP = "[" * 100_000


def test_a_stale_manifest_nested_too_deep_is_replaced_with_the_stale_warning(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "output").mkdir()
    (tmp_path / "source" / "r.md").write_text("---\ntitle: 报告\n---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "output" / "r.manifest.json").write_text(DEEP, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "300"}
    result = subprocess.run([sys.executable, "-m", "reportpress", "build", "--to", "docx"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "output/r.manifest.json does not match r.manifest.json" in " ".join(result.stderr.split())
    manifest = json.loads((tmp_path / "output" / "r.manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["docx"]["path"] == "output/r.docx"


def test_an_import_report_nested_too_deep_is_a_problem_shown_not_an_exception(tmp_path: Path) -> None:
    report = tmp_path / "r.import.json"
    report.write_text(DEEP, encoding="utf-8")
    doubts = read_doubts(report)
    assert doubts.doubts == () and doubts.problem == f"{report}: cannot read the import report: nested too deep"


def test_the_watch_lists_its_inputs_past_a_manifest_nested_too_deep(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "output").mkdir()
    source = tmp_path / "source" / "r.md"
    source.write_text("---\ntitle: 报告\n---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "output" / "r.manifest.json").write_text(DEEP, encoding="utf-8")
    paths = watched_paths(source, tmp_path / "output", tmp_path)
    assert source in paths
