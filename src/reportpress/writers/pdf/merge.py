"""Where each page of the print PDF goes — covers, blank versos, body — and its page label; and, for
covers that are PDF files, the pypdf merge that puts them around the body.

`plan_pages` is the one rule, used by both ways of making the file: `writers/pdf.write_pdf` lays template
covers, blank pages and the body out in one WeasyPrint document and labels them with `label_pages`
while WeasyPrint writes it (no second parse); a designer's cover PDF must be merged, by `merge_pdf`.

Page labels make a viewer's page numbers match the printed folios: covers (and their blank versos)
are numbered i, ii, … and the body 1, 2, … like its folios.

`duplex` (`covers.starts_on_recto`: a mirrored layout, or `duplex: true`): the body's page 1 is laid out
as a recto, so it must be an odd PDF page whatever number of cover pages comes before it (none, a
template's one, a designer's several): a blank verso follows an odd count. A back cover is then the
back of the last leaf: a blank page before it when the count would leave it on a recto.

The merge clones the body, so its catalog — outline, named destinations (the endnote links),
language, output intent and XMP of a PDF/A body — stays as WeasyPrint wrote it; cover pages are
inserted around it. Outline entries and named destinations point at page objects, not numbers, so they
still land on the right pages after the insertion. pypdf is imported only on that path.

A cover PDF is untrusted: only what draws its pages is merged (`drawn_cover`, by the allowlist of
`drawn.py`) — no link, action, script, embedded file or form of it reaches the output — and at most
`MAX_COVER_PAGES` of them. The build makes that copy once (`covers.check_pdf_cover`) and hands it to
the PDF/A check and to the merge.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal

from reportpress.errors import CoverError, RenderError
from reportpress.logcollect import quiet_libraries
from reportpress.writers.pdf.drawn import CoverRefused, DrawnCopy, copy_pages


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
class PagePlan:
    """Where the parts of the print PDF go, as 0-based page indexes."""

    front_pages: int  # the front covers' pages
    blank_after_front: bool  # a blank verso behind the front covers, so the body opens on a recto
    body_start: int
    body_end: int  # exclusive
    blank_before_back: bool  # a blank page before the back covers, so they end on a verso
    total: int


def plan_pages(front: Sequence[int], body: int, back: Sequence[int], duplex: bool) -> PagePlan:
    """The plan for front covers of `front` pages each, a body of `body` pages and back covers of `back`."""
    front_pages = sum(front)
    blank_after_front = duplex and front_pages % 2 == 1
    body_start = front_pages + blank_after_front
    body_end = body_start + body
    back_pages = sum(back)
    blank_before_back = bool(back_pages) and duplex and (body_end + back_pages) % 2 == 1
    return PagePlan(front_pages=front_pages, blank_after_front=blank_after_front, body_start=body_start,
                    body_end=body_end, blank_before_back=blank_before_back,
                    total=body_end + blank_before_back + back_pages)


LabelStyle = Literal["roman", "decimal"]


def label_ranges(plan: PagePlan) -> list[tuple[int, LabelStyle, int]]:
    """(first page index, style, number of that page) of each labelled range: covers i, ii …, the body
    1, 2 …, the pages after the body going on with the covers' numbers."""
    ranges: list[tuple[int, LabelStyle, int]] = []
    if plan.body_start:
        ranges.append((0, "roman", 1))
    ranges.append((plan.body_start, "decimal", 1))
    if plan.body_end < plan.total:
        ranges.append((plan.body_end, "roman", plan.body_start + 1))
    return ranges


def label_pages(pdf: Any, plan: PagePlan) -> None:
    """Write the `/PageLabels` number tree of `plan` into a pydyf PDF that WeasyPrint is writing."""
    import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, loaded with it

    numbers = pydyf.Array()
    for start, style, first in label_ranges(plan):
        numbers.extend([start, pydyf.Dictionary({"S": "/r" if style == "roman" else "/D", "St": first})])
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})


@dataclass(frozen=True, slots=True)
class MergeResult:
    data: bytes
    body_start: int  # 0-based index of the body's first page
    page_count: int


MAX_COVER_PAGES = 4  # front, inside front, … : a cover PDF of thousands of pages took minutes to merge
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


class _CoverReader:
    """Builds the pypdf reader class that refuses an encrypted file before it tries to decrypt it
    (AES needs a package reportpress does not ship: pypdf raised DependencyError, a traceback)."""

    @staticmethod
    def open(data: bytes) -> Any:
        import pypdf

        class Reader(pypdf.PdfReader):
            def _handle_encryption(self, password: str | bytes | None) -> None:
                raise CoverRefused("it is encrypted; export it without a password or any protection")

        quiet_libraries()  # pypdf's own lines (`EOF marker not found` …) never reach the terminal
        return Reader(BytesIO(data), strict=False)


def _resolved(value: Any) -> Any:
    """`value` resolved (an indirect reference read), or None when there is none."""
    return value.get_object() if value is not None else None


