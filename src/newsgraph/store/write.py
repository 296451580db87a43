"""Writing processed batches: one transaction per batch, idempotent by construction.

A document is identified by ``doc_id`` (hash of its normalised body). For each item of a
batch, in order:

* ``Dropped`` -> one ``errors`` row (once per source and reason);
* a body already stored -> an ``exact`` source row (or nothing, if that source is known);
* a body whose MinHash matches a stored one -> a ``near`` source row on the stored one;
* otherwise the document, its LSH bands, its source and all its annotations.

Running the same input again therefore changes nothing, and a batch killed halfway leaves
no trace (SQLite rolls the open transaction back), so a rerun completes it.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..clean.dedup import Dedup, pack, shingles, unpack
from ..model import Actor, Annotated, Article, Dropped, Entity, Event, date_bounds
from .actors import ActorLinker
from .db import Store, now

STORED, UNCHANGED, EXACT, NEAR, ERROR = "stored", "unchanged", "exact", "near", "error"


@dataclass(frozen=True)
class Outcome:
    kind: str                  # stored | unchanged | exact | near | error
    source: str
    doc_id: str | None = None  # the stored document it went to
    reason: str | None = None  # for errors
    similarity: float | None = None
    warnings: tuple[str, ...] = ()   # codes of the stored document's warnings


def code_name(key: str) -> str | None:
    """The standard name of an actor keyed by a code ("GBR" -> "United Kingdom"), so a state
    is not named after whichever short form most documents happen to use."""
    if not key.isupper():
        return None
    try:
        from ..annotate.gazetteer import country_name
    except ImportError:
        return None
    try:
        return country_name(key)
    except Exception:  # a gazetteer that cannot load must not stop storing
        return None


def write_batch(store: Store, items: Sequence[Annotated | Dropped], dedup: Dedup
                ) -> list[Outcome]:
    """Store one processed batch in one transaction; return what happened to each item."""
    # signatures are computed before taking the write lock, so readers and other writers
    # wait only for the inserts
    sigs: dict[int, np.ndarray] = {}
    for i, it in enumerate(items):
        if isinstance(it, Annotated):
            sigs[i] = dedup.signature(it.article.text)
    when = now()
    out: list[Outcome] = []
    touched: dict[int, tuple[str, str]] = {}    # actor id -> (key, type), named once per batch
    linker = store.linker()
    if store.lsh_layout != dedup.layout:
        ensure_lsh_layout(store, dedup)
    try:
        with store.transaction() as c:
            linker.prepare(c, (e for it in items if isinstance(it, Annotated)
                               for e in it.entities))
            for i, it in enumerate(items):
                if isinstance(it, Dropped):
                    c.execute("INSERT OR IGNORE INTO errors(source, reason, message, at) "
                              "VALUES (?, ?, ?, ?)", (it.source, it.reason, it.message, when))
                    out.append(Outcome(ERROR, it.source, reason=it.reason))
                else:
                    out.append(_write_one(c, it, sigs[i], dedup, when, linker, touched))
            for actor_id, (key, actor_type) in touched.items():
                c.execute(_RENAME, (actor_id, code_name(key), actor_type))
            for old, new in linker.merges():
                merge_actors(c, old, new)
                linker.applied(old)
    except BaseException:
        # the registry may now know entities that were rolled back: rebuild it from the store
        store.reset_linker()
        raise
    return out


def _add_source(c: Any, doc_id: str, a: Article, kind: str, when: str,
                similarity: float | None = None) -> bool:
    cur = c.execute(
        "INSERT OR IGNORE INTO sources(doc_id, source, kind, similarity, title, url, published, "
        "first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (doc_id, a.source, kind, similarity, a.title, a.url, a.published, when))
    return cur.rowcount > 0


def _write_one(c: Any, doc: Annotated, sig: np.ndarray, dedup: Dedup, when: str,
               linker: ActorLinker, touched: dict[int, tuple[str, str]]) -> Outcome:
    a = doc.article
    row = c.execute("SELECT doc_id FROM documents WHERE doc_id = ?", (a.doc_id,)).fetchone()
    if row is not None:
        added = _add_source(c, a.doc_id, a, EXACT, when)
        return Outcome(EXACT if added else UNCHANGED, a.source, a.doc_id)

    keys = dedup.band_keys(sig)
    best: tuple[float, int, str] | None = None
    cands: set[int] = set()
    for band, key in keys:
        cands.update(r[0] for r in c.execute(
            "SELECT doc FROM minhash_bands WHERE band = ? AND key = ?", (band, key)))
    mine: set[bytes] | None = None
    for doc_rowid in sorted(cands):
        r = c.execute("SELECT doc_id, minhash FROM documents WHERE id = ?",
                      (doc_rowid,)).fetchone()
        if not dedup.worth_checking(dedup.similarity(sig, unpack(r["minhash"]))):
            continue
        # the decision is exact: Jaccard of the shingles, from the stored text
        if mine is None:
            mine = shingles(a.text)
        text = c.execute("SELECT text FROM documents WHERE id = ?", (doc_rowid,)).fetchone()[0]
        sim = dedup.jaccard(mine, shingles(text))
        # highest similarity wins; ties go to the earliest stored, so the choice is stable
        if best is None or sim > best[0]:
            best = (sim, doc_rowid, r["doc_id"])
    if best is not None and dedup.is_copy(best[0]):
        added = _add_source(c, best[2], a, NEAR, when, round(best[0], 4))
        return Outcome(NEAR if added else UNCHANGED, a.source, best[2], similarity=best[0])

    cur = c.execute(
        "INSERT INTO documents(doc_id, source, title, published, published_source, language, "
        "text, url, author, media_type, removed, raw, raw_size, minhash, skipped, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (a.doc_id, a.source, a.title, a.published, a.published_source, a.language, a.text,
         a.url, a.author, a.media_type, json.dumps(list(a.removed), ensure_ascii=False),
         zlib.compress(a.raw, 6) if a.raw else None, len(a.raw), pack(sig),
         json.dumps(list(doc.skipped), ensure_ascii=False), when))
    rowid = cur.lastrowid
    c.executemany("INSERT INTO minhash_bands(band, key, doc) VALUES (?, ?, ?)",
                  [(b, k, rowid) for b, k in keys])
    _add_source(c, a.doc_id, a, "original", when)
    for other in a.sources:
        if other != a.source:
            c.execute("INSERT OR IGNORE INTO sources(doc_id, source, kind, first_seen) "
                      "VALUES (?, ?, ?, ?)", (a.doc_id, other, NEAR, when))
    _write_annotations(c, doc, linker, touched)
    return Outcome(STORED, a.source, a.doc_id,
                   warnings=tuple(w.code for w in doc.all_warnings))


def _write_annotations(c: Any, doc: Annotated, linker: ActorLinker,
                       touched: dict[int, tuple[str, str]]) -> None:
    a = doc.article
    d = a.doc_id
    c.executemany("INSERT INTO document_warnings(doc_id, idx, code, message) VALUES (?, ?, ?, ?)",
                  [(d, i, w.code, w.message) for i, w in enumerate(doc.all_warnings)])
    c.executemany('INSERT INTO sentences(doc_id, idx, start, "end", paragraph) '
                  'VALUES (?, ?, ?, ?, ?)',
                  [(d, i, s.start, s.end, s.paragraph) for i, s in enumerate(doc.sentences)])
    for e in doc.entities:
        actor_id = _upsert_actor(c, e, a.published, linker.key(e, d, a.published), touched)
        c.execute("INSERT OR IGNORE INTO entities(doc_id, id, name, type, country, gender, "
                  "actor_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (d, e.id, e.name, e.type, e.country, e.gender, actor_id))
        c.executemany('INSERT INTO entity_roles(doc_id, entity_id, title, "of", as_of, qualifier, '
                      'source) VALUES (?, ?, ?, ?, ?, ?, ?)',
                      [(d, e.id, r.title, r.of, r.as_of, r.qualifier, r.source)
                       for r in e.roles])
        c.executemany('INSERT INTO mentions(doc_id, entity_id, start, "end", text, kind) '
                      'VALUES (?, ?, ?, ?, ?, ?)',
                      [(d, e.id, m.start, m.end, m.text, m.kind) for m in e.mentions])
    c.executemany(
        'INSERT INTO quotes(doc_id, idx, kind, text, start, "end", speaker_entity, speaker_name, '
        'speaker_start, speaker_end, speaker_text, cue, cue_start, cue_end) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [(d, i, q.kind, q.text, q.start, q.end, q.speaker.entity, q.speaker.name,
          q.speaker.mention.start if q.speaker.mention else None,
          q.speaker.mention.end if q.speaker.mention else None,
          q.speaker.mention.text if q.speaker.mention else None,
          q.cue, q.cue_span.start if q.cue_span else None,
          q.cue_span.end if q.cue_span else None)
         for i, q in enumerate(doc.quotes)])
    c.executemany('INSERT INTO times(doc_id, idx, text, start, "end", value, kind, mod, anchor) '
                  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                  [(d, i, t.text, t.start, t.end, t.value, t.kind, t.mod, t.anchor)
                   for i, t in enumerate(doc.times)])
    c.executemany(
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
        [_event_row(d, v) for v in doc.events])


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


_EARLIER = "CASE WHEN {c} IS NULL THEN excluded.{c} WHEN excluded.{c} IS NULL THEN {c} " \
           "ELSE min({c}, excluded.{c}) END"
_LATER = "CASE WHEN {c} IS NULL THEN excluded.{c} WHEN excluded.{c} IS NULL THEN {c} " \
         "ELSE max({c}, excluded.{c}) END"
# An actor's role is "from the dictionary" only while no document states it: one that does
# (source NULL) makes it a stated role for good.
_SOURCE = "CASE WHEN source IS NULL OR excluded.source IS NULL THEN NULL ELSE source END"


# An actor's name: a code's standard name (?2), else for a person (?3 is its type) the
# fullest name seen ("Fumio Kishida" over "Kishida"), else the name most documents use;
# ties go to the longer, then the alphabetically first, so the choice is stable.
_RENAME = (
    "UPDATE actors SET name = coalesce(?2, (SELECT n.name FROM actor_names n "
    "WHERE n.actor_id = ?1 ORDER BY CASE WHEN ?3 = 'PERSON' THEN "
    "length(n.name) - length(replace(n.name, ' ', '')) ELSE 0 END DESC, n.count DESC, "
    "length(n.name) DESC, n.name LIMIT 1)) WHERE id = ?1")


def _upsert_actor(c: Any, e: Entity, published: str | None, key: str,
                  touched: dict[int, tuple[str, str]]) -> int:
    """Insert or widen the actor ``key``, count this name and its roles; the actor goes in
    ``touched`` to be (re)named once its batch's names are all counted."""
    row = c.execute(
        "INSERT INTO actors(key, name, type, country, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
        "country = coalesce(country, excluded.country), "
        f"first_seen = {_EARLIER.format(c='first_seen')}, "
        f"last_seen = {_LATER.format(c='last_seen')} RETURNING id, type",
        (key, e.name, e.type, e.country, published, published)).fetchone()
    actor_id, actor_type = row
    c.execute("INSERT INTO actor_names(actor_id, name, count) VALUES (?, ?, 1) "
              "ON CONFLICT(actor_id, name) DO UPDATE SET count = count + 1", (actor_id, e.name))
    touched[actor_id] = (key, actor_type)
    for r in e.roles:
        seen = r.as_of or published
        c.execute(
            'INSERT INTO actor_roles(actor_id, title, "of", qualifier, first_seen, last_seen, '
            'count, source) VALUES (?, ?, ?, ?, ?, ?, 1, ?) '
            'ON CONFLICT(actor_id, title, "of", qualifier) DO UPDATE SET count = count + 1, '
            f"first_seen = {_EARLIER.format(c='first_seen')}, "
            f"last_seen = {_LATER.format(c='last_seen')}, source = {_SOURCE}",
            (actor_id, r.title, r.of or "", r.qualifier or "", seen, seen, r.source))
    return actor_id


