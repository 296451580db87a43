"""The time grammar: compiled regular expressions, each with a function that turns a match
into a candidate TIMEX3 value.

Candidates may overlap; ``times.find_times`` keeps the longest and then widens the kept ones
("In" before a year, "the early" before a decade). Values that depend on an earlier date in the
text ("the following year", "three days later") are functions of that reference, resolved in
text order.

Conventions:
* a weekday alone is the latest one at or before the anchor when its clause is in the past
  ("said on Tuesday"), the first at or after it when the clause looks ahead ("will meet on
  Monday", "is due", "expected"), and the nearer one when the clause has no tense cue; "last
  Tuesday" is strictly before, "next Friday" is in the week after the anchor's;
* a month alone ("in March") is the nearest such month to the anchor (ties to the past),
  or the next one when the clause looks ahead; a month and day without a year likewise;
* "the following year", "three days later" count from the last explicit date in the text
  (else the anchor); "two years ago", "last week" count from the anchor;
* with no anchor, anchored expressions get PAST_REF / PRESENT_REF / FUTURE_REF, and
  anchor-free parts stay underspecified ("XXXX-09-19"), never a guessed year;
* ordinals alone ("the 78th session") and numbers that are quantities ("2000 troops",
  "page 2002") are never dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .time_calendar import (duration, fmt, nearest_year_for_month, shift, valid_date,
                            weekday_date)
from .time_lexicon import (DECADE_WORDS, MONTH_ANY, MONTH_FULL, MONTHS, NUMBER, ORDINALS,
                           SEASON_START, SEASONS, UNIT, WEEKDAY, WEEKDAYS, month_number,
                           number_value, unit_code)

Ref = tuple[dt.date, str] | None   # the latest explicit date in the text, with its granularity
Value = str | Callable[[Ref], str | None]


@dataclass
class Cand:
    start: int
    end: int
    value: Value
    kind: str = "DATE"
    mod: str | None = None
    gran: str | None = None      # "Y" | "M" | "D" | "W" | "DEC" | "C" | None (not a point)
    anchored: bool = False       # the value was computed from the anchor / reference
    from_ref: bool = False       # ... from the last date in the text rather than the anchor
    sets_ref: dt.date | None = None   # an explicit date later relative phrases count from
    tags: set[str] = field(default_factory=set)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Ctx:
    text: str
    anchor: dt.date | None
    doc: Any = None
    numeric_order: str = "MDY"
    _name_months: frozenset[str] | None = None

    def sentence(self, start: int, end: int) -> str:
        a = max(self.text.rfind(c, 0, start) for c in ".!?\n")
        bs = [self.text.find(c, end) for c in ".!?\n"]
        b = min([x for x in bs if x >= 0], default=len(self.text))
        return self.text[a + 1:b]

    def future(self, start: int, end: int) -> bool:
        return self.tense(start, end) == "future"

    def tense(self, start: int, end: int) -> str | None:
        """"future", "past" or None (no cue) for the clause around [start, end).

        The clause decides when it has a tensed cue ("He arrived on Tuesday and will leave
        on Friday"); otherwise the sentence does ("On Friday, he will leave").
        """
        sent = self.sentence(start, end)
        a = max(self.text.rfind(c, 0, start) for c in ".!?\n")
        rel_s, rel_e = start - a - 1, end - a - 1
        cuts = [0] + [x.end() for x in _CLAUSE.finditer(sent, 0, max(0, rel_s))]
        clause_start = max(cuts)
        nxt = _CLAUSE.search(sent, rel_e)
        clause = sent[clause_start:nxt.start() if nxt else len(sent)]
        if _FUTURE.search(clause):
            return "future"
        if _PAST.search(clause):
            return "past"
        if _FUTURE.search(sent):
            return "future"
        return "past" if _PAST.search(sent) else None

    def name_months(self) -> frozenset[str]:
        """Month words the text also uses as surnames ("Theresa May", "Brian March")."""
        if self._name_months is None:
            found = {m["mon"] for m in _NAME_BEFORE_MONTH.finditer(self.text)}
            if self.doc is not None:
                found |= {e[-1].text for e in getattr(self.doc, "ents", ())
                          if e.label_ == "PERSON" and len(e) > 1}
            self._name_months = frozenset(found)
        return self._name_months

    def before(self, start: int, n: int = 40) -> str:
        return self.text[max(0, start - n):start]

    def after(self, end: int, n: int = 40) -> str:
        return self.text[end:end + n]

    def ent_label(self, start: int, end: int) -> str | None:
        """spaCy's entity label over [start, end), when a Doc was given."""
        if self.doc is None:
            return None
        try:
            span = self.doc.char_span(start, end, alignment_mode="expand")
        except (ValueError, IndexError):  # offsets the Doc cannot align: no label
            return None
        if span is None:
            return None
        labels = {t.ent_type_ for t in span if t.ent_type_}
        return next(iter(labels)) if len(labels) == 1 else None


_FUTURE = re.compile(
    r"\b(?:will|won't|wo n't|shall|would|'ll|going to|is due|are due|was due|due to|scheduled"
    r"|plans? to|planned|expect|expects|(?<!than\s)(?<!as\s)expected|forecast|predicted"
    r"|set to|intends? to"
    r"|upcoming|next|coming)\b",
    re.I)

_PAST = re.compile(
    r"\b(?:was|were|had|did|said|met|went|came|took|made|told|held|saw|gave|began|left|won"
    r"|lost|fell|rose|spoke|ago|last|[a-z]{2,}ed)\b", re.I)
_CLAUSE = re.compile(r"[,;:]|\s(?:and|but|while|whereas|although|before|after|that)\s", re.I)

F = re.I | re.UNICODE
_B = r"(?<![\w.\-/:$€£])"      # a token starts here (not inside a number, word or amount)
_E = r"(?![\w/]|[.,:]\d|-\d)"    # and ends here
_BY = r"(?:(?<![\w.\-/:$€£])|(?<=[A-Za-z]-))"   # a year may follow "mid-", "pre-"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
REL_PAST, REL_PRESENT, REL_FUTURE = "PAST_REF", "PRESENT_REF", "FUTURE_REF"


def _mk(m: re.Match, value: Value, **kw: Any) -> Cand:
    return Cand(m.start(), m.end(), value, **kw)


# ------------------------------------------------------------------------ absolute dates
def _year_for(ctx: Ctx, month: int, day: int | None, start: int, end: int) -> int | None:
    if ctx.anchor is None:
        return None
    return nearest_year_for_month(ctx.anchor, month, True if ctx.future(start, end) else None)


def _date_value(ctx: Ctx, m: re.Match, y: str | None, mo: int, d: int) -> Cand | None:
    if y:
        if not valid_date(int(y), mo, d):
            return None
        v = f"{int(y):04d}-{mo:02d}-{d:02d}"
        return _mk(m, v, gran="D", sets_ref=dt.date(int(y), mo, d))
    year = _year_for(ctx, mo, d, m.start(), m.end())
    if year is None:
        return _mk(m, f"XXXX-{mo:02d}-{d:02d}", gran="D") if valid_date(2000, mo, d) else None
    if not valid_date(year, mo, d):
        return None
    return _mk(m, f"{year:04d}-{mo:02d}-{d:02d}", gran="D", anchored=True,
               sets_ref=dt.date(year, mo, d))


def _day(s: str) -> int:
    return int(re.match(r"\d+", s)[0])


def r_mdy(m: re.Match, ctx: Ctx) -> Cand | None:
    return _date_value(ctx, m, m["y"], month_number(m["mon"]), _day(m["d"]))


def r_dmy(m: re.Match, ctx: Ctx) -> Cand | None:
    return _date_value(ctx, m, m["y"], month_number(m["mon"]), _day(m["d"]))


def r_iso(m: re.Match, ctx: Ctx) -> Cand | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not valid_date(y, mo, d):
        return None
    return _mk(m, f"{y:04d}-{mo:02d}-{d:02d}", gran="D", sets_ref=dt.date(y, mo, d))


def r_numeric(m: re.Match, ctx: Ctx) -> Cand | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if m["sep"] == ".":
        d, mo = a, b                     # dotted dates are day-first wherever they are used
    elif a > 12:
        d, mo = a, b
    elif b > 12:
        d, mo = b, a
    else:
        mo, d = (a, b) if ctx.numeric_order == "MDY" else (b, a)
    if not valid_date(y, mo, d):
        return None
    return _mk(m, f"{y:04d}-{mo:02d}-{d:02d}", gran="D", sets_ref=dt.date(y, mo, d))


def r_month_year(m: re.Match, ctx: Ctx) -> Cand | None:
    y, mo = int(m["y"]), month_number(m["mon"])
    return _mk(m, f"{y:04d}-{mo:02d}", gran="M", sets_ref=dt.date(y, mo, 1))


# "in March", "since May": a month name alone is a date only after one of these
# ("Theresa May", "the Women's March" stay names).
_MONTH_TRIGGER = re.compile(
    r"(?:\b(?:in|since|by|until|till|through|throughout|during|from|before|after|for|early"
    r"|late|last|next|this|of|on|between|around|mid|end|start|beginning|middle|until"
    r"|in early|in late|in mid)[\s-]*|\bmid-"
    r"|\b(?:months?|years?|weeks?|quarter|period|half)\s+(?:to|ending|ended)\s+)$", re.I)


_STRONG_TRIGGER = re.compile(r"\b(?:in|early|late|mid|last|next|this|during|until|till"
                             r"|throughout)[\s-]*$|\bmid-$", re.I)
_NAME_BEFORE_MONTH = re.compile(rf"\b(?!(?:In|Since|By|Until|Till|Early|Late|Last|Next|This|Of|On"
                                rf"|Mid|The|And|During|From|Before|After|For|Through|Between"
                                rf"|Around|End|Since|Or|To|At|Every|Each|Late|Through)\b)"
                                rf"[A-Z][a-z]+\s+(?P<mon>{MONTH_FULL})\b(?!\s*\d)")


def r_month_alone(m: re.Match, ctx: Ctx) -> Cand | None:
    before = ctx.before(m.start(), 30)
    q = (m["q"] or "").lower()
    trig = _MONTH_TRIGGER.search(before)
    if not q and not trig:
        return None
    if not q and m["mon"] in ctx.name_months() and not _STRONG_TRIGGER.search(before):
        return None       # "backed by May" in a text about Theresa May is the person
    # spaCy's DATE label is no evidence ("the Women's March" gets it), but a name label is
    if ctx.ent_label(m.start("mon"), m.end("mon")) in ("PERSON", "ORG", "EVENT", "WORK_OF_ART",
                                                       "FAC", "GPE", "NORP", "PRODUCT"):
        return None
    mo = month_number(m["mon"])
    if ctx.anchor is None:
        if q in ("last", "next"):
            return _mk(m, REL_PAST if q == "last" else REL_FUTURE)
        return _mk(m, f"XXXX-{mo:02d}", gran="M")
    a = ctx.anchor
    if q == "last":
        y = a.year if mo < a.month else a.year - 1
    elif q == "next":
        y = a.year if mo > a.month else a.year + 1
    elif q == "this":
        y = a.year
    else:
        y = nearest_year_for_month(a, mo, True if ctx.future(m.start(), m.end()) else None)
    c = _mk(m, f"{y:04d}-{mo:02d}", gran="M", anchored=True)
    # a guessed year is no reference for the year named right after it ("in August of the
    # same year"); otherwise later phrases count from it ("in October ... a month earlier")
    if not _YEAR_AFTER_MONTH.match(ctx.after(m.end(), 40)):
        c.sets_ref = dt.date(y, mo, 1)
    return c


_YEAR_AFTER_MONTH = re.compile(r"^\s+(?:of\s+)?(?:the\s+(?:same|following|previous|next)"
                               r"|last|this|next)\s+year\b", re.I)


def r_month_range(m: re.Match, ctx: Ctx) -> Cand | None:
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    y = m["y"]
    if y:
        y2 = int(y)
        y1 = y2 if m1 <= m2 else y2 - 1
        return _mk(m, f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", kind="RANGE", gran="M",
                   sets_ref=dt.date(y2, m2, 1))
    if ctx.anchor is None:
        return _mk(m, f"XXXX-{m1:02d}/XXXX-{m2:02d}", kind="RANGE")
    y2 = nearest_year_for_month(ctx.anchor, m2, True if ctx.future(m.start(), m.end()) else None)
    y1 = y2 if m1 <= m2 else y2 - 1
    return _mk(m, f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", kind="RANGE", anchored=True)


def r_day_range(m: re.Match, ctx: Ctx) -> Cand | None:
    mo = month_number(m["mon"])
    d1, d2 = _day(m["d1"]), _day(m["d2"])
    if d2 <= d1:
        return None
    y = int(m["y"]) if m["y"] else _year_for(ctx, mo, d1, m.start(), m.end())
    if y is None:
        return _mk(m, f"XXXX-{mo:02d}-{d1:02d}/XXXX-{mo:02d}-{d2:02d}", kind="RANGE")
    if not (valid_date(y, mo, d1) and valid_date(y, mo, d2)):
        return None
    return _mk(m, f"{y:04d}-{mo:02d}-{d1:02d}/{y:04d}-{mo:02d}-{d2:02d}", kind="RANGE",
               anchored=not m["y"], sets_ref=dt.date(y, mo, d1))


# ---------------------------------------------------------------------------- years
_NOT_YEAR_BEFORE = re.compile(
    r"(?:[#№]|\b(?:no|nos|nr|page|pages|pp?|room|flight|route|bus|article|section|chapter"
    r"|resolution|number|vol|volume|model|code|iso|boeing|airbus|highway|interstate|item"
    r"|paragraph|rule|law|act|bill|hr|h\.r|s|order|case|unit|grade|level|size|version|v"
    r"|score|at|rank|ranked|ranking|pin|zip|tel|phone|ext)\.?)\s*$", re.I)
_PLURAL_AFTER = re.compile(r"^\s+([a-z][a-z-]*[^su'is]s)\b")
_NOT_PLURAL = {"was", "has", "does", "says", "this", "its", "his", "hers", "plus", "thus",
               "always", "perhaps", "whereas", "as", "is", "us", "yes", "sometimes",
               "afterwards", "towards", "besides", "nevertheless", "goes", "remains",
               "seems", "marks", "sees", "saw", "becomes", "shows", "means", "brings"}
_DET_BEFORE = re.compile(r"(?:\b(?:the|a|an|this|that|its|their|his|her|our|your|whose)"
                         r"|['’]s)\s+$", re.I)
_TEMPORAL_PREP = re.compile(
    r"\b(?:in|since|by|until|till|through|from|before|after|during|of|circa|around|early"
    r"|late|mid|between|year|summer|spring|autumn|fall|winter|end|since)[\s-]*$",
    re.I)
# plural nouns after a year that name things dated by it, not counted by it
_EVENT_PLURALS = {"elections", "olympics", "games", "talks", "polls", "protests", "riots",
                  "attacks", "floods", "midterms", "negotiations", "primaries", "accords",
                  "sanctions", "levels", "figures", "standards", "rules", "reforms", "budgets",
                  "accounts", "results", "earnings", "estimates", "forecasts", "plans",
                  "deadlines", "targets", "championships", "finals", "hearings", "summits",
                  "agreements", "strikes", "uprisings", "killings", "bombings", "charges",
                  "cases", "events"}


def plausible_year(ctx: Ctx, start: int, end: int, y: int) -> bool:
    """A four-digit number is a year unless its context makes it a quantity or a label."""
    before = ctx.before(start, 30)
    if _NOT_YEAR_BEFORE.search(before):
        return False
    prep = bool(_TEMPORAL_PREP.search(before))
    hi = (ctx.anchor.year + 30) if ctx.anchor else 2099
    if y > hi or (y < 1900 and not prep):
        return False
    after = ctx.after(end, 30)
    if re.match(r"^\s*(?:%|per ?cent|percent|°|km|kg|mph|m\b|ft\b|lb|bn\b|mn\b|million|billion"
                r"|thousand|hours|hrs|GMT|UTC)", after, re.I):
        return False
    pl = _PLURAL_AFTER.match(after)
    if (pl and pl[1].lower() not in _EVENT_PLURALS | _NOT_PLURAL and not prep
            and not _DET_BEFORE.search(before)):
        return False
    label = ctx.ent_label(start, end)
    if label in ("MONEY", "QUANTITY", "PERCENT") or (label == "CARDINAL" and not prep):
        return False
    return True


def r_year(m: re.Match, ctx: Ctx) -> Cand | None:
    y = int(m["y"])
    if not plausible_year(ctx, m.start(), m.end(), y):
        return None
    return _mk(m, f"{y:04d}", gran="Y", sets_ref=dt.date(y, 1, 1))


def r_year_range(m: re.Match, ctx: Ctx) -> Cand | None:
    y1 = int(m["y1"])
    tail = m["y2"]
    conn = m["conn"].lower()
    if conn not in ("-", "–") and len(tail) == 2:
        return None         # "2017 to 30" is a count, not a range
    if conn == "and" and not m["pre"]:
        return None         # "in 2002 and 2006" names two years, not the stretch between
    if conn == "to" and not m["pre"] and not plausible_year(ctx, m.start(), m.end(), y1):
        return None
    y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
    if not (y1 < y2 <= y1 + 200):
        return None
    if not m["pre"] and not plausible_year(ctx, m.start(), m.end(), y1):
        return None
    return _mk(m, f"{y1:04d}/{y2:04d}", kind="RANGE", gran="Y", sets_ref=dt.date(y2, 1, 1))


# -------------------------------------------------------------------- decades, centuries
def _decade(tok: str, ctx: Ctx) -> str | None:
    tok = tok.lower().replace("’", "'")
    if tok in DECADE_WORDS:
        return f"19{DECADE_WORDS[tok]}X"
    m = re.fullmatch(r"(\d{2})?'?(\d)0'?s", tok)
    if not m:
        return None
    if m[1]:
        return f"{m[1]}{m[2]}X"
    d = int(m[2])
    # "the '20s" said in 2025 means the 2020s; "the '70s" the 1970s
    if ctx.anchor and 2000 + d * 10 <= ctx.anchor.year:
        return f"20{d}X"
    return f"19{d}X"


DECADE = (r"(?:(?:1[0-9]|20)\d0['’]?s|['’]\d0s|(?-i:twenties|thirties|forties|fifties|sixties"
          r"|seventies|eighties|nineties))")


def r_decade(m: re.Match, ctx: Ctx) -> Cand | None:
    v = _decade(m["dec"], ctx)
    return _mk(m, v, gran="DEC") if v else None


def r_decade_range(m: re.Match, ctx: Ctx) -> Cand | None:
    a, b = _decade(m["d1"], ctx), _decade(m["d2"], ctx)
    if not a or not b or b <= a:
        return None
    return _mk(m, f"{a}/{b}", kind="RANGE", gran="DEC")


def r_century(m: re.Match, ctx: Ctx) -> Cand | None:
    raw = m["n"].lower()
    n = int(re.match(r"\d+", raw)[0]) if raw[0].isdigit() else ORDINALS.get(raw)
    if not n or n > 21:
        return None
    return _mk(m, f"{n - 1:02d}XX", gran="C")


# ------------------------------------------------------------------ relative to the anchor
def _anchored(ctx: Ctx, m: re.Match, unit: str, n: int, *, kind: str = "DATE",
              suffix: str = "", fallback: str | None = None) -> Cand:
    if ctx.anchor is None:
        v = fallback or (REL_PAST if n < 0 else REL_FUTURE if n > 0 else REL_PRESENT)
        return _mk(m, v, kind=kind)
    d = shift(ctx.anchor, unit, n)
    return _mk(m, fmt(d, unit) + suffix, kind=kind, gran=unit[:1], anchored=True)


_DAY_WORD = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}
_PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def r_dayword(m: re.Match, ctx: Ctx) -> Cand | None:
    if _title_case_name(m, ctx) or re.match(r"^\s+(?:programme|program|show|newspaper)\b",
                                            ctx.after(m.end(), 12), re.I):
        return None          # "Radio 4's Today programme", "USA Today"
    w = m["w"].lower()
    n = _DAY_WORD[w]
    part = (m["part"] or "").lower()
    suffix = "TNI" if w == "tonight" else (f"T{_PART_OF_DAY[part]}" if part else "")
    return _anchored(ctx, m, "D", n, suffix=suffix, kind="TIME" if suffix else "DATE")


def r_day_before(m: re.Match, ctx: Ctx) -> Cand | None:
    n = -2 if m["w"].lower() == "yesterday" else 2
    return _anchored(ctx, m, "D", n)


def r_this_part(m: re.Match, ctx: Ctx) -> Cand | None:
    q, part = m["q"].lower(), m["part"].lower()
    n = -1 if q in ("last",) else 0
    if q == "last" and part != "night":
        return None     # "last morning" is not English; "last evening" rare: leave it
    return _anchored(ctx, m, "D", n, suffix=f"T{_PART_OF_DAY[part]}", kind="TIME")


_QUAL = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
         "coming": 1}
