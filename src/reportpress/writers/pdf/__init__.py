"""The print PDF, the counterpart of `writers/docx/`: `write_pdf` is the entry.

    __init__.py   write_pdf: body and covers laid out, their pages in one document, written once
    render.py     WeasyPrint runs, confined to the files a build may read
    footnotes.py  per-page footnote numbers and notes WeasyPrint would lose: a second layout when needed
    folio.py      where the folio's dash sits in its line, measured in the face that draws it
    merge.py      the page plan (covers, blank versos for duplex), page labels, a designer cover's merge
    archive.py    PDF/A-1b and -3b: the fixes the validator asks for, on WeasyPrint's objects

The HTML writer (`writers/html.py`, the layout's templates) and the covers (`writers/covers.py`) sit
beside this package: the DOCX writer reads the contents list and the cover rules from them too.

`write_pdf` renders the body (the HTML writer's page, after the typesetting pass) and the template
covers (`writers/covers.py`) as WeasyPrint documents, puts their pages — and the blank versos a duplex
layout needs (`merge.plan_pages`) — in one document and writes it once: each font is embedded once,
and the page labels, the information dictionary and the PDF/A fixes (`archive.pdfa_finisher`) are set
on WeasyPrint's PDF objects before the file is written, so the PDF is never parsed again. Only a
designer's cover PDF (`cover: file.pdf`) needs the pypdf merge (`merge.merge_pdf`) and, for PDF/A,
the fixes on the merged file (`archive.make_pdfa`).

Importing this module loads no WeasyPrint (about half a second): `check` and a DOCX-only build never
pay for it; `PDF_VARIANTS` is WeasyPrint's list, which a test compares.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportpress.dates import build_datetime
from reportpress.errors import RenderError
from reportpress.writers.pdf.merge import PagePlan, PdfInfo, label_pages, plan_pages

if TYPE_CHECKING:
    from reportpress.layouts import Layout
    from reportpress.model import Document
    from reportpress.writers.covers import CoverSpec

logger = logging.getLogger(__name__)

# weasyprint.pdf.VARIANTS of the tested WeasyPrint (tests/writers/test_render_once.py compares them)
PDF_VARIANTS: tuple[str, ...] = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u",
                                 "pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/a-4e", "pdf/a-4f", "pdf/ua-1", "pdf/ua-2",
                                 "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g", "debug")
WEASYPRINT_VERSION: str = version("weasyprint")

# the fonts of the last PDFs `write_pdf` made, by the SHA-256 of their bytes: the manifest lists them without
# parsing the file again (`written_fonts`)
_WRITTEN_FONTS: dict[str, tuple[str, ...]] = {}
_WRITTEN_KEPT = 8


def fast_subsetting_available() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (libharfbuzz-subset0) rather than fontTools."""
    import reportpress.native  # noqa: F401  (WeasyPrint's libraries loaded the quick way, if not yet)

    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


