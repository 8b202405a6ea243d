"""One build: one source → its outputs (`NAME.pdf`, `NAME.docx`, `NAME.manifest.json`) in the output folder.

The unit a batch or a queue runs: `build()` is `job.prepare` (read, load the layout, check and read
every other input once, into a frozen `Job`) → `job.run_job` (write each format, in memory) →
`write_outputs`. This module holds the stages those two call, and formats nothing itself. The outputs
are one set, written all or nothing (`output.replace_files`): every product and the manifest are made in
memory, then written as `.part` files, then renamed with the manifest last, under the output folder's lock.

The project (where `layouts/` and `fonts/` are looked for) is a parameter, never the current folder:
the command line passes it; its default, `Path(".")`, is the current folder for callers that do not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from reportpress import __version__
from reportpress.dates import build_datetime, pdf_date
from reportpress.errors import CoverError, LayoutError, OutputError, RenderError, SourceError
from reportpress.fonts import check_coverage, font_face_css, fonts_dirs
from reportpress.layouts import Layout, find_layout, read_layout
from reportpress.manifest import manifest_bytes, stale_outputs
from reportpress.model import Document, SourcePos
from reportpress.output import output_lock, replace_files
from reportpress.reader import read_source
from reportpress.resources import Images, check_images, read_confined
from reportpress.typeset import TYPESET_CSS, typeset_html
from reportpress.typeset.limits import check_block_lengths, check_table_columns
from reportpress.writers.covers import (
    CoverSpec,
    check_pdf_cover,
    front_cover_left_out,
    resolve_covers,
)
from reportpress.writers.html import check_templates, write_html
from reportpress.writers.merge import PdfInfo
from reportpress.writers.pdf import (
    PDF_VARIANTS,
    WEASYPRINT_VERSION,
    Attachment,
    fast_subsetting_available,
    render_pdf,
    write_pdf,
)

if TYPE_CHECKING:
    from reportpress.job import Job

logger = logging.getLogger(__name__)

Format = Literal["pdf", "docx"]
FORMATS: tuple[Format, ...] = get_args(Format)

Progress = Callable[[str], None]

HERE = Path(".")  # the default project: the current folder, for callers that do not name one
# The folder the body's relative URLs resolve against. Not the source's real folder: its images come
# from the bytes the check read (`render_pdf(files=…)`), nothing else of it is readable, and WeasyPrint
# names an image in the PDF after a digest of its URL, so a real, absolute folder would make the PDF
# depend on where the project lies — a batch worker elsewhere must write the same bytes.
SOURCE_BASE = Path("/reportpress-source")


@dataclass(frozen=True, slots=True)
class BuildResult:
    source: Path
    outputs: dict[Format, Path]


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a build reads besides the source and the layout, read once by `check_inputs`."""

    covers: tuple[CoverSpec, ...]  # PDF covers carry their bytes
    images: Images


def output_path(source: Path, out_dir: Path, fmt: Format) -> Path:
    return out_dir / f"{source.stem}.{fmt}"


def prepare(source: Path, layout_name: str | None = None, *, project: Path = HERE) -> tuple[Document, Layout]:
    """Read `source`, load its layout (from `project`'s `layouts/`, then the built-in ones) and compile
    the layout's templates. `job.prepare` goes on from here to a `Job`.

    `layout_name` (the command line's `--layout`, typed by the user) overrides the front matter's and may be
    a path to a layout folder; the front matter, which is untrusted, may only name a layout.
    """
    document = read_source(source)
    return document, open_layout(document, source, layout_name, project)


def open_layout(document: Document, source: Path, layout_name: str | None, project: Path) -> Layout:
    """The layout of `document` (`--layout` first), read and its templates compiled."""
    if layout_name:
        folder = find_layout(layout_name, project=project, allow_path=True)
    else:
        try:
            folder = find_layout(document.meta.layout, project=project)
        except LayoutError as error:
            where = document.meta.pos("layout", str(source)) or source  # say which source asked, and where
            raise LayoutError(f"{where}: front matter `layout`: {error}") from error
    layout = read_layout(folder)  # its errors name the layout's file
    check_templates(layout)  # a template that does not compile or leaves the layout stops `check` too
    return layout


def build_pdf(document: Document, layout: Layout, source: Path, images: Images,
              options: dict[str, object] | None = None, *, project: Path = HERE) -> bytes:
    """The body of the print PDF of `document` (no covers), as bytes; `options` go to WeasyPrint.

    The images come from `images` (the bytes the check read); nothing of the source's folder is read.
    The fonts come from `project`'s `fonts/`, the built-in ones and the system's.
    """
    if not fast_subsetting_available():
        logger.warning("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to "
                       "fontTools, which makes writing a PDF with CJK fonts about 47× slower")
    html = typeset_html(write_html(document, layout), layout.typesetting)
    dirs = fonts_dirs(project)
    return render_pdf(html, base=SOURCE_BASE, roots=[layout.folder, *dirs], options=options,
                      stylesheets=[font_face_css(dirs), TYPESET_CSS], files=images)


def pdf_info(document: Document) -> PdfInfo:
    meta = document.meta
    producer = f"reportpress {__version__} (WeasyPrint {WEASYPRINT_VERSION}, pypdf {version('pypdf')})"
    return PdfInfo(title=meta.title, author=meta.author, subject=meta.subtitle, keywords=", ".join(meta.keywords),
                   creator="reportpress", producer=producer, date=pdf_date(build_datetime(meta.date)))


