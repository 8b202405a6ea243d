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
    ("layout.md", "---\nlayout: no-such-layout\n---\n\n正文。\n",
     "source/layout.md:2: front matter `layout`: unknown layout 'no-such-layout'"),
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


@pytest.mark.parametrize("formats", [["--to", "pdf"], ["--to", "docx"], []])
def test_symlink_out_of_the_source_folder_is_refused_for_every_output(project: Path, formats: list[str]) -> None:
    # the reader accepts a relative image path; where it leads is checked before any writer runs
    secret = project / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n not for the report")
    (project / "source" / "secret.png").symlink_to(secret)
    (project / "source" / "link.md").write_text("图：![x](secret.png)\n", encoding="utf-8")
    result = run("build", "source/link.md", *formats, cwd=project)
    assert_clean_failure(result, "source/link.md:1: image source/secret.png: outside the source's folder")
    assert not (project / "output").exists()
    assert_clean_failure(run("check", "source/link.md", cwd=project), "outside the source's folder")


def test_cover_pdf_outside_the_source_folder_is_refused(project: Path) -> None:
    (project / "front.pdf").write_bytes(b"%PDF-1.4")
    (project / "source" / "c.md").write_text("---\ncover:\n  front: ../front.pdf\n---\n\n正文。\n",
                                              encoding="utf-8")
    for command in (["build", "source/c.md"], ["check", "source/c.md"]):
        assert_clean_failure(run(*command, cwd=project), "source/c.md:2: front cover PDF source/../front.pdf: outside")
    assert not (project / "output").exists()


def test_check_reports_what_build_would_refuse(project: Path) -> None:
    (project / "source" / "c.md").write_text("---\ncover:\n  front: nope.pdf\n---\n\n正文。\n",
                                              encoding="utf-8")
    assert_clean_failure(run("check", "source/c.md", cwd=project),
                         "source/c.md:2: front cover PDF source/nope.pdf: not found")


def test_corrupt_cover_is_one_message_without_pypdf_noise(project: Path) -> None:
    (project / "source" / "bad.pdf").write_bytes(b"garbage, not a PDF")
    (project / "source" / "c.md").write_text("---\ncover:\n  front: bad.pdf\n---\n\n正文。\n",
                                              encoding="utf-8")
    result = run("build", "source/c.md", cwd=project)
    assert_clean_failure(result, "not a readable PDF")
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_unused_glossary_entry_is_a_warning_not_an_error(project: Path) -> None:
    source = GOOD.replace("用到“甲”。", "没有用到。")
    (project / "source" / "unused.md").write_text(source, encoding="utf-8")
    result = run("check", "source/unused.md", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "glossary entry '甲' is never used" in result.stderr


def test_a_failed_build_keeps_the_previous_outputs_and_manifest(project: Path) -> None:
    source = project / "source" / "report.md"
    source.write_text(GOOD, encoding="utf-8")
    assert run("build", cwd=project).returncode == 0
    names = ("report.pdf", "report.docx", "report.manifest.json")
    before = {name: (project / "output" / name).read_bytes() for name in names}
    # the DOCX could be made, the PDF's cover cannot: nothing may change
    source.write_text(GOOD.replace("title: 报告", "title: 新报告\ncover:\n  front: missing.pdf"), encoding="utf-8")
    assert_clean_failure(run("build", cwd=project), "front cover PDF source/missing.pdf: not found")
    assert {name: (project / "output" / name).read_bytes() for name in names} == before
    assert sorted(p.name for p in (project / "output").iterdir()) == sorted(names)


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


def test_check_and_build_print_each_warning_of_a_source_once(project: Path) -> None:
    (project / "source" / "good.md").write_text(GOOD + "\n[^unused]: 没有调用的脚注。\n", encoding="utf-8")
    for command in (("check", "source/good.md"), ("build", "--to", "docx", "source/good.md")):
        result = run(*command, cwd=project)
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("[^unused] is defined but never referenced") == 1, (command, result.stderr)


def test_python_m_and_console_script_agree(project: Path) -> None:
    script = Path(sys.executable).parent / "reportpress"
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == run("--version", cwd=project).stdout.strip()


def test_import_refuses_a_missing_output_folder(project: Path) -> None:
    (project / "raw.txt").write_text("政府工作报告\n各位代表：\n", encoding="utf-8")
    result = run("import", "raw.txt", "-o", "no/such/folder/x.md", cwd=project)
    assert result.returncode == 2 and "no such folder" in result.stderr
    assert not (project / "no").exists()


def test_two_sources_with_one_stem_are_a_usage_error(project: Path) -> None:
    for folder in ("a", "b"):
        (project / folder).mkdir()
        (project / folder / "r.md").write_text("正文。\n", encoding="utf-8")
    result = run("build", "a/r.md", "b/r.md", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "a/r.md and b/r.md would both write output/r.*" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "output").exists()


@pytest.mark.parametrize("value", ["-1", "tomorrow", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_one_message_for_check_and_build(project: Path, value: str) -> None:
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": value}
    for command in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "reportpress", command, "source/good.md"], cwd=project,
                                env=env, capture_output=True, text=True, timeout=120)
        assert_clean_failure(result, f"SOURCE_DATE_EPOCH={value!r}")
        assert result.stderr.count("\n") == 1, result.stderr
    assert not (project / "output").exists()


INTERRUPT_WHILE_IMPORTING = """
import builtins, runpy, sys
real_import, module = builtins.__import__, sys.argv[1]
def ctrl_c_at(name, *args, **kwargs):
    if name.startswith(module):
        raise KeyboardInterrupt  # what Ctrl-C does while Python imports this module
    return real_import(name, *args, **kwargs)
builtins.__import__ = ctrl_c_at
sys.argv = ["reportpress", *sys.argv[2:]]
runpy.run_module("reportpress", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("module", ["reportpress.cli", "rich", "argparse", "reportpress.build"])
def test_ctrl_c_during_start_up_is_interrupted_without_a_traceback(project: Path, module: str) -> None:
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", INTERRUPT_WHILE_IMPORTING, module, "build", "source/good.md"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (130, "interrupted\n")


INTERRUPT_AT_EXIT = """
import atexit, os, signal, sys, time
from reportpress.__main__ import entry
def finalizer():  # one of the interpreter's clean-ups (logging's, multiprocessing's) when a Ctrl-C comes
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)
    sys.stdout.write("clean-up finished\\n")
