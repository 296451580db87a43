"""`newsgraph export`: jsonl, parquet and the GDELT event table."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.export import GDELT_COLUMNS, SCHEMAS


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ex") / "d.db"
    here = Path(__file__).resolve().parent
    subprocess.run([sys.executable, str(here / "timeline_demo.py"), str(path)], check=True)
    return path


def test_jsonl_tables(db, tmp_path):
    assert main(["export", "--db", str(db), "--format", "jsonl", "--out", str(tmp_path)]) == 0
    for table, cols in SCHEMAS.items():
        rows = [json.loads(x) for x in (tmp_path / f"{table}.jsonl").read_text().splitlines()]
        assert rows, table
        assert set(rows[0]) == set(cols), table
    tl = [json.loads(x) for x in (tmp_path / "timeline.jsonl").read_text().splitlines()]
    reps = [json.loads(x) for x in (tmp_path / "timeline_reports.jsonl").read_text().splitlines()]
    assert sum(t["reports"] for t in tl) == len(reps)
    events = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert {e["timeline"] for e in events} == {t["id"] for t in tl}


def test_parquet_has_the_documented_schema(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path)]) == 0
    for table, cols in SCHEMAS.items():
        t = pq.read_table(tmp_path / f"{table}.parquet")
        assert t.schema.names == list(cols) and t.num_rows > 0, table
    actors = pq.read_table(tmp_path / "actors.parquet").to_pylist()
    kim = next(a for a in actors if a["name"] == "Kim Jong Un")
    assert "Supreme Leader of PRK" in kim["roles"]


def test_gdelt_table(db, tmp_path):
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(tmp_path)]) == 0
    with open(tmp_path / "events.gdelt.tsv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    assert rows[0] == GDELT_COLUMNS and all(len(r) == len(GDELT_COLUMNS) for r in rows)
    recs = [dict(zip(rows[0], r)) for r in rows[1:]]
    sg = [r for r in recs if r["Day"] == "20180612" and r["EventRootCode"] == "04"]
    assert len(sg) == 1
    r = sg[0]
    assert (r["Actor1Name"], r["Actor1CountryCode"], r["Actor2CountryCode"]) == \
        ("DONALD TRUMP", "USA", "PRK")
    assert r["EventCode"] == "043" and r["EventBaseCode"] == "043" and r["QuadClass"] == "1"
    assert r["NumArticles"] == "2" and r["ActionGeo_FullName"] == "Singapore"
    assert float(r["GoldsteinScale"]) == pytest.approx(2.8)
    assert r["SOURCEURL"].startswith("https://")
    ids = [r["GlobalEventID"] for r in recs]
    assert len(set(ids)) == len(ids) and all(i.isdigit() for i in ids)


def test_unknown_format_is_refused(db, tmp_path, capsys):
    from newsgraph.errors import QueryError
    from newsgraph.export import export
    from newsgraph.store import open_store
    with open_store(db) as st, pytest.raises(QueryError):
        export(st, "xml", tmp_path)
