"""The project's fonts together (session 24): a build held every file of `fonts/` with a font's suffix in
memory and copied it to each worker — fonts.py had skipped a file that is no font, but the build's copy
read it anyway. Thirty names hard-linked to one 60 MB sparse `.ttf` (no disk) took 2 GB to check. Now the
build copies exactly the fonts fonts.py uses, and past 1 GiB together the rest are not used, with a warning.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from reportpress import fonts
from reportpress.fonts import discover_faces
from reportpress.job import read_project_fonts
from tests.test_hostile_fonts2 import small_font


def test_files_that_are_no_font_are_not_read_into_the_build(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    with (folder / "hole.ttf").open("wb") as file:
        file.truncate(60 * 1024 * 1024)  # sparse: 60 MB of zeros a reader reads, no disk
    for number in range(3):
        os.link(folder / "hole.ttf", folder / f"hole{number}.ttf")
    (folder / "good.ttf").write_bytes(small_font("Good Face"))
    logging.disable(logging.WARNING)  # the unreadable files' warnings are test_hostile_fonts2's
    try:
        assert [name for name, _ in read_project_fonts(tmp_path)] == ["good.ttf"]
    finally:
        logging.disable(logging.NOTSET)


@pytest.mark.warns(match="and the fonts after it: not used: the project's fonts together would pass")
def test_fonts_past_the_total_are_not_used_with_one_warning_and_not_copied(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    sizes = []
    for letter in "abcd":
        data = small_font(f"Face {letter.upper()}")
        (folder / f"{letter}.ttf").write_bytes(data)
        sizes.append(len(data))
    monkeypatch.setattr(fonts, "MAX_PROJECT_FONT_BYTES", sizes[0] + sizes[1])  # a and b fit, c does not
    with caplog.at_level(logging.WARNING, logger="reportpress"):
        families = {family for face in discover_faces([folder]) for family in face.families}
        copied = [name for name, _ in read_project_fonts(tmp_path)]
    assert {"Face A", "Face B"} <= families and not {"Face C", "Face D"} & families
    assert copied == ["a.ttf", "b.ttf"]
    warnings = [record.getMessage() for record in caplog.records if "together would pass" in record.getMessage()]
    assert len(warnings) == 1 and warnings[0].startswith(f"{folder / 'c.ttf'} and the fonts after it: not used")
