"""Run one function on an untrusted file in a forked child process, bounded in memory and in time.

In: a function and its arguments, a memory budget (bytes of address space beyond what the process holds
when it forks) and a time limit. Out: the function's result, or the `ReportpressError` it raised, sent
back pickled; a child that runs out of memory, crashes or overruns its time is killed and the caller
gets `Overrun` saying which.

Why a child: PDFium expands a PDF while it loads a page, in C, where no check of ours runs — a 5 KB PDF
whose Form XObjects draw one another twice, 24 deep, made it allocate 21 GB before the out-of-memory
killer ended the command (`proof`), and the watch rasterises every build's PDF with the same library.
`RLIMIT_AS` in the child turns that into a failed allocation there, and the command goes on.
The child must not log or print: it forks from a process that may hold other threads and their locks.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from reportpress.errors import ReportpressError

T = TypeVar("T")

_OK, _ERROR, _MEMORY, _BUG = b"o", b"e", b"m", b"b"
_READ = 1024 * 1024


class Overrun(Exception):
    """The child used more memory or time than it was given, or died: `reason` says which, for a message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _address_space() -> int:
    """This process's address space now (`VmSize`), in bytes: the child's budget is counted from it."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def run_bounded(function: Callable[..., T], *args: object, memory: int, seconds: float) -> T:
    """`function(*args)` in a forked child allowed `memory` more bytes and `seconds` of wall time.

    A `ReportpressError` it raises is raised here; a `MemoryError`, a crash (PDFium aborts on a failed
    allocation) or the time running out is `Overrun`; so is any other exception (a bug), by its name.
    """
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
        os.close(reading)
        code = 0
        try:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = _address_space() + memory
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)  # a lower limit set on the whole command stays the limit
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            try:
                message = _OK + pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL)
            except ReportpressError as error:
                message = _ERROR + pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                message = _MEMORY
            except Exception as exc:  # a bug: its name and message go back, for the caller's report
                message = _BUG + f"{type(exc).__name__}: {exc}"[:2000].encode("utf-8", "replace")
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(message)
        except BaseException:  # nothing may escape into a copy of the parent's program
            code = 70
        finally:
            os._exit(code)
    os.close(writing)
    try:
        data = _read_all(reading, time.monotonic() + seconds)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise Overrun(f"it takes more than {seconds:.0f} s") from None
    finally:
        os.close(reading)
    _pid, status = os.waitpid(pid, 0)
    if data[:1] == _OK:
        result: T = pickle.loads(data[1:])  # our own child's bytes, from our own pipe
        return result
    if data[:1] == _ERROR:
        raise pickle.loads(data[1:])
    if data[:1] == _MEMORY or os.WIFSIGNALED(status):
        raise Overrun(f"it needs more than {memory // (1024 * 1024)} MiB of memory")
    if data[:1] == _BUG:
        raise Overrun(f"internal error: {data[1:].decode('utf-8', 'replace')}")
    raise Overrun(f"it stopped unexpectedly (exit status {status})")


def _read_all(descriptor: int, deadline: float) -> bytes:
    """Everything the child writes into `descriptor` until it closes it; TimeoutError past `deadline`."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([descriptor], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(descriptor, _READ)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
