"""The output formats a build writes, in a module of their own: the command line checks `--to` with them
before it imports any of the build (see `pool`)."""

from __future__ import annotations

from typing import Literal, get_args

Format = Literal["pdf", "docx"]
FORMATS: tuple[Format, ...] = get_args(Format)
