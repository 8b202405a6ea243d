"""A date of a month or a year (`date: 2024-05`, `date: 2024`: a white paper or a plan dated `2024年5月`) says
no more than it knows: the cover prints `2024年5月` in the PDF and the DOCX, the PDF's and the DOCX's dates
are its first day; a month that is none is refused at its line. Read back with pdftotext, pypdf and
python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
import pytest

from reportpress.build import build
from reportpress.errors import SourceError
from reportpress.reader import read_text
from tests.pdfread import pdftotext

SOURCE = """---
title: 测试白皮书
organization: 某市人民政府新闻办公室
date: {date}
---

## 一、总体情况

现在，我向大会报告工作，请予审议。
"""


@pytest.mark.parametrize(("date", "printed", "moment"), [
    ("2024-05", "2024年5月", "D:20240501"), ("2024", "2024年", "D:20240101"),
    ("2024-05-08", "2024年5月8日", "D:20240508"),
])
def test_the_cover_prints_what_the_date_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str,
                                             printed: str, moment: str) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = tmp_path / "paper.md"
    source.write_text(SOURCE.format(date=date), encoding="utf-8")
    outputs = build(source, out_dir=tmp_path / "out").outputs
    cover = pdftotext(outputs["pdf"], "-f", "1", "-l", "1").replace(" ", "")
    assert printed in cover and (printed + "8日" not in cover if len(date) < 10 else True)
    assert pypdf.PdfReader(outputs["pdf"]).metadata["/CreationDate"].startswith(moment)
    texts = [paragraph.text for paragraph in docx.Document(str(outputs["docx"])).paragraphs]
    assert printed in texts


@pytest.mark.parametrize("date", ["2024-13", "0000", "2024-5", "'24-05'"])
def test_a_date_that_is_none_is_refused_at_its_line(date: str) -> None:
    with pytest.raises(SourceError, match="is not an ISO 8601 date") as error:
        read_text(SOURCE.format(date=date), "paper.md")
    assert error.value.pos is not None and error.value.pos.line == 4
