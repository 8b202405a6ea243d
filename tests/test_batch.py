"""`reportpress build --jobs N`: warm worker processes give the bytes of serial builds; a source that fails
is reported with its file:line while the others are written, the exit code is 1 and a summary is shown.
A worker that dies loses no other source; Ctrl-C stops everything; the client holds a few Jobs at a time
and checks what workers send back."""

from __future__ import annotations

import contextlib
import gc
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Collection, Sequence
from functools import partial
from pathlib import Path

import pytest

from reportpress.batch import Done, LocalEngine, Outcome, run_batch, work
from reportpress.cli import main
from reportpress.formats import Format
from reportpress.job import Job, Products
from tests.batchutil import REPO, kill_worker, make_project, outputs, record_assets, record_warmth, sigint_default


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


class Quiet:
    """A Reporter that keeps what it was told."""

    def __init__(self) -> None:
        self.queued_sources: list[Path] = []
        self.outcomes: list[Outcome] = []

    def queued(self, source: Path) -> None:
        self.queued_sources.append(source)

    def finished(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


def local_batch(root: Path, sources: list[Path], engine: LocalEngine, formats: tuple[Format, ...] = ("docx",)
                ) -> list[Outcome]:
    with engine:
        return run_batch([root / source for source in sources], engine, Quiet(), project=root, formats=formats,
                         out_dir=root / "output", layout_name=None, pdf_variant=None)


def test_a_worker_killed_mid_batch_loses_no_source(tmp_path: Path) -> None:
    """SIGKILL (the out-of-memory killer) of the worker building r2 breaks the pool; the jobs not done go to
    a fresh one, and every source is written."""
    sources = make_project(tmp_path, 5)
    task = partial(kill_worker, tmp_path / "deaths", "r2.md", 1)
    outcomes = local_batch(tmp_path, sources, LocalEngine(2, task=task))
    assert [outcome.errors for outcome in outcomes] == [()] * 5
    assert len(list((tmp_path / "deaths").iterdir())) == 1  # it did die, once
    assert sorted(outputs(tmp_path / "output")) == [f"r{n}.docx" for n in range(1, 6)]


def test_a_source_that_kills_its_worker_twice_is_failed_and_the_others_are_built(tmp_path: Path) -> None:
    sources = make_project(tmp_path, 5)
    task = partial(kill_worker, tmp_path / "deaths", "r2.md", 99)
    outcomes = local_batch(tmp_path, sources, LocalEngine(2, task=task))
    assert [bool(outcome.errors) for outcome in outcomes] == [False, True, False, False, False]
    [message] = outcomes[1].errors
    assert message.startswith(f"{tmp_path / sources[1]}: the worker process building it died 2 times (killed by "
                              "SIGKILL: the out-of-memory killer sends SIGKILL)")
    assert len(list((tmp_path / "deaths").iterdir())) == 2
    assert sorted(outputs(tmp_path / "output")) == [f"r{n}.docx" for n in (1, 3, 4, 5)]


def test_the_assets_go_to_a_worker_once(tmp_path: Path) -> None:
    """The layout's files and the project's fonts travel once per worker, not with each source: the first
    Job carries them, every later one goes light and finds them in the worker."""
    sources = make_project(tmp_path, 3)
    log = tmp_path / "calls"
    outcomes = local_batch(tmp_path, sources, LocalEngine(1, task=partial(record_assets, log)))
    assert all(outcome.ok for outcome in outcomes)
    assert log.read_text(encoding="utf-8").splitlines() == ["r1.md full", "r2.md light",
                                                            "r3.md light"]


def test_workers_start_warm_forked_from_one_warmed_server(tmp_path: Path) -> None:
    """What a build imports lazily (WeasyPrint, python-docx, fontTools: `reportpress.warmup`) is imported
    by the forkserver, once, before any worker exists: every worker has it at its first Job, and all of
    them are children of that one server, not of the client."""
    sources = make_project(tmp_path, 4)
    log = tmp_path / "calls"
    outcomes = local_batch(tmp_path, sources, LocalEngine(2, task=partial(record_warmth, log)))
    assert all(outcome.ok for outcome in outcomes)
    # a light Job that reaches a worker without its Assets is sent again with them: a source may come twice
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert {name for name, *_ in lines} == {source.name for source in sources}
    assert all(loaded == "True" for _name, _pid, _parent, loaded in lines)
    parents = {parent for _name, _pid, parent, _loaded in lines}
    assert len(parents) == 1 and parents != {str(os.getpid())}


EARLY_SERVER = """
import sys
import multiprocessing.forkserver as forkserver
start = forkserver.ensure_running
def ensure_running():
    sys.stderr.write(f"server started, the build imported: {'reportpress.build' in sys.modules}\\n")
    start()
forkserver.ensure_running = ensure_running
from reportpress.__main__ import entry
sys.argv = ["reportpress", *sys.argv[1:]]
raise SystemExit(entry())
"""


def test_the_command_starts_the_workers_server_before_it_imports_the_build(tmp_path: Path) -> None:
    """The server's imports are the one part of a batch a second core cannot share: `build --jobs 2`
    starts it before the client imports the reader, the layouts and the writers, so both run at once."""
    sources = make_project(tmp_path, 2)
    temporary = Path(tempfile.mkdtemp(prefix="rp-"))  # short: the forkserver's socket path must fit
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(temporary)}
    try:
        result = subprocess.run([sys.executable, "-c", EARLY_SERVER, "build", "--jobs", "2", "--to", "docx",
                                 *map(str, sources)], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=300)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    assert result.returncode == 0, result.stderr
    started = [line for line in result.stderr.splitlines() if line.startswith("server started")]
    assert started[0] == "server started, the build imported: False", result.stderr
    assert sorted(outputs(tmp_path / "output")) == ["r1.docx", "r2.docx"]


