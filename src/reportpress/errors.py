"""Everything reportpress raises on purpose, and how it reads.

    ReportpressError                 the base: the CLI prints it and exits 1, without a traceback
     ├── SourceError                 one problem at a place in a source file (file:line: message)
     ├── SourceErrors                several SourceErrors, collected by the reader and raised once
     ├── LayoutError                 a layout that is missing or whose layout.toml is wrong
     ├── FontCoverageError           characters that no font of their role can draw
     ├── RenderError                 WeasyPrint, python-docx or pypdf failed on our input
     ├── CoverError                  a cover PDF that cannot be used (missing, encrypted, wrong size)
     ├── OutputError                 an output file cannot be written
     ├── ProofError                  a PDF given to `reportpress proof` that cannot be read
     └── SettingError                an environment setting that cannot be used (SOURCE_DATE_EPOCH)

Libraries' exceptions are translated in the module that calls the library (`raise RenderError(...)
from exc`), so that nothing but these reaches `cli.py`.

A path in a message comes from the user's disk, and a file's name may hold anything but `/` and NUL: an
escape sequence that retitles or clears the terminal, a newline that forges a line of output, a bidi
control that reverses what follows. `shown_path` is how a path goes into a message (`SourceError`'s
`file:line` included); `printable` escapes the same characters in any text a message quotes, and
`PrintableArgs` in the arguments of every log record the CLI prints.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from reportpress.model import SourcePos
from reportpress.printable import printable, shown_path

__all__ = ["printable", "shown_path"]  # kept here too: the messages' module is where callers look

def printable_lines(message: str) -> str:
    """A message whose own lines are reportpress's (a list of missing characters), each line `printable`:
    a newline inside a path was escaped where the path was formatted (`shown_path`)."""
    return "\n".join(printable(line) for line in message.split("\n"))


class PrintableArgs(logging.Filter):
    """Escapes the arguments of a log record (`logger.warning("%s: not used", path)`: paths, mostly,
    and text quoted from sources), so no warning prints a control character it was given."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(arg if isinstance(arg, int | float) else printable(arg) for arg in record.args)
        return True


class ReportpressError(Exception):
    """Base of every error reportpress reports to its user."""


class SourceError(ReportpressError):
    """A problem at one place in a source file."""

    def __init__(self, message: str, pos: SourcePos | None = None, hint: str = "") -> None:
        self.message = message
        self.pos = pos
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos else ""  # `SourcePos` prints its path escaped (`shown_path`)
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class SourceErrors(ReportpressError):
    """Several source errors, reported together so a user can fix them in one pass."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class LayoutError(ReportpressError):
    """A layout that cannot be found or read."""


class FontCoverageError(ReportpressError):
    """Characters of the document that no font of their role covers (they would print as tofu)."""


class RenderError(ReportpressError):
    """A rendering library failed, or asked for something it may not have (a file, a URL)."""


class OutputError(ReportpressError):
    """An output file cannot be written."""


class CoverError(ReportpressError):
    """A cover PDF that is missing, unreadable, encrypted, or of the wrong page size."""


class ProofError(ReportpressError):
    """A PDF given to `reportpress proof` that is missing, not a PDF, encrypted or damaged."""


class SettingError(ReportpressError):
    """An environment variable whose value cannot be used, such as a SOURCE_DATE_EPOCH that is no date."""
