"""YAML front matter → `Meta` (DESIGN §3). Unknown keys reach the templates as `meta.extra`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import yaml

from reportpress.errors import SourceError
from reportpress.model import Cover, Meta, SourcePos

KNOWN_KEYS = {
    "title", "subtitle", "author", "organization", "date", "lang", "layout", "cover",
    "glossary-title", "toc", "keywords", "duplex",
}
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def read_front_matter(text: str, path: str, first_line: int) -> Meta:
    """Parse the YAML between the `---` fences; `first_line` is the 1-based line of its first key."""
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(f"front matter: {problem}", SourcePos(path, line),
                          hint="front matter is YAML between two `---` lines") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"front matter: {exc}", SourcePos(path, first_line)) from exc
    except ValueError as exc:  # PyYAML's own date parsing: `date: 2020-13-45`
        raise SourceError(f"front matter: {exc}", SourcePos(path, first_line),
                          hint="dates are ISO 8601, such as 2020-01-08") from exc
    if data is None:
        data = {}
    pos = SourcePos(path, max(first_line - 1, 1))
    if not isinstance(data, Mapping):
        raise SourceError("front matter must be a set of `key: value` lines", pos)
    return meta_from_mapping(data, pos)


def _string(data: Mapping[str, Any], key: str, pos: SourcePos, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip()
    raise SourceError(f"front matter: `{key}` must be text, not {type(value).__name__}", pos)


def _date(data: Mapping[str, Any], pos: SourcePos) -> str:
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
    raise SourceError(f"front matter: date {value!r} is not an ISO 8601 date", pos, hint="write 2020-01-08")


def _cover(data: Mapping[str, Any], pos: SourcePos) -> Cover:
    value = data.get("cover")
    if value is None or value is False:
        return Cover()
    if isinstance(value, str):
        return Cover(front=value)
    if isinstance(value, Mapping) and set(value) <= {"front", "back"}:
        front, back = value.get("front"), value.get("back")
        if all(side is None or isinstance(side, str) for side in (front, back)):
            return Cover(front=front, back=back)
    raise SourceError("front matter: `cover` must be a template name, a PDF path, or {front: …, back: …}", pos)


def _keywords(data: Mapping[str, Any], pos: SourcePos) -> tuple[str, ...]:
    value = data.get("keywords")
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(word.strip() for word in value.replace("，", ",").split(",") if word.strip())
    if isinstance(value, list) and all(isinstance(word, str | int | float) for word in value):
        return tuple(str(word).strip() for word in value)
    raise SourceError("front matter: `keywords` must be a list or a comma-separated string", pos)


def meta_from_mapping(data: Mapping[str, Any], pos: SourcePos) -> Meta:
    """Build `Meta` from parsed front matter, checking the type of every known key."""
    flags = {key: data.get(key, False) for key in ("toc", "duplex")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise SourceError(f"front matter: `{key}` must be true or false, not {value!r}", pos)
    lang = _string(data, "lang", pos, "zh-CN") or "zh-CN"
    if not isinstance(data.get("lang", ""), str) or not _LANGUAGE_TAG.fullmatch(lang):
        raise SourceError(f"front matter: lang {data.get('lang')!r} is not a language tag", pos,
                          hint="write zh-CN, zh-TW, en …")
    extra = {str(key): value for key, value in data.items() if key not in KNOWN_KEYS}
    return Meta(
        title=_string(data, "title", pos),
        subtitle=_string(data, "subtitle", pos),
        author=_string(data, "author", pos),
        organization=_string(data, "organization", pos),
        date=_date(data, pos),
        lang=lang,
        layout=_string(data, "layout", pos, "gov-report") or "gov-report",
        cover=_cover(data, pos),
        glossary_title=_string(data, "glossary-title", pos),
        toc=flags["toc"],
        duplex=flags["duplex"],
        keywords=_keywords(data, pos),
        extra=MappingProxyType(extra),
    )
