"""The print PDF through WeasyPrint, confined to the files a build may read: `write_pdf` is the entry.

`write_pdf` renders the body (the HTML writer's page, after the typesetting pass) and the template
covers (`writers/covers.py`) as WeasyPrint documents, puts their pages — and the blank versos a duplex
layout needs (`merge.plan_pages`) — in one document and writes it once: each font is embedded once,
and the page labels, the information dictionary and the PDF/A fixes (`archive.pdfa_finisher`) are set
on WeasyPrint's PDF objects before the file is written, so the PDF is never parsed again. Only a
designer's cover PDF (`cover: file.pdf`) needs the pypdf merge (`merge.merge_pdf`) and, for PDF/A,
the fixes on the merged file (`archive.make_pdfa`).

WeasyPrint's URL fetcher is replaced by `ConfinedFetcher`: the document's images come from the bytes
`resources.check_images` read once (never from the disk again, so a file swapped after the check is
not what gets embedded), `data:` URLs and files inside the allowed folders (the layout, the font
folders) are read; any other file, and every network URL, stops the build with a `RenderError` naming
the URL. WeasyPrint's own warnings (a CSS property it ignores, a font it cannot load) are collected and
reported as ours.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.pdf import VARIANTS
from weasyprint.text.ffi import harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from reportpress.dates import build_datetime
from reportpress.errors import RenderError
from reportpress.resources import inside
from reportpress.typeset.weasy import inter_character_justification
from reportpress.writers.merge import PagePlan, PdfInfo, label_pages, plan_pages

if TYPE_CHECKING:
    from reportpress.layouts import Layout
    from reportpress.model import Document
    from reportpress.writers.covers import CoverSpec

logger = logging.getLogger(__name__)

PDF_VARIANTS: tuple[str, ...] = tuple(VARIANTS)  # pdf/a-1b …, pdf/ua-1 …, pdf/x-4 …
WEASYPRINT_VERSION: str = weasyprint.__version__


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
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise ForbiddenURLError(url, "reportpress never reads the network while building")
        requested = Path(os.path.normpath(url2pathname(unquote(parts.path))))
        if requested in self.files:
            # Not a file: URL, so that WeasyPrint keeps these bytes rather than reading the path again
            # when it writes the PDF (its LazyLocalImage does that for local files).
            return URLFetcherResponse(f"reportpress-memory:{parts.path}", self.files[requested])
        path = requested.resolve()
        if not inside(path, self.roots):
            raise ForbiddenURLError(url, "outside the source's folder, the layout and the font folders")
        if not path.is_file():
            raise ForbiddenURLError(url, "no such file")
        return super().fetch(path.as_uri(), headers)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _weasyprint_warnings() -> Iterator[_Collect]:
    """Collect WeasyPrint's warnings for the duration of one render, instead of printing them."""
    weasy_logger = logging.getLogger("weasyprint")
    handler = _Collect()
    weasy_logger.addHandler(handler)
    propagate = weasy_logger.propagate
    weasy_logger.propagate = False
    try:
        yield handler
    finally:
        weasy_logger.removeHandler(handler)
        weasy_logger.propagate = propagate


