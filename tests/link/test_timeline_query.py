"""query.timeline and `newsgraph timeline`: contract fields, filters, keyset pages."""

from __future__ import annotations

import json

import pytest

from newsgraph import query
from newsgraph.cli import main
from newsgraph.errors import NotFound, QueryError
from newsgraph.link import write_batch
from newsgraph.link.dedup import Dedup
from newsgraph.store import open_store
from test_timeline import _corpus
from timeline_factory import doc, report


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tl") / "t.db"
    docs = _corpus(11, 80) + [
        doc("three", [report("Donald Trump", "Kim Jong Un", "04", "2018/2019")]),
        doc("sg1", [report("Donald Trump", "Kim Jong Un", "04", "2018-06-12",
                           location="Singapore")]),
        doc("sg2", [report("Kim Jong Un", "Donald Trump", "043", "2018-06-12")])]
    with open_store(path) as st:
        write_batch(st, docs, Dedup(num_perm=64))
    return path


def run(db, *args):
    return main(["timeline", "--db", str(db), *args])


def test_json_lines_carry_the_contract_fields(db, capsys):
    assert run(db, "--json", "--limit", "500") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines
    evs = [json.loads(x) for x in lines]
    for ev in evs:
        assert {"id", "date", "cameo", "plover", "label", "source", "target", "location",
                "reports"} <= set(ev)
        for r in ev["reports"]:
            assert {"doc_id", "source", "event", "evidence"} <= set(r)
            assert r["evidence"] and r["event"].startswith("v")
    days = [ev["day"] or "" for ev in evs]
    assert days == sorted(days)


def test_pages_walk_the_whole_timeline_once(db):
    with open_store(db) as st:
        whole = query.timeline(st, limit=10_000)["events"]
        seen, after = [], None
        while True:
            page = query.timeline(st, limit=7, after=after, reports=False)
            seen += [e["id"] for e in page["events"]]
            after = page["next"]
            if after is None:
                break
    assert seen == [e["id"] for e in whole] and len(set(seen)) == len(seen)


def test_actor_and_pair_filters(db):
    with open_store(db) as st:
        trump = query.timeline(st, actors=["Donald Trump"], limit=1000)["events"]
        assert trump and all("person:donald trump" in (e["source"]["key"], (e["target"] or {})
                                                       .get("key")) for e in trump)
        usa = query.timeline(st, actors=["USA"], limit=1000)["events"]
        assert {e["id"] for e in trump} <= {e["id"] for e in usa}
        both = query.timeline(st, actors=["Donald Trump", "Japan"], limit=1000)["events"]
        assert {e["id"] for e in trump} < {e["id"] for e in both}
        pair = query.timeline(st, pair=["Kim Jong Un", "Donald Trump"], limit=1000)["events"]
        sg = [e for e in pair if e["date"] == "2018-06-12" and e["location"] == "Singapore"]
        # both ways round, one event
        assert len(sg) == 1 and sg[0]["num_reports"] >= 2
        states = query.timeline(st, pair=["PRK", "USA"], limit=1000)["events"]
        assert {e["id"] for e in pair} <= {e["id"] for e in states}


def test_other_filters(db):
    with open_store(db) as st:
        every = query.timeline(st, limit=10_000)["events"]
        got = query.timeline(st, cameo="4", limit=10_000)["events"]
        assert got and {e["cameo"][:2] for e in got} == {"04"}
        assert len(got) == sum(e["cameo"][:2] == "04" for e in every)
        conflict = query.timeline(st, quad=3, limit=10_000)["events"]
        assert {e["quad"] for e in conflict} == {3}
        many = query.timeline(st, min_reports=2, limit=10_000)["events"]
        assert many and all(e["num_reports"] >= 2 for e in many)
        dated = query.timeline(st, since="2019-01-01", until="2019-03-31", limit=10_000)
        for e in dated["events"]:
            assert (e["date_end"] or e["day"]) >= "2019-01-01" and e["day"] <= "2019-03-31"


def test_bad_arguments_are_clear_errors(db, capsys):
    with open_store(db) as st:
        with pytest.raises(NotFound):
            query.timeline(st, actors=["Nobody Atall"])
        meet = query.timeline(st, cameo="043", limit=10_000)["events"]
        assert meet and {e["cameo"] for e in meet} == {"043"}
        for kw in ({"cameo": "42"}, {"cameo": "x4"}, {"quad": 7}, {"after": "garbage"}, {"min_reports": 0},
                   {"since": "2019-13-01"}, {"pair": ["USA"]}):
            with pytest.raises(QueryError):
                query.timeline(st, **kw)
    assert run(db, "--actor", "Nobody Atall") == 1
    assert "Error: no actor matching" in capsys.readouterr().err


def test_readable_output_cites_the_reports(db, capsys):
    assert run(db, "--pair", "Donald Trump", "Kim Jong Un", "--citations", "1") == 0
    out = capsys.readouterr().out
    assert "Donald Trump" in out and "Kim Jong Un" in out and "report(s)" in out
    assert "    - " in out