def start_run(c: sqlite3.Connection, paths: list[str], when: str) -> int:
    cur = c.execute("INSERT INTO ingest_runs(started_at, paths) VALUES (?, ?)",
                    (when, json.dumps(paths, ensure_ascii=False)))
    return int(cur.lastrowid)


def finish_run(c: sqlite3.Connection, run_id: int, when: str, report: dict[str, Any]) -> None:
    c.execute("UPDATE ingest_runs SET finished_at = ?, report = ? WHERE id = ?",
              (when, json.dumps(report, ensure_ascii=False), run_id))


def merge_actors(c: Any, old: str, new: str) -> None:
    """Fold the stored actor ``old`` into ``new`` (the registry found them to be one):
    entities re-pointed, names and roles summed, dates widened; ``old`` is deleted."""
    src = c.execute("SELECT * FROM actors WHERE key = ?", (old,)).fetchone()
    if src is None:
        return
    dst = c.execute("SELECT id, type FROM actors WHERE key = ?", (new,)).fetchone()
    if dst is None:
        c.execute("UPDATE actors SET key = ? WHERE id = ?", (new, src["id"]))
        return
    o, n = src["id"], dst["id"]
    c.execute("UPDATE entities SET actor_id = ? WHERE actor_id = ?", (n, o))
    c.execute("INSERT INTO actor_names(actor_id, name, count) "
              "SELECT ?, name, count FROM actor_names WHERE actor_id = ? "
              "ON CONFLICT(actor_id, name) DO UPDATE SET count = count + excluded.count", (n, o))
    c.execute('INSERT INTO actor_roles(actor_id, title, "of", qualifier, first_seen, last_seen, '
              'count, source) SELECT ?, title, "of", qualifier, first_seen, last_seen, count, '
              "source FROM actor_roles WHERE actor_id = ? "
              'ON CONFLICT(actor_id, title, "of", qualifier) DO UPDATE SET '
              "count = count + excluded.count, "
              f"first_seen = {_EARLIER.format(c='first_seen')}, "
              f"last_seen = {_LATER.format(c='last_seen')}, source = {_SOURCE}", (n, o))
    c.execute("DELETE FROM actor_names WHERE actor_id = ?", (o,))
    c.execute("DELETE FROM actor_roles WHERE actor_id = ?", (o,))
    c.execute("UPDATE actors SET "
              "country = coalesce(country, ?), "
              "first_seen = CASE WHEN first_seen IS NULL THEN ?2 WHEN ?2 IS NULL THEN first_seen "
              "ELSE min(first_seen, ?2) END, "
              "last_seen = CASE WHEN last_seen IS NULL THEN ?3 WHEN ?3 IS NULL THEN last_seen "
              "ELSE max(last_seen, ?3) END WHERE id = ?4",
              (src["country"], src["first_seen"], src["last_seen"], n))
    c.execute("DELETE FROM actors WHERE id = ?", (o,))
    c.execute(_RENAME, (n, code_name(new), dst["type"]))


def ensure_lsh_layout(store: Store, dedup: Dedup) -> None:
    """Make ``minhash_bands`` match ``dedup``'s layout, rebuilding it from the stored
    signatures (or texts) when the store was built with other settings."""
    with store.transaction() as c:
        row = c.execute("SELECT value FROM meta WHERE key = 'lsh_layout'").fetchone()
        have_docs = c.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None
        if row is None or row[0] != dedup.layout:
            if have_docs:
                c.execute("DELETE FROM minhash_bands")
                for r in c.execute("SELECT id, minhash, text FROM documents").fetchall():
                    sig = unpack(r["minhash"])
                    if len(sig) != dedup.num_perm:
                        sig = dedup.signature(r["text"])
                        c.execute("UPDATE documents SET minhash = ? WHERE id = ?",
                                  (pack(sig), r["id"]))
                    c.executemany("INSERT INTO minhash_bands(band, key, doc) VALUES (?, ?, ?)",
                                  [(b, k, r["id"]) for b, k in dedup.band_keys(sig)])
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('lsh_layout', ?)",
                      (dedup.layout,))
    store.lsh_layout = dedup.layout
