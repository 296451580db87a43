"""Writing linked batches: one transaction per batch, idempotent by construction.

The store decides nothing: ``newsgraph.link`` decides what each document of a batch is (new,
an exact copy, a syndicated copy of a stored one), which actor each entity is and what the
actors are called, and hands a ``model.LinkedBatch`` to ``write_linked``, which writes, in
order:

* ``Dropped`` -> one ``errors`` row (once per source and reason);
* an exact or near copy -> a source row on the stored original (or nothing, if that source
  is known already: ``unchanged``);
* a new document -> the document, its LSH bands, its source and all its annotations;

then the batch's actors (``store.actors``). Running the same input again therefore changes
nothing, and a batch killed halfway leaves no trace (SQLite rolls the open transaction back),
so a rerun completes it.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass, fields
from typing import Any, Sequence

from ..model import (Actor, ActorRecord, Annotated, Article, Dropped, Event, LinkedBatch,
                     LinkedDocument, TimelineChanges, TimelineEvent, TimelineReport,
                     date_bounds)
from ..names import lookup_key
from . import actors

STORED, UNCHANGED, EXACT, NEAR, ERROR = "stored", "unchanged", "exact", "near", "error"


@dataclass(frozen=True)
class Outcome:
    kind: str                  # stored | unchanged | exact | near | error
    source: str
    doc_id: str | None = None  # the stored document it went to
    reason: str | None = None  # for errors
    similarity: float | None = None
    warnings: tuple[str, ...] = ()   # codes of the stored document's warnings


def write_linked(c: sqlite3.Connection, batch: LinkedBatch, when: str) -> list[Outcome]:
    """Write one linked batch inside the caller's transaction; what happened to each item."""
    out: list[Outcome] = []
    ids: dict[str, tuple] = {}            # actor key -> id, for the batch's entities
    records = {r.key: r for r in batch.actors}
    counts = Counts()
    for it in batch.items:
        if isinstance(it, Dropped):
            c.execute("INSERT OR IGNORE INTO errors(source, reason, message, at) "
                      "VALUES (?, ?, ?, ?)", (it.source, it.reason, it.message, when))
            out.append(Outcome(ERROR, it.source, reason=it.reason))
        else:
            out.append(_write_one(c, it, when, records, ids, counts))
    # before the merges: they move what is counted on the actors merged away
    counts.write(c)
    actors.finish_batch(c, batch.actors, batch.merges)
    write_timeline(c, batch.timeline)
    return out


def write_timeline(c: sqlite3.Connection, ch: TimelineChanges) -> None:
    """Apply what linking changed in the timeline: events gone, events new or changed,
    reports new or moved to another event."""
    if ch.removed:
        c.executemany("DELETE FROM timeline_events WHERE tid = ?", [(t,) for t in ch.removed])
    if ch.events:
        cols = [f.name for f in fields(TimelineEvent)]
        c.executemany(
            f"INSERT INTO timeline_events({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
            f"ON CONFLICT(tid) DO UPDATE SET "
            + ", ".join(f"{k} = excluded.{k}" for k in cols if k != "tid"),
            [tuple(getattr(e, k) for k in cols) for e in ch.events])
    if ch.reports:
        cols = [f.name for f in fields(TimelineReport)]
        c.executemany(
            f"INSERT OR REPLACE INTO timeline_reports({', '.join(cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})",
            [tuple(getattr(r, k) for k in cols) for r in ch.reports])
    if ch.blocks:
        c.executemany("INSERT INTO timeline_blocks(block, version) VALUES (?, ?) "
                      "ON CONFLICT(block) DO UPDATE SET version = excluded.version",
                      ch.blocks)


