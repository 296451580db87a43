"""Coreference within one document: pronouns and definite descriptions to actors.

Rules, over the spaCy parse (no model of its own):

* **Definite descriptions** ("the prime minister", "the North Korean leader", "the French
  president", "the president of the United States") go to the most recent actor whose role
  has that title (the generic "leader" matches any state-leadership title) and, when the
  description names a state, whose role or country is that state. A description that names a
  state also teaches the actor that role's state ("President" -> President of USA).
* **Third-person singular pronouns** (he/him/his/himself, she/her/hers/herself) go to a
  person mentioned in the last ``WINDOW`` sentences, scored by recency (sentences back) with a
  bonus for being the subject of the main clause (less for another subject): the
  recent-subject preference. Candidates whose gender (honorific, gendered title, first name)
  disagrees are out; an object pronoun is never the subject of its own verb ("Trump praised
  him"); a sentence-initial possessive may point forward to the main clause's subject
  ("In his speech, Kishida said...").
* **Quotations**: a third-person pronoun inside quotation marks is not bound to the
  quotation's speaker (in ``He said: "I met him"`` "him" is someone else); the speaker is the
  subject of the reporting clause around the marks. Pronouns outside quotations are resolved
  first so that a speaker given as a pronoun ("He said, ...") is known by then.

"they/them/their" are left alone: plural antecedents (groups, states, conjunctions) are too
often wrong with rules this simple; a wrong link costs more than a missing one.

Also ``resolve_span(entities, start, end)``: which entity a span of text is (quotes use it for
speakers).
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..model import Entity
from . import roles as R
from .quote_marks import find_quotations

log = logging.getLogger(__name__)

WINDOW = 8               # sentences a pronoun may look back
DESC_WINDOW = 25         # sentences a definite description may look back

PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
            "she": "f", "her": "f", "hers": "f", "herself": "f"}
_SUBJ = {"nsubj", "nsubjpass"}
_OBJ = {"dobj", "pobj", "dative", "iobj"}


@dataclass(eq=False)
class Cluster:
    """An actor being built (mutable); ``actors`` turns it into an ``Entity``."""

    type: str
    name: str
    key: Any = None
    country: str | None = None
    gender: str | None = None
    country_source: str | None = None     # "inferred" | "dictionary" when not stated
    name_source: str | None = None        # "dictionary" when the name is the table's
    # (start, end) of descriptions resolved through the known holder of an office
    dictionary_mentions: set = field(default_factory=set)
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, kind)

    def add_role(self, title: str, of: str | None, qual: str | None) -> None:
        r = (title, of, qual)
        if r not in self.roles:
            self.roles.append(r)


@dataclass
class _Ev:
    """A mention of a person, as coreference sees it."""

    start: int
    end: int
    head: int             # token index of the mention's syntactic head
    sent: int
    cluster: Cluster
    subj: bool
    root_subj: bool


class _Doc:
    """Token/sentence lookups over a spaCy Doc, built once (linear)."""

    def __init__(self, sp: Any):
        self.sp = sp
        self.tok_starts = [t.idx for t in sp]
        self.sent_of = [0] * len(sp)
        self.sent_bounds: list[tuple[int, int]] = []
        for si, s in enumerate(sp.sents):
            self.sent_bounds.append((s.start, s.end))
            for i in range(s.start, s.end):
                self.sent_of[i] = si

    def tok_range(self, start: int, end: int) -> tuple[int, int]:
        a = bisect.bisect_right(self.tok_starts, start) - 1
        b = bisect.bisect_left(self.tok_starts, end)
        return max(a, 0), max(b, a + 1)

    def head_of(self, start: int, end: int) -> int:
        a, b = self.tok_range(start, end)
        if b - a == 1:
            return a
        span = self.sp[a:b]
        try:
            return span.root.i
        except Exception:  # pragma: no cover - defensive, spans are never empty here
            return b - 1


def _is_subj(tok: Any) -> tuple[bool, bool]:
    t = tok
    # a name's head may be the last word of "Fumio Kishida" or a compound of it
    while t.dep_ == "compound" and t.head is not t:
        t = t.head
    if t.dep_ in _SUBJ:
        h = t.head
        root = h.dep_ == "ROOT" or (h.dep_ == "conj" and h.head.dep_ == "ROOT")
        return True, root
    return False, False


def _quote_regions(text: str) -> list[tuple[int, int]]:
    try:
        return [(q.open, q.close) for q in find_quotations(text)]
    except Exception:  # quotations only refine pronouns: resolve them without
        log.exception("quotation scan failed")
        return []


def _insert(events: list[_Ev], starts: list[int], ev: _Ev) -> None:
    """Add ``ev`` to ``events``, kept in order of ``starts``."""
    k = bisect.bisect_left(starts, ev.start)
    starts.insert(k, ev.start)
    events.insert(k, ev)


def _region_of(regions: list[tuple[int, int]], starts: list[int], pos: int) -> int | None:
    k = bisect.bisect_right(starts, pos) - 1
    if k >= 0 and regions[k][0] <= pos < regions[k][1]:
        return k
    return None


def _role_match(c: Cluster, title: str, country: str | None, qual: str | None) -> float:
    """How well an actor's roles fit a description (0: not at all)."""
    best = 0.0
    for t, of, q in c.roles:
        # "the chancellor" is also the Chancellor of the Exchequer
        if not (t == title or (title == "Leader" and t in R.STATE_TITLES)
                or t.startswith(title + " of ")):
            continue
        if (q == "former") != (qual == "former"):
            continue
        if country is None:
            best = max(best, 2.0 if of is None or c.country else 1.5)
        elif of == country or (of is None and c.country == country):
            best = max(best, 3.0)
        elif of is None and c.country is None:
            best = max(best, 1.0)
    if best == 0.0 and country is not None and title in R.STATE_TITLES \
            and c.country == country and qual != "former":
        best = 0.5
    return best


