"""Find the spans of text inside quotation marks, before any parsing.

A character scanner rather than a regex because quotation in news runs across sentences and
paragraphs: by the typographic convention a quotation continued in a new paragraph leaves the
previous paragraph's closing mark off and opens the new paragraph with an opening mark, so a
paragraph break inside an open quotation ends it only when the next paragraph does not open
with a mark.

Straight double marks (``"``) carry no direction; inside a paragraph they alternate, which is
right for well-formed text and, at worst, pairs a stray mark with the next one in the same
paragraph (never across a paragraph, since an unclosed quotation ends at the break).

Single marks are only a fallback for quotations (British style, headlines): the curly closing
single mark is also the apostrophe, so a single-marked span is accepted only outside double
quotations, opened after a space or bracket, closed before a space or punctuation, and holding at
least two words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT = '"'
# ‟ (reversed) and ″ (double prime, a common mis-encoding) are treated as straight marks.
AMBIGUOUS_DOUBLE = '"‟″'


@dataclass(frozen=True, slots=True)
class Marked:
    """One quotation: ``open``/``close`` are the mark positions, ``start``/``end`` the words."""

    start: int          # first character inside the marks (whitespace trimmed)
    end: int            # end of the words inside the marks (whitespace trimmed)
    open: int           # index of the opening mark
    close: int          # index just past the closing mark (or the paragraph end if unclosed)
    closed: bool        # False when the paragraph ended with the quotation still open
    paragraphs: int = 1  # paragraphs spanned (continuation convention)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _next_para_opens(text: str, i: int) -> int | None:
    """Index of the opening mark starting the paragraph after the newline at ``i``, if any."""
    j = i
    n = len(text)
    while j < n and text[j].isspace():
        j += 1
    if j < n and (text[j] in OPEN_DOUBLE or text[j] in AMBIGUOUS_DOUBLE):
        return j
    return None


# Two single marks typed for one double mark ("’’", "‘‘", "''"); offsets are kept by
# replacing the pair with a double mark and a space.
_DOUBLED_SINGLES = re.compile(r"‘‘|’’|''")


def _fold_doubled(text: str) -> str:
    return _DOUBLED_SINGLES.sub(lambda m: ("“" if m.group() == "‘‘" else
                                           "”" if m.group() == "’’" else '"') + " ", text)


# A word right after a mark, or an ellipsis and a word ('” … he said it again,”')
_WORD_NEXT = re.compile(r"(?:[ \u00a0]?(?:…|\.\.\.)[ \u00a0]?)?\w")


def find_double(text: str) -> list[Marked]:
    text = _fold_doubled(text)
    out: list[Marked] = []
    n = len(text)
    i = 0
    open_at: int | None = None
    paras = 1
    while i < n:
        c = text[i]
        if c == "\n":
            if open_at is not None:
                nxt = _next_para_opens(text, i)
                if nxt is not None:
                    # continuation: the quotation goes on past the opening mark of the new paragraph
                    paras += 1
                    i = nxt + 1
                    continue
                s, e = _trim(text, open_at + 1, i)
                if e > s:
                    out.append(Marked(s, e, open_at, e, False, paras))
                open_at = None
            i += 1
            continue
        if open_at is None:
            if c in OPEN_DOUBLE or c in AMBIGUOUS_DOUBLE or c in CLOSE_DOUBLE and (
                    i == 0 or text[i - 1].isspace()) and _WORD_NEXT.match(text, i + 1):
                # (a closing mark typed for an opening one: '”Fear. I am afraid.”' follows a
                # space or a line break and precedes a word, which only an opening mark does)
                open_at = i
                paras = 1
            # any other lone closing mark outside a quotation is ignored
        else:
            if c in CLOSE_DOUBLE or c in AMBIGUOUS_DOUBLE:
                s, e = _trim(text, open_at + 1, i)
                if e > s:
                    out.append(Marked(s, e, open_at, i + 1, True, paras))
                open_at = None
            elif c in OPEN_DOUBLE and not text[open_at + 1:i].strip():
                open_at = i   # a doubled opening mark: restart at the later one
            elif c in OPEN_DOUBLE and not text[i - 1].isspace() and (
                    i + 1 == n or text[i + 1].isspace()):
                # an opening mark typed for a closing one ('unusual,“ said'): it follows a
                # word and precedes a space, which only a closing mark does
                s, e = _trim(text, open_at + 1, i)
                if e > s:
                    out.append(Marked(s, e, open_at, i + 1, True, paras))
                open_at = None
        i += 1
    if open_at is not None:
        s, e = _trim(text, open_at + 1, n)
        if e > s:
            out.append(Marked(s, e, open_at, e, False, paras))
    return out


_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))"      # after a space or bracket
                     r"[‘'](?=\S)([^‘’'\n]*?\S)[’']"         # the marked words
                     r"(?=$|[\s.,;:!?)\]—–-])",               # before a space or punctuation
                     re.M)


def find_single(text: str, taken: list[Marked]) -> list[Marked]:
    out = []
    for m in _SINGLE.finditer(text):
        if any(t.open <= m.start() < t.close for t in taken):
            continue
        inner = m.group(1)
        if len(inner.split()) < 2:
            continue
        s, e = _trim(text, m.start(1), m.end(1))
        out.append(Marked(s, e, m.start(), m.end(), True, 1))
    return out


def find_quotations(text: str) -> list[Marked]:
    """All quotations in ``text``, in order, not overlapping."""
    doubles = find_double(text)
    singles = find_single(text, doubles)
    return sorted(doubles + singles, key=lambda m: m.open)
