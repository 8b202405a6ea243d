"""The print PDF as page images for the preview: one PNG per page at screen resolution, and its digest.

PDFium (pypdfium2) rasterises; Pillow writes the PNG. In a child process bounded in memory and time
(`bounded.run_bounded`): the PDF holds the source's cover PDFs, untrusted, and PDFium expands what a page
draws while it loads it, where no check of ours runs. A page's digest is that of its pixels, so two
builds' digests say which pages changed; a page whose pixels the previous build had already keeps that
build's PNG, as encoding costs about as much as rendering and an edit changes a few pages of many.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium

from reportpress.bounded import Overrun, run_bounded
from reportpress.errors import RenderError

SCREEN_DPI = 96  # CSS pixels: the page is shown at its printed size on a normal screen
MAX_PAGES = 2000  # a preview of more pages would hold too many images in memory
RENDER_MEMORY = 2 * 1024 * 1024 * 1024  # a page at 96 dpi is a 3.6 MB bitmap; the PNGs of 400 pages ~60 MB
RENDER_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class PageImage:
    png: bytes
    width: int  # pixels
    height: int
    digest: str  # of the pixels: equal digests, equal pages


def render_pages(pdf: bytes, dpi: int = SCREEN_DPI, previous: tuple[PageImage, ...] = ()) -> tuple[PageImage, ...]:
    """Every page of `pdf` as a PNG at `dpi` (reusing the PNGs of `previous` whose pixels recur); a PDF
    PDFium cannot open, or not within RENDER_MEMORY and RENDER_SECONDS, is a `RenderError`."""
    try:
        return run_bounded(_render_pages, pdf, dpi, previous, memory=RENDER_MEMORY, seconds=RENDER_SECONDS)
    except Overrun as exc:
        raise RenderError(f"the preview cannot show the PDF just built: {exc.reason} to draw its pages "
                          "(a cover PDF that draws too much? the PDF itself was written)") from None


def _render_pages(pdf: bytes, dpi: int, previous: tuple[PageImage, ...]) -> tuple[PageImage, ...]:
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise RenderError(f"the preview cannot open the PDF just built: {exc}") from exc
    try:
        if len(document) > MAX_PAGES:
            raise RenderError(f"{len(document)} pages: the preview shows at most {MAX_PAGES}")
        known = {page.digest: page for page in previous}
        return tuple(_render(document[index], dpi, known) for index in range(len(document)))
    finally:
        document.close()


def _render(page: pdfium.PdfPage, dpi: int, known: dict[str, PageImage]) -> PageImage:
    try:
        bitmap = page.render(scale=dpi / 72)
        picture = bitmap.to_pil()
    finally:
        page.close()
    pixels = hashlib.sha256(f"{picture.mode} {picture.width}x{picture.height}".encode())
    pixels.update(picture.tobytes())
    digest = pixels.hexdigest()[:16]
    if digest in known:
        return known[digest]
    out = BytesIO()
    picture.save(out, format="PNG", compress_level=1)  # fast: the PNG goes to a browser on this machine
    return PageImage(png=out.getvalue(), width=picture.width, height=picture.height, digest=digest)


def first_changed(before: tuple[PageImage, ...], after: tuple[PageImage, ...]) -> int | None:
    """The 1-based number of the first page of `after` that differs from `before`'s page of that number.

    None when nothing changed. When pages were only taken off the end, the last page is the place to look.
    """
    for number, page in enumerate(after, start=1):
        if number > len(before) or before[number - 1].digest != page.digest:
            return number
    if len(after) < len(before):
        return len(after) or None
    return None
