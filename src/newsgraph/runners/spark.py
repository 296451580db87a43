"""Run the per-document stages on Apache Spark, with the local runner's batches and results.

    newsgraph extract PATH... --runner spark [--master local[2]] [--out DIR]
    newsgraph ingest  PATH... --runner spark [--master spark://host:7077] [--out DIR]

The driver lists and reads the inputs with the same readers as the local runner (folders in
name order, JSON Lines, WARC records) and cuts the RawDocuments into the same batches
(``runners.local.batches``). Cleaning counts cross-page repeated lines per batch, so equal
batches are what makes the output byte-identical to the local runner's. Batches go out as an
RDD of ``(sequence number, batch)``, a few tasks' worth at a time (a *wave*; the next wave is
submitted while the driver stores the last one), so the driver holds a bounded number of
documents however big the corpus, and the records of one WARC are spread over many tasks.

Each task runs ``runners.local._work`` on its batches in ``mapPartitions``. Spark reuses its
Python worker processes between tasks, and ``runners.local._init`` keeps the pipeline in the
process, so the model is loaded once per executor process, not once per task. Results come
back to the driver in input order (``run``: the same iterator of processed batches as
``runners.local.run``), or the executors write them as Parquet (``write_parquet``) when they
are too big to collect.

Faults. A document that raises in a stage becomes a ``Dropped`` record (``annotate_failed``)
and the other documents of its batch are kept. A task that dies (a killed Python worker, a
lost executor) is rerun by Spark; the driver only sees the output of the attempt that
succeeded, and stores a batch only then, so a rerun never stores anything twice. Spark's
local mode retries nothing unless its master says so, so ``local[N]`` is run as
``local[N,R]`` with R = ``[spark] task_attempts``.

Only this module imports pyspark, and only when it runs: stages never do. pyspark is the
``spark`` extra; without it the runner raises ``DependencyMissing`` naming the install command.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .. import pipeline as pl
from ..errors import ConfigError, DependencyMissing, NewsgraphError, SparkFailed
from ..model import Annotated, Article, Dropped, RawDocument, Stored
from . import local

INSTALL = "pip install 'newsgraph[spark]'"
MANIFEST = "_newsgraph.json"      # written last into an --out folder: the dataset is complete
_LOCAL = re.compile(r"^local(?:\[(\*|\d+)\])?$")



def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines:   # the JVM's stack trace: the Python error inside it says most
        if ln.startswith(("RuntimeError", "Exception", "org.apache.spark.SparkException")):
            return ln[:300]
    return (lines[0] if lines else type(exc).__name__)[:300]


@dataclass(frozen=True)
class Faults:
    """Faults to inject, for the fault tests: documents whose annotation raises, and the
    batch after which the first attempt of its task kills its Python worker."""

    fail_sources: frozenset[str] = frozenset()
    kill_after_seq: int | None = None
    kill_marker: str | None = None       # a file the dying attempt leaves, to show it died

    def check(self, docs: Sequence[RawDocument]) -> None:
        for d in docs:
            if d.source in self.fail_sources:
                raise RuntimeError(f"injected fault in {d.source}")


@dataclass
class RunStats:
    """What a Spark run cost, filled in as it goes (for the benchmark and the tests)."""

    master: str = ""
    parallelism: int = 0
    startup_s: float = 0.0                 # getting a SparkSession (JVM start on first use)
    waves: int = 0
    tasks: int = 0
    batches: int = 0
    # (executor process id, seconds it spent loading the pipeline) once per process
    loads: list[tuple[int, float]] = field(default_factory=list)


# ------------------------------------------------------------------------------ session
_SESSION: dict[str, Any] = {}
_LOCK = threading.Lock()


def _pyspark() -> Any:
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise DependencyMissing("pyspark (for --runner spark)", INSTALL) from exc
    return SparkSession


def master_for(master: str | None, workers: int | None, attempts: int) -> str | None:
    """The master URL to start with. ``local[N]`` gains its retry count (``local[N,R]``);
    without a master, ``workers`` gives ``local[workers]`` and no workers ``local[*]``,
    unless spark-submit started this process: then its master stands (None)."""
    if not master:
        if os.environ.get("PYSPARK_GATEWAY_PORT"):
            return None
        master = f"local[{workers or '*'}]"
    m = _LOCAL.match(master.strip())
    if m:
        return f"local[{m.group(1) or 1},{attempts}]"
    return master.strip()


def session(master: str | None, stats: RunStats | None = None) -> Any:
    """A SparkSession on ``master`` (reused while the master stays the same)."""
    SparkSession = _pyspark()
    with _LOCK:
        t0 = time.perf_counter()
        old = _SESSION.get("spark")
        if old is not None and _SESSION.get("master") != master:
            old.stop()
            old = None
        if old is None:
            b = SparkSession.builder.appName("newsgraph")
            if master:
                b = b.master(master)
            if master and master.startswith("local"):
                # executors must run this interpreter (the one with newsgraph and its model);
                # on a cluster PYSPARK_PYTHON names the shipped environment's
                os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            if master and master.startswith("local"):
                # Spark's own start-up chatter (log4j at WARN) would bury newsgraph's lines
                b = b.config("spark.driver.extraJavaOptions",
                             f"-Dlog4j2.configurationFile=file:{_quiet_log4j()}")
            b = (b.config("spark.ui.showConsoleProgress", "false")
                  .config("spark.python.worker.reuse", "true"))
            if (master or "local").startswith("local") and not (
                    shutil.which("java") or os.environ.get("JAVA_HOME")):
                raise DependencyMissing("Java (17 or newer, which Spark runs on)",
                                        "apt-get install openjdk-17-jre-headless")
            try:
                old = b.getOrCreate()
            except Exception as exc:  # noqa: BLE001 - py4j and pyspark raise many kinds
                raise SparkFailed(f"Spark could not start on {master or 'its default master'}: "
                                  f"{_short(exc)}") from exc
            old.sparkContext.setLogLevel("ERROR")
            _SESSION.update(spark=old, master=master)
        if stats is not None:
            stats.startup_s += time.perf_counter() - t0
            stats.master = old.sparkContext.master
            stats.parallelism = old.sparkContext.defaultParallelism
        return old


_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark: %p %c{1}: %m%n
"""


