"""TIMEX3 values as intervals of days, for deciding whether two reports can be one event.

``interval("2018")`` is 2018-01-01 .. 2018-12-31; a month, a week, a quarter, a season, a
decade ("197X") or a century ("19XX") is the days it spans; a range ("2018/2019",
"197X/198X") runs from the start of its first part to the end of its second; a clock time is
its day. TIMEX3 ``mod`` narrows or opens it: START / MID / END are the first, middle and
last third ("the early 2000s", 200X START, is 2000-01-01 .. 2003-05-01, which contains
2002); BEFORE / AFTER / ON_OR_BEFORE / ON_OR_AFTER open one end; APPROX widens by half the
span on each side. PAST_REF, PRESENT_REF and FUTURE_REF are relative to the publication
date, and so is an undated report: at or before its publication. Anything else (a
duration, a set, garbage) has no interval: None.

``contains(outer, inner)``: every day of ``inner`` is in ``outer``. Two reports of one event
must have nested intervals (a year contains its months), and the event's best date is the
innermost one: the most precise date every report allows.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

Interval = tuple[int, int]          # (first day, last day) as date ordinals, inclusive

MIN = dt.date(1, 1, 1).toordinal()
MAX = dt.date(9999, 12, 31).toordinal()
PRESENT_WINDOW_DAYS = 7

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}


def _month_span(y: int, m1: int, m2: int) -> Interval:
    """First day of month m1 to last day of month m2 (m2 may run into the next year)."""
    y2, m2n = y + (m2 - 1) // 12, (m2 - 1) % 12 + 1
    nxt = dt.date(y2 + (m2n == 12), m2n % 12 + 1, 1)
    return dt.date(y, m1, 1).toordinal(), nxt.toordinal() - 1


def _years(y1: int, y2: int) -> Interval:
    return dt.date(y1, 1, 1).toordinal(), dt.date(y2, 12, 31).toordinal()


@lru_cache(maxsize=65536)
def _point(v: str) -> Interval | None:
    """One TIMEX value without a range or a mod."""
    v = v.strip().upper()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", v)
        if m:
            d = dt.date(int(m[1]), int(m[2]), int(m[3])).toordinal()
            return d, d
        m = re.fullmatch(r"(\d{4})-(\d{2})", v)
        if m and 1 <= int(m[2]) <= 12:
            return _month_span(int(m[1]), int(m[2]), int(m[2]))
        m = re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", v)
        if m:
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1).toordinal()
            return start, start + 6
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI|Q[1-4]|H[12])", v)
        if m:
            m1, m2 = {**_SEASONS, **_QUARTERS, **_HALVES}[m[2]]
            return _month_span(int(m[1]), m1, m2)
        m = re.fullmatch(r"(\d{4})", v)
        if m:
            return _years(int(v), int(v))
        m = re.fullmatch(r"(\d{3})X", v)
        if m:
            return _years(int(m[1]) * 10, int(m[1]) * 10 + 9)
        m = re.fullmatch(r"(\d{2})XX", v)
        if m:
            return _years(int(m[1]) * 100, int(m[1]) * 100 + 99)
    except ValueError:          # a month 13, a 30 February, year 0
        return None
    return None


def _mod(iv: Interval, mod: str | None) -> Interval:
    lo, hi = iv
    if not mod:
        return iv
    mod = mod.upper()
    third = (hi - lo + 1) / 3
    if mod in ("START", "EARLY"):
        return lo, lo + max(0, round(third) - 1)
    if mod in ("MID", "MIDDLE"):
        return lo + int(third), hi - int(third)
    if mod in ("END", "LATE"):
        return hi - max(0, round(third) - 1), hi
    if mod == "BEFORE":
        return MIN, lo - 1
    if mod == "ON_OR_BEFORE":
        return MIN, hi
    if mod == "AFTER":
        return hi + 1, MAX
    if mod == "ON_OR_AFTER":
        return lo, MAX
    if mod == "APPROX":
        half = (hi - lo + 1) // 2
        return max(MIN, lo - half), min(MAX, hi + half)
    return iv


def interval(value: str | None, mod: str | None = None, published: str | None = None
             ) -> Interval | None:
    """The days a TIMEX3 value (with its mod) spans; None when it names no span."""
    pub = _published(published)
    if not value:
        # undated: something at or before its publication (an act reported as news is
        # dated to the publication by the events stage; one left undated is not known)
        if pub is None:
            return None
        return MIN, pub
    v = value.strip().upper()
    if v.endswith("_REF"):
        if pub is None:
            return None
        if v == "PAST_REF":
            return MIN, pub
        if v == "FUTURE_REF":
            return pub, MAX
        return pub - PRESENT_WINDOW_DAYS, pub
    if "/" in v:
        a, _, b = v.partition("/")
        ia, ib = _point(a), _point(b)
        if ia is None or ib is None or ib[1] < ia[0]:
            return None
        iv = (ia[0], ib[1])
    else:
        iv = _point(v)
        if iv is None:
            return None
    return _mod(iv, mod)


def _published(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def contains(outer: Interval, inner: Interval) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def iso(day: int) -> str:
    return dt.date.fromordinal(max(MIN, min(MAX, day))).isoformat()


@lru_cache(maxsize=65536)
def ordinal(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal()
