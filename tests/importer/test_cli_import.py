"""`reportpress import` then `reportpress check`: what the importer writes passes the check (issue 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.cli import main

from .conftest import DATA, SAMPLES


@pytest.mark.parametrize(
    "raw",
    [DATA / "wrapped-folios.txt", DATA / "notes-bracketed.txt", DATA / "glossary-fullwidth-numbered-gb18030.txt",
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