def _quiet_log4j() -> str:
    import tempfile
    path = Path(tempfile.gettempdir()) / f"newsgraph-log4j2-{os.getuid()}.properties"
    if not path.exists() or path.read_text() != _LOG4J:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(_LOG4J)
        tmp.replace(path)
    return str(path)


def stop() -> None:
    """Stop the session this module started, if any."""
    with _LOCK:
        spark = _SESSION.pop("spark", None)
        _SESSION.clear()
    if spark is not None:
        spark.stop()


# ------------------------------------------------------------------------------ executors
def _process(batch: list[RawDocument], faults: Faults | None,
             known: dict[str, set[str]] | None = None) -> list[Annotated | Dropped | Stored]:
    """One batch, as the local runner does it; a failure costs its document, not the batch.
    A cleaned document ``known`` to the store comes back as ``Stored``, not annotated."""
    try:
        if faults:
            faults.check(batch)
        return local._work(batch, None, known)
    except Exception:  # noqa: BLE001 - find the document(s) that fail, keep the others
        return _one_by_one(batch, faults, known)


def _one_by_one(batch: list[RawDocument], faults: Faults | None,
                known: dict[str, set[str]] | None = None
                ) -> list[Annotated | Dropped | Stored]:
    cfg, pipeline = local._WORKER["cfg"], local._WORKER["pipeline"]
    try:
        cleaned = pl.clean_batch(batch, cfg)     # same batch context as the batched call
    except Exception:  # noqa: BLE001 - the batch context failed: clean each page alone
        cleaned = [x for raw in batch for x in pl.clean_batch([raw], cfg)]
    cleaned = local._skip_stored(cleaned, known)
    out: list[Annotated | Dropped | Stored] = []
    for raw, item in zip(batch, cleaned):
        if not isinstance(item, Article):
            out.append(item)
            continue
        try:
            if faults:
                faults.check([raw])
            out += pl.process_cleaned([item], pipeline)
        except Exception as exc:  # noqa: BLE001
            out.append(Dropped(raw.source, "annotate_failed",
                               f"annotation failed: {type(exc).__name__}: {exc}", raw))
    return out