_REL_UNIT = {"week": "W", "weekend": "W", "month": "M", "year": "Y", "decade": "Y10",
             "century": "Y100", "quarter": "Q"}


def r_qual_unit(m: re.Match, ctx: Ctx) -> Cand | None:
    q, u = m["q"].lower(), m["u"].lower()
    n = _QUAL[q]
    if m["the"] and q in ("previous", "next"):
        return None          # "the previous year" counts from the text's last date (r_ref_unit)
    if q == "past" or (q == "coming" and m["the"]):
        # "the past year", "the coming year" are stretches of time, not calendar units
        unit = {"quarter": "M", "weekend": "D"}.get(u, _REL_UNIT[u])
        n_units = {"quarter": 3, "weekend": 2}.get(u, 1)
        return _mk(m, duration(n_units, unit), kind="DURATION")
    unit = _REL_UNIT[u]
    if unit == "Q":
        if ctx.anchor is None:
            return _anchored(ctx, m, "M", n)
        d = shift(ctx.anchor, "M", 3 * n)
        return _mk(m, f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}", gran="Q", anchored=True)
    if unit == "Y10":
        if ctx.anchor is None:
            return _anchored(ctx, m, "Y", n)
        y = (ctx.anchor.year // 10 + n) * 10
        return _mk(m, f"{y // 10:03d}X", gran="DEC", anchored=True)
    if unit == "Y100":
        if ctx.anchor is None:
            return _anchored(ctx, m, "Y", n)
        return _mk(m, f"{ctx.anchor.year // 100 + n:02d}XX", gran="C", anchored=True)
    c = _anchored(ctx, m, unit, n)
    if u == "weekend" and ctx.anchor is not None:
        c.value = f"{c.value}-WE"
    return c


def r_the_weekend(m: re.Match, ctx: Ctx) -> Cand | None:
    """"the weekend": the coming one when the clause looks ahead, else the one just past."""
    if ctx.anchor is None:
        return None
    a = ctx.anchor
    if ctx.future(m.start(), m.end()) or a.isoweekday() >= 6:
        d = a
    else:
        d = shift(a, "W", -1)
    return _mk(m, fmt(d, "W") + "-WE", gran="W", anchored=True)


def r_ref_unit(m: re.Match, ctx: Ctx) -> Cand | None:
    """"the following year", "the previous month", "the same year": from the last date."""
    q, u = m["q"].lower(), m["u"].lower()
    if q == "next" and re.search(r"\b(?:over|in|within|during|for|throughout)\s+$",
                                 ctx.before(m.start(), 15), re.I):
        unit = {"day": "D", "week": "W", "month": "M", "year": "Y"}[u]
        return _mk(m, duration(1, unit), kind="DURATION")   # "over the next year"
    n = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1,
         "same": 0}[q]
    unit = {"day": "D", "week": "W", "month": "M", "year": "Y"}[u]

    def value(ref: Ref) -> str | None:
        if ref is None:
            return None
        return fmt(shift(ref[0], unit, n), unit)
    return _mk(m, value, gran=unit, anchored=True, from_ref=True)


