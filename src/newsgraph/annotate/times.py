"""Time expressions, normalised to TIMEX3-style values anchored to the publication date.

``find_times(text, anchor)`` needs nothing but the text: a compiled-regex grammar
(``time_rules``) proposes candidates, the longest non-overlapping ones are kept, widened to
the words that belong to them ("In 2002", "the early 2000s", "mid-March") and resolved in text
order, so that "the following year" counts from the last date written before it.

Spans follow the seeds' gold: a year or a month keeps the "in" before it ("In 2002"), a
decade its "the" and its part ("the early 2000s"); a duration leaves out "for" ("three
years"). Conventions for weekdays, lone months and relative phrases: see ``time_rules``.

Values: "2023-09-19", "2023-09", "2023-W37", "2002", "197X" (a decade), "20XX" (a century),
"1950/1953" (a RANGE), "P3Y" (a DURATION), "P1Y" (a SET), "2023-09-19T15:00" (a TIME),
"PAST_REF" / "PRESENT_REF" / "FUTURE_REF" for vague ones, and "XXXX-09-19" where the anchor
is missing: nothing is ever resolved against a date the article does not give.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any, Callable

from ..model import Annotated, TimeExpr
from .time_calendar import parse_anchor
from .time_lexicon import MONTH_FULL
from .time_rules import Cand, Ctx, Ref, candidates

_NUMERIC = re.compile(r"(?<![\w.])(\d{1,2})/(\d{1,2})/\d{4}(?!\d)")

# Words before a kept expression that belong to it.
_PART = re.compile(r"(?:\b(?P<the>the\s+)?(?:very\s+)?(?P<p>early|mid|middle|late)(?:\s+|-)"
                   r"|\b(?P<mid>mid)-?)$", re.I)
_PART_OF = re.compile(r"\b(?:the\s+)?(?:very\s+)?(?P<p>end|close|beginning|start|middle)\s+of"
                      r"\s+$", re.I)
_HALF = re.compile(r"\b(?:the\s+)?(?P<h>first|second|latter)\s+half\s+of\s+$", re.I)
_EARLIER = re.compile(r"\b(?:earlier|later)\s+$", re.I)
_THE = re.compile(r"\bthe\s+$", re.I)
_IN = re.compile(r"\b(?-i:in|In)\s+$")
_STARTS_POINT = re.compile(rf"(?:\d|{MONTH_FULL}|(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov"
                           r"|Dec))")
_MODS = {"early": "START", "beginning": "START", "start": "START", "mid": "MID",
         "middle": "MID", "late": "END", "end": "END", "close": "END"}


def _numeric_order(text: str) -> str:
    """Day-first or month-first for "9/10/2023": whichever an unambiguous date shows."""
    for m in _NUMERIC.finditer(text):
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b:
            return "DMY"
        if b > 12 >= a:
            return "MDY"
    return "MDY"


def _select(cands: list[Cand]) -> list[Cand]:
    """Longest first; a candidate overlapping one already kept is dropped."""
    if not cands:
        return []
    kept: list[Cand] = []
    taken = bytearray(max(c.end for c in cands))   # linear, however many candidates
    order = sorted(enumerate(cands), key=lambda ic: (-ic[1].length, ic[1].start, ic[0]))
    for _, c in order:
        if taken.find(1, c.start, c.end) < 0:
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _widen(c: Cand, text: str, floor: int) -> Cand:
    """Take in the words before ``c`` that are part of it (never past ``floor``)."""
    before = text[floor:c.start]
    point = c.kind in ("DATE", "RANGE") and c.gran in ("Y", "M", "DEC", "C", "S", "Q", "W")
    if point and c.kind == "DATE":
        m = _HALF.search(before)
        if m and c.gran == "Y" and isinstance(c.value, str) and c.value.isdigit():
            c.value = f"{c.value}-H{1 if m['h'].lower() == 'first' else 2}"
            c.start -= len(m[0])
            before = text[floor:c.start]
        else:
            m = _PART_OF.search(before) or _PART.search(before)
            if m:
                word = (m["p"] if "p" in m.groupdict() and m["p"] else "mid").lower()
                c.mod = _MODS.get(word, c.mod)
                c.start -= len(m[0])
                before = text[floor:c.start]
            elif c.anchored and _EARLIER.search(before):
                c.start -= len(_EARLIER.search(before)[0])
                before = text[floor:c.start]
    if point and c.gran in ("DEC", "C") and not text[c.start:c.end].lower().startswith("the"):
        m = _THE.search(before)
        if m:
            c.start -= len(m[0])
            before = text[floor:c.start]
    if point and c.gran in ("Y", "M", "S") and _STARTS_POINT.match(text, c.start):
        m = _IN.search(before)
        if m:
            c.start -= len(m[0])
    return c


_RANGE_FROM = re.compile(r"\b(from|between)\s+$", re.I)
_RANGE_GAP = re.compile(r"\s*(to|until|till|through|and|-|–)\s*", re.I)
_POINT_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK_PART = re.compile(r"T(?:\d{2}:\d{2}|MO|AF|EV|NI)$")
_WEEKDAY_TEXT = re.compile(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$")


# "8 p.m. on Sunday", "8 p.m. Eastern time on 8 November", "noon local time on Friday"
_CLOCK_DAY_GAP = re.compile(r"\s+(?:(?:local|[A-Z][a-z]+)\s+time\s+)?on\s+")


def _pairwise(text: str, found: list[TimeExpr],
              combine: Callable[[str, TimeExpr, TimeExpr], TimeExpr | None]) -> list[TimeExpr]:
    """Replace each neighbouring pair that ``combine`` joins by the joined expression."""
    out: list[TimeExpr] = []
    i = 0
    while i < len(found):
        joined = combine(text, found[i], found[i + 1]) if i + 1 < len(found) else None
        if joined is not None:
            out.append(joined)
            i += 2
        else:
            out.append(found[i])
            i += 1
    return out


def _clock_and_day(text: str, a: TimeExpr, b: TimeExpr) -> TimeExpr | None:
    """"midnight on Sunday", "Sunday at 3 p.m.": the clock time takes the date's day."""
    gap = text[a.end:b.start]
    clock, day = ((a, b) if _CLOCK_DAY_GAP.fullmatch(gap) else
                  (b, a) if re.fullmatch(r",?\s+at\s+", gap) else (None, None))
    if (clock is not None and clock.kind == "TIME" and day.kind == "DATE"
            and _DAY_VALUE.match(day.value) and _CLOCK_PART.search(clock.value)):
        part = _CLOCK_PART.search(clock.value)[0]
        return TimeExpr(text=text[a.start:b.end], start=a.start, end=b.end,
                        value=day.value + part, kind="TIME", anchor=day.anchor or clock.anchor)
    return None


