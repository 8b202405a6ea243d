"""`reportpress proof` on the command line: exit 0 clean, 1 broken rules or an unreadable file, 2 usage;
the readable report and `--json`; and the sample's own build, whose known defects it must find."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportpress.build import build
from reportpress.fonts import discover_faces, find_face
from reportpress.layouts import builtin_layout
from reportpress.proof import proof_pdf
from reportpress.typeset import balance, weasy
from tests.conftest import REPO, SAMPLE_SOURCE
from tests.proof.pdfs import clean_doc, paragraph_text


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "reportpress", "proof", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("proof-cli")
    orphan = clean_doc()
    orphan.blocks[1] = f"<p>{paragraph_text(5, last=2)}</p>"
    return {"clean": clean_doc().write(folder / "clean.pdf"), "orphan": orphan.write(folder / "orphan.pdf")}


def test_a_clean_pdf_exits_0(pdfs: dict[str, Path], tmp_path: Path) -> None:
    result = run(str(pdfs["clean"]), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "clean: no rule of the layout is broken" in result.stdout


def test_a_broken_rule_exits_1_with_page_quote_and_clause(pdfs: dict[str, Path], tmp_path: Path) -> None:
    result = run(str(pdfs["orphan"]), cwd=tmp_path)
    assert result.returncode == 1
    assert "orphan-char — 孤字: 1   [clreq #adjustments_of_orphans_and_widows" in result.stdout
    assert "p. 1 (— 1 —): the paragraph's last line holds" in result.stdout
    assert "orphan-char=1" in result.stdout.splitlines()[-1]


def test_json_lists_every_finding(pdfs: dict[str, Path], tmp_path: Path) -> None:
    result = run(str(pdfs["orphan"]), "--json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["clean"] is False and report["layout"] == "gov-report"
    assert report["counts"]["orphan-char"] == 1 and sum(report["counts"].values()) == 1
    (finding,) = report["findings"]
    assert finding["page"] == 1 and finding["folio"] == 1 and finding["quote"].endswith("。")
    assert finding["reference"].startswith("clreq #adjustments_of_orphans_and_widows")


def test_a_non_pdf_is_one_message_exit_1(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_text("not a pdf", encoding="utf-8")
    result = run("notes.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: notes.pdf: not a PDF, or a damaged one (check that the file is " \
                                    "the PDF you meant)"


def test_usage_errors_exit_2(pdfs: dict[str, Path], tmp_path: Path) -> None:
    assert run(cwd=tmp_path).returncode == 2
    assert run(str(pdfs["clean"]), "--strict", cwd=tmp_path).returncode == 2


def test_an_unknown_layout_exits_1(pdfs: dict[str, Path], tmp_path: Path) -> None:
    result = run(str(pdfs["clean"]), "--layout", "nope", cwd=tmp_path)
    assert result.returncode == 1 and "unknown layout 'nope'" in result.stderr


def test_the_sample_build_shows_issue_12s_defects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample built with the fixes switched off — no 孤字 rule and no full-page plans
    (typeset/weasy.py), titles broken greedily (typeset/balance.py) —: 孤字, short pages, the subtitle's
    lone 次会议上. The tool must see
    them (issue 12). Parity and the folio's distance are fixed (writers/pdf/merge.py, writers/pdf/folio.py), and
    so are the 楷体 headings off the grid (FandolKai keeps the body's ascent and descent): none found."""
    monkeypatch.setattr(weasy, "NO_LONE_CHARACTERS", False)
    monkeypatch.setattr(weasy, "FULL_PAGES", False)
    monkeypatch.setattr(balance, "BALANCE_MAX", 0)  # every title "too long" to balance: the renderer breaks it
    pdf = build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path).outputs["pdf"]
    report = proof_pdf(pdf, builtin_layout("gov-report"))
    counts = report.counts
    assert counts["parity"] == counts["folio-distance"] == 0
    assert counts["orphan-char"] >= 3
    assert counts["short-page"] >= 3
    assert counts["unbalanced-title"] >= 1
    assert not any(f.rule == "grid" and f.quote.startswith("（") for f in report.findings)
    assert counts["kinsoku"] == counts["punct-uncompressed"] == counts["font-embedded"] == 0
    assert ("…感、幸福感、安全 / 感。") in [f.quote for f in report.findings if f.rule == "orphan-char"]


def test_the_proof_finds_the_kai_headings_off_the_grid_with_lxgw_wenkai(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The fix switched off: with LXGW WenKai serving the 楷 roles (the layout before FandolKai), every
    （一） heading sits off the 28.95 pt grid the body keeps (0.67 pt off FandolFang's lines, 1.55 pt off
    Noto Serif CJK SC's), and the proof says so."""
    layout = tmp_path / "gov-report"
    shutil.copytree(REPO / "layouts" / "gov-report", layout)
    toml = layout / "layout.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"FandolKai", ', ""), encoding="utf-8")
    if find_face("LXGW WenKai", 400, discover_faces()) is None:
        pytest.skip("LXGW WenKai is not installed")
    monkeypatch.setattr(weasy, "EM_BOX_GRID", False)  # the other fix: CJK lines centre the em box (weasy.py)
    pdf = build(SAMPLE_SOURCE, formats=["pdf"], out_dir=tmp_path / "out", layout_name=str(layout)).outputs["pdf"]
    report = proof_pdf(pdf, builtin_layout("gov-report"))
    off = [f for f in report.findings if f.rule == "grid" and f.quote.startswith("（")]
    assert len(off) >= 5 and all("off the 28.95 pt grid, by up to 0.6" in f.message for f in off), off
