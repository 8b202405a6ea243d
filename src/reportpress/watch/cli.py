"""`reportpress watch [SOURCE] [--port P]`: the command line of the live preview.

`reportpress.cli` adds the sub-command with `add_parser(commands)` and runs it with `run(args)`;
`python -m reportpress.watch` runs it alone (`main`). Exit codes as `reportpress`'s: 0 after Ctrl-C,
2 for a command line that cannot be carried out (no such source, the port taken).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the modules that load WeasyPrint and PDFium load in `run`: `reportpress --help` stays quick
    from reportpress.watch.server import PreviewServer
    from reportpress.watch.state import Preview

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """Add `watch` to `commands` (the `reportpress` parser's sub-parsers)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "watch", help="rebuild a source on every save, with a live preview page on 127.0.0.1")
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", type=Path, metavar="SOURCE",
                        help="the source to watch (default: the only source/*.md)")
    parser.add_argument("--port", type=_port, default=None, metavar="P",
                        help=f"port of the preview (default: {DEFAULT_PORT}, or a free one if it is taken; "
                             "0: a free one)")
    parser.add_argument("--host", default=None, metavar="H",
                        help=f"address to serve on (default: {DEFAULT_HOST}; any other lets this machine's "
                             "network read the preview)")
    parser.add_argument("--layout", help="layout name or folder (default: the source's `layout`)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="output folder the builds write, as `build` (default: output/)")
    parser.add_argument("--report", type=Path, default=None, metavar="FILE.json",
                        help="the import report (`import --report`) whose doubts to list "
                             "(default: NAME.import.json beside the source, if there is one)")
    parser.add_argument("--raw", type=Path, default=None, metavar="RAW",
                        help="the raw file the source was imported from, to show the doubts' raw lines")


def _port(value: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r}: give a port from 0 (a free one) to 65535")
    return port


def _source(given: Path | None, project: Path) -> Path:
    """The source named, or the project's only `source/*.md` — refused as `build` refuses it when it is a
    link leading out of the project (`cli.project_sources`); a UsageError when there is none to choose."""
    from reportpress.cli import UsageError, project_sources

    if given is not None:
        return given
    found = project_sources(project)
    if len(found) != 1:
        raise UsageError("name the source to watch (no SOURCE given, and not exactly one source/*.md here)")
    return found[0]


def _say(text: str, stream: Any = None) -> None:
    stream = stream or sys.stdout
    stream.write(text + "\n")
    stream.flush()  # the URL line is read by whoever started the watch (a script, a test)


def _bind(host: str, port: int | None, preview: Preview) -> PreviewServer:
    """The server on `port`, or on a free port when the default one is taken."""
    from reportpress.watch.server import make_server

    try:
        return make_server(host, DEFAULT_PORT if port is None else port, preview)
    except OSError:
        if port is not None:
            raise
        return make_server(host, 0, preview)


def warn_if_exposed(host: str) -> None:
    """A warning when `host` (given with --host) is not a loopback address: the network can read the preview."""
    from reportpress.watch.server import is_loopback

    if not is_loopback(host.strip("[]")):
        logger.warning("serving the preview on %s: anyone who can reach this address can read the document "
                       "(leave out --host to serve on 127.0.0.1 only)", host)


def run(args: argparse.Namespace) -> int:
    """Serve the preview and build on every save until Ctrl-C."""
    from reportpress.cli import UsageError, output_folder
    from reportpress.watch.loop import Watch, run_loop
    from reportpress.watch.state import Preview, Snapshot

    project = Path(".")  # the current folder, as `build` takes it: the only place the watch looks it up
    try:
        source = _source(args.source, project)
        out_dir = output_folder(args.out, project)
    except UsageError as error:
        _say(f"reportpress: {error}", sys.stderr)
        return EXIT_USAGE
    if not source.is_file():
        _say(f"reportpress: {source}: no such file", sys.stderr)
        return EXIT_USAGE
    host = args.host or DEFAULT_HOST  # only an explicit --host binds anything but loopback
    warn_if_exposed(host)
    preview = Preview(Snapshot(source=source))
    try:
        server = _bind(host, args.port, preview)
    except OSError as exc:
        _say(f"reportpress: cannot serve on {host}:{args.port}: {exc.strerror or exc}", sys.stderr)
        return EXIT_USAGE
    address, bound_port = server.server_address[:2]
    bound_host = address.decode() if isinstance(address, bytes) else address
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    _say(f"preview: http://{shown}:{bound_port}/  (watching {source}; Ctrl-C to stop)")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.25}, daemon=True)
    thread.start()
    stop = threading.Event()
    watch = Watch(source=source, out_dir=out_dir, project=project.resolve(), layout_name=args.layout,
                  report=args.report, raw=args.raw, confined=args.source is None, default_out=args.out is None)
    try:
        run_loop(watch, preview, stop)
    except KeyboardInterrupt:
        _say("stopped", sys.stderr)
    finally:
        stop.set()
        preview.close()
        server.shutdown()
        server.server_close()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m reportpress.watch …`: the command alone, with reportpress's warnings on stderr."""
    parser = argparse.ArgumentParser(prog="reportpress watch",
                                     description="Rebuild a source on every save; live preview on 127.0.0.1.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    root = logging.getLogger("reportpress")
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.WARNING)
        root.propagate = False
    return run(args)
