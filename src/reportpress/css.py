"""Text into CSS: the one function through which metadata, layout text and font names reach a stylesheet.

A front matter field is untrusted; in a CSS string a raw newline (CR, LF, FF: CSS Syntax §3.3) or quote
ends the string and the rest is read as rules, and `</style>` ends the element around the stylesheet.
"""

from __future__ import annotations

import re

# Everything that could end a CSS string or the <style> element around it, or that CSS reads as a newline
# (CR, LF, FF: CSS Syntax §3.3) or a control: C0, DEL, C1; quotes and backslash; `<` `>` (`</style>`) and
# `&` (an HTML attribute decodes entities before CSS sees them); lone surrogates, which cannot be encoded.
_CSS_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\"'\\\\<>&\ud800-\udfff]")


def _css_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    # U+0000 and surrogates cannot be in CSS: an escape of them reads as U+FFFD (CSS Syntax §4.3.7), so say so
    if code == 0 or 0xD800 <= code <= 0xDFFF:
        code = 0xFFFD
    return f"\\{code:x} "  # hex escape; the space ends it, so a following hex digit is not swallowed


def css_string(text: str) -> str:
    """`text` as a CSS string literal, safe inside <style> and inside an HTML attribute.

    The one way metadata and layout text reach CSS: each character that could end the string or the
    element, or that CSS treats as a newline or control, is a hex escape `\\hh ` (CSS Syntax §4.3.7), so
    the string reads back as `text` (U+0000 as U+FFFD, which is all CSS can hold).
    """
    return '"' + _CSS_UNSAFE.sub(_css_escape, text) + '"'
