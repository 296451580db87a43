"""Publication dates found in the body text itself.

Two questions, asked when the container and the HTML metadata gave no date:

* :func:`date_from_text`: does the body *state* its date? Only where articles do: a
  dateline opening the first paragraph ("WASHINGTON, Sept. 19 (Reuters) -") or a
  "Published/Updated/Posted" line, or a bare date line, at the start or the end of the body.
  A date in the middle of the prose is about the events, not the article, and is ignored.
* :func:`infer_date_bound`: failing that, what can be inferred? The article was written no
  earlier than the latest past date it mentions, so that date is a lower bound. It is kept
  apart (``Article.published_not_before``) and never stands in for the publication date.

Nothing here reads the clock: the result for a text is the same on any day. A date past
:data:`HORIZON` is taken for a typo, never for a publication date.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["date_from_text", "infer_date_bound", "parse_date"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

# Textual dates: "March 3, 2024", "3 March 2024", "Sept. 19" (year optional), ISO dates.
_MDY = re.compile(_WEEKDAY + _MON + r"\s+" + _DAY + r"(?:(?:,\s*|\s+)" + _YEAR + r")?\b", re.I)
_DMY = re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MON + r"(?:,?\s+" + _YEAR + r")?\b", re.I)
_ISO = re.compile(r"\b" + _YEAR + r"-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
_SLASH = re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.]" + _YEAR + r"\b")

# "Published: 3 March 2024", "Updated 19 September 2023", "Posted on ...", "First published".
_STAMP = re.compile(
    r"^\W*(?P<kind>(?:first |originally )?published|posted|updated|last updated|last modified|"
    r"modified|date|dated|released)\b(?:\s+(?:on|at))?\s*:?\s*(?P<rest>.{4,80})$", re.I)
# A dateline: place in capitals (optionally with a region), the date, an agency, a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'\-]{1,40}(?:,\s*[A-Z][A-Za-z .'\-]{1,30})?)\s*[,(]\s*(?P<rest>.{3,40}?)"
    r"\s*(?:\((?:[A-Z][\w .&-]{1,20})\)\s*)?[-–—:]")


#: The latest date accepted as real (a fixed bound, not today: output never depends on the day
#: it is computed).
HORIZON = _dt.date(2100, 12, 31)


def _mkdate(year: int | None, month: int, day: int) -> _dt.date | None:
    if year is None:
        return None
    try:
        d = _dt.date(year, month, day)
    except ValueError:
        return None
    return d if _dt.date(1800, 1, 1) <= d <= HORIZON else None


def _from_match(m: re.Match, default_year: int | None) -> _dt.date | None:
    gd = m.groupdict()
    mon = gd.get("mon")
    month = int(mon) if mon and mon.isdigit() else _MONTHS.get((mon or "").lower().rstrip("."))
    if not month:
        return None
    year = int(gd["year"]) if gd.get("year") else default_year
    return _mkdate(year, month, int(gd["day"]))


def parse_date(s: str, default_year: int | None = None) -> _dt.date | None:
    """The first date written in ``s`` (textual, ISO or d/m/y with day > 12), or None."""
    best: tuple[int, _dt.date] | None = None
    for rx in (_ISO, _MDY, _DMY):
        for m in rx.finditer(s):
            d = _from_match(m, default_year)
            if d and (best is None or m.start() < best[0]):
                best = (m.start(), d)
            break
    if best:
        return best[1]
    m = _SLASH.search(s)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        # Only unambiguous numeric dates: one field must be a day above 12.
        if a > 12 >= b:
            return _mkdate(y, b, a)
        if b > 12 >= a:
            return _mkdate(y, a, b)
    return None


# A year standing alone ("in 2019", "2019's"), not part of a longer number or a decimal.
_YEAR_MENTION = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")


# Words before a year or date that make it a deadline or plan, not something already past.
_FUTURE_CUE = re.compile(
    r"(?:\b(?:by|until|till|through|before)(?:\s+(?:the\s+)?(?:end|start|middle)\s+of)?\s+$|"
    r"\b(?:target(?:s|ed)?|goal|plans?|planned|expected|due|will|scheduled|forecast|projected|"
    r"aims?)\W+(?:\w+\W+){0,3}$)", re.I)


def _past_mentions(text: str, start: int) -> bool:
    return not _FUTURE_CUE.search(text[max(0, start - 40):start])


def _edge_lines(text: str, n: int = 3) -> tuple[list[str], list[str]]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[:n], lines[-n:] if len(lines) > n else []


def date_from_text(text: str, title: str | None = None) -> str | None:
    """Publication date stated at the start or end of a body, as YYYY-MM-DD, or None.

    Recognised: a dateline opening the body ("LONDON, March 3, 2024 (Reuters) -"), a
    "Published/Updated/Posted ..." line, or a line that is nothing but a date, within the
    first or last three lines. ``title`` may carry the date too (some feeds put it there).
    A dateline without a year ("PARIS, June 12 (AFP) -") dates nothing: the year would be a
    guess from the years the text mentions, and a guessed date would anchor every relative
    expression of the article.
    """
    if not text:
        return None
    head, tail = _edge_lines(text)
    # A stamp line saying "published" wins over one saying "updated".
    stamps: list[tuple[int, _dt.date]] = []
    for line in head + tail:
        m = _STAMP.match(line)
        if m:
            d = parse_date(m.group("rest"))
            if d:
                kind = m.group("kind").lower()
                stamps.append((0 if "publish" in kind or "posted" in kind or kind.startswith("date")
                               or kind == "released" else 1, d))
    if stamps:
        return min(stamps, key=lambda x: x[0])[1].isoformat()
    if head:
        m = _DATELINE.match(head[0])
        if m:
            d = parse_date(m.group("rest"))
            if d:
                return d.isoformat()
    for line in head + tail:
        if len(line) <= 40:
            d = parse_date(line)
            if d and _is_bare_date(line):
                return d.isoformat()
    if title:
        m = re.search(r"[(\[|–-]\s*(.{6,30}?)\s*[)\]]?\s*$", title)
        if m:
            d = parse_date(m.group(1))
            if d:
                return d.isoformat()
    return None


def _is_bare_date(line: str) -> bool:
    """The line holds a date and little else (a weekday, a time, a place)."""
    rest = _MDY.sub(" ", line)
    rest = _DMY.sub(" ", rest)
    rest = _ISO.sub(" ", rest)
    rest = _SLASH.sub(" ", rest)
    rest = re.sub(r"\b\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?\b", " ", rest, flags=re.I)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 2


def infer_date_bound(text: str) -> str | None:
    """A "not before" date inferred from the content, as YYYY-MM-DD, or None.

    An article cannot have been written before the latest past date it mentions. That is the
    latest full date in the text, or, when the text names only years, the first of January of
    the latest year mentioned. Dates written as deadlines or plans ("by 2025", "expected in
    March 2024") are not evidence and are skipped. It is a lower bound, not the publication
    date: callers store it as ``published_not_before`` and anchor nothing on it.
    """
    if not text:
        return None
    best: _dt.date | None = None
    for rx in (_ISO, _MDY, _DMY):
        for m in rx.finditer(text):
            if not m.groupdict().get("year") or not _past_mentions(text, m.start()):
                continue
            d = _from_match(m, None)
            if d and (best is None or d > best):
                best = d
    years = [int(m.group(1)) for m in _YEAR_MENTION.finditer(text)
             if 1900 <= int(m.group(1)) <= HORIZON.year and _past_mentions(text, m.start())]
    if years:
        y = _dt.date(max(years), 1, 1)
        if best is None or y > best:
            best = y
    return best.isoformat() if best else None
