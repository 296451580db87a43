"""Runners: where the per-document stages run. Each is a function with the contract of
``local.run(raws, cfg, workers)``: an iterator of processed batches, in input order.

``local`` (this process or a pool of them) and ``spark`` (Apache Spark; the ``spark`` extra).
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterator

from ..errors import ConfigError

NAMES = ("local", "spark")

Runner = Callable[..., Iterator[list[Any]]]


def get(name: str | Runner = "local", *, master: str | None = None) -> Runner:
    """The run function of the runner called ``name`` (a callable is returned as it is)."""
    if callable(name):
        return name
    if name == "local":
        if master:
            raise ConfigError("--master is for --runner spark")
        from .local import run
        return run
    if name == "spark":
        from . import spark
        return functools.partial(spark.run, master=master)
    raise ConfigError(f"unknown runner {name!r} (choose from {', '.join(NAMES)})")

