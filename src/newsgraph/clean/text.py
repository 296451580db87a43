"""Boilerplate removal for plain-text scrapes (a page saved as text, or HTML rendered to text).

How a line is judged (in the spirit of jusText and of body-text extraction by maximum
subsequence, re-implemented for lines of text rather than DOM blocks):

1. Each line gets a class from its own features: ``GOOD`` (prose: long, dense in function
   words or mostly lower-case words, sentence punctuation), ``NEAR`` (short prose), ``SHORT``
   (a label, a link, a heading) or ``BAD`` (a chrome cue: credit, share/subscribe line,
   copyright, address, date stamp, byline, a line repeated within the page or across the
   batch).
2. The body is the contiguous stretch of lines with the largest score (Kadane's algorithm,
   linear). Prose counts for its length, more when paragraphs follow one another (a lone
   paragraph between headlines is a teaser, between user names a comment); short lines and
   chrome count against; a date stamp, byline or "Comments" heading counts heavily against,
   since past the article's header each one opens another item.
3. The stretch is widened over adjacent prose, over a list printed at the article's own
   indentation, and over a table closing the text with no chrome after it; inside it only
   ``BAD`` lines and link-like list items are dropped, so that every body line (short
   paragraphs, subheadings, list items) stays.
4. The headline is a headline-like first line set above prose, or the headline-like line
   just above the body (not a menu item, not a date).

Every line not kept is returned in ``removed``, in page order, except the headline.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from . import patterns as P
from .stopwords import EN as STOPWORDS

GOOD, NEAR, SHORT, BAD, BLANK = "good", "near", "short", "bad", "blank"

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,:]*", re.U)
_BULLET = re.compile(r"^(?:[*+•·▪►▸‣◦●■□–—-]|\d{1,2}[.)])\s+")
# (closing quotation marks of several languages: ” ’ “ ‘ » « › ‹)
_SENT_END = re.compile(r"[.!?…][\"'”’“‘»«›‹)\]]*$")
_SENT_INSIDE = re.compile(r"\w[.!?][\"'”’“‘»«›‹]?\s+[\"'“‘„«»‹›(]?[A-Z0-9]")
_SPACES = re.compile(r"\s+")

#: A line longer than this many words is never judged chrome by a cue alone.
CUE_MAX_WORDS = 14
#: Promotions addressed to the reader are chrome up to this length.
PROMO_MAX_WORDS = 30


def line_key(line: str) -> str:
    """The form lines are compared on for repetition."""
    return _SPACES.sub(" ", line.strip().strip("*+•·-–— ")).casefold()


def looks_like_chrome_candidate(line: str) -> bool:
    """A line that may be counted as cross-page chrome: short, and not a sentence."""
    t = line.strip()
    if not t or len(t) > 120:
        return False
    ln = _features(t)
    return 0 < ln.n <= 12 and not (ln.n >= 6 and _SENT_END.search(ln.text))


@dataclass(slots=True)
class Line:
    raw: str
    text: str                 # stripped, bullet removed
    indent: int
    bullet: bool
    words: list[str]
    n: int = 0                # length in words; estimated from characters for unspaced scripts
    cls: str = BLANK
    why: str = ""
    isolated: bool = False    # blank lines on both sides: set out like a paragraph
    run: int = 0              # prose lines in the unbroken run of prose this line is part of
    stop: float = 0.0         # share of function words
    lower: float = 0.0        # share of words not capitalised


@dataclass(slots=True)
class Cleaned:
    body: str
    removed: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    stamps: list[str] = field(default_factory=list)  # date/byline lines just above the body


def _features(raw: str) -> Line:
    stripped = raw.strip()
    indent = len(raw) - len(raw.lstrip())
    m = _BULLET.match(stripped)
    text = stripped[m.end():] if m else stripped
    words = _WORD.findall(text)
    # Scripts written without spaces (CJK) put a sentence in one "word": count characters.
    size = max(len(words), len(text) // 5) if any(len(w) > 15 for w in words) else len(words)
    return Line(raw, text, indent, bool(m), words, size)


def _prose_stats(ln: Line) -> tuple[float, float]:
    """(share of function words, share of words starting lower-case) over alphabetic words."""
    alpha = [w for w in ln.words if w[0].isalpha()]
    if not alpha:
        return 0.0, 0.0
    stop = sum(1 for w in alpha if w.casefold() in STOPWORDS)
    # Caseless scripts (Korean, Chinese, Arabic...) count as lower-case: only capitals mark labels.
    lower = sum(1 for w in alpha if not w[0].isupper())
    return stop / len(alpha), lower / len(alpha)


def _cue(ln: Line) -> str:
    """The name of the chrome cue a short line shows, or ''."""
    t = ln.text
    if P.CREDIT.search(t) and ln.n <= 60:
        # A credit ends a caption, which may be long; in prose "photo by" is rare and
        # sentence-like lines with a credit are still captions on news pages.
        return "credit"
    # (A quotation mark means someone is being quoted: that is reporting, not a promotion.)
    if ln.n <= PROMO_MAX_WORDS and P.PROMO_WORD.search(t) and P.READER.search(t) \
            and not any(q in t for q in '"“”'):
        return "promo"
    social = len(P.SOCIAL.findall(t)) if ln.n <= PROMO_MAX_WORDS else 0
    if social >= 2 and (P.UI_STRONG.match(t) or P.UI_WEAK.match(t) or social >= 0.4 * ln.n):
        return "ui"  # "Follow us on Facebook, Twitter and Instagram"; a row of share buttons
    if ln.n > CUE_MAX_WORDS:
        return ""
    if P.COPYRIGHT.search(t):
        return "copyright"
    if P.STREET.match(t) or P.CITY_ZIP.match(t) or P.CONTACT.match(t) or P.POSTCODE_UK.match(t):
        return "address"
    if P.DATESTAMP.match(t) or P.TIME_AGO.match(t) or P.READ_TIME.match(t):
        return "date"
    # ("Name (@handle) May 2, 2019" signs an embedded post, which is part of the article.)
    if ln.n <= 12 and P.DATE_IN.search(t) and not _SENT_END.search(t) \
            and ln.stop < 0.35 and "(@" not in t:
        return "date"
    if P.BYLINE.match(t) and (ln.n <= 10 or P.DATE_IN.search(t)):
        return "byline"
    if ln.n <= 8 and P.SECTION.match(t) and not _SENT_END.search(t.rstrip(":")):
        return "section"
    if ln.n <= 10 and P.LINK_BOX.match(t) and not _SENT_END.search(t):
        return "ui"
    if ln.n <= 8 and not _SENT_END.search(t):
        if P.UI_STRONG.match(t):
            return "ui"
        if P.UI_WEAK.match(t) and t[:1].isupper() and (ln.n <= 3 or ln.stop < 0.3):
            return "ui"
    if ln.n <= 4 and P.UI_ANY.search(t) and not _SENT_END.search(t):
        return "ui"
    return ""


def classify(ln: Line, repeated_page: Counter, repeated_batch: frozenset[str]) -> None:
    if not ln.text or not ln.words:
        ln.cls = BLANK if not ln.text else SHORT
        if ln.text:
            ln.why = "symbols"
        return
    stop, lower = ln.stop, ln.lower = _prose_stats(ln)
    n = ln.n
    ends = bool(_SENT_END.search(ln.text))
    prose = (stop >= 0.2 or lower >= 0.6)
    # (Long and unfinished counts only with inner punctuation: a tag cloud has none.)
    if n >= 10 and prose and (ends or _SENT_INSIDE.search(ln.text) or (
            n >= GOOD_UNENDED and any(c in ln.text for c in ",;:"))):
        ln.cls = GOOD
    elif n >= 4 and prose and (ends or stop >= 0.3):
        ln.cls = NEAR
    else:
        ln.cls = SHORT
    cue = _cue(ln)
    if cue:
        ln.cls, ln.why = BAD, cue
        return
    if ln.cls != GOOD:
        # Chrome repeated on a page or across pages comes in packed blocks (menus, an
        # address printed twice); a short line set out as its own paragraph and repeated
        # ("Winners meet in final match" under each fixture) is the article's.
        if ln.isolated:
            return
        key = line_key(ln.text)
        if repeated_page[key] > 1:
            ln.cls, ln.why = BAD, "repeated"
        elif key in repeated_batch:
            ln.cls, ln.why = BAD, "batch-repeated"


# Weights of the stretch score, set on the development half of the extraction benchmark
# (eval/clean.py reports the held-out half). A prose line counts its length in characters.
#: Prose lines needed in an unbroken run before each counts in full.
RUN_FULL = 4
#: Share of its length that a finished short prose line counts.
W_NEAR = 0.3
#: Cost of a short non-prose line; of a bulleted one (extra); of one set apart by blank lines.
W_SHORT, W_BULLET, W_ISOLATED = 25.0, 15.0, 5.0
#: Cost of a chrome line; of a date stamp, byline or tail heading (comments, tags).
W_BAD, W_SEPARATOR = 40.0, 300.0
SEPARATORS = frozenset({"date", "byline", "section"})
#: A prose line this long is a paragraph even without a full stop.
GOOD_UNENDED = 25
#: A bulleted title-case item of at most this many words inside the body is a link.
LINK_MAX_WORDS = 4
#: Most lines a closing table or list (after the last paragraph) may have.
TAIL_MAX_LINES = 200
#: A text of at most this many lines, none of them chrome, is kept whole even without prose.
SHORT_TEXT_LINES = 3
#: How far above the body a date stamp or byline still belongs to the article's header.
STAMP_REACH = 12


def _weight(ln: Line) -> float:
    if ln.cls == GOOD:
        # Paragraphs that follow one another are an article; a paragraph standing alone
        # between headlines or user names is a teaser or a comment.
        return len(ln.text) * min(ln.run, RUN_FULL) / RUN_FULL
    if ln.cls == NEAR:
        # An unfinished short line (a headline, a teaser) does not pull the body towards it.
        return W_NEAR * len(ln.text) if _SENT_END.search(ln.text) else 0.0
    if ln.cls == SHORT:
        if ln.isolated and not ln.bullet:
            # Set out like a paragraph (a table row, a subheading), unlike the packed lines
            # of a menu: weak evidence against the body.
            return -W_ISOLATED
        return -W_SHORT - (W_BULLET if ln.bullet else 0.0)
    if ln.cls == BAD:
        if ln.why in SEPARATORS:
            # A date stamp, a byline or a "Comments" heading starts an item: past the
            # article's own header, each one opens a comment or a teaser.
            return -W_SEPARATOR
        return -W_BAD
    return 0.0


def _body_indent(lines: list[Line], span: tuple[int, int] | None = None) -> int | None:
    """The indentation carrying the most prose (within span), or None when nothing is indented."""
    lo, hi = span if span else (0, len(lines) - 1)
    by: Counter = Counter()
    for ln in lines[lo:hi + 1]:
        if ln.cls == GOOD:
            by[ln.indent] += len(ln.text)
    if not by or len({ln.indent for ln in lines if ln.text}) <= 1:
        return None
    return by.most_common(1)[0][0]


def _ended(ln: Line) -> bool:
    return ln.cls == GOOD or bool(_SENT_END.search(ln.text)) or ln.text.endswith(":")


def _best_stretch(lines: list[Line]) -> tuple[int, int] | None:
    """[start, end] of the maximum-sum run of line weights (Kadane), or None."""
    best, best_span = 0.0, None
    cur, cur_start = 0.0, 0
    for i, ln in enumerate(lines):
        w = _weight(ln)
        if cur <= 0:
            cur, cur_start = w, i
        else:
            cur += w
        if cur > best:
            best, best_span = cur, (cur_start, i)
    return best_span


_SEPARATORS = re.compile(r"\s[|•·»/]\s")


def _separated_labels(text: str) -> bool:
    """"Site | World | Politics | Markets": three or more short labels between separators
    are a menu or breadcrumb, never a headline ("Title | Site" has one separator)."""
    parts = _SEPARATORS.split(text)
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


def _headline_like(ln: Line) -> bool:
    return (ln.cls in (SHORT, NEAR) and not ln.bullet and 2 <= ln.n <= 30
            and not ln.text.endswith((".", ":", ",", ";")) and len(ln.text) <= 250
            and not _separated_labels(ln.text))


def _in_menu_run(lines: list[Line], i: int) -> bool:
    """True when line i sits in a run of >= 3 adjacent short lines (a menu, not a headline)."""
    if lines[i].n >= 5:
        return False  # menu labels are a word or three; a headline says something
    run = 1
    j = i - 1
    while j >= 0 and lines[j].cls in (SHORT, BAD) and lines[j].n <= 6:
        run, j = run + 1, j - 1
    j = i + 1
    while j < len(lines) and lines[j].cls in (SHORT, BAD) and lines[j].n <= 6:
        run, j = run + 1, j + 1
    return run >= 3


def _find_title(lines: list[Line], start: int) -> int | None:
    seen = 0
    for i in range(start - 1, -1, -1):
        ln = lines[i]
        if ln.cls == BLANK:
            continue
        seen += 1
        if seen > 6:
            return None
        if ln.cls == BAD:
            continue
        if _headline_like(ln) and not _in_menu_run(lines, i):
            return i
        if ln.n > 3:
            # A substantial line that is no headline: what is above belongs to the page.
            return None
    return None


#: A first line ending with a full stop is a headline only up to this many words.
HEADLINE_STOP_MAX_WORDS = 14


def _headline_sentence(lines: list[Line], i: int, nxt: int) -> bool:
    """A first line ending with a full stop that is still a headline ("Markets slide as
    rates rise."): short, one sentence, set apart by a blank line above prose, and written
    as headlines are (title case, or few function words: "Kennedy questions trust of
    Blair."), unlike a short opening sentence ("The council met on Monday.")."""
    head = lines[i]
    if head.n > HEADLINE_STOP_MAX_WORDS or nxt == i + 1 or lines[nxt].cls != GOOD:
        return False
    if _SENT_INSIDE.search(head.text):
        return False
    alpha = [w for w in head.words if w[0].isalpha()]
    if not alpha:
        return False
    title_case = sum(1 for w in alpha if w[0].isupper()) / len(alpha)
    return title_case >= 0.6 or head.stop < 0.25


def _leading_headline(lines: list[Line]) -> int | None:
    """The first line, when it is a headline set directly above prose (an article file)."""
    idx = [i for i, ln in enumerate(lines[:50]) if ln.text][:2]
    if len(idx) < 2:
        return None
    head, nxt = lines[idx[0]], lines[idx[1]]
    if head.bullet or not (1 <= head.n <= 30) or len(head.text) > 250:
        return None
    # A headline may well contain "video", "home" or "copyright": only the cues that never
    # head an article (credits, addresses, date stamps, repeats) disqualify it.
    if head.cls == BAD and (head.why not in ("ui", "copyright") or head.n < 3):
        return None
    if head.text.endswith((",", ";")):
        return None
    if head.text.endswith(".") and not head.text.endswith("...") and not _headline_sentence(
            lines, idx[0], idx[1]):
        return None
    if nxt.cls == GOOD or (nxt.cls == NEAR and _ended(nxt)):
        return idx[0]
    # Set apart by a blank line, with nothing but plain lines between it and the first prose
    # (a fixture's venue and kick-off time): chrome in between would make it a site banner.
    if idx[1] > idx[0] + 1 and head.n >= 2 and not head.text.endswith(":"):
        for ln in lines[idx[1]:]:
            if ln.cls == GOOD:
                return idx[0]
            if ln.cls == BAD or ln.bullet:
                return None
    return None


def _link_like(ln: Line) -> bool:
    """A list item that reads as a link (a title-case label), not as body prose."""
    if not ln.bullet or ln.cls in (GOOD, NEAR):
        return False
    return ln.n <= LINK_MAX_WORDS and ln.lower < 0.5   # (lower set by classify)


def _mark_runs(lines: list[Line]) -> None:
    """Give each prose line the length of the unbroken run of prose it belongs to."""
    i = 0
    while i < len(lines):
        if lines[i].cls not in (GOOD, NEAR):
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j].cls in (GOOD, NEAR) or not lines[j].text):
            j += 1
        n = sum(1 for k in range(i, j) if lines[k].text)
        for k in range(i, j):
            lines[k].run = n
        i = j


