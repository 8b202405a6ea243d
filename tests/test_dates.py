"""dates.py: one moment per build, four-digit years everywhere, a bad SOURCE_DATE_EPOCH refused (issue 9,
items 5 and 8)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import pytest

from reportpress.dates import build_datetime, pdf_date, source_datetime, w3c_date
from reportpress.errors import SettingError
from reportpress.layouts import builtin_layout
from reportpress.model import Document, Meta
from reportpress.writers.pdf.archive import xmp_packet
from reportpress.writers.pdf.merge import PdfInfo

YEAR_ONE = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def test_dates_before_the_year_1000_are_zero_padded() -> None:
    assert pdf_date(YEAR_ONE) == "D:00010101000000+00'00'"
    assert pdf_date(dt.datetime(999, 12, 31, 23, 59, 58, tzinfo=dt.UTC)) == "D:09991231235958+00'00'"
    assert w3c_date(YEAR_ONE) == "0001-01-01T00:00:00Z"
    info = PdfInfo(title="t", author="", subject="", keywords="", creator="c", producer="p", date=pdf_date(YEAR_ONE))
    assert "<xmp:CreateDate>0001-01-01T00:00:00+00:00</xmp:CreateDate>" in xmp_packet(info, 1, "B", YEAR_ONE).decode()


def test_docx_dates_before_the_year_1000_are_zero_padded(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportpress.writers.docx import docx_bytes

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = docx_bytes(Document(meta=Meta(title="题", date="0001-01-01"), blocks=()), builtin_layout("gov-report"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        core = package.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["0001-01-01T00:00:00Z"] * 2
    assert docx.Document(io.BytesIO(data)).core_properties.created == YEAR_ONE  # Word reads it back


@pytest.mark.parametrize(("value", "moment"), [
    ("0", dt.datetime(1970, 1, 1, tzinfo=dt.UTC)),
    (" 1578441600\n", dt.datetime(2020, 1, 8, tzinfo=dt.UTC)),
    ("253402300799", dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),
])
def test_source_date_epoch_wins(monkeypatch: pytest.MonkeyPatch, value: str, moment: dt.datetime) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert source_datetime("2001-02-03") == moment


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "is not a whole number of seconds"),
    ("1e9", "is not a whole number of seconds"),
    ("soon", "is not a whole number of seconds"),
    ("١٢٣", "is not a whole number of seconds"),  # Arabic-Indic digits: str.isdigit says yes
    ("253402300800", "is after the year 9999"),
    ("9" * 40, "is after the year 9999"),
])
def test_a_bad_source_date_epoch_is_refused(monkeypatch: pytest.MonkeyPatch, value: str, message: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SettingError, match=f"SOURCE_DATE_EPOCH={re.escape(repr(value))} {message}"):
        build_datetime("")


def test_an_empty_source_date_epoch_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert build_datetime("2020-01-08") == dt.datetime(2020, 1, 8, tzinfo=dt.UTC)
