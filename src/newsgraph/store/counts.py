"""Bounded counts: how many rows a paged question has, for the totals a front end shows,
without ever scanning a big table.

A count walks the same index range the page's query walks, but reads at most ``cap`` rows
of it (``LIMIT`` inside, the filters applied outside): its cost is bounded by ``cap``, not
by the size of the store. When a walk stops at the cap the count is a lower bound (``exact``
false): "at least N". A question with several index ranges (an actor as source, then as
target) counts each row once: a row the earlier ranges already counted is left out of the
later ones.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Sequence

CAP = 5_000


def bounded(c: sqlite3.Connection, table: str, alias: str,
            ranges: Sequence[tuple[str, Sequence[Any]]], residual: str,
            residual_args: Sequence[Any], *, index: Sequence[str | None] = (),
            cap: int | None = None, columns: Sequence[str] | None = None
            ) -> tuple[int, bool]:
    """(count, exact) of the rows of ``table`` (aliased ``alias``) inside any of ``ranges``
    (each a condition and its arguments, served by an index: ``index[i]`` names it where
    the planner should be told) that also match ``residual``; ``cap``: rows read per
    range (default ``CAP``); ``columns[i]``: the columns range ``i``'s conditions read
    outside the index (none: the walk reads the index alone, no table rows)."""
    cap = CAP if cap is None else cap
    total, exact = 0, True
    earlier: list[tuple[str, Sequence[Any]]] = []
    for i, (cond, args) in enumerate(ranges):
        match = [f"({residual})"] if residual else []
        # coalesce: a NULL column is "not in that range", as in the page's own query
        match += [f"coalesce(NOT ({p}), 1)" for p, _ in earlier]
        m_args = list(residual_args if residual else ()) + [a for _, pa in earlier for a in pa]
        hint = f" INDEXED BY {index[i]}" if i < len(index) and index[i] else ""
        cols = ", ".join(columns[i]) if columns is not None and columns[i] else \
            (f"{alias}.rowid" if columns is not None else "*")
        sql = (f"SELECT count(*), coalesce(sum(CASE WHEN {' AND '.join(match) or '1'} "
               f"THEN 1 ELSE 0 END), 0) FROM (SELECT {cols} FROM {table} {alias}{hint} "
               f"WHERE {cond or '1'} LIMIT ?) {alias}")
        walked, n = c.execute(sql, (*m_args, *args, cap)).fetchone()
        total += int(n)
        if walked >= cap:
            exact = False
        earlier.append((cond or "1", args))
    return total, exact
