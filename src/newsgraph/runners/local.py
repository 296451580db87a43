"""Run the per-document stages over a stream of RawDocuments, in this process or a pool.

Documents are cut into batches of ``run.batch_size`` in input order; each batch is cleaned
(cross-page repeats are counted within it) and annotated by one worker, and results come back
in input order, so the output is identical for any number of workers. Each worker loads the
spaCy model once (in its initializer), not once per batch.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
from typing import Any, Iterable, Iterator, Sequence

from ..model import Annotated, Dropped, RawDocument
from .. import pipeline as pl

_WORKER: dict[str, Any] = {}


# A small made-up page run once at start-up, so that every lazily loaded table (gazetteer,
# lexicons, known actors, the language model) is loaded before the first real batch and,
# with fork, once in the parent rather than once per worker.
_WARM_UP = ("Prime Minister Jane Example of France said on Monday that Paris would send "
            "aid to Kenya. \"We will act quickly,\" she told reporters in 2020.")


def _init(cfg: dict[str, Any]) -> None:
    if _WORKER.get("cfg") == cfg:
        return  # inherited, already warm, from a forking parent
    _WORKER["cfg"] = cfg
    _WORKER["pipeline"] = pl.build(cfg)
    from ..annotate.nlp import load_model
    load_model(cfg["nlp"]["model"])
    _work([RawDocument(source="<warm-up>", text=_WARM_UP, published="2020-01-01")])


def _work(batch: Sequence[RawDocument]) -> list[Annotated | Dropped]:
    cfg = _WORKER["cfg"]
    cleaned = pl.clean_batch(batch, cfg)
    return pl.process_cleaned(cleaned, _WORKER["pipeline"])


def batches(items: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run(raws: Iterable[RawDocument], cfg: dict[str, Any], workers: int | None = None
        ) -> Iterator[list[Annotated | Dropped]]:
    """Yield processed batches, in input order."""
    workers = workers or cfg["run"]["workers"]
    chunks = batches(raws, cfg["run"]["batch_size"])
    if workers <= 1:
        _init(cfg)
        for chunk in chunks:
            yield _work(chunk)
        return
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        _init(cfg)  # load once here; the workers inherit it copy-on-write
    ctx = mp.get_context(method)
    with ctx.Pool(workers, initializer=_init, initargs=(cfg,)) as pool:
        # imap keeps order; a bounded prefetch keeps memory flat on big corpora
        yield from pool.imap(_work, chunks, chunksize=1)