def fast_subsetting_available() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (libharfbuzz-subset0) rather than fontTools."""
    return harfbuzz_subset is not None


def _fetcher(base: Path, roots: Sequence[Path], files: Mapping[str, bytes] | None) -> ConfinedFetcher:
    """The fetcher of a render whose relative URLs resolve against `base` (see `render_pdf`)."""
    if files is None:
        return ConfinedFetcher([base, *roots])
    folder = base.resolve()
    return ConfinedFetcher(roots, {Path(os.path.normpath(folder / name)): data for name, data in files.items()})


@contextlib.contextmanager
def _weasyprint_run() -> Iterator[None]:
    """One WeasyPrint run: its warnings reported as ours once it is over, its failures as `RenderError`;
    justified lines are justified between characters too (`typeset/weasy.py`)."""
    with _weasyprint_warnings() as collected, inter_character_justification():
        try:
            yield
        except ForbiddenURLError as exc:
            raise RenderError(f"the document asks for {exc.url}, which a build may not read: {exc.reason}"
                              ) from None
        except FatalURLFetchingError as exc:
            raise RenderError(f"cannot read a resource: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise RenderError(f"WeasyPrint failed: {exc}") from exc
    for message in collected.messages:
        logger.warning("WeasyPrint: %s", message)


def _render(html: str, base: Path, fetcher: ConfinedFetcher, stylesheets: Sequence[str],
            options: Mapping[str, object]) -> Any:
    """`html` laid out and paginated (a `weasyprint.Document`), not written yet."""
    # one FontConfiguration for the document and the extra sheets, so their @font-face rules count
    font_config = FontConfiguration()
    extra = [weasyprint.CSS(string=css, url_fetcher=fetcher, font_config=font_config) for css in stylesheets if css]
    page = weasyprint.HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher)
    return page.render(font_config=font_config, stylesheets=extra, **options)


def render_pdf(html: str, *, base: Path, roots: Sequence[Path], options: dict[str, object] | None = None,
               stylesheets: Sequence[str] = (), files: Mapping[str, bytes] | None = None) -> bytes:
    """Render `html` (whose relative URLs resolve against folder `base`) to PDF bytes, on its own.

    `files`, when given, are the only files of `base` the render may have, by path relative to it
    (the images `check_images` read); without it, `base` is readable like the `roots`.
    `stylesheets` are CSS strings applied after the document's own (the typesetting pass's classes).
    """
    with _weasyprint_run():
        data = _render(html, base, _fetcher(base, roots, files), stylesheets, options or {}
                       ).write_pdf(**(options or {}))
    if not isinstance(data, bytes):
        raise RenderError("WeasyPrint returned no PDF")
    return data


def write_pdf(document: Document, layout: Layout, *, source: Path, covers: Sequence[CoverSpec],
              images: Mapping[str, bytes], fonts_dirs: Sequence[Path], info: PdfInfo,
              variant: str | None = None, attachments: Sequence[Attachment] = ()) -> bytes:
    """The whole print PDF of `document` — covers, body, blank versos, page labels, metadata, PDF/A fixes.

    `covers` are the resolved covers, a PDF cover with its bytes (read and checked once by the build);
    `images` the bytes of the source's images by path relative to `source`'s folder (nothing else of that
    folder is read); `fonts_dirs` the font folders (`fonts.fonts_dirs`) the body's `@font-face` rules
    come from; `info` the information dictionary; `attachments` go into a `pdf/a-3b` file.
    """
    from reportpress.fonts import font_face_css
    from reportpress.typeset import TYPESET_CSS, typeset_html
    from reportpress.writers.covers import cover_html, starts_on_recto
    from reportpress.writers.html import write_html

    if not fast_subsetting_available():
        logger.warning("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to "
                       "fontTools, which makes writing a PDF with CJK fonts about 47× slower")
    moment = build_datetime(document.meta.date)
    options = pdf_options(variant, attachments, moment)
    duplex = starts_on_recto(document.meta, layout)
    html = typeset_html(write_html(document, layout), layout.typesetting)
    roots = [layout.folder, *fonts_dirs]
    designed = any(spec.kind == "pdf" for spec in covers)
    with _weasyprint_run():
        body = _render(html, source.parent, _fetcher(source.parent, roots, images),
                       [font_face_css(fonts_dirs), TYPESET_CSS], options)
        if designed:  # a designer's cover PDF: the pages cannot join WeasyPrint's, the files are merged
            data = body.write_pdf(**options)
        else:
            # covers rendered on their own, as they always were (their CSS is a page of its own, not
            # the body's), with the body's variant but not its attachments
            cover_options = pdf_options(variant, (), moment)
            front = [_render(cover_html(spec, document.meta, layout), layout.folder, _fetcher(layout.folder, [], None),
                             (), cover_options).pages for spec in covers if spec.side == "front"]
            back = [_render(cover_html(spec, document.meta, layout), layout.folder, _fetcher(layout.folder, [], None),
                            (), cover_options).pages for spec in covers if spec.side == "back"]
            plan = plan_pages([len(pages) for pages in front], len(body.pages), [len(pages) for pages in back],
                              duplex)
            blank = _blank_pages(layout, plan)
            pages = [page for cover in front for page in cover]
            pages += blank[:plan.blank_after_front] + body.pages + blank[plan.blank_after_front:]
            pages += [page for cover in back for page in cover]
            data = body.copy(pages).write_pdf(finisher=_finisher(plan, variant, info, moment), **options)
    if not isinstance(data, bytes):
        raise RenderError("WeasyPrint returned no PDF")
    if designed:
        return _merge_designed(data, covers, document, layout, info, variant, moment, duplex)
    return data


def _blank_pages(layout: Layout, plan: PagePlan) -> list[Any]:
    """The blank pages `plan` asks for, of the layout's page size."""
    count = plan.blank_after_front + plan.blank_before_back
    return [_blank_page(layout.page.width.css(), layout.page.height.css())] * count if count else []


