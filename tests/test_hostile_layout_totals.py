"""A layout's files together (session 24): each layout file had its limit (16 MiB) and a layout 1,000
files, but a build holds all of them and sends them to each worker: sixty names hard-linked to one 16 MiB
sparse file (no disk) took 1 GB to check. Past 128 MiB together the layout is refused in one message."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportpress.cli import main
from reportpress.layouts import builtin_layouts_dir

MIB = 1024 * 1024


def project(tmp_path: Path, links: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    layout = tmp_path / "layouts" / "mine"
    shutil.copytree(builtin_layouts_dir() / "gov-report", layout)
    with (layout / "blob.bin").open("wb") as file:
        file.truncate(16 * MIB)  # sparse: 16 MiB of zeros to read, no disk
    for number in range(links):
        os.link(layout / "blob.bin", layout / f"blob{number}.bin")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text("---\ntitle: 报告\nlayout: mine\n---\n\n正文。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return layout


def test_a_layout_whose_files_pass_128_mib_together_is_refused_in_one_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    layout = project(tmp_path, 8, monkeypatch)  # nine names of 16 MiB: 144 MiB
    assert main(["check", "source/r.md"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert errors == [f"error: {layout.resolve()}: its files pass 128 MiB together at blob7.bin (keep in the "
                      "layout only what it uses)"]


def test_a_layout_under_the_total_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, 6, monkeypatch)  # seven names of 16 MiB: 112 MiB and the templates
    assert main(["check", "source/r.md"]) == 0
