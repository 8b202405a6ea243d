"""One build: one source → its outputs (`NAME.pdf`, `NAME.docx`) in the output folder.

The unit a batch or a queue runs. It calls the stages in order — read, load the layout, write each
format — and formats nothing itself. Each output is written atomically: a failed build leaves no
half-written file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from reportpress.fonts import fonts_dirs
from reportpress.layouts import Layout, load_layout
from reportpress.model import Document
from reportpress.output import write_bytes_atomic
from reportpress.reader import read_source
from reportpress.writers.html import write_html
from reportpress.writers.pdf import fast_subsetting_available, render_pdf

logger = logging.getLogger(__name__)

Format = Literal["pdf", "docx"]
FORMATS: tuple[Format, ...] = get_args(Format)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    source: Path
    outputs: dict[Format, Path]


def output_path(source: Path, out_dir: Path, fmt: Format) -> Path:
    return out_dir / f"{source.stem}.{fmt}"


def prepare(source: Path, layout_name: str | None = None) -> tuple[Document, Layout]:
    """Read `source` and load its layout (`layout_name` overrides the front matter's)."""
    document = read_source(source)
    layout = load_layout(layout_name or document.meta.layout, project=Path.cwd())
    return document, layout


def build_pdf(document: Document, layout: Layout, source: Path) -> bytes:
    """The print PDF of `document`, as bytes."""
    if not fast_subsetting_available():
        logger.warning("HarfBuzz's subsetter (libharfbuzz-subset0) is missing: WeasyPrint falls back to "
                       "fontTools, which makes writing a PDF with CJK fonts about 47× slower")
    html = write_html(document, layout)
    return render_pdf(html, base=source.parent, roots=[layout.folder, *fonts_dirs(Path.cwd())])


def build(source: Path, *, formats: Sequence[Format] = FORMATS, out_dir: Path = Path("output"),
          layout_name: str | None = None, progress: Progress | None = None) -> BuildResult:
    """Build `source` into each of `formats` in `out_dir`."""
    step = progress or (lambda _stage: None)
    step("read")
    document, layout = prepare(source, layout_name)
    outputs: dict[Format, Path] = {}
    for fmt in formats:
        target = output_path(source, out_dir, fmt)
        step(fmt)
        if fmt == "pdf":
            write_bytes_atomic(target, build_pdf(document, layout, source))
        elif fmt == "docx":
            from reportpress.writers.docx import write_docx  # python-docx loads only when asked for

            write_docx(document, layout, target)
        outputs[fmt] = target
    return BuildResult(source=source, outputs=outputs)
