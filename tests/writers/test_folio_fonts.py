"""The folio is measured in the face that serves it among the build's font folders — the project's
`fonts/` first — not the current folder's: a batch or Dask worker's current folder is not the project,
and the same Job must give the same bytes in any process (job.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.layouts import read_layout
from tests.conftest import REPO


def _renamed_font(source: Path, target: Path, family: str) -> None:
    """A copy of the font file `source` whose family names (name IDs 1 and 16) are all `family`."""
    from fontTools.ttLib import TTFont

    with TTFont(str(source)) as font:
        table = font["name"]
        # the Macintosh records' encoding has no Han: those names go, the Windows ones are renamed
        table.names = [record for record in table.names if record.platformID != 1 or record.nameID not in (1, 16)]
        for record in table.names:
            if record.nameID in (1, 16):
                record.string = family
        font.save(str(target))


def test_the_folio_is_measured_in_the_project_s_font_wherever_the_build_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A face in the project's `fonts/` that serves the folio (宋体, the first of gov-report's folio
    stack) places the folio by its own metrics, whichever the current folder is (a worker's is not the
    project): the PDF is the same bytes from the project and from elsewhere, and not a build's without it."""
    from reportpress.fonts import discover_faces, fonts_dirs, resolve_fontset

    fang = next((face for face in discover_faces() if "FandolFang" in face.families), None)
    if fang is None:
        pytest.skip("FandolFang is not installed (make setup)")
    project, elsewhere, plain = tmp_path / "project", tmp_path / "elsewhere", tmp_path / "plain"
    for folder in (project / "fonts", elsewhere, plain):
        folder.mkdir(parents=True)
    _renamed_font(fang.path, project / "fonts" / "songti.otf", "宋体")
    layout = read_layout(REPO / "layouts" / "gov-report")
    served = resolve_fontset(layout, discover_faces(fonts_dirs(project)))["folio"].faces[0]
    assert served.path == (project / "fonts" / "songti.otf").resolve()
    text = "---\ntitle: 页码\ndate: 2024-01-15\n---\n\n正文一段。\n"
    pdfs = []
    for where, root in ((project, project), (elsewhere, project), (plain, plain)):
        (root / "a.md").write_text(text, encoding="utf-8")
        monkeypatch.chdir(where)
        pdfs.append(build(root / "a.md", formats=("pdf",), out_dir=where / "out", project=root).products["pdf"])
    assert pdfs[0] == pdfs[1]
    assert pdfs[0] != pdfs[2]
