"""Output sets a command line may ask for (session 25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.cli import main


@pytest.mark.parametrize("again", ["source/r.md", "./source/r.md", "source/../source/r.md"])
def test_one_source_named_twice_is_one_usage_error_saying_so(
        again: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """It was refused as two sources writing one output, with the advice to rename one of them."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text("---\ntitle: 报告\n---\n\n正文。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--to", "docx", "source/r.md", again]) == 2
    err = capsys.readouterr().err
    assert f"{Path(again)} is named twice (as source/r.md too): name each source once" in err, err
    assert not (tmp_path / "output").exists()


def test_two_sources_of_one_name_in_two_folders_are_still_refused_as_one_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.md").write_text("---\ntitle: 报告\n---\n\n正文。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--to", "docx", "a/r.md", "b/r.md"]) == 2
    assert "a/r.md and b/r.md would both write" in capsys.readouterr().err
