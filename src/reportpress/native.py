"""WeasyPrint's C libraries loaded by their Linux names, without the compiler `ctypes` would ask first.

WeasyPrint 70 (`weasyprint/text/ffi.py`) opens each library it needs (GObject, Pango, HarfBuzz, its
subsetter, fontconfig, PangoFT2) under six names in turn — the Windows and macOS ones first. cffi hands
a name it cannot open to `ctypes.util.find_library`, which on Linux runs `ldconfig -p`, then `gcc`, then
`ld` as subprocesses, and finds nothing for those names; the Linux name (`libpango-1.0.so.0`) comes last
and the dynamic loader opens it at once. That search is 0.3 s of every cold start (measured: importing
`weasyprint.text.ffi` 0.64–0.90 s, 0.35–0.44 s without it).

Imported before WeasyPrint (`writers/pdf/render.py` imports this first), this module imports WeasyPrint's
`ffi` with `find_library` answering None for the moment: each failed name fails at once and the loader
finds the Linux name itself, through the same cache `ldconfig` keeps and LD_LIBRARY_PATH. Only on Linux,
and only if that import goes through: should a library be where only the compiler's search finds it, the
import runs again as WeasyPrint wrote it. Nothing else is changed, and `find_library` is itself again
before this module's import ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys
import threading
from collections.abc import Iterator

# the Linux names WeasyPrint 70 ends its lists with, for the libraries it cannot do without (its
# HarfBuzz subset and vector libraries are optional: a failure there prints nothing)
REQUIRED = ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1",
            "libpangoft2-1.0.so.0")
_LOCK = threading.Lock()


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    """`find_library` answers None at once, for this thread only: another thread asking meanwhile gets
    its answer as ever."""
    find = ctypes.util.find_library
    importer = threading.get_ident()

    def quick(name: str) -> str | None:
        return None if threading.get_ident() == importer else find(name)

    ctypes.util.find_library = quick
    try:
        yield
    finally:
        ctypes.util.find_library = find


def _loadable(names: tuple[str, ...]) -> bool:
    for name in names:
        try:
            ctypes.CDLL(name)
        except OSError:
            return False
    return True


def load_weasyprint_libraries() -> bool:
    """Import `weasyprint.text.ffi` the quick way (Linux, every library the loader opens by its Linux
    name); whether this call did. Never raises: otherwise WeasyPrint imports as usual later (and says
    what is missing, as it does)."""
    if not sys.platform.startswith("linux") or "weasyprint.text.ffi" in sys.modules or not _loadable(REQUIRED):
        return False
    with _LOCK, _no_library_search():
        try:
            import weasyprint.text.ffi  # noqa: F401
        except OSError:
            for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
                del sys.modules[name]  # half-imported: the next import starts afresh
            return False
    return True


load_weasyprint_libraries()