def r_ago(m: re.Match, ctx: Ctx) -> Cand | None:
    n = number_value(m["n"]) if m["n"] else None
    unit = unit_code(m["u"])
    if n is None or not float(n).is_integer() or unit.startswith("T"):
        return _mk(m, REL_PAST)     # "two hours ago", "a few years ago": no calendar unit
    n = int(n)
    if ctx.anchor is None:
        return _mk(m, REL_PAST)
    d = shift(ctx.anchor, unit, -n)
    out = "Y" if unit in ("Y10", "Y100") else unit
    c = _mk(m, fmt(d, out), gran=out[:1], anchored=True)
    if unit in ("Y10", "Y100"):
        c.mod = "APPROX"
    return c


def r_later(m: re.Match, ctx: Ctx) -> Cand | None:
    """"three days later", "a year earlier": counted from the last date in the text."""
    n = number_value(m["n"])
    unit = unit_code(m["u"])
    if n is None or not float(n).is_integer() or unit.startswith("T"):
        return None
    n = int(n) * (-1 if m["dir"].lower() in ("earlier", "before") else 1)
    out = "Y" if unit in ("Y10", "Y100") else unit

    def value(ref: Ref) -> str | None:
        if ref is None:
            return None
        base, gran = ref
        if gran == "Y" and out in ("D", "W", "M"):
            return None     # "three days after" a bare year has no day
        return fmt(shift(base, unit, n), out)
    return _mk(m, value, gran=out[:1], anchored=True, from_ref=True)


