"""What a source may be before it is parsed or turned into a tree: its size, its characters, its nesting.

Sources are untrusted (DESIGN §3), so each limit ends in one `file:line: what (what to do)` error instead
of a hang, a `MemoryError`, a `RecursionError` or text that silently disappears:

- `MAX_SOURCE_BYTES`: a source file is at most 1 MiB, fifteen times the longest report of the dev corpus
  (70 KB); reading one that large takes seconds, typesetting it minutes.
- Characters: TAB, LF and CR are the only controls a source may hold. Every other C0 control, DEL, the C1
  controls (U+0080–U+009F, NEL included), U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and lone
  surrogates are refused with their line and column, since no font draws them (they would print as
  `.notdef` boxes) and silently turning them into line breaks would change the document's structure
  and its line numbers. So are the bidirectional controls (U+202A–U+202E embeddings and overrides,
  U+2066–U+2069 isolates, U+200E LRM, U+200F RLM, U+061C ALM): the PDF would print the text around
  them in another order than the source reads (`正文\u202e一段ABC` prints `CBA段一`), the "Trojan
  Source" trick; `reportpress import` drops them already. The hint depends on the class
  (`_CONTROL_CLASSES`). A character reference (`&#x202E;`) is checked as the character it names, once
  markdown-it has decoded it; one that markdown-it replaces with U+FFFD (`&#0;`) is reported as what it
  names (`entity_rule`).
- Inline markup: at most `MAX_INLINE_ELEMENTS` elements (emphasis, links, pictures, term references,
  note calls, citations) in a document, counted in the model (`check_inline_markup`, which `check` and
  `build` run with the other limits before any writer; reading stays linear past it). Each is a box of
  its own for WeasyPrint and a styled run for Word: 9,000 `**甲**` in three paragraphs built in 32 s
  against 9 s as plain text (the DOCX alone 15 s; 9.5 s since `docx/sinks.py` looks each style up
  once), and 45,000 term references (15 paragraphs) ran past two minutes at 940 MB; a 1 MiB source
  holds 170,000 such elements. The most of the dev corpus and the sample is 73.
- Nesting: lists and block quotes may be nested `MAX_BLOCK_NESTING` deep (Word's numbering has nine
  levels), inline markup (`*`, `**`, links, spans, images) `MAX_INLINE_NESTING` deep. markdown-it's own
  limit (`PARSER_MAX_NESTING`) is set well above both: past it markdown-it drops the rest of the
  source without a word, so `check_nesting` also refuses any token that comes near it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from reportpress.errors import SourceError
from reportpress.model import Document, Inline, LineBreak, SourcePos, Text
from reportpress.walk import iter_block_inlines, iter_inlines

MAX_SOURCE_BYTES = 1024 * 1024
MAX_BLOCK_NESTING = 9
MAX_INLINE_NESTING = 10
MAX_INLINE_ELEMENTS = 10_000  # in a document (see the module docstring); MAX_BOXES bounds the blocks likewise
MAX_NAME_BYTES = 255  # NAME_MAX of Linux and macOS file systems: a longer name fails with ENAMETOOLONG
PARSER_MAX_NESTING = 100  # markdown-it's maxNesting; deep enough that `check_nesting` always speaks first
# for inline rules: deeper brackets stay literal text (nothing lost), and `check_nesting` speaks first
INLINE_PARSER_MAX_NESTING = 2 * MAX_INLINE_NESTING

# (pattern, what the characters are, what to do); the first class that matches a character names it
_CONTROL_CLASSES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile("[\u2028\u2029\x0b\x0c]"), "a line or page separator",
     "replace it with a line break, or a blank line to start a new paragraph"),
    (re.compile("[\x80-\x9f]"), "a C1 control character",
     "it usually means text decoded with the wrong encoding: re-import the original with "
     "`reportpress import FILE --encoding …`, or delete it"),
    (re.compile("[\ud800-\udfff]"), "a lone surrogate (half of a broken character)",
     "delete it, and check the text around it: something cut a character in two"),
    (re.compile("[\x00-\x08\x0e-\x1f\x7f]"), "a control character", "delete it"),
    (re.compile("\r"), "a carriage return", "delete it, or write a line break instead"),
    (re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"),
     "a bidirectional control (it would print the text around it in another order than the source)",
     "delete it: Chinese and Latin text need none"),
)
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
                      "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# a loaded YAML value has no line structure of its own to keep: a CR there is only ever an escape
# (`"…\r…"`), which would end a CSS string or a PDF text line early
_REFUSED_IN_VALUE = re.compile(_REFUSED.pattern[:-1] + "\r]")
_LIST_OR_QUOTE = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})


def size_error(size: int, path: str) -> SourceError:
    """The error for a source of `size` bytes, over MAX_SOURCE_BYTES."""
    return SourceError(f"{path}: {size:,} bytes: a source is at most {MAX_SOURCE_BYTES:,} bytes (1 MiB)",
                       hint="split the report into several sources")


def control_error(text: str, pos: SourcePos, what: str = "") -> SourceError | None:
    """The error for the first refused character of `text` (which starts at `pos`), or None.

    `what` names the text in the message (a front matter key) and makes a carriage return an error too;
    column numbers are given only for source text, whose lines are the file's (CRs are gone from it).
    """
    found = (_REFUSED_IN_VALUE if what else _REFUSED).search(text)
    if found is None:
        return None
    char = found.group()
    name, hint = next((name, hint) for pattern, name, hint in _CONTROL_CLASSES if pattern.match(char))
    before = text[: found.start()]
    line = pos.line + before.count("\n")
    column = found.start() - (before.rfind("\n") + 1) + 1
    where = f"{what}: " if what else ""
    at = "" if what else f" at column {column}"
    code = f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
    return SourceError(f"{where}{code}{at} is {name}", SourcePos(pos.path, line), hint=hint)


def check_characters(text: str, path: str) -> None:
    error = control_error(text, SourcePos(path, 1))
    if error is not None:
        raise error


def check_nesting(tokens: list[Token], path: str) -> None:
    """Refuse nesting that markdown-it would truncate, or that would exhaust Python's stack later."""
    depth = 0
    line = 1
    for token in tokens:
        if token.map:
            line = token.map[0] + 1
        if token.level >= PARSER_MAX_NESTING - 1:
            raise SourceError(f"blocks nested {token.level} deep: too deep to read", SourcePos(path, line),
                              hint="flatten the structure")
        if token.type in _LIST_OR_QUOTE:
            depth += 1
            if depth > MAX_BLOCK_NESTING:
                raise SourceError(f"lists and block quotes nested {depth} deep: a report may nest them "
                                  f"{MAX_BLOCK_NESTING} deep", SourcePos(path, line),
                                  hint="flatten the structure, or make the inner level a paragraph")
        elif token.type.endswith("_close") and token.type.replace("_close", "_open") in _LIST_OR_QUOTE:
            depth -= 1
        if token.children:
            _check_inline_nesting(token.children, 0, SourcePos(path, line))


