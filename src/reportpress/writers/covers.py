"""Covers: which ones a document gets, and each one as PDF bytes.

A cover is either a layout template (`cover-front.html.j2`, `cover-back.html.j2`, or any
`NAME.html.j2` the front matter names), filled from the front matter and laid out by WeasyPrint on its
own (its CSS is a page of its own), its pages then written in the same PDF as the body's
(`writers/pdf.write_pdf`); or a PDF file the front matter names (a designer's cover), path relative to
the source. Without a `cover` key a document gets the layout's own `cover-front` and `cover-back`
templates where the layout has them — but no front cover for a document with no title, whose cover would
be a blank page (`front_cover_left_out`; the build warns); `cover: none` asks for no cover. The DOCX
writer follows the same rules (`resolve_covers`), so this module loads WeasyPrint only when it renders a
cover, and pypdf only when it checks a cover PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from markupsafe import Markup

from reportpress.dates import date_precision, first_day
from reportpress.errors import CoverError, LayoutError, shown_path
from reportpress.layouts import ROLES, Layout, is_name
from reportpress.model import Meta, SourcePos
from reportpress.resources import confined_path
from reportpress.writers.html import css_families, render_template, template_environment
from reportpress.writers.pdf.drawn import CoverRefused, DrawnCopy, PageBox
from reportpress.writers.pdf.merge import drawn_cover

Side = Literal["front", "back"]
NO_COVER = {"none", "false", "no", ""}
SIZE_TOLERANCE_PT = 2.0


@dataclass(frozen=True, slots=True)
class CoverSpec:
    side: Side
    kind: Literal["template", "pdf"]
    path: Path
    data: bytes = b""  # a PDF cover's bytes, read once by the build's check (`stages.read_covers`)
    # what the build prints of them: copied once, by the check (`check_pdf_cover`), for the PDF/A check and the merge
    drawn: DrawnCopy | None = None


def front_cover_left_out(meta: Meta, layout: Layout) -> bool:
    """Whether the layout's own front cover is left out because the document has no title (issue 10):
    it would print a blank page. A `cover:` key naming a cover still gets it."""
    explicit = meta.cover.front is not None or meta.cover.back is not None
    return not meta.title.strip() and not explicit and layout.template("cover-front.html.j2") is not None


def resolve_covers(meta: Meta, layout: Layout, source: Path) -> list[CoverSpec]:
    """The covers of a document, front first; nothing is read yet."""
    named = {"front": meta.cover.front, "back": meta.cover.back}
    explicit = meta.cover.front is not None or meta.cover.back is not None
    specs: list[CoverSpec] = []
    side: Side
    for side in ("front", "back"):
        value = named[side]
        if value is None:
            if explicit:
                continue
            value = f"cover-{side}"
            if layout.template(f"{value}.html.j2") is None or (side == "front" and front_cover_left_out(meta, layout)):
                continue
        if value.strip().lower() in NO_COVER:
            continue
        line = meta.pos("cover", str(source))  # the `cover:` line, when the reader recorded it
        where = f"{shown_path(line.path)}:{line.line}" if line else shown_path(source)
        if value.lower().endswith(".pdf"):
            path = confined_path(source.parent / value, [source.parent], f"{side} cover PDF",
                                 line or SourcePos(str(source), 1))
            specs.append(CoverSpec(side, "pdf", path))
            continue
        name = value if value.endswith(".html.j2") else f"{value}.html.j2"
        if not is_name(name):  # a source names a template of its layout, never a path to one
            raise LayoutError(f"{where}: cover {value!r} is not a template name (name a cover template of "
                              f"layout {layout.name!r}, such as cover-front, or a PDF file next to the source)")
        template = layout.template(name)
        if template is None:
            raise LayoutError(f"{where}: cover {value!r}: layout {layout.name!r} has no template {name} "
                              f"(in {shown_path(layout.folder)}); name a template it has, or a PDF file")
        specs.append(CoverSpec(side, "template", template))
    return specs


def starts_on_recto(meta: Meta, layout: Layout) -> bool:
    """Whether the body must open on a recto (an odd page), with blank versos added where needed.

    A mirrored layout (`[page] mirror = true`) lays the body's first page out as a recto — folio right,
    binding margin left — and every later page by its parity, so the body must start on an odd page
    whatever covers come before it: otherwise every folio and binding margin lands on the spine side.
    `duplex: true` asks the same of a layout that is not mirrored (a book printed on both sides whose
    pages look alike). `duplex: false` cannot undo a mirrored layout: its pages are rectos and versos,
    so single-sided printing needs a layout with `mirror = false`.
    """
    return meta.duplex or layout.page.mirror


def date_in_words(iso_date: str) -> str:
    """`2020-01-08` → `2020年1月8日` (GB/T 9704 §7.3.5: Arabic numerals, no leading zeros); `2020-01` →
    `2020年1月`, `2020` → `2020年` (a date of a month or a year says no more than it knows)."""
    if not iso_date:
        return ""
    day = first_day(iso_date)
    return (f"{day.year}年", f"{day.year}年{day.month}月", f"{day.year}年{day.month}月{day.day}日")[
        date_precision(iso_date) - 1]


def cover_html(spec: CoverSpec, meta: Meta, layout: Layout) -> str:
    """A template cover as HTML, filled from the front matter; `check` renders it too, to refuse what `build` would."""
    return render_template(template_environment(layout), spec.path.name, meta=meta, layout=layout,
                           date_text=date_in_words(meta.date),
                           families={role: Markup(css_families(layout.fonts[role])) for role in ROLES})


def check_pdf_cover(spec: CoverSpec, width: float, height: float) -> CoverSpec:
    """A designer's cover PDF (`spec.data`), resolved once: copied as the merge takes it (`merge.drawn_cover`)
    and checked — it opens, is not encrypted, has one to `MAX_COVER_PAGES` pages, each of the body's page
    size. `spec` with that copy (`drawn`), which the PDF/A check and the merge use: the file's bytes are
    not read again.

    The file is untrusted: whatever pypdf raises on it (any exception — a damaged file has raised
    RecursionError, AttributeError, DependencyError) is this cover's one bad-file message."""
    where = f"{shown_path(spec.path)}: the {spec.side} cover PDF"
    try:
        drawn = drawn_cover(spec.data)
    except CoverRefused as exc:
        raise CoverError(f"{where}: {exc}") from None
    except Exception as exc:
        raise CoverError(f"{where} is not a readable PDF ({type(exc).__name__}: {str(exc)[:200]}); "
                         "export it again as a plain PDF") from None
    for number, page in enumerate(drawn.pages, start=1):
        _check_page_size(where, number, page, width, height)
    return replace(spec, drawn=drawn)


