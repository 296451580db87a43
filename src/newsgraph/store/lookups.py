"""Narrow, indexed lookups for the linker (``newsgraph.link``), which decides what a batch
is (copies, actors, timeline events) and hands the store the result to write. Each answers
one small question by key; none scans a table, none decides anything."""

from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Iterator, Sequence

from ..model import TimelineEvent, TimelineReport


def _chunks(xs: Sequence[Any], n: int = 400) -> Iterator[Sequence[Any]]:
    for i in range(0, len(xs), n):
        yield xs[i:i + n]


# ------------------------------------------------------------------------------ documents
def meta(c: sqlite3.Connection, key: str) -> str | None:
    row = c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def document_exists(c: sqlite3.Connection, doc_id: str) -> bool:
    return c.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None


def stored_sources(c: sqlite3.Connection, sources: Sequence[str]) -> dict[str, set[str]]:
    """For each of ``sources`` the store knows: the doc_ids it is a source of (indexed by
    ``sources_source``). A rerun skips a document found here with the same body."""
    out: dict[str, set[str]] = {}
    for part in _chunks(sorted(set(sources))):
        marks = ",".join("?" * len(part))
        for source, doc_id in c.execute(
                f"SELECT source, doc_id FROM sources WHERE source IN ({marks})", part):
            out.setdefault(source, set()).add(doc_id)
    return out


def band_documents(c: sqlite3.Connection, keys: Iterable[tuple[int, int]]) -> list[int]:
    """Rowids of the stored documents filed under any of the (band, key) pairs, ascending."""
    found: set[int] = set()
    for band, key in keys:
        found.update(r[0] for r in c.execute(
            "SELECT doc FROM minhash_bands WHERE band = ? AND key = ?", (band, key)))
    return sorted(found)


def document_signature(c: sqlite3.Connection, rowid: int) -> tuple[str, bytes | None]:
    r = c.execute("SELECT doc_id, minhash FROM documents WHERE id = ?", (rowid,)).fetchone()
    return r[0], r[1]


def document_text(c: sqlite3.Connection, rowid: int) -> str:
    return c.execute("SELECT text FROM documents WHERE id = ?", (rowid,)).fetchone()[0]


def documents_for_bands(c: sqlite3.Connection) -> list[tuple[int, bytes | None, str]]:
    """Every stored document's (rowid, signature, text): rebuilding the bands after the
    MinHash settings changed is the one pass over all documents."""
    return [tuple(r) for r in c.execute("SELECT id, minhash, text FROM documents ORDER BY id")]


# ------------------------------------------------------------------------------ actors
def actors_by_key(c: sqlite3.Connection, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored actors among ``keys``: key -> {id, type, country, names: {name: count}}."""
    ks = sorted(set(keys))
    out: dict[str, dict[str, Any]] = {}
    for part in _chunks(ks):
        marks = ",".join("?" * len(part))
        for r in c.execute(f"SELECT id, key, type, country FROM actors WHERE key IN ({marks})",
                           part):
            out[r[1]] = {"id": r[0], "type": r[2], "country": r[3], "names": {}}
        for r in c.execute(f"SELECT a.key, n.name, n.count FROM actors a JOIN actor_names n "
                           f"ON n.actor_id = a.id WHERE a.key IN ({marks})", part):
            out[r[0]]["names"][r[1]] = r[2]
    return out


def persons_without_name_words(c: sqlite3.Connection) -> list[str]:
    """Keys of stored persons whose name words are not filled (rows written by a newsgraph
    whose store filled them itself, before the linker wrote them)."""
    return [r[0] for r in c.execute(
        "SELECT key FROM actors WHERE name_last IS NULL AND key GLOB 'person:*'")]


# ------------------------------------------------------------------------------ timeline
_REPORT_COLS = ("doc_id, event_id, block, lo, hi, date, cameo, source_key, source_state, "
                "source_leads, target_key, target_state, target_leads, place, place_country, "
                "published, outlet, goldstein, quad, plover, label, modality, timeline, match")
_EVENT_COLS = ("tid, block, date, date_start, date_end, day, cameo, root, quad, plover, label, "
               "goldstein, source_key, source_state, target_key, target_state, location, "
               "modality, reports, documents, outlets, confidence")


def _report(r: sqlite3.Row) -> TimelineReport:
    d = dict(r)
    d["source_leads"] = bool(d["source_leads"])
    d["target_leads"] = bool(d["target_leads"])
    return TimelineReport(**d)


def timeline_blocks(c: sqlite3.Connection, blocks: Sequence[str]
                    ) -> tuple[list[TimelineReport], dict[str, TimelineEvent]]:
    """The stored reports and events of the timeline blocks ``blocks``."""
    reports: list[TimelineReport] = []
    events: dict[str, TimelineEvent] = {}
    for part in _chunks(sorted(set(blocks))):
        marks = ",".join("?" * len(part))
        reports += [_report(r) for r in c.execute(
            f"SELECT {_REPORT_COLS} FROM timeline_reports WHERE block IN ({marks})", part)]
        for r in c.execute(f"SELECT {_EVENT_COLS} FROM timeline_events WHERE block IN ({marks})",
                           part):
            events[r["tid"]] = TimelineEvent(**dict(r))
    return reports, events


def timeline_block_versions(c: sqlite3.Connection, blocks: Iterable[str]) -> dict[str, int]:
    """How many times each stored block has been re-linked (absent: never)."""
    out: dict[str, int] = {}
    for part in _chunks(sorted(set(blocks))):
        out.update((r[0], r[1]) for r in c.execute(
            f"SELECT block, version FROM timeline_blocks WHERE block IN "
            f"({','.join('?' * len(part))})", part))
    return out


def timeline_reports_naming(c: sqlite3.Connection, keys: Iterable[str]
                            ) -> list[TimelineReport]:
    """Stored timeline reports with one of the actor ``keys`` on either side."""
    ks = sorted(set(keys))
    out: dict[tuple[str, str], TimelineReport] = {}
    for part in _chunks(ks):
        marks = ",".join("?" * len(part))
        for col in ("source_key", "target_key"):
            for r in c.execute(f"SELECT {_REPORT_COLS} FROM timeline_reports "
                               f"WHERE {col} IN ({marks})", part):
                out[(r["doc_id"], r["event_id"])] = _report(r)
    return [out[k] for k in sorted(out)]
