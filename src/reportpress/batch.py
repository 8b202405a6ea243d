"""Many sources at once: the client prepares each `Job`, an engine renders it, the client writes it.

In: sources, the project, an `Engine` (warm local worker processes, `LocalEngine`, or a Dask cluster,
`cluster.DaskEngine`) and a `Reporter` (the command line's progress display). Out: one `Outcome` per
source. The split is the same for both engines: every read of the project and every write of an
output happens here, in the client (confined and atomic as in `build`); a worker gets a Job (bytes)
and sends back the products' bytes (`work`). A source that fails — at its preparation, on a worker, or
while its outputs are written — is one failed Outcome with its messages (`file:line` first); the others
go on.

The client holds at most `engine.slots` Jobs at a time: a source is prepared when a slot frees, and its
products are dropped once written, so a batch of thousands needs the memory of a few. A Job's Assets (the
layout's files and the project's fonts) go to each worker once per digest, not with every source.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Collection, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any, Protocol, Self

from reportpress.build import write_outputs
from reportpress.errors import ReportpressError, SourceErrors
from reportpress.fonts import warned_by_client
from reportpress.formats import Format
from reportpress.job import (
    WORKSPACE,
    Assets,
    Job,
    MissingAssets,
    Products,
    collecting_warnings,
    prepare,
    remember,
    run_job,
)
from reportpress.pool import worker_context
from reportpress.stages import naming

logger = logging.getLogger(__name__)

MAX_DEATHS = 2  # a source whose worker process dies this often while building it is reported failed


@dataclass(frozen=True, slots=True)
class Done:
    """What a worker sends back for one Job: the products, or the messages of what stopped it."""

    products: Products | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # the warnings the build logged on the worker, for the client to log
    need_assets: bool = False  # the worker holds no Assets of that digest: send the Job with them


@dataclass(frozen=True, slots=True)
class Outcome:
    """One source of a batch: the outputs written, or why none were."""

    source: Path
    outputs: dict[Format, Path] = field(default_factory=dict)
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def messages(error: ReportpressError) -> tuple[str, ...]:
    """Each message of `error` (several for `SourceErrors`), as the command line prints them."""
    return tuple(str(item) for item in (error.errors if isinstance(error, SourceErrors) else (error,)))


def work(job: Job, formats: Sequence[Format], pdf_variant: str | None) -> Done:
    """Render one Job in a worker; never raises (its messages travel as text: the errors hold positions and
    are not all picklable). Warnings are collected, not printed by the worker. A bug is `internal error:
    TYPE: message` for the client and its traceback in the worker's log; a light Job whose Assets the
    worker lacks asks for them (`need_assets`)."""
    if job.assets is not None:
        remember(job.assets)
    failure: BaseException | None = None
    # the project's fonts were warned about by the client, naming them as the user knows them
    with collecting_warnings(propagate=False) as collector, warned_by_client():
        try:
            products = run_job(job, formats, pdf_variant)
        except MissingAssets:
            return Done(None, need_assets=True)
        except ReportpressError as error:
            return Done(None, messages(error), tuple(collector.messages))
        except Exception as exc:  # a bug must fail its source only; what it was is for the worker's log
            failure = exc
    if failure is not None:
        logger.error("%s: internal error", job.source, exc_info=failure)
        return Done(None, (f"internal error: {type(failure).__name__}: {failure}",), tuple(collector.messages))
    return Done(products, (), tuple(collector.messages))


class Reporter(Protocol):
    """What the batch tells its display, in the client."""

    def queued(self, source: Path) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...


class Engine(Protocol):
    """Where Jobs are rendered. `submit` hands one over (the engine decides what travels: a Job's Assets
    once per worker and digest) and returns a handle; `wait_any` blocks until at least one of `handles` is
    done and returns those, with their Done. `slots` is how many Jobs the client keeps in flight."""

    slots: int

    def __enter__(self) -> Self: ...

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None: ...

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object: ...

    def wait_any(self, handles: Collection[object]) -> list[tuple[object, Done]]: ...


def run_batch(sources: Sequence[Path], engine: Engine, reporter: Reporter, *, project: Path,
              formats: Sequence[Format], out_dir: Path, layout_name: str | None,
              pdf_variant: str | None, confined: bool = False) -> list[Outcome]:
    """Build every source on `engine`; the Outcomes in the order of `sources`.

    A source is prepared when the engine has a free slot, so workers build while later sources are read
    and no more than `engine.slots` Jobs and results are held; each result is dropped once written.
    `confined`: the sources were found in the project, and each must still be inside it when read.
    """
    outcomes: dict[Path, Outcome] = {}
    waiting = iter(sources)
    in_flight: dict[object, Job] = {}
    shared: dict[str, Assets] = {}  # one Assets object per digest, however many Jobs name it
    wanted: frozenset[str] = frozenset(formats) | ({"docx"} if pdf_variant == "pdf/a-3b" else frozenset())

    def fill() -> None:
        while len(in_flight) < max(1, engine.slots):
            source = next(waiting, None)
            if source is None:
                return
            try:
                job = prepare(source, project=project, layout_name=layout_name, confined=confined)
            except ReportpressError as error:
                outcomes[source] = _finish(reporter, Outcome(source, errors=messages(error)))
                continue
            if job.assets is not None:
                job = job.with_assets(shared.setdefault(job.digest, job.assets))
            in_flight[engine.submit(job, formats, pdf_variant)] = job
            reporter.queued(source)

    def take() -> None:
        # a function of its own: the products go with its frame, before the next wait
        for handle, done in engine.wait_any(list(in_flight)):
            job = in_flight.pop(handle)
            outcomes[Path(job.source)] = _finish(reporter, _write(job, done, out_dir, set(formats), wanted))

    fill()
    while in_flight:
        take()
        fill()
    return [outcomes[source] for source in sources]


def _write(job: Job, done: Done, out_dir: Path, required: set[Format], wanted: frozenset[str]) -> Outcome:
    """Write what a worker sent back for `job`, once checked: only the formats asked for, as bytes. What
    goes wrong while writing fails this source only."""
    source = Path(job.source)
    for warning in done.warnings:
        logger.warning("%s", warning)
    if done.products is None:  # every message names the source, as `build`'s do
        return Outcome(source, errors=tuple(text if text.startswith(job.source) else f"{job.source}: {text}"
                                            for text in done.errors or ("the worker sent back no build",)))
    problem = _unexpected(done.products, required, wanted)
    if problem:
        return Outcome(source, errors=(f"{job.source}: the worker sent back {problem}; nothing was written",))
    try:
        with naming(source):
            return Outcome(source, outputs=write_outputs(job, out_dir, done.products))
    except ReportpressError as error:
        return Outcome(source, errors=messages(error))
    except Exception as exc:  # a bug or an odd file system: this source fails, the batch goes on
        logger.debug("%s: writing the outputs failed", source, exc_info=True)
        return Outcome(source, errors=(f"{job.source}: cannot write its outputs: {type(exc).__name__}: {exc}",))


def _unexpected(products: object, required: set[Format], wanted: frozenset[str]) -> str:
    """What is wrong with a worker's products (empty when nothing): the client writes only files it asked
    for, under names it makes itself, whatever a worker of another version (or a hostile one) sends."""
    if not isinstance(products, Products) or not isinstance(products.files, dict):
        return f"{type(products).__name__}, not products"
    files: dict[object, object] = {key: value for key, value in products.files.items()}  # as sent: unchecked
    extra = sorted(repr(key) for key in files if key not in wanted)
    if extra:
        return f"formats it was not asked for ({', '.join(extra)})"
    missing = sorted(fmt for fmt in required if fmt not in files)
    if missing:
        return f"no {', '.join(missing)}"
    odd = sorted(str(key) for key, value in files.items() if not isinstance(value, bytes))
    if odd:
        return f"{', '.join(odd)} not as bytes"
    fonts: object = products.fonts
    return "" if isinstance(fonts, tuple) else "a font list that is not one"


def _finish(reporter: Reporter, outcome: Outcome) -> Outcome:
    reporter.finished(outcome)
    return outcome


# ------------------------------------------------------------------------------------------ local pool


_STARTED: Any = None  # in a pool worker: the queue it says which job it starts on


def _warm(started: Any, parent: str) -> None:
    """A pool worker's start: Ctrl-C is the client's to handle, its materialised layouts go inside the
    client's folder (`parent`), and WeasyPrint and python-docx load once here rather than in the first job."""
    global _STARTED
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STARTED = started
    WORKSPACE.parent = parent
    import reportpress.warmup  # noqa: F401  (forked from the forkserver: loaded already; spawned: loads now)


