"""Event merging: the reports of one real-world event become one timeline event.

Each document's event becomes a ``TimelineReport``: its actors after resolution (actor keys,
each side's state and whether that side is a leader acting for it), its day interval
(``link.dates``), its CAMEO code and place. Reports can only be one event within a *block*:
the same CAMEO root, the same modality and the same states (or bodies) on both sides;
consultations (root 04) are undirected ("A met B" = "B met A"). Within a block two reports
are compatible when

* their actors are: the same actor, or a state and a leader acting for it ("Trump met Kim"
  and "Washington held talks with Pyongyang" only when the others agree);
* their dates are: one interval contains the other (a year its months, "2018/2019" the
  2018 Singapore summit, the early 2000s 2002);
* their places are: the same, one unknown, or a place and the state it lies in;
* their codes are: the same root (the block), one more specific than the other or siblings.

Clustering is a function of the block's set of reports, never of their order: reports are
taken most precise first (narrowest interval, then most specific code, then by id), and each
joins the one earlier event it is compatible with. A vague report compatible with several
("three meetings in 2018-2019" once Singapore, Hanoi and Panmunjom are known) joins the one
among them reported with exactly its own date if there is one, else stands alone: an
ambiguous report is not guessed into an event. The same reports, in any order or batches,
make the same timeline.

Incremental: a batch re-clusters only the blocks its reports (and the actors it merges)
touch, reading those blocks by an indexed lookup; the store gets the events and reports that
changed (``model.TimelineChanges``).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Sequence  # noqa: F401
from urllib.parse import urlparse

from ..model import Actor, Annotated, Event, TimelineChanges, TimelineEvent, TimelineReport
from . import dates

UNDIRECTED_ROOTS = frozenset({"04"})
NO_ACTOR = "-"
# GDELT's quad classes by CAMEO root: verbal / material cooperation, verbal / material conflict
_QUADS = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
          **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}


def quad_of(cameo: str | None) -> int | None:
    return _QUADS.get((cameo or "")[:2])


def block_of(cameo: str, modality: str, source_state: str | None,
             target_state: str | None) -> str:
    root = cameo[:2]
    a, b = source_state or NO_ACTOR, target_state or NO_ACTOR
    if root in UNDIRECTED_ROOTS and b < a:
        a, b = b, a
    return f"{root}|{modality}|{a}|{b}"


# ------------------------------------------------------------------ reports
def _leader_titles() -> frozenset[str]:
    try:
        from ..annotate.roles import STATE_TITLES
        return frozenset(STATE_TITLES)
    except Exception:  # the annotate tables cannot load: no one is known to lead a state
        return frozenset()


_LEADERS: frozenset[str] | None = None


def _side(actor: Actor | None, doc: Annotated, keys: Mapping[str, str],
          key_for: Callable[[str, str | None], str | None]
          ) -> tuple[str | None, str | None, bool]:
    """(actor key, the state or body it acts for, whether it is a leader acting for it)."""
    global _LEADERS
    if actor is None:
        return None, None, False
    ent = next((e for e in doc.entities if e.id == actor.entity), None) if actor.entity \
        else None
    key = keys.get(actor.entity) if actor.entity else None
    if key is None and actor.name:
        key = key_for(actor.name, actor.country)
    if key is None:
        return None, None, False
    if key.isupper():                    # a state or an international body
        return key, key, False
    country = (actor.country or (ent.country if ent else None) or "").upper() or None
    if _LEADERS is None:
        _LEADERS = _leader_titles()
    led = {(r.of or country) for r in (ent.roles if ent else ()) if r.title in _LEADERS}
    led.discard(None)
    if country is None and len(led) == 1:
        country = next(iter(led))
    state = country or key
    return key, state, state in led


def _place(location: str | None) -> tuple[str | None, str | None]:
    """A place as its canonical name and the state it is in (a state is its own)."""
    if not location or not location.strip():
        return None, None
    try:
        from ..annotate import gazetteer
        p = gazetteer.lookup(location)
    except Exception:  # no gazetteer: the place as written
        p = None
    written = " ".join(location.split())
    if p is None:
        return written, None
    country = p.country or (p.code if p.type == "COUNTRY" else None)
    # a capital stands for its state as an actor; as a place it is the city
    return (written if p.kind in ("capital", "demonym") else p.name), country


def _mod(doc: Annotated, ev: Event) -> str | None:
    """The TIMEX mod of the time expression the event's date came from ("the early 2000s"
    is 200X START): one with that value in the event's evidence, else anywhere."""
    if not ev.date:
        return None
    inside = [t for t in doc.times if t.value == ev.date
              and ev.evidence_start <= t.start < max(ev.evidence_end, ev.evidence_start + 1)]
    anywhere = inside or [t for t in doc.times if t.value == ev.date]
    return anywhere[0].mod if anywhere else None


