"""File names a hostile project can hold (session 24): a source or a font named in bytes that are not UTF-8,
a source name too long for the files its build writes, a failing source named with escape sequences in a
batch's summary table. Each is one message (or one warning) and a consistent output folder, never a
traceback; the commands run in child processes, as a user runs them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportpress.errors import printable
from reportpress.fonts import discover_faces, resolve_fontset
from reportpress.layouts import builtin_layout
from reportpress.manifest import FontUse, manifest_bytes

from .conftest import REPO

GOOD = "---\ntitle: 报告\n---\n\n正文。\n"
NOT_UTF8 = os.fsdecode(b"\xff\xfe")  # how Python names a file whose name holds the bytes ff fe
# 255 bytes a file name, less what the longest name a build writes adds: `.NAME.manifest.json.<12 hex>.part`
MAX_STEM_BYTES = 255 - len(".manifest.json") - len("..") - 12 - len(".part")


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "300",
           "REPORTPRESS_CACHE_DIR": str(project / ".cache")}
    return subprocess.run([sys.executable, "-m", "reportpress", *args], cwd=project, env=env, capture_output=True,
                          text=True, errors="surrogateescape", timeout=600, check=False)


def project(tmp_path: Path, *names: str) -> Path:
    (tmp_path / "source").mkdir()
    for name in names:
        (tmp_path / "source" / f"{name}.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def errors_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def outputs(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("args", [["check", f"source/{NOT_UTF8}.md"], ["build", "--to", "docx", "--jobs", "1"],
                                  ["build", "--to", "docx", "--jobs", "2"]])
def test_a_source_named_in_bytes_that_are_not_utf8_is_one_error_and_the_others_build(
        tmp_path: Path, args: list[str]) -> None:
    folder = project(tmp_path, NOT_UTF8, "good")
    result = run(folder, *args)
    assert result.returncode == 1, result.stderr[-3000:]
    assert errors_of(result) == ["error: source/\\xff\\xfe.md: the file name is not UTF-8 text (rename the source: "
                                 "its outputs and manifest are named after it)"]
    if args[0] == "build":
        assert outputs(folder / "output") == ["good.docx", "good.manifest.json"]
        assert "\\xff\\xfe" in result.stderr.split("sources failed")[-1]  # the summary table names it escaped


def test_a_source_name_too_long_for_its_outputs_is_refused_and_one_at_the_limit_builds(tmp_path: Path) -> None:
    long, limit = "长" * (MAX_STEM_BYTES // 3) + "a" * (MAX_STEM_BYTES % 3 + 1), "a" * MAX_STEM_BYTES
    assert len(long.encode()) == MAX_STEM_BYTES + 1 and len(f"{long}.md".encode()) <= 255
    folder = project(tmp_path, long, limit)
    result = run(folder, "check", f"source/{long}.md")
    assert result.returncode == 1
    assert errors_of(result) == [f"error: source/{long}.md: the file name is {MAX_STEM_BYTES + 1} bytes before "
                                 f"`.md`, over the {MAX_STEM_BYTES} its outputs' names leave (rename the source: "
                                 "its outputs and manifest are named after it)"]
    result = run(folder, "build", "--to", "pdf,docx", "--jobs", "1")
    assert result.returncode == 1 and len(errors_of(result)) == 1
    assert outputs(folder / "output") == [f"{limit}.docx", f"{limit}.manifest.json", f"{limit}.pdf"]
    manifest = json.loads((folder / "output" / f"{limit}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["source"]["path"] == f"source/{limit}.md"


def test_a_project_font_named_in_bytes_that_are_not_utf8_is_skipped_with_one_warning(tmp_path: Path) -> None:
    """A copy of the face that serves the body, so that the build would use it were it not skipped."""
    body = resolve_fontset(builtin_layout("gov-report"), discover_faces())["body"].faces[0]
    folder = project(tmp_path, "r")
    (folder / "fonts").mkdir()
    shutil.copyfile(body.path, folder / "fonts" / f"{NOT_UTF8}{body.path.suffix}")
    for args in (["check", "source/r.md"], ["fonts", "source/r.md"], ["build", "--to", "pdf"]):
        result = run(folder, *args)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
        warning = " ".join(result.stderr.split())
        assert warning.count("not used: the file name is not UTF-8 text (rename the font)") == 1, warning
        assert f"fonts/\\xff\\xfe{body.path.suffix}" in warning
    fonts = json.loads((folder / "output" / "r.manifest.json").read_bytes())["inputs"]["fonts"]
    assert fonts and not [font for font in fonts if font["file"].startswith("fonts/")]  # the system's copy served


def test_a_manifest_naming_a_file_outside_the_project_in_bytes_that_are_not_utf8_reads_back_as_that_name(
        tmp_path: Path) -> None:
    system_font = f"/usr/share/fonts/{NOT_UTF8}.ttf"  # a system font's path, which the project does not choose
    data = manifest_bytes(project=tmp_path, source=tmp_path / "source" / "r.md", source_data=b"x",
                          layout_folder=tmp_path / "layouts" / "l", layout_files=[], covers=[],
                          outputs={"pdf": (tmp_path / "output" / "r.pdf", b"%PDF")},
                          fonts=[FontUse("F", system_font, "0" * 64)])
    data.decode("utf-8")  # the file is UTF-8
    assert os.fsencode(json.loads(data)["inputs"]["fonts"][0]["file"]) == b"/usr/share/fonts/\xff\xfe.ttf"


def test_a_failing_sources_name_reaches_the_batch_summary_escaped(tmp_path: Path) -> None:
    name = "a\x1b]0;PWNED\x07\x1b[31mred\u202e"
    folder = project(tmp_path, "good")
    (folder / "source" / f"{name}.md").write_text("---\nlayout: ../x\n---\n\n正文。\n", encoding="utf-8")
    result = run(folder, "build", "--to", "docx", "--jobs", "2")
    assert result.returncode == 1
    summary = result.stderr.split("sources failed")[-1]
    assert "source/a\\x1b]0;PWNED\\x07\\x1b[31mred\\u202e.md" in " ".join(summary.split()), summary
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr


def test_printable_shows_a_byte_that_is_not_utf8_as_that_byte() -> None:
    assert printable(f"source/{NOT_UTF8}.md") == "source/\\xff\\xfe.md"
    assert printable("\ud800") == "\\ud800"  # a surrogate no byte made is shown as itself
