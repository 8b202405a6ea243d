"""Our markdown-it plugins, in mdit-py-plugins' shape: one registration function each.

- `fenced_div_plugin`: Pandoc's fenced divs, `::: glossary`, `::: {.appendix label="附件二"}` … `:::`,
  nested as Pandoc nests them (a bare `:::` closes the innermost open div).
- `citation_plugin`: Pandoc's bracketed citations `[@key]`, `[@a; @b]` (and `[@a, @b]`).
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
from mdit_py_plugins.attrs.parse import ParseError, parse
from mdit_py_plugins.utils import is_code_block

from reportpress.reader.limits import MAX_NAME_BYTES

GLOSSARY_CLASS = "glossary"
TERM_CLASS = "term"
SALUTATION_CLASS = "salutation"
# the fenced divs a source may hold; each becomes `container_NAME_open` … `container_NAME_close` tokens
DIV_CLASSES = ("glossary", "appendix", "notes", "references", "salutation", "signoff", "imprint")
UNKNOWN_DIV = "container_unknown"  # a div of another class, or with attributes that do not parse
STRAY_DIV_CLOSE = "div_stray_close"  # a bare `:::` that closes no div
DIV_UNCLOSED = "reportpress_unclosed"  # meta of an opening token whose div has no closing `:::`
DIV_PROBLEM = "reportpress_div_problem"  # meta of an UNKNOWN_DIV token: what is wrong with it
_DIV_FENCE = re.compile(r":{3,}")
_CODE_FENCE = re.compile(r"(`{3,}|~{3,})")


def _div_params(state: StateBlock, line: int) -> str | None:
    """What follows the colons of a fence line (`` for a closing fence), or None if it is no fence."""
    start = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    fence = _DIV_FENCE.match(state.src, start, maximum)
    if fence is None:
        return None
    params = state.src[fence.end():maximum].strip()
    return params.rstrip(":").strip()  # Pandoc allows colons after the attributes: `::: notes :::`


def div_class(params: str) -> tuple[str, dict[str, str], str]:
    """(class, attributes, problem) of an opening fence's `params`: `appendix` or `{.appendix label=…}`."""
    if params.startswith("{"):
        try:
            end, attrs = parse(params)
        except ParseError:  # mdit-py-plugins' attribute parser takes no brace in a quoted value (Pandoc does)
            return "", {}, ('its attributes do not parse: write them as {.appendix label="附件二"}, each value '
                            'in double quotes and holding no `{` or `}`')
        if params[end + 1:].strip():
            return "", {}, "text after its attributes"
        classes = attrs.get("class", "").split()
        known = [name for name in classes if name in DIV_CLASSES]
        if len(known) != 1:
            return "", attrs, "no known class" if not known else "more than one class"
        return known[0], attrs, ""
    if params in DIV_CLASSES:
        return params, {}, ""
    return "", {}, "no known class" if " " not in params else "more than one word"


def _find_div_end(state: StateBlock, start_line: int, end_line: int) -> int | None:
    """The line of the `:::` that closes the div opened at `start_line`, or None if none does.

    Counted as Pandoc nests divs: an opening fence (one with attributes) opens one more, a bare fence
    closes the innermost. Lines inside a fenced code block are not fences. Linear in the lines scanned.
    """
    depth = 1
    code: str | None = None  # the fence of the code block we are in
    for line in range(start_line + 1, end_line):
        start = state.bMarks[line] + state.tShift[line]
        maximum = state.eMarks[line]
        if start < maximum and state.sCount[line] < state.blkIndent:
            return None  # a line outdented out of the list the div is in ends it, unclosed
        if is_code_block(state, line):
            continue
        code_fence = _CODE_FENCE.match(state.src, start, maximum)
        if code is not None:
            if code_fence and code_fence.group()[0] == code[0] and len(code_fence.group()) >= len(code) \
                    and not state.src[code_fence.end():maximum].strip():
                code = None
            continue
        if code_fence:
            code = code_fence.group()
            continue
        params = _div_params(state, line)
        if params is None:
            continue
        depth += 1 if params else -1
        if depth == 0:
            return line
    return None