def resolve(sp: Any, clusters: Sequence[Cluster], places_at_tok: dict[int, str],
            name_toks: set[int] | None = None, doc: _Doc | None = None,
            holder: Any = None) -> None:
    """Add pronoun and nominal mentions (and roles learnt from descriptions) to ``clusters``.

    ``places_at_tok``: token index -> ISO3 for tokens naming or standing for a state;
    ``name_toks``: token indices inside person names (a title before them is a premodifier,
    not a description); ``doc``: the caller's ``_Doc`` of ``sp``, when it has one."""
    if sp is None or len(sp) == 0:
        return
    d = doc if doc is not None and doc.sp is sp else _Doc(sp)
    text = sp.text
    name_toks = name_toks or set()
    events: list[_Ev] = []
    for c in clusters:
        if c.type != "PERSON":
            continue
        for s, e, kind in c.mentions:
            h = d.head_of(s, e)
            subj, root = _is_subj(sp[h])
            events.append(_Ev(s, e, h, d.sent_of[h], c, subj, root))
    events.sort(key=lambda ev: ev.start)
    starts = [ev.start for ev in events]

    def insert(ev: _Ev) -> None:
        _insert(events, starts, ev)

    regions = _quote_regions(text)
    rstarts = [r[0] for r in regions]

    _descriptions(d, events, starts, insert, clusters, places_at_tok, name_toks, holder)

    def quoted(pos: int) -> int | None:
        return _region_of(regions, rstarts, pos)

    pronouns = [t for t in sp if t.lower_ in PRONOUNS
                and (t.pos_ in ("PRON", "DET") or t.tag_ in ("PRP", "PRP$"))]
    # Two passes: the first teaches people of unknown gender theirs from the pronouns that
    # went to them without a rival ("Chris Christie ... he"), the second uses it.
    learnt: dict[int, list[str]] = {}
    base = (list(events), list(starts))
    first = _pronoun_pass(d, pronouns, list(base[0]), list(base[1]), quoted, regions, rstarts)
    for c, g, sure in first[1]:
        if sure and c.gender is None:
            learnt.setdefault(id(c), []).append(g)
    changed = False
    for c in clusters:
        votes = learnt.get(id(c), [])
        for g in ("m", "f"):
            if len(votes) >= 2 and votes.count(g) >= 0.75 * len(votes):
                c.gender = g
                changed = True
    final = _pronoun_pass(d, pronouns, list(base[0]), list(base[1]), quoted, regions,
                          rstarts)[0] if changed else first[0]
    for ev in final:
        m = (ev.start, ev.end, "pronoun")
        if sp[ev.head].lower_ in PRONOUNS and ev.end - ev.start == len(sp[ev.head].text) \
                and m not in ev.cluster.mentions:
            ev.cluster.mentions.append(m)


