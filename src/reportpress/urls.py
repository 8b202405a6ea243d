"""Which URLs a render may read, decided in one place: by the PDF writer's fetcher as WeasyPrint asks,
and by `reportpress check` before any render, over every URL the HTML and its stylesheets name.

A render reads `data:` URLs, the checked bytes it was given (the source's pictures, a layout's files
served from memory), and files inside its allowed folders (the layout, the font folders); nothing of
the network. `check` does not lay the pages out, so it cannot ask WeasyPrint what it would fetch: it
reads the URLs from the markup instead (`urls_in_html`), the ones WeasyPrint 70 fetches — `src`,
`<link rel=stylesheet|attachment href>`, `<a rel=attachment href>`, `<object data>`, SVG `href`, and
every `url()` and `@import` of a stylesheet or `style` attribute. Links a reader follows (`<a href>`)
are never fetched and not listed. A `url()` of a property WeasyPrint ignores is listed too: `check` may
refuse what a build would never ask for, never the other way round.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import tinycss2

from reportpress.resources import inside

# (tag, attribute) pairs WeasyPrint 70 loads a resource from (html.py's handlers, images, SVG <image>/<use>);
# `<link href>` and `<a href>` only with the `rel` values it fetches (`_LINK_RELS`)
_FETCHED = {("img", "src"), ("object", "data"), ("embed", "src"), ("image", "href"), ("image", "xlink:href"),
            ("use", "href"), ("use", "xlink:href")}
_LINK_RELS = {"link": {"stylesheet", "attachment"}, "a": {"attachment"}}


def refusal(url: str, roots: Sequence[Path], files: Mapping[Path, bytes]) -> str | None:
    """Why a render may not read `url` (None when it may); `files` are served from memory by absolute,
    normalised path, `roots` the folders whose files may be read."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        return "reportpress never reads the network while building"
    requested = file_path(url)
    if requested in files:
        return None
    path = requested.resolve()
    if not inside(path, roots):
        return "outside the source's folder, the layout and the font folders"
    if not path.is_file():
        return "no such file"
    return None


def file_path(url: str) -> Path:
    """The normalised path a `file:` URL names (its dots folded, links not followed)."""
    return Path(os.path.normpath(url2pathname(unquote(urlsplit(url).path))))


def urls_in_html(html: str) -> Iterator[str]:
    """Every URL a render of `html` may fetch, as written (resolve them against the render's base)."""
    parser = _Urls()
    parser.feed(html)
    parser.close()
    yield from parser.urls


def urls_in_css(css: str, *, declarations: bool = False) -> Iterator[str]:
    """The `url()`s and `@import`s of a stylesheet (or of a `style` attribute's declarations)."""
    tokens = (tinycss2.parse_blocks_contents(css) if declarations
              else tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    yield from _urls_in_tokens(tokens)


def _urls_in_tokens(tokens: Sequence[Any]) -> Iterator[str]:  # tinycss2's nodes (untyped)
    for token in tokens:
        kind = getattr(token, "type", None)
        if kind == "url":
            yield str(token.value)
        elif kind == "function" and getattr(token, "lower_name", "") == "url":
            strings = [arg for arg in token.arguments if getattr(arg, "type", None) == "string"]
            if strings:
                yield str(strings[0].value)
        elif kind == "at-rule" and getattr(token, "lower_at_keyword", "") == "import":
            for part in token.prelude:
                if getattr(part, "type", None) == "string":
                    yield str(part.value)
                    break
        for name in ("prelude", "content", "arguments", "value"):
            inner = getattr(token, name, None)
            if isinstance(inner, list):
                yield from _urls_in_tokens(inner)  # blocks, functions' arguments, declarations' values


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        rels = set(next((value or "" for name, value in attrs if name == "rel"), "").lower().split())
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in _FETCHED or (name == "href" and rels & _LINK_RELS.get(tag, set())):
                self.urls.append(value.strip())
            elif name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.split())
            elif name == "style":
                self.urls.extend(urls_in_css(value, declarations=True))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(urls_in_css(data))


# The folder a layout's files are served at (`layout_base`): fixed, so that what WeasyPrint names after a
# URL (an image of a cover template) does not depend on where the layout's files lie on this machine.
LAYOUT_ROOT = Path("/reportpress-layout")


def layout_base(name: str) -> Path:
    """The fixed folder the files of layout `name` are served at, from memory (see `served`)."""
    return LAYOUT_ROOT / name


def base_url(base: Path) -> str:
    """The URL a render's relative URLs resolve against: `base` made absolute without following links
    (a fixed base such as `layout_base`'s is no real folder, and a link of that name on this machine
    must not change which files are served)."""
    return Path(os.path.abspath(base)).as_uri() + "/"


def served(base: Path, files: Mapping[str, bytes]) -> dict[Path, bytes]:
    """`files`, named relative to `base`, by the absolute normalised path a render asks for them by."""
    folder = Path(os.path.abspath(base))
    return {Path(os.path.normpath(folder / name)): data for name, data in files.items()}


def first_refused(html: str, base: Path, roots: Sequence[Path],
                  files: Mapping[Path, bytes]) -> tuple[str, str] | None:
    """(the URL resolved, why) of the first URL in `html` that a render against `base` may not read."""
    against = base_url(base)
    for url in urls_in_html(html):
        if not url or url.startswith("#"):
            continue
        resolved = urljoin(against, url)
        reason = refusal(resolved, roots, files)
        if reason is not None:
            return resolved, reason  # as WeasyPrint asks for it, so the build's message is the same
    return None


def refused_message(url: str, reason: str) -> str:
    """What a build and `check` say of a URL of the layout's that a render may not read. The source's own
    pictures and links are checked at their lines before (`resources`): what asks here is the layout (a
    `url()` of its stylesheet, a template's <img>) or a cover template."""
    return (f"the layout (its stylesheet or a template) or a cover asks for {url}, which a build may not "
            f"read: {reason} (a layout may use only its own folder's files, named relative to it, the "
            "project's fonts/ and the source's folder)")
