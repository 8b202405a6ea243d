"""`reportpress watch`: the live preview, driven from a real headless Chromium and read back over HTTP.

One watch process serves a temporary project (a copy of tests/data/sources/every-construct.md, layout
gov-report). The browser test loads the preview, checks every page image, edits the source and waits for
the new pages, then saves two broken sources and checks the overlay (escaped) over the old pages. Every
wait is a poll with a generous bound; nothing sleeps for a fixed time.

Chromium is Debian's `chromium` (`make test` installs it), or the executable `REPORTPRESS_CHROMIUM` names;
it is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`), so no client library is needed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pymupdf
import pytest
from PIL import Image

from reportpress.cli import main as reportpress_main
from reportpress.importer.decode import split_lines
from reportpress.layouts import find_layout
from reportpress.watch.cli import main as watch_main
from reportpress.watch.cli import warn_if_exposed
from reportpress.watch.doubts import read_doubts
from reportpress.watch.inputs import watched_paths
from reportpress.watch.loop import Watch, run_loop
from reportpress.watch.pages import first_changed, render_pages
from reportpress.watch.server import allowed_hosts, host_allowed, host_name, is_loopback, page_html
from reportpress.watch.state import Preview, Snapshot
from tests.batchutil import sigint_default

from .conftest import REPO

WAIT = 300.0  # seconds: a bound for a build on a busy shared machine, never a expected duration
POLL = 0.2
SOURCE_DATA = REPO / "tests" / "data" / "sources" / "every-construct.md"
T = TypeVar("T")


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = WAIT) -> T:
    """`probe()` once it returns something true; fails after `timeout` seconds saying what was awaited."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {timeout:.0f} s (last: {value!r})")
        pause.wait(POLL)


# --- the watch process ---------------------------------------------------------------------------------

@dataclass
class Watching:
    project: Path
    source: Path  # relative to the project
    url: str
    process: subprocess.Popen[bytes]

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None
        return port

    def get(self, path: str, host: str | None = None, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """GET `path` with `host` as the Host header and `headers` (`Sec_Fetch_Site` for `Sec-Fetch-Site`)."""
        sent = {"Host": host or f"127.0.0.1:{self.port}"} | {k.replace("_", "-"): v for k, v in headers.items()}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers=sent)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def state(self) -> dict[str, Any]:
        status, _headers, body = self.get("/state.json")
        assert status == 200
        result: dict[str, Any] = json.loads(body)
        return result

    def write_source(self, text: str) -> None:
        """Save the source as an editor does: a new file renamed over the old one."""
        path = self.project / self.source
        part = path.with_name(path.name + ".tmp")
        part.write_text(text, encoding="utf-8")
        part.replace(path)


def _read_url(stream: Any, lines: queue.Queue[str]) -> None:
    for raw in iter(stream.readline, b""):
        lines.put(raw.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def watching(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watching]:
    project = tmp_path_factory.mktemp("watch-project")
    (project / "source").mkdir()
    source = Path("source") / "report.md"
    shutil.copyfile(SOURCE_DATA, project / source)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    log = (project / "watch.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "reportpress.watch", str(source), "--port", "0"],
                               cwd=project, env=env, stdout=subprocess.PIPE, stderr=log,
                               preexec_fn=sigint_default)  # the teardown's Ctrl-C must reach it
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_url, args=(process.stdout, lines), daemon=True).start()
    try:
        first = lines.get(timeout=WAIT)
        assert first.startswith("preview: http://127.0.0.1:"), first
        watch = Watching(project, source, first.split()[1], process)
        wait_for("the first build", lambda: watch.state()["built"] >= 1)
        yield watch
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C: the watch shuts its server down and exits 0
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = None
        log.close()
        if process.stdout is not None:
            process.stdout.close()
        assert code == 0, (project / "watch.log").read_text(encoding="utf-8", errors="replace")


# --- headless Chromium over the DevTools protocol ------------------------------------------------------

