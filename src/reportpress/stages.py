"""The stages of one build, which `job.prepare` and `job.run_job` call in order (and `check` and `fonts` too).

Read the source and open its layout (`open_source`, `open_layout`), check and read every other input once
(`check_inputs`: lengths, tables, dates, images, covers, fonts), then write the print PDF in one WeasyPrint
write (`build_print_pdf`). Each takes the project (where `layouts/` and `fonts/` are looked for) as a
parameter; none looks at the current folder. `build.py` puts them together with the writing of the outputs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

from reportpress import __version__
from reportpress.dates import build_datetime, pdf_date
from reportpress.docx_options import docx_options
from reportpress.errors import CoverError, LayoutError, OutputError, RenderError, SourceError, shown_path
from reportpress.fonts import check_coverage, fonts_dirs
from reportpress.layouts import Layout, find_layout, layout_entries, read_layout, read_layout_file
from reportpress.model import Document, SourcePos
from reportpress.reader import read_source
from reportpress.reader.limits import check_inline_markup
from reportpress.resources import Images, check_images, read_confined
from reportpress.typeset.balance import check_cover_title
from reportpress.typeset.limits import check_block_lengths, check_table_columns
from reportpress.writers.covers import (
    CoverSpec,
    check_pdf_cover,
    cover_html,
    front_cover_left_out,
    resolve_covers,
)
from reportpress.writers.html import check_templates, write_html
from reportpress.writers.pdf import (
    PDF_VARIANTS,
    WEASYPRINT_VERSION,
    Attachment,
    write_pdf,
)
from reportpress.writers.pdf.merge import PdfInfo, refuse_archival_cover

logger = logging.getLogger("reportpress.build")  # the stages' warnings, as they always were named


Progress = Callable[[str], None]

MAX_LAYOUT_FILES = 1000  # a layout is a handful of templates; a folder of thousands is a mistake
# and its files together: a build holds them all and sends them to each worker; gov-report's are 30 KB, a
# layout with its logos and a cover background a few MB. Sixty names hard-linked to one 16 MiB sparse file
# (no disk) took 1 GB to check; 1,000 would be 16 GB.
MAX_LAYOUT_BYTES = 128 * 1024 * 1024
# The folder the body's relative URLs resolve against. Not the source's real folder: its images come
# from the bytes the check read (`writers.pdf.write_pdf(images=…)`), nothing else of it is readable, and WeasyPrint
# names an image in the PDF after a digest of its URL, so a real, absolute folder would make the PDF
# depend on where the project lies — a batch worker elsewhere must write the same bytes.
SOURCE_BASE = Path("/reportpress-source")

Files = tuple[tuple[str, bytes], ...]
"""Files by `/`-separated path relative to their folder, with their bytes, sorted by path."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a build reads besides the source and the layout, read once by `check_inputs`."""

    covers: tuple[CoverSpec, ...]  # PDF covers carry their bytes
    images: Images


def open_source(source: Path, layout_name: str | None = None, *, project: Path) -> tuple[Document, Layout]:
    """Read `source` and open its layout (from `project`'s `layouts/`, then the built-in ones), its
    templates compiled: what `fonts` needs. (`job.prepare` reads the source's bytes itself, once.)"""
    document = read_source(source)
    return document, open_layout(document, source, layout_name, project)


def open_layout(document: Document, source: Path, layout_name: str | None, project: Path) -> Layout:
    """The layout of `document` (`--layout` first), read and its templates compiled.

    `layout_name` (the command line's `--layout`, typed by the user) overrides the front matter's and may be
    a path to a layout folder; the front matter, which is untrusted, may only name a layout.
    """
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
    docx_options(layout)  # so does a mistake in [docx], which only the DOCX writer reads
    return layout


