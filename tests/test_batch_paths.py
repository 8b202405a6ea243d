"""The batch's forkserver imports from the client's `sys.path` only (hostile review, session 19).

Python 3.11 starts the forkserver with `-c` — the current folder first on its path — and ignores the
path it is handed (CPython gh-117378): a project folder holding a package named like a dependency
(`tinycss2/`) had its code run in the server and so in every worker, and a client that added a path
had workers run another reportpress."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.batchutil import make_project
from tests.conftest import REPO

SCRIPT = Path(sys.executable).with_name("reportpress")  # the console script: its path holds no current folder


def shadow_package(project: Path) -> Path:
    """A `tinycss2/` (a WeasyPrint dependency) in `project` that, imported, writes the marker returned."""
    marker = project / "ran"
    (project / "tinycss2").mkdir()
    (project / "tinycss2" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'a').write('ran')\nraise ImportError('shadow')\n", encoding="utf-8")
    return marker


def test_a_package_in_the_project_folder_runs_nowhere(tmp_path: Path) -> None:
    make_project(tmp_path, 2)
    marker = shadow_package(tmp_path)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-c",
                                                     "from reportpress.__main__ import entry; entry()"]
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    env["PYTHONPATH"] = str(REPO / "src")
    done = subprocess.run([*command, "build", "--jobs", "2", "--to", "docx"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert len(list((tmp_path / "output").glob("*.docx"))) == 2


def test_workers_run_the_clients_reportpress(tmp_path: Path) -> None:
    """A client that put another copy first on its path: the workers import that copy too (its
    `reportpress.__file__`), whatever the server found installed."""
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "src" / "reportpress", copy / "reportpress")
    code = f"""
import sys
sys.path.insert(0, {str(copy)!r})
import reportpress.batch as batch
with batch.LocalEngine(1) as engine:
    future = engine.executor.submit(eval, "__import__('reportpress.warmup').__file__")
    print(future.result())
"""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    env["PYTHONPATH"] = str(REPO / "src")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(copy / "reportpress" / "__init__.py")


def test_a_docx_batch_runs_where_weasyprint_cannot_load(tmp_path: Path) -> None:
    """The preload imports WeasyPrint; where that fails (no Pango: WeasyPrint raises OSError) the pool
    still starts and a DOCX-only batch is built, as before the preload."""
    make_project(tmp_path, 2)
    broken = tmp_path / "broken" / "weasyprint"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise OSError('cannot load library pango')\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    env["PYTHONPATH"] = os.pathsep.join([str(broken.parent), str(REPO / "src")])
    done = subprocess.run([sys.executable, "-m", "reportpress", "build", "--jobs", "2", "--to", "docx"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert len(list((tmp_path / "output").glob("*.docx"))) == 2


def test_python_m_runs_no_package_of_the_project_folder(tmp_path: Path) -> None:
    """`python -m reportpress` (README: the same command) puts the current folder first on `sys.path`:
    a project's `tinycss2/` would have run in the command itself (WeasyPrint imports it) and, for a
    batch, in its server. `__main__` drops that entry (hostile review, session 20)."""
    make_project(tmp_path, 2)
    marker = shadow_package(tmp_path)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    env["PYTHONPATH"] = str(REPO / "src")
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "reportpress", "build", "--jobs", jobs, "--to", "pdf",
                               "--out", f"out{jobs}"], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=600, check=False)
        assert done.returncode == 0, done.stderr
        assert not marker.exists(), jobs
        assert len(list((tmp_path / f"out{jobs}").glob("*.pdf"))) == 2


def test_the_workers_server_starts_with_ctrl_c_ignored_and_the_client_keeps_its_handler() -> None:
    """A Ctrl-C while the server imports WeasyPrint is the client's alone: the server ignores SIGINT from
    its exec on (no KeyboardInterrupt traceback from it), and the client's own handler is back."""
    # a shell's background job starts with SIGINT ignored, and Python keeps it so: the client below starts
    # as a terminal's command does, with Python's own handler
    code = """
import signal, multiprocessing.forkserver as forkserver
signal.signal(signal.SIGINT, signal.default_int_handler)
from reportpress.pool import worker_context
worker_context()
pid = forkserver._forkserver._forkserver_pid
ignored = next(line for line in open(f"/proc/{pid}/status") if line.startswith("SigIgn:")).split()[1]
print(int(ignored, 16) >> (signal.SIGINT - 1) & 1, signal.getsignal(signal.SIGINT) is signal.default_int_handler)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "True"]
