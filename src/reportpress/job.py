"""A build's inputs, read once into a frozen, picklable `Job`, and the one function that renders it.

In: a source path and the project folder. `prepare()` reads and checks everything one build reads —
the source's bytes, the layout's files, cover PDFs, images, the project's fonts — confined exactly as
`stages.check_inputs` confines them, and runs every check `build` and `check` run. Out: a `Job`, plain
bytes and paths, which pickles and travels to a batch worker or a Dask worker that has no access to the
project. The layout's files and the project's fonts are the Job's `Assets`: the same for every source of
a batch, named by a digest of their content, so a batch carries them to a worker once (`Job.light()`
travels without them; the worker keeps the Assets it was given, `remember`).

`run_job(job, formats, pdf_variant)` is the other half: it parses the source again from its bytes (the
reader is deterministic, and the model is not picklable), writes the Assets into a folder of this
process's own (`tempfile.mkdtemp`, removed when the process ends; the few last used are kept, by digest,
for a warm worker), and returns the products' bytes and the fonts the PDF embeds. The files of the layout
are served to WeasyPrint at a fixed folder name and the body's at `stages.SOURCE_BASE`, so where that
folder lies changes no byte: the same Job gives the same bytes in any process. `build()` goes through it
too, so a local build and a worker's build are one code path. Writing the files is the client's
(`build.write_outputs`).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import hashlib
import logging
import multiprocessing.util
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from reportpress import stages
from reportpress.errors import LayoutError, OutputError, ReportpressError, SourceError, SourceErrors, shown_path
from reportpress.files import walk_entries
from reportpress.fonts import FONT_SUFFIXES, fonts_dirs, project_font_files
from reportpress.formats import FORMATS, Format
from reportpress.layouts import Layout, read_layout
from reportpress.logcollect import WarningCollector
from reportpress.manifest import FontUse, fonts_used
from reportpress.model import Document
from reportpress.output import check_output_names
from reportpress.reader import document_from_bytes, read_source_bytes
from reportpress.resources import MAX_RESOURCE_BYTES, read_confined
from reportpress.stages import Files, Inputs, Progress, naming
from reportpress.writers.covers import CoverSpec

logger = logging.getLogger(__name__)

EPOCH = "SOURCE_DATE_EPOCH"
KEPT = 4  # Assets (and their folders) a process keeps: a batch has one or two layouts, a watch edits one
# The cyclic collector's first threshold while a Job runs (Python's default is 700 new objects). Laying a
# document out makes millions of short-lived objects, few of them in cycles: at the default, the collector
# ran about 1,050 times for the 398-page bench document and walked the whole heap (its boxes) 9 times,
# 1.8 s of its 25 s of CPU (0.15 s of the sample's 2.2 s); at 10,000 (and with `_collecting_less`'s
# freeze), 0.65 s there, `_free_layout`'s collection included, the peak about 10 MiB higher (garbage in
# cycles waits longer). Every byte written is the same.
GC_THRESHOLD = 10_000


@dataclass(frozen=True, slots=True)
class Assets:
    """The layout's files and the project's fonts: what many Jobs share, carried once per `digest`."""

    layout_name: str  # the layout folder's name: its files are served at `urls.layout_base(NAME)`
    layout_files: Files  # every regular file of the layout folder, at any depth
    fonts: Files  # the project's `fonts/` (the built-in and system fonts are the worker's own)
    digest: str = field(default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", assets_digest(self.layout_name, self.layout_files, self.fonts))


def assets_digest(layout_name: str, layout_files: Files, fonts: Files) -> str:
    """A digest of the content of Assets: their name in every cache."""
    hasher = hashlib.sha256()
    for kind, files in (("layout", layout_files), ("fonts", fonts)):
        for name, data in files:
            for part in (kind, name, hashlib.sha256(data).hexdigest()):
                hasher.update(part.encode("utf-8", "surrogatepass") + b"\0")
    hasher.update(layout_name.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Job:
    """Everything one build reads, read once and checked; picklable (bytes, strings and paths only).

    `source` is the source's path as the user gave it: every message and position names it so.
    `project` and `layout_folder` are the client's folders, kept for the manifest and for messages;
    a worker never opens them. `assets` is None in a `light()` Job, which names them by `digest`.
    """

    source: str
    source_data: bytes
    project: Path
    layout_folder: Path
    covers: tuple[CoverSpec, ...]  # a PDF cover carries its bytes; a template cover its path in the layout
    images: Files  # by `Image.src`
    digest: str  # of the Assets
    assets: Assets | None
    source_date_epoch: str | None = None  # the client's SOURCE_DATE_EPOCH: a worker dates outputs the same

    @property
    def name(self) -> str:
        """The source's file name, as outputs are named after it."""
        return Path(self.source).name

    def light(self) -> Job:
        """This Job without its Assets: for a worker that holds them already."""
        return replace(self, assets=None)

    def with_assets(self, assets: Assets) -> Job:
        """This Job with `assets` (which must be the ones it names)."""
        if assets.digest != self.digest:
            raise ValueError(f"assets {assets.digest} are not the Job's {self.digest}")
        return replace(self, assets=assets)


