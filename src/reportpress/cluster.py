"""`reportpress build --cluster tcp://HOST:PORT`: a batch's Jobs rendered on a Dask distributed cluster.

The engine `batch.run_batch` drives, like `batch.LocalEngine`: each Job travels to a worker as bytes
(pickled by Dask; the Job holds the source, covers and images, so a worker needs no shared file system),
`batch.work` renders it there, and the products come back to the client, which writes them atomically.
A Job's Assets (the layout's files, the project's fonts) are scattered to every worker once per digest
(`Client.scatter(…, broadcast=True)`), not sent with each source. A worker that dies mid-build loses its
task to the scheduler, which runs it on another worker (up to the scheduler's `allowed-failures`); a build
that fails is not tried again — the same Job fails the same way. No queue of our own.

A worker needs the same reportpress (and the fonts the layouts name) installed, and runs one job at a time
per process (`dask worker --nthreads 1`): a build sets SOURCE_DATE_EPOCH for its duration and WeasyPrint
is not made for threads. `distributed` is the `cluster` extra: imported only when `--cluster` is given.
Only `tcp://` is spoken: no TLS options are passed, so a `tls://` scheduler is refused up front.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, Sequence
from itertools import count
from typing import Any

from reportpress.batch import Done, work
from reportpress.errors import ReportpressError
from reportpress.formats import Format
from reportpress.job import Assets, Job

CONNECT_TIMEOUT_S = 15
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


class ClusterError(ReportpressError):
    """The cluster cannot be used: `distributed` is missing, or the scheduler does not answer."""


class AddressError(ValueError):
    """A `--cluster` address that names no scheduler reportpress can reach (a usage error)."""


def check_address(address: str) -> str:
    """`address` when it is `tcp://HOST:PORT` (PORT 1–65535), else an AddressError saying why.

    Parsed as Dask parses it (`distributed.comm.parse_address`, `parse_host_port`) when Dask is there."""
    scheme, _, location = address.partition("://")
    if scheme == "tls":
        raise AddressError(f"{address!r}: TLS is not supported (reportpress passes no certificates): use a "
                           "tcp:// scheduler on a network you trust, or an SSH tunnel to one")
    if scheme != "tcp" or not location:
        raise AddressError(f"{address!r}: give the scheduler's address, tcp://HOST:PORT")
    try:
        from distributed.comm import parse_address, parse_host_port  # type: ignore[attr-defined, import-not-found, unused-ignore]
    except ImportError:
        host, _, port_text = location.rpartition(":")
        port = int(port_text) if port_text.isdigit() else -1
    else:
        try:
            _scheme, location = parse_address(address)
            host, port = parse_host_port(location)
        except (ValueError, TypeError) as exc:
            raise AddressError(f"{address!r}: not an address: {exc} (give tcp://HOST:PORT)") from None
    if not _is_host(host.strip("[]")):
        raise AddressError(f"{address!r}: {host!r} is no host name or IP address (give tcp://HOST:PORT)")
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise AddressError(f"{address!r}: the port must be a number from 1 to 65535 (give tcp://HOST:PORT)")
    return address


def _is_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(_HOST_NAME.fullmatch(host))
    return True


def _distributed() -> Any:
    try:
        import distributed  # type: ignore[import-not-found, unused-ignore]  # the optional `cluster` extra
    except ImportError:
        raise ClusterError("--cluster needs Dask's `distributed`: pip install 'reportpress[cluster]' "
                           "(or build on this machine with --jobs N)") from None
    return distributed


def work_with(job: Job, assets: Assets, formats: Sequence[Format], pdf_variant: str | None) -> Done:
    """`batch.work` on a Dask worker: the light Job with the Assets scattered to it."""
    return work(job.with_assets(assets), formats, pdf_variant)


RESENDS = 2  # how often a build the scheduler cancelled (its inputs lost with a worker) is sent again


class DaskEngine:
    """A client of the scheduler at `address`; a context manager that closes it on leaving."""

    def __init__(self, address: str) -> None:
        check_address(address)
        self.distributed = _distributed()
        try:
            self.client = self.distributed.Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise ClusterError(f"--cluster {address}: no Dask scheduler answers there ({exc}); start one with "
                               "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`") from None
        threads = sum(self.client.nthreads().values())
        self.slots = max(2, 2 * threads)  # one queued behind each busy worker thread
        self.tokens = count(1)
        self.futures: dict[int, Any] = {}
        self.scattered: dict[str, Any] = {}  # digest → the future of the Assets on every worker
        self.completed = self.distributed.as_completed(loop=self.client.loop)
        self.tokens_of: dict[str, int] = {}
        self.requests: dict[int, tuple[Job, tuple[Format, ...], str | None, int]] = {}  # token → what to resend

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        self.client.close()

    def submit(self, job: Job, formats: Sequence[Format], pdf_variant: str | None) -> object:
        token = next(self.tokens)
        self._send(token, job, tuple(formats), pdf_variant, 0)
        return token

    def _send(self, token: int, job: Job, formats: tuple[Format, ...], pdf_variant: str | None,
              attempt: int) -> None:
        if job.assets is None:
            raise ValueError("the cluster engine needs the Job with its Assets")
        assets = self.scattered.get(job.digest)
        if assets is None:
            assets = self.scattered[job.digest] = self.client.scatter(job.assets, broadcast=True, hash=False)
        # pure=False: two builds of the same Job are two tasks (a rebuild is asked for, not a cache hit);
        # retries=0: a build that failed fails again (a worker's death is the scheduler's to retry)
        future = self.client.submit(work_with, job.light(), assets, formats, pdf_variant, pure=False, retries=0)
        self.futures[token] = future
        self.tokens_of[future.key] = token
        self.requests[token] = (job, formats, pdf_variant, attempt)
        self.completed.add(future)

    def wait_any(self, handles: Collection[object]) -> list[tuple[object, Done]]:
        future = next(self.completed)
        token = self.tokens_of.pop(future.key)
        del self.futures[token]  # the result is dropped on the cluster once read
        job, formats, pdf_variant, attempt = self.requests.pop(token)
        if future.status == "cancelled" and attempt < RESENDS:
            # the scheduler dropped the task: the worker that died held the Assets it needed (scattered
            # data cannot be recomputed) — scatter them again and send the build once more
            self.scattered.pop(job.digest, None)
            self._send(token, job, formats, pdf_variant, attempt + 1)
            return []
        return [(token, self._result(future))]

    @staticmethod
    def _result(future: Any) -> Done:
        try:
            done = future.result()
        except Exception as exc:  # KilledWorker after too many deaths, a worker without reportpress…
            return Done(None, (f"the cluster could not build it: {type(exc).__name__}: {exc}",))
        if not isinstance(done, Done):
            return Done(None, (f"the cluster sent back {type(done).__name__}, not a build",))
        return done
