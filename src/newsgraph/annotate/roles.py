"""Titles, honorifics and qualifiers around a person's name, read into ``Role`` parts.

The words come from ``lexicon`` (owned by the lexicon module); this module only knows how a
title phrase is put together in English news:

    [the|a] [qualifier]* [STATE-adjective | State's | Org] [qualifier]* TITLE [of [the] STATE]

("former Japanese Prime Minister", "Japan's Prime Minister", "U.S. President",
"the president of the United States", "North Korean leader"). Country words are recognised
by the caller (it knows which tokens the gazetteer matched) and passed in as codes.

"X's predecessor" is read as a relation (the caller gives X's title to the person,
qualified "former").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import lexicon

# Titles that stand for a state's own leadership: "the leader" may refer to any of them, and
# a bare one ("President Biden") takes the person's state when it is known.
STATE_TITLES = {"President", "Prime Minister", "Premier", "Chancellor", "Leader",
                "Supreme Leader", "King", "Queen", "Emperor", "Empress", "First Minister",
                "Taoiseach", "Head of State"}

RELATION_WORDS = {"predecessor": "former", "successor": None}
# Words inside multi-word titles that say nothing alone ("Secretary *of* State").
_GLUE = {"of", "the", "for", "in", "under", "and", "to", "a", "an", "on", "at", "-"}


def _norm(word: str) -> str:
    return word.replace("\u2019", "'").strip().lower()


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Words that can be part of a title before a name ("prime", "minister", "foreign")."""
    out: set[str] = set()
    for k in lexicon.TITLES:
        out.update(w for w in k.split() if w and w not in _GLUE)
    return frozenset(out)


@lru_cache(maxsize=1)
def _max_title_len() -> int:
    return max((len(k.split()) for k in lexicon.TITLES), default=1)


def canonical_title(words: list[str]) -> str | None:
    phrase = " ".join(words)
    t = lexicon.title_of(phrase)
    if t is None and "-" in words:          # tokens of "Secretary-General"
        t = lexicon.title_of(phrase.replace(" - ", "-"))
    return t.canonical if t else None


def honorific_gender(word: str) -> tuple[bool, str | None]:
    """(is an honorific, its gender)."""
    w = _norm(word)
    for k in (w, w.rstrip(".")):
        if k in lexicon.HONORIFICS:
            g = lexicon.HONORIFICS[k]
            return True, g if g in ("m", "f") else None
    return False, None


def qualifier(word: str) -> tuple[bool, str | None]:
    w = _norm(word)
    for k in (w, w.rstrip("-")):
        if k in lexicon.QUALIFIERS:
            return True, lexicon.QUALIFIERS[k]
    if w in ("deputy", "current", "sitting", "new"):
        return True, None
    return False, None


def title_gender(title_words_: list[str]) -> str | None:
    return lexicon.title_gender(" ".join(title_words_))


def first_name_gender(name: str) -> str | None:
    try:
        g = lexicon.first_name_gender(name)
    except Exception:  # a lexicon bug must not stop the stage
        return None
    return g if g in ("m", "f") else None


def is_role_word(word: str) -> bool:
    w = _norm(word)
    return (w in title_words() or honorific_gender(w)[0] or qualifier(w)[0]
            or w.rstrip(".") in title_words() or canonical_title([w]) is not None)


@dataclass
class TitleParse:
    title: str | None = None          # canonical title
    of: str | None = None             # ISO3 (or an organisation's name)
    qualifier: str | None = None
    gender: str | None = None
    relation: str | None = None       # "predecessor" / "successor"
    possessor: tuple[int, int] | None = None   # token range of "X" in "X's predecessor"
    title_span: tuple[int, int] | None = None  # token range of the title words


def parse_phrase(words: list[str], places: dict[int, str], orgs: dict[int, str] | None = None
                 ) -> TitleParse:
    """Read a title phrase given as words; ``places`` maps word index -> ISO3 of a state
    the caller recognised there (a country word may span several indices), ``orgs`` word
    index -> organisation name."""
    out = TitleParse()
    orgs = orgs or {}
    n = len(words)
    i = 0
    max_len = _max_title_len()
    after_of = False
    while i < n:
        w = words[i]
        lw = _norm(w)
        if lw in ("the", "a", "an", ",", "-", "'s", "'"):
            i += 1
            continue
        if lw == "of":
            after_of = True
            i += 1
            continue
        if i in places or i in orgs:
            if out.of is None or after_of:
                out.of = places.get(i) or orgs[i]
            i += 1
            continue
        if lw in RELATION_WORDS and out.relation is None:
            out.relation = lw
            if i >= 2 and _norm(words[i - 1]) in ("'s", "'"):
                j = i - 2
                while j > 0 and _norm(words[j - 1]) not in ("the", "a", ",") \
                        and words[j - 1][:1].isupper():
                    j -= 1
                out.possessor = (j, i - 1)
            i += 1
            continue
        # the longest title starting here ("Deputy Prime Minister" before "deputy")
        L = next((L for L in range(min(max_len, n - i), 0, -1)
                  if canonical_title(words[i:i + L])), 0)
        if L:
            if out.title is None:
                out.title = canonical_title(words[i:i + L])
                out.title_span = (i, i + L)
            g = title_gender(words[i:i + L])
            if g and out.gender is None:
                out.gender = g
            i += L
            continue
        is_q, q = qualifier(w)        # before or after the title ("President-elect")
        if is_q:
            if q and out.qualifier is None:
                out.qualifier = q
            i += 1
            continue
        is_h, g = honorific_gender(w)
        if is_h and g and out.gender is None:
            out.gender = g
        i += 1
    return out