def _outlet(doc: Annotated) -> str | None:
    a = doc.article
    if a.url:
        host = urlparse(a.url).netloc.lower()
        if host:
            return host[4:] if host.startswith("www.") else host
    return a.source


def reports_of(doc: Annotated, keys: Mapping[str, str],
               key_for: Callable[[str, str | None], str | None]) -> list[TimelineReport]:
    """The timeline reports of one new document: its events, each side's entity resolved
    by ``keys`` (entity id -> actor key) or, for a side the text names without an entity,
    by ``key_for(name, country)``. An event without a code is no report."""
    out: list[TimelineReport] = []
    seen: set[str] = set()
    a = doc.article
    outlet = _outlet(doc)
    for ev in doc.events:
        if not ev.cameo or ev.id in seen:
            continue
        seen.add(ev.id)
        sk, ss, sl = _side(ev.source, doc, keys, key_for)
        tk, ts, tl = _side(ev.target, doc, keys, key_for)
        iv = dates.interval(ev.date, _mod(doc, ev), a.published)
        place, pc = _place(ev.location)
        modality = ev.modality or "asserted"
        out.append(TimelineReport(
            doc_id=a.doc_id, event_id=ev.id, block=block_of(ev.cameo, modality, ss, ts),
            lo=dates.iso(iv[0]) if iv else None, hi=dates.iso(iv[1]) if iv else None,
            date=ev.date, cameo=ev.cameo, source_key=sk, source_state=ss, source_leads=sl,
            target_key=tk, target_state=ts, target_leads=tl, place=place, place_country=pc,
            published=a.published, outlet=outlet, goldstein=ev.goldstein,
            quad=getattr(ev, "quad", None) or quad_of(ev.cameo), plover=ev.plover,
            label=ev.label, modality=modality))
    return out


# ------------------------------------------------------------------ clustering
@dataclass
class _Side:
    specific: str | None = None      # the one actor that is not its state (a person, a body)
    leads: bool = False              # ... and whether it leads the state
    state_seen: bool = False         # a report named the state itself


@dataclass
class _Cluster:
    lo: int
    hi: int
    sides: tuple[_Side, _Side]
    orient: tuple[str | None, str | None]     # states of the head's source and target
    codes: Counter = field(default_factory=Counter)
    places: dict = field(default_factory=dict)       # canonical name -> its state
    members: list = field(default_factory=list)      # (report, match)


def _order_key(r: TimelineReport, lo: int, hi: int) -> tuple:
    return (hi - lo, lo, -len(r.cameo), r.cameo, r.place is None, r.doc_id, r.event_id)


def _iv(r: TimelineReport) -> tuple[int, int]:
    if r.lo is None or r.hi is None:
        return dates.MIN, dates.MAX
    return dates.ordinal(r.lo), dates.ordinal(r.hi)


