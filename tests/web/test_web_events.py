"""Events, timeline, graph and briefing routes over the real queries (``query.events``,
``query.timeline``, ``query.graph``, ``query.briefing``): the CLI's filters reach them, they
page by key with totals (bounded counts, a lower bound past the cap), and bad values are
400s with the one error body."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph import query  # noqa: E402
from newsgraph.store import counts, open_store  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from web_factory import QUIET, TestClient, add_timeline, build_store  # noqa: E402

pytestmark = QUIET
SYNTHETIC = 120


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return add_timeline(build_store(tmp_path_factory.mktemp("ev") / "ev.db", 3), SYNTHETIC)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def ids(page):
    return [e["id"] for e in page["items"]]


def test_timeline_filters_are_the_clis(client, db):
    every = client.get("/api/timeline", params={"limit": 500}).json()
    assert every["total"] == SYNTHETIC + 2 and every["total_exact"] and every["next"] is None
    with open_store(db, read_only=True) as st:
        want = query.timeline(st, pair=("Fumio Kishida", "Kim Jong Un"))["events"]
    got = client.get("/api/timeline", params=[("pair", "Fumio Kishida"),
                                              ("pair", "Kim Jong Un")]).json()
    assert ids(got) == [e["id"] for e in want] and len(want) == 2
    ev = got["items"][0]
    # contract section 3, each report with its sentence and offsets into the document
    assert {"id", "date", "cameo", "plover", "label", "source", "target", "location",
            "reports"} <= set(ev)
    rep = ev["reports"][0]
    doc = client.get(f"/api/documents/{rep['doc_id']}").json()
    span = rep["evidence_span"]
    assert doc["text"][span["start"]:span["end"]] == rep["evidence"]
    assert "Kishida" in rep["evidence"]
    # the other way round is the same pair
    back = client.get("/api/timeline", params=[("pair", "Kim Jong Un"),
                                               ("pair", "Fumio Kishida")]).json()
    assert ids(back) == ids(got)
    one = client.get("/api/timeline", params=[("actor", "Kishida"),
                                              ("since", "2024-01-01")]).json()
    assert [e["date"] for e in one["items"]] == ["2024-03-01"]
    assert client.get("/api/timeline", params={"actor": "Kishida",
                                               "until": "2023-12-31"}).json()["total"] == 1
    # cameo root and code, quad, min_reports, several actors
    assert len(client.get("/api/timeline", params={"cameo": "19", "limit": 500}
                          ).json()["items"]) == SYNTHETIC // 2
    assert client.get("/api/timeline", params={"cameo": "036", "actor": "Kishida"}
                      ).json()["total"] == 2
    assert client.get("/api/timeline", params={"quad": 4, "actor": "Kishida"}
                      ).json()["total"] == 0
    assert client.get("/api/timeline", params={"min_reports": 1, "limit": 500}
                      ).json()["total"] == 2
    jp = client.get("/api/timeline", params=[("actor", "JPN"), ("limit", "500")]).json()
    both = client.get("/api/timeline", params=[("actor", "JPN"), ("actor", "PRK"),
                                               ("limit", "500")]).json()
    assert jp["total"] == both["total"] == SYNTHETIC + 2   # each event once
    r = client.get("/api/timeline", params={"reports": 0, "actor": "Kishida"}).json()
    assert all(e["reports"] == [] and e["num_reports"] == 1 for e in r["items"])


def test_timeline_pages_by_key_with_totals(client, db):
    seen, after, totals = [], None, set()
    while True:
        page = client.get("/api/timeline", params={"limit": 25, **({"after": after} if after
                                                                  else {})}).json()
        assert len(page["items"]) <= 25
        seen += ids(page)
        totals.add((page["total"], page["total_exact"]))
        after = page["next"]
        if not after:
            break
    with open_store(db, read_only=True) as st:
        assert seen == [e["id"] for e in query.iter_timeline(st)]
    assert totals == {(SYNTHETIC + 2, True)}
    days = [d["day"] for d in client.get("/api/timeline", params={"limit": 500}
                                         ).json()["items"]]
    assert days == sorted(days)


def test_totals_past_the_cap_are_lower_bounds(client, monkeypatch):
    monkeypatch.setattr(counts, "CAP", 50)
    page = client.get("/api/timeline", params={"actor": "JPN", "limit": 10, "_": "cap"}).json()
    assert page["total_exact"] is False and 50 <= page["total"] <= SYNTHETIC + 2
    ev = client.get("/api/events", params={"limit": 1, "_": "cap"}).json()
    assert ev["total_exact"] is True          # two events: well under the cap
    monkeypatch.setattr(counts, "CAP", 1)
    ev = client.get("/api/events", params={"limit": 1, "_": "cap1"}).json()
    assert ev["total_exact"] is False and ev["total"] >= 1


def test_events_filter_and_page_by_key(client):
    allev = client.get("/api/events").json()
    assert allev["total"] == len(allev["items"]) == 2 and allev["total_exact"]
    ev = allev["items"][0]
    assert ev["source"]["name"] == "Fumio Kishida" and ev["source"]["actor_id"]
    assert ev["evidence"] == {"start": ev["evidence_start"], "end": ev["evidence_end"]}
    assert "Kishida" in ev["evidence_text"]
    first = client.get("/api/events", params={"limit": 1}).json()
    assert first["next"] and first["total"] == 2 and len(first["items"]) == 1
    second = client.get("/api/events", params={"limit": 1, "after": first["next"]}).json()
    assert second["next"] is None
    assert [e["doc_id"] for e in first["items"] + second["items"]] == \
        [e["doc_id"] for e in allev["items"]]
    aid = ev["source"]["actor_id"]
    by_id = client.get("/api/events", params={"actor_id": aid}).json()
    by_name = client.get("/api/events", params={"actor": "Fumio Kishida"}).json()
    assert by_id["items"] == by_name["items"] and by_id["total"] == 2
    pair = client.get("/api/events", params=[("pair", "Kim Jong Un"),
                                             ("pair", "Fumio Kishida")]).json()
    assert pair["total"] == 2
    assert client.get("/api/events", params={"since": "2024-01-01"}).json()["total"] == 1
    assert client.get("/api/events", params={"cameo": "19"}).json()["total"] == 0
    assert client.get("/api/events", params={"cameo": "036"}).json()["total"] == 2
    # the actor page has the first page of its events, with the total
    a = client.get(f"/api/actors/{aid}").json()
    assert a["events"]["total"] == 2 and len(a["events"]["items"]) == 2


def test_unknown_actors_and_bad_values(client):
    for url in ("/api/timeline?actor=nobody%20at%20all", "/api/events?actor_id=999999",
                "/api/graph?actor=nobody%20at%20all", "/api/briefing?actor=nobody%20at%20all"):
        r = client.get(url)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", url
    for url in ("/api/timeline?quad=9", "/api/timeline?cameo=ab", "/api/timeline?cameo=99",
                "/api/timeline?since=2024-02-31", "/api/timeline?after=junk",
                "/api/events?after=junk", "/api/events?pair=a", "/api/timeline?actor=%20",
                "/api/graph?level=planet", "/api/graph?top=0", "/api/briefing",
                "/api/briefing?actor=Japan&format=pdf", "/api/briefing?actor=a&actor=b&actor=c",
                "/api/timeline?min_reports=0", "/api/timeline?limit=501"):
        r = client.get(url)
        assert r.status_code == 400, (url, r.status_code, r.text)
        assert r.json()["error"]["code"] in ("bad_request", "bad_query"), url


def test_graph_levels_and_top(client):
    g = client.get("/api/graph").json()
    keys = {n["id"] for n in g["nodes"]}
    assert {"JPN", "PRK", "person:fumio kishida", "person:kim jong un"} <= keys
    e = next(e for e in g["edges"] if e["source"] == "JPN" and e["target"] == "PRK")
    n_jp = sum(1 for i in range(SYNTHETIC) if i % 3 != 2)
    assert e["events"] == n_jp and e["quad"]["1"] + e["quad"]["4"] == n_jp
    st = client.get("/api/graph", params={"level": "state"}).json()
    e = next(e for e in st["edges"] if e["source"] == "JPN" and e["target"] == "PRK")
    assert e["events"] == n_jp + 2        # Kishida acts for Japan, Kim for North Korea
    top = client.get("/api/graph", params={"top": 2}).json()
    assert len(top["nodes"]) == 2 and top["nodes_total"] == len(g["nodes"])
    kept = {n["id"] for n in top["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in top["edges"])
    pair = client.get("/api/graph", params=[("pair", "Kishida"), ("pair", "Kim Jong Un")]
                      ).json()
    assert [(e["source"], e["target"], e["events"]) for e in pair["edges"]] == \
        [("person:fumio kishida", "person:kim jong un", 2)]


def test_briefing_as_data_markdown_and_a_page_without_script(client):
    b = client.get("/api/briefing", params=[("actor", "Kishida"), ("actor", "Kim Jong Un")])
    assert b.status_code == 200
    data = b.json()
    assert [a["name"] for a in data["actors"]] == ["Fumio Kishida", "Kim Jong Un"]
    assert len(data["events"]) == 2 and data["events"][0]["reports"][0]["evidence"]
    assert data["quotes"][0] and data["quotes"][0][0]["speaker"] == "Fumio Kishida"
    md = client.get("/api/briefing", params={"actor": "Kishida", "format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and "Kishida" in md.text
    page = client.get("/api/briefing", params={"actor": "Kishida", "format": "html"})
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert "<script" not in page.text.lower()
    one = client.get("/api/briefing", params={"actor": "Kishida", "limit": 1}).json()
    assert len(one["events"]) == 1 and one["more_events"] is True


def _graph_by_events(st, level, **filters):
    """The actor graph counted one timeline event at a time: what ``query.graph``'s one
    grouped query must equal."""
    nodes, edges = {}, {}

    def node(side):
        if not side:
            return None
        key = (side["country"] or side["key"]) if level == "state" else side["key"]
        nodes[key] = nodes.get(key, 0) + 1
        return key

    for ev in query.iter_timeline(st, **filters):
        s, t = node(ev["source"]), node(ev["target"])
        if s is None or t is None:
            continue
        e = edges.setdefault((s, t), {"events": 0, "reports": 0, "g": [], "quad": {},
                                      "days": []})
        e["events"] += 1
        e["reports"] += ev["num_reports"]
        if ev["goldstein"] is not None:
            e["g"].append(ev["goldstein"])
        e["quad"][str(ev["quad"])] = e["quad"].get(str(ev["quad"]), 0) + 1
        if ev["date_start"] or ev["day"]:
            e["days"].append(ev["date_start"] or ev["day"])
    return nodes, edges


@pytest.mark.parametrize("level,filters", [
    ("actor", {}), ("state", {}), ("actor", {"actors": ("JPN",)}),
    ("state", {"pair": ("Fumio Kishida", "Kim Jong Un")}), ("actor", {"since": "2024-05-01"}),
    ("actor", {"until": "2024-04-10", "cameo": "19"}), ("state", {"quad": 1}),
    ("actor", {"min_reports": 1}), ("actor", {"actors": ("PRK", "Kishida")})])
def test_graph_equals_counting_event_by_event(db, level, filters):
    with open_store(db, read_only=True) as st:
        g = query.graph(st, level=level, **filters)
        want_nodes, want_edges = _graph_by_events(st, level, **filters)
    assert {n["id"]: n["events"] for n in g["nodes"]} == want_nodes
    assert len(g["edges"]) == len(want_edges)
    for e in g["edges"]:
        w = want_edges[(e["source"], e["target"])]
        assert (e["events"], e["reports"]) == (w["events"], w["reports"])
        assert e["goldstein_mean"] == (round(sum(w["g"]) / len(w["g"]), 3) if w["g"] else None)
        assert {k: v for k, v in e["quad"].items() if v} == w["quad"]
        assert (e["first"], e["last"]) == (min(w["days"]), max(w["days"]))


def test_briefing_page_escapes_markup(client):
    r = client.get("/api/briefing", params={"actor": "<b>Minister</b>", "format": "html"})
    assert r.status_code == 200, r.text
    assert "<script" not in r.text.lower() and "<b>Minister" not in r.text
    assert "&lt;script&gt;" in r.text and "&lt;b&gt;Minister&lt;/b&gt;" in r.text