atexit.register(finalizer)
sys.argv = ["reportpress", *sys.argv[1:]]
raise SystemExit(entry())
"""


def test_ctrl_c_after_the_outputs_are_written_does_not_cut_the_clean_up_short(project: Path) -> None:
    """The command has returned, its outputs are written: a Ctrl-C while the interpreter shuts down
    neither prints "Exception ignored … KeyboardInterrupt" nor changes the exit code."""
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", INTERRUPT_AT_EXIT, "build", "source/good.md", "--to", "docx"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.endswith("clean-up finished\n")
    assert (project / "output" / "good.docx").is_file()


TEARDOWN = """
import atexit, sys
from reportpress.__main__ import entry
class Held:  # an object freed by the interpreter's teardown, after the exit handlers
    def __del__(self):
        sys.stdout.write("freed one by one\\n")
        sys.stdout.flush()
held = Held()
atexit.register(lambda: sys.stdout.write("exit handler ran\\n"))
sys.argv = ["reportpress", *sys.argv[1:]]
raise SystemExit(entry())
"""


def test_the_process_ends_once_the_exit_handlers_have_run(project: Path) -> None:
    """With no thread left to join, the command's process ends right after its exit handlers (their
    output flushed, its exit code kept), without the teardown that frees every object one by one."""
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    good = subprocess.run([sys.executable, "-c", TEARDOWN, "build", "source/good.md", "--to", "docx"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr
    assert good.stdout == "wrote output/good.docx\nexit handler ran\n"
    broken = subprocess.run([sys.executable, "-c", TEARDOWN, "build", "source/missing.md"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1 and "source/missing.md" in broken.stderr
    assert broken.stdout == "exit handler ran\n"


HANGING_SHUTDOWN = """
import sys, threading, time
import reportpress.__main__ as command
command.SHUTDOWN_S = 1.0
threading.Thread(target=time.sleep, args=(3600,)).start()  # what shutdown waits for: a pool's stuck thread
sys.argv = ["reportpress", *sys.argv[1:]]
raise SystemExit(command.entry())
"""


def test_a_shutdown_that_blocks_ends_soon_with_the_command_s_exit_code(project: Path) -> None:
    """Ctrl-C is ignored once the command has returned, so a shutdown that blocks (a thread the
    interpreter joins that never ends) could not be stopped: the process ends `SHUTDOWN_S` after the
    command, with its exit code and its output flushed."""
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", HANGING_SHUTDOWN, "build", "source/good.md", "--to", "docx"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wrote output/good.docx"
    broken = subprocess.run([sys.executable, "-c", HANGING_SHUTDOWN, "build", "source/missing.md"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1 and "source/missing.md" in broken.stderr


def test_a_default_build_does_not_follow_a_source_link_out_of_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("外面的秘密。\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    (project / "source" / "x.md").symlink_to(outside / "secret.md")
    result = run("build", cwd=project)
    assert result.returncode == 2, result
    assert "source/x.md: a link leading out of the project" in result.stderr
    assert not (project / "output").exists()
    named = run("build", "source/x.md", "--to", "docx", cwd=project)  # typed by the user: allowed
    assert named.returncode == 0, named.stderr


def test_a_default_output_folder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    (project / "output").symlink_to(outside)
    result = run("build", "source/good.md", cwd=project)
    assert result.returncode == 2, result
    assert "output/ is a link leading out of the project" in result.stderr
    assert list(outside.iterdir()) == []
    explicit = run("build", "source/good.md", "--to", "docx", "--out", str(outside), cwd=project)
    assert explicit.returncode == 0, explicit.stderr
    assert (outside / "good.docx").is_file()


def test_import_writes_through_no_source_link_out_of_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / "source").symlink_to(outside)
    (project / "raw.txt").write_text("各位代表：\n", encoding="utf-8")
    result = run("import", "raw.txt", cwd=project)
    assert result.returncode == 2 and "source/ is a link leading out of the project" in result.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(("address", "message"), [
    ("tls://127.0.0.1:8786", "TLS is not supported"),
    ("tcp://127.0.0.1", "port"),
    ("tcp://127.0.0.1:99999", "the port must be a number from 1 to 65535"),
    ("tcp://:8786", "is no host name or IP address"),
    ("tcp://bad host:8786", "is no host name or IP address"),
    ("http://127.0.0.1:8786", "give the scheduler's address, tcp://HOST:PORT"),
])
def test_a_bad_cluster_address_is_a_usage_error_before_anything_connects(
        address: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    from reportpress.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["build", "--cluster", address, "x.md"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
