"""The `reportpress` command: build, check, import, layouts, proof (DESIGN §7).

The only module that prints, uses rich, or chooses an exit code: 0 ok, 1 input errors (a bad source,
layout, font or resource), 2 usage errors. A `ReportpressError` is printed as one clear message,
never as a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from reportpress import __version__
from reportpress.errors import PrintableArgs, ReportpressError, SourceErrors, printable, printable_lines, shown_path
from reportpress.watch import cli as watch_cli

if TYPE_CHECKING:
    from reportpress.batch import Engine, Outcome

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
# WeasyPrint's variant names, listed here so that `--help` needs no import of WeasyPrint
PDF_VARIANT_CHOICES = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u", "pdf/a-1a",
                       "pdf/a-2a", "pdf/a-3a", "pdf/a-4e", "pdf/a-4f", "pdf/ua-1", "pdf/ua-2", "pdf/x-1a",
                       "pdf/x-3", "pdf/x-4", "pdf/x-5g")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit 2)."""


def _formats(value: str) -> list[str]:
    from reportpress.formats import FORMATS

    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or value!r}: use "
                                         f"{', '.join(FORMATS)} or a comma-separated list")
    return chosen


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of worker processes, 1 or more")
    return jobs


def _cluster(value: str) -> str:
    """A `tcp://HOST:PORT` scheduler address, checked before anything connects (a usage error, exit 2)."""
    from reportpress.cluster import AddressError, check_address

    try:
        return check_address(value)
    except AddressError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def make_parser() -> argparse.ArgumentParser:
    """The command line: one `add_*_command` per command, so a new command is one more call."""
    parser = argparse.ArgumentParser(prog="reportpress", description="Chinese reports to print PDF and DOCX.")
    parser.add_argument("--version", action="version", version=f"reportpress {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_build_command(commands)
    add_other_commands(commands)
    return parser


def add_build_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser("build", help="build sources into PDF and DOCX")
    build.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                       help="source files (default: every source/*.md)")
    build.add_argument("--layout", help="layout name or folder (default: the source's `layout`)")
    build.add_argument("--to", type=_formats, default=None, metavar="FORMATS",
                       help="pdf, docx or pdf,docx (default: both)")
    build.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="output folder (default: output/)")
    build.add_argument("--pdf-variant", metavar="V", choices=PDF_VARIANT_CHOICES,
                       help="pdf/a-1b, pdf/a-2b, pdf/a-3b (archival; a-3b embeds the source and the DOCX), "
                            "or another WeasyPrint variant")
    where = build.add_mutually_exclusive_group()
    where.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                       help="build on N warm worker processes (default: one per core; 1: one after another)")
    where.add_argument("--cluster", type=_cluster, metavar="tcp://HOST:PORT",
                       help="build on the workers of a Dask scheduler (needs reportpress[cluster])")


def add_other_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser("check", help="check sources: references, glossary, layout")
    check.add_argument("sources", nargs="+", type=Path, metavar="SOURCE")
    check.add_argument("--layout", help="layout name or folder")

    importer = commands.add_parser("import", help="turn raw report text into a marked-up source")
    importer.add_argument("raw", type=Path, metavar="RAW",
                          help="raw text: scraped, PDF-extracted, GBK… (a regular file of at most 32 MiB)")
    importer.add_argument("-o", "--output", type=Path, metavar="OUT",
                          help="the source to write, or a folder to write NAME.md into (default: source/NAME.md)")
    importer.add_argument("--encoding", metavar="E", help="the raw file's encoding (default: detected)")
    importer.add_argument("--force", action="store_true", help="overwrite OUT (and the --report file) if it exists")
    importer.add_argument("--report", type=Path, metavar="FILE.json",
                          help="also write the import report as JSON for tools (UTF-8): every structural "
                               "decision with its raw line numbers and a confidence, most doubtful first")

    fonts = commands.add_parser("fonts", help="which font file serves each role; characters no font covers")
    fonts.add_argument("source", type=Path, metavar="SOURCE", nargs="?")
    fonts.add_argument("--layout", help="layout name or folder")
    fonts.add_argument("--fontconfig", action="store_true",
                       help="print a fontconfig file making the layout's missing font names aliases of its "
                            "installed stand-ins (for LibreOffice opening the DOCX); no SOURCE needed")

    commands.add_parser("layouts", help="list the layouts")
    watch_cli.add_parser(commands)

    proof = commands.add_parser("proof", help="GB/T 9704 print preflight of any PDF; exit 1 on violations")
    proof.add_argument("pdf", type=Path, metavar="FILE.pdf")
    proof.add_argument("--layout", default="gov-report", help="layout whose rules apply (default: gov-report)")
    proof.add_argument("--json", action="store_true", help="one JSON object with every finding, for tools")


