"""`reportpress build --cluster tcp://HOST:PORT`: a batch's Jobs rendered on a Dask distributed cluster.

The engine `batch.run_batch` drives, like `batch.LocalEngine`: each Job travels to a worker as bytes
(pickled by Dask; the Job holds the source, the layout, covers, images and the project's fonts, so a
worker needs no shared file system), `batch.work` renders it there, and the products come back to the
client, which writes them atomically. A worker that dies mid-build loses its task to the scheduler, which
runs it on another worker; a task that raised is tried `RETRIES` more times. No queue of our own.

A worker needs the same reportpress (and the fonts the layouts name) installed, and runs one job at a time
per process (`dask worker --nthreads 1`): a build sets SOURCE_DATE_EPOCH for its duration and WeasyPrint
is not made for threads. `distributed` is the `cluster` extra: imported only when `--cluster` is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from reportpress.batch import Done, work
from reportpress.build import Format
from reportpress.errors import ReportpressError
from reportpress.job import Job

RETRIES = 2
CONNECT_TIMEOUT_S = 30


class ClusterError(ReportpressError):
    """The cluster cannot be used: `distributed` is missing, or the scheduler does not answer."""


def _distributed() -> Any:
    try:
        import distributed  # type: ignore[import-not-found, unused-ignore]  # the optional `cluster` extra
    except ImportError:
        raise ClusterError("--cluster needs Dask's `distributed`: pip install 'reportpress[cluster]' "
                           "(or build on this machine with --jobs N)") from None
    return distributed


class DaskEngine:
    """A client of the scheduler at `address`; a context manager that closes it on leaving."""

    def __init__(self, address: str) -> None:
        self.distributed = _distributed()
        try:
            self.client = self.distributed.Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"--cluster {address}: no Dask scheduler answers there ({exc}); start one with "
                               "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`") from None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        self.client.close()

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object:
        # pure=False: two builds of the same Job are two tasks (a rebuild is asked for, not a cache hit)
        return self.client.submit(work, job, tuple(formats), pdf_variant, pure=False, retries=RETRIES)

    def completed(self, handles: Sequence[object]) -> Iterator[tuple[object, Done]]:
        for future in self.distributed.as_completed(list(handles), loop=self.client.loop):
            yield future, self._result(future)

    @staticmethod
    def _result(future: Any) -> Done:
        try:
            done = future.result()
        except Exception as exc:  # KilledWorker after too many deaths, a worker without reportpress…
            return Done(None, (f"the cluster could not build it: {type(exc).__name__}: {exc}",))
        if not isinstance(done, Done):
            return Done(None, (f"the cluster sent back {type(done).__name__}, not a build",))
        return done