_NEWSPAPER_AFTER = re.compile(r"^\s+(?:Telegraph|Times|Mirror|Express|Herald|Post|Tribune"
                              r"|Observer|Independent|Mail|Sport|Star|People|Business|Review"
                              r"|Magazine|Edition|Night\s+Live|Show)\b")
_NAMED_DAY = re.compile(r"\b(?:Black|Good|Super|Ash|Bloody|Easter|Palm|Holy|Maundy|Cyber"
                        r"|Shrove|Low|Whit|Trinity|Great|Giving|Small\s+Business)\s+$")


def r_weekday(m: re.Match, ctx: Ctx) -> Cand | None:
    if not m["q"] and (_NAMED_DAY.search(ctx.before(m.start(), 20))
                       or _NEWSPAPER_AFTER.match(ctx.after(m.end(), 20))):
        return None          # "Black Friday", "the Sunday Times": names, not this week's day
    wd = WEEKDAYS[m["wd"].lower()]
    q = (m["q"] or "").lower()
    part = (m["part"] or "").lower()
    suffix = f"T{_PART_OF_DAY[part]}" if part else ""
    if ctx.anchor is None:
        if q in ("last", "next"):
            return _mk(m, REL_PAST if q == "last" else REL_FUTURE)
        return _mk(m, f"XXXX-WXX-{wd}{suffix}")
    if q in ("last", "next", "this"):
        direction = q
    else:
        # no tense at all ("The deal expires on Sunday"): the nearer one, ties to the past
        direction = {"future": "future", "past": "past"}.get(
            ctx.tense(m.start(), m.end()) or "", "nearest")
    d = weekday_date(ctx.anchor, wd, direction)
    return _mk(m, d.isoformat() + suffix, kind="TIME" if suffix else "DATE", gran="D",
               anchored=True)