def _check_page_size(where: str, number: int, page: PageBox, width: float, height: float) -> None:
    """The page as a viewer and a printer show it is the body's size: its visible box (`_visible_size`),
    not its `/MediaBox` alone — a 20 pt `/CropBox` or a `/Rotate 90` on an A4 MediaBox passed."""
    box_width, box_height = _visible_size(page)
    if abs(box_width - width) > SIZE_TOLERANCE_PT or abs(box_height - height) > SIZE_TOLERANCE_PT:
        turned = f" as it shows, turned by {page.rotation}°" if page.rotation % 180 else ""
        cropped = " (its /CropBox, within its /MediaBox, is what shows)" if page.cropbox != page.mediabox else ""
        raise CoverError(f"{where}: page {number} is {box_width * 25.4 / 72:.0f} × {box_height * 25.4 / 72:.0f} "
                         f"mm{turned}, the report's pages are {width * 25.4 / 72:.0f} × {height * 25.4 / 72:.0f} mm"
                         + cropped)


def _visible_size(page: PageBox) -> tuple[float, float]:
    """Width and height of what a viewer shows of `page`: its `/CropBox` (the `/MediaBox` without one)
    clipped to its `/MediaBox`, the sides swapped when `/Rotate` turns it by 90° or 270° (`drawn_cover`
    left only multiples of 90°)."""
    media, crop = page.mediabox, page.cropbox
    sides = []
    for low, high in ((0, 2), (1, 3)):
        start = max(min(media[low], media[high]), min(crop[low], crop[high]))
        end = min(max(media[low], media[high]), max(crop[low], crop[high]))
        sides.append(max(0.0, end - start))
    visible_width, visible_height = sides
    return (visible_height, visible_width) if page.rotation % 180 else (visible_width, visible_height)