def project_sources(project: Path = Path(".")) -> list[Path]:
    """Every `source/*.md` of the project — but none that is a link leading out of it: a project received
    from elsewhere must not make a plain `reportpress build` (or `watch`) read the disk."""
    found = sorted((project / "source").glob("*.md"))
    if not found:
        raise UsageError("no SOURCE given and no source/*.md here: name a source file, or run in a project "
                         "folder")
    root = project.resolve()
    outside = [path for path in found if not path.resolve().is_relative_to(root)]
    if outside:
        raise UsageError(f"{', '.join(map(str, outside))}: a link leading out of the project; name the source "
                         "on the command line to build it anyway")
    return found


def _sources(given: Sequence[Path]) -> list[Path]:
    """The sources named, or every `source/*.md` of the project (`project_sources`)."""
    return list(given) if given else project_sources()


def output_folder(given: Path | None, project: Path = Path(".")) -> Path:
    """`--out`, or the project's `output/` — unless that is a link leading out of the project."""
    if given is not None:
        return given
    default = project / "output"
    if default.is_symlink() and not default.resolve().is_relative_to(project.resolve()):
        raise UsageError(f"{default}/ is a link leading out of the project ({default.resolve()}); "
                         "name that folder with --out to write there anyway")
    return default


def _out_dir(given: Path | None) -> Path:
    return output_folder(given)


# The errors of one source printed one by one; past it, one line says how many more. A 700 KB source of
# 50,000 unknown footnote calls printed 50,000 errors through rich (a millisecond each: 50 s).
MAX_SHOWN_ERRORS = 100


def _report(error: ReportpressError) -> None:
    _print_errors([str(item) for item in (error.errors if isinstance(error, SourceErrors) else (error,))])


def _print_errors(texts: Sequence[str]) -> None:
    for text in texts[:MAX_SHOWN_ERRORS]:
        stderr.print(f"error: {printable_lines(text)}", markup=False)
    if len(texts) > MAX_SHOWN_ERRORS:
        stderr.print(f"error: {len(texts) - MAX_SHOWN_ERRORS:,} more errors (only the first {MAX_SHOWN_ERRORS} are "
                     "shown): fix these, then check the source again", markup=False)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except (OSError, ValueError):  # a missing source: the build says so with its name
        return False


def _distinct_stems(sources: Sequence[Path], out_dir: Path) -> None:
    """Two sources named alike would write the same outputs, one over the other: refuse the command."""
    seen: dict[str, Path] = {}
    for source in sources:
        other = seen.setdefault(source.stem, source)
        if other is not source and _same_file(other, source):
            raise UsageError(f"{source} is named twice (as {other} too): name each source once")
        if other is not source:
            raise UsageError(f"{other} and {source} would both write {out_dir / source.stem}.*: build them "
                             "in two runs with different --out folders, or rename one")