def r_weekday_set(m: re.Match, ctx: Ctx) -> Cand | None:
    return _mk(m, f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}", kind="SET")


def r_season(m: re.Match, ctx: Ctx) -> Cand | None:
    s = SEASONS[m["s"].lower()]
    if m["y"]:
        return _mk(m, f"{int(m['y']):04d}-{s}", gran="S")
    q = (m["q"] or "").lower()
    if not q:
        if not m[0].lower().startswith("the ") or m["s"].lower() == "fall" or re.match(
                r"^\s+of\b", ctx.after(m.end(), 5)):
            return None      # "summer" alone is too loose; "the fall (of ...)" is no season
        q = "next" if ctx.future(m.start(), m.end()) else "past"
    if ctx.anchor is None:
        return _mk(m, {"last": REL_PAST, "past": REL_PAST, "next": REL_FUTURE}.get(q, REL_PRESENT))
    a = ctx.anchor
    start = SEASON_START[s]
    if q == "past":
        # the latest such season begun by the anchor's month (this one, if it is on now)
        y = a.year if start <= a.month else a.year - 1
    elif q == "this":
        y = a.year
    elif q == "last":
        # the latest such season that has begun before the anchor's month
        y = a.year if start < a.month else a.year - 1
        if s == "WI":
            y = a.year - 1
    else:
        y = a.year if start > a.month else a.year + 1
    return _mk(m, f"{y:04d}-{s}", gran="S", anchored=True)


# Holidays on fixed dates (movable feasts like Easter need tables: not resolved).
_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
             "boxing day": (12, 26), "new year's day": (1, 1), "new year's eve": (12, 31),
             "valentine's day": (2, 14), "halloween": (10, 31)}


def r_holiday(m: re.Match, ctx: Ctx) -> Cand | None:
    key = re.sub(r"\s+", " ", m["h"].replace("’", "'")).lower()
    mo, d = _HOLIDAYS[key]
    if m["y"]:
        y = int(m["y"])
        return _mk(m, f"{y:04d}-{mo:02d}-{d:02d}", gran="D", sets_ref=dt.date(y, mo, d))
    if re.match(r"^\s+(?:tree|card|present|gift|shopping|party|decoration|market|song|carol"
                r"|dinner|lunch|spirit|message|sale|costume)", ctx.after(m.end(), 14), re.I):
        return None          # "a Christmas tree" names no day
    return _date_value(ctx, m, None, mo, d)


def r_quarter(m: re.Match, ctx: Ctx) -> Cand | None:
    raw = (m["qn"] or "").lower()
    qn = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
          "4th": 4, "final": 4, "last": 4}.get(raw) or (int(m["qd"]) if m["qd"] else None)
    if not qn:
        return None
    if m["y"]:
        return _mk(m, f"{int(m['y']):04d}-Q{qn}", gran="Q")
    if ctx.anchor is None:
        return _mk(m, f"XXXX-Q{qn}")
    return _mk(m, f"{ctx.anchor.year:04d}-Q{qn}", gran="Q", anchored=True)


def r_half_year(m: re.Match, ctx: Ctx) -> Cand | None:
    """"the first half of the year": the anchor's year, H1 or H2."""
    h = 1 if m["h"].lower() == "first" else 2
    if ctx.anchor is None:
        return _mk(m, f"XXXX-H{h}")
    return _mk(m, f"{ctx.anchor.year:04d}-H{h}", gran="H", anchored=True)


def r_part_of_unit(m: re.Match, ctx: Ctx) -> Cand | None:
    """"the end of the year", "the beginning of the month": the anchor's, with a mod."""
    mod = {"end": "END", "close": "END", "beginning": "START", "start": "START",
           "middle": "MID"}[m["p"].lower()]
    unit = {"year": "Y", "month": "M", "week": "W", "decade": "Y10"}[m["u"].lower()]
    if unit == "Y10":
        if ctx.anchor is None:
            return _mk(m, "XXXX", mod=mod)
        return _mk(m, f"{ctx.anchor.year // 10:03d}X", mod=mod, anchored=True)
    c = _anchored(ctx, m, unit, 0, fallback="PRESENT_REF")
    c.mod = mod
    return c


# --------------------------------------------------------------------------- vague
_VAGUE = {
    REL_PAST: r"recently|lately|previously|formerly|in\s+the\s+past|in\s+(?:recent|previous"
              r"|past|earlier|prior)\s+(?:days|weeks|months|years|decades|times|centuries)"
              r"|in\s+years\s+past|(?:many|several|some|a\s+few)\s+(?:years|decades|months)"
              r"\s+ago|long\s+ago|years\s+ago|decades\s+ago|months\s+ago|the\s+other\s+day",
    REL_PRESENT: r"(?<![-\w])now(?!\s+that\b|-)|currently|at\s+present|presently|nowadays"
                 r"|these\s+days"
                 r"|at\s+the\s+moment|right\s+now|at\s+this\s+time|so\s+far\s+this\s+year",
    REL_FUTURE: r"in\s+the\s+(?:near\s+|distant\s+|foreseeable\s+)?future"
                r"|(?<!\bas\s)soon(?!\s+as\b|\s+after\b)|shortly(?!\s+(?:after|before)\b)"
                r"|in\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months|years|decades)"
                r"|in\s+(?:the\s+)?(?:days|weeks|months|years|decades)\s+(?:ahead|to\s+come)"
                r"|in\s+due\s+course",
}


def r_vague(ref: str) -> Callable[[re.Match, Ctx], Cand | None]:
    def rule(m: re.Match, ctx: Ctx) -> Cand | None:
        if ref == REL_PAST and m[0].lower().startswith("so far"):
            return None
        return _mk(m, ref)
    return rule


# ----------------------------------------------------------------------- durations, sets
def r_duration(m: re.Match, ctx: Ctx) -> Cand | None:
    raw = m["n"]
    n = number_value(raw)
    unit = unit_code(m["u"])
    w = raw.lower()
    if w in ("a", "an") and not re.search(
            r"\b(?:for|in|within|over|after|about|nearly|almost|than|least|most|lasting"
            r"|spent|took|takes|up\s+to|around|roughly|some|just|only)\s+$", ctx.before(m.start()),
            re.I):
        return None          # "a year" alone is too often "$5bn a year" or "a year when"
    if n is not None and n > 100_000:
        return None
    if re.match(r"^[\s-]old\b", ctx.after(m.end(), 5)):
        return None          # an age ("a 10 year old boy")
    if unit == "TS" and w in ("a", "an") and not re.match(
            r"^\s*(?:later|earlier|ago|before|after|or|[,.;)])", ctx.after(m.end(), 10), re.I):
        return None          # "a second doping offence" is an ordinal
    return _mk(m, duration(n, unit), kind="DURATION")


