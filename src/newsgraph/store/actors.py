"""Cross-document actor identity for the store: newsgraph.link's registry, kept in step
with the ``actors`` table.

The registry (pure, in memory) decides which real actor an entity is: the same key for
"Mr Kim Jong-un" and "Kim Jong Un", a surname joining the one known person with that
surname, a fuller name adopting an earlier surname-only actor. It reports the merges it
made so ``write.merge_actors`` can re-point the stored rows in the same transaction.
An entity the registry fails on gets a plain key (type + name, ISO3 for states).

The registry learns the stored persons lazily: before each batch, ``prepare`` restores the
stored persons sharing a first or last name word with the batch's persons (an indexed
query). Every decision about a person looks only at persons sharing one of those two words
with it (its surname, its first word, the short forms of its name), so the registry decides
exactly as if every stored person had been restored first, without reading them all when an
ingest starts. Restoring takes the store's decisions as they stand (key, name, country).
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from ..link.registry import ActorRegistry, actor_key
from ..model import Entity
from . import read


class ActorLinker:
    def __init__(self, conn: sqlite3.Connection | None = None, *, lazy: bool = True) -> None:
        """``lazy=False`` restores every stored person now (the same decisions, paid for
        up front; for tests and benchmarks)."""
        self.registry = ActorRegistry()
        self._applied: set[str] = set()
        # name words whose stored persons (as last word / as first word) are restored
        self._last: set[str] | None = set()
        self._first: set[str] = set()
        if conn is not None and not lazy:
            self._restore(read.actor_seed(conn))
            self._last = None                  # everything is known

    def _restore(self, rows: Iterable[sqlite3.Row]) -> None:
        for row in rows:
            try:
                self.registry.restore(row["key"], row["name"], row["country"])
            except Exception:  # one odd stored row must not stop an ingest
                continue

    def prepare(self, conn: sqlite3.Connection, entities: Iterable[Entity]) -> None:
        """Restore the stored persons the registry may need for ``entities`` (call inside the
        batch's transaction, before the first ``key``). What it needs is set out at
        ``ActorRegistry.SURNAME_FIRST_COUNTRIES``."""
        if self._last is None:
            return
        reg = self.registry
        last: set[str] = set()
        firsts: set[str] = set()            # first words of the batch's persons
        one_word: set[str] = set()          # ... of those named by one word
        for e in entities:
            if (e.type or "").upper() != "PERSON":
                continue
            try:
                key = actor_key(e)
            except Exception:  # an odd entity gets its key without history
                continue
            got = reg.name_words(key)
            if got:
                last.update(got)
                firsts.add(got[0])
                if reg.one_word(key):
                    one_word.add(got[0])
        new_last = last - self._last
        if new_last:
            self._restore(read.actor_family(conn, new_last))
            self._last |= new_last
        first = {w for w in firsts - self._first if w in one_word or reg.knows_one_word(w)}
        if first:
            self._restore(read.actor_family(conn, (), first, reg.SURNAME_FIRST_COUNTRIES))
            self._first |= first

    def key(self, entity: Entity, doc_id: str, date: str | None) -> str:
        try:
            return self.registry.add(entity, doc_id, date)
        except Exception:  # an odd entity costs its cross-document link, not the batch
            pass
        try:
            return actor_key(entity)
        except Exception:
            return fallback_actor_key(entity)

    def merges(self) -> list[tuple[str, str]]:
        """(old key, surviving key) pairs not yet applied to the store."""
        pairs = sorted(self.registry.aliases().items())
        out, seen = [], set()
        for old, new in pairs:
            new = self.registry.resolve(new)
            if old != new and old not in self._applied and old not in seen:
                seen.add(old)
                out.append((old, new))
        return out

    def applied(self, old: str) -> None:
        self._applied.add(old)



def fallback_actor_key(entity: Entity) -> str:
    """Cross-document identity for an entity the registry fails on: states by ISO3, others
    by name."""
    if entity.type == "COUNTRY" and entity.country:
        return f"COUNTRY:{entity.country}"
    return f"{entity.type}:{' '.join(entity.name.casefold().split())}"
