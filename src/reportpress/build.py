"""One build: one source → its outputs (`NAME.pdf`, `NAME.docx`) in the output folder.

The unit a batch or a queue runs. It calls the stages in order — read, load the layout, write each
format — and formats nothing itself. Each output is written atomically: a failed build leaves no
half-written file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import pypdf
import weasyprint
from weasyprint.pdf import VARIANTS

from reportpress import __version__
from reportpress.dates import build_datetime, pdf_date
from reportpress.errors import RenderError
from reportpress.fonts import check_coverage, font_face_css, fonts_dirs
from reportpress.layouts import Layout, load_layout
from reportpress.manifest import write_manifest
from reportpress.model import Document
from reportpress.output import write_bytes_atomic
from reportpress.reader import read_source
from reportpress.typeset import TYPESET_CSS, typeset_html
from reportpress.writers.archive import make_pdfa, pdfa_part
from reportpress.writers.covers import render_covers, resolve_covers
from reportpress.writers.html import write_html
from reportpress.writers.merge import PdfInfo, merge_pdf
from reportpress.writers.pdf import fast_subsetting_available, render_pdf

logger = logging.getLogger(__name__)

Format = Literal["pdf", "docx"]
FORMATS: tuple[Format, ...] = get_args(Format)

Progress = Callable[[str], None]
PDF_VARIANTS: tuple[str, ...] = tuple(VARIANTS)


@dataclass(frozen=True, slots=True)
class BuildResult:
    source: Path
    outputs: dict[Format, Path]


def output_path(source: Path, out_dir: Path, fmt: Format) -> Path:
    return out_dir / f"{source.stem}.{fmt}"


def prepare(source: Path, layout_name: str | None = None) -> tuple[Document, Layout]:
    """Read `source` and load its layout (`layout_name` overrides the front matter's)."""
    document = read_source(source)
    layout = load_layout(layout_name or document.meta.layout, project=Path.cwd())
    return document, layout


def build_pdf(document: Document, layout: Layout, source: Path, options: dict[str, object] | None = None) -> bytes:
    """The body of the print PDF of `document` (no covers), as bytes; `options` go to WeasyPrint."""
    if not fast_subsetting_available():
        logger.warning("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to "
                       "fontTools, which makes writing a PDF with CJK fonts about 47× slower")
    check_coverage(document, layout, Path.cwd())  # a character no font of its role covers stops here
    html = typeset_html(write_html(document, layout), layout.typesetting)
    dirs = fonts_dirs(Path.cwd())
    return render_pdf(html, base=source.parent, roots=[layout.folder, *dirs], options=options,
                      stylesheets=[font_face_css(dirs), TYPESET_CSS])


def pdf_info(document: Document) -> PdfInfo:
    meta = document.meta
    producer = f"reportpress {__version__} (WeasyPrint {weasyprint.__version__}, pypdf {pypdf.__version__})"
    return PdfInfo(title=meta.title, author=meta.author, subject=meta.subtitle, keywords=", ".join(meta.keywords),
                   creator="reportpress", producer=producer, date=pdf_date(build_datetime(meta.date)))


def weasyprint_options(variant: str | None, attachments: Sequence[Path], moment: dt.datetime) -> dict[str, object]:
    options: dict[str, object] = {}
    if variant:
        options["pdf_variant"] = variant
    if attachments:
        # dated like the build, not "now": the same source must give the same bytes
        options["attachments"] = [weasyprint.Attachment(filename=str(path), name=path.name, created=moment,
                                                        modified=moment, relationship=relationship)
                                  for path, relationship in zip(attachments, ("Source", "Alternative"),
                                                                strict=False)]
    return options


def build_print_pdf(document: Document, layout: Layout, source: Path, *, variant: str | None = None,
                    attachments: Sequence[Path] = ()) -> tuple[bytes, list[Path]]:
    """The whole print PDF — covers, body, page labels, metadata, PDF/A fixes — and the cover PDFs it read."""
    moment = build_datetime(document.meta.date)
    options = weasyprint_options(variant, attachments, moment)
    body = build_pdf(document, layout, source, options)
    specs = resolve_covers(document.meta, layout, source)
    front, back = render_covers(specs, document.meta, layout, weasyprint_options(variant, (), moment))
    info = pdf_info(document)
    duplex = bool(document.meta.extra.get("duplex", False))
    merged = merge_pdf(body, front=front, back=back, duplex=duplex, info=info).data
    if variant and pdfa_part(variant):
        merged = make_pdfa(merged, variant, info, moment)
    return merged, [spec.path for spec in specs if spec.kind == "pdf"]


def check_variant(variant: str | None) -> None:
    if variant is not None and variant not in PDF_VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}: use one of {', '.join(PDF_VARIANTS)}")


def build(source: Path, *, formats: Sequence[Format] = FORMATS, out_dir: Path = Path("output"),
          layout_name: str | None = None, pdf_variant: str | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build `source` into each of `formats` in `out_dir`, and write its manifest.

    The DOCX is written first: a `pdf/a-3b` PDF embeds it (and the source) as associated files, so that
    variant writes the DOCX even when only the PDF was asked for.
    """
    check_variant(pdf_variant)
    step = progress or (lambda _stage: None)
    step("read")
    document, layout = prepare(source, layout_name)
    wanted = set(formats) | ({"docx"} if pdf_variant == "pdf/a-3b" else set())
    outputs: dict[Format, Path] = {}
    cover_files: list[Path] = []
    pdf_bytes: bytes | None = None
    if "docx" in wanted:
        step("docx")
        from reportpress.writers.docx import write_docx  # python-docx loads only when asked for

        outputs["docx"] = output_path(source, out_dir, "docx")
        write_docx(document, layout, outputs["docx"])
    if "pdf" in wanted:
        step("pdf")
        attachments = [source, outputs["docx"]] if pdf_variant == "pdf/a-3b" else []
        pdf_bytes, cover_files = build_print_pdf(document, layout, source, variant=pdf_variant,
                                                 attachments=attachments)
        outputs["pdf"] = output_path(source, out_dir, "pdf")
        write_bytes_atomic(outputs["pdf"], pdf_bytes)
    layout_files = [path for path in layout.folder.iterdir() if path.is_file()]
    write_manifest(out_dir / f"{source.stem}.manifest.json", source=source, layout_files=layout_files,
                   cover_files=cover_files, outputs=outputs, pdf=pdf_bytes)
    return BuildResult(source=source, outputs=outputs)