def r_duration_adj(m: re.Match, ctx: Ctx) -> Cand | None:
    """"a two-day visit", "the decade-long war": durations written as adjectives."""
    if m["u2"]:              # "a 10-day visit": number-unit before a word
        num, unit = m["n2"], m["u2"]
    elif m[0].lower().endswith("-old"):
        return None
    else:
        num, unit = m["n"], m["u"]
    if re.match(r"^[\s-]old\b", ctx.after(m.end(), 5)):
        return None          # ages ("a 10-year-old") are not time expressions about events
    n = number_value(num) if num else 1
    if num and n is None:
        return None
    return _mk(m, duration(n, unit_code(unit)), kind="DURATION")


def r_past_n(m: re.Match, ctx: Ctx) -> Cand | None:
    """"the past two years", "the last three months": stretches up to the anchor."""
    n = number_value(m["n"]) if m["n"] else None
    return _mk(m, duration(n, unit_code(m["u"])), kind="DURATION")


def r_vague_duration(m: re.Match, ctx: Ctx) -> Cand | None:
    """"for years", "for decades", "months after": a stretch with no number."""
    if not m[0].lower().startswith(("for", "after", "within", "over", "in")) and _COUNTED.search(
            ctx.before(m.start(), 25)):
        return None          # "two years after", "the years of": counted or determined
    return _mk(m, duration(None, unit_code(m["u"] or m["u2"])), kind="DURATION")


_COUNTED = re.compile(rf"(?:\b{NUMBER}|\b(?:the|these|those|recent|past|coming|next|last"
                      r"|previous|first|final|early|late|some|his|her|their|its|our|many|few"
                      r"|several|for|after|within|over|in)|\w-)\s*$", re.I)


def r_per_unit(m: re.Match, ctx: Ctx) -> Cand | None:
    """"barrels a day", "$5bn a year": a rate after an amount is a SET."""
    if not re.search(r"(?:\d|[a-z]{3,}s|\b(?:once|twice|times))\s+$", ctx.before(m.start(), 20)):
        return None
    return _mk(m, duration(1, unit_code(m["u"])), kind="SET")


_SET_WORD = {"annually": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W",
             "daily": "P1D", "hourly": "PT1H", "quarterly": "P3M", "biannually": "P6M",
             "nightly": "P1D", "fortnightly": "P2W"}


def _title_case_name(m: re.Match, ctx: Ctx) -> bool:
    """A capitalised word inside a sentence is part of a name ("the Daily Times", "Radio 4's
    Today programme"), not the adverb."""
    if not m[0][:1].isupper():
        return False
    before = ctx.text[max(0, m.start() - 3):m.start()]
    at_start = not before.strip() or re.search(r"[.!?:\n\"“‘(]\s*$", before) is not None
    return not at_start


def r_set_word(m: re.Match, ctx: Ctx) -> Cand | None:
    if _title_case_name(m, ctx):
        return None
    return _mk(m, _SET_WORD[m[0].lower()], kind="SET")


def r_every(m: re.Match, ctx: Ctx) -> Cand | None:
    if m["wd"]:
        return _mk(m, f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}", kind="SET")
    if m["u"].lower() == "weekend":
        return _mk(m, "XXXX-WXX-WE", kind="SET")
    n = number_value(m["n"]) if m["n"] else 1
    if n is None:
        return None
    u = m["u"].lower()
    if u in _PART_OF_DAY:
        return _mk(m, f"XXXX-XX-XXT{_PART_OF_DAY[u]}", kind="SET")
    if u in SEASONS:
        return _mk(m, f"XXXX-{SEASONS[u]}", kind="SET")
    return _mk(m, duration(n, unit_code(u)), kind="SET")


def r_times_per(m: re.Match, ctx: Ctx) -> Cand | None:
    return _mk(m, duration(1, unit_code(m["u"])), kind="SET")


# ---------------------------------------------------------------------------- clock times
def r_clock(m: re.Match, ctx: Ctx) -> Cand | None:
    h = int(m["h"])
    mi = int(m["mi"] or 0)
    ap = (m.groupdict().get("ap") or "").lower().replace(".", "")
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap == "pm" else 0)
    elif not m["mi"] or h > 23:
        return None
    if mi > 59:
        return None
    day = ctx.anchor.isoformat() if ctx.anchor else "XXXX-XX-XX"
    return _mk(m, f"{day}T{h:02d}:{mi:02d}", kind="TIME", anchored=ctx.anchor is not None)


def r_noon(m: re.Match, ctx: Ctx) -> Cand | None:
    if _title_case_name(m, ctx):
        return None          # "Jamie Noon"
    day = ctx.anchor.isoformat() if ctx.anchor else "XXXX-XX-XX"
    return _mk(m, f"{day}T{'12:00' if m[0].lower() == 'noon' else '24:00'}", kind="TIME",
               anchored=ctx.anchor is not None)


# ------------------------------------------------------------------------------ the table
_ORD_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
_TZ = r"(?:\s*\(?(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT|JST|IST)\)?)?"
_PART = "|".join(_PART_OF_DAY)      # morning|afternoon|evening|night

