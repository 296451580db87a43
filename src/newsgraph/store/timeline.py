"""Reading the timeline: index-ordered scans of ``timeline_events`` and the reports of a
page of events. ``newsgraph.query`` decides what to ask; this module only asks.

Every scan walks one index in (day, tid) order from a keyset cursor, with the other
filters as residual conditions, and stops after ``limit`` rows: a page costs about the same
at a thousand or a million events. The indexes (schema migration 8) are
``timeline_events_day`` (no actor), ``_source`` / ``_target`` (an actor's key),
``_source_state`` / ``_target_state`` (a state or body, its people included) and
``_state_pair`` (two states); a pair with an actor's own key walks that actor's index
(an actor's own events are few next to a state's).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from .read import dict_rows

EVENT_COLS = ("e.tid, e.date, e.date_start, e.date_end, e.day, e.cameo, e.root, e.quad, "
              "e.plover, e.label, e.goldstein, e.source_key, e.source_state, e.target_key, "
              "e.target_state, e.location, e.modality, e.reports, e.documents, e.outlets, "
              "e.confidence")

# the index each equality column set is served by (checked by the benchmark's query plans)
_INDEX = {(): "timeline_events_day",
          ("source_key",): "timeline_events_source",
          ("target_key",): "timeline_events_target",
          ("source_state",): "timeline_events_source_state",
          ("target_state",): "timeline_events_target_state",
          ("source_state", "target_state"): "timeline_events_state_pair"}


@dataclass(frozen=True)
class Filters:
    since: str | None = None           # the event's days reach this day or later
    until: str | None = None           # ... start on or before this day
    root: str | None = None            # CAMEO root ("04")
    quad: int | None = None
    min_reports: int | None = None
    code: str | None = None            # a CAMEO code: the event's code is it or under it


def _residual(f: Filters, extra: Sequence[tuple[str, Any]]) -> tuple[str, list[Any]]:
    where, args = [], []
    for col, val in extra:
        where.append(f"e.{col} = ?")
        args.append(val)
    if f.since:
        where.append("coalesce(e.date_end, e.day) >= ?")
        args.append(f.since)
    if f.until:
        where.append("e.day <= ?")
        args.append(f.until)
    if f.root:
        where.append("e.root = ?")
        args.append(f.root)
    if f.code:
        where.append("e.cameo >= ? AND e.cameo < ?")
        args += [f.code, f.code + ":"]       # every code that starts with it
    if f.quad is not None:
        where.append("e.quad = ?")
        args.append(f.quad)
    if f.min_reports is not None:
        where.append("e.reports >= ?")
        args.append(f.min_reports)
    return " AND ".join(where), args


def scan(c: sqlite3.Connection, equal: Sequence[tuple[str, Any]], f: Filters,
         after: tuple[str, str] | None, limit: int) -> list[dict[str, Any]]:
    """Events with the given column values, in (day, tid) order after ``after``."""
    index, equal, residual = _plan(equal)
    where = [f"e.{col} = ?" for col, _ in equal]
    args: list[Any] = [v for _, v in equal]
    if f.since:
        # start the index walk near the first day that can match
        where.append("e.day >= ?")
        args.append(_earliest(f.since))
    if after is not None:
        where.append("(e.day, e.tid) > (?, ?)")
        args.extend(after)
    rest, rest_args = _residual(f, residual)
    if rest:
        where.append(rest)
        args.extend(rest_args)
    sql = (f"SELECT {EVENT_COLS} FROM timeline_events e INDEXED BY {index} "
           + ("WHERE " + " AND ".join(where) + " " if where else "")
           + "ORDER BY e.day, e.tid LIMIT ?")
    return dict_rows(c, sql, (*args, limit))


def _plan(equal: Sequence[tuple[str, Any]]
          ) -> tuple[str, Sequence[tuple[str, Any]], list[tuple[str, Any]]]:
    """The index a scan walks, the equalities it serves, the ones left to filter."""
    lead = tuple(col for col, _ in equal)
    index = _INDEX.get(lead)
    if index is None:                 # a key on one side, a state on the other
        return _INDEX[lead[:1]], equal[:1], list(equal[1:])
    return index, equal, []


def count(c: sqlite3.Connection, scans: Sequence[Sequence[tuple[str, Any]]], f: Filters,
          cap: int | None = None) -> tuple[int, bool]:
    """(events, exact): how many events the union of ``scans`` (as ``scan`` takes them)
    holds under ``f``, each counted once. Each scan's index range is read for at most
    ``cap`` rows (default ``store.counts.CAP``): past that, the count is a lower bound."""
    from .counts import bounded
    ranges, hints, cols = [], [], []
    need = _filter_columns(f)
    earlier: list[str] = []
    for eq in scans:
        index, served, residual = _plan(eq)
        cond = [f"e.{col} = ?" for col, _ in served]
        args: list[Any] = [v for _, v in served]
        for col, v in residual:
            cond.append(f"e.{col} = ?")
            args.append(v)
        if f.since:
            cond.append("e.day >= ?")
            args.append(_earliest(f.since))
        ranges.append((" AND ".join(cond), args))
        hints.append(index)
        # what the filters, this range's unserved equality and the earlier ranges read
        cols.append(sorted({f"e.{c}" for c in need + [c for c, _ in residual] + earlier}))
        earlier += [col for col, _ in eq]
    rest, rest_args = _residual(f, ())
    # an equality the index does not serve (a key on one side, a state on the other) sits
    # in the range condition too: the walk then reads that actor's own events, which are
    # few next to a state's
    return bounded(c, "timeline_events", "e", ranges, rest, rest_args, index=hints, cap=cap,
                   columns=cols)


def _filter_columns(f: Filters) -> list[str]:
    """The columns ``_residual`` reads for ``f``."""
    return [c for c, on in (("date_end", f.since), ("day", f.since or f.until),
                            ("root", f.root), ("cameo", f.code), ("quad", f.quad is not None),
                            ("reports", f.min_reports is not None)) if on]


def aggregate(c: sqlite3.Connection, scans: Sequence[Sequence[tuple[str, Any]]], f: Filters
              ) -> list[dict[str, Any]]:
    """The events of the union of ``scans`` under ``f`` (each once), summed per pair of
    sides (source key and state, target key and state): ``events``, ``reports``,
    ``goldstein_sum`` and ``goldstein_n`` (events with a score), ``q1``..``q4`` (events of
    each quad class), ``first`` and ``last`` day. One grouped query: the actor graph of a
    large timeline without reading its events into Python."""
    terms, args = [], []
    for eq in scans:
        cond = [f"e.{col} = ?" for col, _ in eq]
        a: list[Any] = [v for _, v in eq]
        if f.since:
            cond.append("e.day >= ?")
            a.append(_earliest(f.since))
        terms.append("(" + (" AND ".join(cond) or "1") + ")")
        args += a
    rest, rest_args = _residual(f, ())
    where = "(" + " OR ".join(terms) + ")" + (f" AND {rest}" if rest else "")
    day = "coalesce(nullif(e.date_start, ''), nullif(e.day, ''))"
    sql = ("SELECT e.source_key, e.source_state, e.target_key, e.target_state, "
           "count(*) AS events, sum(e.reports) AS reports, "
           "total(e.goldstein) AS goldstein_sum, count(e.goldstein) AS goldstein_n, "
           + ", ".join(f"sum(e.quad = {q}) AS q{q}" for q in (1, 2, 3, 4))
           + f", min({day}) AS first, max({day}) AS last "
           f"FROM timeline_events e WHERE {where} "
           "GROUP BY e.source_key, e.source_state, e.target_key, e.target_state")
    return [dict(r) for r in c.execute(sql, (*args, *rest_args))]


SINCE_REACH_YEARS = 1


def _earliest(since: str) -> str:
    """Events are found by their first day: one that reaches ``since`` is looked for among
    those starting up to a year before it (a year or a month that contains ``since``); an
    event spanning more (a decade, a range of years) is found from its own first day on."""
    try:
        return f"{int(since[:4]) - SINCE_REACH_YEARS:04d}{since[4:]}"
    except ValueError:
        return ""


def explain(c: sqlite3.Connection, equal: Sequence[tuple[str, Any]], f: Filters) -> list[str]:
    """The query plan ``scan`` gets (for the benchmark and the README)."""
    lead = tuple(col for col, _ in equal)
    index = _INDEX.get(lead) or _INDEX[lead[:1]]
    where = " AND ".join(f"e.{col} = ?" for col, _ in equal) or "1"
    return [r[-1] for r in c.execute(
        f"EXPLAIN QUERY PLAN SELECT {EVENT_COLS} FROM timeline_events e INDEXED BY {index} "
        f"WHERE {where} AND (e.day, e.tid) > (?, ?) ORDER BY e.day, e.tid LIMIT 50",
        (*[v for _, v in equal], "", ""))]


def reports(c: sqlite3.Connection, tids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The reports of these events, each with its document, outlet and evidence sentence."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in tids}
    for i in range(0, len(tids), 400):
        part = list(tids[i:i + 400])
        for r in dict_rows(
                c, "SELECT r.timeline, r.doc_id, r.event_id, r.date, r.cameo, r.match, r.outlet, "
                "r.published, d.source, d.title, d.url, ev.evidence_start, ev.evidence_end, "
                "substr(d.text, ev.evidence_start + 1, ev.evidence_end - ev.evidence_start) "
                "AS evidence FROM timeline_reports r "
                "JOIN documents d ON d.doc_id = r.doc_id "
                "LEFT JOIN events ev ON ev.doc_id = r.doc_id AND ev.id = r.event_id "
                f"WHERE r.timeline IN ({','.join('?' * len(part))}) "
                "ORDER BY r.timeline, r.match DESC, r.published, r.doc_id, r.event_id", part):
            out[r["timeline"]].append(r)
    return out


def actors_by_key(c: sqlite3.Connection, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """id, name, type and country of the actors with these keys."""
    out: dict[str, dict[str, Any]] = {}
    ks = sorted({k for k in keys if k})
    for i in range(0, len(ks), 400):
        part = ks[i:i + 400]
        for r in dict_rows(c, "SELECT id, key, name, type, country FROM actors WHERE key IN "
                           f"({','.join('?' * len(part))})", part):
            out[r["key"]] = r
    return out


def keys_of(c: sqlite3.Connection, actor_ids: Sequence[int]) -> list[tuple[str, str]]:
    """(key, type) of actors by id."""
    if not actor_ids:
        return []
    return [(r[0], r[1]) for r in c.execute(
        f"SELECT key, type FROM actors WHERE id IN ({','.join('?' * len(actor_ids))})",
        list(actor_ids))]


def state_exists(c: sqlite3.Connection, code: str) -> bool:
    """Is ``code`` a side's state in the timeline, or a stored actor's key?"""
    return c.execute("SELECT 1 FROM actors WHERE key = ?", (code,)).fetchone() is not None \
        or c.execute("SELECT 1 FROM timeline_events INDEXED BY timeline_events_source_state "
                     "WHERE source_state = ? LIMIT 1", (code,)).fetchone() is not None


def iter_events(c: sqlite3.Connection, f: Filters, batch: int = 2000
                ) -> Iterator[dict[str, Any]]:
    """Every event matching ``f``, in timeline order, read a page at a time (flat memory)."""
    after = None
    while True:
        page = scan(c, (), f, after, batch)
        yield from page
        if len(page) < batch:
            return
        after = (page[-1]["day"], page[-1]["tid"])
