"""Cross-document actor identity for the store: newsgraph.link's registry, kept in step
with the ``actors`` table.

The registry (pure, in memory) decides which real actor an entity is: the same key for
"Mr Kim Jong-un" and "Kim Jong Un", a surname joining the one known person with that
surname, a fuller name adopting an earlier surname-only actor. This module seeds it from the
stored persons when an ingest starts, asks it for each new entity's key, and reports the
merges it made so ``write.merge_actors`` can re-point the stored rows in the same transaction.
Without newsgraph.link (or if it fails), a plain key (type + name, ISO3 for states) is used.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..model import Entity
from . import read


class ActorLinker:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.registry: Any = None
        self._applied: set[str] = set()
        self._renamed: list[tuple[str, str]] = []
        try:
            from ..link.registry import ActorRegistry
        except ImportError:
            return
        self.registry = ActorRegistry()
        if conn is None:
            return
        for row in read.actor_seed(conn):
            # oldest first, so the registry ends up close to where it was when they were
            # written; where it now files a stored actor elsewhere, the actor moves there
            # with the next batch
            if not row["name"]:
                continue
            try:
                got = self.registry.add(Entity("seed", row["name"], row["type"],
                                               row["country"]), f"actor:{row['id']}", None)
            except Exception:  # one odd stored name must not stop an ingest
                continue
            if got != row["key"]:
                self._renamed.append((row["key"], got))

    def key(self, entity: Entity, doc_id: str, date: str | None) -> str:
        from .write import actor_key
        if self.registry is not None:
            try:
                return self.registry.add(entity, doc_id, date)
            except Exception:  # an odd entity costs its cross-document link, not the batch
                pass
        try:
            return actor_key(entity)
        except Exception:
            from .write import fallback_actor_key
            return fallback_actor_key(entity)

    def merges(self) -> list[tuple[str, str]]:
        """(old key, surviving key) pairs not yet applied to the store."""
        if self.registry is None:
            return []
        pairs = self._renamed + sorted(self.registry.aliases().items())
        out, seen = [], set()
        for old, new in pairs:
            new = self.registry.resolve(new)
            if old != new and old not in self._applied and old not in seen:
                seen.add(old)
                out.append((old, new))
        return out

    def applied(self, old: str) -> None:
        self._applied.add(old)

