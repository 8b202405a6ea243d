"""Session 23 hostile review: every line on stderr is reportpress's, and a font is warned about once per run.

A font whose `OS/2` table is longer than its version needs reads well, but fontTools' own logger printed
`too much 'OS/2' table data` on stderr, bare (Python's last-resort handler): no file named, not our
format, twelve times in a `-j 2` build of three sources. And with `-j 2` each batch worker warned again
about a broken font file, naming its temporary copy of the font folder. These run `reportpress` as the
user does, in a process of its own (pytest's log capture would otherwise take the library's lines).
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable

from reportpress import fonts
from reportpress.logcollect import library_records
from tests.test_hostile_fonts import TTC_HEADER_ONLY
from tests.test_hostile_fonts2 import small_font

SOURCE = "---\ntitle: 报告\n---\n\n正文。\n"
SRC = Path(__file__).resolve().parents[1] / "src"


def noisy_font() -> bytes:
    """A font that reads, with 40 bytes too many in its OS/2 table: fontTools logs a warning reading it."""
    font = TTFont(io.BytesIO(small_font("Noisy")))
    table = DefaultTable("OS/2")
    table.data = font.getTableData("OS/2") + b"\0" * 40
    font["OS/2"] = table
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def project(tmp_path: Path, sources: int = 1) -> Path:
    for folder in ("fonts", "source"):
        (tmp_path / folder).mkdir()
    (tmp_path / "fonts" / "noisy.ttf").write_bytes(noisy_font())
    (tmp_path / "fonts" / "broken.ttc").write_bytes(TTC_HEADER_ONLY)
    for number in range(sources):
        (tmp_path / "source" / f"r{number}.md").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def reportpress(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "REPORTPRESS_CACHE_DIR": str(tmp_path / "cache"),
           "COLUMNS": "200"}  # one warning, one line
    return subprocess.run([sys.executable, "-m", "reportpress", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def warnings_of(err: str) -> list[str]:
    """The warnings on stderr; every other line on it must be part of one (continuation lines)."""
    found: list[str] = []
    for line in err.splitlines():
        if line.startswith("WARNING "):
            found.append(line.removeprefix("WARNING").strip())
        else:
            assert found and line.startswith(" "), f"a line on stderr not in reportpress's format: {line!r}"
            found[-1] += " " + line.strip()
    return found


def test_a_font_table_fonttools_complains_of_is_one_warning_naming_the_file(tmp_path: Path) -> None:
    done = reportpress(project(tmp_path), "check", "source/r0.md")
    assert done.returncode == 0, done.stderr
    warnings = warnings_of(done.stderr)
    damaged = [warning for warning in warnings if "too much 'OS/2' table data" in warning]
    assert len(damaged) == 1, done.stderr
    assert damaged[0].startswith(str(tmp_path / "fonts" / "noisy.ttf") + ": a table of this font is damaged")
    assert "replace it with a complete" in damaged[0]


def test_a_batch_of_two_workers_warns_about_each_project_font_once_by_its_project_path(tmp_path: Path) -> None:
    done = reportpress(project(tmp_path, sources=3), "build", "-j", "2", "--to", "pdf")
    assert done.returncode == 0, done.stderr
    warnings = warnings_of(done.stderr)
    assert len(warnings) == 2, done.stderr
    assert sorted(warning.split(":", 1)[0] for warning in warnings) == [
        str(tmp_path / "fonts" / "broken.ttc"), str(tmp_path / "fonts" / "noisy.ttf")]
    assert all((tmp_path / "output" / f"r{number}.pdf").is_file() for number in range(3))


def test_library_records_take_what_fonttools_logs_in_the_block_and_nothing_reaches_the_root(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG), library_records() as records:
        TTFont(io.BytesIO(noisy_font()))["OS/2"]  # decompiled when read
    assert [record.getMessage() for record in records] == ["too much 'OS/2' table data"]
    assert not [record for record in caplog.records if record.name.startswith("fontTools")]


@pytest.mark.warns(match=r"own\.ttc: not used")
def test_a_worker_gives_no_warning_about_the_fonts_it_was_sent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(fonts, "_warned", set())
    for name in ("sent", "own"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.ttc").write_bytes(TTC_HEADER_ONLY)
    with caplog.at_level(logging.WARNING, "reportpress"):
        with fonts.warned_by_client():
            fonts.discover_faces([tmp_path / "sent"])
        fonts.discover_faces([tmp_path / "own"])
    said = [record.getMessage() for record in caplog.records if ".ttc" in record.getMessage()]
    assert len(said) == 1 and "own.ttc: not used" in said[0], said
