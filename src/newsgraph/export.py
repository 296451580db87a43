"""Exporting the store: documents, actors, quotes, events and the timeline.

* ``jsonl``: one file per table, one JSON object per line;
* ``parquet``: the same tables as Parquet files (pyarrow, the ``parquet`` extra), with the
  schema in ``SCHEMAS`` (documented in README.md);
* ``gdelt``: the timeline as a GDELT 2.0 event table (tab-separated, with a header) so tools
  written for GDELT read it: one row per timeline event.

Everything streams: rows are read a page at a time (``store.export.rows``) and written as
they come (Parquet in row groups), so memory stays flat whatever the store holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import DependencyMissing, QueryError
from .store import Store
from .store import export as store_export

FORMATS = ("jsonl", "parquet", "gdelt")
TABLES = ("documents", "actors", "quotes", "events", "timeline", "timeline_reports")
ROW_GROUP = 10_000

# column -> Arrow type name, per exported table (the Parquet schema)
SCHEMAS: dict[str, dict[str, str]] = {
    "documents": {"doc_id": "string", "source": "string", "title": "string",
                  "published": "string", "published_source": "string", "language": "string",
                  "url": "string", "author": "string", "text": "string",
                  "sources": "list<string>"},
    "actors": {"id": "int64", "key": "string", "name": "string", "type": "string",
               "country": "string", "first_seen": "string", "last_seen": "string",
               "names": "list<string>", "roles": "list<string>"},
    "quotes": {"doc_id": "string", "idx": "int64", "kind": "string", "text": "string",
               "start": "int64", "end": "int64", "speaker": "string", "speaker_actor": "int64",
               "cue": "string", "published": "string"},
    "events": {"doc_id": "string", "id": "string", "cameo": "string", "plover": "string",
               "label": "string", "source_name": "string", "source_country": "string",
               "source_actor": "int64", "target_name": "string", "target_country": "string",
               "target_actor": "int64", "date": "string", "location": "string",
               "modality": "string", "evidence_start": "int64", "evidence_end": "int64",
               "confidence": "float64", "goldstein": "float64", "timeline": "string"},
    "timeline": {"id": "string", "date": "string", "date_start": "string",
                 "date_end": "string", "day": "string", "cameo": "string", "root": "string",
                 "quad": "int64", "plover": "string", "label": "string",
                 "goldstein": "float64", "source_key": "string", "source_name": "string",
                 "source_state": "string", "target_key": "string", "target_name": "string",
                 "target_state": "string", "location": "string", "modality": "string",
                 "reports": "int64", "documents": "int64", "sources": "int64",
                 "confidence": "float64", "source_url": "string"},
    "timeline_reports": {"timeline": "string", "doc_id": "string", "event_id": "string",
                         "match": "float64", "date": "string", "cameo": "string",
                         "outlet": "string", "published": "string"},
}

# GDELT 2.0 event table columns, in order; those the timeline has are filled, the others
# left empty (tools that read GDELT expect them all, by position)
GDELT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code",
    "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code",
    "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL"]


def _gdelt_row(t: dict[str, Any]) -> list[str]:
    day = (t["date_start"] or t["day"] or "").replace("-", "")
    r = dict.fromkeys(GDELT_COLUMNS, "")
    # stable across exports: the timeline event's id (a 64-bit hash) as a positive integer
    r["GlobalEventID"] = str(int(t["id"][1:], 16) >> 1)
    if len(day) == 8:
        r["Day"], r["MonthYear"], r["Year"] = day, day[:6], day[:4]
        y, m, d = int(day[:4]), int(day[4:6]), int(day[6:])
        r["FractionDate"] = f"{y + ((m - 1) * 30 + d) / 365:.4f}"
    for i, side in ((1, "source"), (2, "target")):
        state = t[f"{side}_state"]
        key = t[f"{side}_key"]
        if key is None:
            continue
        # CAMEO actor codes start with the country; our keys are the actor's identity
        r[f"Actor{i}Code"] = state if state and state.isupper() else ""
        r[f"Actor{i}Name"] = (t[f"{side}_name"] or key).upper()
        r[f"Actor{i}CountryCode"] = state if state and state.isupper() and len(state) == 3 \
            else ""
    cameo = t["cameo"]
    r["IsRootEvent"] = "1"
    r["EventCode"], r["EventBaseCode"], r["EventRootCode"] = cameo, cameo[:3], cameo[:2]
    r["QuadClass"] = str(t["quad"] or "")
    r["GoldsteinScale"] = "" if t["goldstein"] is None else f"{t['goldstein']:g}"
    r["NumMentions"] = str(t["reports"])
    r["NumSources"] = str(t["sources"])
    r["NumArticles"] = str(t["documents"])
    if t["location"]:
        r["ActionGeo_FullName"] = t["location"]
    r["DATEADDED"] = day
    r["SOURCEURL"] = t["source_url"] or ""
    return [_tsv(r[c]) for c in GDELT_COLUMNS]


def _tsv(v: str) -> str:
    return v.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def export(store: Store, fmt: str, out: str | Path, tables: Iterable[str] = TABLES,
           progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write the store to folder ``out`` in format ``fmt``; rows written per file."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    if fmt == "gdelt":
        path = out / "events.gdelt.tsv"
        n = 0
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\t".join(GDELT_COLUMNS) + "\n")
            for n, t in enumerate(store_export.rows(store.conn, "timeline"), 1):
                f.write("\t".join(_gdelt_row(t)) + "\n")
        counts[path.name] = n
        return counts
    writer = _jsonl if fmt == "jsonl" else _parquet
    for table in tables:
        if table not in SCHEMAS:
            raise QueryError(f"unknown table {table!r}: use {', '.join(TABLES)}")
        name, n = writer(out, table, store_export.rows(store.conn, table))
        counts[name] = n
        if progress:
            progress(name, n)
    return counts


def _jsonl(out: Path, table: str, rows: Iterator[dict[str, Any]]) -> tuple[str, int]:
    path = out / f"{table}.jsonl"
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for n, r in enumerate(rows, 1):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path.name, n


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa
    kinds = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "list<string>": pa.list_(pa.string())}
    return pa.schema([(k, kinds[v]) for k, v in SCHEMAS[table].items()])


def _parquet(out: Path, table: str, rows: Iterator[dict[str, Any]]) -> tuple[str, int]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise DependencyMissing("pyarrow (for Parquet export)",
                                "pip install 'newsgraph[parquet]'") from None
    schema = _arrow_schema(table)
    path = out / f"{table}.parquet"
    n = 0
    with pq.ParquetWriter(path, schema) as w:
        chunk: list[dict[str, Any]] = []
        for r in rows:
            chunk.append(r)
            if len(chunk) >= ROW_GROUP:
                w.write_table(pa.Table.from_pylist(chunk, schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            w.write_table(pa.Table.from_pylist(chunk, schema))
            n += len(chunk)
    return path.name, n