def _side_match(side: _Side, key: str | None, state: str | None, leads: bool
                ) -> float | None:
    if key is None:
        return 1.0 if side.specific is None and not side.state_seen else None
    if key == side.specific:
        return 1.0
    if key == state:                             # the state itself
        if side.specific is None:
            return 1.0
        return 0.9 if side.leads else None
    if side.specific is None:                    # a leader joining reports of its state
        return 0.9 if (leads and side.state_seen) else None
    return None


def _sides_match(c: _Cluster, r: TimelineReport) -> tuple[float, bool] | None:
    """How well r's actors fit the cluster's, and whether r is oriented against it."""
    src = (r.source_key, r.source_state, r.source_leads)
    tgt = (r.target_key, r.target_state, r.target_leads)
    tries = [(src, tgt, False)]
    if r.cameo[:2] in UNDIRECTED_ROOTS:
        tries.append((tgt, src, True))
    best: tuple[float, bool] | None = None
    for a, b, flipped in tries:
        if (a[1], b[1]) != c.orient:
            continue
        m1, m2 = _side_match(c.sides[0], *a), _side_match(c.sides[1], *b)
        if m1 is not None and m2 is not None and (best is None or m1 * m2 > best[0]):
            best = (m1 * m2, flipped)
    return best


@functools.lru_cache(maxsize=4096)
def _is_state(place: str, country: str | None) -> bool:
    """Is this place the state itself (its name is the state's name)?"""
    if country is None:
        return False
    try:
        from ..annotate.gazetteer import country_name
        return country_name(country) == place
    except Exception:  # no gazetteer: a place is taken to be a place
        return False


def _place_match(c: _Cluster, place: str | None, country: str | None) -> float | None:
    if place is None:
        return 0.95 if c.places else 1.0
    if not c.places:
        return 0.95
    score = 1.0
    for p, pc in c.places.items():
        if p == place:
            continue
        # a place and the state it lies in ("Hanoi" and "Vietnam")
        if (_is_state(p, pc) and pc == country) or (_is_state(place, country) and country == pc):
            score = min(score, 0.9)
        else:
            return None
    return score


def _code_match(c: _Cluster, code: str) -> float:
    if code in c.codes:
        return 1.0
    if any(k.startswith(code) or code.startswith(k) for k in c.codes):
        return 0.95
    return 0.85                                  # siblings under one root


def _date_match(c: _Cluster, lo: int, hi: int) -> float:
    if (lo, hi) == (c.lo, c.hi):
        return 1.0
    width = hi - lo + 1
    return 0.9 if width <= 31 else 0.8 if width <= 366 else 0.7 if width <= 3700 else 0.6


def _add(c: _Cluster, r: TimelineReport, match: float, flipped: bool) -> None:
    sides = ((r.target_key, r.target_state, r.target_leads),
             (r.source_key, r.source_state, r.source_leads)) if flipped else \
        ((r.source_key, r.source_state, r.source_leads),
         (r.target_key, r.target_state, r.target_leads))
    for side, (key, state, leads) in zip(c.sides, sides):
        if key is None:
            continue
        if key == state:
            side.state_seen = True
        elif side.specific is None:
            side.specific, side.leads = key, leads
    c.codes[r.cameo] += 1
    if r.place is not None:
        c.places.setdefault(r.place, r.place_country)
    c.members.append((r, match))


def _compatible(c: _Cluster, r: TimelineReport, lo: int, hi: int
                ) -> tuple[_Cluster, float, bool] | None:
    if c.hi > hi:                                # nested: the cluster's days within r's
        return None
    sm = _sides_match(c, r)
    if sm is None:
        return None
    pm = _place_match(c, r.place, r.place_country)
    if pm is None:
        return None
    return c, sm[0] * pm * _code_match(c, r.cameo) * _date_match(c, lo, hi), sm[1]


