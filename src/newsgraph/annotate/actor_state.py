"""What the actor components of one document share: the workspace and small helpers.

``ActorState`` is the ``pipeline.Workspace`` of the actors stage; each component in
``actors.COMPONENTS`` declares which of its fields it requires and assigns. Fields:

* base: ``sp`` (the spaCy Doc), ``text``, ``doc`` (token/sentence lookups, ``coref._Doc``),
  ``published`` (YYYY-MM-DD or None), ``warnings`` (list of (code, message));
* ``opaque`` entity spans whose insides are names, not places; ``name_ents`` the tagger's
  name entities; ``places`` gazetteer candidates; ``places_at_tok`` token -> ISO3 of the
  tokens that name or stand for a state;
* ``cands`` name candidates with their voted labels; ``parties`` party words found inside
  person spans;
* ``clusters`` the actors being built; ``cl_of`` id(candidate) -> cluster; ``persons``
  the PERSON candidates;
* ``name_toks`` tokens inside person names; ``relations`` (person, person, relation);
* ``known`` roles taken from the known-actors table; ``doc_country`` the document's
  dominant state; ``entities`` the result.
"""

from __future__ import annotations

import re
from typing import Any

from ..pipeline import Workspace
from . import gazetteer

POSSESSIVE = {"'s", "’s", "'", "’"}
STATE_ALIAS_KINDS = {"demonym", "capital", "seat"}
_STATE_NAME_KINDS = {"country", "alias"}


class ActorState(Workspace):
    def __init__(self, sp: Any, published: str | None, doc: Any) -> None:
        self.sp = sp
        self.text = sp.text
        self.doc = doc
        self.published = published
        self.warnings: list[tuple[str, str]] = []


class Cand:
    """One occurrence of a name before clustering."""

    __slots__ = ("start", "end", "a", "b", "label", "place", "key", "kind", "gender", "post")

    def __init__(self, start, end, a, b, label, place=None, key=None, kind="name"):
        self.start, self.end, self.a, self.b = start, end, a, b
        self.label, self.place, self.key, self.kind = label, place, key, kind
        self.gender = None
        self.post = None        # the office letters after a name give ("MP")


def strip_the(text: str, s: int, e: int) -> tuple[int, int]:
    if text[s:s + 4].lower() == "the " and e - s > 4:
        s += 4
    while e > s and text[e - 1] in ".,;:" and not re.search(r"[A-Z]\.[A-Z]\.?$", text[s:e]):
        e -= 1
    return s, e


def state_code(place: Any) -> str | None:
    if place is None:
        return None
    if place.kind in _STATE_NAME_KINDS:
        return place.code
    if place.kind in STATE_ALIAS_KINDS:
        return place.country or place.code
    return None


def state_tokens(sp: Any, places: list[Cand]) -> dict[int, str]:
    """Token index -> ISO3 for the tokens that name or stand for a state."""
    out: dict[int, str] = {}
    for c in places:
        code = state_code(c.place)
        if code:
            for i in range(c.a, c.b):
                if sp[i].text not in POSSESSIVE:
                    out[i] = code
    return out


def is_state(code: str | None) -> bool:
    return bool(code) and gazetteer.is_country(code)


def is_sublist(short: tuple, long: tuple) -> bool:
    n, m = len(short), len(long)
    return n < m and any(long[i:i + n] == short for i in range(m - n + 1))


def lookup_place(surface: str) -> Any:
    return gazetteer.lookup(surface)


def headline_test(text: str):
    """pos -> is the line holding it a title-case headline (not a lead sentence)?"""
    line_cache: dict[int, bool] = {}

    def headline(pos: int) -> bool:
        ls = text.rfind("\n", 0, pos) + 1
        if ls not in line_cache:
            le = text.find("\n", pos)
            line = text[ls:le if le >= 0 else len(text)]
            words = [w for w in line.split()[:60] if len(w) > 3 and w[:1].isalpha()]
            caps = sum(1 for w in words if w[:1].isupper())
            # a lead sentence crowded with names and titles is still prose: headlines are
            # short or end without a full stop
            prose = len(line.split()) > 12 and line.rstrip().endswith((".", '"', "\u201d"))
            line_cache[ls] = len(words) >= 3 and caps >= 0.7 * len(words) and not prose
        return line_cache[ls]

    return headline