def run_build(args: argparse.Namespace) -> int:
    """`build`: one source after another in this process (`--jobs 1`, or a single source), else a batch
    on warm worker processes (`--jobs N`, one per core by default) or on a Dask cluster (`--cluster`)."""
    from reportpress.pool import default_jobs, worker_context

    sources = _sources(args.sources)
    out_dir = _out_dir(args.out)
    _distinct_stems(sources, out_dir)
    if args.cluster is None and min(args.jobs or default_jobs(), len(sources)) == 1:
        return _build_serially(args, sources, out_dir)
    if args.cluster is None:
        worker_context()  # the workers' server imports the build while this process imports the batch
    return _build_batch(args, sources, out_dir)


def _build_serially(args: argparse.Namespace, sources: Sequence[Path], out_dir: Path) -> int:
    from reportpress.build import FORMATS, Format, build

    formats = cast(list[Format], args.to or list(FORMATS))
    failed = 0
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[stage]}"),
                  TimeElapsedColumn(), console=stderr, transient=True,
                  disable=not stderr.is_terminal) as progress:
        task = progress.add_task("building", total=len(sources) * (1 + len(formats)), stage="")
        for source in sources:
            progress.update(task, description=str(source))

            def step(stage: str) -> None:
                progress.update(task, stage=stage)
                if stage != "read":
                    progress.advance(task)

            try:
                result = build(source, formats=formats, out_dir=out_dir, layout_name=args.layout,
                               pdf_variant=args.pdf_variant, progress=step, project=Path.cwd(),
                               confined=not args.sources)
            except ReportpressError as error:
                _report(error)
                failed += 1
                continue
            progress.advance(task)
            for path in result.outputs.values():
                stdout.print(f"wrote {shown_path(path)}", markup=False)
    return EXIT_INPUT if failed else EXIT_OK