def cluster(reports: Iterable[TimelineReport], decided_before: tuple | None = None
            ) -> list[list[tuple[TimelineReport, float]]]:
    """One block's reports as events: lists of (report, match), most precise report first;
    the same lists whatever order the reports come in.

    A report's decision depends only on the reports before it in that order, so
    ``decided_before`` (an order key) lets the reports before it keep the event and match
    they carry (``timeline``, ``match``): they are replayed, not decided again."""
    items = []
    for r in reports:
        lo, hi = _iv(r)
        items.append((_order_key(r, lo, hi), lo, hi, r))
    items.sort(key=lambda x: x[0])
    clusters: list[_Cluster] = []
    los: list[tuple[int, int]] = []              # (lo, cluster index), sorted
    exact: dict[tuple[int, int], list[_Cluster]] = {}     # clusters by their days
    replayed: dict[str, _Cluster] = {}

    def new_cluster(r: TimelineReport, lo: int, hi: int) -> _Cluster:
        c = _Cluster(lo, hi, (_Side(), _Side()), (r.source_state, r.target_state))
        _add(c, r, 1.0, False)
        bisect.insort(los, (lo, len(clusters)))
        clusters.append(c)
        exact.setdefault((lo, hi), []).append(c)
        return c

    for key, lo, hi, r in items:
        if decided_before is not None and key < decided_before and r.timeline is not None:
            c = replayed.get(r.timeline)
            if c is None:
                replayed[r.timeline] = new_cluster(r, lo, hi)
            else:
                # the way round it was decided (the cluster is as it was then)
                sm = _sides_match(c, r)
                _add(c, r, r.match, sm[1] if sm else False)
            continue
        # the one compatible event, if there is one: stop looking at the second
        found: list[tuple[_Cluster, float, bool]] = []
        for _, ci in los[bisect.bisect_left(los, (lo, -1)):bisect.bisect_right(los, (hi, 1 << 62))]:
            got = _compatible(clusters[ci], r, lo, hi)
            if got is not None:
                found.append(got)
                if len(found) > 1:
                    break
        if len(found) > 1:
            # several: the one reported with exactly these days, if it is the only one
            found = [g for c in exact.get((lo, hi), ()) if (g := _compatible(c, r, lo, hi))]
        if len(found) == 1:
            c, match, flipped = found[0]
            _add(c, r, round(match, 4), flipped)
        else:
            new_cluster(r, lo, hi)
    return [c.members for c in clusters]


def tid_of(head: TimelineReport) -> str:
    return "t" + hashlib.blake2b(f"{head.doc_id}/{head.event_id}".encode(),
                                 digest_size=8).hexdigest()


def _oriented(r: TimelineReport, head: TimelineReport) -> tuple[str | None, str | None]:
    """r's (source, target) keys the way round the head has them (undirected blocks)."""
    if (r.source_state, r.target_state) != (head.source_state, head.target_state):
        return r.target_key, r.source_key
    return r.source_key, r.target_key


def _side_key(keys: Sequence[str | None], state: str | None) -> str | None:
    """A side's actor: the first one named that is not the state (a person, a body),
    else the state."""
    named = [k for k in keys if k is not None]
    return next((k for k in named if k != state), named[0] if named else None)


def event_of(members: Sequence[tuple[TimelineReport, float]]) -> TimelineEvent:
    """The timeline event a cluster's reports make (head: the most precise report)."""
    head = members[0][0]
    reps = [r for r, _ in members]
    codes = Counter(r.cameo for r in reps)
    # the most specific code: the longest, then a named sub-code before its parent's
    # "not specified" one (042 "make a visit" before 040 "consult"), then the most reported
    cameo = min(codes, key=lambda k: (-len(k), len(k) == 3 and k.endswith("0"), -codes[k], k))
    coded = next(r for r in reps if r.cameo == cameo)
    places = Counter(r.place for r in reps if r.place)
    state_of = {r.place: r.place_country for r in reps if r.place}
    # the most specific place: one that is not a state, then the most reported
    location = min(places, key=lambda p: (_is_state(p, state_of[p]), -places[p], p)) \
        if places else None
    sides = [_oriented(r, head) for r in reps]
    dated = head.date is not None and head.lo is not None
    return TimelineEvent(
        tid=tid_of(head), block=head.block, date=head.date if dated else None,
        date_start=head.lo if dated else None, date_end=head.hi if dated else None,
        day=(head.lo if dated else None) or head.published or "", cameo=cameo,
        root=cameo[:2],
        quad=coded.quad or quad_of(cameo), plover=coded.plover, label=coded.label,
        goldstein=coded.goldstein,
        source_key=_side_key([s for s, _ in sides], head.source_state),
        source_state=head.source_state,
        target_key=_side_key([t for _, t in sides], head.target_state),
        target_state=head.target_state, location=location,
        modality=head.modality, reports=len(reps), documents=len({r.doc_id for r in reps}),
        outlets=len({r.outlet for r in reps}),
        confidence=min(m for _, m in members))