@dataclass(frozen=True, slots=True)
class Products:
    """What `run_job` made: each format's bytes (the DOCX too when a `pdf/a-3b` PDF embeds it), and the
    fonts the PDF embeds (for the manifest; empty without a PDF)."""

    files: dict[Format, bytes]
    fonts: tuple[FontUse, ...] = ()


class MissingAssets(Exception):
    """A light Job whose Assets this process does not hold: send the Job with them."""


# ------------------------------------------------------------------------------------------ prepare


def prepare(source: Path, *, project: Path, layout_name: str | None = None, confined: bool = False) -> Job:
    """Read and check everything a build of `source` reads, in this process, once; the Job. `confined`: the
    source was not named by the user but found in the project (`source/*.md`), and must still be inside it
    when it is read — a link swapped in since the command looked, however long a batch or a watch ran.

    The checks are `stages.check_inputs`'s (lengths, tables, dates, images, covers, fonts) after the
    layout's templates compiled: `check` and `build` both call this, so they refuse the same sources.
    """
    # read once: the bytes parsed are the bytes the manifest and a worker get
    data = read_source_bytes(source, inside=project if confined else None)
    check_output_names(source)
    document = document_from_bytes(data, str(source))
    layout = stages.open_layout(document, source, layout_name, project)
    inputs = stages.check_inputs(document, layout, source, project=project)
    assets = Assets(layout.folder.name, stages.read_layout_files(layout.folder), read_project_fonts(project))
    return Job(source=str(source), source_data=data, project=project, layout_folder=layout.folder,
               covers=inputs.covers, images=tuple(sorted(inputs.images.items())), digest=assets.digest,
               assets=assets, source_date_epoch=os.environ.get(EPOCH))


def read_project_fonts(project: Path) -> Files:
    """The font files of the project's `fonts/` (none when it is a link out of the project), confined."""
    own = project / "fonts"
    if own not in fonts_dirs(project):
        return ()
    root = own.resolve()
    found: list[tuple[str, bytes]] = []
    # the files `fonts` uses, no more: a folder nested too deep, a file that is no font, over the limits or
    # named in bytes that are not UTF-8 is skipped (fonts.py warned about it: it is not used), not read
    used = project_font_files(root)
    for path in sorted(walk_entries(root, too_deep=lambda deep: None)):
        if path.suffix.lower() in FONT_SUFFIXES and path.is_file() and path.resolve() in used:
            name = path.relative_to(root).as_posix()
            found.append((name, read_confined(path, root, "font", limit=MAX_RESOURCE_BYTES)))
    return tuple(found)


# ------------------------------------------------------------------------------------------ run