def write_pdf(document: Document, layout: Layout, *, source: Path, covers: Sequence[CoverSpec],
              images: Mapping[str, bytes], fonts_dirs: Sequence[Path], info: PdfInfo,
              variant: str | None = None, attachments: Sequence[Attachment] = (),
              layout_files: Mapping[str, bytes] | None = None) -> bytes:
    """The whole print PDF of `document` — covers, body, blank versos, page labels, metadata, PDF/A fixes.

    `covers` are the resolved covers, a PDF cover with its bytes (read and checked once by the build);
    `images` the bytes of the source's images by path relative to `source`'s folder (nothing else of that
    folder is read); `fonts_dirs` the font folders (`fonts.fonts_dirs`) the body's `@font-face` rules
    come from; `info` the information dictionary; `attachments` go into a `pdf/a-3b` file.
    `layout_files` are the layout's files by relative path, which the cover templates read from memory at
    a fixed folder (`urls.layout_base`), so the PDF does not depend on where the layout lies (read from
    `layout.folder` when not given).
    """
    # first: the first import of WeasyPrint must be `native`'s, or its C libraries are looked for through
    # ldconfig, gcc and ld (`typeset.weasy`, just below, imports WeasyPrint itself)
    import reportpress.native  # noqa: F401

    from reportpress.fonts import font_face_css
    from reportpress.typeset import TYPESET_CSS, typeset_html
    from reportpress.typeset.weasy import called_notes_kept
    from reportpress.urls import layout_base
    from reportpress.writers.covers import cover_html, starts_on_recto
    from reportpress.writers.html import write_html
    from reportpress.writers.pdf.footnotes import call_anchor_css, lay_out_notes, note_numbers
    from reportpress.writers.pdf.render import blank_page, fetcher, render, weasyprint_run

    if not fast_subsetting_available():
        logger.warning("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to "
                       "fontTools, which makes writing a PDF with CJK fonts about 47× slower")
    moment = build_datetime(document.meta.date)
    options = pdf_options(variant, attachments, moment)
    duplex = starts_on_recto(document.meta, layout)
    html = typeset_html(write_html(document, layout, fonts_dirs=fonts_dirs, images=images), layout.typesetting)
    roots = [layout.folder, *fonts_dirs]
    designed = any(spec.kind == "pdf" for spec in covers)
    served = _layout_files(layout) if layout_files is None else layout_files
    per_page = layout.notes.footnote_numbering == "page"
    # per-page numbers go by the page of each call: the calls are named as anchors (footnotes.py)
    calls = call_anchor_css(note_numbers(html)) if per_page else ""
    with weasyprint_run(), called_notes_kept():
        def body_of(html: str, extra: str) -> Any:
            return render(html, source.parent, fetcher(source.parent, roots, images),
                          [font_face_css(fonts_dirs), TYPESET_CSS, calls, extra], options)

        # laid out again until no footnote body is lost, the imprint clears its page's notes and, per page,
        # the marks ① hold (footnotes.py)
        body = lay_out_notes(html, body_of, per_page=per_page, where=note_places(document),
                             imprint=_imprint_height(document, layout))
        if designed:  # a designer's cover PDF: the pages cannot join WeasyPrint's, the files are merged
            data = body.write_pdf(**options)
        else:
            # each cover laid out on its own, as it always was (its CSS is a page of its own, not the
            # body's), with the body's variant but not its attachments
            cover_options = pdf_options(variant, (), moment)
            base = layout_base(layout.folder.name)
            front, back = ([render(cover_html(spec, document.meta, layout), base, fetcher(base, [], served), (),
                                   cover_options).pages
                            for spec in covers if spec.side == side] for side in ("front", "back"))
            plan = plan_pages([len(pages) for pages in front], len(body.pages), [len(pages) for pages in back],
                              duplex)
            count = plan.blank_after_front + plan.blank_before_back
            blank = [blank_page(layout.page.width.css(), layout.page.height.css())] * count
            pages = [page for cover in front for page in cover]
            pages += blank[:plan.blank_after_front] + body.pages + blank[plan.blank_after_front:]
            pages += [page for cover in back for page in cover]
            fonts: list[str] = []
            data = body.copy(pages).write_pdf(finisher=_finisher(plan, variant, info, moment, fonts), **options)
            _remember_fonts(data, fonts)
    if not isinstance(data, bytes):
        raise RenderError("WeasyPrint returned no PDF")
    if designed:
        return _merge_designed(data, covers, document, layout, info, variant, moment, duplex, served)
    return data


def _imprint_height(document: Document, layout: Layout) -> str | None:
    """The CSS height of the document's imprint (版记), if it has one (the reader allows one, last)."""
    from reportpress.model import SignOff
    from reportpress.walk import iter_blocks
    from reportpress.writers.html import imprint_height

    imprints = [block for block in iter_blocks(document.blocks)
                if isinstance(block, SignOff) and block.kind == "imprint"]
    return imprint_height(imprints[-1], layout).css() if imprints else None