class Counts:
    """What a batch adds to the maintained counts of the annotation tables (``counters``)
    and of each actor (documents, mentions, quotes), written once at the end of the batch:
    one statement per counter and per actor rather than one per row."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], int] = {}
        self.actors: dict[int, list[int]] = {}

    def add(self, name: str, n: int, part: str = "") -> None:
        if n:
            self.rows[(name, part)] = self.rows.get((name, part), 0) + n

    def document(self, c: Any, doc_id: str) -> None:
        """Count one written document's annotations on its actors (as stored: an entity or
        quote the store ignored as a duplicate is not counted)."""
        for aid, m, q in c.execute(
                "SELECT e.actor_id, (SELECT count(*) FROM mentions m WHERE m.doc_id = e.doc_id "
                "AND m.entity_id = e.id), (SELECT count(*) FROM quotes q WHERE "
                "q.doc_id = e.doc_id AND q.speaker_entity = e.id) FROM entities e "
                "WHERE e.doc_id = ? AND e.actor_id IS NOT NULL ORDER BY e.actor_id", (doc_id,)):
            seen = self.actors.setdefault(aid, [0, 0, 0, None])
            if seen[3] != doc_id:          # documents: once per actor and document
                seen[0] += 1
                seen[3] = doc_id
            seen[1] += m
            seen[2] += q

    def write(self, c: Any) -> None:
        c.executemany("INSERT INTO counters(name, part, value) VALUES (?, ?, ?) "
                      "ON CONFLICT(name, part) DO UPDATE SET value = value + excluded.value",
                      [(k[0], k[1], v) for k, v in self.rows.items()])
        c.executemany("UPDATE actors SET documents = documents + ?, mentions = mentions + ?, "
                      "quotes = quotes + ? WHERE id = ?",
                      [(d, m, q, aid) for aid, (d, m, q, _) in self.actors.items()])


def _add_source(c: Any, doc_id: str, a: Article, kind: str, when: str,
                similarity: float | None = None) -> bool:
    cur = c.execute(
        "INSERT OR IGNORE INTO sources(doc_id, source, kind, similarity, title, url, published, "
        "first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (doc_id, a.source, kind, similarity, a.title, a.url, a.published, when))
    return cur.rowcount > 0


def _write_one(c: Any, it: LinkedDocument, when: str, records: dict[str, ActorRecord],
               ids: dict[str, tuple], counts: Counts) -> Outcome:
    doc = it.doc
    a = doc.article
    if it.kind in (EXACT, NEAR):
        added = _add_source(c, it.original, a, it.kind, when,
                            None if it.similarity is None else round(it.similarity, 4))
        return Outcome(it.kind if added else UNCHANGED, a.source, it.original,
                       similarity=it.similarity)
    cur = c.execute(
        "INSERT INTO documents(doc_id, source, title, published, published_source, language, "
        "text, url, author, media_type, removed, raw, raw_size, minhash, skipped, ingested_at, "
        "published_not_before, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (a.doc_id, a.source, a.title, a.published, a.published_source, a.language, a.text,
         a.url, a.author, a.media_type, json.dumps(list(a.removed), ensure_ascii=False),
         zlib.compress(a.raw, 6) if a.raw else None, len(a.raw), it.signature,
         json.dumps(list(doc.skipped), ensure_ascii=False), when, a.published_not_before,
         a.published or ""))
    rowid = cur.lastrowid
    c.executemany("INSERT INTO minhash_bands(band, key, doc) VALUES (?, ?, ?)",
                  [(b, k, rowid) for b, k in it.bands])
    _add_source(c, a.doc_id, a, "original", when)
    for other in a.sources:
        if other != a.source:
            c.execute("INSERT OR IGNORE INTO sources(doc_id, source, kind, first_seen) "
                      "VALUES (?, ?, ?, ?)", (a.doc_id, other, NEAR, when))
    _write_annotations(c, doc, it.actors, records, ids, rowid, counts)
    return Outcome(STORED, a.source, a.doc_id,
                   warnings=tuple(w.code for w in doc.all_warnings))


def _write_annotations(c: Any, doc: Annotated, keys: Sequence[str],
                       records: dict[str, ActorRecord], ids: dict[str, tuple], rowid: int,
                       counts: Counts) -> None:
    a = doc.article
    d = a.doc_id
    sort_key = a.published or ""     # the listing keys (schema migration 11)
    n = c.executemany("INSERT INTO document_warnings(doc_id, idx, code, message) "
                      "VALUES (?, ?, ?, ?)",
                      [(d, i, w.code, w.message) for i, w in enumerate(doc.all_warnings)]
                      ).rowcount
    counts.add("warnings", n)
    for w in doc.all_warnings:
        counts.add("warnings", 1, w.code)
    counts.add("sentences", c.executemany(
        'INSERT INTO sentences(doc_id, idx, start, "end", paragraph) VALUES (?, ?, ?, ?, ?)',
        [(d, i, s.start, s.end, s.paragraph) for i, s in enumerate(doc.sentences)]).rowcount)
    ents = [(d, e.id, e.name, e.type, e.country, e.gender,
             actors.add_entity(c, e, a.published, key, records, ids), sort_key, rowid)
            for e, key in zip(doc.entities, keys)]
    counts.add("entities", c.executemany(
        "INSERT OR IGNORE INTO entities(doc_id, id, name, type, country, gender, actor_id, "
        "sort_key, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ents).rowcount)
    c.executemany('INSERT INTO entity_roles(doc_id, entity_id, title, "of", as_of, qualifier, '
                  'source) VALUES (?, ?, ?, ?, ?, ?, ?)',
                  [(d, e.id, r.title, r.of, r.as_of, r.qualifier, r.source)
                   for e in doc.entities for r in e.roles])
    counts.add("mentions", c.executemany(
        'INSERT INTO mentions(doc_id, entity_id, start, "end", text, kind) '
        'VALUES (?, ?, ?, ?, ?, ?)',
        [(d, e.id, m.start, m.end, m.text, m.kind)
         for e in doc.entities for m in e.mentions]).rowcount)
    counts.add("quotes", c.executemany(
        'INSERT INTO quotes(doc_id, idx, kind, text, start, "end", speaker_entity, speaker_name, '
        'speaker_start, speaker_end, speaker_text, cue, cue_start, cue_end, sort_key, doc, '
        'speaker_key, speaker_actor) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '
        '(SELECT actor_id FROM entities WHERE doc_id = ? AND id = ?))',
        [(d, i, q.kind, q.text, q.start, q.end, q.speaker.entity, q.speaker.name,
          q.speaker.mention.start if q.speaker.mention else None,
          q.speaker.mention.end if q.speaker.mention else None,
          q.speaker.mention.text if q.speaker.mention else None,
          q.cue, q.cue_span.start if q.cue_span else None,
          q.cue_span.end if q.cue_span else None, sort_key, rowid,
          lookup_key(q.speaker.name), d, q.speaker.entity)
         for i, q in enumerate(doc.quotes)]).rowcount)
    counts.add("times", c.executemany(
        'INSERT INTO times(doc_id, idx, text, start, "end", value, kind, mod, anchor) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [(d, i, t.text, t.start, t.end, t.value, t.kind, t.mod, t.anchor)
         for i, t in enumerate(doc.times)]).rowcount)
    n = c.executemany(
        'INSERT OR IGNORE INTO events(doc_id, id, cameo, plover, label, source_entity, '
        'source_name, source_country, target_entity, target_name, target_country, date, '
        'location, modality, evidence_start, evidence_end, confidence, goldstein, '
        'trigger_start, trigger_end, trigger_text, root, quad, plover_mode, date_source, '
        'source_start, source_end, source_text, target_start, target_end, target_text, '
        'date_start, date_end, sort_key, source_actor, target_actor) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '
        '?, ?, ?, ?, ?, ?, ?, ?, ?, '
        '(SELECT actor_id FROM entities WHERE doc_id = ? AND id = ?), '
        '(SELECT actor_id FROM entities WHERE doc_id = ? AND id = ?))',
        [_event_row(d, v) for v in doc.events]).rowcount
    if n:
        counts.add("events", n)
        for quad, k in c.execute("SELECT coalesce(CAST(quad AS TEXT), ''), count(*) FROM events "
                                 "WHERE doc_id = ? GROUP BY 1", (d,)):
            counts.add("events_by_quad", k, quad)
    counts.document(c, d)


def _span(x: Any) -> tuple[Any, Any, Any]:
    return (x.start, x.end, x.text) if x is not None else (None, None, None)


def _event_row(d: str, v: Event) -> tuple:
    src, tgt = v.source or Actor(), v.target or Actor()
    start, end = date_bounds(v.date)
    return (d, v.id, v.cameo, v.plover, v.label, src.entity, src.name, src.country,
            tgt.entity, tgt.name, tgt.country, v.date, v.location, v.modality,
            v.evidence_start, v.evidence_end, v.confidence, v.goldstein,
            *_span(v.trigger), v.cameo[:2], v.quad, v.plover_mode, v.date_source,
            *_span(src.mention), *_span(tgt.mention), start, end, start or "",
            d, src.entity, d, tgt.entity)


def start_run(c: sqlite3.Connection, paths: list[str], when: str) -> int:
    cur = c.execute("INSERT INTO ingest_runs(started_at, paths) VALUES (?, ?)",
                    (when, json.dumps(paths, ensure_ascii=False)))
    return int(cur.lastrowid)


def finish_run(c: sqlite3.Connection, run_id: int, when: str, report: dict[str, Any]) -> None:
    c.execute("UPDATE ingest_runs SET finished_at = ?, report = ? WHERE id = ?",
              (when, json.dumps(report, ensure_ascii=False), run_id))


def replace_bands(c: sqlite3.Connection, rows: Sequence[tuple[int, bytes, Sequence[tuple[int, int]]]],
                  layout: str) -> None:
    """Replace the near-duplicate index: (document rowid, signature, its (band, key)s), and
    record the layout it was built with."""
    c.execute("DELETE FROM minhash_bands")
    for rowid, sig, keys in rows:
        c.execute("UPDATE documents SET minhash = ? WHERE id = ? AND minhash IS NOT ?",
                  (sig, rowid, sig))
        c.executemany("INSERT INTO minhash_bands(band, key, doc) VALUES (?, ?, ?)",
                      [(b, k, rowid) for b, k in keys])
    c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('lsh_layout', ?)", (layout,))