def chromium_executable() -> str | None:
    return os.environ.get("REPORTPRESS_CHROMIUM") or shutil.which("chromium")


class Chromium:
    """A headless Chromium driven over `--remote-debugging-pipe` (JSON messages ending in NUL, fds 3 and 4)."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser, self._commands = os.pipe()
        self._replies, from_browser = os.pipe()
        args = [executable, "--headless=new", "--remote-debugging-pipe", f"--user-data-dir={profile}",
                "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
                "--disable-dev-shm-usage",  # a container's small /dev/shm would crash the renderer
                "--window-size=900,900", *(["--no-sandbox"] if os.geteuid() == 0 else []), "about:blank"]
        # bash (dash takes no fd above 9) puts the pipe ends on the fds the protocol uses, then becomes Chromium
        self.process = subprocess.Popen(["bash", "-c", f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}', *args],
                                        pass_fds=(to_browser, from_browser), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._next_id = 0
        self.session = ""

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._replies, 1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._messages.put(json.loads(message))

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + WAIT
        while True:
            reply = self._messages.get(timeout=max(0.1, deadline - time.monotonic()))
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", {"url": url}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]

    def evaluate(self, expression: str) -> Any:
        """The value of `expression` in the page; None while the page is (re)loading or the script threw."""
        try:
            result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        except RuntimeError:  # the execution context went with a reload
            return None
        if "exceptionDetails" in result:
            return None
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError, queue.Empty):  # a browser already gone is closed
            self.call("Browser.close", session=False)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)


# what the test reads of the preview page, as the browser has it
PAGE_STATE = """(() => {
  if (!document.body || document.readyState !== "complete") return null;
  const images = [...document.querySelectorAll("figure.page img")];
  const error = document.getElementById("error");
  const scrolled = document.body.dataset.scrolledTo;
  const target = scrolled ? document.getElementById("page-" + scrolled).getBoundingClientRect() : null;
  return {
    generation: Number(document.body.dataset.generation),
    built: Number(document.body.dataset.built),
    digests: images.map((image) => image.dataset.digest),
    loaded: images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0),
    naturalWidths: images.map((image) => image.naturalWidth),
    error: error ? error.querySelector("pre").textContent : null,
    errorElements: error ? error.querySelectorAll("pre *").length : 0,
    scrolledTo: scrolled ? Number(scrolled) : null,
    targetInView: target ? target.top < window.innerHeight && target.bottom > 0 : null,
    scrollY: window.scrollY,
    downloads: [...document.querySelectorAll("#bar a[download]")].map((link) => link.getAttribute("href")),
  };
})()"""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Chromium]:
    executable = chromium_executable()
    if executable is None and os.environ.get("CI"):  # CI runs `make test`, which installs Chromium
        pytest.fail("no Chromium in CI: Debian's `chromium` package belongs in the Makefile's TEST_DEBS")
    if executable is None:
        pytest.skip("no Chromium: Debian's `chromium` package (make test installs it), or REPORTPRESS_CHROMIUM")
    chromium = Chromium(executable, tmp_path / "profile")
    try:
        yield chromium
    finally:
        chromium.close()


def pdf_text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return "".join("".join(page.get_text().split()) for page in document)


def pdf_pages(pdf: bytes) -> int:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return int(document.page_count)


def served_pngs(watch: Watching, count: int) -> list[bytes]:
    """Pages 1…count over HTTP, each checked to be a PNG of an A4 page at 96 dpi; page count+1 is a 404."""
    pngs = []
    for number in range(1, count + 1):
        status, headers, body = watch.get(f"/page/{number}.png")
        assert (status, headers["content-type"]) == (200, "image/png")
        with Image.open(BytesIO(body)) as picture:
            assert picture.format == "PNG"
            assert picture.size == (794, 1123)  # 210 × 297 mm at 96 px per inch
        pngs.append(body)
    assert watch.get(f"/page/{count + 1}.png")[0] == 404
    return pngs


def first_difference(before: list[bytes], after: list[bytes]) -> int | None:
    return next((number for number, (old, new) in enumerate(zip(before, after, strict=False), start=1)
                 if old != new), None)


def test_preview_in_chromium_follows_saves_and_keeps_pages_on_errors(watching: Watching,
                                                                     browser: Chromium) -> None:
    watch = watching
    state = watch.state()
    pdf = (watch.project / "output" / "report.pdf").read_bytes()  # the normal output folder
    count = pdf_pages(pdf)
    assert count >= 3 and len(state["pages"]) == count

    browser.open(watch.url)
    shown = wait_for("the preview's page images", lambda: (lambda s: s if s and s["loaded"] else None)(
        browser.evaluate(PAGE_STATE)))
    assert shown["digests"] == state["pages"] and shown["naturalWidths"] == [794] * count
    assert shown["error"] is None
    assert shown["downloads"] == ["/output.pdf", "/output.docx"]
    before = served_pngs(watch, count)

    # a save that changes the last pages only: the glossary's definition
    original = (watch.project / watch.source).read_text(encoding="utf-8")
    edited = original.replace("是指集中受理证照申请。", "是指集中受理证照申请，一窗通办全程网办。")
    assert edited != original
    watch.write_source(edited)
    after_edit = wait_for("the edited pages in the browser", lambda: (
        lambda s: s if s and s["loaded"] and s["built"] > shown["built"] and not s["error"] else None)(
        browser.evaluate(PAGE_STATE)))
    state = watch.state()
    assert after_edit["digests"] == state["pages"]
    status, headers, new_pdf = watch.get("/output.pdf")
    assert status == 200 and headers["content-disposition"].startswith("attachment;")
    assert "一窗通办全程网办" in pdf_text(new_pdf) and "一窗通办全程网办" not in pdf_text(pdf)
    assert new_pdf == (watch.project / "output" / "report.pdf").read_bytes()
    status, _headers, docx = watch.get("/output.docx")
    assert status == 200 and docx == (watch.project / "output" / "report.docx").read_bytes()
    after = served_pngs(watch, pdf_pages(new_pdf))
    changed = first_difference(before, after)
    assert changed is not None and changed > 1  # the cover did not change: the edit is further on
    assert state["changed"] == changed
    assert after_edit["scrolledTo"] == changed and after_edit["targetInView"] and after_edit["scrollY"] > 0

    # a syntax error: the overlay names file:line, the pages stay those of the last good build
    broken = edited.replace("keywords: [测试, 报告]", "keywords: [测试, 报告", 1)
    assert broken != edited
    watch.write_source(broken)
    failed = wait_for("the error overlay", lambda: (
        lambda s: s if s and s["loaded"] and s["error"] else None)(browser.evaluate(PAGE_STATE)))
    assert f"{watch.source}:" in failed["error"] and "front matter" in failed["error"]
    assert failed["digests"] == after_edit["digests"] and failed["built"] == after_edit["built"]
    assert served_pngs(watch, len(after)) == after  # the old pages are still served, unchanged
    assert watch.get("/output.pdf")[2] == new_pdf

    # an error whose text holds markup: shown as text, never parsed
    lines = edited.splitlines()
    at = lines.index("> 引文段落。")
    lines.insert(at, '见[用语]{.term ref="<b>bad</b>"}。\n')
    watch.write_source("\n".join(lines) + "\n")
    escaped = wait_for("the escaped error", lambda: (
        lambda s: s if s and s["loaded"] and s["error"] and "bad" in s["error"] else None)(
        browser.evaluate(PAGE_STATE)))
    assert f"{watch.source}:{at + 1}: unknown glossary term '<b>bad</b>'" in escaped["error"]
    assert escaped["errorElements"] == 0
    assert escaped["digests"] == after_edit["digests"]


def listening_addresses(port: int) -> set[str]:
    """The local addresses a socket listens on at `port`, from /proc/net/tcp and tcp6 (hex, as the kernel
    writes them)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_server_binds_loopback_only_and_refuses_foreign_hosts(watching: Watching) -> None:
    watch = watching
    assert listening_addresses(watch.port) == {"0100007F"}  # 127.0.0.1, little-endian: nothing else
    for host in ("evil.example", f"evil.example:{watch.port}", f"127.0.0.1.nip.io:{watch.port}", ""):
        for path in ("/", "/page/1.png", "/output.pdf", "/events", "/state.json"):
            status, headers, body = watch.get(path, host=host or " ")
            assert status == 421, (host, path)
            assert b"%PDF" not in body and "access-control-allow-origin" not in headers
    for host in (f"127.0.0.1:{watch.port}", f"localhost:{watch.port}", "localhost"):
        status, headers, body = watch.get("/", host=host)
        assert status == 200 and b"figure" in body
        assert "access-control-allow-origin" not in headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "default-src 'none'" in headers["content-security-policy"]
    # another site's page (or another port of localhost: same site, another origin) may not embed or read it
    for site in ("cross-site", "same-site"):
        for path, mode in (("/page/1.png", "no-cors"), ("/events", "cors"), ("/output.pdf", "no-cors")):
            status, _headers, body = watch.get(path, Sec_Fetch_Site=site, Sec_Fetch_Mode=mode)
            assert status == 403 and b"%PDF" not in body and b"PNG" not in body, (site, path)
        assert watch.get("/", Sec_Fetch_Site=site, Sec_Fetch_Mode="navigate")[0] == 200  # a link to it opens
    assert watch.get("/page/1.png", Sec_Fetch_Site="same-origin", Sec_Fetch_Mode="no-cors")[0] == 200
    for path in ("/../output/report.pdf", "/source/report.md", "/page/0.png", "/page/1.png/../x", "/output"):
        assert watch.get(path)[0] == 404, path


