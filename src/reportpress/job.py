"""A build's inputs, read once into a frozen, picklable `Job`, and the one function that renders it.

In: a source path and the project folder. `prepare()` reads and checks everything one build reads —
the source's bytes, the layout's files, cover PDFs, images, the project's fonts — confined exactly as
`build.check_inputs` confines them, and runs every check `build` and `check` run. Out: a `Job`, plain
bytes and paths, which pickles and travels to a batch worker or a Dask worker that has no access to the
project.

`run_job(job, formats, pdf_variant)` is the other half: it parses the source again from its bytes (the
reader is deterministic, and the model is not picklable), writes the layout and the project's fonts into a
private folder named after their digest (the writers read templates and fonts by path), and returns the
products' bytes. It never opens the project: the same Job gives the same bytes in any process, and
`build()` goes through it too, so a local build and a worker's build are one code path. Writing the files
is the client's (`build.write_outputs`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from reportpress import build as stages
from reportpress.build import FORMATS, Format, Inputs, Progress, naming
from reportpress.errors import LayoutError, ReportpressError, SourceError, SourceErrors
from reportpress.fonts import FONT_SUFFIXES, fonts_dirs
from reportpress.layouts import read_layout, read_layout_file
from reportpress.model import Document, SourcePos
from reportpress.reader import read_text
from reportpress.resources import MAX_RESOURCE_BYTES, read_confined
from reportpress.writers.covers import CoverSpec

logger = logging.getLogger(__name__)

MAX_LAYOUT_FILES = 1000  # a layout is a handful of templates; a folder of thousands is a mistake
EPOCH = "SOURCE_DATE_EPOCH"
CACHE_PREFIX = "reportpress-jobs-"  # below the temporary folder, one per user, 0700

Files = tuple[tuple[str, bytes], ...]
"""Files by `/`-separated path relative to their folder, with their bytes, sorted by path."""


@dataclass(frozen=True, slots=True)
class Job:
    """Everything one build reads, read once and checked; picklable (bytes, strings and paths only).

    `source` is the source's path as the user gave it: every message and position names it so.
    `project` and `layout_folder` are the client's folders, kept for the manifest and for messages;
    a worker never opens them.
    """

    source: str
    source_data: bytes
    project: Path
    layout_folder: Path
    layout_files: Files  # every regular file of the layout folder, at any depth
    covers: tuple[CoverSpec, ...]  # a PDF cover carries its bytes; a template cover its path in the layout
    images: Files  # by `Image.src`
    fonts: Files  # the project's `fonts/` (the built-in and system fonts are the worker's own)
    source_date_epoch: str | None = None  # the client's SOURCE_DATE_EPOCH: a worker dates outputs the same

    @property
    def name(self) -> str:
        """The source's file name, as outputs are named after it."""
        return Path(self.source).name


@dataclass(frozen=True, slots=True)
class Products:
    """What `run_job` made: each format's bytes (the DOCX too when a `pdf/a-3b` PDF embeds it)."""

    files: dict[Format, bytes]


# ------------------------------------------------------------------------------------------ prepare


def prepare(source: Path, *, project: Path, layout_name: str | None = None) -> Job:
    """Read and check everything a build of `source` reads, in this process, once; the Job.

    The checks are `build.check_inputs`'s (lengths, tables, dates, images, covers, fonts) after the
    layout's templates compiled: `check` and `build` both call this, so they refuse the same sources.
    """
    data = read_source_bytes(source)  # read once: the bytes parsed are the bytes the manifest and a worker get
    document = document_from_bytes(data, str(source))
    layout = stages.open_layout(document, source, layout_name, project)
    inputs = stages.check_inputs(document, layout, source, project=project)
    return Job(source=str(source), source_data=data, project=project, layout_folder=layout.folder,
               layout_files=read_layout_files(layout.folder), covers=inputs.covers,
               images=tuple(sorted(inputs.images.items())), fonts=read_project_fonts(project),
               source_date_epoch=os.environ.get(EPOCH))