def _check_inline_nesting(children: Iterable[Token], depth: int, pos: SourcePos) -> None:
    for child in children:
        depth += child.nesting
        # an image's alt text is its children: one level deeper
        inner = depth + (1 if child.children else 0)
        if max(depth, inner) > MAX_INLINE_NESTING:
            raise SourceError(f"inline markup nested more than {MAX_INLINE_NESTING} deep", pos,
                              hint="remove the extra `*`, `_` or brackets")
        if child.children:
            _check_inline_nesting(child.children, inner, pos)


# where `entity_rule` leaves the character references markdown-it replaced: (line, the reference)
BAD_ENTITIES = "reportpress_bad_entities"
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def entity_rule(state: StateCore) -> None:
    """markdown-it core rule, before `text_join` merges them into the text: note each numeric character
    reference that markdown-it replaced with U+FFFD because it names no character a text may hold
    (`&#0;`, `&#xD800;`, `&#x7;`, `&#xFFFE;`, `&#1114112;`): without this it would be reported as a font
    that lacks U+FFFD. Its line is its block's first line plus the line breaks before it in the block.
    A reference to a character that exists but is refused (`&#x202E;`, `&#x2028;`) keeps its character,
    and the inline reader refuses it like the same character written out (`inlines._read_text`).
    It also turns the `text_special` tokens inside an image (its alt text) into text, as `text_join`
    does for the others."""
    found: list[tuple[int, str]] = state.env.setdefault(BAD_ENTITIES, [])
    for token in state.tokens:
        if token.type == "inline" and token.children:
            _note_entities(token.children, token.map[0] + 1 if token.map else 1, found)


