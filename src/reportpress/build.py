"""One build: one source → its outputs (`NAME.pdf`, `NAME.docx`) in the output folder.

The unit a batch or a queue runs. It calls the stages in order — read, load the layout, write each
format — and formats nothing itself. Each output is written atomically: a failed build leaves no
half-written file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import pypdf

from reportpress import __version__
from reportpress.dates import build_datetime, pdf_date
from reportpress.errors import LayoutError, RenderError
from reportpress.fonts import check_coverage, font_face_css, fonts_dirs
from reportpress.layouts import Layout, find_layout, read_layout
from reportpress.manifest import write_manifest
from reportpress.model import Document
from reportpress.output import write_bytes_atomic
from reportpress.reader import read_source
from reportpress.resources import check_images
from reportpress.typeset import TYPESET_CSS, typeset_html
from reportpress.typeset.limits import check_block_lengths
from reportpress.writers.archive import make_pdfa, pdfa_part
from reportpress.writers.covers import CoverSpec, read_pdf_cover, render_covers, resolve_covers
from reportpress.writers.html import check_templates, write_html
from reportpress.writers.merge import PdfInfo, merge_pdf
from reportpress.writers.pdf import (
    PDF_VARIANTS,
    WEASYPRINT_VERSION,
    Attachment,
    fast_subsetting_available,
    pdf_options,
    render_pdf,
)

logger = logging.getLogger(__name__)

Format = Literal["pdf", "docx"]
FORMATS: tuple[Format, ...] = get_args(Format)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    source: Path
    outputs: dict[Format, Path]


def output_path(source: Path, out_dir: Path, fmt: Format) -> Path:
    return out_dir / f"{source.stem}.{fmt}"


def prepare(source: Path, layout_name: str | None = None) -> tuple[Document, Layout]:
    """Read `source`, load its layout and compile the layout's templates.

    `layout_name` (the command line's `--layout`, typed by the user) overrides the front matter's and may be
    a path to a layout folder; the front matter, which is untrusted, may only name a layout.
    """
    document = read_source(source)
    if layout_name:
        folder = find_layout(layout_name, project=Path.cwd(), allow_path=True)
    else:
        try:
            folder = find_layout(document.meta.layout, project=Path.cwd())
        except LayoutError as error:
            where = document.meta.pos("layout", str(source)) or source  # say which source asked, and where
            raise LayoutError(f"{where}: front matter `layout`: {error}") from error
    layout = read_layout(folder)  # its errors name the layout's file
    check_templates(layout)  # a template that does not compile or leaves the layout stops `check` too
    return document, layout


def build_pdf(document: Document, layout: Layout, source: Path, options: dict[str, object] | None = None) -> bytes:
    """The body of the print PDF of `document` (no covers), as bytes; `options` go to WeasyPrint."""
    if not fast_subsetting_available():
        logger.warning("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to "
                       "fontTools, which makes writing a PDF with CJK fonts about 47× slower")
    html = typeset_html(write_html(document, layout), layout.typesetting)
    dirs = fonts_dirs(Path.cwd())
    return render_pdf(html, base=source.parent, roots=[layout.folder, *dirs], options=options,
                      stylesheets=[font_face_css(dirs), TYPESET_CSS])


def pdf_info(document: Document) -> PdfInfo:
    meta = document.meta
    producer = f"reportpress {__version__} (WeasyPrint {WEASYPRINT_VERSION}, pypdf {pypdf.__version__})"
    return PdfInfo(title=meta.title, author=meta.author, subject=meta.subtitle, keywords=", ".join(meta.keywords),
                   creator="reportpress", producer=producer, date=pdf_date(build_datetime(meta.date)))


def check_inputs(document: Document, layout: Layout, source: Path) -> list[CoverSpec]:
    """Everything a build reads besides the source — images, cover PDFs — checked before any writer runs.

    `reportpress check` calls this too, so it passes exactly the sources `build` accepts.
    """
    check_block_lengths(document)  # before anything slow: a huge paragraph would take hours to lay out
    check_images(document, source)
    specs = resolve_covers(document.meta, layout, source)
    for spec in specs:
        if spec.kind == "pdf":
            read_pdf_cover(spec, layout.page.width.pt, layout.page.height.pt)
    check_coverage(document, layout, Path.cwd())  # a character no font of its role covers stops here
    return specs


def build_print_pdf(document: Document, layout: Layout, source: Path, specs: Sequence[CoverSpec], *,
                    variant: str | None = None, attachments: Sequence[Attachment] = ()) -> bytes:
    """The whole print PDF — covers, body, page labels, metadata, PDF/A fixes."""
    moment = build_datetime(document.meta.date)
    options = pdf_options(variant, attachments, moment)
    body = build_pdf(document, layout, source, options)
    front, back = render_covers(specs, document.meta, layout, pdf_options(variant, (), moment))
    info = pdf_info(document)
    merged = merge_pdf(body, front=front, back=back, duplex=document.meta.duplex, info=info).data
    if variant and pdfa_part(variant):
        merged = make_pdfa(merged, variant, info, moment)
    return merged


def check_variant(variant: str | None) -> None:
    if variant is not None and variant not in PDF_VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}: use one of {', '.join(PDF_VARIANTS)}")


def build(source: Path, *, formats: Sequence[Format] = FORMATS, out_dir: Path = Path("output"),
          layout_name: str | None = None, pdf_variant: str | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build `source` into each of `formats` in `out_dir`, and write its manifest.

    All or nothing: every product is made in memory first, and files are written only when all of them
    succeeded, so a failed build leaves the previous outputs and manifest as they were. The DOCX is made
    first: a `pdf/a-3b` PDF embeds it (and the source) as associated files, so that variant writes the
    DOCX even when only the PDF was asked for.
    """
    check_variant(pdf_variant)
    step = progress or (lambda _stage: None)
    step("read")
    document, layout = prepare(source, layout_name)
    specs = check_inputs(document, layout, source)
    wanted = set(formats) | ({"docx"} if pdf_variant == "pdf/a-3b" else set())
    products: dict[Format, bytes] = {}
    if "docx" in wanted:
        step("docx")
        from reportpress.writers.docx import docx_bytes  # python-docx loads only when asked for

        products["docx"] = docx_bytes(document, layout)
    if "pdf" in wanted:
        step("pdf")
        attachments = [Attachment(source.name, source.read_bytes(), "Source"),
                       Attachment(f"{source.stem}.docx", products["docx"], "Alternative")
                       ] if pdf_variant == "pdf/a-3b" else []
        products["pdf"] = build_print_pdf(document, layout, source, specs, variant=pdf_variant,
                                          attachments=attachments)
    outputs = {fmt: output_path(source, out_dir, fmt) for fmt in products}
    for fmt, data in products.items():
        write_bytes_atomic(outputs[fmt], data)
    layout_files = [path for path in layout.folder.iterdir() if path.is_file()]
    write_manifest(out_dir / f"{source.stem}.manifest.json", source=source, layout_files=layout_files,
                   cover_files=[spec.path for spec in specs if spec.kind == "pdf"], outputs=outputs,
                   pdf=products.get("pdf"))
    return BuildResult(source=source, outputs=outputs)