def read_source_bytes(source: Path) -> bytes:
    """The source's bytes, read the way the reader reads them (its limits and messages)."""
    from reportpress.files import NotRegularFile, TooLarge, read_regular
    from reportpress.reader.limits import MAX_SOURCE_BYTES, size_error

    try:
        return read_regular(source, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        raise SourceError(f"{source}: no such file", hint="check the path, or run `reportpress build` "
                          "in a project folder to build every source/*.md") from None
    except NotRegularFile as exc:
        kind = exc.kind if exc.kind == "a folder" else "not a regular file"
        raise SourceError(f"{source}: {kind}", hint="a source is a Markdown file such as source/report.md"
                          ) from None
    except TooLarge as exc:
        raise size_error(exc.size, str(source)) from None
    except (OSError, ValueError) as exc:
        raise SourceError(f"{source}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc


def document_from_bytes(data: bytes, name: str) -> Document:
    """The document of source bytes `data`, positions naming `name` (as `reader.read_source` decodes)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not UTF-8 text", SourcePos(name, line),
                          hint="convert it with `reportpress import FILE --encoding gb18030`") from exc
    return read_text(text, name)


def read_layout_files(folder: Path) -> Files:
    """Every regular file of the layout folder, each read confined to it (`layouts.read_layout_file`)."""
    root = folder.resolve()
    names: list[str] = []
    for parent, dirs, files in os.walk(root):
        dirs.sort()
        for entry in files:
            path = Path(parent) / entry
            if path.is_file():  # a FIFO or a device is no layout file; links were checked by read_layout
                names.append(path.relative_to(root).as_posix())
    if len(names) > MAX_LAYOUT_FILES:
        raise LayoutError(f"{folder}: {len(names)} files, more than the {MAX_LAYOUT_FILES} a layout may have")
    return tuple((name, read_layout_file(folder, name)) for name in sorted(names))


def read_project_fonts(project: Path) -> Files:
    """The font files of the project's `fonts/` (none when it is a link out of the project), confined."""
    own = project / "fonts"
    if own not in fonts_dirs(project):
        return ()
    root = own.resolve()
    found: list[tuple[str, bytes]] = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in FONT_SUFFIXES and path.is_file() and path.resolve().is_relative_to(root):
            name = path.relative_to(root).as_posix()
            found.append((name, read_confined(path, root, "font", limit=MAX_RESOURCE_BYTES)))
    return tuple(found)


# ------------------------------------------------------------------------------------------ run


def run_job(job: Job, formats: Sequence[Format] = FORMATS, pdf_variant: str | None = None, *,
            progress: Progress | None = None) -> Products:
    """The products of `job`, made without opening the project: same Job, same bytes, in any process.

    The DOCX is made first: a `pdf/a-3b` PDF embeds it (and the source) as associated files; but for a
    source with a contents page (`toc: true`) the PDF comes first, and the DOCX's contents show its page
    numbers (a `pdf/a-3b` one excepted, whose DOCX Word fills in on opening).
    """
    with _dated(job.source_date_epoch):
        return _run(job, formats, pdf_variant, progress)


def _run(job: Job, formats: Sequence[Format], pdf_variant: str | None, progress: Progress | None) -> Products:
    from reportpress.writers.pdf import Attachment

    stages.check_variant(pdf_variant)
    step = progress or (lambda _stage: None)
    source = Path(job.source)
    document = document_from_bytes(job.source_data, job.source)
    root = materialise(job)
    try:
        layout = read_layout(root / "layouts" / job.layout_folder.name)
        covers = tuple(_moved_cover(spec, job.layout_folder, layout.folder) for spec in job.covers)
        inputs = Inputs(covers=covers, images=dict(job.images))
        wanted = set(formats) | ({"docx"} if pdf_variant == "pdf/a-3b" else set())
        products: dict[Format, bytes] = {}
        pdf_first = document.meta.toc and "pdf" in wanted and pdf_variant != "pdf/a-3b"
        with naming(source):
            if pdf_first:
                step("pdf")
                products["pdf"] = stages.build_print_pdf(document, layout, source, inputs, variant=pdf_variant,
                                                         project=root)
            if "docx" in wanted:
                step("docx")
                # python-docx loads only when asked for
                from reportpress.writers.docx import docx_bytes, printed_pages

                pages = printed_pages(products["pdf"]) if pdf_first else None
                products["docx"] = docx_bytes(document, layout, inputs.images, pages=pages)
            if "pdf" in wanted and not pdf_first:
                step("pdf")
                attachments = [Attachment(source.name, job.source_data, "Source"),
                               Attachment(f"{source.stem}.docx", products["docx"], "Alternative")
                               ] if pdf_variant == "pdf/a-3b" else []
                products["pdf"] = stages.build_print_pdf(document, layout, source, inputs, variant=pdf_variant,
                                                         attachments=attachments, project=root)
    except ReportpressError as error:
        raise _named_for_client(error, {root / "layouts" / job.layout_folder.name: job.layout_folder,
                                        root / "fonts": job.project / "fonts"}) from error
    return Products(files=products)


@contextlib.contextmanager
def _dated(epoch: str | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH as the client had it, for the duration of one job (a worker process runs one
    job at a time: `dask worker --nthreads 1`, one process per pool slot)."""
    before = os.environ.get(EPOCH)
    if before == epoch:
        yield
        return
    if epoch is None:
        del os.environ[EPOCH]
    else:
        os.environ[EPOCH] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(EPOCH, None)
        else:
            os.environ[EPOCH] = before


def _moved_cover(spec: CoverSpec, client: Path, here: Path) -> CoverSpec:
    """A template cover's path in the materialised layout; a PDF cover as it is (it carries its bytes)."""
    if spec.kind != "template":
        return spec
    return replace(spec, path=here / spec.path.resolve().relative_to(client.resolve()))


def _named_for_client(error: ReportpressError, moved: dict[Path, Path]) -> ReportpressError:
    """`error` with the materialised folders' paths put back as the client's, so a message names the
    files the user has (a template's `file:line`)."""
    if isinstance(error, SourceError | SourceErrors):
        return error  # positions name the source as the user gave it
    text = str(error)
    for here, client in moved.items():
        text = text.replace(str(here), str(client))
    return error if text == str(error) else type(error)(text)


# ------------------------------------------------------------------------------------------ materialise


def job_digest(job: Job) -> str:
    """A digest of the files `run_job` writes out: the layout's and the project's fonts."""
    hasher = hashlib.sha256()
    for kind, files in (("layout", job.layout_files), ("fonts", job.fonts)):
        for name, data in files:
            for part in (kind, name, hashlib.sha256(data).hexdigest()):
                hasher.update(part.encode("utf-8", "surrogatepass") + b"\0")
    hasher.update(job.layout_folder.name.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()[:32]


def cache_root() -> Path:
    """This user's private folder of materialised jobs (0700, owned by the user, not a link)."""
    base = Path(tempfile.gettempdir()) / f"{CACHE_PREFIX}{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        base.mkdir(mode=0o700)
    status = os.lstat(base)
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise ReportpressError(f"{base}: not a private folder of this user (remove it, then build again)")
    return base


def materialise(job: Job) -> Path:
    """A folder holding `layouts/NAME/…` and `fonts/…` of `job`, written once per content.

    Named after the content's digest, so the paths WeasyPrint sees — and so the PDF's bytes — are the
    same for every build of the same layout and fonts on any machine with the same temporary folder; a
    warm worker writes a layout once for many sources. Written into a staging folder and renamed into
    place, so a concurrent worker sees the whole folder or none.
    """
    base = cache_root()
    final = base / job_digest(job)
    if final.is_dir():
        return final
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=base))
    try:
        _write_files(staging / "layouts" / _plain(job.layout_folder.name), job.layout_files)
        _write_files(staging / "fonts", job.fonts)
        try:
            staging.rename(final)
        except OSError:
            if not final.is_dir():  # another worker won the race; anything else is a real failure
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _plain(name: str) -> str:
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise LayoutError(f"{name!r}: not a layout folder name")
    return name


def _write_files(folder: Path, files: Files) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        path = folder.joinpath(*_relative_parts(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _relative_parts(name: str) -> Iterator[str]:
    """The components of a relative `/`-path that stays below its folder; a LayoutError otherwise."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or not relative.parts or any(part in ("..", ".") for part in relative.parts):
        raise LayoutError(f"{name!r}: not a file name inside a folder")
    yield from relative.parts
