"""Many sources at once: the client prepares each `Job`, an engine renders it, the client writes it.

In: sources, the project, an `Engine` (warm local worker processes, `LocalEngine`, or a Dask cluster,
`cluster.DaskEngine`) and a `Reporter` (the command line's progress display). Out: one `Outcome` per
source. The split is the same for both engines: every read of the project and every write of an
output happens here, in the client (confined and atomic as in `build`); a worker gets a Job (bytes)
and sends back the products' bytes (`work`). A source that fails — at its preparation or on a worker —
is one failed Outcome with its messages (`file:line` first); the others go on.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reportpress.build import Format, naming, write_outputs
from reportpress.errors import ReportpressError, SourceErrors
from reportpress.job import Job, Products, prepare, run_job

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Done:
    """What a worker sends back for one Job: the products, or the messages of what stopped it."""

    products: Products | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # the warnings the build logged on the worker, for the client to log


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


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def work(job: Job, formats: Sequence[Format], pdf_variant: str | None) -> Done:
    """Render one Job in a worker; never raises a ReportpressError (its messages travel as text: the
    errors hold positions and are not all picklable). Warnings are collected, not printed by the worker."""
    root = logging.getLogger("reportpress")
    collect = _Collect()
    root.addHandler(collect)
    propagate = root.propagate
    root.propagate = False  # a worker has no console of its own: the client logs what it sends back
    try:
        products = run_job(job, formats, pdf_variant)
    except ReportpressError as error:
        return Done(None, messages(error), tuple(collect.messages))
    finally:
        root.removeHandler(collect)
        root.propagate = propagate
    return Done(products, (), tuple(collect.messages))


class Reporter(Protocol):
    """What the batch tells its display, in the client."""

    def queued(self, source: Path) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...


class Engine(Protocol):
    """Where Jobs are rendered: `submit` hands one over, `completed` yields (handle, Done) as they finish."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None: ...

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object: ...

    def completed(self, handles: Sequence[object]) -> Iterator[tuple[object, Done]]: ...


def run_batch(sources: Sequence[Path], engine: Engine, reporter: Reporter, *, project: Path,
              formats: Sequence[Format], out_dir: Path, layout_name: str | None,
              pdf_variant: str | None) -> list[Outcome]:
    """Build every source on `engine`; the Outcomes in the order of `sources`.

    Each source is prepared here, then submitted at once, so workers start while later sources are read.
    """
    outcomes: dict[Path, Outcome] = {}
    pending: dict[object, Job] = {}
    for source in sources:
        try:
            job = prepare(source, project=project, layout_name=layout_name)
        except ReportpressError as error:
            outcomes[source] = _finish(reporter, Outcome(source, errors=messages(error)))
            continue
        pending[engine.submit(job, formats, pdf_variant)] = job
        reporter.queued(source)
    for handle, done in engine.completed(list(pending)):
        job = pending[handle]
        source = Path(job.source)
        outcomes[source] = _finish(reporter, _write(job, done, out_dir))
    return [outcomes[source] for source in sources]


def _write(job: Job, done: Done, out_dir: Path) -> Outcome:
    source = Path(job.source)
    for warning in done.warnings:
        logger.warning("%s", warning)
    if done.products is None:  # every message names the source, as `build`'s do
        return Outcome(source, errors=tuple(text if text.startswith(job.source) else f"{job.source}: {text}"
                                            for text in done.errors))
    try:
        with naming(source):
            return Outcome(source, outputs=write_outputs(job, out_dir, done.products.files))
    except ReportpressError as error:
        return Outcome(source, errors=messages(error))


def _finish(reporter: Reporter, outcome: Outcome) -> Outcome:
    reporter.finished(outcome)
    return outcome


# ------------------------------------------------------------------------------------------ local pool


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _warm() -> None:
    """A pool worker's start: Ctrl-C is the client's to handle, and WeasyPrint and python-docx load
    once here rather than in the first job."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import reportpress.writers.docx
    import reportpress.writers.pdf  # noqa: F401


class LocalEngine:
    """`jobs` warm worker processes (forkserver: none inherits the client's state), each building many
    sources; a context manager that stops them on leaving, at once on Ctrl-C."""

    def __init__(self, jobs: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if kind is None:
            self.executor.shutdown(wait=True)
            return
        # interrupted or failed: builds in flight are dropped (their outputs were never written)
        self.executor.shutdown(wait=False, cancel_futures=True)
        terminate = getattr(self.executor, "terminate_workers", None)  # Python 3.14
        if terminate is not None:
            terminate()
            return
        for process in list(getattr(self.executor, "_processes", {}).values()):
            process.terminate()

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object:
        return self.executor.submit(work, job, tuple(formats), pdf_variant)

    def completed(self, handles: Sequence[object]) -> Iterator[tuple[object, Done]]:
        futures = [handle for handle in handles if isinstance(handle, Future)]
        for future in as_completed(futures):
            yield future, _result(future)


def _result(future: Future[Done]) -> Done:
    try:
        return future.result()
    except Exception as exc:  # a worker that died (BrokenProcessPool) fails its sources, not the batch
        return Done(None, (f"the worker building it stopped: {exc or type(exc).__name__}",))
