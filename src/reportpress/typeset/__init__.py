"""Chinese typesetting for the PDF: a text pass over the HTML and a WeasyPrint extension.

`typeset_html` (in `cjk.py`) marks up punctuation compression, unbreakable marks and Han–Latin
spacing; `weasyprint_extension()` (`inter_character_justification` in `weasy.py`, the only module that
reaches into WeasyPrint's internals) spreads each justified Chinese line's slack between characters,
compresses line-end and pause marks where a line needs it, and keeps 孤字 off last lines while
WeasyPrint renders, leaving Latin text as WeasyPrint sets it; `check_block_lengths` (in `limits.py`)
refuses, before any writer runs, a block of text longer than WeasyPrint lays out in seconds.
"""

from __future__ import annotations

import contextlib

from reportpress.typeset.cjk import TYPESET_CSS, typeset_html

__all__ = ["TYPESET_CSS", "typeset_html", "weasyprint_extension"]


def weasyprint_extension() -> contextlib.AbstractContextManager[None]:
    """The Chinese justification extension, active while the returned context manager is entered.

    Re-entrant and thread-safe. WeasyPrint is imported only when this is called: `reportpress.typeset`
    stays cheap to import for DOCX-only work.
    """
    from reportpress.typeset.weasy import inter_character_justification

    return inter_character_justification()