class BatchDisplay:
    """The batch's one progress display: an overall bar with its ETA and a line per source being built
    (rich, on a terminal); plain `wrote`/`error:` lines as each source finishes, everywhere."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.overall = progress.add_task("batch", total=total, status=f"0/{total}")
        self.rows: dict[Path, TaskID] = {}
        self.done = 0
        self.total = total

    def queued(self, source: Path) -> None:
        self.rows[source] = self.progress.add_task(f"  {shown_path(source)}", total=None, status="building")

    def finished(self, outcome: Outcome) -> None:
        row = self.rows.pop(outcome.source, None)
        if row is not None:
            self.progress.remove_task(row)
        self.done += 1
        self.progress.update(self.overall, advance=1, status=f"{self.done}/{self.total}")
        _print_errors(outcome.errors)
        for path in outcome.outputs.values():
            stdout.print(f"wrote {shown_path(path)}", markup=False)


def _build_batch(args: argparse.Namespace, sources: Sequence[Path], out_dir: Path) -> int:
    from reportpress.batch import LocalEngine, run_batch
    from reportpress.formats import FORMATS, Format
    from reportpress.pool import default_jobs

    formats = cast(list[Format], args.to or list(FORMATS))
    engine: Engine
    if args.cluster is not None:
        from reportpress.cluster import DaskEngine

        engine = DaskEngine(args.cluster)
    else:
        engine = LocalEngine(min(args.jobs or default_jobs(), len(sources)))
    with engine, Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[status]}"),
                          TimeElapsedColumn(), TimeRemainingColumn(), console=stderr, transient=True,
                          disable=not stderr.is_terminal) as progress:
        outcomes = run_batch(sources, engine, BatchDisplay(progress, len(sources)), project=Path.cwd(),
                             formats=formats, out_dir=out_dir, layout_name=args.layout,
                             pdf_variant=args.pdf_variant, confined=not args.sources)
    failed = [outcome for outcome in outcomes if not outcome.ok]
    if failed:
        _summary(outcomes)
    return EXIT_INPUT if failed else EXIT_OK


def _summary(outcomes: Sequence[Outcome]) -> None:
    """The table a batch with failures ends with: every source, built or failed, and the first error."""
    table = Table(title=f"{sum(not o.ok for o in outcomes)} of {len(outcomes)} sources failed", title_justify="left")
    for column in ("source", "result", "first error"):
        table.add_column(column, overflow="fold")
    for outcome in outcomes:
        table.add_row(shown_path(outcome.source), "ok" if outcome.ok else "FAILED",
                      outcome.errors[0] if outcome.errors else "")
    stderr.print(table, markup=False, highlight=False, emoji=False)


def run_check(args: argparse.Namespace) -> int:
    from reportpress.job import prepare
    from reportpress.reader import document_from_bytes
    from reportpress.stages import Inputs, check_render_urls, naming, open_layout

    failed = 0
    for source in args.sources:
        try:
            job = prepare(source, project=Path.cwd(), layout_name=args.layout)  # the checks `build` runs
            document = document_from_bytes(job.source_data, job.source, quiet=True)  # prepare's warnings
            layout = open_layout(document, source, args.layout, Path.cwd())
            # the templates run here as in a build (HTML only, no PDF): an error in one stops `check` too,
            # and so does a URL of theirs or of the stylesheet that the build's render may not read
            assert job.assets is not None  # `prepare` reads them
            with naming(source):  # as the build names it
                check_render_urls(document, layout, Inputs(covers=job.covers, images=dict(job.images)),
                                  dict(job.assets.layout_files), project=Path.cwd())
        except ReportpressError as error:
            _report(error)
            failed += 1
        else:
            stdout.print(f"{shown_path(source)}: ok", markup=False)
    return EXIT_INPUT if failed else EXIT_OK


def run_fonts(args: argparse.Namespace) -> int:
    """Each role's font stack (the face serving it, the families not installed), then missing characters;
    with `--fontconfig`, the layout's aliases file instead."""
    from reportpress.fonts import check_fonts
    from reportpress.stages import open_source

    if args.fontconfig:
        return _print_fontconfig(args)
    if args.source is None:
        raise UsageError("fonts: name the SOURCE whose fonts to check (or use --fontconfig)")

    report = check_fonts(*open_source(args.source, args.layout, project=Path.cwd()), Path.cwd())
    for role in report.used_roles:
        stack = report.fontset[role]
        serving = stack.faces[0] if stack.faces else None
        stdout.print(f"{role} (weight {stack.weight}): {serving or 'NO FONT INSTALLED'}", markup=False)
        marked = False  # two families may name one face (fontconfig matches the Bold and the Black by
        for family, face in stack.families:  # "Noto Serif CJK SC"): the arrow goes to the first that serves
            serves = face is not None and face is serving and not marked
            marked = marked or serves
            again = face is not None and face is serving and not serves
            shown = f"{face} (the same face)" if again else str(face or "not installed")
            stdout.print(f"  {'→' if serves else ' '} {family}: {shown}", markup=False)
    for item in report.missing:
        stderr.print(f"missing: {printable_lines(str(item))}", markup=False)
    return EXIT_INPUT if report.missing else EXIT_OK


def _print_fontconfig(args: argparse.Namespace) -> int:
    """`fonts --fontconfig`: the aliases of the layout the source names (or `--layout`, else gov-report)."""
    from reportpress.fontconfig import fontconfig_aliases
    from reportpress.fonts import discover_faces
    from reportpress.layouts import load_layout
    from reportpress.stages import open_source

    if args.source is not None:
        layout = open_source(args.source, args.layout, project=Path.cwd())[1]
    else:
        layout = load_layout(args.layout or "gov-report", Path.cwd(), allow_path=True)
    sys.stdout.write(fontconfig_aliases(layout, discover_faces()))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    import json

    from reportpress.importer import format_report, report_to_json, write_import
    from reportpress.output import write_bytes_atomic

    target = args.output or Path("source") / f"{args.raw.stem}.md"
    if args.output is None and not Path("source").resolve().is_relative_to(Path.cwd().resolve()):
        raise UsageError("source/ is a link leading out of the project: name the file to write with -o")
    if args.output and args.output.is_dir():  # `-o source/`: the folder to write RAW's name into
        target = args.output / f"{args.raw.stem or 'imported'}.md"
    elif args.output and not args.output.parent.is_dir():
        raise UsageError(f"{args.output.parent}: no such folder for -o (create it first)")
    if args.report is not None:
        _check_report_path(args.report, target, args.force)
    result = write_import(args.raw, target, encoding=args.encoding, force=args.force)
    stderr.print(format_report(result.report), markup=False)
    if args.report is not None:
        # not ASCII-escaped: the report quotes Chinese text a person may read in any editor
        data = json.dumps(report_to_json(result.report), ensure_ascii=False, indent=2) + "\n"
        write_bytes_atomic(args.report, data.encode("utf-8"))
        stdout.print(f"wrote {shown_path(args.report)}: the import report", markup=False)
    stdout.print(f"wrote {shown_path(target)}: review it, then `reportpress build {shown_path(target)}`", markup=False)
    return EXIT_OK