def _pronoun_pass(d: _Doc, pronouns: list[Any], events: list[_Ev], starts: list[int],
                  quoted: Any, regions: list[tuple[int, int]], rstarts: list[int]
                  ) -> tuple[list[_Ev], list[tuple[Cluster, str, bool]]]:
    """Resolve every pronoun once; returns the events with pronouns added, and for each
    resolution (actor, pronoun gender, whether it had no close rival)."""
    out: list[tuple[Cluster, str, bool]] = []

    def insert(ev: _Ev) -> None:
        _insert(events, starts, ev)

    by_head: dict[int, Cluster] = {ev.head: ev.cluster for ev in events}
    deferred: list[Any] = []
    for tok in pronouns:
        g = PRONOUNS[tok.lower_]
        if quoted(tok.idx) is not None:
            deferred.append(tok)
            continue
        c, sure = _pick(d, tok, g, events, starts, exclude=_own_subject(tok, by_head),
                        quoted=quoted)
        if c is not None:
            insert(_ev_for(d, tok, c))
            by_head[tok.i] = c
            out.append((c, g, sure))
    speakers: dict[int, Cluster | None] = {}
    for tok in deferred:
        k = quoted(tok.idx)
        if k not in speakers:
            speakers[k] = _speaker(d, regions[k], by_head)
        spk = speakers[k]
        excl = _own_subject(tok, by_head) + ((spk,) if spk is not None else ())
        c, sure = _pick(d, tok, PRONOUNS[tok.lower_], events, starts, exclude=excl,
                        quoted=quoted)
        if c is not None:
            insert(_ev_for(d, tok, c))
            out.append((c, PRONOUNS[tok.lower_], sure))
    return events, out


def _own_subject(tok: Any, by_head: dict[int, Cluster]) -> tuple[Cluster, ...]:
    """"Trump praised him": an object pronoun is not the subject of its own verb."""
    if tok.dep_ not in _OBJ or tok.tag_ == "PRP$":
        return ()
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    return tuple(by_head[ch.i] for ch in verb.children
                 if ch.dep_ in _SUBJ and ch.i in by_head)


def _ev_for(d: _Doc, tok: Any, c: Cluster) -> _Ev:
    subj, root = _is_subj(tok)
    return _Ev(tok.idx, tok.idx + len(tok.text), tok.i, d.sent_of[tok.i], c, subj, root)


def _pick(d: _Doc, tok: Any, gender: str, events: list[_Ev], starts: list[int],
          exclude: Iterable[Cluster], quoted: Any = None) -> tuple[Cluster | None, bool]:
    """The best antecedent; ``quoted(pos)`` gives the quotation index a position is in."""
    excl = set(map(id, exclude))
    mine_q = quoted(tok.idx) if quoted else None
    si = d.sent_of[tok.i]
    scores: dict[int, tuple[float, int, Cluster]] = {}
    k = bisect.bisect_left(starts, tok.idx) - 1
    while k >= 0:
        ev = events[k]
        k -= 1
        dist = si - ev.sent
        if dist > WINDOW:
            break
        c = ev.cluster
        if id(c) in excl or (c.gender and c.gender != gender):
            continue
        s = 10.0 - 2.0 * dist + (4.0 if ev.root_subj else 2.0 if ev.subj else 0.0)
        if quoted is not None:
            q = quoted(ev.start)
            if q is not None and q != mine_q:
                # words inside someone's quotation are not what "he said" after it refers
                # to: the reporting pronoun goes back to the speaker, introduced outside
                s -= 6.0
        if c.gender == gender:
            s += 1.0               # a known agreeing gender beats an unknown one
        prev = scores.get(id(c))
        if prev is None or s > prev[0]:
            scores[id(c)] = (s, ev.start, c)
    # "In his address, Kishida said ...": a possessive before the main verb may point forward
    # and so may a subject pronoun in a clause before it ("When he arrived, Trump said")
    sent_start, sent_end = d.sent_bounds[si]
    root = next((t for t in d.sp[sent_start:sent_end] if t.dep_ == "ROOT"), None)
    if root is not None and tok.i < root.i and (
            tok.tag_ == "PRP$" or tok.lower_ == "his"
            or any(a.dep_ in ("advcl", "prep") and a.head.i == root.i for a in tok.ancestors)):
        j = bisect.bisect_left(starts, tok.idx + 1)
        while j < len(events) and events[j].sent == si:
            ev = events[j]
            j += 1
            if ev.root_subj and id(ev.cluster) not in excl and \
                    not (ev.cluster.gender and ev.cluster.gender != gender):
                s = 14.0
                prev = scores.get(id(ev.cluster))
                if prev is None or s > prev[0]:
                    scores[id(ev.cluster)] = (s, ev.start, ev.cluster)
                break
    if not scores:
        return None, False
    ranked = sorted(scores.values(), key=lambda x: (x[0], x[1]), reverse=True)
    sure = len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= 4.0
    return ranked[0][2], sure


