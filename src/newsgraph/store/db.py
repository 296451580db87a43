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

from ..errors import SchemaTooNew, SchemaTooOld, StoreError
from ..names import lookup_key
from . import schema

BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 64 * 1024
READ_CACHE_KIB = 32 * 1024


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """One connection to one store file. Not shared across threads or processes.

    ``read_only`` opens the file with SQLite's ``mode=ro`` and ``query_only`` (the web server's
    connections): nothing is migrated or written, and a file of an older schema is refused
    with the command that upgrades it.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True,
                 read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if (read_only or not create) and not self.path.exists():
            raise StoreError(f"no store at {self.path} (create one with: newsgraph ingest PATH "
                             f"--db {self.path})")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store file")
        existed = self.path.exists()
        try:
            target, uri = ((self.path.resolve().as_uri() + "?mode=ro", True) if read_only
                           else (str(self.path), False))
            self.conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri,
                                        isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            if not existed:
                raise StoreError(f"cannot create store {self.path}: {exc} (is there a folder "
                                 f"{self.path.parent} this user can write in?)") from exc
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if not existed:
                raise StoreError(f"cannot create store {self.path}: {exc} (can this user "
                                 f"write in {self.path.parent or '.'}?)") from exc
            if _read_only(exc):
                raise StoreError(f"cannot open store {self.path}: the file or its folder is "
                                 "read-only (the store needs to write its journal)") from exc
            hint = ("is it a newsgraph store, and can this user write in its folder?"
                    if "unable to open" in str(exc).lower() else "is it a newsgraph store?")
            raise StoreError(f"cannot open store {self.path}: {exc} ({hint})") from exc
        except Exception:
            self.conn.close()
            raise

    def _setup(self) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # the lookup key of a name (names.lookup_key), for migrations that fill the stored
        # *_key columns of older rows; the writer computes it in Python for new rows, so no
        # index or trigger depends on it (sqlite3 and datasette can still write the file)
        c.create_function("newsgraph_lookup_key", 1, lookup_key, deterministic=True)
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.VERSION:
            raise SchemaTooNew(
                f"{self.path} was written by a newer newsgraph (schema version {version}; this "
                f"one knows up to {schema.VERSION}): upgrade newsgraph to read it")
        if self.read_only:
            c.execute("PRAGMA query_only = ON")
            # a server's reader answers many questions over the same pages: keep more of
            # them than the default 2 MB (memory is taken only as pages are read)
            c.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
            if version < schema.VERSION:
                raise SchemaTooOld(
                    f"{self.path} has schema version {version}; this newsgraph reads "
                    f"{schema.VERSION}: upgrade it once with `newsgraph stats --db {self.path}` "
                    f"(which migrates it), then open it read-only again")
            return
        mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode})")
        c.execute("PRAGMA synchronous = NORMAL")
        # a batch touches pages of many indexes: keep them in memory (the default is 2 MB)
        c.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        c.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes whenever another connection has
        committed to the file since this connection last asked (caches key on it)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

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
            why = "the store is read-only (its file or folder cannot be written)" \
                if _read_only(exc) else str(exc)
            raise StoreError(f"cannot write to {self.path}: {why}") from exc
        try:
            yield self.conn
        except sqlite3.OperationalError as exc:
            self.conn.rollback()
            if _read_only(exc):
                raise StoreError(f"cannot write to {self.path}: the store is read-only "
                                 "(its file or folder cannot be written)") from exc
            if _no_room(exc):
                raise StoreError(f"cannot write to {self.path}: the disk is full or the file "
                                 f"may not grow ({exc}); nothing of this batch was stored, "
                                 "every earlier batch is: make room and run it again") from exc
            raise
        except BaseException:
            self.conn.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.rollback()
                why = (f"the disk is full or the file may not grow ({exc}); nothing of this "
                       "batch was stored" if _no_room(exc) else str(exc))
                raise StoreError(f"cannot commit to {self.path}: {why}") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _no_room(exc: sqlite3.Error) -> bool:
    """SQLITE_FULL (the disk, or max_page_count) or a write that failed (a size limit)."""
    code = getattr(exc, "sqlite_errorcode", None)
    msg = str(exc).lower()
    return code == 13 or "disk is full" in msg or "disk i/o error" in msg


def _read_only(exc: sqlite3.Error) -> bool:
    msg = str(exc).lower()
    return "readonly" in msg or "read-only" in msg


def open_store(path: str | os.PathLike[str], *, create: bool = True,
               read_only: bool = False) -> Store:
    return Store(path, create=create, read_only=read_only)
