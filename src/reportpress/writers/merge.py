"""Covers + body → one PDF with pypdf: page labels, blank versos for duplex, the body's outline and
links kept, metadata set once.

The body is cloned, so its catalog — outline, named destinations (the endnote links), language,
output intent and XMP of a PDF/A body — stays as WeasyPrint wrote it; cover pages are inserted around
it. Outline entries and named destinations point at page objects, not numbers, so they still land on
the right pages after the insertion.

Page labels make a viewer's page numbers match the printed folios: covers (and their blank versos)
are numbered i, ii, … and the body 1, 2, … like its folios.

`duplex` (`covers.starts_on_recto`: a mirrored layout, or `duplex: true`): the body's page 1 is laid out
as a recto, so it must be an odd PDF page whatever number of cover pages comes before it (none, a
template's one, a designer's several): a blank verso follows an odd count. A back cover is then the
back of the last leaf: a blank page before it when the count would leave it on a recto.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO

import pypdf
from pypdf.constants import PageLabelStyle
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject, TextStringObject

from reportpress.errors import RenderError


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """The document information dictionary, written once for the whole file (and mirrored in XMP)."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    date: str  # PDF date string, D:YYYYMMDDHHmmSS+00'00'

    def as_pdf(self) -> dict[str, str]:
        entries = {"/Title": self.title, "/Author": self.author, "/Subject": self.subject,
                   "/Keywords": self.keywords, "/Creator": self.creator, "/Producer": self.producer,
                   "/CreationDate": self.date, "/ModDate": self.date}
        return {key: value for key, value in entries.items() if value}


@dataclass(frozen=True, slots=True)
class MergeResult:
    data: bytes
    body_start: int  # 0-based index of the body's first page
    page_count: int


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's own log lines (`EOF marker not found` …) off the user's terminal: what matters
    reaches them as our error, raised from pypdf's exception."""
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        pypdf_logger.setLevel(level)


def _page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(BytesIO(data)).pages)


def merge_pdf(body: bytes, *, front: Sequence[bytes] = (), back: Sequence[bytes] = (), duplex: bool = False,
              info: PdfInfo) -> MergeResult:
    """Put `front` covers before and `back` covers after `body`, label the pages, set the metadata; with
    `duplex`, blank pages keep the body on a recto and the back cover on the last verso."""
    try:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(BytesIO(body)))
        first_body_page = writer.pages[0]
        width, height = float(first_body_page.mediabox.width), float(first_body_page.mediabox.height)
        position = 0
        for cover in front:
            writer.merge(position, BytesIO(cover), import_outline=False)
            position += _page_count(cover)
        if duplex and position % 2:
            # the body must start on a right-hand (odd) page: a blank verso behind the cover
            writer.insert_blank_page(width, height, position)
            position += 1
        body_start = position
        body_end = body_start + _page_count(body)  # exclusive
        if back:
            back_pages = sum(_page_count(cover) for cover in back)
            if duplex and (body_end + back_pages) % 2:
                # the back cover must be the last verso: a blank page before it
                writer.insert_blank_page(width, height, body_end)
            for cover in back:
                writer.merge(len(writer.pages), BytesIO(cover), import_outline=False)
        total = len(writer.pages)
        if body_start:
            writer.set_page_label(0, body_start - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
        writer.set_page_label(body_start, body_end - 1, style=PageLabelStyle.DECIMAL, start=1)
        if body_end < total:
            writer.set_page_label(body_end, total - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=body_start + 1)
        _set_info(writer, info)
        output = BytesIO()
        writer.write(output)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise RenderError(f"merging the covers and the body failed: {exc}") from exc
    return MergeResult(data=output.getvalue(), body_start=body_start, page_count=total)


def _set_info(writer: pypdf.PdfWriter, info: PdfInfo) -> None:
    """Replace the information dictionary: pypdf would otherwise leave its own /Producer in it."""
    writer.metadata = None  # dropped first, so no entry of a cover or of pypdf survives
    writer.add_metadata({NameObject(key): TextStringObject(value) for key, value in info.as_pdf().items()})