def _pool_task(task: Any, token: int, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> Done:
    """Run in a pool worker: say which job this process starts (so a worker's death is charged to the job
    it was building), then build it."""
    if _STARTED is not None:
        _STARTED.put((token, os.getpid()))  # one small message: written whole, or not at all
    result: Done = task(job, formats, pdf_variant)
    return result


@dataclass(slots=True)
class _Entry:
    job: Job
    formats: tuple[Format, ...]
    pdf_variant: str | None
    future: Future[Done]
    full: bool = False  # sent with its Assets
    deaths: int = 0


class LocalEngine:
    """`jobs` warm worker processes (forkserver: none inherits the client's state), each building many
    sources; a context manager that stops them on leaving, at once on Ctrl-C.

    A worker that dies (the out-of-memory killer, a crash in a library) breaks a `ProcessPoolExecutor`,
    which fails every job it holds: the jobs not done go to a fresh pool, and the one that was being
    built on the dead worker is charged with it; one charged `MAX_DEATHS` times is reported failed.
    `task` is what a worker runs for a Job (`work`; a test gives another).
    """

    def __init__(self, jobs: int, task: Any = work) -> None:
        self.context = worker_context()
        self.jobs = jobs
        self.slots = 2 * jobs  # one queued behind each busy worker: no worker waits for the client
        self.task = task
        self.tokens = count(1)
        self.entries: dict[int, _Entry] = {}
        self.started: dict[int, int] = {}  # token → pid of the worker that started it
        self._new_pool()

    def _new_pool(self) -> None:
        self.queue = self.context.SimpleQueue()
        self.executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=self.context, initializer=_warm,
                                            initargs=(self.queue, str(WORKSPACE.root())))
        self.processes: dict[int, Any] = {}
        self.shipped: dict[str, int] = {}  # digest → Jobs sent with those Assets to this pool

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if kind is None:
            self.executor.shutdown(wait=True)
            self.queue.close()
            return
        # interrupted or failed: builds in flight are dropped (their outputs were never written). The
        # processes are read before the shutdown, which forgets them (Python 3.11 sets them to None).
        processes = [*self._processes().values()]
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join(timeout=10)
        self.queue.close()

    def _processes(self) -> dict[int, Any]:
        """The pool's worker processes by pid, the ones that ended included (kept from earlier looks)."""
        live = getattr(self.executor, "_processes", None)
        self.processes.update(live or {})
        return self.processes

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object:
        token = next(self.tokens)
        self.entries[token] = entry = _Entry(job, tuple(formats), pdf_variant, Future())
        self._send(token, entry)
        return token

    def _send(self, token: int, entry: _Entry) -> None:
        """Hand `entry` to the pool. The first `jobs` Jobs of a digest carry their Assets (a pool has that
        many workers; which one takes a Job is the pool's choice), later ones go light; a worker that was
        not fed asks (`need_assets`) and gets this Job again with them (`full`)."""
        if entry.job.assets is not None and not entry.full and self.shipped.get(entry.job.digest, 0) < self.jobs:
            entry.full = True
        if entry.full:
            self.shipped[entry.job.digest] = self.shipped.get(entry.job.digest, 0) + 1
        job = entry.job if entry.full or entry.job.assets is None else entry.job.light()
        try:
            entry.future = self.executor.submit(_pool_task, self.task, token, job, entry.formats, entry.pdf_variant)
        except BrokenProcessPool as error:  # a worker died since the last wait: this Job goes to the next pool
            entry.future = Future()
            entry.future.set_exception(error)
        self._processes()

    def wait_any(self, handles: Collection[object]) -> list[tuple[object, Done]]:
        futures = {self.entries[token].future: token for token in handles if isinstance(token, int)}
        finished, _ = wait_futures(futures, return_when=FIRST_COMPLETED)
        self._drain()
        results: list[tuple[object, Done]] = []
        broken = False
        for future in finished:
            token = futures[future]
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                broken = True
                continue
            entry = self.entries[token]
            done = future.result() if error is None else Done(None, (f"internal error: {type(error).__name__}: "
                                                                     f"{error}",))
            if done.need_assets and not entry.full:
                entry.full = True  # this worker has not had them: send them with the Job
                self.started.pop(token, None)  # that start is over
                self._send(token, entry)
                continue
            del self.entries[token]
            self.started.pop(token, None)
            results.append((token, done))
        if broken:
            results.extend(self._recover())
        return results

    def _drain(self) -> None:
        while not self.queue.empty():
            token, pid = self.queue.get()
            self.started[token] = pid

    def _recover(self) -> list[tuple[object, Done]]:
        """A worker died: charge the job it was building, send the others to a fresh pool."""
        processes = dict(self._processes())
        self.executor.shutdown(wait=True)  # the broken pool has failed every job it held; its workers end
        self._drain()
        self.queue.close()
        lost = [token for token, entry in self.entries.items()
                if entry.future.done() and isinstance(entry.future.exception(), BrokenProcessPool)]
        # the dead worker: one that ended otherwise than by the pool's own SIGTERM to the others
        dead = {pid for pid, process in processes.items() if process.exitcode not in (None, -signal.SIGTERM)}
        started = [token for token in lost if token in self.started]
        charged = [token for token in started if self.started[token] in dead] or started or lost
        codes = {pid: process.exitcode for pid, process in processes.items()}
        self._new_pool()
        failed: list[tuple[object, Done]] = []
        for token in lost:
            entry = self.entries[token]
            if token in charged:
                entry.deaths += 1
                if entry.deaths >= MAX_DEATHS:
                    del self.entries[token]
                    failed.append((token, Done(None, (_death_message(entry.deaths,
                                                                     codes.get(self.started.get(token, 0))),))))
                    continue
            self.started.pop(token, None)
            entry.full = False  # a fresh pool: its workers hold no Assets yet
            self._send(token, entry)
        for token in charged:
            self.started.pop(token, None)
        return failed


def _death_message(deaths: int, exitcode: int | None) -> str:
    how = ""
    if exitcode is not None and exitcode < 0:
        try:
            how = f" (killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f" (killed by signal {-exitcode}"
        how += ": the out-of-memory killer sends SIGKILL)" if exitcode == -signal.SIGKILL else ")"
    elif exitcode:
        how = f" (exit status {exitcode})"
    return (f"the worker process building it died {deaths} times{how}: not built; build it alone "
            "(`reportpress build SOURCE`) to see why")
