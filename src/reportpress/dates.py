"""The one moment a build claims, for every output: PDF dates, XMP, DOCX properties, attachments.

`SOURCE_DATE_EPOCH` (reproducible-builds.org) wins when it is set; else the front matter's `date` at
midnight UTC; else none (the DOCX then has no dates; a PDF, which needs one, says 1980-01-01, the zip
epoch). A build never writes "now", so the same source gives the same bytes.

A `SOURCE_DATE_EPOCH` that is not a whole number of seconds from 1970 to the end of year 9999 stops
the build (`SettingError`): the specification asks a build to fail on a malformed value rather than
guess. Dates are written with four-digit years, zero-padded (`D:00010101…`, `0001-01-01T…`), as
ISO 32000-1 §7.9.4 and W3CDTF require; `strftime("%Y")` does not pad years before 1000 on glibc.
"""

from __future__ import annotations

import datetime as dt
import os

from reportpress.errors import SettingError

FALLBACK = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last moment a four-digit year can say


def epoch_datetime(value: str) -> dt.datetime:
    """The UTC moment of a SOURCE_DATE_EPOCH value, or a SettingError saying what is wrong."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        raise SettingError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970-01-01 "
                           "(set it to the output of `date +%s`, or unset it)")
    seconds = int(text)
    if seconds > LAST_EPOCH:
        raise SettingError(f"SOURCE_DATE_EPOCH={value!r} is after the year 9999 (set it to the output of "
                           "`date +%s`, or unset it)")
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def first_day(iso_date: str) -> dt.date:
    """The day an ISO 8601 date of the front matter stands for: `2024-05-08`; `2024-05` and `2024` (a
    white paper or a plan dated by its month or year), their first day."""
    year, _, rest = iso_date[:10].partition("-")
    month, _, day = rest.partition("-")
    return dt.date(int(year), int(month or 1), int(day or 1))


def date_precision(iso_date: str) -> int:
    """How much of a day `iso_date` names: 1 a year, 2 a month, 3 a day."""
    return len(iso_date[:10].split("-"))


def source_datetime(iso_date: str) -> dt.datetime | None:
    """The moment the source claims (UTC), or None when neither SOURCE_DATE_EPOCH nor a date gives one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip():
        return epoch_datetime(epoch)
    if iso_date:
        return dt.datetime.combine(first_day(iso_date), dt.time(), tzinfo=dt.UTC)
    return None


def build_datetime(iso_date: str) -> dt.datetime:
    """The build's moment (UTC), for outputs that must carry one: the source's, or 1980-01-01."""
    return source_datetime(iso_date) or FALLBACK


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string (ISO 32000-1 §7.9.4) for a UTC moment: `D:YYYYMMDDHHmmSS+00'00'`."""
    m = _utc(moment)
    return f"D:{m.year:04d}{m.month:02d}{m.day:02d}{m.hour:02d}{m.minute:02d}{m.second:02d}+00'00'"


def w3c_date(moment: dt.datetime, zone: str = "Z") -> str:
    """A W3CDTF date-time (XMP, DOCX core properties) for a UTC moment: `YYYY-MM-DDThh:mm:ssZ`."""
    m = _utc(moment)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}{zone}"
