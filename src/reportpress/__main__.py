"""`python -m reportpress` is the `reportpress` command; `entry` is its console script too.

Importing the command line (rich, argparse, …) takes a moment, and a Ctrl-C then arrives before
`cli.main()` is inside its own `try`: `entry` catches it around the import as well, so an interrupted
start-up says "interrupted" and exits 130, like an interrupted build, never with a traceback. This module
imports nothing but `signal` and `sys` before that `try`. Once the command has returned, everything is written: a Ctrl-C
during the interpreter's shutdown would only print "Exception ignored …" from whatever finalizer it hit
(logging's, multiprocessing's) and cut that clean-up short, so it is ignored from then on.
"""

import signal
import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C


def entry() -> int:
    """The `reportpress` command, with Ctrl-C caught from the first import on."""
    try:
        from reportpress.cli import main

        return main()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    raise SystemExit(entry())
