"""newsgraph.query: document references, actors by name/alias/ISO3, quote filters."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "store"))

from newsgraph import query  # noqa: E402
from newsgraph.link.dedup import Dedup  # noqa: E402
from newsgraph.errors import NotFound, QueryError  # noqa: E402
from newsgraph.model import Entity, Mention, Quote, Speaker  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.link import write_batch  # noqa: E402
from store_factory import body, plain, rich_doc  # noqa: E402


@pytest.fixture
def st(tmp_path):
    s = open_store(tmp_path / "q.db")
    a = rich_doc("news/one.txt", "2023-09-19")
    b = rich_doc("news/two.txt", "2024-03-01")
    b = replace(b, article=replace(b.article, text=b.article.text + "\n\n" + body(7),
                                   doc_id="b" * 16))
    # an unresolved speaker, quoted about Japan
    t = body(8)
    q = Quote("direct", t[:40], 0, 40, Speaker(None, "a spokesman", None), "said")
    c = replace(plain(t, "news/three.txt", published="2022-01-01"), quotes=(q,))
    write_batch(s, [a, b, c], Dedup())
    yield s
    s.close()


def test_resolve_document_by_id_prefix_and_source(st):
    full = query.docs(st)[0]["doc_id"]
    assert query.resolve_document(st, full) == full
    assert query.resolve_document(st, "news/three.txt") == query.docs(st)[-1]["doc_id"]
    assert query.resolve_document(st, "bbbb") == "b" * 16
    with pytest.raises(NotFound, match="no document"):
        query.resolve_document(st, "nope")


def test_docs_newest_first(st):
    assert [d["published"] for d in query.docs(st)] == ["2024-03-01", "2023-09-19", "2022-01-01"]
    assert len(query.docs(st, limit=1)) == 1
    with pytest.raises(QueryError):
        query.docs(st, limit=-1)


def test_document_has_annotations_and_actor_links(st):
    res = query.document(st, "bbbb")
    ann = res["annotated"]
    assert [e.name for e in ann.entities] == ["Fumio Kishida", "Kim Jong Un", "Japan"]
    assert set(res["actors"]) == {"e1", "e2", "e3"}
    assert res["document"]["removed"] == ["Share this", "Menu"]
    assert res["sources"][0]["source"] == "news/two.txt"


def test_actor_by_surname_alias_and_iso3(st):
    r = query.actor(st, "Kishida")
    assert r["actor"]["name"] == "Fumio Kishida" and r["actor"]["documents"] == 2
    assert r["roles"][0]["title"] == "Prime Minister"
    assert (r["roles"][0]["first_seen"], r["roles"][0]["last_seen"]) == ("2023-09-19",
                                                                         "2024-03-01")
    assert len(r["quotes"]) == 4 and r["exact"] is False
    assert query.actor(st, "fumio kishida")["exact"] is True
    assert query.actor(st, "JPN")["actor"]["name"] == "Japan"
    with pytest.raises(NotFound):
        query.actor(st, "Nobody At All")


def test_actors_listing_and_type_filter(st):
    assert {a["name"] for a in query.actors(st, "person")} == {"Fumio Kishida", "Kim Jong Un"}
    with pytest.raises(QueryError, match="unknown actor type"):
        query.actors(st, "ALIEN")


def test_quote_filters(st):
    assert len(query.quotes(st)) == 5
    assert {q["speaker"] for q in query.quotes(st, speaker="kishida")} == {"Fumio Kishida"}
    assert [q["speaker"] for q in query.quotes(st, speaker="spokesman")] == ["a spokesman"]
    # about: words in the quote, or an actor mentioned inside it
    assert {q["text"] for q in query.quotes(st, about="talk")} == {"We will talk,"}
    assert {q["text"] for q in query.quotes(st, about="Japan")} == {"Japan wanted peace"}
    assert len(query.quotes(st, since="2024-01-01")) == 2
    assert query.quotes(st, speaker="Kim Jong Un") == []
    with pytest.raises(QueryError, match="date"):
        query.quotes(st, since="last year")


def test_stats_counts(st):
    s = query.stats(st)
    assert (s["documents"], s["actors"], s["quotes"], s["times"]) == (3, 3, 5, 2)
    assert s["file_bytes"] > 0


def test_entity_without_mentions_is_fine(tmp_path):
    with open_store(tmp_path / "e.db") as s:
        d = replace(plain(body(1), "x"),
                    entities=(Entity("e1", "Acme", "ORG", mentions=(Mention(0, 4, "Harb"),)),
                              Entity("e2", "Ghost", "GROUP")))
        write_batch(s, [d], Dedup())
        assert {a["name"] for a in query.actors(s)} == {"Acme", "Ghost"}


def test_date_filter_says_how_many_undated_quotes_it_left_out(tmp_path):
    s = open_store(tmp_path / "u.db")
    dated = rich_doc("news/dated.txt", "2024-03-01")
    undated = rich_doc("news/undated.txt", None)
    undated = replace(undated, article=replace(undated.article, text=undated.article.text
                                               + "\n\n" + body(5), doc_id="c" * 16))
    write_batch(s, [dated, undated], Dedup())
    try:
        n = len(query.quotes(s))
        got = query.quotes(s, since="2020-01-01")
        left = query.quotes_left_out_undated(s, since="2020-01-01")
        assert left["documents"] == 1 and left["quotes"] == n - len(got) > 0
        assert query.quotes_left_out_undated(s) == {"quotes": 0, "documents": 0}
        only = query.quotes_left_out_undated(s, speaker="Kishida", until="2030-01-01")
        assert 0 < only["quotes"] <= left["quotes"]
    finally:
        s.close()
