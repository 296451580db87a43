"""Linking one batch against a store, then storing it: the stateful, cross-document step
between the per-document stages and the store.

``Linker`` keeps, for one store, what it has learnt across batches (the actor registry,
whether the near-duplicate index has the right layout). For each batch, inside the batch's
write transaction (so its decisions see exactly what it writes on), it decides:

* what each document is (``dedup``): new, an exact copy of a stored or earlier document of
  the batch, or a syndicated copy (the one copy rule, over ``StoreIndex``);
* which actor each entity of a new document is, and what every touched actor is now
  called (``actors``);
* which timeline event each event of a new document reports (``timeline``), re-clustering
  the blocks the batch touches;

and hands the store a ``model.LinkedBatch`` to write (``store.write.write_linked``).
"""

from __future__ import annotations

import weakref
from typing import Any, Sequence

import numpy as np

from ..model import Annotated, Dropped, LinkedBatch, LinkedDocument, TimelineChanges
from ..store import lookups
from ..store.db import Store, now
from ..store.write import EXACT, NEAR, Outcome, write_linked
from . import registry, timeline
from .actors import ActorLinker
from .dedup import Dedup, StoreIndex, ensure_layout, find_copy, pack

NEW = "new"


class Linker:
    """Cross-document decisions for writes to one store (one per store connection)."""

    def __init__(self, store: Store, dedup: Dedup | None = None, *,
                 actors: ActorLinker | None = None) -> None:
        self.store = store
        self.dedup = dedup or Dedup()
        self.actors = actors or ActorLinker(store.conn)
        self.timeline = timeline.Timeline()
        self._layout_checked = False

    def reset(self) -> None:
        """Forget what was learnt (after a failed batch: it may know rolled-back rows)."""
        self.actors = ActorLinker(self.store.conn)
        self.timeline = timeline.Timeline()
        self._layout_checked = False

    def link(self, c: Any, items: Sequence[Annotated | Dropped],
             sigs: dict[int, np.ndarray] | None = None) -> LinkedBatch:
        """Decide one batch (inside its transaction, on connection ``c``)."""
        d = self.dedup
        if sigs is None:
            sigs = self.signatures(items)
        index = StoreIndex(d, c)
        pending: set[str] = set()
        kinds: list[tuple[str, str | None, float | None]] = []
        bands: dict[int, list[tuple[int, int]]] = {}
        for i, it in enumerate(items):
            if isinstance(it, Dropped):
                kinds.append(("", None, None))
                continue
            a = it.article
            if a.doc_id in pending or lookups.document_exists(c, a.doc_id):
                kinds.append((EXACT, a.doc_id, None))
                continue
            bands[i] = d.band_keys(sigs[i])
            best = find_copy(d, index, a.text, sigs[i], bands[i])
            if best is not None and d.is_copy(best[0]):
                kinds.append((NEAR, index.doc_id(best[1]), best[0]))
                continue
            kinds.append((NEW, None, None))
            pending.add(a.doc_id)
            index.add_pending(a.doc_id, a.text, sigs[i], bands[i])
        new_docs = [it for it, k in zip(items, kinds) if k[0] == NEW]
        copies = (e for it, k in zip(items, kinds) if k[0] in (EXACT, NEAR)
                  for e in it.entities)
        decided = self.actors.link(c, new_docs, also=copies)
        keys = iter(decided.keys)
        out: list[LinkedDocument | Dropped] = []
        for i, (it, (kind, original, sim)) in enumerate(zip(items, kinds)):
            if isinstance(it, Dropped):
                out.append(it)
            elif kind == NEW:
                sig = sigs[i]
                out.append(LinkedDocument(it, NEW, signature=pack(sig),
                                          bands=tuple(bands[i]), actors=next(keys)))
            else:
                out.append(LinkedDocument(it, kind, original, sim))
        return LinkedBatch(tuple(out), decided.actors, decided.merges,
                           self._timeline(c, new_docs, decided))

    def _timeline(self, c: Any, docs: Sequence[Annotated], decided: Any) -> TimelineChanges:
        moved = dict(decided.merges)

        def final(k: str) -> str:
            seen = set()
            while k in moved and k not in seen:
                seen.add(k)
                k = moved[k]
            return k

        def key_for(name: str, country: str | None) -> str | None:
            try:
                return final(registry.key_for(name, None, country))
            except Exception:  # an odd name costs this side its actor, not the batch
                return None

        new = []
        for d, ks in zip(docs, decided.keys):
            if d.events:
                keys = {e.id: final(k) for e, k in zip(d.entities, ks)}
                new += timeline.reports_of(d, keys, key_for)
        return self.timeline.link(c, new, {k: final(k) for k in moved})

    def signatures(self, items: Sequence[Annotated | Dropped]) -> dict[int, np.ndarray]:
        return {i: self.dedup.signature(it.article.text)
                for i, it in enumerate(items) if isinstance(it, Annotated)}

    def write(self, items: Sequence[Annotated | Dropped]) -> list[Outcome]:
        """Link and store one batch in one transaction; what happened to each item."""
        # signatures are computed before taking the write lock, so readers and other
        # writers wait only for the decisions and inserts
        sigs = self.signatures(items)
        if not self._layout_checked:
            ensure_layout(self.store, self.dedup)
            self._layout_checked = True
        try:
            with self.store.transaction() as c:
                return write_linked(c, self.link(c, items, sigs), now())
        except BaseException:
            self.reset()
            raise


_LINKERS: "weakref.WeakKeyDictionary[Store, Linker]" = weakref.WeakKeyDictionary()


def linker_for(store: Store, dedup: Dedup | None = None) -> Linker:
    """The linker kept for ``store`` (a new one when ``dedup`` differs from its settings)."""
    lk = _LINKERS.get(store)
    if lk is None or (dedup is not None and lk.dedup != dedup):
        lk = Linker(store, dedup, actors=lk.actors if lk is not None else None)
        _LINKERS[store] = lk
    return lk


def write_batch(store: Store, items: Sequence[Annotated | Dropped],
                dedup: Dedup | None = None) -> list[Outcome]:
    """Link one processed batch against ``store`` and store it (one transaction)."""
    return linker_for(store, dedup).write(items)
