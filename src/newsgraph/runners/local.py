"""Run the per-document stages over a stream of RawDocuments, in this process or a pool.

Documents are cut into batches of ``run.batch_size`` in input order; each batch is cleaned
(cross-page repeats are counted within it) and annotated, and results come back in input
order as whole batches, so the output is identical for any number of workers. Each worker
loads the spaCy model once (in its initializer), not once per batch.

With a pool, a batch is not one task: its cross-page context (``BatchContext``) is counted
here, once, and the batch goes out in small parts (``_parts``), each cleaned with that
context and annotated by whichever worker is free. Whole batches of 64 left one of two
workers idle for most of the last batch (1.55x on 300 documents); parts of a few documents,
smaller still in the last batch, keep every worker busy to the end. A document's result
does not depend on the part it travels in (the same context, per-document stages), so the
output is unchanged.

A batch part that raises is redone document by document: a failure costs that document (an
``annotate_failed`` record), not its batch. Workers exit when the process that started them
dies (``_watch_parent``), so a killed ``ingest`` leaves no pool behind.

``known`` (ingest only): a function from a batch's sources to the ``{source: {doc_id}}``
already in the store; a cleaned document found there is not annotated again but comes back
as ``model.Stored`` (a rerun after a crash costs reading and cleaning, not parsing).
"""

from __future__ import annotations

import collections
import itertools
import logging
import math
import multiprocessing as mp
import os
import sys
import threading
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import DependencyMissing, ModelError, PipelineError
from ..model import Annotated, Article, Dropped, RawDocument, Stored
from .. import pipeline as pl

_WORKER: dict[str, Any] = {}
log = logging.getLogger(__name__)

Item = Annotated | Dropped | Stored
Known = Callable[[list[str]], dict[str, set[str]]]

# A small made-up page run once at start-up, so that every lazily loaded table (gazetteer,
# lexicons, known actors, the language model) is loaded before the first real batch and,
# with fork, once in the parent rather than once per worker.
_WARM_UP = ("Prime Minister Jane Example of France said on Monday that Paris would send "
            "aid to Kenya. \"We will act quickly,\" she told reporters in 2020.")

# How often a worker without prctl (not Linux) checks that its parent is still there.
PARENT_POLL_S = 1.0


def _watch_parent(parent: int | None) -> None:
    """End this worker when ``parent`` (the pid that started the pool) dies.

    On Linux the kernel does it: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``. Elsewhere, or if that
    fails, a daemon thread polls ``os.getppid()``. Either way a parent that died before
    this ran is caught by comparing the parent pid now with the one we were given.
    """
    if parent is None or parent == os.getpid():
        return
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:
        os._exit(1)                      # orphaned already, before the signal was armed
    if armed:
        return

    def poll() -> None:
        import time
        while True:
            time.sleep(PARENT_POLL_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=poll, name="newsgraph-parent-watch", daemon=True).start()


def _init(cfg: dict[str, Any], parent: int | None = None) -> None:
    _watch_parent(parent)
    if _WORKER.get("cfg") == cfg:
        return  # inherited, already warm, from a forking parent
    _WORKER["cfg"] = cfg
    _WORKER["pipeline"] = pl.build(cfg)
    from ..annotate.nlp import load_model
    load_model(cfg["nlp"]["model"])
    _work([RawDocument(source="<warm-up>", text=_WARM_UP, published="2020-01-01")])


def _clean(batch: Sequence[RawDocument], ctx: Any) -> list[Article | Dropped]:
    from ..clean import clean_document
    cfg = _WORKER["cfg"]
    return [clean_document(r, ctx, cfg) for r in batch]


def _skip_stored(items: list[Article | Dropped], known: dict[str, set[str]] | None
                 ) -> list[Article | Dropped | Stored]:
    if not known:
        return list(items)
    return [Stored(x.source, x.doc_id) if isinstance(x, Article)
            and x.doc_id in known.get(x.source, ()) else x for x in items]


# not a document's fault: every document would fail the same way, so the run stops
_FATAL = (DependencyMissing, ModelError, PipelineError)


