"""Bounded queries: maintained counts equal a recount, lists page by key on an index (no
OFFSET, no scan), actor arguments match a whole name, alias or code (never a substring),
search length and terms are capped, and an older store gains all of it on migration."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from newsgraph import query
from newsgraph.errors import NotFound, QueryError
from newsgraph.link import write_batch
from newsgraph.link.dedup import Dedup
from newsgraph.model import (DocWarning, Dropped, Entity, Mention, Quote, Role, Speaker)
from newsgraph.store import actors, open_store, read, schema

from store_factory import body, plain, rich_doc, store_at_version


def recount(c: sqlite3.Connection) -> dict:
    """What the maintained counts must equal, counted the slow way."""
    one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
    groups = lambda sql: {str(r[0]): r[1] for r in c.execute(sql)}  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "sources": one("SELECT count(*) FROM sources"),
        "exact_duplicates": one("SELECT count(*) FROM sources WHERE kind = 'exact'"),
        "near_duplicates": one("SELECT count(*) FROM sources WHERE kind = 'near'"),
        "errors": one("SELECT count(*) FROM errors"),
        "errors_by_reason": groups("SELECT reason, count(*) FROM errors GROUP BY 1"),
        "languages": groups("SELECT language, count(*) FROM documents GROUP BY 1"),
        "undated": one("SELECT count(*) FROM documents WHERE published IS NULL"),
        "characters": one("SELECT coalesce(sum(length(text)), 0) FROM documents"),
        "raw_bytes": one("SELECT coalesce(sum(raw_size), 0) FROM documents"),
        "raw_stored_bytes": one("SELECT coalesce(sum(length(raw)), 0) FROM documents"),
        **{t: one(f"SELECT count(*) FROM {t}") for t in
           ("sentences", "entities", "mentions", "actors", "quotes", "times", "events",
            "ingest_runs")},
        "warnings": one("SELECT count(*) FROM document_warnings"),
        "warnings_by_code": groups("SELECT code, count(*) FROM document_warnings GROUP BY 1"),
        "actors_by_type": groups("SELECT type, count(*) FROM actors GROUP BY 1"),
        "events_by_quad": groups("SELECT quad, count(*) FROM events WHERE quad IS NOT NULL "
                                 "GROUP BY 1"),
    }


def actor_recount(c: sqlite3.Connection) -> dict[int, tuple[int, int, int]]:
    return {r[0]: tuple(r[1:]) for r in c.execute(
        "SELECT a.id, (SELECT count(DISTINCT doc_id) FROM entities e WHERE e.actor_id = a.id), "
        "(SELECT count(*) FROM entities e JOIN mentions m ON m.doc_id = e.doc_id AND "
        " m.entity_id = e.id WHERE e.actor_id = a.id), "
        "(SELECT count(*) FROM quotes q JOIN entities e ON e.doc_id = q.doc_id AND "
        " e.id = q.speaker_entity WHERE e.actor_id = a.id) FROM actors a")}


def kept(c: sqlite3.Connection) -> dict[int, tuple[int, int, int]]:
    return {r[0]: tuple(r[1:]) for r in c.execute(
        "SELECT id, documents, mentions, quotes FROM actors")}


def assert_counts_hold(st) -> None:
    s = query.stats(st)
    want = recount(st.conn)
    assert {k: s[k] for k in want} == want
    assert kept(st.conn) == actor_recount(st.conn)
    # each quote's speaker_actor is its speaker entity's actor
    assert st.conn.execute(
        "SELECT count(*) FROM quotes q LEFT JOIN entities e ON e.doc_id = q.doc_id AND "
        "e.id = q.speaker_entity WHERE q.speaker_actor IS NOT e.actor_id").fetchone()[0] == 0


def yousaf_doc(source: str, published: str | None) -> object:
    t = "Humza Yousaf spoke. The USA replied. " + body(hash(source) % 1000, 40)
    ents = (Entity("e1", "Humza Yousaf", "PERSON", "GBR", mentions=(Mention(0, 12, "Humza Yousaf"),)),
            Entity("e2", "United States", "COUNTRY", "USA",
                   mentions=(Mention(24, 27, "USA", "alias"),)))
    q = Quote("indirect", "spoke", 13, 18, Speaker("e1", "Humza Yousaf", None), "spoke")
    return replace(plain(t, source, published=published), entities=ents, quotes=(q,))


@pytest.fixture
def st(tmp_path):
    s = open_store(tmp_path / "b.db")
    docs = [rich_doc(f"news/{i}.txt", f"2023-0{1 + i % 9}-1{i % 10}") for i in range(2)]
    docs[1] = replace(docs[1], article=replace(docs[1].article, text=docs[1].article.text
                                               + "\n\n" + body(99), doc_id="b" * 16))
    many = [plain(body(i), f"plain/{i}.txt", published=None if i % 3 == 0 else
                  f"2022-{1 + i % 12:02d}-{1 + i % 27:02d}", language="en" if i % 4 else "de")
            for i in range(23)]
    many[5] = replace(many[5], article=replace(many[5].article,
                                               warnings=(DocWarning("page_cut", "cut"),)))
    extra = [yousaf_doc("y/1.txt", "2021-05-05"), yousaf_doc("y/2.txt", None),
             plain(body(3), "copy/of-3.txt"), Dropped("bad.bin", "binary", "binary file")]
    write_batch(s, docs + many[:10], Dedup())
    write_batch(s, many[10:] + extra, Dedup())
    yield s
    s.close()


def test_maintained_counts_equal_a_recount(st):
    assert_counts_hold(st)
    s = query.stats(st)
    assert s["documents"] == 27 and s["exact_duplicates"] == 1 and s["errors"] == 1
    assert s["warnings_by_code"] == {"page_cut": 1}


def test_counts_follow_an_actor_merge(st):
    c = st.conn
    with st.transaction():
        actors.merge(c, "USA", "person:humza yousaf", (None, None))
    assert_counts_hold(st)
    # a merge into a key that is not stored re-keys the actor; counts stay with it
    with st.transaction():
        actors.merge(c, "person:humza yousaf", "person:humza yousaf2", (None, None))
    assert_counts_hold(st)


def test_a_store_written_twice_keeps_its_counts(st):
    write_batch(st, [rich_doc("news/0.txt", "2023-01-10"), yousaf_doc("y/1.txt", "2021-05-05")],
                Dedup())
    assert_counts_hold(st)


def test_actor_arguments_match_whole_names_aliases_and_codes_only(st):
    # "USA" is the United States' code and an alias; never a part of "Yousaf"
    found = query.find_actors(st, "USA")
    assert [a["name"] for a in found] == ["United States"]
    assert {q["speaker"] for q in query.quotes(st, speaker="USA")} == set()
    assert {q["speaker"] for q in query.quotes(st, speaker="humza yousaf")} == {"Humza Yousaf"}
    assert query.quotes(st, speaker="Yousa") == []
    assert query.quotes(st, speaker="usaf") == []
    with pytest.raises(NotFound):
        query.actor(st, "Yous")
    with pytest.raises(NotFound):
        query.events(st, actor="Kish")
    # case, accents and hyphens do not matter; a surname alone finds the person
    assert query.actor(st, "HUMZA  YOUSAF")["actor"]["name"] == "Humza Yousaf"
    assert query.actor(st, "Yousaf")["exact"] is False
    assert query.actor(st, "usa")["actor"]["name"] == "United States"


def _all_pages(fetch, n):
    out, after = [], None
    while True:
        rows = fetch(n, after)
        out += rows
        if len(rows) < n:
            return out
        after = rows[-1]["cursor"]


@pytest.mark.parametrize("n", [1, 2, 5])
def test_every_list_pages_by_key_through_every_row_once(st, n):
    docs = _all_pages(lambda k, a: query.docs(st, k, a), n)
    assert [d["doc_id"] for d in docs] == [d["doc_id"] for d in query.docs(st, 100)]
    assert len(docs) == query.docs_total(st) == 27
    dates = [d["published"] or "" for d in docs]
    assert dates == sorted(dates, reverse=True)          # newest first, undated last
    acts = _all_pages(lambda k, a: query.actors(st, None, k, a), n)
    assert [a["id"] for a in acts] == [a["id"] for a in query.actors(st, None, 100)]
    assert len({a["id"] for a in acts}) == len(acts) == query.actors_total(st)
    qs = _all_pages(lambda k, a: query.quotes(st, limit=k, after=a), n)
    assert len({(q["doc_id"], q["idx"]) for q in qs}) == len(qs) == query.quotes_total(st)
    hits = _all_pages(lambda k, a: query.search(st, "harbour", k, a), n)
    assert len({h["doc_id"] for h in hits}) == len(hits) == query.search_total(st, "harbour")
    sent = _all_pages(lambda k, a: query.search_sentences(st, "harbour", k, a), n)
    assert [h["doc_id"] for h in sent] == [h["doc_id"] for h in hits]
    aid = query.find_actors(st, "Fumio Kishida")[0]["id"]
    ad = _all_pages(lambda k, a: query.actor_documents(st, aid, k, a), n)
    assert len(ad) == query.actor_documents_total(st, aid) == 2


def test_search_ranks_a_window_at_a_time_and_pages_through_all(st, monkeypatch):
    whole = [h["doc_id"] for h in query.search(st, "harbour", 100)]
    monkeypatch.setattr(read, "SEARCH_WINDOW", 4)
    windowed = _all_pages(lambda k, a: query.search(st, "harbour", k, a), 3)
    assert sorted(h["doc_id"] for h in windowed) == sorted(whole)
    assert len(windowed) == len(set(h["doc_id"] for h in windowed))
    # each window's rows are best first, and the windows go from newest to oldest
    cur = [h["cursor"].split("~") for h in windowed]
    assert [int(c[0]) for c in cur] == sorted((int(c[0]) for c in cur), reverse=True)


def test_offset_and_bad_cursors_are_clear_errors(st):
    with pytest.raises(QueryError, match="after"):
        query.docs(st, 10, offset=5)
    with pytest.raises(QueryError, match="after"):
        query.docs(st, 10, 5)
    for fn in (lambda: query.docs(st, 5, "nonsense"),
               lambda: query.quotes(st, after="1~2"),
               lambda: query.search(st, "harbour", 5, "x~y~z~w"),
               lambda: query.actors(st, None, 5, "a~b~c")):
        with pytest.raises(QueryError, match="cursor"):
            fn()


def test_search_length_and_terms_are_capped(st):
    with pytest.raises(QueryError, match="terms"):
        query.search(st, " OR ".join(f"w{i}" for i in range(read.MAX_QUERY_TERMS + 1)))
    with pytest.raises(QueryError, match="too long"):
        query.search(st, "harbour " * 200)
    # at the cap it runs
    query.search(st, " OR ".join(["harbour"] * read.MAX_QUERY_TERMS))


def _plan(c, sql, args):
    return " | ".join(r[3] for r in c.execute("EXPLAIN QUERY PLAN " + sql, args))


def test_list_queries_use_an_index_and_never_scan_a_table(st, monkeypatch):
    """Every statement the list queries run reads an index range: no full SCAN of a table
    and no temporary sort of a scan (sorting a small index range, such as one actor's
    roles or one window of search matches, is fine)."""
    plans: list[str] = []
    real = st.conn

    class Spy:
        def __getattr__(self, k):
            return getattr(real, k)

        def execute(self, sql, args=()):
            if sql.lstrip().upper().startswith("SELECT"):
                plans.append(sql + "\n  -> " + _plan(real, sql, args))
            return real.execute(sql, args)

    spy = Spy()
    monkeypatch.setattr(st, "conn", spy)
    aid = read.find_actors(real, "Fumio Kishida")[0]["id"]
    query.docs(st, 5, query.docs(st, 5)[-1]["cursor"])
    query.actors(st, None, 5, query.actors(st, None, 2)[-1]["cursor"])
    query.actors(st, "PERSON", 5)
    query.quotes(st, speaker="Fumio Kishida", limit=5)
    query.quotes(st, limit=5, since="2022-01-01")
    query.actor(st, "Kishida")
    query.actor_documents(st, aid, 5)
    query.stats(st)
    query.search(st, "harbour", 5)
    query.events(st, pair=("Fumio Kishida", "Kim Jong Un"))
    tables = ("documents", "quotes", "actors", "entities", "actor_names", "sources",
              "mentions", "events", "role_evidence", "d", "q", "a", "e", "v")

    def scans(plan: str) -> bool:
        steps = plan.split("->")[1].split(" | ")
        return any(st.startswith(f"SCAN {t}") for st in steps for t in tables)

    def bare_scan(plan: str) -> bool:
        steps = plan.split("->")[1].split(" | ")
        return any(st.strip() == f"SCAN {t}" for st in steps for t in tables)

    bad = [p for p in plans if bare_scan(p)
           or (scans(p) and "USE TEMP B-TREE FOR ORDER BY" in p)]
    assert not bad, "\n\n".join(bad)
    assert len(plans) > 20


def test_an_older_store_gains_keys_counts_and_evidence_on_migration(tmp_path):
    p = tmp_path / "v10.db"
    store_at_version(p, 10,
        "INSERT INTO documents(doc_id, source, text, published, language, ingested_at) VALUES "
        "('d1', 's1', 'Humza Yousaf said so.', '2020-01-02', 'en', 'n'),"
        "('d2', 's2', 'Humza Yousaf said it again.', NULL, 'en', 'n');"
        "INSERT INTO sources(doc_id, source, kind, first_seen) VALUES ('d1', 's1', 'original', 'n'),"
        "('d2', 's2', 'original', 'n');"
        "INSERT INTO actors(id, key, name, type) VALUES (1, 'person:humza yousaf', "
        "'Humza Yousaf', 'PERSON'), (2, 'USA', 'United States', 'COUNTRY');"
        "INSERT INTO actor_names(actor_id, name, count) VALUES (1, 'Humza Yousaf', 2),"
        "(2, 'USA', 1);"
        "INSERT INTO entities(doc_id, id, name, type, actor_id) VALUES "
        "('d1', 'e1', 'Humza Yousaf', 'PERSON', 1), ('d2', 'e1', 'Humza Yousaf', 'PERSON', 1);"
        "INSERT INTO actor_roles(actor_id, title, \"of\", first_seen, last_seen, count) VALUES "
        "(1, 'First Minister', 'GBR', '2020-01-02', '2020-01-02', 2);"
        "INSERT INTO entity_roles(doc_id, entity_id, title, \"of\") VALUES "
        "('d1', 'e1', 'First Minister', 'GBR'), ('d2', 'e1', 'First Minister', 'GBR');"
        "INSERT INTO mentions(doc_id, entity_id, start, \"end\", text) VALUES "
        "('d1', 'e1', 0, 12, 'Humza Yousaf'), ('d2', 'e1', 0, 12, 'Humza Yousaf');"
        "INSERT INTO quotes(doc_id, idx, kind, text, start, \"end\", speaker_entity, "
        "speaker_name) VALUES ('d1', 0, 'indirect', 'so', 18, 20, 'e1', 'Humza Yousaf');")
    with open_store(p) as st:
        assert st.version == schema.VERSION
        assert_counts_hold(st)
        assert query.stats(st)["undated"] == 1
        r = query.actor(st, "humza yousaf")
        assert r["actor"]["documents"] == 2 and r["actor"]["quotes"] == 1
        ev = r["roles"][0]["evidence"]
        assert [e["doc_id"] for e in ev] == ["d1", "d2"]      # dated first, undated last
        assert query.find_actors(st, "USA")[0]["name"] == "United States"
        assert [d["doc_id"] for d in query.docs(st)] == ["d1", "d2"]
        assert len(query.quotes(st, speaker="Humza Yousaf")) == 1


def test_role_evidence_keeps_the_three_earliest(tmp_path):
    with open_store(tmp_path / "r.db") as s:
        docs = []
        for i, day in enumerate(["2020-05-01", "2019-01-01", None, "2021-01-01", "2018-06-06"]):
            t = "Ann Lee spoke. " + body(i, 30)
            e = Entity("e1", "Ann Lee", "PERSON", "GBR",
                       roles=(Role("Mayor", "GBR", day),), mentions=(Mention(0, 7, "Ann Lee"),))
            docs.append(replace(plain(t, f"r/{i}.txt", published=day), entities=(e,)))
        write_batch(s, docs[:2], Dedup())
        write_batch(s, docs[2:], Dedup())
        r = query.actor(s, "Ann Lee")
        ev = r["roles"][0]["evidence"]
        assert [e["published"] for e in ev] == ["2018-06-06", "2019-01-01", "2020-05-01"]
        assert s.conn.execute("SELECT count(*) FROM role_evidence").fetchone()[0] == 3


def test_suggestions_match_name_starts_never_the_middle(st):
    assert [a["name"] for a in query.find_actors(st, "hum", prefix=True)] == ["Humza Yousaf"]
    assert [a["name"] for a in query.find_actors(st, "kim j", prefix=True)] == ["Kim Jong Un"]
    assert query.find_actors(st, "ousaf", prefix=True) == []
    assert "Humza Yousaf" not in {a["name"] for a in query.find_actors(st, "usa", prefix=True)}
    assert query.find_actors(st, "hum") == []                 # an actor argument is whole
    plan = _plan(st.conn, "SELECT id FROM actors WHERE name_key >= ? AND name_key < ? "
                 "ORDER BY name_key LIMIT 5", ("a", "b"))
    assert "actors_name_key" in plan
