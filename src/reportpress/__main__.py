"""`python -m reportpress` is the `reportpress` command; `entry` is its console script too.

Importing the command line (rich, argparse, …) takes a moment, and a Ctrl-C then arrives before
`cli.main()` is inside its own `try`: `entry` catches it around the import as well, so an interrupted
start-up says "interrupted" and exits 130, like an interrupted build, never with a traceback. This module
imports nothing but `os`, `signal` and `sys` before that `try`. Once the command has returned, everything
is written: a Ctrl-C during the interpreter's shutdown would only print "Exception ignored …" from
whatever finalizer it hit (logging's, multiprocessing's) and cut that clean-up short, so it is ignored
from then on: `entry` is a process's last act (a program that runs commands in its own process calls
`cli.main`). With Ctrl-C ignored, a shutdown that blocks (a process pool's manager thread waiting on a
pipe no worker reads any more, after an interrupted batch) could not be stopped: the process ends
`SHUTDOWN_S` seconds after the command returned, whatever the interpreter is still waiting for. When
nothing is left to wait for, the process ends as soon as the exit handlers have run (`_exit_now`).

`python -m reportpress` puts the current folder first on `sys.path`, so a project holding a package
named like a dependency (`tinycss2/`, `docx/`) would run its code in this process: that entry goes,
as the console script (whose path holds no current folder) and `python -P` have it.
"""

import os
import signal
import sys

if __name__ == "__main__" and not sys.flags.safe_path and sys.path and sys.path[0] \
        and os.path.realpath(sys.path[0]) == os.path.realpath(os.getcwd()):
    del sys.path[0]

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
SHUTDOWN_S = 10.0  # the longest the interpreter's clean-up may take once the command has returned


def entry() -> int:
    """The `reportpress` command, with Ctrl-C caught from the first import on; Ctrl-C is ignored once it
    returns (the interpreter's shutdown is all that is left)."""
    code = EXIT_INTERRUPTED
    try:
        from reportpress.cli import main

        code = main()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _exit_within(SHUTDOWN_S, code)
    _exit_now(code)
    return code  # a thread still running: the interpreter's own shutdown joins it (within SHUTDOWN_S)


def _exit_now(code: int) -> None:
    """End the process with `code` once the exit handlers have run (logging's flush, multiprocessing's
    clean-up of its children, a caller's `atexit` functions) and the output is flushed, without the rest
    of the interpreter's teardown: freeing every object a build made (fonts, a laid-out document) one by
    one takes 0.15 s of CPU and writes nothing. Only when no other thread but a daemon is alive: a thread
    the interpreter would join (a pool's manager) is left to the normal shutdown."""
    import atexit
    import contextlib
    import threading

    if any(thread is not threading.main_thread() and not thread.daemon for thread in threading.enumerate()):
        return
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`reportpress … | head`), a closed stream
            stream.flush()
    os._exit(code)


def _exit_within(seconds: float, code: int) -> None:
    """End the process with `code` in `seconds` if the interpreter's shutdown has not ended it by then
    (a daemon timer: it dies with a shutdown that completes)."""
    import threading

    def leave() -> None:
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(code)

    timer = threading.Timer(seconds, leave)
    timer.daemon = True
    timer.start()


if __name__ == "__main__":
    raise SystemExit(entry())