def timeline_of(reports: Iterable[TimelineReport],
                known: Mapping[str, TimelineEvent] | None = None,
                decided_before: tuple | None = None
                ) -> tuple[dict[str, TimelineEvent], list[TimelineReport]]:
    """Events (by tid) and every report assigned to its event, for one or more blocks.
    ``known``: events already made; one whose reports all still belong to it as they did
    (same reports, same matches) is taken as it is rather than made again.
    ``decided_before``: see ``cluster``."""
    by_block: dict[str, list[TimelineReport]] = {}
    for r in reports:
        by_block.setdefault(r.block, []).append(r)
    events: dict[str, TimelineEvent] = {}
    out: list[TimelineReport] = []
    for block in sorted(by_block):
        for members in cluster(by_block[block], decided_before):
            tid = tid_of(members[0][0])
            ev = known.get(tid) if known else None
            if ev is None or ev.reports != len(members) or any(
                    (r.timeline, r.match) != (tid, m) for r, m in members):
                ev = event_of(members)
            events[tid] = ev
            out.extend(_assigned(r, tid, m) for r, m in members)
    return events, out


def _assigned(r: TimelineReport, tid: str, match: float) -> TimelineReport:
    return r if (r.timeline, r.match) == (tid, match) else replace(r, timeline=tid, match=match)


def components(reports: Iterable[TimelineReport], seeds: Iterable[tuple[int, int]]
               ) -> list[TimelineReport]:
    """The reports whose overlap component (reports linked by overlapping day intervals)
    touches one of the ``seeds`` intervals. Clustering never looks across components: a
    report can only join an event whose days lie within its own."""
    reports = list(reports)
    items = [(*_iv(r), 0, i) for i, r in enumerate(reports)]
    items += [(lo, hi, 1, -1) for lo, hi in seeds]
    items.sort()
    out: list[TimelineReport] = []
    comp: list[int] = []
    hit = False
    end = None
    for lo, hi, is_seed, i in items:
        if end is not None and lo > end:
            if hit:
                out.extend(reports[j] for j in comp)
            comp, hit, end = [], False, None
        end = hi if end is None else max(end, hi)
        if is_seed:
            hit = True
        else:
            comp.append(i)
    if hit:
        out.extend(reports[j] for j in comp)
    return out


# ------------------------------------------------------------------ incremental
def rekey(r: TimelineReport, moved: Mapping[str, str]) -> TimelineReport:
    """A stored report after actor merges (old key -> surviving key): keys follow, and so
    does a side that acts for itself (a person without a state)."""
    sk, tk = moved.get(r.source_key, r.source_key), moved.get(r.target_key, r.target_key)
    ss = moved.get(r.source_state, r.source_state)
    ts = moved.get(r.target_state, r.target_state)
    if (sk, tk, ss, ts) == (r.source_key, r.target_key, r.source_state, r.target_state):
        return r
    return replace(r, source_key=sk, target_key=tk, source_state=ss, target_state=ts,
                   block=block_of(r.cameo, r.modality, ss, ts))