_MONTH_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(\d{2})$")
_MONTH_YEAR_GAP = re.compile(r"\s+(?:of\s+)?")
_RELATIVE_YEAR = re.compile(r"^(?:last|this|next|the\s+(?:same|following|previous|next))\s+year$",
                            re.I)


def _month_and_year(text: str, a: TimeExpr, b: TimeExpr) -> TimeExpr | None:
    """"July last year", "August of the same year": the month in the year named after it."""
    mo = _MONTH_VALUE.match(a.value)
    if (mo and not a.mod and _MONTH_YEAR_GAP.fullmatch(text[a.end:b.start])
            and _RELATIVE_YEAR.match(b.text) and re.fullmatch(r"\d{4}", b.value)):
        return TimeExpr(text=text[a.start:b.end], start=a.start, end=b.end,
                        value=f"{b.value}-{mo[1]}", kind="DATE", anchor=b.anchor or a.anchor)
    return None


def _forward(a: TimeExpr, b: TimeExpr) -> TimeExpr:
    """A weekday ending a range lies after the one that starts it ("from Thursday to
    Sunday" said on a Thursday ends three days later, not four days before)."""
    if (_WEEKDAY_TEXT.match(b.text) and _DAY_VALUE.match(a.value) and _DAY_VALUE.match(b.value)
            and b.value < a.value):
        d = dt.date.fromisoformat(b.value) + dt.timedelta(days=7)
        return TimeExpr(b.text, b.start, b.end, d.isoformat(), b.kind, b.mod, b.anchor)
    return b


def _range(text: str, a: TimeExpr, b: TimeExpr) -> TimeExpr | None:
    """"from January 2020 to June 2022", "between May and July": two dates, one RANGE."""
    lead = _RANGE_FROM.search(text[max(0, a.start - 12):a.start])
    gap = _RANGE_GAP.fullmatch(text[a.end:b.start])
    if not (lead and gap):
        return None
    b = _forward(a, b)
    if (a.kind == b.kind == "DATE" and not a.mod and not b.mod
            and _POINT_VALUE.match(a.value) and _POINT_VALUE.match(b.value)
            and a.value < b.value
            and (gap[1].lower() == "and") == (lead[1].lower() == "between")):
        start = a.start - len(lead[0])
        return TimeExpr(text=text[start:b.end], start=start, end=b.end,
                        value=f"{a.value}/{b.value}", kind="RANGE", anchor=a.anchor or b.anchor)
    return None


def _resolve(c: Cand, ref: Ref) -> str | None:
    return c.value(ref) if callable(c.value) else c.value


def find_times(text: str, anchor: str | None, doc: Any = None) -> tuple[TimeExpr, ...]:
    """Every time expression in ``text``, valued against ``anchor`` (YYYY-MM-DD or None).

    ``doc`` is an optional spaCy Doc over the same text: its entity labels settle a month
    name alone ("in May" vs "Theresa May") and a number that may be a year or a count.
    """
    if not text:
        return ()
    if doc is not None and getattr(doc, "text", None) != text:
        doc = None
    when = parse_anchor(anchor)
    ctx = Ctx(text=text, anchor=when, doc=doc, numeric_order=_numeric_order(text))
    kept = _select(list(candidates(ctx)))
    out: list[TimeExpr] = []
    ref: Ref = (when, "D") if when else None
    floor = 0
    for c in kept:
        c = _widen(c, text, floor)
        base = ref[0].isoformat() if c.from_ref and ref else anchor
        value = _resolve(c, ref)
        if not value:
            continue
        if c.sets_ref is not None:
            ref = (c.sets_ref, c.gran or "D")
        floor = c.end
        out.append(TimeExpr(text=text[c.start:c.end], start=c.start, end=c.end, value=value,
                            kind=c.kind, mod=c.mod,
                            anchor=base if c.anchored and (when or c.from_ref) else None))
    out = _pairwise(text, out, _month_and_year)
    out = _pairwise(text, out, _clock_and_day)
    return tuple(_pairwise(text, out, _range))


def stage(doc: Annotated) -> Annotated:
    """The annotate stage: fill ``times`` (a failure is recorded, the run goes on)."""
    art = doc.article
    try:
        times = find_times(art.text, art.published, doc.nlp)
    except Exception as exc:  # noqa: BLE001 - one odd document must not stop a corpus
        why = f"{type(exc).__name__}: {exc}"
        return replace(doc, skipped=doc.skipped + (f"times: {why}",)).warn(
            "times_failed", f"time expressions could not be read ({why}); the document has none")
    return replace(doc, times=times)


__all__ = ["find_times", "stage"]
