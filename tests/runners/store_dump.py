"""Every table of a store as comparable rows, for "the same store contents" checks.

Generic over tables, so tables that later stages add (events, timeline, ...) are compared
without this file knowing them. Left out: what records a run rather than its result (the
schema version's and ingest runs' bookkeeping, the wall-clock columns), and FTS5's shadow
tables (derived from ``documents``, laid out by merge timing).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

SKIP_TABLES = {"schema_version", "ingest_runs"}
WALL_CLOCK = re.compile(r"^(at|.*_at|first_seen|last_seen)$")


def tables(con: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [n for n in names if n not in SKIP_TABLES and not n.startswith("sqlite_")
            and "_fts" not in n]


def dump(path: str) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out: dict[str, list[tuple[Any, ...]]] = {}
        for t in tables(con):
            cols = [r[1] for r in con.execute(f"PRAGMA table_info('{t}')")
                    if not WALL_CLOCK.match(r[1])]
            sel = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {sel} FROM "{t}"').fetchall()
            if t == "counters":   # the count of runs is run bookkeeping too
                rows = [r for r in rows if r[0] not in SKIP_TABLES]
            out[t] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def differences(a: str, b: str) -> list[str]:
    """What differs between the stores at ``a`` and ``b`` (empty when they hold the same)."""
    da, db = dump(a), dump(b)
    diffs = [f"table {t} only in {a if t in da else b}" for t in sorted(set(da) ^ set(db))]
    for t in sorted(set(da) & set(db)):
        if da[t] != db[t]:
            only_a = [r for r in da[t] if r not in db[t]][:2]
            only_b = [r for r in db[t] if r not in da[t]][:2]
            diffs.append(f"{t}: {len(da[t])} vs {len(db[t])} rows; e.g. {repr(only_a)[:300]} "
                         f"vs {repr(only_b)[:300]}")
    return diffs
