"""Our markdown-it plugins, in mdit-py-plugins' shape: one registration function each.

- `glossary_plugin`: the fenced div `::: glossary` that holds the glossary's definition list (DESIGN §3).
- `footnote_lines_plugin`: remembers every footnote definition, so duplicates can be reported.
- `footnote_call_plugin`: bounds the footnote plugin's search for the end of a call `[^label]`.
- `table_cells_plugin`: counts the cells each table row is written with, so cells past the header's
  count, which GFM ignores, can be refused instead of lost.
- `term_plugin`: bracketed spans with attributes, `[合议核准制]{.term}` or `[shown]{.term ref=ID}`
  (Pandoc's bracketed-span syntax), which the reader turns into term references.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit, getLine
from markdown_it.rules_inline import StateInline
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


def inline_note_id(number: object) -> str:
    """The model id of the inline note `^[…]` that the footnote plugin numbers `number`.

    A `]` can be in no label of `[^label]`, so this id never meets one the source defines.
    """
    return f"^[{number}]"


FOOTNOTE_DEFINITIONS = "reportpress_footnote_definitions"
NESTED_FOOTNOTE_DEFINITIONS = "reportpress_nested_footnote_definitions"
_IN_FOOTNOTE = "reportpress_in_footnote"


def footnote_lines_plugin(md: MarkdownIt) -> None:
    """Record each `[^label]:` definition's label and 0-based line in `env[FOOTNOTE_DEFINITIONS]`.

    mdit-py-plugins' footnote rule keeps only the last definition of a label, so a duplicate would
    vanish silently; wrapping the rule lets the reader report it with both lines. A definition inside
    another one (`[^1]: > [^2]: …`) confuses the plugin's `footnote_tail`, which then emits badly nested
    tokens: it is left as text and its 0-based line goes to `env[NESTED_FOOTNOTE_DEFINITIONS]` for the
    reader to refuse. Must run after `footnote_plugin`.
    """
    rule = next(rule for rule in md.block.ruler.__rules__ if rule.name == "footnote_def")
    original = rule.fn

    def footnote_def(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if silent:  # as a terminator: `[^b]:` ends the paragraph of the `[^a]:` on the line above
            return bool(original(state, start_line, end_line, True))
        if state.env.get(_IN_FOOTNOTE):
            # reached only where the line belongs inside the footnote (indented, or in its quote)
            if original(state, start_line, end_line, True):
                state.env.setdefault(NESTED_FOOTNOTE_DEFINITIONS, []).append(start_line)
            return False
        state.env[_IN_FOOTNOTE] = True
        try:
            found = bool(original(state, start_line, end_line, False))
        finally:
            state.env[_IN_FOOTNOTE] = False
        if found:
            opening = next(token for token in reversed(state.tokens) if token.type == "footnote_reference_open")
            state.env.setdefault(FOOTNOTE_DEFINITIONS, []).append((str(opening.meta["label"]), start_line))
        return found

    md.block.ruler.at("footnote_def", footnote_def, {"alt": rule.alt})


MAX_LABEL = 100  # characters of a footnote label; a longer `[^…]` stays text
_FOOTNOTE_CALL = re.compile(rf"\[\^[^\] \n]{{1,{MAX_LABEL}}}\]")


def footnote_call_plugin(md: MarkdownIt) -> None:
    """Try the footnote plugin's `footnote_ref` rule only where a call `[^label]` really starts.

    The rule looks for the closing `]` from every `[^` to the end of the paragraph, so `[^[^[^…`
    took quadratic time (20,000 of them: three minutes); one bounded regex match first keeps reading
    linear. Must run after `footnote_plugin`.
    """
    rule = next(rule for rule in md.inline.ruler.__rules__ if rule.name == "footnote_ref")
    original = rule.fn

    def footnote_ref(state: StateInline, silent: bool) -> bool:
        if not _FOOTNOTE_CALL.match(state.src, state.pos, state.posMax):
            return False
        return bool(original(state, silent))

    md.inline.ruler.at("footnote_ref", footnote_ref, {"alt": rule.alt})


SOURCE_CELLS = "reportpress_source_cells"


def table_cells_plugin(md: MarkdownIt) -> None:
    """Put on each table row's `tr_open` token, as `meta[SOURCE_CELLS]`, how many cells its line holds.

    GFM makes a row exactly as wide as the header and silently ignores the cells past it. The count
    splits the line the way markdown-it's table rule does (its own `escapedSplit` on the line as the rule
    sees it, inside a quote or list too: an unescaped `|` separates cells, even inside a code span, and
    one leading and one trailing pipe open and close the row). Trailing cells that hold nothing are not
    counted: `| 1 | 2 | |` loses no text. Must run after the table rule is enabled.
    """
    rule = next(rule for rule in md.block.ruler.__rules__ if rule.name == "table")
    original = rule.fn

    def table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        first = len(state.tokens)
        found = bool(original(state, start_line, end_line, silent))
        if found and not silent:
            for token in state.tokens[first:]:
                if token.type == "tr_open" and token.map:
                    columns = escapedSplit(getLine(state, token.map[0]).strip())
                    if columns and columns[0] == "":
                        columns.pop(0)
                    while columns and not columns[-1].strip():
                        columns.pop()
                    token.meta[SOURCE_CELLS] = len(columns)
        return found

    md.block.ruler.at("table", table, {"alt": rule.alt})
