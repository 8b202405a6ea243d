"""job.py: a Job pickles and round-trips, and `run_job` in a process that cannot see the project — its
current folder an empty one, the project renamed away — makes the bytes a local `build()` writes."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.job import prepare
from tests.batchutil import REPO, add_cover_image, make_project, outputs, source_text

WORKER = """
import pickle, sys
from reportpress.job import run_job
job = pickle.loads(sys.stdin.buffer.read())
products = run_job(job, ("pdf", "docx"), None)
sys.stdout.buffer.write(pickle.dumps(products.files))
"""


def test_a_job_pickles_and_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [source] = make_project(tmp_path / "p", 1)
    monkeypatch.chdir(tmp_path / "p")
    job = prepare(source, project=Path.cwd())
    again = pickle.loads(pickle.dumps(job))
    assert again == job
    assert again.source_data == (tmp_path / "p" / source).read_bytes()
    assert dict(again.images)["x.png"] == (tmp_path / "p" / "source" / "x.png").read_bytes()
    assert [spec.kind for spec in again.covers] == ["template", "pdf"]
    assert again.assets is not None
    layout_toml = (tmp_path / "p/layouts/gov-report/layout.toml").read_bytes()
    assert dict(again.assets.layout_files)["layout.toml"] == layout_toml
    assert [name for name, _ in again.assets.fonts] == ["LiberationSans-Regular.ttf"]
    assert again.assets.digest == job.digest
    assert again.light().assets is None and again.light().with_assets(again.assets) == job


def test_run_job_without_the_project_makes_the_bytes_of_a_local_build(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    [source] = make_project(project, 1)
    monkeypatch.chdir(project)
    job = prepare(source, project=Path.cwd())
    build(source, out_dir=project / "output", project=Path.cwd())
    local = outputs(project / "output")
    monkeypatch.chdir(tmp_path)
    project.rename(tmp_path / "gone")  # nothing of the project is where the Job says it was
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", WORKER], input=pickle.dumps(job), capture_output=True,
                            cwd=empty, env=env, timeout=300, check=True)
    remote = pickle.loads(result.stdout)
    assert set(remote) == {"pdf", "docx"}
    assert remote["pdf"] == local["r1.pdf"]
    assert remote["docx"] == local["r1.docx"]
    assert list(empty.iterdir()) == []  # the worker wrote nothing where it ran
    assert b"BACK COVER" in subprocess.run(["pdftotext", "-", "-"], input=remote["pdf"], capture_output=True,
                                           check=True).stdout


RENDER = """
import json, os, pickle, sys
from reportpress.job import run_job
job = pickle.loads(sys.stdin.buffer.read())
pdf = run_job(job, ("pdf",), None).files["pdf"]
sys.stdout.buffer.write(pdf)
"""


@pytest.mark.parametrize("designed_back", [True, False], ids=["designer-back-cover", "template-covers-only"])
def test_a_cover_image_gives_the_same_pdf_wherever_the_layout_is_written(tmp_path: Path, designed_back: bool) -> None:
    """WeasyPrint names an image after its URL: the layout's files are served at a fixed folder, so two
    processes with different temporary folders write the same PDF (and the image is in it)."""
    project = tmp_path / "project"
    [source] = make_project(project, 1)
    add_cover_image(project)
    if not designed_back:
        (project / source).write_text(source_text(1).replace("  back: back.pdf\n", ""), encoding="utf-8")
    job = prepare(project / source, project=project)
    pdfs = []
    for name in ("tmp-a", "tmp-b-longer-name"):
        temporary = tmp_path / name
        temporary.mkdir()
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(temporary)}
        result = subprocess.run([sys.executable, "-c", RENDER], input=pickle.dumps(job), capture_output=True,
                                env=env, cwd=tmp_path, timeout=300, check=True)
        pdfs.append(result.stdout)
        assert list(temporary.iterdir()) == []  # the process's own folder went with it
    assert pdfs[0] == pdfs[1]
    import pymupdf

    with pymupdf.open(stream=pdfs[0]) as pdf:
        assert {(info[2], info[3]) for info in pdf[0].get_images()} == {(30, 10)}  # the emblem, on the cover


WORKSPACE_PROBE = """
import json, os, pickle, stat, sys, tempfile
from dataclasses import replace
from reportpress import job as jobs
job = pickle.loads(sys.stdin.buffer.read())
seen = []
for number in range(jobs.KEPT + 2):  # more layouts than a process keeps
    assets = jobs.Assets(job.assets.layout_name, job.assets.layout_files + ((f"extra-{number}.txt", b"x"),), ())
    jobs.run_job(replace(job, digest=assets.digest, assets=assets), ("docx",), None)
    seen.append(len(jobs.WORKSPACE.folders()))