def test_loopback_names() -> None:
    assert host_name("[::1]:8765") == "::1" and host_name("LocalHost:8765") == "localhost"
    assert host_name("127.0.0.1") == "127.0.0.1"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("example.org")
    names = allowed_hosts("127.0.0.1")
    assert names == {"localhost"}
    assert host_allowed("127.0.0.1", names) and host_allowed("::1", names) and host_allowed("localhost", names)
    assert not host_allowed("evil.example", names) and not host_allowed("127.0.0.1.nip.io", names)
    assert not host_allowed("", names) and not host_allowed(socket.gethostname().lower(), names)
    assert socket.gethostname().lower() in allowed_hosts("0.0.0.0")  # --host 0.0.0.0: the machine's name


@pytest.mark.warns(match="serving the preview on 0.0.0.0: anyone who can reach")
def test_a_non_loopback_host_is_warned_of(no_unexpected_warnings: Any) -> None:
    warn_if_exposed("127.0.0.1")
    warn_if_exposed("[::1]")
    assert not no_unexpected_warnings.records
    warn_if_exposed("0.0.0.0")
    assert len(no_unexpected_warnings.records) == 1


def test_watch_refuses_a_missing_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert watch_main([str(tmp_path / "nothing.md"), "--port", "0"]) == 2
    assert watch_main(["--port", "0"]) == 2  # no SOURCE, and no source/*.md to take


