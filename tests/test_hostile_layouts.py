"""Hostile project layouts (review 22): a layout.toml nested thousands deep, or with control characters
in a string, is one LayoutError naming the file (and the key) from `check`, `layouts` and `build` —
never a RecursionError traceback, never a message blaming the source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportpress.cli import main
from reportpress.errors import LayoutError
from reportpress.layouts import read_layout
from tests.conftest import REPO

SOURCE = "---\ntitle: 报告\n---\n\n正文。\n"
ARGS = {"check": ["check", "source/r.md"], "layouts": ["layouts"],
        "build": ["build", "-j", "1", "--to", "pdf", "source/r.md"]}


def project_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit) -> Path:  # type: ignore[no-untyped-def]
    """A project with its own copy of gov-report whose layout.toml is `edit(text)`; its path."""
    folder = tmp_path / "layouts" / "gov-report"
    shutil.copytree(REPO / "layouts" / "gov-report", folder)
    toml = folder / "layout.toml"
    toml.write_text(edit(toml.read_text(encoding="utf-8")), encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return toml


DEEP_INLINE = lambda text: text + "\n[deep]\na = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"  # noqa: E731
DEEP_ARRAY = lambda text: text.replace('name = "gov-report"', 'deep = ' + "[" * 50000 + "]" * 50000  # noqa: E731
                                        + '\nname = "gov-report"', 1)
NESTED_NINE = lambda text: text + "\n[deep]\na = " + "[" * 9 + "1" + "]" * 9 + "\n"  # noqa: E731


@pytest.mark.parametrize("edit", [DEEP_INLINE, DEEP_ARRAY, NESTED_NINE], ids=["inline-3000", "array-50000", "nine"])
@pytest.mark.parametrize("command", ["check", "layouts", "build"])
def test_a_layout_nested_too_deep_is_one_message_naming_the_file(
        command: str, edit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        capsys: pytest.CaptureFixture[str]) -> None:
    toml = project_layout(tmp_path, monkeypatch, edit)
    code = main(ARGS[command])
    out, err = capsys.readouterr()
    said = " ".join((out + err).split())
    assert "Traceback" not in said and "RecursionError" not in said
    assert f"{toml}: " in said and "tables or arrays nested too deep to read" in said, said
    assert code == (0 if command == "layouts" else 1)  # `layouts` lists the layout as broken
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(("old", "new", "key", "code"), [
    ('format = "— {n} —"', 'format = "— {n} —\\u0000"', "[folio] format", "U+0000"),
    ('end_title = ', 'end_title = "注\\u001b[2J释"\nx_end_title = ', "[notes] end_title", "U+001B"),
    ('name = "gov-report"', 'name = "gov\\u202ereport"', "name", "U+202E"),
    ('[fonts]\n', '[fonts]\nextra = ["a", "b\\u0085"]\n', "[fonts] extra[1]", "U+0085"),
])
def test_a_control_character_in_a_layout_string_names_the_layout_file_and_key(
        old: str, new: str, key: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    toml = project_layout(tmp_path, monkeypatch, lambda text: text.replace(old, new, 1))
    assert new.split("\n")[0] in toml.read_text(encoding="utf-8")
    with pytest.raises(LayoutError) as raised:
        read_layout(toml.parent)
    assert str(raised.value).startswith(f"{toml}: {key} holds the control character {code}; remove it")
    assert main(ARGS["check"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"{key} holds the control character {code}" in err and "r.md" not in err and "install" not in err, err


def test_the_shipped_layout_holds_no_control_character_and_loads() -> None:
    assert read_layout(REPO / "layouts" / "gov-report").name == "gov-report"