def _speaker(d: _Doc, region: tuple[int, int], by_head: dict[int, Cluster]) -> Cluster | None:
    """The actor who speaks a quotation: the subject of the reporting clause around it."""
    a, b = d.tok_range(region[0], region[1])
    b = min(b, len(d.sp))
    cands: list[tuple[int, Cluster]] = []
    for si in {d.sent_of[a], d.sent_of[b - 1]} if b > a else ():
        s0, s1 = d.sent_bounds[si]
        for t in d.sp[s0:s1]:
            if region[0] <= t.idx < region[1]:
                continue
            if t.dep_ in _SUBJ and not (region[0] <= t.head.idx < region[1]):
                c = by_head.get(t.i)
                if c is None:
                    # the subject may be the last word of a multi-word name
                    for ch in t.children:
                        if ch.dep_ == "compound" and ch.i in by_head:
                            c = by_head[ch.i]
                if c is not None:
                    gap = min(abs(t.idx - region[0]), abs(t.idx - region[1]))
                    cands.append((gap, c))
    if not cands:
        return None
    return min(cands, key=lambda x: x[0])[1]


def _descriptions(d: _Doc, events: list[_Ev], starts: list[int], insert: Any,
                  clusters: Sequence[Cluster], places_at_tok: dict[int, str],
                  name_toks: set[int], holder: Any = None) -> None:
    """Definite descriptions to the actor whose role they name: the most recent one before
    (a better-fitting one wins), else one named in the sentences after, else
    ``holder(title, state, qualifier)`` (the known holder on the document's date)."""
    sp = d.sp
    n = len(sp)
    max_title = 3
    for tok in sp:
        if tok.lower_ != "the":
            continue
        si = d.sent_of[tok.i]
        send = d.sent_bounds[si][1]
        j = tok.i + 1
        qual = None
        country = None
        while j < send and j - tok.i <= 6:
            t = sp[j]
            is_q, q = R.qualifier(t.text)
            if is_q and t.lower_ not in ("deputy",):
                qual = qual or q
                j += 1
            elif j in places_at_tok:
                country = places_at_tok[j]
                j += 1
                if j < send and sp[j].text in ("'s", "’s", "'"):
                    j += 1
            else:
                break
        title = None
        L = 0
        for L in range(min(max_title, send - j), 0, -1):
            words = [sp[x].text for x in range(j, j + L)]
            if any(x in name_toks for x in range(j, j + L)):
                continue
            title = R.canonical_title(words)
            if title:
                break
        if not title:
            continue
        k = j + L
        if k < send and sp[k].lower_ == "of":
            m = k + 1
            if m < send and sp[m].lower_ == "the":
                m += 1
            if m < send and m in places_at_tok:
                country = places_at_tok[m]
                code = country
                while m < send and places_at_tok.get(m) == code:
                    m += 1
                k = m
        if k < n and (k in name_toks or (sp[k].pos_ == "PROPN" and sp[k].text[:1].isupper()
                                          and k not in places_at_tok)):
            continue   # "the Japanese Prime Minister Fumio Kishida": a premodifier
        if sp[k - 1].tag_ in ("NNS", "NNPS"):
            continue
        start, end = tok.idx, sp[k - 1].idx + len(sp[k - 1].text)
        best: tuple[float, int, Cluster] | None = None
        q = bisect.bisect_left(starts, start) - 1
        while q >= 0:
            ev = events[q]
            q -= 1
            if si - ev.sent > DESC_WINDOW:
                break
            score = _role_match(ev.cluster, title, country, qual)
            if score > 0 and (best is None or score > best[0]):
                best = (score, ev.start, ev.cluster)
        if best is None:
            # "The chancellor has used his ninth Budget ... Gordon Brown told MPs": the
            # holder may be named after the description, in the sentences that follow
            q = bisect.bisect_right(starts, end)
            while q < len(events):
                ev = events[q]
                q += 1
                if ev.sent - si > DESC_WINDOW:
                    break
                score = _role_match(ev.cluster, title, country, qual)
                if score >= 1.5 and (best is None or score > best[0]):
                    best = (score, ev.start, ev.cluster)
        dictionary = False
        if best is None and holder is not None:
            c = holder(title, country, qual)
            if c is None:
                continue
            best = (0.0, start, c)
            dictionary = True
        if best is None:
            continue
        c = best[2]
        if dictionary:
            c.dictionary_mentions.add((start, end))
        if country is not None:
            if not any(of == country for t, of, qq in c.roles if t == title):
                c.add_role(title, country, qual)
            if c.country is None:
                c.country = country
        h = d.head_of(start, end)
        subj, root = _is_subj(sp[h])
        insert(_Ev(start, end, h, si, c, subj, root))
        if (start, end, "nominal") not in c.mentions:
            c.mentions.append((start, end, "nominal"))


