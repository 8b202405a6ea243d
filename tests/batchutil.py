"""Small projects for the batch and cluster tests: sources with an image and a cover PDF, built serially."""

from __future__ import annotations

import io
import os
import shutil
import signal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def picture(colour: str) -> bytes:
    import PIL.Image

    buffer = io.BytesIO()
    PIL.Image.new("RGB", (30, 10), colour).save(buffer, "PNG")
    return buffer.getvalue()


def cover_pdf(text: str) -> bytes:
    import pymupdf

    with pymupdf.open() as document:
        document.new_page(width=595.276, height=841.89).insert_text((72, 72), text)
        return bytes(document.tobytes())


def source_text(number: int, pages: int = 0) -> str:
    """Source number `number`: a page, or about `pages` more of body text (a build that takes a while)."""
    paragraph = "段，这一段正文只为让这份报告多占一些版面，排版也就多花一些时间。\n\n"
    filler = "".join(f"第{line}{paragraph}" for line in range(8 * pages))
    return (f"---\ntitle: 第{number}号报告\ndate: 2020-01-08\ncover:\n  front: cover-front\n  back: back.pdf\n---\n\n"
            f"# 一、总体情况\n\n第{number}份报告的正文，图：![图](x.png)，脚注[^a]。\n\n{filler}[^a]: 注释{number}。\n")


def make_project(root: Path, count: int, *, bad: int | None = None, pages: int = 0) -> list[Path]:
    """A project under `root` with `count` sources (source/rN.md), a project layout copied from the
    built-in one and a project font; source number `bad` cites an undefined footnote on line 11; each
    source `pages` pages longer than one."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "x.png").write_bytes(picture("red"))
    (root / "source" / "back.pdf").write_bytes(cover_pdf("BACK COVER"))
    shutil.copytree(REPO / "layouts", root / "layouts")
    (root / "fonts").mkdir()
    shutil.copy(Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"), root / "fonts")
    sources = []
    for number in range(1, count + 1):
        text = source_text(number, pages)
        if number == bad:
            text = text.replace("脚注[^a]", "脚注[^a][^missing]")
        path = root / "source" / f"r{number}.md"
        path.write_text(text, encoding="utf-8")
        sources.append(Path("source") / path.name)
    return sources


def outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.suffix in (".pdf", ".docx")}


def add_cover_image(root: Path) -> bytes:
    """Give the project's layout a cover image in a subfolder (`img/emblem.png`), shown by its front cover
    template; the image's bytes."""
    emblem = picture("blue")
    folder = root / "layouts" / "gov-report"
    (folder / "img").mkdir()
    (folder / "img" / "emblem.png").write_bytes(emblem)
    template = folder / "cover-front.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("<body>\n", '<body>\n<img src="img/emblem.png" alt="">\n', 1), encoding="utf-8")
    return emblem


def kill_worker(marker: Path, victim: str, times: int, job: Any, formats: Any, pdf_variant: Any) -> Any:
    """A pool task (`LocalEngine(task=partial(kill_worker, …))`): the worker building source `victim` kills
    itself with SIGKILL, as the out-of-memory killer would, the first `times` times; else `batch.work`."""
    from reportpress.batch import work

    if job.name == victim:
        marker.mkdir(exist_ok=True)
        deaths = len(list(marker.iterdir()))
        if deaths < times:
            (marker / f"death-{deaths}").write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
    return work(job, formats, pdf_variant)


def record_assets(log: Path, job: Any, formats: Any, pdf_variant: Any) -> Any:
    """A pool task that notes, one line per call, whether the Job came with its Assets; then `batch.work`."""
    from reportpress.batch import work

    with log.open("a", encoding="utf-8") as file:
        file.write(f"{job.name} {'full' if job.assets is not None else 'light'}\n")
    return work(job, formats, pdf_variant)


def sigint_default() -> None:
    """`preexec_fn` of a child the test stops with Ctrl-C (SIGINT): the default disposition, which Python
    turns into KeyboardInterrupt. A test run in the background (`make test &`, CI runners) inherits SIGINT
    ignored, and Python keeps an ignored SIGINT ignored: the child would never see the test's Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def record_warmth(log: Path, job: Any, formats: Any, pdf_variant: Any) -> Any:
    """A pool task that notes whether this worker came warm — what a build imports lazily (WeasyPrint,
    python-docx, fontTools) loaded before its first Job — and which process it was forked from; then
    `batch.work`."""
    import sys

    from reportpress.batch import work

    warmup = sys.modules.get("reportpress.warmup")
    import gc

    # and frozen: the collector leaves the server's objects alone (no copy-on-write of their pages)
    loaded = warmup is not None and all(name in sys.modules for name in warmup.MODULES) and gc.get_freeze_count() > 0
    with log.open("a", encoding="utf-8") as file:
        file.write(f"{job.name} {os.getpid()} {os.getppid()} {loaded}\n")
    return work(job, formats, pdf_variant)