def _note_entities(children: list[Token], line: int, found: list[tuple[int, str]]) -> int:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif (child.type == "text_special" and child.info == "entity" and child.content == "\ufffd"
              and _reference_code(child.markup) not in (None, 0xFFFD)):
            found.append((line, child.markup))
        if child.children:  # an image's alt text
            line = _note_entities(child.children, line, found)
            for grandchild in child.children:
                # `text_join` turns only an inline's own `text_special` tokens into text: `![&amp;](a.png)`
                # would reach the reader as a token of a type it does not know
                if grandchild.type == "text_special":
                    grandchild.type = "text"
    return line


def _reference_code(markup: str) -> int | None:
    """The code point a numeric character reference names, None for a named one (`&amp;`)."""
    numeric = _NUMERIC_REFERENCE.fullmatch(markup)
    if numeric is None:
        return None
    return int(numeric.group(1), 16) if numeric.group(1) else int(numeric.group(2))


def entity_errors(found: Iterable[tuple[int, str]], path: str) -> list[SourceError]:
    """The errors for the references `entity_rule` noted, each saying what it names."""
    errors = []
    for line, markup in found:
        code = _reference_code(markup)
        assert code is not None  # `entity_rule` notes numeric references only
        pos = SourcePos(path, line)
        if code > 0x10FFFF:
            errors.append(SourceError(f"character reference `{markup}` names no character (past U+10FFFF)", pos,
                                      hint="fix the number, or write the character itself"))
            continue
        char = chr(code)
        name, hint = next(((name, hint) for pattern, name, hint in _CONTROL_CLASSES if pattern.match(char)),
                          ("a noncharacter (Unicode keeps it out of text)", "delete it"))
        label = f"U+{code:04X} {unicodedata.name(char, '')}".rstrip()
        errors.append(SourceError(f"character reference `{markup}` is {label}, {name}", pos, hint=hint))
    return errors


def check_inline_markup(document: Document) -> None:
    """Refuse the first inline element past MAX_INLINE_ELEMENTS (see the module docstring) at its line:
    everything but plain text and line breaks, in the body, the notes, the glossary and the references."""
    count = 0
    for node in _document_inlines(document):
        if not isinstance(node, Text | LineBreak):
            count += 1
            if count > MAX_INLINE_ELEMENTS:
                raise SourceError(f"more than {MAX_INLINE_ELEMENTS:,} pieces of inline markup (emphasis, links, "
                                  "pictures, term references, note calls, citations) in the document: the PDF "
                                  "and the DOCX would take minutes to set them", node.pos,
                                  hint="remove markup that is not needed, or split the report into several sources")


def _document_inlines(document: Document) -> Iterable[Inline]:
    blocks = [*document.blocks, *(block for note in document.footnotes for block in note.blocks),
              *(block for entry in document.glossary for block in entry.definition)]
    for block in blocks:
        yield from iter_block_inlines(block)
    for reference in document.references:
        yield from iter_inlines(reference.inlines)