@dataclass
class _Block:
    version: int
    reports: dict                   # (doc_id, event_id) -> TimelineReport, as stored
    events: dict                    # tid -> TimelineEvent, as stored


class Timeline:
    """The timeline blocks one linker has read, kept across batches. Each block carries the
    version the store had when it was read (``timeline_blocks.version``): a block another
    writer changed since is read again, so decisions are always made on what is stored."""

    def __init__(self) -> None:
        self._blocks: dict[str, _Block] = {}

    def link(self, c: Any, new: Sequence[TimelineReport], moved: Mapping[str, str]
             ) -> TimelineChanges:
        """The changes ``new`` reports and the actor merges ``moved`` (old key -> surviving
        key) make. Reads, through narrow lookups, only the blocks they touch."""
        from ..store import lookups
        named = lookups.timeline_reports_naming(c, moved) if moved else []
        rekeyed = [rekey(r, moved) for r in named]
        touched = {r.block for r in new} | {r.block for r in named} | \
            {r.block for r in rekeyed}
        if not touched:
            return TimelineChanges()
        versions = lookups.timeline_block_versions(c, touched)
        stale = sorted(b for b in touched
                       if b not in self._blocks or self._blocks[b].version != versions.get(b, 0))
        if stale:
            reps, evs = lookups.timeline_blocks(c, stale)
            for b in stale:
                self._blocks[b] = _Block(versions.get(b, 0), {}, {})
            for r in reps:
                self._blocks[r.block].reports[(r.doc_id, r.event_id)] = r
            for t, ev in evs.items():
                self._blocks[ev.block].events[t] = ev
        # what changes in each block: reports leaving (re-keyed elsewhere), arriving, new
        seeds: dict[str, list[tuple[int, int]]] = {b: [] for b in touched}
        leaving: dict[str, list] = {b: [] for b in touched}
        for old, now in zip(named, rekeyed):
            seeds[old.block].append(_iv(old))
            leaving[old.block].append(old)
            seeds[now.block].append(_iv(now))
        arriving: dict[str, list[TimelineReport]] = {b: [] for b in touched}
        for r in rekeyed:
            arriving[r.block].append(r)
        for r in new:
            arriving[r.block].append(r)
            seeds[r.block].append(_iv(r))
        removed: list[str] = []
        events: list[TimelineEvent] = []
        reports: list[TimelineReport] = []
        bumped: list[tuple[str, int]] = []
        for b in sorted(touched):
            blk = self._blocks[b]
            old_tids = {r.timeline for r in leaving[b]}
            for r in leaving[b]:
                blk.reports.pop((r.doc_id, r.event_id), None)
            for r in arriving[b]:
                blk.reports[(r.doc_id, r.event_id)] = r
            affected = components(blk.reports.values(), seeds[b])
            # what comes before every changed report in clustering order stays decided
            first = min(_order_key(r, *_iv(r)) for r in (*leaving[b], *arriving[b]))
            old_tids |= {r.timeline for r in affected if r.timeline is not None}
            dirty = {r.timeline for r in leaving[b]} | {r.timeline for r in arriving[b]}
            evs, assigned = timeline_of(affected, {t: e for t, e in blk.events.items()
                                                   if t not in dirty}, first)
            for t in sorted(old_tids - set(evs)):
                if blk.events.pop(t, None) is not None:
                    removed.append(t)
            for t, ev in sorted(evs.items()):
                if blk.events.get(t) != ev:
                    blk.events[t] = ev
                    events.append(ev)
            for r in assigned:
                k = (r.doc_id, r.event_id)
                if blk.reports.get(k) is not r or r.timeline is None:
                    blk.reports[k] = r
                    reports.append(r)
            reports.extend(r for r in rekeyed if r.block == b and
                           blk.reports.get((r.doc_id, r.event_id)) is r and r not in reports)
            blk.version += 1
            bumped.append((b, blk.version))
        return TimelineChanges(tuple(removed), tuple(events), tuple(reports), tuple(bumped))