def analyse(text: str, repeated: Iterable[str] = frozenset(), title: str | None = None
            ) -> tuple[list[Line], int | None, tuple[int, int] | None]:
    """Classified lines, the leading headline's index, and the stretch the hand weights pick."""
    lines = [_features(r) for r in text.splitlines()]
    page_counts = Counter(line_key(ln.text) for ln in lines if ln.text)
    batch = repeated if isinstance(repeated, frozenset) else frozenset(repeated)
    for i, ln in enumerate(lines):
        ln.isolated = bool(ln.text) and (i == 0 or not lines[i - 1].text) and (
            i == len(lines) - 1 or not lines[i + 1].text)
        classify(ln, page_counts, batch)
    if title is None:
        first_title = _leading_headline(lines)
    else:
        # A headline given by the container is often printed again at the top of the text.
        key = line_key(title)
        first_title = next((i for i, ln in enumerate(lines[:200]) if ln.text
                            and line_key(ln.text) == key), None)
    if first_title is not None:
        lines[first_title].cls = BLANK  # neither body nor chrome: it becomes the title
    _mark_runs(lines)
    return lines, first_title, _best_stretch(lines)


def clean_text(text: str, repeated: Iterable[str] = frozenset(),
               title: str | None = None) -> Cleaned:
    """Split a plain-text page into body, removed lines, headline and author."""
    lines, first_title, span = analyse(text, repeated, title)
    if span is None:
        content = [i for i, ln in enumerate(lines) if ln.text and i != first_title]
        if not content or len(content) > SHORT_TEXT_LINES or any(
                lines[i].cls == BAD for i in content):
            return Cleaned("", [ln.text for ln in lines if ln.text and ln.text != title], None)
        # A short text with no chrome at all (a brief, a feed item) is its own body.
        span = (content[0], content[-1])
    start, end = span

    # Widen over adjacent prose that the scores left out (a short first paragraph).
    while start > 0:
        j = start - 1
        while j >= 0 and lines[j].cls == BLANK:
            j -= 1
        if j < 0 or lines[j].cls not in (GOOD, NEAR) or not _ended(lines[j]):
            break
        start = j
    while end < len(lines) - 1:
        j = end + 1
        while j < len(lines) and lines[j].cls == BLANK:
            j += 1
        if j >= len(lines) or lines[j].cls not in (GOOD, NEAR):
            break
        end = j

    # On a rendered page, a list or table that continues the article (tour dates, line-ups)
    # is printed at the article's own indentation; menus and sidebars sit elsewhere.
    core = _body_indent(lines, (start, end))
    if core is not None:
        j = end + 1
        while j < len(lines) and (not lines[j].text or (
                lines[j].indent == core and lines[j].cls != BAD)):
            if lines[j].text:
                end = j
            j += 1

    # A table or list that closes the text (results, line-ups) is the article's, as long as
    # nothing after it looks like page chrome.
    tail = range(end + 1, len(lines))
    if tail and all(lines[k].cls != BAD for k in tail) \
            and sum(1 for k in tail if lines[k].cls != BLANK) <= TAIL_MAX_LINES:
        end = len(lines) - 1
    # Likewise between a headline that opens the text and the prose: a first paragraph that
    # does not read as prose (a list, an unfinished line) is still the article's.
    if first_title is not None and first_title < start and title is None:
        start = first_title + 1

    title_i = first_title
    if title_i is None and title is None:
        title_i = _find_title(lines, start)
    # A first line that is headline-like and the body's only preamble is the headline.
    found_title = lines[title_i].text if title_i is not None else title

    author = None
    kept: list[str] = []
    removed: list[str] = []
    stamps: list[str] = []
    for i, ln in enumerate(lines):
        if not ln.text:
            if start <= i <= end:
                kept.append("")
            continue
        if i == title_i:
            continue
        inside = start <= i <= end
        if inside and ln.cls != BAD and not _link_like(ln):
            kept.append(ln.raw.strip())
            continue
        if ln.why in ("date", "byline") and start - STAMP_REACH <= i < start:
            stamps.append(ln.text)
        if ln.why == "byline" and author is None:
            author = P.byline_name(ln.text)
        removed.append(ln.text if not ln.bullet else ln.raw.strip())

    body = "\n".join(kept).strip()
    body = re.sub(r"\n{3,}", "\n\n", body)
    return Cleaned(body, removed, found_title, author, stamps)
