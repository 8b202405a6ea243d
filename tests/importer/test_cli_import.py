"""`reportpress import` then `reportpress check`: what the importer writes passes the check (issue 6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportpress.cli import main
from reportpress.errors import OutputError, SourceError
from reportpress.importer import MAX_RAW_BYTES, read_raw, write_import

from .conftest import DATA, SAMPLES


@pytest.mark.parametrize(
    "raw",
    [DATA / "wrapped-folios.txt", DATA / "notes-bracketed.txt", DATA / "glossary-fullwidth-numbered-gb18030.txt",
     DATA / "pdf-cover-imprint.txt",
     SAMPLES / "hongkou-2020-raw.txt", SAMPLES / "dev" / "jiangxi-2026-web.txt"],
    ids=lambda path: path.name,
)
def test_import_then_check(raw: Path, tmp_path: Path) -> None:
    if not raw.is_file():
        pytest.skip(f"{raw} not found")
    out = tmp_path / "source.md"
    assert main(["import", str(raw), "-o", str(out)]) == 0
    assert out.is_file()
    assert main(["check", str(out)]) == 0


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "source.md"
    out.write_text("keep me", encoding="utf-8")
    assert main(["import", str(DATA / "excerpt-lines.txt"), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["import", str(DATA / "excerpt-lines.txt"), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("---\ntitle: 2020年上海市虹口区政府工作报告\n")


def test_output_naming_a_folder_writes_the_raw_name_into_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 9 item 5: `-o DIR` was a traceback (IsADirectoryError) with --force, a wrong message without."""
    folder = tmp_path / "out"
    folder.mkdir()
    for force in ([], ["--force"]):
        assert main(["import", str(DATA / "excerpt-lines.txt"), "-o", str(folder), *force]) == 0
        assert (folder / "excerpt-lines.md").read_text(encoding="utf-8").startswith("---\ntitle: ")
        assert f"wrote {folder / 'excerpt-lines.md'}" in capsys.readouterr().out


def test_write_import_refuses_a_folder_as_its_output(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_import(DATA / "excerpt-lines.txt", tmp_path, force=True)


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex"])
def test_a_codec_that_is_not_a_text_encoding_is_one_message(
        codec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA / "excerpt-lines.txt"), "-o", str(tmp_path / "a.md"), "--encoding", codec]) == 1
    err = capsys.readouterr().err
    raw = DATA / "excerpt-lines.txt"
    assert err == f"error: {raw}: '{codec}' is not a text encoding (try utf-8, gb18030 or utf-16)\n"
    assert not (tmp_path / "a.md").exists()


def _refused(raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["import", str(raw), "-o", str(tmp_path / "a.md")]) == 1
    assert not (tmp_path / "a.md").exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {raw}: ")
    return err


def test_devices_pipes_and_folders_are_refused_before_reading(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """/dev/zero was read until memory ran out, a FIFO hung forever (issue 9 item 5)."""
    assert "not a regular file, not a text file" in _refused(Path("/dev/zero"), tmp_path, capsys)
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert "not a regular file" in _refused(link, tmp_path, capsys)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading the usual way would block forever
    assert "a pipe, not a text file" in _refused(fifo, tmp_path, capsys)
    assert "a folder, not a text file" in _refused(DATA, tmp_path, capsys)


def test_input_over_the_size_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(MAX_RAW_BYTES + 1)  # sparse: costs no disk
    assert "more than 32 MiB, too large for a report" in _refused(big, tmp_path, capsys)
    assert len(read_raw(big, limit=MAX_RAW_BYTES + 1)) == MAX_RAW_BYTES + 1
    with pytest.raises(SourceError, match="more than"):
        read_raw(DATA / "excerpt-lines.txt", limit=10)


def test_the_help_states_the_size_limit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert f"at most {MAX_RAW_BYTES // (1024 * 1024)} MiB" in capsys.readouterr().out
