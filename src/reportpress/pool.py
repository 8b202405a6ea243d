"""How a local batch starts its worker processes: how many, and the forkserver they fork from.

Apart from `batch`, which imports the whole build (reader, layouts, writers: a fifth of a second), so
that the command line can start the server before it imports any of that: the server's own imports
(`warmup`: WeasyPrint, python-docx, fontTools, most of a second on one core) are the part of a batch
that no second core can share, and they now run while the client still imports and reads the first
sources (tools/bench_batch.py).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver as forkserver
import os
import signal
import sys
import threading
from typing import Any


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_context() -> Any:
    """The multiprocessing context the workers start in, its forkserver started: forkserver where there
    is one (no worker inherits the client's state), else spawn. Calling it again is cheap."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    _start_forkserver(context)
    return context


def _start_forkserver(context: Any) -> None:
    """Start the forkserver the workers fork from, importing what a build loads lazily (`warmup`) once.

    It imports from this process's `sys.path` and nothing else: Python 3.11 starts the server with `-c`,
    which puts the current folder first on its path, and ignores the path it is handed (CPython
    gh-117378) — a project folder holding a `tinycss2/` would have run its code in the server and every
    worker, and a client that added a path would have had workers run another reportpress. So the
    server starts with PYTHONSAFEPATH (no current folder) and PYTHONPATH set to this path, for the
    moment of its start only. The preload and the server are the process's own (multiprocessing keeps
    one): a program that starts a forkserver of its own earlier keeps it, and its preload. It starts
    with Ctrl-C ignored (inherited through exec: Python then installs no KeyboardInterrupt handler), so a
    Ctrl-C while it imports is the client's alone, never a traceback from the server."""
    context.set_forkserver_preload(["reportpress.warmup"])
    names = ("PYTHONSAFEPATH", "PYTHONPATH")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["PYTHONSAFEPATH"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(path for path in sys.path if path)
    interrupt = signal.getsignal(signal.SIGINT) if threading.current_thread() is threading.main_thread() else None
    try:
        if interrupt is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        forkserver.ensure_running()
    finally:
        if interrupt is not None:
            signal.signal(signal.SIGINT, interrupt)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