def note_places(document: Document) -> Callable[[int], str]:
    """Names footnote N of the HTML (its Nth body, `html.footnote_id`) by its call's source line: the
    HTML writer numbers the page-foot notes' calls in the order of the document's inlines."""
    from reportpress.model import FootnoteRef
    from reportpress.walk import iter_block_inlines

    calls = [node.pos for block in document.blocks for node in iter_block_inlines(block)
             if isinstance(node, FootnoteRef) and document.footnote(node.id).placement != "end"]

    def where(number: int) -> str:
        return f"{number} (called at {calls[number - 1]})" if 0 < number <= len(calls) else str(number)

    return where


def _layout_files(layout: Layout) -> Mapping[str, bytes]:
    """The layout's files read from its folder, confined to it (for a caller that did not read them)."""
    from reportpress.stages import read_layout_files

    return dict(read_layout_files(layout.folder))


def _remember_fonts(data: object, fonts: list[str]) -> None:
    if isinstance(data, bytes):
        while len(_WRITTEN_FONTS) >= _WRITTEN_KEPT:
            del _WRITTEN_FONTS[next(iter(_WRITTEN_FONTS))]
        _WRITTEN_FONTS[hashlib.sha256(data).hexdigest()] = tuple(sorted(set(fonts)))


def written_fonts(data: bytes) -> tuple[str, ...] | None:
    """The base names of the fonts embedded in `data` (`Noto-Serif-CJK-SC-Bold`, no subset prefix) when
    `write_pdf` made it in this process, else None."""
    return _WRITTEN_FONTS.get(hashlib.sha256(data).hexdigest())


def _finisher(plan: PagePlan, variant: str | None, info: PdfInfo, moment: dt.datetime, fonts: list[str]
              ) -> Callable[[Any, Any], None]:
    """What is set on WeasyPrint's PDF objects before it writes the file: page labels, the information
    dictionary (ours, not WeasyPrint's), the PDF/A fixes; the embedded fonts' names go to `fonts`."""
    from reportpress.writers.pdf.archive import pdfa_finisher

    archival = pdfa_finisher(variant, info, moment) if variant else None

    def finish(document: Any, pdf: Any) -> None:
        import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, loaded with it

        label_pages(pdf, plan)
        # WeasyPrint's /BaseFont of each font: `/ABCDEF+Family-Style`
        fonts.extend(re.sub(r"^/?[A-Z]{6}\+", "", font.name.decode("latin-1")) for font in document.fonts.values())
        pdf.info.clear()
        for key, value in info.as_pdf().items():
            pdf.info[key.removeprefix("/")] = pydyf.String(value)
        if archival is not None:
            archival(document, pdf)

    return finish


def _merge_designed(body: bytes, covers: Sequence[CoverSpec], document: Document, layout: Layout, info: PdfInfo,
                    variant: str | None, moment: dt.datetime, duplex: bool, served: Mapping[str, bytes]) -> bytes:
    """The body merged with covers of which one at least is a designer's PDF (template ones rendered, from
    the layout's files in memory at the fixed folder, as `write_pdf` renders them)."""
    from reportpress.urls import layout_base
    from reportpress.writers.covers import cover_html
    from reportpress.writers.pdf.archive import make_pdfa, pdfa_part
    from reportpress.writers.pdf.drawn import DrawnCopy
    from reportpress.writers.pdf.merge import merge_pdf
    from reportpress.writers.pdf.render import render_pdf as render_alone

    options = pdf_options(variant, (), moment)
    base = layout_base(layout.folder.name)
    front: list[bytes | DrawnCopy] = []
    back: list[bytes | DrawnCopy] = []
    for spec in covers:
        # a PDF cover was read, copied and checked by `stages.check_inputs` (`spec.drawn`): not opened again
        data = (spec.drawn or spec.data) if spec.kind == "pdf" else render_alone(
            cover_html(spec, document.meta, layout), base=base, roots=[], options=options, files=served)
        (front if spec.side == "front" else back).append(data)
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
        from weasyprint import Attachment as WeasyAttachment

        options["attachments"] = [WeasyAttachment(file_obj=BytesIO(item.data), name=item.name,
                                                        created=moment, modified=moment,
                                                        relationship=item.relationship)
                                  for item in attachments]
    return options
