"""A logging handler that keeps the warnings logged while it is installed, for whoever reports them: a
batch worker sends its build's warnings back to the client, the preview shows them, the PDF writer turns
WeasyPrint's into one message."""

from __future__ import annotations

import logging


class WarningCollector(logging.Handler):
    """The messages of the warnings (and worse) logged to the loggers it is added to."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