def _dictionary(value: Any) -> Any:
    """`value` resolved, when it is a dictionary; else None (a missing object reads as null)."""
    from pypdf.generic import DictionaryObject

    resolved = _resolved(value)
    return resolved if isinstance(resolved, DictionaryObject) else None


_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def _drop_malformed(page: Any) -> None:
    """Take out what a page keeps but cannot use: a box that is not four finite numbers (a page with no
    usable `/MediaBox` is refused), `/Contents` that are no stream or array of streams (the page then
    draws nothing), a `/Group` that is no dictionary — each read as what it resolves to."""
    import math

    from pypdf.generic import ArrayObject, FloatObject, NumberObject, StreamObject

    for key in _BOXES:
        box = _resolved(page.get(key))
        sides = [side.get_object() for side in box] if isinstance(box, ArrayObject) else []
        numbers = len(sides) == 4 and all(
            isinstance(side, FloatObject | NumberObject) and math.isfinite(float(side)) for side in sides)
        if not numbers:
            if key == "/MediaBox":
                raise CoverRefused("a page has no page size (no /MediaBox of four numbers)")
            page.pop(key, None)
    contents = _resolved(page.get("/Contents"))
    streams = isinstance(contents, StreamObject) or (
        isinstance(contents, ArrayObject) and all(isinstance(part.get_object(), StreamObject) for part in contents))
    if not streams:
        page.pop("/Contents", None)
    if _dictionary(page.get("/Group")) is None:
        page.pop("/Group", None)


_BLENDS_WITHOUT_TRANSPARENCY = ("/Normal", "/Compatible")


