"""The reference list is set ragged right in the print copy, as the DOCX's `Reference Entry` (jc left): a
DOI or URL that no line may break leaves a justified line its word spaces several times their width
(`Future[M].␣␣␣Paris:␣␣␣OECD␣␣␣Publishing,` — typography review, session 25). Read back with PyMuPDF."""

from __future__ import annotations

import itertools
from pathlib import Path

import pymupdf

from reportpress.build import build
from reportpress.layouts import builtin_layout

NOTE_SIZE = float(builtin_layout("gov-report").sizes["note"])
SOURCE = """---
title: 参考文献的排法
---

正文一段，引用两种文献[@oecd]和[@gov]。

::: references
# 参考文献

oecd
: OECD. Measuring the Digital Transformation: A Roadmap for the Future[M]. Paris: OECD Publishing, 2019. \
DOI: 10.1787/9789264311992-en.

gov
: 国务院.“十四五”数字经济发展规划[EB/OL].(2022-01-12)[2026-06-30].https://www.gov.cn/zhengce/content/2022-01/12/content_5667817.htm.
:::
"""


def test_a_reference_entrys_word_spaces_keep_their_width(tmp_path: Path) -> None:
    source = tmp_path / "refs.md"
    source.write_text(SOURCE, encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    with pymupdf.open(pdf) as document:
        words = [word for page in document for word in page.get_text("words")]
    line = [word for word in words if word[4] in ("Paris:", "OECD", "Publishing,")]
    assert len(line) >= 3
    line.sort(key=lambda word: word[0])
    gaps = [after[0] - before[2] for before, after in itertools.pairwise(line)
            if abs(after[1] - before[1]) < 1]
    assert gaps and max(gaps) < 0.5 * NOTE_SIZE, gaps  # a word space, not three
