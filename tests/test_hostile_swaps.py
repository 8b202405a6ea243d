"""Links swapped in after the command looked (session 24): a `watch` runs for hours and a batch reads each
source when a worker is about to be free, while a sync or a checkout may replace `source/r.md` or `output/`
by a link leading out of the project. What the command chose itself (the only or every `source/*.md`, the
default `output/`) is refused when it is read or written, as `build` refuses it at the start: on main a
watch built the outside file into output/r.pdf and its preview. A source the user named may be a link.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from reportpress.errors import SourceError
from reportpress.job import prepare
from reportpress.watch.loop import Watch, build_and_publish
from reportpress.watch.state import Preview, Snapshot

GOOD = "---\ntitle: 报告\n---\n\n正文。\n"
SECRET = "---\ntitle: 报告\n---\n\n机密CANARY。\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "r.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(SECRET, encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def swap_in_link(path: Path, target: Path) -> None:
    """Replace `path` by a link to `target` in one rename, as a sync tool or `git checkout` does."""
    new = path.with_name(path.name + ".new")
    new.symlink_to(target)
    os.replace(new, path)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def a_watch(project: Path) -> Watch:
    return Watch(source=Path("source/r.md"), out_dir=Path("output"), project=project.resolve(), confined=True,
                 default_out=True)


def test_a_watched_source_swapped_for_a_link_out_of_the_project_is_not_built(project: Path) -> None:
    watch, preview = a_watch(project), Preview(Snapshot(source=Path("source/r.md")))
    first = build_and_publish(watch, preview)
    assert first.error == () and first.pages
    swap_in_link(project / "source" / "r.md", project.parent / "outside" / "secret.md")
    second = build_and_publish(watch, preview)
    assert len(second.error) == 1 and second.error[0].startswith(
        "source/r.md: a link leading out of the project (to "), second.error
    assert second.pages == first.pages  # the last good build's pages stay
    assert "CANARY" not in pdf_text(project / "output" / "r.pdf") and "正文" in pdf_text(project / "output" / "r.pdf")


def test_a_watched_output_folder_swapped_for_a_link_out_of_the_project_is_not_written(project: Path) -> None:
    watch, preview = a_watch(project), Preview(Snapshot(source=Path("source/r.md")))
    assert build_and_publish(watch, preview).error == ()
    elsewhere = project.parent / "outside" / "output"
    elsewhere.mkdir()
    (project / "output").rename(project / "output.old")
    swap_in_link(project / "output", elsewhere)
    failed = build_and_publish(watch, preview)
    assert len(failed.error) == 1 and "output/ is now a link leading out of the project" in failed.error[0]
    assert list(elsewhere.iterdir()) == []


def test_a_named_source_may_be_a_link_and_a_found_one_may_lead_inside_the_project(project: Path) -> None:
    outside = project.parent / "outside" / "secret.md"
    (project / "source" / "named.md").symlink_to(outside)
    assert b"CANARY" in prepare(Path("source/named.md"), project=project).source_data  # the user named it
    with pytest.raises(SourceError, match=r"source/named\.md: a link leading out of the project"):
        prepare(Path("source/named.md"), project=project, confined=True)
    (project / "drafts").mkdir()
    (project / "drafts" / "d.md").write_text(GOOD, encoding="utf-8")
    (project / "source" / "inside.md").symlink_to(project / "drafts" / "d.md")
    assert prepare(Path("source/inside.md"), project=project, confined=True).source_data == GOOD.encode()
