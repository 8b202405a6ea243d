"""The layout's `[docx]` table: defaults, and mistakes reported as layout errors naming the key."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportpress.docx_options import DocxOptions, docx_options
from reportpress.errors import LayoutError
from reportpress.layouts import Layout, read_layout
from reportpress.model import Document, Meta
from reportpress.writers.docx import write_docx


def layout_with(layout: Layout, tmp_path: Path, docx_table: str) -> Layout:
    folder = tmp_path / "variant"
    shutil.copytree(layout.folder, folder)
    toml = (folder / "layout.toml").read_text(encoding="utf-8")
    head = toml[: toml.index("\n[docx]\n") + 1]  # the table, not a comment naming it
    (folder / "layout.toml").write_text(head + "[docx]\n" + docx_table + "\n", encoding="utf-8")
    return read_layout(folder)


def test_gov_report_options(layout: Layout) -> None:
    # heading1's 黑体 stand-in is set bold in the PDF ([weights]); a real 黑体 in Word has one weight
    assert docx_options(layout) == DocxOptions(regular_roles=("title", "heading1"), grid="lines",
                                               hanging_punctuation=True)


def test_an_empty_table_gives_the_defaults(layout: Layout, tmp_path: Path) -> None:
    assert docx_options(layout_with(layout, tmp_path, "")) == DocxOptions()


@pytest.mark.parametrize(("table", "message"), [
    ('gird = "lines"', "unknown key(s) gird"),
    ('grid = "chars"', "grid = 'chars'"),
    ('regular_roles = ["titel"]', "regular_roles"),
    ("hanging_punctuation = 1", "hanging_punctuation = 1"),
])
def test_mistakes_name_the_key(layout: Layout, tmp_path: Path, table: str, message: str) -> None:
    bad = layout_with(layout, tmp_path, table)
    with pytest.raises(LayoutError, match=r"layout\.toml: \[docx\]") as caught:
        write_docx(Document(meta=Meta(), blocks=()), bad, tmp_path / "out.docx")
    assert message in str(caught.value)
    assert not (tmp_path / "out.docx").exists()


def test_check_refuses_what_the_docx_writer_would(layout: Layout, tmp_path: Path) -> None:
    """`reportpress check` opens the layout as a build does: a mistake in [docx] stops it, though only the
    DOCX writer reads the table, and with the PDF alone asked for too."""
    variant = layout_with(layout, tmp_path, 'grid = "bogus"')
    source = tmp_path / "report.md"
    source.write_text("正文。\n", encoding="utf-8")
    for command in (["check", str(source)], ["build", "--to", "pdf", str(source)]):
        done = subprocess.run([sys.executable, "-m", "reportpress", *command, "--layout", str(variant.folder)],
                              capture_output=True, text=True, cwd=tmp_path, check=False)
        assert done.returncode != 0 and "[docx] grid = 'bogus'" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