def read_layout_files(folder: Path) -> Files:
    """Every regular file of the layout folder, at any depth, each read confined to it
    (`layouts.read_layout_file`): the bytes a build renders with and its manifest lists."""
    root = folder.resolve()
    names: list[str] = []
    total = 0
    for path in layout_entries(folder):  # a folder nested too deep is a LayoutError naming it
        # a FIFO or a device is no layout file; a link to a folder is not entered (nor read: is_dir);
        # links out of the folder were refused by read_layout
        if path.is_file():
            names.append(path.relative_to(root).as_posix())
            if len(names) > MAX_LAYOUT_FILES:
                raise LayoutError(f"{folder}: more than the {MAX_LAYOUT_FILES} files a layout may have")
            total += path.stat().st_size  # before any is read; read_layout_file bounds each as it reads
            if total > MAX_LAYOUT_BYTES:
                raise LayoutError(f"{folder}: its files pass {MAX_LAYOUT_BYTES // 2**20} MiB together at "
                                  f"{shown_path(path.relative_to(root))} (keep in the layout only what it uses)")
    return tuple((name, read_layout_file(folder, name)) for name in sorted(names))


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
            # copied once, as printed (`drawn`): the PDF/A check and the merge take that copy
            spec = check_pdf_cover(replace(spec, data=data), layout.page.width.pt, layout.page.height.pt)
        specs.append(spec)
    return tuple(specs)


def check_inputs(document: Document, layout: Layout, source: Path, *, project: Path) -> Inputs:
    """Everything a build reads besides the source — images, cover PDFs — read once and checked before
    any writer runs; the writers get these bytes, never the files again (issue 9, item 4).

    `reportpress check` calls this too, so it passes exactly the sources `build` accepts.
    """
    check_inline_markup(document)  # before anything slow: 10⁵ `**…**` would take the writers minutes
    check_block_lengths(document)  # before anything slow: a huge paragraph would take hours to lay out
    check_table_columns(document, layout)  # a table wider than the page would lose its last columns
    build_datetime(document.meta.date)  # a SOURCE_DATE_EPOCH that is no date stops `check` too
    images = check_images(document, source)
    covers = read_covers(document, layout, source)
    check_cover_title(document, layout, covers)  # a title the cover would set under 12 pt
    check_coverage(document, layout, project)  # a character no font of its role covers stops here
    return Inputs(covers=covers, images=images)


def check_render_urls(document: Document, layout: Layout, inputs: Inputs, layout_files: Mapping[str, bytes], *,
                      project: Path) -> None:
    """A RenderError for the first URL of the body's HTML (the layout's stylesheet and templates) or of a
    template cover that the build's render would refuse — found from the markup, without laying out a
    page, so `check` refuses what `build` refuses (the render's rule, `urls.refusal`, decides both)."""
    from reportpress.urls import first_refused, layout_base, refused_message, served

    dirs = fonts_dirs(project)
    html = write_html(document, layout, fonts_dirs=dirs, images=inputs.images)
    refused = first_refused(html, SOURCE_BASE, [layout.folder, *dirs], served(SOURCE_BASE, inputs.images))
    base = layout_base(layout.folder.name)
    for spec in inputs.covers:
        if refused is None and spec.kind == "template":
            refused = first_refused(cover_html(spec, document.meta, layout), base, [], served(base, layout_files))
    if refused is not None:
        raise RenderError(refused_message(*refused))


def build_print_pdf(document: Document, layout: Layout, source: Path, inputs: Inputs, *,
                    variant: str | None = None, attachments: Sequence[Attachment] = (),
                    project: Path, layout_files: Mapping[str, bytes] | None = None) -> bytes:
    """The whole print PDF — covers, body, page labels, metadata, PDF/A fixes — in one WeasyPrint write.

    `layout_files` are the layout's files by relative path (`read_layout_files`; read here when not
    given): the covers read them from memory, at a fixed folder name (`urls.layout_base`).
    """
    check_archival_covers(inputs.covers, variant)
    files = dict(read_layout_files(layout.folder)) if layout_files is None else layout_files
    return write_pdf(document, layout, source=SOURCE_BASE / source.name, covers=inputs.covers,
                     images=inputs.images, fonts_dirs=fonts_dirs(project), info=pdf_info(document),
                     variant=variant, attachments=attachments, layout_files=files)


def check_archival_covers(covers: Sequence[CoverSpec], variant: str | None) -> None:
    """For a PDF/A variant, a CoverError naming the first cover PDF that PDF/A cannot hold as it is
    (transparency, a font not embedded, data in another file: `merge.refuse_archival_cover`) — before
    anything renders, so the build stops with the cover's path instead of writing a PDF that is not PDF/A."""
    from reportpress.writers.pdf.archive import pdfa_part

    if variant is None or pdfa_part(variant) is None:
        return
    for spec in covers:
        if spec.kind == "pdf":
            refuse_archival_cover(spec.drawn or spec.data, f"{shown_path(spec.path)}: the {spec.side} cover PDF",
                                  variant)


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
