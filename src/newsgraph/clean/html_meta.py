"""An HTML page's headline and publication date, from its metadata and what it prints.

Title: the headline the page prints (an ``<h1>``) when it agrees with the page's metadata
title (``og:title``, JSON-LD ``headline``, ``<title>``); else the metadata title, with site
names and dates cut off its ends ("... | DW | 19.01.2020", "... - WSJ") and never a title
that is only the site's name (a CMS puts the site name in the first ``<h1>`` of many pages).

Date: htmldate reads the metadata (JSON-LD, ``article:published_time``, the URL), which often
holds a UTC timestamp: an article posted at 9 pm in New York is dated the next day. The date
line the page prints by its headline or byline is in the publisher's own time, so when it
is within a day of the metadata date it wins; an "Updated" line only says the article is no
later than that. A full date in the URL path ("/2019/nov/18/") beats a metadata date more
than a day away from it.
"""

from __future__ import annotations

import datetime as _dt
import html as _htmlmod
import json
import re
import unicodedata
from typing import Any, Iterable
from urllib.parse import urlsplit

from .metadata import parse_date

__all__ = ["choose_date", "choose_title", "date_lines", "url_date"]

_WS = re.compile(r"\s+")
# " | ", " - ", " – ", " — ", " :: ", " · ", " / " between the headline and the site's name
_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|»)\s+")
_DATE_PART = re.compile(r"^[\d\s./-]+$")
_SECTION_WORDS = frozenset("opinion editorial analysis comment review news live video "
                           "podcast blog column letters breaking exclusive".split())


def _clean(s: Any) -> str:
    return _WS.sub(" ", _htmlmod.unescape(s)).strip() if isinstance(s, str) else ""


def _key(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    s = s.translate(str.maketrans("‘’‚‛“”„«»–—…", "''''\"\"\"\"\"--.", ""))
    return re.sub(r"[\W_]+", "", s)


def _meta(tree, *names: str) -> list[str]:
    out = []
    for el in tree.iter("meta"):
        k = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if k in names:
            v = _clean(el.get("content"))
            if v:
                out.append(v)
    return out


def _ld_objects(tree) -> Iterable[dict]:
    for el in tree.iter("script"):
        if "ld+json" not in (el.get("type") or "").lower():
            continue
        try:
            data = json.loads(el.text or "")
        except (ValueError, RecursionError):
            continue  # a broken JSON-LD block is skipped: the other sources still count
        stack = [data]
        while stack:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                yield x
                stack.extend(v for k, v in x.items() if k == "@graph")


def _site_names(tree, url: str | None, sitename: str | None) -> set[str]:
    names = {sitename or ""}
    names.update(_meta(tree, "og:site_name", "application-name", "twitter:site"))
    for obj in _ld_objects(tree):
        pub = obj.get("publisher")
        if isinstance(pub, dict):
            names.add(_clean(pub.get("name")))
    host = urlsplit(url or "").hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "blog", "news")]
    if len(parts) >= 2:
        names.add(parts[-2] if len(parts[-1]) <= 3 else parts[-2])
        names.add("".join(parts[:-1]))
    # (a long "name" is some page's own title filed under a site field)
    keys = {_key(n.lstrip("@")) for n in names if n and len(n.split()) <= 5}
    return {k for k in keys if len(k) >= 2}


def _is_site(seg: str, sites: set[str]) -> bool:
    k = _key(seg)
    if not k:
        return True
    if _DATE_PART.match(seg):
        return True           # "19.01.2020" in "Title | DW | 19.01.2020"
    return any(k == s or (len(s) >= 4 and (k.startswith(s) or s.startswith(k))
                          and len(seg.split()) <= 4) for s in sites)


def strip_site(title: str, sites: set[str]) -> str:
    """``title`` without site names, dates and section labels at its ends."""
    parts = _SEP.split(title)
    seps = _SEP.findall(title)
    # from the end: "Headline | Section | Site | date"
    while len(parts) > 1 and (_is_site(parts[-1], sites) or (
            len(parts) > 2 and _key(parts[-1]) in _SECTION_WORDS)):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and (_is_site(parts[0], sites) or _key(parts[0]) in _SECTION_WORDS):
        parts.pop(0)
        seps.pop(0)
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    # "Opinion | ..." with the label alone before a separator
    return out.strip()


def choose_title(tree, url: str | None, meta_title: str | None, sitename: str | None
                 ) -> str | None:
    """The page's headline (see the module's docstring)."""
    sites = _site_names(tree, url, sitename)
    metas = _meta(tree, "og:title", "twitter:title")
    metas += [_clean(o.get("headline")) for o in _ld_objects(tree) if o.get("headline")]
    raw_title = ""
    for el in tree.iter("title"):
        raw_title = _clean(el.text_content())
        break
    if len(raw_title) > 300 or "<" in raw_title:   # an unclosed <title> swallowed the page
        raw_title = ""
    if raw_title:
        metas.append(raw_title)
    metas = [m for m in metas if 0 < len(m) <= 400]
    h1s = []
    for el in tree.iter("h1"):
        t = _WS.sub(" ", el.text_content()).strip()
        if t and len(t) <= 400:
            h1s.append(t)
    # (site names are also what a CMS prints in its logo <h1>)
    h1s = [h for h in h1s if not _is_site(h, sites)]
    cleaned = [strip_site(m, sites) for m in metas]
    cleaned = [c for c in cleaned if c and not _is_site(c, sites)]
    mkeys = [_key(m) for m in metas] + [_key(c) for c in cleaned]
    # The printed headline when the metadata says the same (a whole title, or one segment of
    # "Section | Headline | Site").
    for h in h1s:
        k = _key(h)
        if len(k) >= 3 and (k in mkeys or _segment_of(h, metas, sites)):
            return h
    if cleaned:
        return cleaned[0]
    if h1s:
        return h1s[0]
    # trafilatura's guess (it reads further markup) when the page has none of the above
    return strip_site(meta_title, sites) if meta_title else None