def fenced_div_plugin(md: MarkdownIt) -> None:
    """Parse Pandoc's fenced divs into `container_NAME_open/close` tokens (NAME one of `DIV_CLASSES`).

    mdit-py-plugins' container rule closes a div at the first `:::` it meets, so `::: appendix` holding
    `::: glossary` would end at the glossary's fence; this rule nests as Pandoc does. A div of another
    class becomes `UNKNOWN_DIV`, a `:::` that closes nothing `STRAY_DIV_CLOSE`, and a div never closed
    gets `meta[DIV_UNCLOSED]`, for the reader to refuse each with its line. The opening token's `attrs`
    are the div's attributes (`label="附件二"`). Depth is bounded by markdown-it's `maxNesting`.
    """
    def fenced_div(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if is_code_block(state, start_line):
            return False
        params = _div_params(state, start_line)
        if params is None:
            return False
        if silent:
            return True
        if not params:
            token = state.push(STRAY_DIV_CLOSE, "", 0)
            token.map = [start_line, start_line + 1]
            state.line = start_line + 1
            return True
        name, attrs, problem = div_class(params)
        close = _find_div_end(state, start_line, end_line)
        last = close if close is not None else end_line
        old_parent, old_line_max = state.parentType, state.lineMax
        state.parentType = "container"  # as mdit-py-plugins' container does
        state.lineMax = last  # no lazy continuation past the closing fence
        kind = f"container_{name}" if name else UNKNOWN_DIV
        token = state.push(f"{kind}_open", "div", 1)
        token.block = True
        token.info = params
        token.map = [start_line, last]
        token.attrs = {key: value for key, value in attrs.items() if key != "class"}
        if problem:
            token.meta[DIV_PROBLEM] = problem
        if close is None:
            token.meta[DIV_UNCLOSED] = True
        state.md.block.tokenize(state, start_line + 1, last)
        state.push(f"{kind}_close", "div", -1).block = True
        state.parentType, state.lineMax = old_parent, old_line_max
        state.line = last + (1 if close is not None else 0)
        return True

    md.block.ruler.before("fence", "fenced_div", fenced_div,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


CITATION = "citation"  # the inline token of `[@a; @b]`: meta["keys"], or meta["problem"]
MAX_CITATION_KEYS = 100  # keys in one citation; GB/T 7714 calls cite a handful
CITATION_KEY = re.compile(r"[\w:.#$%&+?<>~/-]+")  # Pandoc's characters of a citation key
# from `[@` to the next `]`, never past another `[` and never further than the most keys could reach
_CITATION_SPAN = re.compile(rf"\[@([^\[\]]{{0,{MAX_CITATION_KEYS * (MAX_NAME_BYTES + 4)}}})\]")
_CITATION_SEPARATOR = re.compile(r"\s*[;,]\s*")


def citation_keys(text: str) -> tuple[list[str], str]:
    """(keys, problem) of a citation's text between `[@` and `]` (the first key's `@` already gone)."""
    parts = _CITATION_SEPARATOR.split("@" + text.strip())
    if len(parts) > MAX_CITATION_KEYS:
        return [], f"more than {MAX_CITATION_KEYS} keys"
    keys: list[str] = []
    for part in parts:
        key = part[1:] if part.startswith("@") else ""
        if not CITATION_KEY.fullmatch(key):
            return [], f"{part[:40]!r} is not a citation key (`@` and letters, digits or :.#$%&+?<>~/-_)"
        if len(key.encode("utf-8")) > MAX_NAME_BYTES:
            return [], f"a key is longer than {MAX_NAME_BYTES} bytes"
        keys.append(key)
    return keys, ""


def citation_plugin(md: MarkdownIt) -> None:
    """Parse `[@key]`, `[@a; @b]` and `[@a, @b]` into one `CITATION` token (before `link`).

    Anything else from `[@` to its `]` is a citation the reader refuses (`meta["problem"]`), rather than
    text that silently prints its brackets. `[@…](url)` and `[@…]{attrs}` are left to the link and span
    rules. One bounded regex match per `[@`, which never crosses another `[`, keeps reading linear.
    """
    def citation(state: StateInline, silent: bool) -> bool:
        if not state.src.startswith("[@", state.pos):
            return False
        found = _CITATION_SPAN.match(state.src, state.pos, state.posMax)
        if found is None or state.src[found.end():found.end() + 1] in ("(", "{"):
            return False
        if not silent:
            keys, problem = citation_keys(found.group(1))
            token = state.push(CITATION, "", 0)
            token.content = found.group()
            token.meta = {"keys": keys, "problem": problem}
        state.pos = found.end()
        return True

    md.inline.ruler.before("link", CITATION, citation)


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


MAX_LABEL = 100  # characters of a footnote label: the reader refuses a longer one, called or defined
# a call: a label of up to MAX_LABEL characters, or a longer one without `[` (so that the scan for its `]`
# stops at the next `[^` and `[^[^[^…` stays linear), which reaches the reader to be refused by its length
_FOOTNOTE_CALL = re.compile(rf"\[\^(?:[^\] \n]{{1,{MAX_LABEL}}}|[^\]\[ \n]+)\]")
LABEL_HINT = "name the note with a short label, such as [^1] or [^统计口径]"


def label_error(label: str) -> str:
    """The message for a footnote label longer than MAX_LABEL (shown cut short)."""
    return f"footnote label [^{label[:20]}…] of {len(label):,} characters: a label is at most {MAX_LABEL}"


def footnote_call_plugin(md: MarkdownIt) -> None:
    """Try the footnote plugin's `footnote_ref` rule only where a call `[^label]` really starts.

    The rule looks for the closing `]` from every `[^` to the end of the paragraph, so `[^[^[^…`
    took quadratic time (20,000 of them: three minutes); one regex match first, that stops at the next
    `[`, keeps reading linear. A label longer than MAX_LABEL is still read as a call, for the reader to
    refuse: as text it would reach the PDF as one unbreakable word (20,000 letters: minutes, see
    `typeset/limits.py`). Must run after `footnote_plugin`.
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
