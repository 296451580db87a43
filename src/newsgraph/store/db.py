"""Opening the SQLite store: WAL, a busy timeout, and migrations up to ``schema.VERSION``.

WAL lets readers (other processes, the web server) keep reading while an ingest writes; a
writer holds the lock for one batch at a time. ``synchronous=NORMAL`` under WAL is durable
against a killed process (only a power cut can lose the last commits), which is the crash
model ``newsgraph ingest`` promises.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from ..errors import SchemaTooNew, StoreError
from . import schema

BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 64 * 1024


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """One connection to one store file. Not shared across threads or processes."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no store at {self.path} (create one with: newsgraph ingest PATH "
                             f"--db {self.path})")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store file")
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                        isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"cannot open store {self.path}: {exc} (is it a newsgraph store?)"
                             ) from exc
        except Exception:
            self.conn.close()
            raise

    def _setup(self) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.VERSION:
            raise SchemaTooNew(
                f"{self.path} was written by a newer newsgraph (schema version {version}; this "
                f"one knows up to {schema.VERSION}): upgrade newsgraph to read it")
        mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode})")
        c.execute("PRAGMA synchronous = NORMAL")
        # a batch touches pages of many indexes: keep them in memory (the default is 2 MB)
        c.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        c.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        while (v := self.version) < schema.VERSION:
            desc, sql = schema.MIGRATIONS[v]
            stamp = now().replace("'", "")
            script = (f"BEGIN IMMEDIATE;\n{sql}\n"
                      f"INSERT INTO schema_version(version, description, applied_at) "
                      f"VALUES ({v + 1}, '{desc.replace(chr(39), '')}', '{stamp}');\n"
                      f"PRAGMA user_version = {v + 1};\nCOMMIT;")
            try:
                self.conn.executescript(script)
            except sqlite3.OperationalError as exc:
                if self.conn.in_transaction:
                    self.conn.rollback()
                # another process may have applied the same migration meanwhile
                if self.version > v:
                    continue
                raise StoreError(f"cannot migrate {self.path} to schema version {v + 1}: {exc}"
                                 ) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: all of it or none of it, even if the process is killed."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.rollback()
                raise StoreError(f"cannot commit to {self.path}: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str | os.PathLike[str], *, create: bool = True) -> Store:
    return Store(path, create=create)
