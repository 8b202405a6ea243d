"""WeasyPrint's C libraries are loaded by their Linux names without `ctypes.util.find_library`'s
subprocess search (`reportpress.native`), and where the quick way fails WeasyPrint loads them its own way.
Each case runs in a fresh interpreter: WeasyPrint loads its libraries once a process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick way is Linux's only")

COUNT_SEARCHES = """
import ctypes.util
searched = []
find = ctypes.util.find_library
ctypes.util.find_library = lambda name: searched.append(name) or find(name)
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})


def test_the_pdf_writer_loads_weasyprint_without_a_library_search() -> None:
    done = run(COUNT_SEARCHES + """
import reportpress.writers.pdf.render, weasyprint.text.ffi as ffi
print(len(searched), ctypes.util.find_library is not find and ctypes.util.find_library.__name__,
      ffi.pango is not None and ffi.harfbuzz is not None and ffi.fontconfig is not None)
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "<lambda>", "True"]  # no search; the test's own wrapper is back


def test_plain_weasyprint_searches() -> None:
    """The measure of the test above: WeasyPrint alone asks find_library for the names it cannot open."""
    done = run(COUNT_SEARCHES + "import weasyprint.text.ffi\nprint(len(searched))")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0


def test_a_library_only_a_search_finds_is_loaded_as_weasyprint_would() -> None:
    """The first quick try of GObject fails (as for a library outside the loader's paths): the import is
    given up quietly — no half-imported module, no banner on stdout — and WeasyPrint's own import runs."""
    done = run("""
import cffi.api
load = cffi.api._load_backend_lib
failed = []
def flaky(backend, name, flags):
    if name == "libgobject-2.0.so.0" and not failed:
        failed.append(name)
        raise OSError("not found by the loader")
    return load(backend, name, flags)
cffi.api._load_backend_lib = flaky
import reportpress.native as native
quick = "weasyprint.text.ffi" in __import__("sys").modules
import weasyprint.text.ffi as ffi
print(failed, quick, ffi.gobject is not None)
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['libgobject-2.0.so.0'] False True"