def test_first_changed_page_of_two_renderings(tmp_path: Path) -> None:
    """Real PDFs of one page and of two: the changed page is found by the rendered images."""
    one = pymupdf.open()
    one.new_page().insert_text((72, 72), "first")
    two = pymupdf.open()
    two.new_page().insert_text((72, 72), "first")
    two.new_page().insert_text((72, 72), "second")
    pages_one, pages_two = render_pages(one.tobytes()), render_pages(two.tobytes())
    assert first_changed(pages_one, pages_one) is None
    assert first_changed(pages_one, pages_two) == 2
    assert first_changed(pages_two, pages_one) == 1  # a page taken off the end: look at the new last page
    changed = pymupdf.open()
    changed.new_page().insert_text((72, 72), "First")
    assert first_changed(pages_one, render_pages(changed.tobytes())) == 1
    # a page whose pixels the previous rendering had keeps its PNG; a new one gets its own
    again = render_pages(two.tobytes(), previous=pages_one)
    # (rendered in a bounded child process: the reused page comes back equal, not the same object)
    assert again[0] == pages_one[0] and again[1].png == pages_two[1].png
    with Image.open(BytesIO(again[1].png)) as picture:
        assert picture.size == (794, 1123) and picture.getextrema() != ((255, 255),) * 3  # A4, not blank


