"""Calendar arithmetic for TIMEX3 values: shifting an anchor by days, weeks, months, years,
and formatting the result at the granularity the expression names."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_anchor(value: str | None) -> dt.date | None:
    """The publication date as a date, or None when absent or malformed (never a guess)."""
    if not value:
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def valid_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def add_months(d: dt.date, n: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    y = max(1, min(9999, y))
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def shift(d: dt.date, unit: str, n: int) -> dt.date:
    """``d`` moved by ``n`` units ("D", "W", "M", "Y", "Y10", "Y100")."""
    try:
        if unit == "D":
            return d + dt.timedelta(days=n)
        if unit in ("W", "W2"):
            return d + dt.timedelta(weeks=n * (2 if unit == "W2" else 1))
        if unit == "M":
            return add_months(d, n)
        years = n * {"Y": 1, "Y10": 10, "Y100": 100}.get(unit, 1)
        return add_months(d, 12 * years)
    except OverflowError:
        return d


def fmt(d: dt.date, unit: str) -> str:
    """``d`` at the granularity of ``unit``: a day, an ISO week, a month or a year."""
    if unit == "D":
        return d.isoformat()
    if unit in ("W", "W2"):
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def nearest_year_for_month(anchor: dt.date, month: int, future: bool | None = None) -> int:
    """The year that puts ``month`` nearest the anchor.

    News mostly looks back, so a tie goes to the past; an evident future tense picks the
    first such month at or after the anchor, a past tense the last at or before it.
    """
    if future is True:
        return anchor.year if month >= anchor.month else anchor.year + 1
    if future is False:
        return anchor.year if month <= anchor.month else anchor.year - 1
    diff = month - anchor.month
    if diff > 6:
        return anchor.year - 1
    if diff < -6:
        return anchor.year + 1
    return anchor.year


def weekday_date(anchor: dt.date, weekday: int, direction: str) -> dt.date:
    """The date of ISO ``weekday`` (1=Monday) relative to the anchor.

    direction: "past" (the latest at or before), "future" (the first at or after),
    "last" (strictly before), "next" (in the week after the anchor's), "this" (within the
    anchor's week), "nearest" (either way, ties to the past).
    """
    delta = weekday - anchor.isoweekday()
    if direction == "nearest":
        back, fwd = (-delta) % 7, delta % 7
        return anchor - dt.timedelta(days=back) if back <= fwd else anchor + dt.timedelta(days=fwd)
    if direction == "this":
        return anchor + dt.timedelta(days=delta)
    if direction in ("past", "last"):
        back = (-delta) % 7
        if direction == "last" and back == 0:
            back = 7
        return anchor - dt.timedelta(days=back)
    if direction == "next":
        # "next Friday" said on a Thursday is the Friday of the week after, not tomorrow
        return anchor + dt.timedelta(days=7 + delta)
    return anchor + dt.timedelta(days=delta % 7)


def duration(n: float | None, unit: str) -> str:
    """ISO 8601 duration for ``n`` units; ``X`` stands for an unknown number."""
    if unit in ("Y10", "Y100"):
        mult = 10 if unit == "Y10" else 100
        num = "X" if n is None else _num(n * mult)
        return f"P{num}Y"
    if unit == "W2":
        return "PXW" if n is None else f"P{_num(n * 2)}W"
    num = "X" if n is None else _num(n)
    if unit.startswith("T"):
        return f"PT{num}{unit[1]}"
    return f"P{num}{unit}"


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)
