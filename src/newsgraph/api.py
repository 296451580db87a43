"""The Python API: importable functions every front end calls."""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from . import config as config_mod
from .model import Annotated, Dropped, error_record


def extract(paths: Sequence[str], *, published: str | None = None,
            cfg: dict[str, Any] | None = None, workers: int | None = None,
            model: str | None = None) -> Iterator[dict[str, Any]]:
    """Read, clean and annotate documents; yield one contract record (a dict) per document.

    Needs no database. A document that cannot be read yields a record with ``error`` set.
    """
    from .ingest import read_paths
    from .runners import local

    cfg = cfg or config_mod.load({"nlp": {"model": model}, "run": {"workers": workers}})
    raws = read_paths(paths, cfg, published=published)
    for batch in local.run(raws, cfg, workers):
        for item in batch:
            yield to_record(item)


def to_record(item: Annotated | Dropped) -> dict[str, Any]:
    if isinstance(item, Dropped):
        rec = error_record(item.source, item.message, item.reason)
        return rec
    return item.to_contract()
