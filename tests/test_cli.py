"""The command line: exit codes 0/1/2, one clear message with file and line, no traceback, no output
file left behind on bad input (issue 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_SOURCE

GOOD = """---
title: 报告
---

正文[^a]，用到“甲”。

[^a]: 注。

::: glossary
“甲”
: 释义。
:::
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "reportpress", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def assert_clean_failure(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    return tmp_path


def test_build_writes_pdf(project: Path) -> None:
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    result = run("build", "--to", "pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "good.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "wrote output/good.pdf" in result.stdout
    assert not [p for p in (project / "output").iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("footnote.md", "正文[^x]。\n", "source/footnote.md:1: unknown footnote [^x]"),
    ("term.md", "正文\n\n用到[甲]{.term}。\n", "source/term.md:3: unknown glossary term '甲'"),
    ("dup.md", "“甲”。\n\n::: glossary\n甲\n: 一。\n\n甲\n: 二。\n:::\n", "source/dup.md:7: duplicate glossary term"),
    ("yaml.md", "---\ntitle: [报告\n---\n\n正文。\n", "source/yaml.md:2: front matter:"),
    ("layout.md", "---\nlayout: no-such-layout\n---\n\n正文。\n", "unknown layout 'no-such-layout'"),
    ("passwd.md", "![x](file:///etc/passwd)\n", "source/passwd.md:1: image 'file:///etc/passwd'"),
    ("http.md", "![x](http://example.com/x.png)\n", "source/http.md:1: image 'http://example.com/x.png'"),
])
def test_bad_input_is_one_clear_message(project: Path, name: str, text: str, message: str) -> None:
    (project / "source" / name).write_text(text, encoding="utf-8")
    result = run("build", f"source/{name}", "--to", "pdf", cwd=project)
    assert_clean_failure(result, message)
    assert not (project / "output" / name.replace(".md", ".pdf")).exists()
    assert not list((project / "output").glob("*")) if (project / "output").exists() else True


def test_missing_file(project: Path) -> None:
    result = run("build", "source/nothing.md", cwd=project)
    assert_clean_failure(result, "source/nothing.md: no such file")


def test_symlink_out_of_the_project_is_refused_by_the_renderer(project: Path) -> None:
    # the reader accepts a relative image path; the confined URL fetcher refuses where it leads
    (project / "source" / "secret.png").symlink_to("/etc/passwd")
    (project / "source" / "link.md").write_text("图：![x](secret.png)\n", encoding="utf-8")
    result = run("build", "source/link.md", "--to", "pdf", cwd=project)
    assert_clean_failure(result, "which a build may not read")
    assert not (project / "output" / "link.pdf").exists()


def test_unused_glossary_entry_is_a_warning_not_an_error(project: Path) -> None:
    source = GOOD.replace("用到“甲”。", "没有用到。")
    (project / "source" / "unused.md").write_text(source, encoding="utf-8")
    result = run("check", "source/unused.md", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "glossary entry '甲' is never used" in result.stderr


def test_a_failed_build_keeps_the_previous_output(project: Path) -> None:
    source = project / "source" / "report.md"
    source.write_text(GOOD, encoding="utf-8")
    assert run("build", "--to", "pdf", cwd=project).returncode == 0
    before = (project / "output" / "report.pdf").read_bytes()
    source.write_text(GOOD + "\n再引用[^nope]。\n", encoding="utf-8")
    assert_clean_failure(run("build", "--to", "pdf", cwd=project), "unknown footnote [^nope]")
    assert (project / "output" / "report.pdf").read_bytes() == before


def test_usage_errors_exit_2(project: Path) -> None:
    assert run("build", "--to", "odt", cwd=project).returncode == 2
    assert run("frobnicate", cwd=project).returncode == 2
    result = run("build", cwd=project)  # no SOURCE and no source/*.md
    assert result.returncode == 2 and "no SOURCE given" in result.stderr


def test_check_and_layouts(project: Path) -> None:
    result = run("check", str(SAMPLE_SOURCE), cwd=project)
    assert result.returncode == 0, result.stderr
    listing = run("layouts", cwd=project)
    assert listing.returncode == 0 and listing.stdout.split()[0] == "gov-report"


def test_python_m_and_console_script_agree(project: Path) -> None:
    script = Path(sys.executable).parent / "reportpress"
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == run("--version", cwd=project).stdout.strip()