# ---------------------------------------------------------------------------- lookup
# A lookup per quote over every mention is quadratic on a long body (thousands of quotes and
# mentions); above this many mentions, the mentions that can touch a span are found by
# bisection over their starts, then taken in their original order (so ties break the same).
_INDEX_FROM = 256
_index_cache: list[Any] = [None, None]       # (entities, index) of the last tuple indexed


def _mention_index(entities: Sequence[Entity]) -> tuple[list[int], list[tuple], int]:
    if _index_cache[0] is entities:
        return _index_cache[1]
    rows = sorted((m.start, order, e, m) for order, (e, m) in
                  enumerate((e, m) for e in entities for m in e.mentions))
    longest = max((m.end - m.start for _, _, _, m in rows), default=0)
    index = ([r[0] for r in rows], rows, longest)
    _index_cache[:] = [entities, index]
    return index


def near_mentions(entities: Sequence[Entity], start: int, end: int
                  ) -> Iterable[tuple[Entity, Any]]:
    """(entity, mention) pairs in entity then mention order: all of them, or (for a large
    immutable tuple of entities) every one that can overlap, cover or touch ``[start, end)``."""
    if not isinstance(entities, tuple) or sum(len(e.mentions) for e in entities) < _INDEX_FROM:
        return ((e, m) for e in entities for m in e.mentions)
    starts, rows, longest = _mention_index(entities)
    lo = bisect.bisect_left(starts, start - longest)
    hi = bisect.bisect_right(starts, end)
    return ((e, m) for _, _, e, m in sorted(rows[lo:hi], key=lambda r: r[1]))


def resolve_span(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The entity one of whose mentions is the span ``[start, end)``; else one whose mention
    covers it (the tightest), else the one overlapping it best, preferring a mention that
    ends where the span ends (English noun phrases end in their head: in "North Korean
    leader Kim Jong Un" the person, not the state)."""
    covering: tuple[int, Entity] | None = None
    overlap: tuple[tuple[int, int], Entity] | None = None
    for e, m in near_mentions(entities, start, end):
        if m.start == start and m.end == end:
            return e
        if m.start <= start and end <= m.end:
            ln = m.end - m.start
            if covering is None or ln < covering[0]:
                covering = (ln, e)
        else:
            ov = min(end, m.end) - max(start, m.start)
            if ov > 0:
                rank = (1 if m.end == end else 0, ov)
                if overlap is None or rank > overlap[0]:
                    overlap = (rank, e)
    if covering is not None:
        return covering[1]
    return overlap[1] if overlap is not None else None
