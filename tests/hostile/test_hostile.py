"""Hostile sources (issue 9): each case in `cases/` goes through `check`, `build` and, where it applies,
`import`, and none may crash, leak a file from outside the project, run a command, or leave an
inconsistent output set. The case format is in README.md beside this file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from reportpress.cli import main
from tests.conftest import REPO

CASES_DIR = Path(__file__).parent / "cases"
CANARY_TEXT = "CANARY-7f3a9c-outside-the-project"
COMMANDS = ("check", "build", "import")


@dataclass(frozen=True)
class Case:
    name: str
    commands: tuple[str, ...]
    exit: dict[str, int]
    message: str
    args: tuple[str, ...]
    subprocess: bool
    env: dict[str, str]
    files: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    raw_bytes: dict[str, str] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)


def load_case(path: Path) -> Case:
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    commands = tuple(data.get("commands", ("check", "build")))
    assert set(commands) <= set(COMMANDS), f"{path.name}: unknown command in {commands}"
    expected = data.get("exit", 1)
    exits = {command: (expected[command] if isinstance(expected, dict) else expected) for command in commands}
    env = {key: str(value) for key, value in data.get("env", {}).items()}
    return Case(name=path.stem, commands=commands, exit=exits, message=data.get("message", ""),
                args=tuple(data.get("args", ())), subprocess=bool(data.get("subprocess", False) or env), env=env,
                files=data.get("files", {}), links=data.get("links", {}), raw_bytes=data.get("bytes", {}),
                copies=data.get("copy", {}))


CASES = sorted((load_case(path) for path in CASES_DIR.glob("*.toml")), key=lambda case: case.name)


@dataclass
class Project:
    root: Path
    canary: Path
    marker: Path

    def expand(self, text: str) -> str:
        return (text.replace("@CANARY@", str(self.canary)).replace("@OUTSIDE@", str(self.canary.parent))
                .replace("@MARKER@", str(self.marker)).replace("@PROJECT@", str(self.root))
                .replace("@LAYOUTS@", str(REPO / "layouts")))


def make_project(case: Case, tmp_path: Path) -> Project:
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = outside / "canary.txt"
    canary.write_text(CANARY_TEXT + "\n", encoding="utf-8")
    project = Project(root=tmp_path / "project", canary=canary, marker=outside / "code-ran")
    (project.root / "source").mkdir(parents=True)
    for name, origin in case.copies.items():
        shutil.copytree(project.expand(origin), project.root / name)
    for name, text in case.files.items():
        path = project.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(project.expand(text), encoding="utf-8")
    for name, hexed in case.raw_bytes.items():
        path = project.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(project.expand(hexed)))
    for name, target in case.links.items():
        path = project.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(project.expand(target))
    return project


def argv(case: Case, command: str) -> list[str]:
    if command == "build":
        return ["build", "source/report.md", *case.args]
    if command == "check":
        return ["check", "source/report.md"]
    return ["import", "source/raw.txt", "-o", "source/imported.md"]


def run(case: Case, command: str, project: Project, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    args = [project.expand(arg) for arg in argv(case, command)]
    if case.subprocess:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "200",
               **{key: project.expand(value) for key, value in case.env.items()}}
        done = subprocess.run([sys.executable, "-m", "reportpress", *args], cwd=project.root, env=env,
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        return done.returncode, done.stderr
    monkeypatch.chdir(project.root)
    capfd.readouterr()
    code = main(args)  # an exception here is a traceback a user would see
    return code, capfd.readouterr().err


def written_texts(project: Project) -> Iterator[tuple[Path, str]]:
    """Every file the commands may have written, as the text a reader of it gets."""
    for path in sorted(project.root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        if path.suffix == ".pdf":
            done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
            yield path, done.stdout.decode("utf-8", "replace") + path.read_bytes().decode("latin-1")
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                yield path, "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        else:
            yield path, path.read_bytes().decode("utf-8", "replace")


def check_manifests(project: Project) -> None:
    for manifest in project.root.rglob("*.manifest.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        for entry in data["outputs"].values():
            path = project.root / entry["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], f"{manifest}: {path} differs"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Case, tmp_path: Path, capfd: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(case, tmp_path)
    for command in case.commands:
        code, err = run(case, command, project, capfd, monkeypatch)
        assert "Traceback" not in err, f"{command}: {err}"
        assert code == case.exit[command], f"{command}: exit {code}, stderr:\n{err}"
        if code != 0 and case.message:
            assert project.expand(case.message) in err, f"{command}: stderr:\n{err}"
        assert not project.marker.exists(), f"{command}: the source ran a command"
    for path, text in written_texts(project):
        if path != project.canary and project.root in path.parents:
            assert CANARY_TEXT not in text, f"{path} holds the outside file's content"
    check_manifests(project)
    assert not list(project.root.rglob("*.part")), "a .part file was left behind"


def test_cases_are_read() -> None:
    assert len(CASES) >= 3
