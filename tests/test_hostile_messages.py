"""Control characters in file names (review 22): a path printed by the CLI — in an error, a warning, an
`ok` or `wrote` line, the `layouts` listing — shows its escapes, so a file named with an escape sequence
or a newline neither acts on the terminal nor forges a line of output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportpress import fonts
from reportpress.cli import main
from reportpress.errors import printable, shown_path
from tests.conftest import REPO

# an OSC retitle, a BEL, a clear-screen CSI, a newline followed by a forged `file:line:` message
FORGED = "a\x1b]0;PWNED\x07\x1b[2J\nerror: b.md:1: ok"
SHOWN = "a\\x1b]0;PWNED\\x07\\x1b[2J\\nerror: b.md:1: ok"
GOOD = "---\ntitle: 报告\n---\n\n正文。\n"


@pytest.mark.parametrize(("text", "shown"), [
    ("\x00\x01\x1f", "\\x00\\x01\\x1f"),  # C0
    ("\t\r\n", "\\t\\r\\n"),
    ("\x7f", "\\x7f"),  # DEL
    ("\x85\x9b", "\\x85\\x9b"),  # C1: NEL, CSI
    ("\u202e\u2066\u200f\u061c", "\\u202e\\u2066\\u200f\\u061c"),  # bidi controls
    ("\u2028\u2029", "\\u2028\\u2029"),
    ("报告 é ①", "报告 é ①"),  # what prints is kept
])
def test_printable_escapes_each_class_of_control_character(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert shown_path(Path("dir") / text) == "dir/" + shown


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_a_source_named_with_escapes_and_a_newline_is_one_escaped_error_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / f"{FORGED}.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", f"source/{FORGED}.md"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    errors = lines_of(err)
    assert len(errors) == 1 and errors[0].startswith(f"error: source/{SHOWN}.md:2: front matter"), err


def test_ok_and_wrote_lines_show_an_escaped_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "source").mkdir()
    name = "r\x1b[31m\u202e"
    (tmp_path / "source" / f"{name}.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", f"source/{name}.md"]) == 0
    assert lines_of(capsys.readouterr().out) == ["source/r\\x1b[31m\\u202e.md: ok"]
    assert main(["build", "-j", "1", "--to", "pdf", f"source/{name}.md"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert any(line.endswith("r\\x1b[31m\\u202e.pdf") and line.startswith("wrote ") for line in lines_of(out)), out
    assert (tmp_path / "output" / f"{name}.pdf").exists()  # the file itself keeps its name


def test_a_warning_naming_a_font_file_shows_its_escapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "source").mkdir()
    (tmp_path / "fonts" / "x\x1b[2J\nWARNING forged.ttf").write_bytes(b"not a font")
    (tmp_path / "source" / "r.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fonts, "_warned", set(), raising=False)
    assert main(["check", "source/r.md"]) == 0
    err = capsys.readouterr().err
    squeezed = "".join(err.split())  # rich wraps a long warning across lines
    assert "\x1b" not in err and "x\\x1b[2J\\nWARNINGforged.ttf:notused" in squeezed, err
    assert squeezed.count("WARNING") == 2  # the log level, and the escaped text of the name: no forged line


def test_the_layouts_listing_shows_an_escaped_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPO / "layouts" / "gov-report", tmp_path / "layouts" / "mine\x1b[2J")
    monkeypatch.chdir(tmp_path)
    assert main(["layouts"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "mine\\x1b[2J" in out


def test_a_source_position_prints_its_path_escaped() -> None:
    """`SourcePos` formats its path as every message does: a newline or ESC in a file name cannot forge a
    line of output or act on the terminal, wherever a position is put into a message."""
    from reportpress.model import SourcePos

    shown = str(SourcePos("source/a\x1b]0;PWNED\x07\nb:1: ok.md", 3))
    assert "\n" not in shown and "\x1b" not in shown and "\x07" not in shown
    assert shown == "source/a\\x1b]0;PWNED\\x07\\nb:1: ok.md:3"
    assert str(SourcePos("source/报告.md", 12)) == "source/报告.md:12"
