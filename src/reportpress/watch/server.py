"""The preview's HTTP server: fixed routes on a loopback address, read-only, for one browser on this machine.

Routes (nothing of a URL names a file; `N` only indexes the pages in memory):

    /               the page: every page image, the error overlay, warnings, import doubts, downloads
    /preview.js     its script, /preview.css its style (the page's CSP allows no inline code)
    /page/N.png     page N of the last good build, at screen resolution
    /output.pdf     the last good build's PDF, /output.docx its DOCX, as downloads
    /state.json     the state the page shows, for tools and tests
    /events         server-sent events: `build` (the generation, when a build ends), `status`

A request whose Host header is a domain name is refused — only an IP address, `localhost` and, with a
non-loopback `--host`, that name and this machine's are answered: a web page elsewhere cannot reach the
preview by pointing its own domain name at 127.0.0.1 (DNS rebinding), and an IP address in the Host
header means the page came from this server's own origin.
No response allows another origin (no CORS header; `Cross-Origin-Resource-Policy: same-origin`), and a
browser's request that says it comes from another site or origin (`Sec-Fetch-Site`) is refused unless it
opens a page: another page, even of another port on localhost, cannot read or embed the preview.

Connections are bounded: at most MAX_CONNECTIONS at once (one more is closed as soon as it is accepted),
each closed after IDLE_SECONDS without a request or while a reply cannot be sent — so a local program
opening connections it never uses holds no thread for long and cannot starve the browser. A browser that
goes away mid-reply (a cancelled download, a reload while images load) ends that reply quietly.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import socket
import sys
import threading
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from reportpress.watch.state import Preview, Snapshot

logger = logging.getLogger(__name__)

LOOPBACK_NAMES = frozenset({"localhost"})
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
PAGE_ROUTE = re.compile(r"/page/([1-9][0-9]{0,5})\.png")
KEEPALIVE_SECONDS = 15.0  # an idle `/events` stream sends a comment this often, to notice a gone browser
IDLE_SECONDS = 20.0  # a connection waiting this long for a request, or to send a reply, is closed
MAX_CONNECTIONS = 64  # a browser opens six a host, and one `/events` stream a preview tab
# what a client can do to a connection at any time: not ours to report
GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name of a Host header without its port: `[::1]:8765` → `::1`, `Localhost:8765` → `localhost`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@cache
def _static(name: str) -> str:
    return (files("reportpress.watch") / "static" / name).read_text(encoding="utf-8")


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(_static("preview.html.j2"))


def page_html(snapshot: Snapshot) -> str:
    """The preview page of `snapshot`; every text in it escaped (autoescape), errors and doubts included."""
    return _template().render(s=snapshot, name=snapshot.source.name)


def state_json(snapshot: Snapshot) -> dict[str, object]:
    return {"source": str(snapshot.source), "generation": snapshot.generation, "built": snapshot.built,
            "building": snapshot.building, "pages": [page.digest for page in snapshot.pages],
            "changed": snapshot.changed, "error": list(snapshot.error), "warnings": list(snapshot.warnings),
            "doubts": len(snapshot.doubts.doubts) if snapshot.doubts else None}


def attachment(filename: str) -> str:
    """A Content-Disposition naming the download like the output, with an ASCII fallback name."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "output"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def same_origin_or_navigation(site: str | None, mode: str | None) -> bool:
    """Whether a browser's fetch metadata allow an answer: no metadata (curl, an old browser), a request of
    the preview page itself, or the user opening a link to it (a top-level navigation)."""
    return site in (None, "same-origin", "none") or mode == "navigate"


