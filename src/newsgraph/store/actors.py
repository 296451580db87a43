"""Writing cross-document actors as ``newsgraph.link`` decided them.

For each entity of a new document the store counts its name and roles on the actor the
linker gave it and widens the actor's dates; at the end of the batch it folds the stored
actors the linker merged into their survivors (entities re-pointed, names and roles summed,
dates widened) and writes every touched actor's name, country and name words as decided.
Counting and widening are arithmetic, not decisions: the same rows come out whatever order
they are added in.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Sequence

from ..model import ActorRecord, Entity
from ..names import lookup_key

_EARLIER = "CASE WHEN {c} IS NULL THEN excluded.{c} WHEN excluded.{c} IS NULL THEN {c} " \
           "ELSE min({c}, excluded.{c}) END"
_LATER = "CASE WHEN {c} IS NULL THEN excluded.{c} WHEN excluded.{c} IS NULL THEN {c} " \
         "ELSE max({c}, excluded.{c}) END"
# An actor's role is "from the dictionary" only while no document states it: one that does
# (source NULL) makes it a stated role for good.
_SOURCE = "CASE WHEN source IS NULL OR excluded.source IS NULL THEN NULL ELSE source END"


def add_entity(c: Any, e: Entity, published: str | None, key: str,
               records: dict[str, ActorRecord], ids: dict[str, tuple]) -> int:
    """The actor ``key`` (created as the batch's record has it, or widened), with this
    entity's name and roles counted; its id."""
    seen = ids.get(key)
    if seen is None:
        rec = records[key]
        row = c.execute(
            "INSERT INTO actors(key, name, type, country, first_seen, last_seen, name_first, "
            "name_last, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            f"first_seen = {_EARLIER.format(c='first_seen')}, "
            f"last_seen = {_LATER.format(c='last_seen')} RETURNING id, first_seen, last_seen",
            (key, rec.name, rec.type, rec.country, published, published, rec.name_first,
             rec.name_last, lookup_key(rec.name))).fetchone()
        ids[key] = seen = (row[0], row[1], row[2])
    elif published is not None and (seen[1] is None or published < seen[1]
                                    or seen[2] is None or published > seen[2]):
        row = c.execute("UPDATE actors SET "
                        "first_seen = CASE WHEN first_seen IS NULL THEN ?1 ELSE "
                        "min(first_seen, ?1) END, "
                        "last_seen = CASE WHEN last_seen IS NULL THEN ?1 ELSE "
                        "max(last_seen, ?1) END WHERE id = ?2 RETURNING first_seen, last_seen",
                        (published, seen[0])).fetchone()
        ids[key] = seen = (seen[0], row[0], row[1])
    actor_id = seen[0]
    c.execute("INSERT INTO actor_names(actor_id, name, count, name_key) VALUES (?, ?, 1, ?) "
              "ON CONFLICT(actor_id, name) DO UPDATE SET count = count + 1",
              (actor_id, e.name, lookup_key(e.name)))
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


def finish_batch(c: Any, records: Sequence[ActorRecord],
                 merges: Sequence[tuple[str, str]]) -> None:
    """Apply the batch's merges, then write every touched actor's decided name, country and
    name words."""
    words = {r.key: (r.name_first, r.name_last) for r in records}
    for old, new in merges:
        merge(c, old, new, words.get(new, (None, None)))
    c.executemany("UPDATE actors SET name = ?, country = ?, name_first = ?, name_last = ?, "
                  "name_key = ? WHERE key = ?",
                  [(r.name, r.country, r.name_first, r.name_last, lookup_key(r.name), r.key)
                   for r in records])


def merge(c: Any, old: str, new: str, new_words: tuple[str | None, str | None]) -> None:
    """Fold the stored actor ``old`` into ``new``: entities re-pointed, names and roles
    summed, dates widened; ``old`` is deleted (or re-keyed, when ``new`` is not stored)."""
    src = c.execute("SELECT * FROM actors WHERE key = ?", (old,)).fetchone()
    if src is None:
        return
    dst = c.execute("SELECT id FROM actors WHERE key = ?", (new,)).fetchone()
    if dst is None:
        c.execute("UPDATE actors SET key = ?, name_first = ?, name_last = ? WHERE id = ?",
                  (new, *new_words, src["id"]))
        return
    o, n = src["id"], dst["id"]
    # (triggers move the actor's counts, its quotes' speaker_actor and its role evidence)
    c.execute("UPDATE entities SET actor_id = ? WHERE actor_id = ?", (n, o))
    # events carry their sides' actor (indexed for actor and pair lists): re-pointed too
    c.execute("UPDATE events SET source_actor = ? WHERE source_actor = ?", (n, o))
    c.execute("UPDATE events SET target_actor = ? WHERE target_actor = ?", (n, o))
    c.execute("INSERT INTO actor_names(actor_id, name, count, name_key) "
              "SELECT ?, name, count, name_key FROM actor_names WHERE actor_id = ? "
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
              "first_seen = CASE WHEN first_seen IS NULL THEN ?1 WHEN ?1 IS NULL THEN first_seen "
              "ELSE min(first_seen, ?1) END, "
              "last_seen = CASE WHEN last_seen IS NULL THEN ?2 WHEN ?2 IS NULL THEN last_seen "
              "ELSE max(last_seen, ?2) END WHERE id = ?3",
              (src["first_seen"], src["last_seen"], n))
    c.execute("DELETE FROM actors WHERE id = ?", (o,))


def set_name_words(c: sqlite3.Connection,
                   rows: Iterable[tuple[str, str | None, str | None]]) -> None:
    """(key, first word, last word) of persons, as the linker computes them."""
    c.executemany("UPDATE actors SET name_first = ?2, name_last = ?3 WHERE key = ?1", rows)