def run_job(job: Job, formats: Sequence[Format] = FORMATS, pdf_variant: str | None = None, *,
            progress: Progress | None = None) -> Products:
    """The products of `job`, made without opening the project: same Job, same bytes, in any process.

    A light Job's Assets must have come to this process before (`remember`); else MissingAssets.
    Each format is made by its entry of `WRITERS`, in `_order`'s order (the PDF first; for PDF/A-3b,
    which embeds the DOCX, the DOCX first). The source's reading logs nothing here: its warnings are
    `prepare`'s, logged where the Job was made (in a batch, by the client).
    """
    assets = job.assets if job.assets is not None else WORKSPACE.assets(job.digest)
    if assets is None:
        raise MissingAssets(job.digest)
    with _dated(job.source_date_epoch), _collecting_less(), WORKSPACE.materialised(assets) as root:
        return _run(job, assets, root, formats, pdf_variant, progress)


_collector_lock = threading.Lock()
# while a Job runs: the thresholds to put back, and whether this module froze what was alive before it
_collector_state: list[tuple[tuple[int, int, int], bool]] = []
_collector_depth = [0]  # Jobs running now in this process (threads of a watch or a test)


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """The cyclic collector's first threshold raised to `GC_THRESHOLD` while any Job of this process runs,
    and put back as it was once the last one ends (one that was higher already is kept).

    What was alive before the first Job began (modules, the process's caches) is frozen meanwhile
    (`gc.freeze`): the collections the Job makes, `_free_layout`'s too, walk only what it made
    (0.17 → 0.09 s of the sample's cold build, 0.09 → 0.04 s of a warm one). Not in a process that froze
    objects itself (a pool worker, `warmup.py`): `gc.unfreeze` would put back all of them, its own too.
    """
    with _collector_lock:
        if not _collector_depth[0]:
            first, *rest = thresholds = gc.get_threshold()
            froze = gc.get_freeze_count() == 0
            _collector_state[:] = [(thresholds, froze)]
            gc.set_threshold(max(first, GC_THRESHOLD), *rest)
            if froze:
                gc.freeze()
        _collector_depth[0] += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_depth[0] -= 1
            if not _collector_depth[0]:
                thresholds, froze = _collector_state.pop()
                gc.set_threshold(*thresholds)
                if froze:
                    gc.unfreeze()  # what the Job left alive is collected as ever again


def remember(assets: Assets) -> None:
    """Keep `assets` in this process, for the light Jobs that name them."""
    WORKSPACE.remember(assets)


@dataclass(frozen=True, slots=True)
class _Writing:
    """What every writer of one Job reads: the document, its layout and inputs, resolved once."""

    job: Job
    document: Document
    layout: Layout
    inputs: Inputs
    root: Path  # where the Job's Assets are materialised: the layout's folder and the project's fonts
    layout_files: dict[str, bytes]
    variant: str | None


def _write_pdf(writing: _Writing, made: Mapping[Format, bytes]) -> bytes:
    from reportpress.writers.pdf import Attachment

    source = Path(writing.job.source)
    # PDF/A-3b carries the source and the DOCX as associated files: the DOCX is made first (`_order`)
    attachments = [Attachment(source.name, writing.job.source_data, "Source"),
                   Attachment(f"{source.stem}.docx", made["docx"], "Alternative")
                   ] if writing.variant == "pdf/a-3b" else []
    return stages.build_print_pdf(writing.document, writing.layout, source, writing.inputs,
                                  variant=writing.variant, attachments=attachments, project=writing.root,
                                  layout_files=writing.layout_files)


def _write_docx(writing: _Writing, made: Mapping[Format, bytes]) -> bytes:
    from reportpress.writers.docx import docx_bytes, printed_pages  # python-docx loads only when asked for

    # a contents page gets the printed PDF's page numbers when the PDF was made first (Word fills in the
    # rest on opening)
    pages = printed_pages(made["pdf"]) if "pdf" in made and writing.document.meta.toc else None
    return docx_bytes(writing.document, writing.layout, writing.inputs.images, pages=pages)


# The writers: each makes its format's bytes from the resolved Job and what the writers before it made.
WRITERS: Mapping[Format, Callable[[_Writing, Mapping[Format, bytes]], bytes]] = {
    "pdf": _write_pdf,
    "docx": _write_docx,
}


