"""The CAMEO pattern lexicon (data/event_lexicon.json, built by tools/build_event_lexicon.py).

``verb(key)`` / ``noun(key)`` give an ``Entry``: the word's default code and its patterns,
each a pair of slot sequences (words before the predicate: its subject or modifiers; words
after it: its objects and complements) and a code. ``Entry.code(pre, post)`` returns the
code of the most specific pattern whose slots all match, in order, words of ``pre`` /
``post`` (each a sequence of sets of forms of one token: its lower-cased text and lemma),
else the default. Codes are "A", "A:B" (A for source -> target, B for the reverse
direction), ":B" (only the reverse) or "-" (no event).

``info(code)`` gives the codebook row: label, Goldstein score, quad class, PLOVER type
and mode.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable, Sequence

__all__ = ["Entry", "verb", "noun", "info", "CodeInfo", "lexicon"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    label: str
    goldstein: float | None
    quad: int
    plover: str | None
    mode: str | None


@dataclass(frozen=True, slots=True)
class Pattern:
    pre: tuple[frozenset[str], ...]
    post: tuple[frozenset[str], ...]
    code: str
    weight: int            # number of slots: the more, the more specific
    rank: int              # file order: our additions before the dictionary's
    phrasal: bool = False  # function words only ("* OFF (FOR)"): the predicate's own particles


def _match(slots: tuple[frozenset[str], ...], words: Sequence[frozenset[str]]) -> bool:
    """Every slot matches a word, in order (gaps allowed)."""
    i = 0
    n = len(words)
    for slot in slots:
        while i < n and slot.isdisjoint(words[i]):
            i += 1
        if i == n:
            return False
        i += 1
    return True


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    default: str | None
    patterns: tuple[Pattern, ...]
    curated: bool          # our additions list it: its default stands alone
    # first word of each pattern's first slot -> patterns: only those can match
    index: dict[str, tuple[int, ...]]

    def code(self, pre: Sequence[frozenset[str]], post: Sequence[frozenset[str]],
             parts: Sequence[frozenset[str]] = ()) -> tuple[str | None, Pattern | None]:
        """(code, pattern that gave it) for a predicate with these words around it;
        ``parts``: its own particles and prepositions, in order (what a phrasal pattern
        reads: "stepped down", not a "down" anywhere after the verb)."""
        cands: set[int] = set()
        for words in (pre, post, parts):
            for forms in words:
                for f in forms:
                    got = self.index.get(f)
                    if got:
                        cands.update(got)
        best: Pattern | None = None
        for i in sorted(cands):
            p = self.patterns[i]
            if best is not None and (p.weight, -p.rank) <= (best.weight, -best.rank):
                continue
            if p.pre and not _match(p.pre, pre):
                continue
            if p.post and not _match(p.post, parts if p.phrasal else post):
                continue
            best = p
        if best is not None:
            return best.code, best
        return self.default, None


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    path = resources.files("newsgraph.annotate") / "data" / "event_lexicon.json"
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _blocks() -> dict[str, tuple[Pattern, ...]]:
    lex = lexicon()
    syn = {k: frozenset(v) for k, v in lex["synsets"].items()}

    def slots(half: list[list[str]]) -> tuple[frozenset[str], ...]:
        out = []
        for sl in half:
            if len(sl) == 1 and sl[0].startswith("&"):
                out.append(syn.get(sl[0], frozenset()))
            else:
                out.append(frozenset(sl))
        return tuple(s for s in out if s)

    out = {}
    for name, pats in lex["blocks"].items():
        out[name] = tuple(
            Pattern(slots(p[0]), slots(p[1]), p[2], len(p[0]) + len(p[1]), 0,
                    len(p) > 3 and bool(p[3]))
            for p in pats)
    return out


def _entry(table: str, key: str) -> Entry | None:
    row = lexicon()[table].get(key)
    if row is None:
        return None
    default, block_names, curated = row
    blocks = _blocks()
    pats: list[Pattern] = []
    for b in block_names:
        for p in blocks.get(b, ()):
            pats.append(Pattern(p.pre, p.post, p.code, p.weight, len(pats), p.phrasal))
    index: dict[str, list[int]] = {}
    for i, p in enumerate(pats):
        first = p.pre[0] if p.pre else p.post[0] if p.post else frozenset()
        for w in first:
            index.setdefault(w, []).append(i)
    return Entry(key, default, tuple(pats), bool(curated),
                 {k: tuple(v) for k, v in index.items()})


@functools.lru_cache(maxsize=8192)
def verb(key: str) -> Entry | None:
    return _entry("verbs", key)


@functools.lru_cache(maxsize=4096)
def noun(key: str) -> Entry | None:
    return _entry("nouns", key)


@functools.lru_cache(maxsize=1024)
def info(code: str) -> CodeInfo | None:
    row = lexicon()["codes"].get(code)
    if row is None:
        return None
    return CodeInfo(code, row["label"], row.get("goldstein"), row["quad"], row.get("plover"),
                    row.get("mode"))


def codes() -> Iterable[str]:
    return lexicon()["codes"].keys()
