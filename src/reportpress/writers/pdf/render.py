"""WeasyPrint runs, confined to the files a build may read (loaded only when a PDF is made).

WeasyPrint's URL fetcher is replaced by `ConfinedFetcher`: the document's images come from the bytes
`resources.check_images` read once (never from the disk again, so a file swapped after the check is
not what gets embedded), `data:` URLs and files inside the allowed folders (the layout, the font
folders) are read; any other file, and every network URL, stops the build with a `RenderError` naming
the URL. WeasyPrint's own warnings (a CSS property it ignores, a font it cannot load) are collected and
reported as ours. Justified lines are justified between characters too (`typeset/weasy.py`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import reportpress.native  # noqa: F401  (before WeasyPrint: its C libraries found without a compiler)

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from reportpress.errors import RenderError
from reportpress.logcollect import WarningCollector
from reportpress.typeset.weasy import inter_character_justification
from reportpress.urls import base_url, file_path, refusal, refused_message, served

logger = logging.getLogger("reportpress.writers.pdf")  # the PDF writer's messages, wherever they come from


class ForbiddenURLError(FatalURLFetchingError):  # type: ignore[misc]
    """A URL outside what the build may read; BaseException-derived so WeasyPrint cannot swallow it."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that serves `files` from memory and reads only `data:` URLs and files
    under `roots`; `files` maps absolute, normalised paths to their bytes."""

    def __init__(self, roots: Sequence[Path], files: Mapping[Path, bytes] | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.files = dict(files or {})

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        reason = refusal(url, self.roots, self.files)  # the rule `reportpress check` applies too
        if reason is not None:
            raise ForbiddenURLError(url, reason)
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        requested = file_path(url)
        if requested in self.files:
            # Not a file: URL, so that WeasyPrint keeps these bytes rather than reading the path again
            # when it writes the PDF (its LazyLocalImage does that for local files).
            return URLFetcherResponse(f"reportpress-memory:{urlsplit(url).path}", self.files[requested])
        return super().fetch(requested.resolve().as_uri(), headers)


@contextlib.contextmanager
def _weasyprint_warnings() -> Iterator[WarningCollector]:
    """Collect WeasyPrint's warnings for the duration of one render, instead of printing them."""
    weasy_logger = logging.getLogger("weasyprint")
    handler = WarningCollector()
    weasy_logger.addHandler(handler)
    propagate = weasy_logger.propagate
    weasy_logger.propagate = False
    try:
        yield handler
    finally:
        weasy_logger.removeHandler(handler)
        weasy_logger.propagate = propagate


def fetcher(base: Path, roots: Sequence[Path], files: Mapping[str, bytes] | None) -> ConfinedFetcher:
    """The fetcher of a render whose relative URLs resolve against `base` (see `render_pdf`): with
    `files`, those (by path relative to `base`) come from memory and nothing else of `base` is read."""
    if files is None:
        return ConfinedFetcher([base, *roots])
    return ConfinedFetcher(roots, served(base, files))


@contextlib.contextmanager
def weasyprint_run() -> Iterator[None]:
    """One WeasyPrint run: its warnings reported as ours once it is over, its failures as `RenderError`;
    justified lines are justified between characters too (`typeset/weasy.py`)."""
    with _weasyprint_warnings() as collected, inter_character_justification():
        try:
            yield
        except ForbiddenURLError as exc:
            raise RenderError(refused_message(exc.url, exc.reason)) from None
        except FatalURLFetchingError as exc:
            raise RenderError(f"cannot read a resource: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise RenderError(f"WeasyPrint failed: {exc}") from exc
    for message in collected.messages:
        logger.warning("WeasyPrint: %s", message)


def render(html: str, base: Path, url_fetcher: ConfinedFetcher, stylesheets: Sequence[str],
            options: Mapping[str, object]) -> Any:
    """`html` laid out and paginated (a `weasyprint.Document`), not written yet."""
    # one FontConfiguration for the document and the extra sheets, so their @font-face rules count
    font_config = FontConfiguration()
    extra = [weasyprint.CSS(string=css, url_fetcher=url_fetcher, font_config=font_config) for css in stylesheets if css]
    page = weasyprint.HTML(string=html, base_url=base_url(base), url_fetcher=url_fetcher)
    return page.render(font_config=font_config, stylesheets=extra, **options)


def render_pdf(html: str, *, base: Path, roots: Sequence[Path], options: dict[str, object] | None = None,
               stylesheets: Sequence[str] = (), files: Mapping[str, bytes] | None = None) -> bytes:
    """Render `html` (whose relative URLs resolve against folder `base`) to PDF bytes, on its own.

    `files`, when given, are the only files of `base` the render may have, by path relative to it
    (the images `check_images` read); without it, `base` is readable like the `roots`.
    `stylesheets` are CSS strings applied after the document's own (the typesetting pass's classes).
    """
    with weasyprint_run():
        data = render(html, base, fetcher(base, roots, files), stylesheets, options or {}
                       ).write_pdf(**(options or {}))
    if not isinstance(data, bytes):
        raise RenderError("WeasyPrint returned no PDF")
    return data


@functools.lru_cache(maxsize=8)
def blank_page(width: str, height: str) -> Any:
    """A WeasyPrint page of that size with nothing on it; laid out once per process (pages are only read
    when a document is written)."""
    html = f"<!DOCTYPE html><html><head><style>@page {{ size: {width} {height}; margin: 0 }}</style></head></html>"
    return render(html, Path("/"), ConfinedFetcher([]), (), {}).pages[0]
