"""Read a reportpress source (Markdown, DESIGN §3) into a `Document`.

`read_source(path)` is the reader's only public entry. It collects every source error and raises
them once (`SourceError`, or `SourceErrors` for several), so a writer never receives a bad document.
Warnings (an unused glossary entry or footnote) go to the `reportpress.reader` loggers.

`document_from_bytes` keeps the last few documents it read, by a digest of the bytes and the path
(`ParsedDocuments`): a build parses its source in `job.prepare` and again in `job.run_job`, and a watch
or a batch worker builds the same bytes again; the reader is deterministic and the model immutable, so
the same bytes give the same document, and the warnings the first reading logged are logged again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import NamedTuple

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from reportpress.errors import SourceError, SourceErrors
from reportpress.files import NotRegularFile, OutsideFolder, TooLarge, read_regular
from reportpress.model import Document, Meta, SourcePos
from reportpress.reader.blocks import BlockState, read_blocks
from reportpress.reader.context import ReadContext
from reportpress.reader.frontmatter import read_front_matter
from reportpress.reader.limits import (
    BAD_ENTITIES,
    MAX_SOURCE_BYTES,
    check_characters,
    check_nesting,
    entity_errors,
    size_error,
)
from reportpress.reader.notes import (
    GLOSSARY_LINK_MODES,
    anchor_references,
    check_calls_in_notes,
    check_footnote_duplicates,
    check_footnote_use,
    check_glossary_ids,
    footnote_definitions,
    link_first_uses,
    place_inline_notes,
    read_footnotes,
)
from reportpress.reader.parser import markdown_parser
from reportpress.reader.plugins import NESTED_FOOTNOTE_DEFINITIONS
from reportpress.reader.structure import (
    check_calls_in_lists,
    front_salutation,
    order_end_notes,
    order_references,
    place_end_notes_section,
    place_notes,
)

__all__ = ["PARSED", "document_from_bytes", "read_source", "read_source_bytes", "read_text"]

# documents kept: a build reads its source twice, one after the other; a watch's every save is new bytes,
# so more would only hold memory (a 1 MiB source makes a model of about 14 MiB)
PARSED_KEPT = 2
PARSED_BYTES = 2 << 20  # and no more than this much source in all


class _ThreadRecords(logging.Handler):
    """The log records one thread emits while it reads (a batch's threads read side by side)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # the thread handling it, not `record.thread`: a record replayed from the cache carries the thread
        # that first made it, and would land in another thread's reading of another source
        if threading.get_ident() == self.thread:
            self.records.append(record)


class _Entry(NamedTuple):
    """A kept reading."""

    size: int  # of its source, in bytes
    document: Document
    records: tuple[logging.LogRecord, ...]  # what it logged
    heard: int  # the lowest level its loggers logged then (`_lowest_enabled`)


class _Muted(logging.Filter):
    """On each logger of the reader, for good: while this thread reads quietly (`_QUIET.records` set),
    what it logs is recorded there and goes no further (a record is filtered by the logger that made it,
    before any handler sees it). Installed once and never removed, so that no thread changes a logger's
    filters while another thread's record goes through them."""

    def filter(self, record: logging.LogRecord) -> bool:
        records: _ThreadRecords | None = getattr(_QUIET, "records", None)
        if records is None:
            return True
        records.records.append(record)
        return False


_QUIET = threading.local()
_MUTED = _Muted()


def _reader_loggers(logger: logging.Logger) -> list[logging.Logger]:
    """`logger` and the loggers below it."""
    prefix = logger.name + "."
    return [logger] + [child for name, child in list(logging.root.manager.loggerDict.items())
                       if name.startswith(prefix) and isinstance(child, logging.Logger)]


def _lowest_enabled(logger: logging.Logger) -> int:
    """The lowest of the standard levels that every logger of the reader (`logger` and those below it)
    logs now (above CRITICAL when one logs none): the quietest of them decides what a reading records."""
    levels = (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL)
    return max(next((level for level in levels if each.isEnabledFor(level)), logging.CRITICAL + 1)
               for each in _reader_loggers(logger))


class ParsedDocuments:
    """The last documents read, by (SHA-256 of the bytes, path), with the warnings their reading logged.
    A reading made while the reader's loggers were quieter than they are now is made again: what it did
    not log was never recorded.

    Only a reading that succeeded is kept (an error is raised again by reading again). Bounded by count
    and by the bytes of the sources kept; `hits` and `misses` count the look-ups (for tests and the bench).
    """

    def __init__(self, kept: int = PARSED_KEPT, limit: int = PARSED_BYTES) -> None:
        self.kept, self.limit = kept, limit
        self.hits = self.misses = 0
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()

    def read(self, data: bytes, path: str, *, quiet: bool = False) -> Document:
        """The document of `data` named `path`: the one kept, its warnings logged again, or a new reading.
        `quiet`: nothing is logged (a new reading's warnings are still recorded, for the next one)."""
        key = (hashlib.sha256(data).hexdigest(), path)
        root = logging.getLogger(__name__)
        heard = _lowest_enabled(root)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.heard > heard:
                entry = None  # read while its loggers were quieter than now: warnings were never made
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
        if entry is not None:
            for record in () if quiet else entry.records:
                logger = logging.getLogger(record.name)
                if logger.isEnabledFor(record.levelno):
                    logger.handle(record)
            return entry.document
        collector = _ThreadRecords()
        if quiet:
            for logger in _reader_loggers(root):
                if _MUTED not in logger.filters:
                    logger.addFilter(_MUTED)
        root.addHandler(collector)
        _QUIET.records = collector if quiet else None
        try:
            document = _document_from_bytes(data, path)
        finally:
            _QUIET.records = None
            root.removeHandler(collector)
        self._keep(key, _Entry(len(data), document, tuple(collector.records), heard))
        return document

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def _keep(self, key: tuple[str, str], entry: _Entry) -> None:
        if entry.size > self.limit:
            return
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.kept or sum(kept.size for kept in self._entries.values()) > self.limit:
                self._entries.popitem(last=False)


PARSED = ParsedDocuments()


def read_source(path: Path | str) -> Document:
    """Read the source file at `path` (UTF-8, a regular file of at most `MAX_SOURCE_BYTES`)."""
    path = Path(path)
    return document_from_bytes(read_source_bytes(path), str(path))


def document_from_bytes(data: bytes, path: str, *, quiet: bool = False) -> Document:
    """The document of a source's bytes `data` (UTF-8, a BOM allowed); `path` is how positions name it.
    A batch reads a source's bytes once (`read_source_bytes`) and parses them here, in any process
    (the same bytes again come from `PARSED`). `quiet`: its warnings are not logged (the build's second
    reading, whose warnings its first one logged)."""
    return PARSED.read(data, path, quiet=quiet)


def _document_from_bytes(data: bytes, path: str) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not UTF-8 text", SourcePos(path, line),
                          hint="convert it with `reportpress import FILE --encoding gb18030`") from exc
    return read_text(text, path)


def read_source_bytes(path: Path, *, inside: Path | None = None) -> bytes:
    """The source file's bytes, refusing what is not a regular file, or too large, before reading it;
    `inside` (the project, for a source the command chose itself): refusing a file outside that folder."""
    try:
        return read_regular(path, MAX_SOURCE_BYTES, inside=inside)
    except OutsideFolder as exc:
        raise SourceError(f"{path}: a link leading out of the project (to {exc.real})",
                          hint="name the source on the command line to build it anyway") from None
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file", hint="check the path, or run `reportpress build` "
                          "in a project folder to build every source/*.md") from None
    except NotRegularFile as exc:
        kind = exc.kind if exc.kind == "a folder" else "not a regular file"
        raise SourceError(f"{path}: {kind}", hint="a source is a Markdown file such as source/report.md") from None
    except TooLarge as exc:
        raise size_error(exc.size, str(path)) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SourceError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc


def read_text(text: str, path: str = "<source>") -> Document:
    """Read source `text`; `path` is how positions name the file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        # mdit-py-plugins' container rule indexes past the end of a source whose last line is an
        # unterminated quote line (`> ::: glossary\n> `: IndexError); a final newline changes no line
        text += "\n"
    check_characters(text, path)
    ctx = ReadContext(path=path)
    env: dict[str, object] = {}
    tokens = markdown_parser().parse(text, env)
    check_nesting(tokens, path)  # before the tree: SyntaxTreeNode recurses once per level
    _check_front_matter_closed(text, tokens, path)
    # reported with the errors of the text around them, in line order (`ctx.errors`)
    ctx.errors += entity_errors(env.get(BAD_ENTITIES) or (), path)  # type: ignore[arg-type]  # set by entity_rule
    nested = env.get(NESTED_FOOTNOTE_DEFINITIONS)
    if isinstance(nested, list) and nested:
        raise SourceError("a footnote definition inside a footnote", SourcePos(path, min(nested) + 1),
                          hint="define each footnote on its own line at the start of a line, outside the others")
    place_inline_notes(tokens)
    root = SyntaxTreeNode(tokens)
    meta = _read_meta(root, ctx)
    definitions = footnote_definitions(root)
    ctx.footnote_labels = frozenset(label for label, _ in definitions)
    state = BlockState(glossary_title=meta.glossary_title)
    blocks = front_salutation(read_blocks(root.children, ctx, state), meta, ctx)
    footnotes = place_notes(read_footnotes(definitions, ctx, state), meta, env, state)
    check_footnote_duplicates(env, ctx)
    entries = check_glossary_ids(state.glossary_entries, ctx)
    check_calls_in_notes(footnotes, entries, ctx)
    check_calls_in_lists(entries, state.references, ctx)
    references = order_references(blocks, footnotes, state.references, ctx)
    footnotes = order_end_notes(blocks, footnotes)
    if state.notes_line and not any(note.placement == "end" for note in footnotes):
        ctx.error("`::: notes` holds no note the text calls", state.notes_line,
                  hint="define the end notes inside it (`[^1]: text`) and call them in the text, or remove it")
    blocks = place_end_notes_section(blocks, footnotes, path)
    link_mode = str(meta.extra.get("glossary-link", "first"))
    if link_mode not in GLOSSARY_LINK_MODES:
        ctx.error(f"glossary-link: {link_mode!r}: use first or none", meta.lines.get("glossary-link", 1))
    if link_mode == "first":
        blocks = link_first_uses(blocks, entries)
    blocks, glossary = anchor_references(blocks, entries, ctx)
    if ctx.errors:
        raise ctx.errors[0] if len(ctx.errors) == 1 else SourceErrors(sorted(
            ctx.errors, key=lambda error: error.pos.line if error.pos else 0))
    check_footnote_use(blocks, footnotes, env, path)
    return Document(meta=meta, blocks=blocks, footnotes=tuple(footnotes), glossary=glossary,
                    references=references, path=path)


_OPENING = re.compile(r"---+[ \t]*")


def _check_front_matter_closed(text: str, tokens: list[Token], path: str) -> None:
    """A source whose first line opens a front matter that no `---` line closes: one message saying so.
    markdown-it reads the line as a rule (`hr`) then, and the front matter's lines as the body: the user was
    told `hr` is not supported, and their title was a paragraph."""
    if _OPENING.fullmatch(text.split("\n", 1)[0]) and not (tokens and tokens[0].type == "front_matter"):
        raise SourceError("front matter: the `---` of line 1 is never closed", SourcePos(path, 1),
                          hint="end the front matter with a line of `---`; the body starts after it")


def _read_meta(root: SyntaxTreeNode, ctx: ReadContext) -> Meta:
    for node in root.children:
        if node.type == "front_matter":
            first_line = (node.map[0] + 2) if node.map else 2  # the line after the opening `---`
            return read_front_matter(node.content, ctx.path, first_line)
    return Meta()