def _order(formats: Sequence[Format], variant: str | None) -> list[Format]:
    """The formats to make, in the order to make them: the PDF first (the DOCX's contents take its page
    numbers, and the PDF — a build's largest use of memory — is laid out with nothing of the DOCX in the
    heap), except for PDF/A-3b, which embeds the DOCX, so makes it even when only the PDF was asked for."""
    if variant == "pdf/a-3b" and "pdf" in formats:
        return ["docx", "pdf"]
    return [fmt for fmt in FORMATS if fmt in formats]


def _run(job: Job, assets: Assets, root: Path, formats: Sequence[Format], pdf_variant: str | None,
         progress: Progress | None) -> Products:
    stages.check_variant(pdf_variant)
    step = progress or (lambda _stage: None)
    source = Path(job.source)
    document = document_from_bytes(job.source_data, job.source, quiet=True)  # `prepare` logged its warnings
    here = root / "layouts" / assets.layout_name
    try:
        layout = read_layout(here)
        covers = tuple(_moved_cover(spec, job.layout_folder, layout.folder) for spec in job.covers)
        writing = _Writing(job, document, layout, Inputs(covers=covers, images=dict(job.images)), root,
                           dict(assets.layout_files), pdf_variant)
        products: dict[Format, bytes] = {}
        with naming(source):
            for fmt in _order(formats, pdf_variant):
                step(fmt)
                products[fmt] = WRITERS[fmt](writing, products)
                if fmt == "pdf":
                    _free_layout()
        fonts = fonts_used(products["pdf"], fonts_dirs(root), root / "fonts") if "pdf" in products else ()
    except ReportpressError as error:
        raise _named_for_client(error, {here: job.layout_folder, root / "fonts": job.project / "fonts"}) from error
    return Products(files=products, fonts=fonts)


def _free_layout() -> None:
    """Collect the PDF writer's garbage now. A laid-out document lives in reference cycles (its boxes, its
    fonts, their HarfBuzz faces and so the pages of the font files they mapped), which only the cyclic
    collector frees: left to it, and with its first threshold raised (`GC_THRESHOLD`), the layouts of
    several Jobs of a worker or a watch were alive at once (the sample built four times in one process:
    peak 135, 142, 143, then 180 MiB). Freed here, the DOCX writer and the next Job start without it.
    Costs about 0.1 s for the sample, paid anyway later (by a later collection, or at exit)."""
    gc.collect()


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