def _annotate(cleaned: list[Article | Dropped | Stored]) -> list[Item]:
    pipeline = _WORKER["pipeline"]
    arts = [x for x in cleaned if isinstance(x, Article)]
    try:
        done = iter(pipeline.annotate(arts))
        return [next(done) if isinstance(x, Article) else x for x in cleaned]
    except _FATAL:
        raise
    except Exception:  # noqa: BLE001 - find the document(s) that fail, keep the others
        pass
    out: list[Item] = []
    for x in cleaned:
        if not isinstance(x, Article):
            out.append(x)
            continue
        try:
            out += pipeline.annotate([x])
        except _FATAL:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            out.append(Dropped(x.source, "annotate_failed",
                               f"annotation failed: {type(exc).__name__}: {exc}"))
    return out


def _work(batch: Sequence[RawDocument], ctx: Any = None,
          known: dict[str, set[str]] | None = None) -> list[Item]:
    """Clean (with the batch's context: counted here when not given) and annotate."""
    from ..clean import BatchContext
    if ctx is None:
        ctx = BatchContext.from_raws(batch, _WORKER["cfg"])
    return _annotate(_skip_stored(_clean(batch, ctx), known))


def _lookup(known: Known | None, batch: Sequence[RawDocument]) -> dict[str, set[str]] | None:
    """What the store holds of ``batch``'s sources; None (nothing skipped) if it cannot say."""
    if known is None:
        return None
    try:
        return known([r.source for r in batch if not r.error])
    except Exception:  # noqa: BLE001 - skipping is a saving, never a reason to fail
        log.warning("could not look up stored documents; this batch is annotated again",
                    exc_info=True)
        return None


def _task(args: tuple[Sequence[RawDocument], Any, dict[str, set[str]] | None]) -> list[Item]:
    return _work(*args)


def batches(items: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _with_last(xs: Iterable[list[RawDocument]]) -> Iterator[tuple[list[RawDocument], bool]]:
    """(batch, whether it is the last one), reading one batch ahead."""
    it = iter(xs)
    prev = next(it, None)
    while prev is not None:
        nxt = next(it, None)
        yield prev, nxt is None
        prev = nxt


def part_size(n: int, workers: int, last: bool) -> int:
    """Documents per task for a batch of ``n``: a quarter of a worker's share, an eighth in
    the last batch (where a worker left without work waits for the others)."""
    return max(1, math.ceil(n / (workers * (8 if last else 4))))


def _parts(chunks: Iterable[list[RawDocument]], cfg: dict[str, Any], workers: int,
           known: Known | None, sizes: collections.deque[int]) -> Iterator[tuple]:
    """The tasks for the pool; ``sizes`` gets each batch's number of parts, in order."""
    from ..clean import BatchContext
    for batch, last in _with_last(chunks):
        ctx = BatchContext.from_raws(batch, cfg)
        seen = _lookup(known, batch)
        step = part_size(len(batch), workers, last)
        cuts = range(0, len(batch), step)
        sizes.append(len(cuts))
        for i in cuts:
            part = batch[i:i + step]
            mine = {r.source: seen[r.source] for r in part if r.source in seen} if seen else None
            yield part, ctx, mine


def run(raws: Iterable[RawDocument], cfg: dict[str, Any], workers: int | None = None,
        known: Known | None = None) -> Iterator[list[Item]]:
    """Yield processed batches, in input order."""
    workers = workers or cfg["run"]["workers"]
    chunks = batches(raws, cfg["run"]["batch_size"])
    if workers <= 1:
        _init(cfg)
        for chunk in chunks:
            yield _work(chunk, None, _lookup(known, chunk))
        return
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        _init(cfg)  # load once here; the workers inherit it copy-on-write
    ctx = mp.get_context(method)
    sizes: collections.deque[int] = collections.deque()
    with ctx.Pool(workers, initializer=_init, initargs=(cfg, os.getpid())) as pool:
        # imap keeps order; parts are put back together into their batches (a batch's
        # number of parts is in ``sizes`` before its first part is handed out)
        results = pool.imap(_task, _parts(chunks, cfg, workers, known, sizes), chunksize=1)
        batch: list[Item] = []
        done = 0
        for part in results:
            batch += part
            done += 1
            if done == sizes[0]:
                sizes.popleft()
                yield batch
                batch, done = [], 0
