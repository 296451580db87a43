"""Noun cues: attributed content carried by a noun of saying or stance.

"her claim that she never sent classified mail", "Trump's call for a ban", "his criticism of
the deal", "expressed support for Clinton": the noun is the cue, its "that" clause or the
object of its preposition is the content, and its source is the possessor, a "by" phrase,
or the subject of a light verb that governs the noun. A noun with no such source ("the
claim that ...") is not attributed: nobody in the sentence is said to hold it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterator

from .quote_cues import clause_end, data_lines, subject_of

DATA = Path(__file__).resolve().parent / "data" / "cue_nouns.txt"
# Prepositions whose object is what the noun says or takes a stance on
CONTENT_PREPS = {"for", "of", "on", "about", "against"}
# Verbs that only carry a noun cue ("expressed support", "renewed his call"): their subject
# is the noun's source
LIGHT_VERBS = {"express", "voice", "make", "issue", "offer", "renew", "reiterate", "repeat",
               "give", "deliver", "release", "post", "send", "signal", "announce", "register",
               "lodge", "level", "file", "throw", "lend", "pledge"}


@functools.lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    return frozenset(line.lower() for line in data_lines(DATA))


def _content(noun: Any) -> tuple[int, int] | None:
    for c in noun.children:
        if c.i > noun.i and c.dep_ in ("acl", "ccomp") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            return c.left_edge.i, clause_end(c)
    for c in noun.children:
        if c.i > noun.i and c.dep_ == "prep" and c.lower_ in CONTENT_PREPS:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            # "his statement on Sunday", "remarks on the condition of anonymity": when and
            # how it was said, not what
            if objs and objs[0].ent_type_ not in ("DATE", "TIME") and objs[0].lower_ not in (
                    "condition", "record"):
                return objs[0].left_edge.i, objs[0].right_edge.i + 1
    return None


def _source(noun: Any) -> Any | None:
    for c in noun.children:
        if c.dep_ == "poss" and c.i < noun.i:
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by" and c.i > noun.i:
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ in ("PROPN", "NOUN", "PRON"):
                    return g
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
        return subject_of(noun.head)
    return None


def noun_cues(doc: Any) -> Iterator[tuple[Any, tuple[int, int], Any]]:
    """(noun, content token range [i, j), source head token) for each attributed noun cue."""
    words = lexicon()
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in words:
            continue
        rng = _content(tok)
        if rng is None or rng[1] <= rng[0]:
            continue
        src = _source(tok)
        if src is None or rng[0] <= src.i < rng[1]:
            continue
        yield tok, rng, src