def test_a_batch_prints_each_warning_of_a_source_once(tmp_path: Path) -> None:
    """The client logs a source's reader warnings when it prepares the Job; the worker's reading of the
    same bytes (a miss in that process) sends none of them back again."""
    sources = make_project(tmp_path, 2)
    for source in sources:
        path = tmp_path / source
        path.write_text(path.read_text(encoding="utf-8") + "\n[^unused]: 没有调用的脚注。\n", encoding="utf-8")
    temporary = Path(tempfile.mkdtemp(prefix="rp-"))  # short: the forkserver's socket path must fit
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(temporary), "COLUMNS": "300"}
    try:
        result = subprocess.run([sys.executable, "-m", "reportpress", "build", "--jobs", "2", "--to", "docx",
                                 *map(str, sources)], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=300)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    assert result.returncode == 0, result.stderr
    for source in sources:
        assert result.stderr.count(f"{source}:") == 1, result.stderr
        assert f"{source}:" in result.stderr and "[^unused] is defined but never referenced" in result.stderr


class Files(dict[Format, bytes]):
    """A products dict that a weak reference can follow."""


class InProcess:
    """An Engine that builds in this process when asked to wait, remembering what it held."""

    def __init__(self, slots: int, sent: list[weakref.ref[Files]]) -> None:
        self.slots = slots
        self.waiting: dict[int, Job] = {}
        self.sent = sent
        self.most = 0

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *_args: object) -> None:
        pass

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object:
        handle = len(self.sent) + len(self.waiting) + 1000 * (len(self.sent) + 1)
        self.waiting[handle] = job
        self.most = max(self.most, len(self.waiting))
        return handle

    def wait_any(self, handles: Collection[object]) -> list[tuple[object, Done]]:
        gc.collect()
        assert [ref for ref in self.sent if ref() is not None] == []  # every result so far was dropped
        handle = next(iter(handles))
        job = self.waiting.pop(handle)  # type: ignore[call-overload]
        done = work(job, ("docx",), None)
        assert done.products is not None
        files = Files(done.products.files)
        self.sent.append(weakref.ref(files))
        return [(handle, Done(Products(files=files, fonts=done.products.fonts)))]


def test_the_client_holds_few_jobs_and_drops_each_result_once_written(tmp_path: Path) -> None:
    sources = make_project(tmp_path, 6)
    sent: list[weakref.ref[Files]] = []
    engine = InProcess(2, sent)
    reporter = Quiet()
    outcomes = run_batch([tmp_path / source for source in sources], engine, reporter, project=tmp_path,
                         formats=("docx",), out_dir=tmp_path / "output", layout_name=None, pdf_variant=None)
    assert all(outcome.ok for outcome in outcomes) and len(sent) == 6
    assert engine.most == 2  # never more Jobs in flight than the engine's slots: prepared as slots free


