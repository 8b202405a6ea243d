"""What a build imports lazily, imported at once: the forkserver preload of `batch.LocalEngine`.

A command that builds one source imports WeasyPrint (and its C libraries), python-docx and fontTools only
when it writes; a pool worker would import them at its first Job, every worker again. Named in the
forkserver's preload, this module has the server import them once, while the client still reads the
first sources, and every worker forked from it starts with them loaded, sharing those pages with its
siblings (copy-on-write). Only imports: a warm-up build here was measured slower (tools/bench_batch.py,
8 sources on 2 cores: median speed-up 1.62× with a small build in the server, 1.71× with imports only),
since every worker waits for the server and the first real build pays its own first-call costs anyway.

For a pool's server and workers only (the client never imports it): importing it ignores Ctrl-C, which
is the client's to handle, and never raises — a library that cannot load (no Pango) fails the builds
that need it, in the worker, with the message a single build gives, not the pool's start.
"""

from __future__ import annotations

import gc
import importlib
import logging
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)  # first: a Ctrl-C during the imports is the client's

logger = logging.getLogger(__name__)

PRELOADED = (
    "reportpress.job",
    "reportpress.writers.docx",
    "reportpress.writers.pdf",
    "reportpress.writers.pdf.archive",
    "reportpress.writers.pdf.footnotes",
    "reportpress.writers.pdf.render",  # WeasyPrint, its C libraries, the justification extension
)
MODULES = ("weasyprint", "docx", "fontTools", "reportpress.typeset.weasy")  # what a test checks is loaded

for _name in PRELOADED:
    try:
        importlib.import_module(_name)
    except Exception:  # each alone: one that fails leaves the others loaded
        logger.debug("preloading %s failed", _name, exc_info=True)

# what was imported goes to the collector's permanent generation: a worker's collections no longer walk
# (and so write to, and copy from its server) the pages of those objects (Python's gc.freeze advice for
# a process that forks without exec)
gc.freeze()
