"""One build: one source → its outputs (`NAME.pdf`, `NAME.docx`, `NAME.manifest.json`) in the output folder.

The unit a batch or a queue runs: `build()` is `job.prepare` (read, load the layout, check and read
every other input once, into a frozen `Job`) → `job.run_job` (write each format, in memory) →
`write_outputs`. The stages those two call are in `stages.py` (named here too, for callers of old).
The outputs are one set, written all or nothing (`output.replace_files`): every product and the manifest
are made in memory, then written as `.part` files, then renamed with the manifest last, under the output
folder's lock.

The project (where `layouts/` and `fonts/` are looked for) is a parameter: the command line passes it;
`build()`'s default, `Path(".")`, is the current folder, for the callers that do not name one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportpress.formats import FORMATS, Format
from reportpress.job import Job, Products, run_job
from reportpress.job import prepare as prepare_job
from reportpress.manifest import manifest_bytes, stale_outputs
from reportpress.output import output_lock, replace_files
from reportpress.stages import (  # named here for the callers of old
    SOURCE_BASE,
    Inputs,
    Progress,
    build_print_pdf,
    check_inputs,
    check_variant,
    naming,
    open_layout,
    open_source,
    pdf_info,
    read_covers,
)

__all__ = ["FORMATS", "SOURCE_BASE", "BuildResult", "Format", "Inputs", "Progress", "build",
           "build_print_pdf", "check_inputs", "check_variant", "naming", "open_layout", "open_source",
           "output_path", "pdf_info", "read_covers", "write_outputs"]

logger = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class BuildResult:
    """The outputs written, and their bytes (what the live preview shows, without reading them again)."""

    source: Path
    outputs: dict[Format, Path]
    products: dict[Format, bytes] = field(default_factory=dict, repr=False)


def output_path(source: Path, out_dir: Path, fmt: Format) -> Path:
    return out_dir / f"{source.stem}.{fmt}"


def write_outputs(job: Job, out_dir: Path, products: Products) -> dict[Format, Path]:
    """Write the products of `job` and their manifest into `out_dir` as one set, all or nothing.

    The manifest is computed first, in memory, from the bytes about to be written and the bytes the build
    used (the Job's layout files, the fonts the worker embedded): no input is read again. Under the
    folder's lock, a previous manifest that does not match its files is reported (edited by hand, or
    written by an older reportpress that renamed one file at a time), then every file goes to a `.part`
    and the renames follow, the manifest's last. Runs where the project is (the client of a batch).
    """
    if job.assets is None:
        raise ValueError("write_outputs needs the Job with its Assets (the layout's files)")
    source = Path(job.source)
    files = products.files
    outputs = {fmt: output_path(source, out_dir, fmt) for fmt in files}
    manifest_name = f"{source.stem}.manifest.json"
    manifest = manifest_bytes(project=job.project, source=source, source_data=job.source_data,
                              layout_folder=job.layout_folder, layout_files=job.assets.layout_files,
                              covers=[(spec.path, spec.data) for spec in job.covers if spec.kind == "pdf"],
                              outputs={fmt: (outputs[fmt], data) for fmt, data in files.items()},
                              fonts=products.fonts if "pdf" in files else None)
    with output_lock(out_dir):
        stale = stale_outputs(out_dir / manifest_name)
        if stale:
            logger.warning("%s: %s does not match %s (changed since it was written, or its build was "
                           "interrupted); this build replaces the set", source, out_dir / manifest_name,
                           ", ".join(stale))
        replace_files(out_dir, [(outputs[fmt].name, data) for fmt, data in files.items()],
                      manifest=(manifest_name, manifest))
    return outputs


def build(source: Path, *, formats: Sequence[Format] = FORMATS, out_dir: Path = Path("output"),
          layout_name: str | None = None, pdf_variant: str | None = None,
          progress: Progress | None = None, project: Path = Path("."), confined: bool = False) -> BuildResult:
    """Build `source` into each of `formats` in `out_dir`, and write its manifest.

    `job.prepare` → `job.run_job` → `write_outputs`, in this process: what a batch worker does, minus
    the journey. All or nothing: every product and the manifest are made in memory first, and files are
    written only when all of them succeeded, so a failed build leaves the previous outputs and manifest
    as they were. A `pdf/a-3b` PDF embeds the DOCX (and the source) as associated files, so that variant
    makes the DOCX first, and writes it even when only the PDF was asked for (`job.run_job`).
    `confined`: a source the command found in the project, not one the user named (`job.prepare`).
    """
    check_variant(pdf_variant)
    step = progress or (lambda _stage: None)
    step("read")
    job = prepare_job(source, project=project, layout_name=layout_name, confined=confined)
    products = run_job(job, formats, pdf_variant, progress=step)
    with naming(source):
        outputs = write_outputs(job, out_dir, products)
    return BuildResult(source=source, outputs=outputs, products=dict(products.files))