class Replies:
    """An Engine whose worker sends back `products` for every Job, without building anything."""

    slots = 4

    def __init__(self, products: object) -> None:
        self.products = products
        self.jobs: dict[int, Job] = {}

    def __enter__(self) -> Replies:
        return self

    def __exit__(self, *_args: object) -> None:
        pass

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object:
        self.jobs[len(self.jobs)] = job
        return len(self.jobs) - 1

    def wait_any(self, handles: Collection[object]) -> list[tuple[object, Done]]:
        return [(handle, Done(self.products)) for handle in handles]  # type: ignore[arg-type]


@pytest.mark.parametrize("files", [{"/../r2.pdf": b"not r2", "docx": b"x"}, {"docx": "text, not bytes"}, {}],
                         ids=["a-path-for-a-format", "text", "nothing"])
def test_what_a_worker_sends_back_is_checked_before_anything_is_written(tmp_path: Path, files: dict[str, object]
                                                                        ) -> None:
    sources = make_project(tmp_path, 2)
    outcomes = run_batch([tmp_path / source for source in sources], Replies(Products(files=files)), Quiet(),  # type: ignore[arg-type]
                         project=tmp_path, formats=("docx",), out_dir=tmp_path / "output", layout_name=None,
                         pdf_variant=None)
    assert all(outcome.errors and "the worker sent back" in outcome.errors[0] for outcome in outcomes)
    assert not (tmp_path / "output").exists() and not (tmp_path / "r2.pdf").exists()


def test_a_source_whose_outputs_cannot_be_written_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    from reportpress import batch

    sources = make_project(tmp_path, 3)
    written = batch.write_outputs

    def write(job: Job, out_dir: Path, products: Products) -> dict[Format, Path]:
        if job.name == "r2.md":
            raise RuntimeError("the disk went away")
        return written(job, out_dir, products)

    monkeypatch.setattr(batch, "write_outputs", write)
    outcomes = run_batch([tmp_path / source for source in sources], InProcess(2, []), Quiet(), project=tmp_path,
                         formats=("docx",), out_dir=tmp_path / "output", layout_name=None, pdf_variant=None)
    assert [outcome.errors for outcome in outcomes] == [
        (), (f"{tmp_path / sources[1]}: cannot write its outputs: RuntimeError: the disk went away",), ()]
    assert sorted(outputs(tmp_path / "output")) == ["r1.docx", "r3.docx"]


def test_ctrl_c_stops_a_batch_at_once_without_a_traceback(tmp_path: Path) -> None:
    """SIGINT to the whole process group, as a terminal sends it, once the first source is written: exit
    130, `interrupted`, no traceback, and no process of the batch left. Each source is long enough (seconds
    of layout) that the batch is still building when the signal arrives, however slow the test is to send it."""
    sources = make_project(tmp_path, 6, pages=20)
    temporary = Path(tempfile.mkdtemp(prefix="rp-"))  # short: the forkserver's socket path must fit
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONUNBUFFERED": "1", "TMPDIR": str(temporary)}
    batch = subprocess.Popen([sys.executable, "-m", "reportpress", "build", "--jobs", "2", "--to", "pdf",
                              *map(str, sources)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True, preexec_fn=sigint_default)
    try:
        assert batch.stdout is not None
        ready, _, _ = select.select([batch.stdout], [], [], 300)
        assert ready, "no source was written in time"
        first = batch.stdout.readline()
        assert first.startswith(b"wrote "), (first, batch.stderr.read() if batch.stderr else b"")
        os.killpg(batch.pid, signal.SIGINT)
        _out, err = batch.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(batch.pid, signal.SIGKILL)
        batch.wait(timeout=60)
        for pipe in (batch.stdout, batch.stderr):  # closed even when the test failed: no unraisable warning later
            if pipe is not None:
                pipe.close()
        left = [path.name for path in temporary.iterdir() if path.name.startswith("reportpress-")]
        shutil.rmtree(temporary, ignore_errors=True)
    assert batch.returncode == 130, err.decode()
    assert b"Traceback" not in err and err.decode().strip().endswith("interrupted")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _group_alive(batch.pid):
        time.sleep(0.1)
    assert not _group_alive(batch.pid), "a worker of the batch outlived it"
    assert left == []  # the client's folder, its workers' inside it, went with it


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
