"""Dates a container gives (JSONL "published", HTTP headers) as YYYY-MM-DD, or None."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_]|Z)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")
_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")


def normalise_date(value: str | None) -> str | None:
    """The calendar date as written (no time-zone shift): "2023-09-19T23:30-05:00" -> 2023-09-19.

    Partial dates ("2023-09") and text that is not a date give None: the document then counts
    as carrying no date, so --published or the clean stage's own finding applies.
    """
    if not isinstance(value, str):
        return None
    s = value.strip()
    for pat in (_ISO, _COMPACT, _SLASHED):
        m = pat.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                return None
    try:
        return parsedate_to_datetime(s).date().isoformat()  # RFC 2822, as RSS writes dates
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
