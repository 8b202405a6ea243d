"""The warm build loop: build once, then again after every save of an input, in this one process.

WeasyPrint, the layouts' compiled templates and the font caches stay loaded between builds, so a
rebuild costs the build itself. Inputs are polled (`inputs.stamps`, a `stat` each) every POLL_SECONDS;
a change is built once the stamps hold still for one more poll, as an editor may write a file in steps.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from reportpress.build import build
from reportpress.errors import OutputError, ReportpressError
from reportpress.job import collecting_warnings
from reportpress.watch.doubts import ImportDoubts, default_report, read_doubts
from reportpress.watch.inputs import Stamp, stamp, stamps, watched_paths
from reportpress.watch.pages import first_changed, render_pages
from reportpress.watch.state import Preview, Snapshot

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.3
MAX_MESSAGE_LINES = 50  # of one error or of the warnings shown: the overlay must stay readable
MAX_LINE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Watch:
    """What to build and where: the command line's choices."""

    source: Path
    out_dir: Path
    project: Path  # where `layouts/` and `fonts/` are looked for (the command line's current folder)
    layout_name: str | None = None
    report: Path | None = None  # the import report; default: NAME.import.json beside the source
    raw: Path | None = None  # the raw file the source was imported from, for the doubts' raw lines
    # the watch chose the source (the only `source/*.md`) or the output folder (`output/`) itself: each
    # build refuses them, as `build` does, when they have become links leading out of the project since
    confined: bool = False
    default_out: bool = False


def bounded_lines(text: str) -> tuple[str, ...]:
    lines = [line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + "…" for line in text.splitlines()]
    if len(lines) > MAX_MESSAGE_LINES:
        lines = [*lines[:MAX_MESSAGE_LINES], f"… and {len(lines) - MAX_MESSAGE_LINES} more lines"]
    return tuple(lines)


def doubts_of(watch: Watch) -> ImportDoubts | None:
    report = watch.report or default_report(watch.source)
    return read_doubts(report, watch.raw) if report is not None else None


def build_and_publish(watch: Watch, preview: Preview) -> Snapshot:
    """One build into the output folder; its pages published, or its error beside the last good pages."""
    before = preview.publish(building=True)
    generation = before.generation + 1
    with collecting_warnings(propagate=True) as collector:
        try:
            _check_output_folder(watch)
            # the products' bytes as the build wrote them (DIR/NAME.pdf, .docx): not read back from the folder
            products = build(watch.source, out_dir=watch.out_dir, layout_name=watch.layout_name,
                             project=watch.project, confined=watch.confined).products
            pdf, docx = products["pdf"], products["docx"]
            pages = render_pages(pdf, previous=before.pages)
        except ReportpressError as error:
            failure: tuple[str, ...] = bounded_lines(str(error))
        except Exception as exc:  # a bug must not end the watch: the page says so, the console has the trace
            logger.exception("%s: the build failed unexpectedly", watch.source)
            failure = bounded_lines(f"{watch.source}: internal error: {type(exc).__name__}: {exc}")
        else:
            failure = ()
    warnings = bounded_lines("\n".join(collector.messages))
    doubts = doubts_of(watch)
    if failure:
        return preview.publish(generation=generation, building=False, error=failure, warnings=warnings,
                               doubts=doubts)
    return preview.publish(generation=generation, built=generation, building=False, pages=pages,
                           changed=first_changed(before.pages, pages), pdf=pdf, docx=docx, error=(),
                           warnings=warnings, doubts=doubts)


def _check_output_folder(watch: Watch) -> None:
    """An OutputError when the watch's own `output/` is now a link leading out of the project (`build`
    refuses one when it starts; a watch runs for hours, and a sync or a checkout may swap it meanwhile)."""
    folder = watch.out_dir if watch.out_dir.is_absolute() else watch.project / watch.out_dir
    if watch.default_out and folder.is_symlink() and not folder.resolve().is_relative_to(watch.project):
        raise OutputError(f"{watch.out_dir}/ is now a link leading out of the project ({folder.resolve()}): "
                          "nothing written (name that folder with --out to write there anyway)")


def watched(watch: Watch) -> set[Path]:
    paths = watched_paths(watch.source, watch.out_dir, watch.project, watch.layout_name)
    report = watch.report or default_report(watch.source)
    return paths | {path for path in (report, watch.raw) if path is not None}


def settled(current: dict[Path, Stamp], stop: threading.Event, poll: float) -> dict[Path, Stamp] | None:
    """The stamps once two polls in a row agree; None when asked to stop meanwhile."""
    while not stop.wait(poll):
        again = stamps(current)
        if again == current:
            return current
        current = again
    return None


def run_loop(watch: Watch, preview: Preview, stop: threading.Event, poll: float = POLL_SECONDS) -> None:
    """Build, then build again after each save, until `stop` is set."""
    seen = stamps(watched(watch))  # before the build: a save during the build is seen after it
    build_and_publish(watch, preview)
    seen = _extend(seen, watched(watch))
    while not stop.wait(poll):
        now = stamps(seen)
        if now == seen:
            continue
        steady = settled(now, stop, poll)
        if steady is None:
            return
        build_and_publish(watch, preview)
        seen = _extend(steady, watched(watch))


def _extend(known: dict[Path, Stamp], paths: set[Path]) -> dict[Path, Stamp]:
    """Stamps for `paths`: the known ones kept (what the build read), new ones taken now."""
    return {path: known[path] if path in known else stamp(path) for path in paths}
