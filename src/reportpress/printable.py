"""Text made safe to print on a terminal: control characters written as their escapes.

In: any text a message shows — a path, a quote from a source. Out: one line that shows what it holds
and does nothing to the terminal (no escape sequence, no newline forging a line of output, no bidi
control reordering what follows). At the bottom of the package (only `re` and `os`), so that the model's
`SourcePos` formats its path with it as every message does.
"""

from __future__ import annotations

import os
import re

# C0 controls (newline and tab too), DEL, C1 controls, the line and paragraph separators and the bidi
# controls (Unicode's Bidi_Control, less none): what a terminal would act on rather than show; and lone
# surrogates, which no terminal can be sent: a file name's bytes that are not UTF-8 (`os.fsdecode` makes
# byte 0xff U+DCFF), shown as those bytes
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8, shown as that byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: object) -> str:
    """`text` with every control character written as its escape (`\\x1b`, `\\n`, `\\u202e`): one line
    that shows what it holds and does nothing to the terminal."""
    return UNPRINTABLE.sub(_escaped, str(text))


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it (`printable`): the one way a path is formatted into a message."""
    return printable(os.fspath(path))