@functools.lru_cache(maxsize=8)
def _blank_page(width: str, height: str) -> Any:
    """A WeasyPrint page of that size with nothing on it; laid out once per process (pages are only read
    when a document is written)."""
    html = f"<!DOCTYPE html><html><head><style>@page {{ size: {width} {height}; margin: 0 }}</style></head></html>"
    return _render(html, Path("/"), ConfinedFetcher([]), (), {}).pages[0]


def _finisher(plan: PagePlan, variant: str | None, info: PdfInfo, moment: dt.datetime
              ) -> Callable[[Any, Any], None]:
    """What is set on WeasyPrint's PDF objects before it writes the file: page labels, the information
    dictionary (ours, not WeasyPrint's), the PDF/A fixes."""
    from reportpress.writers.archive import pdfa_finisher

    archival = pdfa_finisher(variant, info, moment) if variant else None

    def finish(document: Any, pdf: Any) -> None:
        import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, loaded with it

        label_pages(pdf, plan)
        pdf.info.clear()
        for key, value in info.as_pdf().items():
            pdf.info[key.removeprefix("/")] = pydyf.String(value)
        if archival is not None:
            archival(document, pdf)

    return finish


def _merge_designed(body: bytes, covers: Sequence[CoverSpec], document: Document, layout: Layout, info: PdfInfo,
                    variant: str | None, moment: dt.datetime, duplex: bool) -> bytes:
    """The body merged with covers of which one at least is a designer's PDF (template ones rendered)."""
    from reportpress.writers.archive import make_pdfa, pdfa_part
    from reportpress.writers.covers import render_covers
    from reportpress.writers.merge import merge_pdf

    front, back = render_covers(covers, document.meta, layout, pdf_options(variant, (), moment))
    merged = merge_pdf(body, front=front, back=back, duplex=duplex, info=info).data
    if variant and pdfa_part(variant):
        merged = make_pdfa(merged, variant, info, moment)
    return merged


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file a `pdf/a-3b` PDF carries, with its relationship to the PDF (ISO 32000-2 §7.11.3)."""

    name: str
    data: bytes
    relationship: str


def pdf_options(variant: str | None, attachments: Sequence[Attachment], moment: dt.datetime
                ) -> dict[str, object]:
    """WeasyPrint's options for a variant and its attachments."""
    options: dict[str, object] = {}
    if variant:
        options["pdf_variant"] = variant
    if attachments:
        # dated like the build, not "now": the same source must give the same bytes
        options["attachments"] = [weasyprint.Attachment(file_obj=BytesIO(item.data), name=item.name,
                                                        created=moment, modified=moment,
                                                        relationship=item.relationship)
                                  for item in attachments]
    return options
