"""Chinese typesetting for the PDF: a text pass over the HTML and a WeasyPrint extension.

`typeset_html` (in `cjk.py`) marks up punctuation compression, unbreakable marks and Han–Latin
spacing; `inter_character_justification` (in `weasy.py`, the only module that reaches into WeasyPrint's
internals) spreads each justified line's slack between characters while WeasyPrint renders;
`check_block_lengths` (in `limits.py`) refuses, before any writer runs, a block of text longer than
WeasyPrint lays out in seconds.
"""

from reportpress.typeset.cjk import TYPESET_CSS, typeset_html

__all__ = ["TYPESET_CSS", "typeset_html"]
