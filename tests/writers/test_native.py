"""WeasyPrint's C libraries are loaded by their Linux names without `ctypes.util.find_library`'s
subprocess search (`reportpress.native`), and where the quick way fails WeasyPrint loads them its own way.
Each case runs in a fresh interpreter: WeasyPrint loads its libraries once a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pymupdf
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


def test_a_library_the_loader_cannot_open_by_its_linux_name_leaves_weasyprint_to_search() -> None:
    """GObject not openable by its Linux name (as for a library outside the loader's paths): the quick
    way is not taken at all — no banner on stdout — and WeasyPrint's own import loads it."""
    done = run("""
import ctypes
real = ctypes.CDLL
def cdll(name, *args, **kwargs):
    if name == "libgobject-2.0.so.0":
        raise OSError("not found by the loader")
    return real(name, *args, **kwargs)
ctypes.CDLL = cdll
import reportpress.native
quick = "weasyprint.text.ffi" in __import__("sys").modules
ctypes.CDLL = real
import weasyprint.text.ffi as ffi
print(quick, ffi.gobject is not None)
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False True"


def test_a_quick_import_that_fails_leaves_no_half_imported_weasyprint() -> None:
    """The first try of GObject through cffi fails after the check passed: the quick import gives up,
    takes the half-imported modules out, and WeasyPrint's own import then loads everything."""
    done = run("""
import sys, cffi.api
load = cffi.api._load_backend_lib
failed = []
def flaky(backend, name, flags):
    if name == "libgobject-2.0.so.0" and not failed:
        failed.append(name)
        raise OSError("not found by the loader")
    return load(backend, name, flags)
cffi.api._load_backend_lib = flaky
import reportpress.native
left = sorted(name for name in sys.modules if name.startswith("weasyprint"))
import weasyprint.text.ffi as ffi
print("RESULT", failed, left, ffi.gobject is not None)
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "RESULT ['libgobject-2.0.so.0'] [] True"


def test_another_thread_keeps_the_library_search() -> None:
    """While the import runs, `find_library` answers None only to the importing thread."""
    done = run("""
import ctypes.util, threading
answers = []
stop = threading.Event()
def ask():
    while not stop.is_set():
        answers.append(ctypes.util.find_library("c"))
thread = threading.Thread(target=ask)
thread.start()
import reportpress.native
stop.set()
thread.join()
print(len(answers) > 0, None in answers)
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


def test_a_build_of_the_pdf_loads_weasyprint_without_a_library_search(tmp_path: Path) -> None:
    """The PDF writer's first import of WeasyPrint is `native`'s, whichever of its modules comes first
    (`typeset.weasy` imports WeasyPrint too): a whole build asks `find_library` nothing."""
    source = tmp_path / "short.md"
    source.write_text("---\ntitle: 短文\n---\n\n这是一段正文。\n", encoding="utf-8")
    done = run(COUNT_SEARCHES + f"""
from reportpress.cli import main
code = main(["build", {str(source)!r}, "--to", "pdf", "--out", {str(tmp_path / "out")!r}])
print("RESULT", code, len(searched))
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "RESULT 0 0"
    assert "短文" in pymupdf.open(tmp_path / "out" / "short.pdf")[0].get_text()