def _task(cfg: dict[str, Any], faults: Faults | None):
    """The mapPartitions function: (seq, batch, known)... -> (seq, processed, load record)."""

    def run_partition(items: Iterable[tuple[int, list[RawDocument], Any]]
                      ) -> Iterator[tuple[int, list[Annotated | Dropped | Stored], Any]]:
        fresh = local._WORKER.get("cfg") != cfg
        t0 = time.perf_counter()
        local._init(cfg)
        load = (os.getpid(), time.perf_counter() - t0) if fresh else None
        for seq, batch, known in items:
            yield seq, _process(batch, faults, known), load
            load = None
            if faults and faults.kill_after_seq == seq and _attempt() == 0:
                if faults.kill_marker:
                    Path(faults.kill_marker).write_text(f"{os.getpid()}\n")
                os._exit(3)      # the worker dies mid-partition; Spark reruns the task

    return run_partition


def _attempt() -> int:
    from pyspark import TaskContext
    ctx = TaskContext.get()
    return ctx.attemptNumber() if ctx is not None else 0


# ------------------------------------------------------------------------------ driver
def _settings(cfg: dict[str, Any]) -> dict[str, Any]:
    s = dict(cfg.get("spark", {}))
    for key in ("batches_per_task", "tasks_per_wave", "task_attempts"):
        if int(s.get(key, 0)) < 0:
            raise ConfigError(f"[spark] {key} must not be negative")
    return s


# a numbered batch and the store's {source: {doc_id}} for it (None: skip nothing)
Wave = tuple[int, list[RawDocument], "dict[str, set[str]] | None"]


def _waves(raws: Iterable[RawDocument], cfg: dict[str, Any], per_wave: int,
           known: local.Known | None = None) -> Iterator[list[Wave]]:
    """Numbered batches (the local runner's), ``per_wave`` at a time, each with what the
    store holds of its sources (asked here, on the driver, which holds the store)."""
    wave: list[Wave] = []
    for seq, batch in enumerate(local.batches(raws, cfg["run"]["batch_size"])):
        wave.append((seq, batch, local._lookup(known, batch)))
        if len(wave) == per_wave:
            yield wave
            wave = []
    if wave:
        yield wave