class PreviewServer(ThreadingHTTPServer):
    """The server of one preview; its handler threads are daemons, so a stuck browser never holds exit."""

    daemon_threads = True
    request_queue_size = MAX_CONNECTIONS  # a browser's burst of image requests waits for no SYN retry

    def __init__(self, address: tuple[str, int], preview: Preview, allowed_hosts: frozenset[str]) -> None:
        self.preview = preview
        self.allowed_hosts = allowed_hosts
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread of its own, or close it at once when MAX_CONNECTIONS are open."""
        if not self.slots.acquire(blocking=False):
            logger.debug("%s: closed: %d connections are open", client_address, MAX_CONNECTIONS)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()  # no thread started: nothing else releases its slot
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is no error; anything else is one line (socketserver printed a traceback)."""
        error = sys.exc_info()[1]
        if isinstance(error, GONE):
            logger.debug("%s: the connection ended: %s", client_address, error)
            return
        logger.error("preview: a request from %s failed: %s: %s", client_address[0], type(error).__name__, error)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"  # keep-alive for the page's images; every reply has a Content-Length
    server_version = "reportpress-watch"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(IDLE_SECONDS)  # for every read and write; read here, not at import

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        if not host_allowed(host_name(self.headers.get("Host", "")), self.server.allowed_hosts):
            self._reply(HTTPStatus.MISDIRECTED_REQUEST, b"this preview answers only to 127.0.0.1 and localhost\n",
                        "text/plain; charset=utf-8", head=head)
            return
        if not same_origin_or_navigation(self.headers.get("Sec-Fetch-Site"), self.headers.get("Sec-Fetch-Mode")):
            self._reply(HTTPStatus.FORBIDDEN, b"the preview serves its own page only\n", "text/plain; charset=utf-8",
                        head=head)
            return
        path = urlsplit(self.path).path
        snapshot = self.server.preview.current()
        if path == "/events" and not head:
            self._events(snapshot)
            return
        found = self._route(path, snapshot)
        if found is None:
            self._reply(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head=head)
            return
        body, kind, *extra = found
        self._reply(HTTPStatus.OK, body, kind, head=head, disposition=extra[0] if extra else None)

    def _route(self, path: str, snapshot: Snapshot) -> tuple[bytes, str] | tuple[bytes, str, str] | None:
        if path == "/":
            return page_html(snapshot).encode("utf-8"), "text/html; charset=utf-8"
        if path == "/preview.js":
            return _static("preview.js").encode("utf-8"), "text/javascript; charset=utf-8"
        if path == "/preview.css":
            return _static("preview.css").encode("utf-8"), "text/css; charset=utf-8"
        if path == "/state.json":
            return json.dumps(state_json(snapshot), ensure_ascii=False).encode("utf-8"), "application/json"
        if path == "/output.pdf" and snapshot.pdf is not None:
            return snapshot.pdf, "application/pdf", attachment(f"{snapshot.source.stem}.pdf")
        if path == "/output.docx" and snapshot.docx is not None:
            return snapshot.docx, DOCX_TYPE, attachment(f"{snapshot.source.stem}.docx")
        match = PAGE_ROUTE.fullmatch(path)
        if match and int(match.group(1)) <= len(snapshot.pages):
            return snapshot.pages[int(match.group(1)) - 1].png, "image/png"
        return None

    def _reply(self, status: HTTPStatus, body: bytes, kind: str, *, head: bool,
               disposition: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if disposition:
            self.send_header("Content-Disposition", disposition)
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, seen: Snapshot) -> None:
        """Stream `build` and `status` events until the browser goes or the preview closes.

        The current generation is sent first: a page rendered before a build ended reloads at once.
        """
        self.close_connection = True  # the stream has no length: it ends with the connection
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Connection", "close")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        preview = self.server.preview
        try:
            self._send_event("build", str(seen.generation))
            self._send_event("status", "building" if seen.building else "idle")
            while not preview.closed:
                snapshot = preview.wait_change(seen, KEEPALIVE_SECONDS)
                if snapshot is seen:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                if snapshot.building != seen.building:
                    self._send_event("status", "building" if snapshot.building else "idle")
                if snapshot.generation != seen.generation:
                    self._send_event("build", str(snapshot.generation))
                seen = snapshot
        except GONE:
            return  # the page reloaded or was closed, or stopped reading

    def _send_event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()


def allowed_hosts(host: str) -> frozenset[str]:
    """The domain names the server answers to besides IP addresses: `localhost`; for a `host` that serves
    the network (`--host`), that name and this machine's names too."""
    if is_loopback(host):
        return LOOPBACK_NAMES
    return LOOPBACK_NAMES | {host.lower(), socket.gethostname().lower(), socket.getfqdn().lower()}


def host_allowed(name: str, names: frozenset[str]) -> bool:
    """Whether a Host header's `name` may be answered: an IP address (no DNS involved), or one of `names`."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name in names
    return True


def make_server(host: str, port: int, preview: Preview) -> PreviewServer:
    """The server bound to `host:port` (port 0: any free port); OSError when the address is taken."""
    return PreviewServer((host.strip("[]"), port), preview, allowed_hosts(host.strip("[]")))