def _segment_of(h1: str, metas: list[str], sites: set[str]) -> bool:
    """``h1`` is one segment of a metadata title, the rest being site names, section labels
    or dates ("Opinion | <h1>", "The Space Review: <h1>", "<h1> - BBC News")."""
    k = _key(h1)
    for m in metas:
        if any(_key(seg) == k for seg in _SEP.split(m)):
            return True
        i = m.find(h1)
        if i >= 0 and (i == 0 or i + len(h1) == len(m)):
            rest = (m[:i] + " " + m[i + len(h1):]).strip(" :|-–—·•/»")
            # a site name (known, or short and shorter than the headline), a section, a date
            n = len(rest.split())
            if rest and (_is_site(rest, sites) or _key(rest) in _SECTION_WORDS
                         or n <= min(5, len(h1.split()) - 1)):
                return True
    return False


# ---------------------------------------------------------------------------- dates
_UPDATED = re.compile(r"\b(?:updated|modified|last\s+updated|edited|aktualisiert|actualizado|"
                      r"mis\s+à\s+jour)\b", re.I)
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|dated?)\b", re.I)
_LABEL_ONLY = re.compile(r"^\W*(?:published|posted|updated|last updated|modified|on|date)\W*$",
                         re.I)
_URL_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)", re.I)
#: Lines looked at around the headline; a date line longer than this is prose (a caption).
REACH, DATE_LINE_WORDS = 14, 20


def url_date(url: str | None) -> _dt.date | None:
    """A full date in the URL's path ("/2019/11/18/", "/2019/nov/18/", "/2019-11-19/")."""
    path = urlsplit(url or "").path
    m = _URL_DATE.search(path)
    if not m:
        return None
    mon = m.group(2).lower()
    month = int(mon) if mon.isdigit() else _URL_MONTHS[mon]
    try:
        return _dt.date(int(m.group(1)), month, int(m.group(3)))
    except ValueError:
        return None


def date_lines(lines: list[str], headline: str | None, body_start: str | None
               ) -> tuple[_dt.date | None, _dt.date | None]:
    """(published, updated): the date lines printed by the headline, above the body.

    ``lines`` is the page's text, one block a line. Looked at, nearest first: the lines below
    the headline (up to ``REACH``, and not past the body's first paragraph), then a
    "Published ..." stamp in the two above it; without a headline close above the body, the
    lines just above the body.
    """
    hkey = _key(headline or "")
    bkey = _key(body_start or "")[:40]
    b = next((i for i, ln in enumerate(lines) if bkey and _key(ln).startswith(bkey)), None)
    # the headline printed last before the body (menus and teaser lists repeat headlines)
    heads = [i for i, ln in enumerate(lines[:b]) if hkey and _key(ln) == hkey]
    h = heads[-1] if heads else None
    if h is None and b is None:
        return None, None
    if h is not None:
        # below the headline first; the two lines above it only when nothing is below
        # (into the body's first lines too, up to its first paragraph of prose: a standfirst
        # kept as body may sit above the byline)
        order = []
        for i in range(h + 1, min(len(lines), h + REACH)):
            if b is not None and i >= b and len(lines[i].split()) > DATE_LINE_WORDS:
                break
            order.append(i)
        # above the headline only a labelled stamp: a bare date there is often the
        # masthead's (the day the page was fetched)
        order += [i for i in (h - 1, h - 2) if i >= 0 and _PUBLISHED.search(lines[i])]
    else:
        order = []
    if b is not None and (h is None or b - h > REACH):
        # no headline close above the body: the byline block just above it, nearest first
        order += [i for i in range(b - 1, max(-1, b - REACH - 1), -1) if i not in order]
    published = updated = None
    for i in order:
        line = lines[i]
        if len(line.split()) > DATE_LINE_WORDS:
            continue
        d = parse_date(line)
        if d is None:
            continue
        label = lines[i - 1] if i > 0 and _LABEL_ONLY.match(lines[i - 1]) else ""
        first = _first_date_at(line)
        if _UPDATED.search(label) or _UPDATED.search(line[:first]):
            updated = updated or d
        else:
            published = published or d
    return published, updated


def _first_date_at(line: str) -> int:
    m = re.search(r"\d{4}|\d{1,2}\b", line)
    return m.start() if m else len(line)


def choose_date(meta: str | None, printed: tuple[_dt.date | None, _dt.date | None],
                url: str | None) -> str | None:
    """The publication date from the metadata's, the printed date lines' and the URL's."""
    published, updated = printed
    md = _dt.date.fromisoformat(meta) if meta else None
    ud = url_date(url)
    day = _dt.timedelta(days=1)
    if md is None:
        d = published or ud
    elif published is not None and abs(published - md) <= day:
        d = published
    elif published is None and updated is not None and md - updated == day:
        d = updated      # posted no later than it was updated: the metadata is a UTC stamp
    elif ud is not None and abs(ud - md) > day and (published is None or published == ud):
        d = ud
    else:
        d = md
    return d.isoformat() if d else None
