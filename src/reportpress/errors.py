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
"""

from __future__ import annotations

from collections.abc import Iterable

from reportpress.model import SourcePos


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
        where = f"{self.pos}: " if self.pos else ""
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
