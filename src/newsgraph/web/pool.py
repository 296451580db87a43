"""Read-only store connections for the server: one per worker thread.

A ``Store`` holds one SQLite connection, which must not be shared between threads; the
server answers requests on a thread pool, so each thread opens its own read-only
connection on first use and keeps it. SQLite in WAL mode lets these readers run while an
ingest writes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..store import Store, open_store


class StorePool:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        # open (and check) one connection now, so a bad path fails at start, not per request
        self.get()

    def get(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = open_store(self.path, read_only=True)
            self._local.store = st
            with self._lock:
                self._all.append(st)
        return st

    def close(self) -> None:
        with self._lock:
            for st in self._all:
                try:
                    st.close()
                except Exception:   # closing at shutdown; nothing to report to
                    pass
            self._all.clear()
        self._local = threading.local()
