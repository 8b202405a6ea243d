"""Our markdown-it plugins, in mdit-py-plugins' shape: one registration function each.

- `glossary_plugin`: the fenced div `::: glossary` that holds the glossary's definition list (DESIGN §3).
- `term_plugin`: bracketed spans with attributes, `[合议核准制]{.term}` or `[shown]{.term ref=ID}`
  (Pandoc's bracketed-span syntax), which the reader turns into term references.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

GLOSSARY_CLASS = "glossary"
TERM_CLASS = "term"


def glossary_plugin(md: MarkdownIt) -> None:
    """Parse `::: glossary` … `:::` into `container_glossary_open/close` tokens."""
    container_plugin(md, GLOSSARY_CLASS)


def term_plugin(md: MarkdownIt) -> None:
    """Parse `[text]{.term ref=ID}` into `span_open` (with attrs) / `span_close` tokens."""
    attrs_plugin(md, spans=True)