def _check_report_path(report: Path, target: Path, force: bool) -> None:
    """Refuse a `--report` path before anything is written: a folder, a missing folder, the source
    itself, or an existing file without `--force` (the source is refused the same way)."""
    if report.is_dir():
        raise UsageError(f"{report}: is a folder (name the JSON file to write, such as {report / 'import.json'})")
    if not report.parent.is_dir():
        raise UsageError(f"{report.parent}: no such folder for --report (create it first)")
    if report.resolve() == target.resolve():
        raise UsageError(f"{report}: the report would overwrite the source being written: name another file")
    if report.exists() and not force:
        raise UsageError(f"{report}: already exists (use --force to overwrite it)")


def run_layouts(args: argparse.Namespace) -> int:
    from reportpress.layouts import list_layouts, read_layout

    for name, folder in list_layouts(Path.cwd()).items():
        try:
            description = read_layout(folder).description
        except ReportpressError as error:
            description = f"(broken: {error})"
        stdout.print(f"{printable(name)}\t{printable(description)}\t{shown_path(folder)}", markup=False)
    return EXIT_OK


def run_proof(args: argparse.Namespace) -> int:
    """Proof a PDF against a layout's rules: exit 0 when clean, 1 when a rule is broken."""
    import json

    from reportpress.layouts import load_layout
    from reportpress.proof import format_report, proof_pdf, report_to_json

    report = proof_pdf(args.pdf, load_layout(args.layout, Path.cwd()))
    # quotes are text from someone's PDF: no markup, highlighting or :emoji: codes may touch them
    if args.json:  # json.dumps writes every C0 control as an escape; the reader is a tool, not a terminal
        text = json.dumps(report_to_json(report), ensure_ascii=False, indent=2)
    else:  # font names, quotes and the file's own name come from the PDF: each line printed escaped
        text = printable_lines(format_report(report))
    stdout.print(text, markup=False, highlight=False, emoji=False)
    return EXIT_OK if report.clean else EXIT_INPUT


def _configure_logging() -> None:
    handler = RichHandler(console=stderr, show_time=False, show_path=False, markup=False,
                          rich_tracebacks=False)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(PrintableArgs())  # a path or quoted text in a warning prints no control character
    root = logging.getLogger("reportpress")
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    root.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv`; the exit code. A Ctrl-C before this runs is `__main__.entry`'s."""
    commands = {"build": run_build, "check": run_check, "fonts": run_fonts, "import": run_import,
                "layouts": run_layouts, "proof": run_proof, "watch": watch_cli.run}
    try:
        args = make_parser().parse_args(argv)
        _configure_logging()
        return commands[args.command](args)
    except UsageError as error:
        stderr.print(f"reportpress: {printable_lines(str(error))}", markup=False)
        return EXIT_USAGE
    except ReportpressError as error:
        _report(error)
        return EXIT_INPUT
    except KeyboardInterrupt:
        stderr.print("interrupted", markup=False)
        return 130


if __name__ == "__main__":
    sys.exit(main())  # `python -m reportpress` goes through __main__.entry, which also guards start-up
