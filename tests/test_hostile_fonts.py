"""Broken font files in a project's `fonts/` (review 22): each is skipped with one warning naming it and
what to do — in `check`, `fonts` and `build` alike — and the build goes on with the other fonts."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from reportpress import fonts
from reportpress.cli import main
from reportpress.fonts import discover_faces, find_face

SOURCE = "---\ntitle: 报告\n---\n\n正文，仿宋。\n"
TTC_HEADER_ONLY = b"ttcf\0\1\0\0\xff\xff\xff\xff"  # a collection of 2³²−1 fonts, in 12 bytes


def system_fandol_fang() -> Path:
    face = find_face("FandolFang", 400, discover_faces())
    if face is None:
        pytest.fail("FandolFang is missing: `make` installs it (tools/ensure-fandol)")
    return face.path


def truncated_otf(folder: Path) -> Path:
    """The first 20 KB of FandolFang: its name table reads, its cmap lies past the end."""
    path = folder / "FandolFang-Regular.otf"
    path.write_bytes(system_fandol_fang().read_bytes()[:20 * 1024])
    return path


def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make) -> Path:  # type: ignore[no-untyped-def]
    (tmp_path / "fonts").mkdir()
    (tmp_path / "source").mkdir()
    bad = make(tmp_path / "fonts")
    (tmp_path / "source" / "r.md").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fonts, "_warned", set(), raising=False)  # as in a new `reportpress` process: warned once in it
    return bad


def header_only_ttc(folder: Path) -> Path:
    path = folder / "broken.ttc"
    path.write_bytes(TTC_HEADER_ONLY)
    return path


ARGS = {"check": ["check", "source/r.md"], "fonts": ["fonts", "source/r.md"],
        "build": ["build", "-j", "1", "--to", "pdf", "source/r.md"]}


@pytest.mark.parametrize("make", [header_only_ttc, truncated_otf], ids=["ttc-header-only", "truncated-otf"])
@pytest.mark.parametrize("command", ["check", "fonts", "build"])
def test_a_broken_project_font_is_skipped_with_one_warning(
        command: str, make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        capsys: pytest.CaptureFixture[str]) -> None:
    bad = project(tmp_path, monkeypatch, make)
    code = main(ARGS[command])
    captured = capsys.readouterr()
    err = captured.err
    assert code == 0, err
    assert "Traceback" not in err and "struct.error" not in err and "TTLibError" not in err
    warnings = [chunk for chunk in " ".join(err.split()).split("WARNING") if "not used: not a font" in chunk]
    assert len(warnings) == 1, err
    assert str(bad).replace("/", "") in warnings[0].replace(" ", "").replace("/", "") and "replace it" in warnings[0]
    if command == "fonts":  # the cut-short FandolFang does not serve: the system's whole one does
        assert str(bad) not in captured.out
    if command == "build":
        with pymupdf.open(tmp_path / "output" / "r.pdf") as pdf:
            assert "正文" in "".join(page.get_text() for page in pdf)
