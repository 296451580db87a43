"""Events, timeline, graph and briefing routes, over the query interface the event and
linking stages provide (``query.events``, ``query.timeline``, ``query.graph``,
``query.briefing``). Where this newsgraph lacks one, the route answers 501; here each is
replaced by a stand-in that returns contract records, to check what the route passes down
and how it pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph import config as config_mod  # noqa: E402
from newsgraph import query  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from web_factory import QUIET, Recorder, TestClient, timeline_records, web_db  # noqa: E402,F401

pytestmark = QUIET


@pytest.fixture(scope="module")
def client(web_db):
    # the stand-ins change answers without a commit, so no answers are kept here
    cfg = config_mod.load()
    cfg["web"]["cache_mb"] = 0
    with TestClient(create_app(web_db, cfg=cfg)) as c:
        yield c


@pytest.fixture
def fake_timeline(monkeypatch):
    rec = Recorder("timeline", timeline_records(120))
    monkeypatch.setattr(query, "timeline", rec, raising=False)
    return rec


def test_without_the_queries_the_routes_say_so(client, monkeypatch):
    for name in ("events", "timeline", "graph", "briefing"):
        monkeypatch.delattr(query, name, raising=False)
    for url in ("/api/events", "/api/timeline", "/api/graph", "/api/briefing?actor=Japan"):
        r = client.get(url)
        assert r.status_code == 501 and r.json()["error"]["code"] == "not_available"
    a = client.get("/api/actors/1").json()
    assert a["events"] is None


def test_timeline_passes_the_cli_filters(client, fake_timeline):
    r = client.get("/api/timeline", params=[("actor", "Japan"), ("actor", "PRK"),
                                            ("since", "2010-01-01"), ("until", "2020-12-31"),
                                            ("cameo", "03"), ("quad", "1"),
                                            ("min_reports", "2"), ("limit", "10")])
    assert r.status_code == 200, r.text
    kw = fake_timeline.calls[-1]
    assert kw["actors"] == ("Japan", "PRK") and kw["since"] == "2010-01-01"
    assert kw["until"] == "2020-12-31" and kw["cameo"] == "03" and kw["quad"] == 1
    assert kw["min_reports"] == 2 and kw["limit"] == 10 and kw["after"] is None
    client.get("/api/timeline", params=[("pair", "Japan"), ("pair", "North Korea")])
    assert fake_timeline.calls[-1]["pair"] == ("Japan", "North Korea")
    assert "actors" not in fake_timeline.calls[-1]
    assert client.get("/api/timeline", params=[("pair", "Japan")]).status_code == 400


def test_timeline_pages_by_key_through_every_event(client, fake_timeline):
    seen, after = [], None
    while True:
        page = client.get("/api/timeline", params={"limit": 50, **({"after": after} if after else {})}).json()
        seen += [e["id"] for e in page["items"]]
        for e in page["items"]:     # contract section 3 fields come through unchanged
            assert {"id", "date", "cameo", "plover", "label", "source", "target", "location",
                    "reports"} <= set(e)
        after = page["next"]
        if not after:
            break
    assert seen == [r["id"] for r in timeline_records(120)]


def test_events_and_the_actor_page_use_query_events(client, monkeypatch):
    # rows as query.events gives them: flat, with the document and evidence sentence
    rows = [{"id": f"v{i:02d}", "doc_id": "b" * 16, "cameo": "036", "plover": "CONSULT",
             "label": "meet", "source_entity": "e1", "source_name": "Fumio Kishida",
             "source_country": "JPN", "source_actor": 1, "source_actor_name": "Fumio Kishida",
             "target_entity": "e2", "target_name": "Kim Jong Un", "target_country": "PRK",
             "target_actor": 2, "target_actor_name": "Kim Jong Un", "date": "2024-03-01",
             "location": None, "modality": "asserted", "evidence_start": 0,
             "evidence_end": 79, "confidence": 0.8, "goldstein": 4.0, "title": "T",
             "published": "2024-03-01", "sentence": "Japanese Prime Minister ..."}
            for i in range(30)]
    rec = Recorder("events", rows)
    monkeypatch.setattr(query, "events", rec, raising=False)
    page = client.get("/api/events", params=[("pair", "Japan"), ("pair", "PRK"), ("limit", "20")]).json()
    assert len(page["items"]) == 20 and page["next"] == "v19"
    ev = page["items"][0]
    assert ev["source"] == {"entity": "e1", "name": "Fumio Kishida", "country": "JPN",
                            "actor_id": 1}
    assert ev["evidence"] == {"start": 0, "end": 79} and ev["doc_id"] == "b" * 16
    assert rec.calls[-1]["pair"] == ("Japan", "PRK")
    a = client.get("/api/actors/1").json()
    assert a["events"]["items"] and rec.calls[-1]["actor"] == a["actor"]["name"]


def test_graph_and_briefing_pass_filters(client, monkeypatch):
    got = {}

    def graph(store, **kw):
        got["graph"] = kw
        return {"nodes": [{"id": 1, "name": "Japan"}, {"id": 2, "name": "North Korea"}],
                "edges": [{"source": 1, "target": 2, "count": 3, "goldstein": 2.5}]}

    def briefing(store, *actors):
        got["briefing"] = actors
        return {"actors": list(actors), "markdown": "# Briefing"}

    monkeypatch.setattr(query, "graph", graph, raising=False)
    monkeypatch.setattr(query, "briefing", briefing, raising=False)
    g = client.get("/api/graph", params={"actor": "Japan", "since": "2020-01-01"}).json()
    assert g["edges"][0]["count"] == 3 and got["graph"] == {"actors": ("Japan",),
                                                          "since": "2020-01-01"}
    b = client.get("/api/briefing", params=[("actor", "Japan"), ("actor", "PRK")]).json()
    assert b["markdown"] == "# Briefing" and got["briefing"] == ("Japan", "PRK")
    assert client.get("/api/briefing", params=[("actor", "a")] * 3).status_code == 400
