"""Everything cross-document: near-duplicates (``dedup``), the actor registry
(``registry``, kept in step with a store by ``actors``) and, per batch, ``batch.Linker``,
which decides a batch against the store and hands the store a ``model.LinkedBatch``.

Flow: ingest -> clean -> annotate (per document, any runner) -> link (per batch, stateful)
-> store (writes what link decided; offers narrow lookups).
"""

from .batch import Linker, linker_for, write_batch

__all__ = ["Linker", "linker_for", "write_batch"]