RULES: list[tuple[re.Pattern, Callable[[re.Match, Ctx], Cand | None]]] = [
    (re.compile(rf"{_B}(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH_ANY})"
                rf"(?:,?\s+(?P<y>{YEAR}))?{_E}", F), r_dmy),
    (re.compile(rf"{_B}(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH_ANY})\s+(?P<d>{DAY})(?!\d)"
                rf"(?:,?\s+(?P<y>{YEAR}))?{_E}", F), r_mdy),
    (re.compile(rf"{_B}(?P<mon>{MONTH_ANY})\s+(?P<d1>{DAY})\s*(?:-|–|to|through|and)\s*"
                rf"(?P<d2>{DAY})(?:,?\s+(?P<y>{YEAR}))?{_E}", F), r_day_range),
    (re.compile(rf"{_B}(?P<y>\d{{4}})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})(?!\d)"), r_iso),
    (re.compile(rf"{_B}(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{YEAR}){_E}"),
     r_numeric),
    (re.compile(rf"{_B}(?P<mon>{MONTH_ANY}),?\s+(?:of\s+)?(?P<y>{YEAR}){_E}", F), r_month_year),
    (re.compile(rf"\b(?:(?P<q>last|next|this)\s+)?(?P<mon>{MONTH_FULL})(?![\w'’-])", F),
     r_month_alone),
    (re.compile(rf"\b(?:from\s+|between\s+)?(?P<m1>{MONTH_FULL})\s+(?:to|through|until|and|-|–)"
                rf"\s+(?P<m2>{MONTH_FULL})(?:,?\s+(?P<y>{YEAR}))?{_E}", F), r_month_range),
    (re.compile(rf"{_BY}(?P<y>{YEAR}){_E}(?!\s*[-–]\s*\d)(?!['’]?s\b)"), r_year),
    (re.compile(rf"{_BY}(?P<pre>(?:from|between)\s+)?(?P<y1>{YEAR})\s*(?P<conn>[-–]|\bto\b"
                rf"|\band\b|\bthrough\b|\buntil\b)\s*(?P<y2>\d{{4}}|\d{{2}}){_E}", F),
     r_year_range),
    (re.compile(rf"(?<![\w'’])(?:the\s+)?(?P<dec>{DECADE})(?![\w'’])", F), r_decade),
    (re.compile(rf"(?<![\w'’])(?:from\s+|between\s+)?(?:the\s+)?(?P<d1>{DECADE})\s+"
                rf"(?:and|to|through|until|into)\s+(?:the\s+)?(?:early\s+|mid-?|late\s+)?"
                rf"(?P<d2>{DECADE})(?![\w'’])", F), r_decade_range),
    (re.compile(rf"\b(?:the\s+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{_ORD_WORDS})[\s-]+century\b", F),
     r_century),
    (re.compile(r"\b(?:the\s+day\s+(?:before|after)\s+)(?P<w>yesterday|tomorrow)\b", F),
     r_day_before),
    (re.compile(rf"\b(?P<w>yesterday|today|tomorrow|tonight)(?:\s+(?P<part>{_PART}))?\b"
                r"(?!['’]s\b)", F), r_dayword),
    (re.compile(rf"\b(?P<q>this|last)\s+(?P<part>{_PART})\b", F), r_this_part),
    (re.compile(r"\b(?P<the>the\s+)?(?P<q>last|past|previous|this|current|next|coming)\s+"
                r"(?P<u>week|weekend|month|year|decade|century|quarter)\b(?![\w'’-])", F),
     r_qual_unit),
    (re.compile(r"\bthe\s+weekend\b(?!['’]s)", F), r_the_weekend),
    (re.compile(r"\bthe\s+(?P<q>following|next|previous|preceding|prior|same)\s+"
                r"(?P<u>day|week|month|year)\b(?![\w'’-])", F), r_ref_unit),
    (re.compile(rf"\b(?:(?P<n>{NUMBER})\s+)?(?P<u>{UNIT})\s+(?:ago|back)\b(?!\s+(?:to|in|on|"
                r"from|into)\b)", F), r_ago),
    (re.compile(rf"\b(?P<n>{NUMBER})\s+(?P<u>{UNIT})\s+(?P<dir>earlier|later)\b", F), r_later),
    (re.compile(rf"\b(?:(?P<q>last|next|this)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>{_PART}))?"
                r"(?!\w)", F), r_weekday),
    (re.compile(rf"\b(?:on\s+)?(?P<wd>{WEEKDAY})s\b", F), r_weekday_set),
    (re.compile(rf"\b(?:(?P<q>last|this|next)\s+|the\s+)?(?P<s>spring|summer|autumn|fall|winter)"
                rf"(?:\s+(?:of\s+)?(?P<y>{YEAR}))?{_E}", F), r_season),
    (re.compile(rf"\b(?:the\s+)?(?P<qn>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
                rf"\s+quarter(?:\s+of\s+(?P<y>{YEAR}))?\b|\bQ(?P<qd>[1-4])\s+(?P<y2>{YEAR})\b",
                F), r_quarter),
    (re.compile(rf"\b(?P<h>(?-i:Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day"
                rf"|New\s+Year['’]s\s+(?:Day|Eve)|Valentine['’]s\s+Day|Halloween))"
                rf"(?:,?\s+(?P<y>{YEAR}))?{_E}", F),
     r_holiday),
    (re.compile(r"\bthe\s+(?P<h>first|second|latter)\s+half\s+of\s+(?:the|this)\s+year\b", F),
     r_half_year),
    (re.compile(r"\bthe\s+(?:very\s+)?(?P<p>end|close|beginning|start|middle)\s+of\s+(?:the|this)"
                r"\s+(?P<u>year|month|week|decade)\b", F), r_part_of_unit),
    (re.compile(rf"\b(?:the\s+)?(?:past|last|previous|next|coming|first|final)\s+(?P<n>{NUMBER})"
                rf"\s+(?P<u>{UNIT})\b", F), r_past_n),
    (re.compile(rf"\b(?P<n>{NUMBER})[\s-]+(?:(?:consecutive|straight|successive|full|whole|more"
                rf"|further|additional|long)\s+)?(?P<u>{UNIT})(?![\w-])", F), r_duration),
    (re.compile(rf"\b(?:(?P<n>{NUMBER})-)?(?P<u>second|minute|hour|day|week|month|year|decade"
                rf"|century)-(?:long|old)\b|\b(?P<n2>{NUMBER})-(?P<u2>day|week|month|year|hour"
                rf"|minute|decade)(?=\s+[a-z])", F), r_duration_adj),
    (re.compile(r"\b(?:(?:for|after|within|over|in)\s+(?P<u>years|decades|months|weeks|days"
                r"|centuries)|(?P<u2>years|decades|months|weeks)(?=\s+(?:after|before|later"
                r"|earlier|of)\b))\b", F),
     r_vague_duration),
    (re.compile(r"\b(?:annually|yearly|monthly|weekly|daily|hourly|quarterly|biannually|nightly"
                r"|fortnightly)\b", F), r_set_word),
    (re.compile(rf"\b(?:every|each)\s+(?:(?P<wd>{WEEKDAY})|(?:(?P<n>{NUMBER})\s+)?(?P<u>{UNIT}"
                r"|weekend|morning|afternoon|evening|night|spring|summer|autumn|winter))\b", F),
     r_every),
    (re.compile(r"\b(?:once|twice|three\s+times|four\s+times|\d+\s+times|several\s+times)\s+"
                r"(?:a|per|each)\s+(?P<u>day|week|month|year|decade)\b", F), r_times_per),
    (re.compile(r"\bper\s+(?P<u>second|minute|hour|day|week|month|year)\b", F), r_times_per),
    (re.compile(r"\ban?\s+(?P<u>hour|day|week|month|year)\b(?!\s+(?:earlier|later|ago|before"
                r"|after|or|and|of|in|to|from|when|that|since|long)\b|[-'’])", F), r_per_unit),
    (re.compile(rf"{_B}(?P<h>\d{{1,2}})(?::(?P<mi>\d{{2}}))?\s*(?P<ap>(?-i:a\.m\.|p\.m\.|am|pm|AM"
                rf"|PM|a\.m|p\.m)){_TZ}(?![\w])", F), r_clock),
    (re.compile(rf"(?<=\bat\s)(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d){_TZ}(?![\w:])", F), r_clock),
    (re.compile(r"(?<![\w.,])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*"
                r"(?-i:GMT|BST|UTC|CET|EST|EDT)\b"),
     r_clock),
    (re.compile(r"\b(?:noon|midnight)\b", F), r_noon),
]
for _ref, _pat in _VAGUE.items():
    RULES.append((re.compile(rf"\b(?:{_pat})\b", F), r_vague(_ref)))