root = jobs.WORKSPACE.root()
mode = stat.S_IMODE(os.stat(root).st_mode)
print(json.dumps({"kept": seen, "root": str(root), "mode": mode, "listing": sorted(os.listdir(tempfile.gettempdir()))}))
"""


def test_materialised_layouts_are_private_bounded_and_removed_at_exit(tmp_path: Path) -> None:
    import json

    project = tmp_path / "project"
    [source] = make_project(project, 1)
    job = prepare(project / source, project=project)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(temporary)}
    result = subprocess.run([sys.executable, "-c", WORKSPACE_PROBE], input=pickle.dumps(job), capture_output=True,
                            env=env, cwd=tmp_path, timeout=300, check=True)
    seen = json.loads(result.stdout)
    assert seen["kept"] == [1, 2, 3, 4, 4, 4]  # never more than KEPT folders
    assert seen["mode"] == 0o700
    assert len(seen["listing"]) == 1 and seen["listing"][0].startswith("reportpress-")  # mkdtemp's own name
    assert not seen["listing"][0].startswith("reportpress-jobs-")  # no predictable, shared folder
    assert list(temporary.iterdir()) == []  # removed when the process ended


def test_the_manifest_lists_the_bytes_built_not_the_files_when_written(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Edited after the build, or read from another current folder: the manifest still names the layout
    files (subfolders too) and fonts the build used."""
    import hashlib
    import json

    from reportpress.build import write_outputs
    from reportpress.job import run_job

    project = tmp_path / "project"
    [source] = make_project(project, 1)
    add_cover_image(project)
    job = prepare(project / source, project=project)
    products = run_job(job, ("pdf",), None)
    assert job.assets is not None
    built = dict(job.assets.layout_files)
    toml = project / "layouts" / "gov-report" / "layout.toml"
    toml.write_bytes(toml.read_bytes() + b"\n# edited while the batch ran\n")
    monkeypatch.chdir(tmp_path)  # not the project: nothing may be looked up from here
    write_outputs(job, tmp_path / "out", products)
    manifest = json.loads((tmp_path / "out" / "r1.manifest.json").read_text(encoding="utf-8"))
    listed = {item["path"]: item["sha256"] for item in manifest["inputs"]["layout"]}
    assert listed == {f"layouts/gov-report/{name}": hashlib.sha256(data).hexdigest() for name, data in built.items()}
    assert "layouts/gov-report/img/emblem.png" in listed
    assert manifest["inputs"]["source"]["path"] == "source/r1.md"
    fonts = {item["name"]: item for item in manifest["inputs"]["fonts"]}
    assert fonts == {font.name: {"name": font.name, "file": font.file, "sha256": font.sha256}
                     for font in products.fonts}
    for item in fonts.values():
        if item["file"]:
            assert item["sha256"] == hashlib.sha256(Path(item["file"]).read_bytes()).hexdigest()


def test_a_project_font_is_listed_by_its_project_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A font of the project's `fonts/` is named `fonts/FILE` (where the worker wrote it is no name to keep)."""
    import hashlib
    import json

    from reportpress.build import build

    project = tmp_path / "project"
    [source] = make_project(project, 1)
    monkeypatch.chdir(project)
    build(source, formats=["pdf"], out_dir=tmp_path / "first", project=project)
    used = json.loads((tmp_path / "first" / "r1.manifest.json").read_text(encoding="utf-8"))["inputs"]["fonts"]
    single = sorted((item for item in used if item["file"] and Path(item["file"]).suffix.lower() in (".otf", ".ttf")),
                    key=lambda item: Path(item["file"]).stat().st_size)
    if not single:
        pytest.skip("no single-face font among the embedded ones to copy into the project")
    font = Path(single[0]["file"])
    shutil.copy(font, project / "fonts" / font.name)
    build(source, formats=["pdf"], out_dir=tmp_path / "second", project=project)
    fonts = json.loads((tmp_path / "second" / "r1.manifest.json").read_text(encoding="utf-8"))["inputs"]["fonts"]
    mine = [item for item in fonts if item["name"] == single[0]["name"]]
    assert mine == [{"name": single[0]["name"], "file": f"fonts/{font.name}",
                     "sha256": hashlib.sha256(font.read_bytes()).hexdigest()}]


@pytest.mark.warns(match="internal error")  # logged with its traceback, on the worker
def test_an_unexpected_error_on_a_worker_is_an_internal_error_for_its_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from reportpress import batch

    [source] = make_project(tmp_path, 1)
    job = prepare(tmp_path / source, project=tmp_path)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("no such table")

    monkeypatch.setattr(batch, "run_job", broken)
    done = batch.work(job, ("pdf",), None)
    assert done.products is None
    assert done.errors == ("internal error: KeyError: 'no such table'",)
    assert done.need_assets is False
    [record] = [record for record in caplog.records if "internal error" in record.getMessage()]
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_every_format_has_its_writer_and_the_order_serves_what_each_reads() -> None:
    """`job.WRITERS` is the build's table of writers: one per format. The PDF comes first (the DOCX's
    contents read its page numbers), except that PDF/A-3b, which embeds the DOCX, makes the DOCX first."""
    from reportpress.formats import FORMATS
    from reportpress.job import WRITERS, _order

    assert set(WRITERS) == set(FORMATS)
    assert _order(("docx", "pdf"), None) == ["pdf", "docx"]
    assert _order(("docx",), "pdf/a-2b") == ["docx"]
    assert _order(("pdf",), "pdf/a-3b") == ["docx", "pdf"]
    assert _order(("docx", "pdf"), "pdf/a-3b") == ["docx", "pdf"]
