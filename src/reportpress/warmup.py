"""What a build imports lazily, imported at once: the forkserver preload of `batch.LocalEngine`.

A command that builds one source imports WeasyPrint (and its C libraries), python-docx and fontTools only
when it writes; a pool worker would import them at its first Job, every worker again. Named in the
forkserver's preload, this module has the server import them once, while the client still reads the
first sources, and every worker forked from it starts with them loaded, sharing those pages with its
siblings (copy-on-write). Only imports: a warm-up build here was measured slower (tools/bench_batch.py,
8 sources on 2 cores: median speed-up 1.62× with a small build in the server, 1.71× with imports only),
since every worker waits for the server and the first real build pays its own first-call costs anyway.
"""

from __future__ import annotations

import gc

import reportpress.job
import reportpress.writers.docx
import reportpress.writers.pdf
import reportpress.writers.pdf.archive
import reportpress.writers.pdf.footnotes
import reportpress.writers.pdf.render  # WeasyPrint, its C libraries, the justification extension  # noqa: F401

MODULES = ("weasyprint", "docx", "fontTools", "reportpress.typeset.weasy")  # what a test checks is loaded

# what was imported goes to the collector's permanent generation: a worker's collections no longer walk
# (and so write to, and copy from its server) the pages of those objects (Python's gc.freeze advice for
# a process that forks without exec)
gc.freeze()