def read_covers(document: Document, layout: Layout, source: Path) -> tuple[CoverSpec, ...]:
    """The document's covers; each PDF cover read once (confined to the source's folder) and checked.

    A document with no title gets no front cover from its layout (a blank page): a warning says so.
    """
    if front_cover_left_out(document.meta, layout):
        # the label is printed only on the cover: say that it goes too
        what = "the front cover and its label are" if document.meta.label.strip() else "the front cover is"
        logger.warning("%s: no title: %s left out (give title:, or cover: NAME)", SourcePos(str(source), 1), what)
    specs = []
    for spec in resolve_covers(document.meta, layout, source):
        if spec.kind == "pdf":
            what = f"{spec.side} cover PDF"
            where = document.meta.pos("cover", str(source)) or SourcePos(str(source), 1)  # the `cover:` line
            try:
                data = read_confined(spec.path, source.parent, what, where)
            except SourceError as error:
                raise CoverError(str(error)) from None
            spec = replace(spec, data=data)
            check_pdf_cover(spec, layout.page.width.pt, layout.page.height.pt)
        specs.append(spec)
    return tuple(specs)


def check_inputs(document: Document, layout: Layout, source: Path, *, project: Path = HERE) -> Inputs:
    """Everything a build reads besides the source — images, cover PDFs — read once and checked before
    any writer runs; the writers get these bytes, never the files again (issue 9, item 4).

    `reportpress check` calls this too, so it passes exactly the sources `build` accepts.
    """
    check_block_lengths(document)  # before anything slow: a huge paragraph would take hours to lay out
    check_table_columns(document, layout)  # a table wider than the page would lose its last columns
    build_datetime(document.meta.date)  # a SOURCE_DATE_EPOCH that is no date stops `check` too
    images = check_images(document, source)
    covers = read_covers(document, layout, source)
    check_coverage(document, layout, project)  # a character no font of its role covers stops here
    return Inputs(covers=covers, images=images)


def build_print_pdf(document: Document, layout: Layout, source: Path, inputs: Inputs, *,
                    variant: str | None = None, attachments: Sequence[Attachment] = (),
                    project: Path = HERE) -> bytes:
    """The whole print PDF — covers, body, page labels, metadata, PDF/A fixes — in one WeasyPrint write."""
    return write_pdf(document, layout, source=SOURCE_BASE / source.name, covers=inputs.covers,
                     images=inputs.images, fonts_dirs=fonts_dirs(project), info=pdf_info(document),
                     variant=variant, attachments=attachments)


def check_variant(variant: str | None) -> None:
    if variant is not None and variant not in PDF_VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}: use one of {', '.join(PDF_VARIANTS)}")


@contextmanager
def naming(source: Path) -> Iterator[None]:
    """Make a writer's error name the source it was writing, when the message does not already."""
    try:
        yield
    except (RenderError, OutputError) as error:
        if str(error).startswith(str(source)):
            raise
        raise type(error)(f"{source}: {error}") from error


def write_outputs(job: Job, out_dir: Path, products: Mapping[Format, bytes]) -> dict[Format, Path]:
    """Write the products of `job` and their manifest into `out_dir` as one set, all or nothing.

    The manifest is computed first, in memory, from the bytes about to be written; under the folder's
    lock, a previous manifest that does not match its files is reported (edited by hand, or written by
    an older reportpress that renamed one file at a time), then every file goes to a `.part` and the
    renames follow, the manifest's last. Runs where the project is (the client of a batch).
    """
    source = Path(job.source)
    outputs = {fmt: output_path(source, out_dir, fmt) for fmt in products}
    manifest_name = f"{source.stem}.manifest.json"
    layout_files = [path for path in job.layout_folder.iterdir() if path.is_file()]
    manifest = manifest_bytes(source=source, source_data=job.source_data, layout_files=layout_files,
                              covers=[(spec.path, spec.data) for spec in job.covers if spec.kind == "pdf"],
                              outputs={fmt: (outputs[fmt], data) for fmt, data in products.items()},
                              pdf=products.get("pdf"))
    with output_lock(out_dir):
        stale = stale_outputs(out_dir / manifest_name)
        if stale:
            logger.warning("%s: %s does not match %s (changed since it was written, or its build was "
                           "interrupted); this build replaces the set", source, out_dir / manifest_name,
                           ", ".join(stale))
        replace_files(out_dir, [(outputs[fmt].name, data) for fmt, data in products.items()],
                      manifest=(manifest_name, manifest))
    return outputs


def build(source: Path, *, formats: Sequence[Format] = FORMATS, out_dir: Path = Path("output"),
          layout_name: str | None = None, pdf_variant: str | None = None,
          progress: Progress | None = None, project: Path = HERE) -> BuildResult:
    """Build `source` into each of `formats` in `out_dir`, and write its manifest.

    `job.prepare` → `job.run_job` → `write_outputs`, in this process: what a batch worker does, minus
    the journey. All or nothing: every product and the manifest are made in memory first, and files are
    written only when all of them succeeded, so a failed build leaves the previous outputs and manifest
    as they were. The DOCX is made first: a `pdf/a-3b` PDF embeds it (and the source) as associated
    files, so that variant writes the DOCX even when only the PDF was asked for.
    """
    from reportpress.job import prepare as prepare_job
    from reportpress.job import run_job

    check_variant(pdf_variant)
    step = progress or (lambda _stage: None)
    step("read")
    job = prepare_job(source, project=project, layout_name=layout_name)
    products = run_job(job, formats, pdf_variant, progress=step)
    with naming(source):
        outputs = write_outputs(job, out_dir, products.files)
    return BuildResult(source=source, outputs=outputs)