def archival_problems(value: Any) -> Iterator[str]:
    """What in the dictionary `value` (a copy `drawn.copy_pages` made) PDF/A-1 forbids and reportpress cannot
    mend: transparency (a soft mask, an opacity below 1, a blend mode, a transparency group), a font not
    embedded. (What draws from another file is never copied: `drawn.EXTERNAL` says it.) Said as the user's
    fix needs."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject, StreamObject

    def resolved(key: str) -> Any:
        return _resolved(value.get(key))

    mask = resolved("/SMask")
    if mask is not None and mask != "/None":
        yield "transparency (a soft mask)"
    for key in ("/CA", "/ca"):
        alpha = resolved(key)
        if isinstance(alpha, FloatObject | NumberObject) and float(alpha) < 1:
            yield f"transparency (an opacity {key} of {float(alpha):g})"
    blend = resolved("/BM")
    modes = [item.get_object() for item in blend] if isinstance(blend, ArrayObject) else [blend]
    if blend is not None and any(mode not in _BLENDS_WITHOUT_TRANSPARENCY for mode in modes):
        yield "transparency (a blend mode)"
    group = _dictionary(value.get("/Group"))
    if group is not None and group.get("/S") == "/Transparency":
        yield "transparency (a transparency group)"
    subtype = resolved("/Subtype")
    if resolved("/Type") == "/Font" and subtype not in ("/Type0", "/Type3"):
        descriptor = _dictionary(value.get("/FontDescriptor"))
        if descriptor is None or not any(isinstance(_resolved(descriptor.get(key)), StreamObject)
                                         for key in _FONT_FILES):
            name = resolved("/BaseFont")
            yield f"a font not embedded ({str(name)[1:60] if isinstance(name, NameObject) else 'unnamed'})"


def archival_cover_problems(cover: bytes | DrawnCopy) -> list[str]:
    """What PDF/A-1 forbids in what a cover's pages draw with (`archival_problems`, and what would draw from
    another file), each said once, in the order found."""
    return list((cover if isinstance(cover, DrawnCopy) else drawn_cover(cover)).archival)


def drawn_cover(data: bytes, max_pages: int = MAX_COVER_PAGES) -> DrawnCopy:
    """A cover PDF read once and rewritten with only what draws its pages (`drawn.copy_pages`: an allowlist
    per kind of object), with its pages' boxes and what PDF/A-1 would refuse in it. The catalog is a new
    one, so no name tree, `/OpenAction`, `/AcroForm`, `/OCProperties` or outline of the cover is carried.

    CoverRefused when the file is encrypted, has no page or more than `max_pages`, a page has no usable
    `/MediaBox` or is turned by other than a multiple of 90°, or its objects nest past `drawn.MAX_DEPTH`;
    pypdf's own exceptions (any kind: a damaged file) pass through.
    """
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    reader = _CoverReader.open(data)
    root = _dictionary(reader.trailer.get("/Root"))
    tree = _dictionary(root.get("/Pages")) if root is not None else None
    claimed = tree.get("/Count") if tree is not None else None
    if isinstance(claimed, int) and claimed > max_pages:  # before the page tree is walked
        raise CoverRefused(f"it has {claimed} pages, a cover at most {max_pages}")
    count = len(reader.pages)
    if count == 0:
        raise CoverRefused("it has no page")
    if count > max_pages:
        raise CoverRefused(f"it has {count} pages, a cover at most {max_pages}")
    pages = []
    for page in reader.pages:
        if _dictionary(page.get("/Resources")) is None:
            page[NameObject("/Resources")] = DictionaryObject()
        rotate = _resolved(page.get("/Rotate"))
        rotate = 0 if rotate is None else rotate
        if not isinstance(rotate, int) or rotate % 90:
            raise CoverRefused(f"a page is turned by {rotate!s:.20}, not a multiple of 90°")
        page[NameObject("/Rotate")] = NumberObject(rotate % 360)
        _drop_malformed(page)
        pages.append(page)
    writer, boxes, archival = copy_pages(pages, reader.pdf_header, archival_problems)
    output = BytesIO()
    writer.write(output)
    return DrawnCopy(data=output.getvalue(), pages=tuple(boxes), archival=tuple(archival))


def merge_pdf(body: bytes, *, front: Sequence[bytes | DrawnCopy] = (), back: Sequence[bytes | DrawnCopy] = (),
              duplex: bool = False, info: PdfInfo) -> MergeResult:
    """Put `front` covers before and `back` covers after `body`, label the pages, set the metadata; with
    `duplex`, blank pages keep the body on a recto and the back cover on the last verso.

    A cover is its `drawn_cover` copy (a cover PDF's, made once by the build's check), or bytes that are
    copied so here (a template cover WeasyPrint rendered alone)."""
    import pypdf
    from pypdf.constants import PageLabelStyle
    from pypdf.errors import PyPdfError

    styles = {"roman": PageLabelStyle.LOWERCASE_ROMAN, "decimal": PageLabelStyle.DECIMAL}
    try:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(BytesIO(body)))
        first_body_page = writer.pages[0]
        width, height = float(first_body_page.mediabox.width), float(first_body_page.mediabox.height)
        fronts = [_drawn(cover) for cover in front]
        backs = [_drawn(cover) for cover in back]
        front_counts = [len(cover.pages) for cover in fronts]
        plan = plan_pages(front_counts, len(writer.pages), [len(cover.pages) for cover in backs], duplex)
        position = 0
        for cover, count in zip(fronts, front_counts, strict=True):
            writer.merge(position, BytesIO(cover.data), import_outline=False)
            position += count
        if plan.blank_after_front:  # the body must start on a right-hand (odd) page: a blank verso
            writer.insert_blank_page(width, height, plan.front_pages)
        if plan.blank_before_back:  # the back cover must be the last verso: a blank page before it
            writer.insert_blank_page(width, height, plan.body_end)
        for cover in backs:
            writer.merge(len(writer.pages), BytesIO(cover.data), import_outline=False)
        ranges = label_ranges(plan)
        for number, (start, style, first) in enumerate(ranges):
            end = ranges[number + 1][0] - 1 if number + 1 < len(ranges) else plan.total - 1
            writer.set_page_label(start, end, style=styles[style], start=first)
        _set_info(writer, info)
        output = BytesIO()
        writer.write(output)
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise RenderError(f"merging the covers and the body failed: {exc}") from exc
    return MergeResult(data=output.getvalue(), body_start=plan.body_start, page_count=plan.total)


def _drawn(cover: bytes | DrawnCopy) -> DrawnCopy:
    return cover if isinstance(cover, DrawnCopy) else drawn_cover(cover)


def _set_info(writer: Any, info: PdfInfo) -> None:
    """Replace the information dictionary: pypdf would otherwise leave its own /Producer in it."""
    from pypdf.generic import NameObject, TextStringObject

    writer.metadata = None  # dropped first, so no entry of a cover or of pypdf survives
    writer.add_metadata({NameObject(key): TextStringObject(value) for key, value in info.as_pdf().items()})


def refuse_archival_cover(data: bytes | DrawnCopy, where: str, variant: str) -> None:
    """A CoverError, for the cover `where` names (its path and side), when a `variant` (PDF/A) build cannot
    take the cover as it is (`archival_cover_problems`): the merge would write a PDF that is not PDF/A."""
    try:
        problems = archival_cover_problems(data)
    except Exception as exc:  # read by `covers.check_pdf_cover` already; a failure now is the same bad file
        raise CoverError(f"{where} is not a readable PDF ({type(exc).__name__}: {str(exc)[:200]}); "
                         "export it again as a plain PDF") from None
    if not variant.startswith("pdf/a-1"):  # PDF/A-2 and -3 allow transparency (ISO 19005-2 §6.4)
        problems = [problem for problem in problems if not problem.startswith("transparency")]
    if problems:
        raise CoverError(f"{where}: a {variant} PDF cannot hold what it uses: {'; '.join(problems)}. Export "
                         "the cover as PDF/A (transparency flattened, every font embedded), or build without "
                         "--pdf-variant")