class _Driver:
    """Start a session, then send waves of batches out as RDDs."""

    def __init__(self, cfg: dict[str, Any], workers: int | None, master: str | None,
                 faults: Faults | None, stats: RunStats | None):
        s = _settings(cfg)
        self.cfg = cfg
        self.faults = faults
        self.stats = stats if stats is not None else RunStats()
        self.per_task = max(1, int(s.get("batches_per_task", 1)))
        url = master_for(master or s.get("master") or None, workers,
                         max(1, int(s.get("task_attempts", 4))))
        self.spark = session(url, self.stats)
        self.sc = self.spark.sparkContext
        tasks = int(s.get("tasks_per_wave", 0)) or 4 * self.sc.defaultParallelism
        self.per_wave = tasks * self.per_task

    def rdd(self, wave: list[Wave]) -> Any:
        n_tasks = -(-len(wave) // self.per_task)
        self.stats.waves += 1
        self.stats.tasks += n_tasks
        self.stats.batches += len(wave)
        # one slice per task, each of consecutive batches, in input order
        return (self.sc.parallelize(wave, n_tasks)
                .mapPartitions(_task(self.cfg, self.faults), preservesPartitioning=True))

    def note(self, load: Any) -> None:
        if load is not None:
            self.stats.loads.append(load)

    def waves(self, raws: Iterable[RawDocument], known: local.Known | None = None
              ) -> Iterator[list[Wave]]:
        return _waves(raws, self.cfg, self.per_wave, known)


def _pipelined(items: Iterator[Any], submit: Any, abort: Any, ahead: int = 1) -> Iterator[Any]:
    """submit(item) for each item in a background thread, ``ahead`` jobs before the one
    being consumed, so executors stay busy while the driver reads and stores; results in
    order. ``abort()`` runs when the consumer stops early or an error ends the run."""
    pending: deque[Future[Any]] = deque()
    ex = ThreadPoolExecutor(max_workers=ahead + 1, thread_name_prefix="newsgraph-spark")
    finished = False
    try:
        for item in items:
            pending.append(ex.submit(submit, item))
            if len(pending) > ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        for f in pending:
            f.cancel()
        if not finished:
            abort()
        ex.shutdown(wait=True)


def _job(fn: Any) -> Any:
    """``fn`` with a failed Spark job said in one line."""
    def call(*a: Any) -> Any:
        try:
            return fn(*a)
        except NewsgraphError:
            raise
        except Exception as exc:  # noqa: BLE001 - Py4JJavaError and friends
            raise SparkFailed(f"a Spark job failed after its retries: {_short(exc)}") from exc
    return call


def run(raws: Iterable[RawDocument], cfg: dict[str, Any], workers: int | None = None, *,
        master: str | None = None, faults: Faults | None = None,
        stats: RunStats | None = None, known: local.Known | None = None
        ) -> Iterator[list[Annotated | Dropped | Stored]]:
    """Yield processed batches, in input order: ``runners.local.run`` on Spark.

    ``master`` is a Spark master URL; without one, ``workers`` gives ``local[workers]``, and
    without either the master is spark-submit's (or pyspark's default, ``local[*]``).
    ``known`` is the local runner's: documents already stored are cleaned, not annotated.
    """
    drv = _Driver(cfg, workers, master, faults, stats)

    @_job
    def collect(wave: list[Wave]) -> list[Any]:
        return drv.rdd(wave).collect()

    for results in _pipelined(drv.waves(raws, known), collect, drv.sc.cancelAllJobs):
        # partitions come back in order and each holds consecutive batches: sorting is a
        # check that costs nothing, not a repair
        results.sort(key=lambda r: r[0])
        for _seq, batch, load in results:
            drv.note(load)
            yield batch


# ------------------------------------------------------------------------------ Parquet
def _schema() -> Any:
    from pyspark.sql.types import (BinaryType, IntegerType, LongType, StringType,
                                   StructField, StructType)
    return StructType([
        StructField("seq", LongType(), False),          # input order, from 0
        StructField("source", StringType(), False),
        StructField("doc_id", StringType(), True),
        StructField("title", StringType(), True),
        StructField("published", StringType(), True),
        StructField("language", StringType(), True),
        StructField("error", StringType(), True),
        StructField("error_kind", StringType(), True),
        StructField("n_warnings", IntegerType(), False),
        StructField("record", StringType(), False),     # the extract JSON line, exactly
        StructField("annotated", BinaryType(), True),   # the pickled Annotated/Dropped
    ])


def record_line(item: Annotated | Dropped) -> str:
    """The JSON line ``newsgraph extract`` prints for one processed document."""
    from ..api import to_record
    return json.dumps(to_record(item), ensure_ascii=False)


def _rows(batch_size: int, keep: bool):
    def rows(parts: Iterable[tuple[int, list[Annotated | Dropped], Any]]) -> Iterator[tuple]:
        from ..api import to_record
        for seq, batch, _load in parts:
            for i, item in enumerate(batch):
                rec = to_record(item)
                yield (seq * batch_size + i, rec["source"], rec.get("doc_id"), rec.get("title"),
                       rec.get("published"), rec.get("language"), rec.get("error"),
                       rec.get("error_kind"), len(rec.get("warnings") or ()),
                       json.dumps(rec, ensure_ascii=False),
                       pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) if keep else None)
    return rows


