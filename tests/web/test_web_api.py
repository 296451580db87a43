"""The JSON API: every route over a hand-made store, its pages and totals, its errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_factory import HOSTILE, QUIET, client, web_db  # noqa: E402,F401


pytestmark = QUIET



def test_stats(client):
    s = client.get("/api/stats").json()
    assert s["documents"] == 33 and s["quotes"] >= 5
    assert "db" not in s   # the server's paths are not the client's business


def test_search_carries_doc_id_snippet_and_matching_sentences(client):
    r = client.get("/api/search", params={"q": "Kishida"})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 2 and len(page["items"]) == 2
    hit = page["items"][0]
    assert len(hit["doc_id"]) == 16 and "[Kishida]" in hit["snippet"]
    doc = client.get(f"/api/documents/{hit['doc_id']}").json()
    # every matched word's offsets point at the word in the document's text
    assert hit["sentences"]
    for s in hit["sentences"]:
        assert doc["text"][s["start"]:s["end"]] == s["text"]
        for a, b in s["hits"]:
            assert doc["text"][a:b].lower().startswith("kishida")
            assert s["start"] <= a < b <= s["end"]


def test_search_pages_with_total(client):
    seen = []
    first = client.get("/api/search", params={"q": "harbour", "limit": 7}).json()
    total = first["total"]
    assert total >= 30 and first["next"] == first["items"][-1]["cursor"]
    after = None
    while True:
        page = client.get("/api/search", params={"q": "harbour", "limit": 7,
                                                 **({"after": after} if after else {})}).json()
        assert page["total"] == total
        seen += [h["doc_id"] for h in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert len(seen) == total == len(set(seen))


def test_offset_paging_is_refused_with_a_clear_400(client):
    for url in ("/api/search?q=harbour&offset=7", "/api/documents?offset=10",
                "/api/quotes?offset=1", "/api/actors?offset=3"):
        r = client.get(url)
        assert r.status_code == 400, url
        assert "after" in r.json()["error"]["message"]
    assert client.get("/api/documents?offset=0").status_code == 200


def test_search_terms_are_capped(client):
    r = client.get("/api/search", params={"q": " ".join(f"w{i}" for i in range(100))})
    assert r.status_code == 400
    assert "terms" in r.json()["error"]["message"]


@pytest.mark.parametrize("q", ['"unterminated', "AND", "a NEAR(", "(", "x\x00y", "*"])
def test_malformed_search_is_400_with_the_error_body(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["code"] in ("bad_query", "bad_request") and err["message"]


def test_search_needs_a_query(client):
    for params in ({}, {"q": ""}, {"q": "x" * 5000}):
        r = client.get("/api/search", params=params)
        assert r.status_code == 400
        assert set(r.json()["error"]) == {"code", "message"}


def test_documents_page_and_total(client):
    a = client.get("/api/documents", params={"limit": 10}).json()
    b = client.get("/api/documents", params={"limit": 10, "after": a["next"]}).json()
    assert a["total"] == b["total"] == 33
    assert len(a["items"]) == len(b["items"]) == 10
    assert not {d["doc_id"] for d in a["items"]} & {d["doc_id"] for d in b["items"]}
    c = client.get("/api/documents", params={"limit": 10, "after": b["next"]}).json()
    last = client.get("/api/documents", params={"limit": 10, "after": c["next"]}).json()
    assert len(last["items"]) == 3 and last["next"] is None
    assert client.get("/api/documents", params={"after": "junk"}).status_code == 400


def test_document_has_text_and_every_fact_with_offsets_and_sentence(client):
    d = client.get("/api/documents/bbbb").json()      # a unique prefix works
    assert d["doc_id"] == "b" * 16
    text = d["text"]
    sents = d["sentences"]
    assert sents and all(text[s["start"]:s["end"]] for s in sents)

    def in_sentence(start, idx):
        s = sents[idx]
        return s["start"] <= start < s["end"]

    for e in d["entities"]:
        assert e["actor_id"]
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
            assert in_sentence(m["start"], m["sentence"])
    assert len(d["quotes"]) == 2
    for q in d["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        assert in_sentence(q["start"], q["sentence"])
        assert q["speaker"]["name"] == "Fumio Kishida" and q["speaker"]["actor_id"]
    for t in d["times"]:
        assert text[t["start"]:t["end"]] == t["text"] and in_sentence(t["start"], t["sentence"])
    ev = d["events"][0]
    assert ev["cameo"] == "036" and ev["sentence"] == 0
    assert ev["source"]["actor_id"] and ev["target"]["actor_id"]
    assert d["sources"][0]["source"] == "news/two.txt"


def test_unknown_and_ambiguous_documents(client):
    r = client.get("/api/documents/0123456789abcdef")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    for bad in ("..%2F..%2Fetc%2Fpasswd", "zz", "x" * 40):
        r = client.get(f"/api/documents/{bad}")
        assert r.status_code in (400, 404) and "error" in r.json()


def test_actors_list_filter_and_detail(client):
    page = client.get("/api/actors", params={"limit": 2}).json()
    assert page["total"] >= 3 and len(page["items"]) == 2
    assert page["items"][0]["name"] == "Fumio Kishida"
    people = client.get("/api/actors", params={"type": "person"}).json()
    assert {a["type"] for a in people["items"]} == {"PERSON"}
    found = client.get("/api/actors", params={"q": "kishida"}).json()
    assert [a["name"] for a in found["items"]][:1] == ["Fumio Kishida"]
    aid = found["items"][0]["id"]
    a = client.get(f"/api/actors/{aid}").json()
    assert a["actor"]["name"] == "Fumio Kishida"
    role = a["roles"][0]
    assert role["title"] == "Prime Minister"
    # each role links to the documents that state it, at the actor's name there
    assert [e["published"] for e in role["evidence"]] == ["2023-09-19", "2024-03-01"]
    for e in role["evidence"]:
        text = client.get(f"/api/documents/{e['doc_id']}").json()["text"]
        assert text[e["start"]:e["end"]] == "Fumio Kishida"
    assert a["quotes"]["total"] == 4 and a["documents"]["total"] == 2
    docs = client.get(f"/api/actors/{aid}/documents", params={"limit": 1}).json()
    assert docs["total"] == 2 and len(docs["items"]) == 1
    assert docs["next"] == docs["items"][0]["cursor"]
    more = client.get(f"/api/actors/{aid}/documents",
                      params={"limit": 1, "after": docs["next"]}).json()
    assert len(more["items"]) == 1 and more["next"] is None
    assert more["items"][0]["doc_id"] != docs["items"][0]["doc_id"]
    assert client.get("/api/actors/999999").status_code == 404
    assert client.get("/api/actors/999999/documents").status_code == 404
    assert client.get("/api/actors/0").status_code == 400
    assert client.get("/api/actors", params={"type": "planet"}).status_code == 400


def test_quotes_filters_page_with_totals(client):
    allq = client.get("/api/quotes", params={"limit": 2}).json()
    assert allq["total"] == 5 and len(allq["items"]) == 2
    by = client.get("/api/quotes", params={"speaker": "Kishida"}).json()
    assert by["total"] == 4
    assert all(q["speaker"] == "Fumio Kishida" for q in by["items"])
    about = client.get("/api/quotes", params={"about": "peace"}).json()
    assert about["total"] == 2
    recent = client.get("/api/quotes", params={"speaker": "Kishida", "since": "2024-01-01"}).json()
    assert recent["total"] == 2 and {q["published"] for q in recent["items"]} == {"2024-03-01"}
    aid = by["items"][0]["actor_id"]
    assert client.get("/api/quotes", params={"speaker_id": aid}).json()["total"] == 4
    r = client.get("/api/quotes", params={"since": "2024-13-45"})
    assert r.status_code == 400 and "since" in r.json()["error"]["message"]


def test_bad_parameters_are_400_never_500(client):
    for url in ("/api/documents?limit=0", "/api/documents?limit=abc", "/api/documents?offset=-1",
                "/api/documents?limit=100000", "/api/quotes?speaker_id=x",
                "/api/timeline?quad=9", "/api/timeline?cameo=ab", "/api/events?pair=a"):
        r = client.get(url)
        assert r.status_code == 400, (url, r.status_code, r.text)
        assert r.json()["error"]["code"] in ("bad_request", "bad_query")


def test_unknown_routes_and_methods_have_the_error_body(client):
    r = client.get("/api/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.post("/api/documents")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    # no upload route unless a token is configured
    r = client.post("/api/ingest", content=b"x")
    assert r.status_code in (404, 405)


def test_text_comes_back_as_data_not_markup(client):
    hits = client.get("/api/search", params={"q": "officials"}).json()["items"]
    d = client.get(f"/api/documents/{hits[0]['doc_id']}").json()
    assert HOSTILE in d["title"] and HOSTILE in d["text"]
    r = client.get(f"/api/documents/{hits[0]['doc_id']}")
    assert r.headers["content-type"].startswith("application/json")


def test_openapi_describes_every_route(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/search", "/api/documents", "/api/documents/{doc_id}", "/api/actors",
              "/api/actors/{actor_id}", "/api/quotes", "/api/events", "/api/timeline",
              "/api/graph", "/api/briefing", "/api/stats"):
        assert p in paths
    assert not any(p.startswith("/static") or p in ("/", "/documents/{doc_id}") for p in paths)
    # the docs page is served from bundled files
    r = client.get("/api/docs")
    assert r.status_code == 200 and "/static/vendor/swagger-ui-dist/" in r.text
    assert "http://" not in r.text and "https://" not in r.text
