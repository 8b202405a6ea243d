"""A document's inline markup, counted (session 26).

Blocks are bounded (`MAX_BOXES`) and so is each block's text, but not the markup inside: every `**…**`,
link, term reference or citation is a box for WeasyPrint and a styled run for Word. 9,000 `**甲**` in
three paragraphs built in 32 s (9 s as plain text; the DOCX alone 15 s); 45,000 term references in 15
paragraphs of a 700 KB source ran past two minutes at 940 MB, 60,000 `**粗*斜*粗**` past two minutes at
1.9 GB. Now the first element past `MAX_INLINE_ELEMENTS` stops `check` and `build` at its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.cli import main
from reportpress.reader.limits import MAX_INLINE_ELEMENTS

HEAD = "---\ntitle: 报告\n---\n\n"
GLOSSARY = "\n\n::: glossary\n甲\n: 是指。\n:::\n"
REFERENCES = "\n\n::: references\na\n: 甲. 书名[M]. 北京: 出版社, 2020.\n:::\n"
UNITS = {  # one element each, in the forms a flood could take
    "strong": "**甲**，", "emphasis": "*甲*，", "term": "[甲]{.term}，", "link": "[甲](https://example.com)，",
    "citation": "甲[@a]，",
}


def _source(unit: str, count: int) -> str:
    per = 1_000  # elements a paragraph: each paragraph stays within its own limits
    paragraphs = [unit * min(per, count - start) + "。" for start in range(0, count, per)]
    return HEAD + "\n\n".join(paragraphs) + (GLOSSARY if "term" in unit else "") + (REFERENCES if "@" in unit else "")


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "r.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("kind", list(UNITS))
@pytest.mark.parametrize("command", [["check"], ["build", "--to", "docx"]])
def test_inline_markup_past_the_limit_stops_check_and_build_at_the_first_one_over(
        kind: str, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _project(tmp_path, monkeypatch, _source(UNITS[kind], MAX_INLINE_ELEMENTS + 1))
    assert main([*command, "source/r.md"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    last_paragraph = 5 + 2 * (MAX_INLINE_ELEMENTS // 1_000)  # the one holding element MAX + 1
    assert f"source/r.md:{last_paragraph}: more than {MAX_INLINE_ELEMENTS:,} pieces of inline markup" in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "output").exists()


def test_inline_markup_at_the_limit_passes_and_escapes_entities_code_and_spans_are_no_markup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Code spans and plain spans are text in the model: no box of their own in either output."""
    text = (_source(UNITS["strong"], MAX_INLINE_ELEMENTS) + "\n\n"
            + "\\*甲&amp;乙&#x4e00;`码`[丁]{.x}  \n丙" * 2_000 + "\n")
    _project(tmp_path, monkeypatch, text)
    assert main(["check", "source/r.md"]) == 0, capsys.readouterr().err