class _Folder:
    """The --out folder through Hadoop's file system API: a local path, HDFS or S3 alike."""

    def __init__(self, sc: Any, out: str):
        jvm = sc._jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        self.root = self._Path(out)
        self.fs = self.root.getFileSystem(sc._jsc.hadoopConfiguration())
        self.url = self.root.toString()

    def _has(self, name: str) -> bool:
        return self.fs.exists(self._Path(self.root, name))

    def prepare(self) -> None:
        """Refuse a file or a foreign folder; replace a dataset an earlier run wrote."""
        if not self.fs.exists(self.root):
            return
        if not self.fs.getFileStatus(self.root).isDirectory():
            raise ConfigError(f"--out {self.url}: a file is in the way; give a folder")
        names = [st.getPath().getName() for st in self.fs.listStatus(self.root)]
        if names and not (self._has(MANIFEST) or all(n.startswith("wave=") for n in names)):
            raise ConfigError(f"--out {self.url} is a folder that holds other things; give an "
                              "empty or new folder (one newsgraph wrote is replaced)")
        self.fs.delete(self.root, True)

    def wave(self, k: int) -> str:
        return self._Path(self.root, f"wave={k:06d}").toString()

    def write(self, name: str, text: str) -> None:
        stream = self.fs.create(self._Path(self.root, name), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()


@dataclass
class ParquetReport:
    out: str
    documents: int = 0
    errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    stats: RunStats = field(default_factory=RunStats)

    def to_dict(self) -> dict[str, Any]:
        return {"out": self.out, "documents": self.documents, "errors": self.errors,
                "warnings": self.warnings, "seconds": round(self.seconds, 3)}


def write_parquet(raws: Iterable[RawDocument], cfg: dict[str, Any], out: str,
                  workers: int | None = None, *, master: str | None = None,
                  keep_annotated: bool = False, faults: Faults | None = None,
                  stats: RunStats | None = None) -> ParquetReport:
    """Annotate on the executors and have them write one Parquet row per document to ``out``.

    Rows carry ``seq`` (input order) and ``record`` (the extract JSON line); with
    ``keep_annotated`` also ``annotated``, what ``read_parquet`` gives back to link and the
    store. ``out`` is complete when it holds ``_newsgraph.json``, written last.
    On a cluster ``out`` must be a path every executor can write (HDFS, S3, a shared disk).
    """
    t0 = time.perf_counter()
    drv = _Driver(cfg, workers, master, faults, stats)
    folder = _Folder(drv.sc, out)
    folder.prepare()
    rep = ParquetReport(out=out, stats=drv.stats)
    schema = _schema()
    rows = _rows(cfg["run"]["batch_size"], keep_annotated)
    @_job
    def write(wave: list[Wave]) -> None:
        # a folder per wave: waves are written concurrently, each committed by Spark whole
        target = folder.wave(wave[0][0] // drv.per_wave)
        drv.spark.createDataFrame(drv.rdd(wave).mapPartitions(rows), schema) \
            .write.mode("error").parquet(target)

    for _ in _pipelined(drv.waves(raws), write, drv.sc.cancelAllJobs):
        pass
    if drv.stats.waves == 0:
        drv.spark.createDataFrame([], schema).write.parquet(folder.wave(0))
    from pyspark.sql import functions as F
    agg = (drv.spark.read.parquet(folder.url)
           .agg(F.count("*"), F.count("error"), F.sum("n_warnings")).collect()[0])
    rep.documents, rep.errors, rep.warnings = int(agg[0]), int(agg[1]), int(agg[2] or 0)
    rep.seconds = time.perf_counter() - t0
    folder.write(MANIFEST, json.dumps({**rep.to_dict(), "complete": True,
                                       "batch_size": cfg["run"]["batch_size"]}, indent=2) + "\n")
    return rep


def read_parquet(out: str, batch_size: int, master: str | None = None
                 ) -> Iterator[list[Annotated | Dropped]]:
    """The processed documents ``write_parquet(keep_annotated=True)`` wrote, in input order,
    in batches of ``batch_size``, one Parquet partition at a time on the driver."""
    spark = _SESSION.get("spark") or session(master)
    df = spark.read.parquet(out).select("seq", "annotated").orderBy("seq")
    batch: list[Annotated | Dropped] = []
    for row in df.toLocalIterator():
        if row["annotated"] is None:
            raise ConfigError(f"{out} was written without the annotated documents "
                              "(by extract --out); ingest it again from its inputs")
        batch.append(pickle.loads(row["annotated"]))
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch
