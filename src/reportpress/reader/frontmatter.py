"""YAML front matter → `Meta` (DESIGN §3). Unknown keys reach the templates as `meta.extra`.

Front matter is untrusted like the rest of the source, so besides each known key's type it is checked
for what would crash or mislead a later stage, each error naming the key's line (`Meta.lines`):
nesting deeper than YAML can read, more than `MAX_NODES` values (aliases counted each time they are
used, so an alias bomb stops here), control characters in any text (limits.py), fields the DOCX core
properties cannot hold (`DOCX_PROPERTY_LIMIT`), and a `layout:` that is not a plain name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import yaml

from reportpress.errors import SourceError
from reportpress.layouts import END_NOTE_MARKERS
from reportpress.model import Cover, Meta, NotePlacement, SourcePos
from reportpress.reader.limits import control_error

KNOWN_KEYS = {
    "title", "subtitle", "author", "organization", "date", "lang", "layout", "cover",
    "glossary-title", "toc", "keywords", "duplex", "label", "notes", "note-marker",
}
NOTE_PLACEMENTS = ("foot", "end")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# a layout is named, never located: no `/`, `\`, `.` (so no `..`), nothing absolute (DESIGN §3, issue 9)
_LAYOUT_NAME = re.compile(r"[\w-]+")
MAX_DEPTH = 20
MAX_NODES = 10_000
# python-docx refuses a longer core property (title, subject, author, keywords, language) with a ValueError
DOCX_PROPERTY_LIMIT = 255
MAX_INT_DIGITS = 1000  # of a front matter number (a year has four)
_TOO_MANY_DIGITS = 10**MAX_INT_DIGITS
_NONE = object()


def read_front_matter(text: str, path: str, first_line: int) -> Meta:
    """Parse the YAML between the `---` fences; `first_line` is the 1-based line of its first key."""
    opening = SourcePos(path, max(first_line - 1, 1))
    try:
        lines = _key_lines(text, first_line, path) if text.strip() else {}
        data = yaml.load(text, Loader=_Loader) if text.strip() else {}  # _Loader is a SafeLoader
    except _ValueProblem as failed:
        # named by its top-level key and that key's line, as every other value error (`Meta.lines`)
        line = first_line + failed.line
        key, key_line = max(((name, start) for name, start in lines.items() if start <= line),
                            key=lambda item: item[1], default=("", line))
        where = f"`{key}`: " if key else ""
        raise SourceError(f"front matter: {where}{failed}", SourcePos(path, key_line), hint=failed.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(f"front matter: {problem}", SourcePos(path, line),
                          hint="front matter is YAML between two `---` lines") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"front matter: {exc}", SourcePos(path, first_line)) from exc
    except RecursionError:  # PyYAML's composer recurses once per level: `a: [[[[…` 500 deep
        raise SourceError("front matter: nested too deep to read", opening,
                          hint=f"nest lists and maps at most {MAX_DEPTH} levels deep") from None
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SourceError("front matter must be a set of `key: value` lines", opening)
    keys = _Keys(path, lines, opening)
    _check_values(data, keys)
    return meta_from_mapping(data, keys)


class _ValueProblem(Exception):
    """A scalar that YAML cannot turn into its value, at its 0-based line of the front matter."""

    def __init__(self, message: str, line: int, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, telling where a value fails to construct.

    PyYAML's own constructors raise bare Python errors with no mark: `date: 0000-01-01` a ValueError,
    `!!timestamp abc` an AttributeError. Every value, however deep, is built by `construct_object`,
    so catching there names the innermost node that failed.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            kind = str(node.tag).rsplit(":", 1)[-1]
            # a ValueError says what is wrong (`year 0 is out of range`); the others are PyYAML's internals
            reason = f" ({exc})" if isinstance(exc, ValueError) else ""
            if kind == "timestamp":
                raise _ValueProblem(f"{node.value!r} is not a date{reason}", node.start_mark.line,
                                    "dates are ISO 8601, such as 2020-01-08") from None
            raise _ValueProblem(f"{node.value!r} is not a valid {kind}{reason}", node.start_mark.line,
                                "quote the value to keep it as text, or fix it") from None
        # `0x` and `0b` integers convert without Python's 4,300-digit limit, but no message or text can
        # show one past it (`str` raises ValueError): a number that long is refused where it stands
        if isinstance(value, int) and abs(value) >= _TOO_MANY_DIGITS:
            raise _ValueProblem(f"a number of more than {MAX_INT_DIGITS} digits", node.start_mark.line,
                                "quote the value to keep it as text")
        return value


class _Keys:
    """Where each top-level key is, so that an error about a key names its line."""

    def __init__(self, path: str, lines: Mapping[str, int], opening: SourcePos) -> None:
        self.path = path
        self.lines = lines
        self.opening = opening

    def pos(self, key: object) -> SourcePos:
        line = self.lines.get(str(key))
        return SourcePos(self.path, line) if line else self.opening


def _key_lines(text: str, first_line: int, path: str) -> dict[str, int]:
    """The 1-based line of each top-level key (the YAML node tree keeps marks, the loaded data does not).
    A key given twice in one mapping is refused at its second line (`_check_duplicate_keys`)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    _check_duplicate_keys(node, first_line, path)
    return {str(key.value): first_line + key.start_mark.line for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)}


def _check_duplicate_keys(root: yaml.Node, first_line: int, path: str) -> None:
    """Refuse a key that a mapping holds twice: PyYAML keeps the last value without a word, so of two
    `title:` lines the one the author meant may be the one dropped; and a merge key (`<<:`), which brings
    keys in that no line of the mapping shows (`<<: {title: A}` then `<<: {title: B}`: B, silently).
    Each node once (aliases share nodes), without recursion."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[object, int] = {}
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue  # a complex key is refused later as not a name
                line = first_line + key.start_mark.line
                if key.tag.endswith(":merge"):  # `<<: *defaults` would bring in keys no line shows, twice too
                    raise SourceError("front matter: a YAML merge key (`<<:`)", SourcePos(path, line),
                                      hint="write each key out: a report's front matter names each field once")
                if (previous := first.get(same := _key_value(key))) is not None:
                    raise SourceError(f"front matter: key `{key.value}` given twice (first on line {previous})",
                                      SourcePos(path, line), hint="keep one of them: YAML would silently use "
                                      "the last one")
                first[same] = line
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            stack += [item for pair in node.value for item in pair] if isinstance(node, yaml.MappingNode) \
                else list(node.value)


def _key_value(key: yaml.ScalarNode) -> object:
    """What a mapping key is once loaded, as the dict PyYAML fills compares it: `1`, `0x1`, `+1` and `true`
    are one key (1 == True in Python), so of `1: a` and `0x1: b` one was silently lost; text stays text
    (`'1'` is another key than `1`). A key that does not load is compared as written (loading reports it)."""
    if key.tag == "tag:yaml.org,2002:str":
        return key.value
    try:
        return _Loader("").construct_object(key)
    except (_ValueProblem, yaml.YAMLError, ValueError, TypeError):
        return (key.tag, key.value)


def _check_values(data: Mapping[Any, Any], keys: _Keys) -> None:
    """Depth, size and characters of every value, without recursion (the data may be a cyclic alias)."""
    stack: list[tuple[object, object, int]] = [(key, value, 1) for key, value in data.items()]
    stack += [(key, key, 1) for key in data]
    count = 0
    while stack:
        key, value, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise SourceError(f"front matter: more than {MAX_NODES:,} values", keys.pos(key),
                              hint="front matter holds a few `key: value` lines; check anchors and aliases")
        if depth > MAX_DEPTH:
            raise SourceError(f"front matter: `{key}` is nested more than {MAX_DEPTH} levels deep", keys.pos(key),
                              hint="flatten the value")
        if isinstance(value, str):
            error = control_error(value, keys.pos(key), what=f"front matter: `{key}`")
            if error is not None:
                raise error
        elif isinstance(value, Mapping):
            stack += [(key, item, depth + 1) for pair in value.items() for item in pair]
        elif isinstance(value, list | tuple | set):
            stack += [(key, item, depth + 1) for item in value]


def _string(data: Mapping[str, Any], key: str, keys: _Keys, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip()
    raise SourceError(f"front matter: `{key}` must be text, not {type(value).__name__}", keys.pos(key))


# ISO 8601's reduced precision: a year and a month (`2024-05`, a white paper's `2024年5月`), or a year
_PARTIAL_DATE = re.compile(r"(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?")


def _date(data: Mapping[str, Any], keys: _Keys) -> str:
    value = data.get("date")
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
        if _PARTIAL_DATE.fullmatch(value.strip()):  # a month (2024-05) or a year
            return value.strip()
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        return f"{value:04d}"  # `date: 2024`, which YAML reads as a number
    raise SourceError(f"front matter: date {value!r} is not an ISO 8601 date", keys.pos("date"),
                      hint="write 2020-01-08, or 2020-01 for a month")


def _cover(data: Mapping[str, Any], keys: _Keys) -> Cover:
    value = data.get("cover")
    if value is None or value is False:
        return Cover()
    if isinstance(value, str):
        return Cover(front=value)
    if isinstance(value, Mapping) and set(value) <= {"front", "back"}:
        front, back = value.get("front"), value.get("back")
        if all(side is None or isinstance(side, str) for side in (front, back)):
            return Cover(front=front, back=back)
    raise SourceError("front matter: `cover` must be a template name, a PDF path, or {front: …, back: …}",
                      keys.pos("cover"))


def _keywords(data: Mapping[str, Any], keys: _Keys) -> tuple[str, ...]:
    value = data.get("keywords")
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(word.strip() for word in value.replace("，", ",").split(",") if word.strip())
    if isinstance(value, list) and all(isinstance(word, str | int | float) for word in value):
        return tuple(str(word).strip() for word in value)
    raise SourceError("front matter: `keywords` must be a list or a comma-separated string", keys.pos("keywords"))


def _layout(data: Mapping[str, Any], keys: _Keys) -> str:
    name = _string(data, "layout", keys, "gov-report") or "gov-report"
    if not _LAYOUT_NAME.fullmatch(name):
        raise SourceError(f"front matter: layout {name!r} is not a layout name", keys.pos("layout"),
                          hint="name a layout in the project's layouts/ or a built-in one, such as gov-report: "
                          "letters, digits, `-` and `_` only; give a folder elsewhere with `--layout PATH`")
    return name


def _choice(data: Mapping[str, Any], key: str, keys: _Keys, choices: tuple[str, ...]) -> str:
    """A key whose value is one of `choices`, or '' when the source does not give it."""
    value = _string(data, key, keys)
    if value and value not in choices:
        raise SourceError(f"front matter: `{key}` {value!r}: use {' or '.join(choices)}", keys.pos(key))
    return value


def _salutation(data: Mapping[str, Any], keys: _Keys) -> None:
    """`salutation:` stays in `meta.extra` (the reader makes it the first body block): text, not empty."""
    if "salutation" in data and not _string(data, "salutation", keys):
        raise SourceError("front matter: `salutation` is empty", keys.pos("salutation"),
                          hint="write the salutation, such as `salutation: 各位代表：`, or remove the key")


def _check_property_lengths(meta: Meta, keys: _Keys) -> None:
    """Refuse at check time what the DOCX writer could not store (its core properties, docx/properties.py)."""
    fields = {"title": meta.title, "subtitle": meta.subtitle, "author": meta.author,
              "organization": meta.organization, "keywords": "; ".join(meta.keywords), "lang": meta.lang}
    for key, value in fields.items():
        if len(value) > DOCX_PROPERTY_LIMIT:
            raise SourceError(f"front matter: `{key}` is {len(value)} characters; a DOCX document property "
                              f"holds at most {DOCX_PROPERTY_LIMIT}", keys.pos(key),
                              hint="use fewer or shorter keywords; they are joined with `; `" if key == "keywords"
                              else "shorten it")


def meta_from_mapping(data: Mapping[str, Any], keys: _Keys) -> Meta:
    """Build `Meta` from parsed front matter, checking the type of every known key."""
    flags = {key: data.get(key, False) for key in ("toc", "duplex")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise SourceError(f"front matter: `{key}` must be true or false, not {value!r}", keys.pos(key))
    lang = _string(data, "lang", keys, "zh-CN") or "zh-CN"
    if not isinstance(data.get("lang", ""), str) or not _LANGUAGE_TAG.fullmatch(lang):
        raise SourceError(f"front matter: lang {data.get('lang')!r} is not a language tag", keys.pos("lang"),
                          hint="write zh-CN, zh-TW, en …")
    extra: dict[str, Any] = {}
    named: dict[str, object] = {}  # the key each name of `extra` came from
    for key, value in data.items():
        if key not in KNOWN_KEYS:
            if (other := named.get(str(key), _NONE)) is not _NONE:  # `1:` and `'1':`: one name in `meta.extra`
                kinds = " and ".join(sorted({type(other).__name__, type(key).__name__}))
                raise SourceError(f"front matter: key `{key}` given twice (as {kinds})", keys.pos(key),
                                  hint="keep one of them: the templates see keys as text, so only one would reach them")
            named[str(key)] = key
            extra[str(key)] = value
    _salutation(data, keys)
    notes: NotePlacement = "end" if _choice(data, "notes", keys, NOTE_PLACEMENTS) == "end" else "foot"
    meta = Meta(
        title=_string(data, "title", keys),
        subtitle=_string(data, "subtitle", keys),
        author=_string(data, "author", keys),
        organization=_string(data, "organization", keys),
        date=_date(data, keys),
        lang=lang,
        layout=_layout(data, keys),
        cover=_cover(data, keys),
        glossary_title=_string(data, "glossary-title", keys),
        label=_string(data, "label", keys),
        notes=notes,
        note_marker=_choice(data, "note-marker", keys, END_NOTE_MARKERS),
        toc=flags["toc"],
        duplex=flags["duplex"],
        keywords=_keywords(data, keys),
        extra=MappingProxyType(extra),
        lines=MappingProxyType(dict(keys.lines)),
    )
    _check_property_lengths(meta, keys)
    return meta
