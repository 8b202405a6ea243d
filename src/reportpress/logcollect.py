"""What is logged while reportpress works, and by whom it is said.

`WarningCollector` keeps the warnings logged while it is installed, for whoever reports them: a batch
worker sends its build's warnings back to the client, the preview shows them, the PDF writer turns
WeasyPrint's into one message.

`quiet_libraries` keeps the libraries' own log lines off the user's terminal: a logger with no handler of
its own reached Python's last-resort handler, which printed the bare message on stderr — `too much 'OS/2'
table data` from fontTools, a dozen times in a `-j 2` build, naming no file and not in reportpress's
format. Every line on stderr is reportpress's: what a library says about an input is told by the module
that handed it the input, naming the file (`library_records`: `fonts.py` turns fontTools' complaints
about a font's tables into one warning of its own), and the rest is dropped — what stops a build reaches
the user as our error, raised from the library's exception. WeasyPrint is not here: it has a handler of
its own (a NullHandler), and `writers/pdf/render.py` collects its warnings while it renders.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

# fontTools (reading and subsetting fonts), pypdf (cover PDFs, the merge, `proof`), Pillow (images),
# jieba (which installs a stderr handler of its own when it is imported)
LIBRARIES = ("fontTools", "pypdf", "PIL", "jieba")


class WarningCollector(logging.Handler):
    """The messages of the warnings (and worse) logged to the loggers it is added to."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_noting = threading.local()  # this thread's `library_records` lists, innermost last


class _LibraryRecords(logging.Handler):
    """On each library logger: a warning goes to this thread's innermost `library_records`, else nowhere."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        stack: list[list[logging.LogRecord]] | None = getattr(_noting, "stack", None)
        if stack:
            stack[-1].append(record)


_HANDLER = _LibraryRecords()
_lock = threading.Lock()


def quiet_libraries() -> None:
    """Route the `LIBRARIES`' loggers to `library_records` only (see the module's docstring); again is a no-op.
    A handler a library installed itself (jieba's StreamHandler on stderr) is taken off."""
    with _lock:
        for name in LIBRARIES:
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                if isinstance(handler, logging.StreamHandler):
                    logger.removeHandler(handler)
            if _HANDLER not in logger.handlers:
                logger.addHandler(_HANDLER)
            logger.propagate = False


@contextlib.contextmanager
def library_records() -> Iterator[list[logging.LogRecord]]:
    """The warnings the `LIBRARIES` log in this thread while in the block, for the caller to tell the user
    about the input it gave them (nested blocks: the innermost gets them)."""
    quiet_libraries()
    stack: list[list[logging.LogRecord]] = getattr(_noting, "stack", None) or []
    _noting.stack = stack
    records: list[logging.LogRecord] = []
    stack.append(records)
    try:
        yield records
    finally:
        stack.pop()


quiet_libraries()  # whoever imports reportpress's build (the CLI, a worker, a test) gets a quiet terminal