class _Doubts(HTMLParser):
    """The import doubts of the preview page: each doubt's `where` and its raw lines (number, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.doubts: list[dict[str, Any]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li" and "doubt" in classes:
            self.doubts.append({"where": "", "raw": []})
        elif self.doubts and tag == "span" and classes and classes[0] in ("where", "line"):
            self._in = classes[0]
            if self._in == "line":
                self.doubts[-1]["raw"].append(["", ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._in == "line":
            self._in = "text"
        elif tag in ("span", "pre"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "where":
            self.doubts[-1]["where"] += data
        elif self._in == "line":
            self.doubts[-1]["raw"][-1][0] += data
        elif self._in == "text" and self.doubts[-1]["raw"]:
            self.doubts[-1]["raw"][-1][1] += data


RAW_REPORT = """某某区政府工作报告
——2021年1月10日在某某区第一届人民代表大会第五次会议上
区长　李四

各位代表：
现在，我代表区人民政府，向大会报告工作，请予审议，并请区政协委员提出意见。
一、２０２０年工作回顾
过去一年，全区经济平稳运行，<script>alert(1)</script>地区生产总值增长６％。
二、２０２１年<b>主要任务</b>
今年是“十四五”开局之年，
全区上下要坚定信心。
"""


def test_import_doubts_listed_with_their_raw_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A GB18030 raw file with CRLF lines, imported with --report: the preview lists every doubt of the
    report with the raw lines its numbers point at, decoded as the import decoded them."""
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / "raw.txt"
    raw.write_bytes(RAW_REPORT.replace("\n", "\r\n").encode("gb18030"))
    (tmp_path / "source").mkdir()
    report = tmp_path / "source" / "raw.import.json"
    assert reportpress_main(["import", str(raw), "--report", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    expected = [item for item in data["decisions"] if item["confidence"] < 1]
    assert expected, "the raw text must leave the importer some doubt, or this test shows nothing"
    doubts = read_doubts(report, raw)
    html = page_html(Snapshot(source=tmp_path / "source" / "raw.md", doubts=doubts))
    # raw text is untrusted: escaped wherever it shows (the heading of raw line 9 is one of the doubts)
    assert "<b>" not in html and "&lt;b&gt;主要任务&lt;/b&gt;" in html
    parser = _Doubts()
    parser.feed(html)
    raw_lines = split_lines(RAW_REPORT)
    assert len(parser.doubts) == len(expected)
    for shown, item in zip(parser.doubts, expected, strict=True):
        numbers = sorted(set(item["lines"]))
        assert shown["where"].startswith(f"line {numbers[0]}" if len(numbers) == 1 else f"lines {numbers[0]}")
        assert [(int(n), text.lstrip(" ").rstrip("\n")) for n, text in shown["raw"]] == [
            (n, raw_lines[n - 1]) for n in numbers[:8]]


IMAGE_SOURCE = """---
title: 图片测试
date: 2021-02-03
cover:
  back: covers/back.pdf
---

正文段落，后面是一张图。

![示意图](img/figure.png)
"""


def _picture(colour: tuple[int, int, int]) -> bytes:
    out = BytesIO()
    Image.new("RGB", (300, 200), colour).save(out, format="PNG")
    return out.getvalue()


def test_watched_inputs_are_the_images_covers_and_layout_the_source_names(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source").mkdir()
    source = Path("source") / "pictures.md"
    source.write_text(IMAGE_SOURCE, encoding="utf-8")
    paths = watched_paths(source, Path("output"), tmp_path)
    layout = find_layout("gov-report", project=tmp_path)
    assert {source, Path("source/img/figure.png"), Path("source/covers/back.pdf")} <= paths  # missing, yet watched
    assert layout in paths and layout / "layout.toml" in paths


def test_an_image_save_rebuilds_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loop in this process: a new picture under the same name is a new build whose page shows it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source" / "img").mkdir(parents=True)
    source = Path("source") / "pictures.md"
    source.write_text(IMAGE_SOURCE.replace("cover:\n  back: covers/back.pdf\n", ""), encoding="utf-8")
    figure = tmp_path / "source" / "img" / "figure.png"
    figure.write_bytes(_picture((200, 0, 0)))
    preview = Preview(Snapshot(source=source))
    stop = threading.Event()
    loop = threading.Thread(target=run_loop, args=(Watch(source, Path("output"), tmp_path), preview, stop, 0.05))
    loop.start()
    try:
        first = wait_for("the first build", lambda: (lambda s: s if s.built else None)(preview.current()))
        assert not first.error
        part = figure.with_name("figure.png.tmp")
        part.write_bytes(_picture((0, 0, 200)))
        part.replace(figure)
        second = wait_for("the build after the image's save",
                          lambda: (lambda s: s if s.built > first.built else None)(preview.current()))
    finally:
        stop.set()
        loop.join(timeout=WAIT)
    assert not second.error and second.changed is not None
    page = second.pages[second.changed - 1]
    with Image.open(BytesIO(page.png)) as picture:
        colours = {colour for _count, colour in picture.convert("RGB").getcolors(1 << 20) or []}
    assert (0, 0, 200) in colours and (200, 0, 0) not in colours
    with Image.open(BytesIO(first.pages[second.changed - 1].png)) as picture:
        assert (200, 0, 0) in {colour for _count, colour in picture.convert("RGB").getcolors(1 << 20) or []}


def test_watch_refuses_what_build_refuses_a_source_or_output_folder_linked_out_of_the_project(tmp_path: Path) -> None:
    """With no SOURCE, the only source/*.md may not be a link out of the project; the default output/ may
    not be one either (`build`'s checks, `cli.project_sources` and `cli.output_folder`). In a process of
    its own, bounded: a watch that went on would serve until killed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("外面的秘密。\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "x.md").symlink_to(outside / "secret.md")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    def watch() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reportpress.watch", "--port", "0"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=120)

    linked = watch()
    assert linked.returncode == 2 and "source/x.md: a link leading out of the project" in linked.stderr
    (project / "source" / "x.md").unlink()
    (project / "source" / "x.md").write_text("正文。\n", encoding="utf-8")
    (project / "output").symlink_to(outside)
    output = watch()
    assert output.returncode == 2 and "output/ is a link leading out of the project" in output.stderr
    assert sorted(path.name for path in outside.iterdir()) == ["secret.md"]  # nothing was built into it


@pytest.mark.parametrize("port", ["65536", "-1", "http"])
def test_watch_port_must_be_a_port(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        watch_main(["--port", port])
    assert exit_.value.code == 2
    assert "give a port from 0" in capsys.readouterr().err


def test_an_import_report_may_not_choose_a_codec_the_importer_does_not_use(tmp_path: Path) -> None:
    """The report is untrusted: `"encoding": "punycode"` (slow, and no encoding of raw text) is ignored and
    the raw file's encoding detected, so the raw lines shown are the file's."""
    raw = tmp_path / "raw.txt"
    raw.write_bytes("abc-defg xyz\n第二行文字\n".encode("gb18030"))
    report = tmp_path / "r.import.json"
    report.write_text(json.dumps({"encoding": "punycode", "decisions": [
        {"lines": [1, 2], "kind": "heading", "what": "?", "confidence": 0.5, "text": "t"}]}), encoding="utf-8")
    doubts = read_doubts(report, raw)
    assert not doubts.problem
    assert doubts.doubts[0].raw == ((1, "abc-defg xyz"), (2, "第二行文字"))
