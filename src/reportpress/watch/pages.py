"""The print PDF as page images for the preview: one PNG per page at screen resolution, and its digest.

PDFium (pypdfium2) rasterises; Pillow writes the PNG. The same PDF gives the same PNG bytes, so two
builds' digests say which pages changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium

from reportpress.errors import RenderError

SCREEN_DPI = 96  # CSS pixels: the page is shown at its printed size on a normal screen
MAX_PAGES = 2000  # a preview of more pages would hold too many images in memory


@dataclass(frozen=True, slots=True)
class PageImage:
    png: bytes
    width: int  # pixels
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.png).hexdigest()[:16]


def render_pages(pdf: bytes, dpi: int = SCREEN_DPI) -> tuple[PageImage, ...]:
    """Every page of `pdf` as a PNG at `dpi`; a PDF PDFium cannot open is a `RenderError`."""
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise RenderError(f"the preview cannot open the PDF just built: {exc}") from exc
    try:
        if len(document) > MAX_PAGES:
            raise RenderError(f"{len(document)} pages: the preview shows at most {MAX_PAGES}")
        return tuple(_render(document[index], dpi) for index in range(len(document)))
    finally:
        document.close()


def _render(page: pdfium.PdfPage, dpi: int) -> PageImage:
    try:
        bitmap = page.render(scale=dpi / 72)
        picture = bitmap.to_pil()
    finally:
        page.close()
    out = BytesIO()
    picture.save(out, format="PNG", compress_level=1)  # fast: the PNG goes to a browser on this machine
    return PageImage(png=out.getvalue(), width=picture.width, height=picture.height)


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