class Workspace:
    """This process's own folder of materialised Assets and the last `KEPT` Assets, by digest.

    The folder is `tempfile.mkdtemp()`'s (0700, a fresh name: nothing another user made or can change),
    made on first use and removed when the process ends (a pool worker's is inside its client's); below
    it each Assets' files are written once, `DIGEST/layouts/NAME/…` and `DIGEST/fonts/…`, and the least
    recently used go when more are kept.
    """

    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        # a pool worker's folder goes inside its client's (`parent`): the client removes it when it ends,
        # even when the worker was killed and could not
        self.parent: str | None = None
        self._lock = threading.Lock()
        self._root: Path | None = None
        self._owner = 0
        self._entries: OrderedDict[str, tuple[Assets, Path | None]] = OrderedDict()
        self._in_use: dict[str, int] = {}

    def root(self) -> Path:
        """The folder, made now if this process has none yet (a forked child makes its own)."""
        if self._root is None or self._owner != os.getpid():
            try:
                made = tempfile.mkdtemp(prefix="reportpress-", dir=self.parent)
            except OSError as exc:  # no writable temporary folder at all (TMPDIR missing, read-only, full)
                raise _workspace_error(self.parent or tempfile.gettempdir(), exc) from None
            self._root = Path(made)
            self._owner = os.getpid()
            self._entries.clear()
            atexit.register(shutil.rmtree, self._root, True)
            # a multiprocessing child ends without running atexit, but with the finalizers
            multiprocessing.util.Finalize(None, shutil.rmtree, args=(str(self._root), True), exitpriority=10)
        return self._root

    def assets(self, digest: str) -> Assets | None:
        with self._lock:
            entry = self._entries.get(digest) if self._owner == os.getpid() else None
            if entry is None:
                return None
            self._entries.move_to_end(digest)
            return entry[0]

    def remember(self, assets: Assets) -> None:
        with self._lock:
            self.root()
            folder = self._entries[assets.digest][1] if assets.digest in self._entries else None
            self._entries[assets.digest] = (assets, folder)
            self._entries.move_to_end(assets.digest)
            self._evict()

    @contextlib.contextmanager
    def materialised(self, assets: Assets) -> Iterator[Path]:
        """The folder holding `layouts/NAME/…` and `fonts/…` of `assets`, kept while in use."""
        with self._lock:
            root = self.root()
            entry = self._entries.get(assets.digest)
            folder = entry[1] if entry is not None else None
            if folder is None or not _complete(folder, assets):  # a temporary-files cleaner may take files
                folder = root / assets.digest
                shutil.rmtree(folder, ignore_errors=True)  # a part left by a failed write
                try:
                    _write_files(folder / "layouts" / _plain(assets.layout_name), assets.layout_files)
                    _write_files(folder / "fonts", assets.fonts)
                except OSError as exc:  # a full temporary disk: a message, and no half-written folder kept
                    shutil.rmtree(folder, ignore_errors=True)
                    self._entries.pop(assets.digest, None)
                    raise _workspace_error(str(root), exc) from None
            self._entries[assets.digest] = (assets, folder)
            self._entries.move_to_end(assets.digest)
            self._in_use[assets.digest] = self._in_use.get(assets.digest, 0) + 1
            self._evict()
        try:
            yield folder
        finally:
            with self._lock:
                self._in_use[assets.digest] -= 1
                if not self._in_use[assets.digest]:
                    del self._in_use[assets.digest]
                self._evict()

    def folders(self) -> list[Path]:
        """The materialised folders kept now (for tests)."""
        with self._lock:
            return [folder for _assets, folder in self._entries.values() if folder is not None]

    def _evict(self) -> None:
        for digest in list(self._entries):
            if len(self._entries) <= self.kept:
                return
            if digest in self._in_use:
                continue
            _assets, folder = self._entries.pop(digest)
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


WORKSPACE = Workspace()


def _workspace_error(where: str, exc: OSError) -> OutputError:
    """Why the build's working folder (the layout's files and the fonts, for WeasyPrint) cannot be
    written: the temporary disk is full or read-only, which no source can be blamed for."""
    return OutputError(f"cannot write the build's working files in {shown_path(where)}: "
                       f"{exc.strerror or exc} (free some space there, or set TMPDIR to a folder with room, "
                       "and build again; no output was written)")


def _complete(folder: Path, assets: Assets) -> bool:
    """Whether every file of `assets` is in `folder` with its size (a stat each: cheap, and the folder is
    this process's own, so a file of the right size is the one written)."""
    parts = ((folder / "layouts" / assets.layout_name, assets.layout_files), (folder / "fonts", assets.fonts))
    for base, files in parts:
        for name, data in files:
            try:
                if (base / name).stat().st_size != len(data):
                    return False
            except OSError:
                return False
    return True


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


# ------------------------------------------------------------------------------------------ warnings


@contextlib.contextmanager
def collecting_warnings(*, propagate: bool) -> Iterator[WarningCollector]:
    """The `reportpress` loggers' warnings collected while in the block; printed as usual too only with
    `propagate` (a worker has no console of its own: the client logs what it sends back)."""
    root = logging.getLogger("reportpress")
    collector = WarningCollector()
    root.addHandler(collector)
    handlers, was = root.handlers, root.propagate
    if not propagate:
        root.handlers = [collector]
        root.propagate = False
    try:
        yield collector
    finally:
        root.handlers = handlers
        root.propagate = was
        with contextlib.suppress(ValueError):
            root.handlers.remove(collector)
