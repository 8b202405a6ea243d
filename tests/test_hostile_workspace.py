"""A build whose working folder cannot be written (session 26).

Every build writes the layout's files and the project's fonts into a folder of its own under TMPDIR
(`job.Workspace`) for WeasyPrint. A full temporary disk made that a traceback (`OSError: [Errno 28]`),
and in a batch an "internal error" with a traceback for every source. A file-size limit
(`RLIMIT_FSIZE`, which makes a write past it fail with EFBIG as a full disk fails with ENOSPC) is the
full disk here: no test can fill a real one.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
LIMIT = 4096  # bytes: less than the layout's template, so the first write into the workspace fails


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    for name in ("r", "s"):
        (tmp_path / "source" / f"{name}.md").write_text("---\ntitle: 报告\n---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    return tmp_path


@pytest.mark.parametrize("args", [["source/r.md"], ["--jobs", "2", "source/r.md", "source/s.md"]],
                         ids=["one", "batch"])
def test_a_working_folder_that_cannot_be_written_is_one_message_and_no_output(args: list[str],
                                                                               tmp_path: Path) -> None:
    project = _project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(project / "tmp"),
           "REPORTPRESS_CACHE_DIR": str(project / "cache")}
    done = subprocess.run([sys.executable, "-m", "reportpress", "build", "--to", "docx", *args], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300, preexec_fn=_limited, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert "cannot write the build's working files in" in done.stderr, done.stderr
    assert "set TMPDIR to a folder with room" in done.stderr
    assert not list((project / "output").glob("*")) if (project / "output").exists() else True
    # the half-written folder is not kept: only the process's own (empty, removed at exit) could remain
    assert not [path for path in (project / "tmp").rglob("*") if path.is_file()]
