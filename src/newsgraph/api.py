"""The Python API: importable functions every front end calls."""

from __future__ import annotations

import functools
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterator, Sequence

from . import config as config_mod
from .model import Annotated, Dropped, error_record


def extract(paths: Sequence[str], *, published: str | None = None,
            cfg: dict[str, Any] | None = None, workers: int | None = None,
            model: str | None = None, runner: Any = "local",
            master: str | None = None) -> Iterator[dict[str, Any]]:
    """Read, clean and annotate documents; yield one contract record (a dict) per document.

    Needs no database. A document that cannot be read yields a record with ``error`` set.
    ``runner`` is ``"local"`` or ``"spark"`` (on Spark ``master``; see ``runners``).
    """
    from .ingest import read_paths
    from .runners import get

    run = get(runner, master=master)
    cfg = cfg or config_mod.load({"nlp": {"model": model}, "run": {"workers": workers}})
    raws = read_paths(paths, cfg, published=published)
    for batch in run(raws, cfg, workers):
        for item in batch:
            yield to_record(item)


def extract_parquet(paths: Sequence[str], out: str, *, published: str | None = None,
                    cfg: dict[str, Any] | None = None, workers: int | None = None,
                    model: str | None = None, master: str | None = None) -> Any:
    """``extract`` on Spark, each executor writing its records to the Parquet folder ``out``
    (rows: ``seq``, ``record`` = the JSON line, and a few of its fields as columns)."""
    from .ingest import read_paths
    from .runners import spark

    cfg = cfg or config_mod.load({"nlp": {"model": model}, "run": {"workers": workers}})
    raws = read_paths(paths, cfg, published=published)
    return spark.write_parquet(raws, cfg, out, workers, master=master)


def to_record(item: Annotated | Dropped) -> dict[str, Any]:
    if isinstance(item, Dropped):
        return error_record(item.source, item.message, item.reason)
    return item.to_contract()


# ------------------------------------------------------------------------------ ingest
@dataclass
class IngestReport:
    """What one ingest run did. ``read`` counts every input document, readable or not."""

    db: str
    read: int = 0
    stored: int = 0
    unchanged: int = 0             # already in the store from the same source
    skipped: int = 0               # of those, found before annotation and not annotated again
    exact_duplicates: int = 0      # same body as a stored document, new source
    near_duplicates: int = 0       # syndicated copy of a stored document
    errors: dict[str, int] = field(default_factory=dict)   # reason -> documents
    # code -> count, over the documents this run stored (a stored document's warnings are
    # in the store's document_warnings table)
    warnings: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def n_errors(self) -> int:
        return sum(self.errors.values())

    @property
    def docs_per_s(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    @property
    def nothing_read(self) -> bool:
        """True when there were inputs and not one of them could be read."""
        return self.read > 0 and self.n_errors == self.read

    def add(self, outcome: Any) -> None:
        from .store import write as w
        self.read += 1
        if outcome.kind == SKIPPED:
            self.unchanged += 1
            self.skipped += 1
            return
        if outcome.kind == w.STORED:
            self.stored += 1
            for code in outcome.warnings:
                self.warnings[code] = self.warnings.get(code, 0) + 1
        elif outcome.kind == w.UNCHANGED:
            self.unchanged += 1
        elif outcome.kind == w.EXACT:
            self.exact_duplicates += 1
        elif outcome.kind == w.NEAR:
            self.near_duplicates += 1
        else:
            reason = outcome.reason or "error"
            self.errors[reason] = self.errors.get(reason, 0) + 1

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["docs_per_s"] = round(self.docs_per_s, 2)
        d["seconds"] = round(self.seconds, 3)
        return d


SKIPPED = "skipped"      # an Outcome kind: already stored, found before annotation


@dataclass(frozen=True)
class _Skipped:
    kind: str
    source: str
    doc_id: str


# Errors a single bad document can provoke while being stored (an offset too large for
# SQLite, a lone surrogate in a string, a duplicate key from an annotator); they cost that
# document, not its batch.
_ITEM_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, ValueError)


def _store_batch(linker: Any, batch: list[Any]) -> list[Any]:
    """Link and store one batch (``link.Linker``), in input order; an item that cannot be
    stored costs only itself. A ``Stored`` item (found in the store before annotation)
    is not written again."""
    from .model import Stored
    todo = [x for x in batch if not isinstance(x, Stored)]
    outs = iter(_write_items(linker, todo) if todo else ())
    return [_Skipped(SKIPPED, x.source, x.doc_id) if isinstance(x, Stored) else next(outs)
            for x in batch]


def _write_items(linker: Any, batch: list[Annotated | Dropped]) -> list[Any]:
    from .ingest.names import printable
    try:
        return linker.write(batch)
    except _ITEM_ERRORS:
        pass
    outs: list[Any] = []
    for item in batch:
        try:
            outs += linker.write([item])
        except _ITEM_ERRORS as exc:
            # the failure path must itself be writable: no lone surrogate in the error row
            src = item.source if isinstance(item, Dropped) else item.article.source
            outs += linker.write([Dropped(printable(src), "store_failed",
                                          printable(f"cannot be stored: {exc}"))])
    return outs


def ingest(paths: Sequence[str], *, db: str | None = None, published: str | None = None,
           cfg: dict[str, Any] | None = None, workers: int | None = None,
           model: str | None = None,
           progress: Callable[[IngestReport], None] | None = None,
           runner: Any = "local", master: str | None = None,
           out: str | None = None) -> IngestReport:
    """Read, clean, annotate and store documents; one transaction per batch.

    Safe to rerun (a stored document is never stored twice) and to kill at any moment (a
    batch is stored whole or not at all). ``progress`` is called after every batch.
    ``runner``/``master`` as for ``extract``; with ``out`` (Spark only) the executors write
    the annotated documents to that Parquet folder, which the driver then stores from.
    """
    from .ingest import read_paths
    from .link import Linker
    from .link.dedup import Dedup
    from .runners import get
    from .store import open_store
    from .store.db import now
    from .store.write import finish_run, start_run

    run = get(runner, master=master)
    if out is not None and runner != "spark":
        from .errors import ConfigError
        raise ConfigError("--out is for --runner spark")
    cfg = cfg or config_mod.load({"store": {"db": db}, "nlp": {"model": model},
                                  "run": {"workers": workers}})
    path = db or cfg["store"]["db"]
    report = IngestReport(db=str(path))
    t0 = time.perf_counter()
    with open_store(path) as store:
        linker = Linker(store, Dedup.from_config(cfg))
        with store.transaction() as c:
            run_id = start_run(c, [str(p) for p in paths], now())
        raws = read_paths(paths, cfg, published=published)
        lookup = None
        if out is None and runner in ("local", "spark"):
            # a second, read-only connection: the pool's feeder thread (the Spark driver,
            # as it cuts waves) asks it, before annotation, which of a batch's sources are
            # stored with which body
            from .errors import StoreError
            from .store import lookups
            from .store.db import Store
            try:
                lookup = Store(path, read_only=True)
            except StoreError:     # no second connection (an odd path): nothing is skipped
                lookup = None
            known = (functools.partial(lookups.stored_sources, lookup.conn)
                     if lookup is not None else None)
            batches = run(raws, cfg, workers, known=known)
        elif out is None:
            batches = run(raws, cfg, workers)
        else:
            from .runners import spark
            spark.write_parquet(raws, cfg, out, workers, master=master, keep_annotated=True)
            batches = spark.read_parquet(out, cfg["run"]["batch_size"])
        try:
            for batch in batches:
                for outcome in _store_batch(linker, batch):
                    report.add(outcome)
                report.seconds = time.perf_counter() - t0
                if progress:
                    progress(report)
        finally:
            if lookup is not None:
                lookup.close()
        report.seconds = time.perf_counter() - t0
        with store.transaction() as c:
            finish_run(c, run_id, now(), report.to_dict())
    return report


def open_db(db: str | None = None, *, create: bool = False) -> Any:
    """Open the store named by ``db``, else $NEWSGRAPH_DB, else the configured default."""
    from .store import open_store

    path = db or config_mod.load()["store"]["db"]
    return open_store(path, create=create)