# Speed: a rule runs only in windows around its trigger tokens (found in one pass over the
# text's words and numbers), wide enough to hold any of its matches; a match found in a window
# is re-made on the whole text so look-aheads see past the window's end.
# Per rule: (trigger words, special triggers, chars before, chars after).
_UNIT_WORDS = frozenset("second seconds minute minutes hour hours day days week weeks fortnight "
                        "fortnights month months year years decade decades century "
                        "centuries".split())
_W = lambda s: frozenset(s.split())  # noqa: E731
_NONE: frozenset[str] = frozenset()
TRIGGERS: list[tuple[frozenset[str], str, int, int]] = [
    (_NONE, "MONTH", 45, 30), (_NONE, "MONTH", 45, 30), (_NONE, "MONTH", 45, 30),
    (_NONE, "DIGIT-", 2, 12), (_NONE, "DIGIT/", 6, 12),
    (_NONE, "MONTH", 45, 30), (_NONE, "MONTH", 45, 30), (_NONE, "MONTH", 45, 30),
    (_NONE, "YEAR", 25, 25), (_NONE, "YEAR", 12, 25),
    (frozenset(DECADE_WORDS), "DECADE", 70, 50), (frozenset(DECADE_WORDS), "DECADE", 70, 50),
    (_NONE, "CENTURY", 35, 12),
    (_W("yesterday tomorrow"), "", 25, 5),
    (_W("yesterday today tomorrow tonight"), "", 2, 20),
    (_W("morning afternoon evening night"), "", 10, 12),
    (_W("week weekend month year decade century quarter"), "", 30, 12),
    (_W("weekend"), "", 6, 3),
    (_W("day week month year"), "", 25, 8),
    (_W("ago back"), "", 45, 5),
    (_W("earlier later"), "", 45, 10),
    (_NONE, "WEEKDAY", 12, 25), (_NONE, "WEEKDAY", 12, 25),
    (_W("spring summer autumn fall winter"), "", 15, 20),
    (_W("quarter q"), "", 25, 20),
    (_W("christmas boxing new valentine halloween"), "", 2, 25),
    (_W("year"), "", 40, 3),
    (_W("year month week decade"), "", 35, 5),
    (_UNIT_WORDS, "", 45, 12), (_UNIT_WORDS, "", 45, 12), (_UNIT_WORDS, "", 30, 12),
    (_W("years decades months weeks days centuries"), "", 14, 12),
    (frozenset(_SET_WORD), "", 2, 3),
    (_W("every each"), "", 2, 45),
    (_W("day week month year decade"), "", 30, 8),
    (_W("per"), "", 2, 12),
    (_W("hour day week month year"), "", 3, 3),
    (_W("am pm m"), "", 12, 12),
    (_NONE, "DIGIT:", 8, 25),
    (_W("gmt bst utc cet est edt"), "", 8, 2),
    (_W("noon midnight"), "", 2, 10),
    (_W("recent recently lately previous previously formerly past ago other"), "", 25, 25),
    (_W("now currently present presently nowadays these moment time far"), "", 20, 25),
    (_W("future soon shortly coming ahead come next course"), "", 40, 25),
]
assert len(TRIGGERS) == len(RULES), (len(TRIGGERS), len(RULES))
_BY_WORD: dict[str, list[int]] = {}
_BY_SPECIAL: dict[str, list[int]] = {}
for _i, (_words, _special, _, _) in enumerate(TRIGGERS):
    for _w in _words:
        _BY_WORD.setdefault(_w, []).append(_i)
    if _special:
        _BY_SPECIAL.setdefault(_special, []).append(_i)
_MONTH_KEYS = frozenset(MONTHS)


_TOKEN = re.compile(r"[A-Za-z]+|\d+")


def _triggers(text: str) -> dict[int, list[tuple[int, int]]]:
    """For each rule, the spans of its trigger tokens in ``text``."""
    hits: dict[int, list[tuple[int, int]]] = {}
    special = _BY_SPECIAL
    for m in _TOKEN.finditer(text):
        t = m.group()
        s, e = m.span()
        keys: list[int] = []
        if t[0].isdigit():
            nxt = text[e:e + 1]
            if len(t) == 4 and "1500" <= t <= "2099":
                keys += special["YEAR"]
            if nxt and nxt in "-/.:" and text[e + 1:e + 2].isdigit():
                keys += special[{"-": "DIGIT-", "/": "DIGIT/", ".": "DIGIT/", ":": "DIGIT:"}[nxt]]
            if t.endswith("0") and (nxt == "s" or text[e:e + 2] in ("'s", "’s")):
                keys += special["DECADE"]
        else:
            key = t.lower()
            keys += _BY_WORD.get(key, ())
            if t[0].isupper():
                if key in _MONTH_KEYS:
                    keys += special["MONTH"]
                elif key in WEEKDAYS or key[:-1] in WEEKDAYS:
                    keys += special["WEEKDAY"]
            if key.startswith("centur"):
                keys += special["CENTURY"]
        for k in keys:
            hits.setdefault(k, []).append((s, e))
    return hits


def _matches(pattern: re.Pattern, spans: list[tuple[int, int]], before: int, after: int,
             text: str) -> Iterator[re.Match]:
    n = len(text)
    windows: list[list[int]] = []
    for s, e in spans:
        a, b = max(0, s - before), min(n, e + after)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    seen: set[int] = set()
    for a, b in windows:
        for m in pattern.finditer(text, a, b):
            if m.start() in seen:
                continue
            seen.add(m.start())
            if m.end() + 12 <= b or b == n:
                yield m          # its look-aheads saw the real text: no need to re-match
                continue
            full = pattern.match(text, m.start())
            if full is not None:
                yield full


def candidates(ctx: Ctx) -> Iterator[Cand]:
    hits = _triggers(ctx.text)
    for i, spans in sorted(hits.items()):
        pattern, rule = RULES[i]
        before, after = TRIGGERS[i][2], TRIGGERS[i][3]
        for m in _matches(pattern, spans, before, after, ctx.text):
            try:
                c = rule(m, ctx)
            except (ValueError, KeyError, OverflowError, TypeError):
                c = None    # a malformed match is no time expression, never a crash
            if c is not None and c.end > c.start:
                yield c
