"""The one moment a build claims, for every output: PDF dates, XMP, DOCX properties, attachments.

`SOURCE_DATE_EPOCH` (reproducible-builds.org) wins when it is set; else the front matter's `date` at
midnight UTC; else none (the DOCX then has no dates; a PDF, which needs one, says 1980-01-01, the zip
epoch). A build never writes "now", so the same source gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import os

FALLBACK = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def source_datetime(iso_date: str) -> dt.datetime | None:
    """The moment the source claims (UTC), or None when neither SOURCE_DATE_EPOCH nor a date gives one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    if iso_date:
        return dt.datetime.combine(dt.date.fromisoformat(iso_date[:10]), dt.time(), tzinfo=dt.UTC)
    return None


def build_datetime(iso_date: str) -> dt.datetime:
    """The build's moment (UTC), for outputs that must carry one: the source's, or 1980-01-01."""
    return source_datetime(iso_date) or FALLBACK


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string (ISO 32000-1 §7.9.4) for a UTC moment."""
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")
