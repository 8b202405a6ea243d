"""`reportpress check` refuses the layout URLs a build's render refuses, with the build's message, without
laying out a page (`urls.first_refused`); and the fetcher and `check` apply one rule (`urls.refusal`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportpress.urls import refusal, served, urls_in_html
from tests.batchutil import add_cover_image
from tests.conftest import REPO

SOURCE = "---\ntitle: 报告\nlayout: gov-report\n---\n\n正文。\n"


def test_urls_in_html_lists_what_weasyprint_fetches_and_not_links() -> None:
    html = """<html><head><style>@import "a.css"; @import url(b.css);
      body { background: url( "c.png" ) } @font-face { src: url(d.otf) format("opentype") }
      @media print { p { background-image: url('e.png') } }</style>
      <link rel="stylesheet" href="f.css"><link rel="icon" href="n.ico"></head>
      <body style="background: url(g.png)"><img src=" h.png " srcset="i.png 1x, j.png 2x">
      <a href="k.html">a link</a><svg><image href="l.png"/></svg><object data="m.svg"></object>
      <a rel="Attachment" href="o.pdf">attached</a></body></html>"""
    assert list(urls_in_html(html)) == ["a.css", "b.css", "c.png", "d.otf", "e.png", "f.css", "g.png", "h.png",
                                        "i.png", "j.png", "l.png", "m.svg", "o.pdf"]


def test_one_rule_for_the_fetcher_and_check(tmp_path: Path) -> None:
    root = tmp_path / "layout"
    root.mkdir()
    (root / "inside.png").write_bytes(b"x")
    (tmp_path / "outside.png").write_bytes(b"x")
    memory = served(Path("/reportpress-source"), {"pic.png": b"x"})
    cases = {
        "data:image/png;base64,AAAA": None,
        "https://example.com/a.png": "network",
        "ftp://example.com/a.png": "network",
        (root / "inside.png").as_uri(): None,
        (root / "missing.png").as_uri(): "no such file",
        (tmp_path / "outside.png").as_uri(): "outside",
        (root / ".." / "outside.png").as_uri(): "outside",
        "file:///reportpress-source/pic.png": None,
        "file:///reportpress-source/other.png": "outside",
    }
    pytest.importorskip("weasyprint")
    from reportpress.writers.pdf.render import ConfinedFetcher, ForbiddenURLError

    fetch = ConfinedFetcher([root], memory)
    for url, expected in cases.items():
        reason = refusal(url, [root], memory)
        assert (reason is None) == (expected is None), (url, reason)
        if expected is not None:
            assert reason is not None and expected in reason, (url, reason)
            with pytest.raises(ForbiddenURLError):
                fetch.fetch(url)
        else:
            fetch.fetch(url)  # what check lets through, the render reads


def _project(tmp_path: Path, css: str = "") -> Path:
    """A project with its own copy of gov-report (which its source names), `css` added to the stylesheet."""
    shutil.copytree(REPO / "layouts" / "gov-report", tmp_path / "layouts" / "gov-report")
    with (tmp_path / "layouts" / "gov-report" / "style.css.j2").open("a", encoding="utf-8") as stylesheet:
        stylesheet.write(css)
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "report.md").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportpress", *args, "source/report.md"], cwd=project,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("url", ["/etc/hostname", "../../../../etc/hostname", "https://example.com/a.png"])
def test_check_refuses_a_stylesheet_url_the_build_refuses(tmp_path: Path, url: str) -> None:
    project = _project(tmp_path, css=f'\nbody {{ background: url("{url}"); }}\n')
    checked = _run(project, "check")
    assert checked.returncode == 1, checked.stderr
    assert "Traceback" not in checked.stderr
    assert "the layout (its stylesheet or a template) or a cover asks for" in checked.stderr
    built = _run(project, "build", "--to", "pdf")
    assert built.returncode == 1, built.stderr
    assert not (project / "output" / "report.pdf").exists()
    # one message, word for word, from the two commands
    assert checked.stderr.strip().splitlines()[-1] == built.stderr.strip().splitlines()[-1]


def test_check_passes_a_layout_that_uses_its_own_files(tmp_path: Path) -> None:
    project = _project(tmp_path)
    add_cover_image(project)  # img/emblem.png, shown by the front cover template
    checked = _run(project, "check")
    assert checked.returncode == 0, checked.stderr
    built = _run(project, "build", "--to", "pdf")
    assert built.returncode == 0, built.stderr
    shown = subprocess.run(["pdfimages", "-list", str(project / "output" / "report.pdf")], capture_output=True,
                           text=True, check=True).stdout
    assert len(shown.splitlines()) > 2  # the emblem is drawn: check let through what the render reads


def test_check_refuses_a_cover_template_picture_outside_the_layout(tmp_path: Path) -> None:
    project = _project(tmp_path)
    template = project / "layouts" / "gov-report" / "cover-front.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("<body>\n", '<body>\n<img src="../../etc/hostname" alt="">\n', 1),
                        encoding="utf-8")
    checked = _run(project, "check")
    assert checked.returncode == 1
    assert "asks for file:///etc/hostname" in checked.stderr
