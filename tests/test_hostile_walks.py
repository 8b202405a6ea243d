"""Folders nested 1,100 deep in a project's `fonts/` or `layouts/NAME/` (review 22b): `rglob` and `os.walk`
recurse once per level and raised RecursionError from `check`, `build` and `fonts`. One walker with a stack
and a depth cap (`files.walk_entries`) serves every reader: a layout nested too deep is refused with one
message naming the folder, a font folder nested too deep is skipped with one warning naming it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from reportpress import fonts
from reportpress.cli import main
from reportpress.files import MAX_FOLDER_DEPTH, TooDeep, walk_entries
from reportpress.layouts import builtin_layouts_dir
from reportpress.watch.inputs import layout_files

NESTED = 1100  # past Python's recursion limit of 1,000
SOURCE = "---\ntitle: 报告\nlayout: gov-report\n---\n\n正文，仿宋。\n"
ARGS = {"check": ["check", "source/r.md"], "fonts": ["fonts", "source/r.md"],
        "build": ["build", "-j", "1", "--to", "pdf", "source/r.md"]}


_NESTED_TOPS: list[Path] = []  # the top of each chain `nest` made, removed after its test


@pytest.fixture(autouse=True)
def _unnest() -> Iterator[None]:
    """Remove the nested folders bottom up after each test: pytest's own clean-up recurses, and fails."""
    yield
    while _NESTED_TOPS:
        chain = [_NESTED_TOPS.pop()]
        while (chain[-1] / "d").is_dir():
            chain.append(chain[-1] / "d")
        for folder in reversed(chain):
            for entry in folder.iterdir():
                if entry.is_file() or entry.is_symlink():
                    entry.unlink()
            folder.rmdir()


def nest(folder: Path, levels: int = NESTED) -> Path:
    """`levels` folders one inside the other below `folder`, a file at the bottom; the deepest folder."""
    folder.mkdir(parents=True, exist_ok=True)
    _NESTED_TOPS.append(folder / "d")
    deepest = folder
    for _ in range(levels):  # one at a time: mkdir(parents=True) recurses once per level itself
        deepest = deepest / "d"
        deepest.mkdir()
    (deepest / "bottom.ttf").write_bytes(b"not reached")
    return deepest


def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "fonts").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fonts, "_warned", set())  # as in a new process
    return tmp_path


def test_the_walk_stops_at_the_depth_cap_without_recursing(tmp_path: Path) -> None:
    nest(tmp_path)
    (tmp_path / "top.txt").write_text("x")
    with pytest.raises(TooDeep) as raised:
        list(walk_entries(tmp_path))
    assert raised.value.folder == tmp_path.joinpath(*["d"] * (MAX_FOLDER_DEPTH + 1))
    skipped: list[TooDeep] = []
    seen = list(walk_entries(tmp_path, too_deep=skipped.append))
    assert [deep.folder for deep in skipped] == [raised.value.folder]
    assert tmp_path / "top.txt" in seen
    assert max(len(path.relative_to(tmp_path).parts) for path in seen) == MAX_FOLDER_DEPTH + 1
    assert not any(path.name == "bottom.ttf" for path in seen)


def test_a_link_to_a_folder_is_an_entry_never_entered(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert sorted(walk_entries(tmp_path)) == [tmp_path / "a", tmp_path / "a" / "loop"]


@pytest.mark.warns(match="more than 8 folders deep inside the font folder")
@pytest.mark.parametrize("command", ["check", "fonts", "build"])
def test_a_font_folder_nested_too_deep_is_skipped_with_one_warning(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, monkeypatch)
    nest(root / "fonts")
    code = main(ARGS[command])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err and "RecursionError" not in err
    flat = " ".join(err.split())
    assert flat.count("folders deep inside the font folder") == 1, err
    assert "d/d/d/d/d/d/d/d/d" in flat.replace(" ", "")
    if command == "build":
        with pymupdf.open(root / "output" / "r.pdf") as pdf:
            assert "正文" in "".join(page.get_text() for page in pdf)


@pytest.mark.parametrize("command", ["check", "fonts", "build"])
def test_a_layout_nested_too_deep_is_refused_naming_the_folder(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, monkeypatch)
    layout = root / "layouts" / "gov-report"
    shutil.copytree(builtin_layouts_dir() / "gov-report", layout)
    nest(layout / "partials")
    code = main(ARGS[command])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err and "RecursionError" not in err
    flat = " ".join(err.split()).replace(" ", "")
    assert "partials/d/d/d/d/d/d/d/d" in flat and "levelsdeepinthelayoutfolder" in flat, err
    assert not (root / "output" / "r.pdf").exists()


def test_watch_lists_a_deep_layout_without_recursing(tmp_path: Path) -> None:
    nest(tmp_path)
    (tmp_path / "style.css.j2").write_text("x")
    listed = list(layout_files(tmp_path))
    assert tmp_path / "style.css.j2" in listed
    assert not any(path.name == "bottom.ttf" for path in listed)
