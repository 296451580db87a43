"""The store: schema, idempotent batches, duplicates, errors, annotations, actors, search."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from newsgraph.api import IngestReport, _store_batch
from newsgraph.link import Linker
from newsgraph.errors import QueryError, SchemaTooNew, StoreError
from newsgraph.model import Dropped, Entity, Mention, Role
from newsgraph.store import VERSION, open_store, read
from newsgraph.link import write_batch
from store_factory import body, dedup, plain, rich_doc, store, store_at_version  # noqa: F401 (fixtures)


def count(store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def kinds(outs):
    return [o.kind for o in outs]


# ------------------------------------------------------------------ schema
def test_new_store_is_migrated_and_wal(store):
    assert store.version == VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = store.conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert [r[0] for r in rows] == list(range(1, VERSION + 1))
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    for t in ("documents", "sources", "errors", "documents_fts", "sentences", "entities",
              "mentions", "quotes", "times", "events", "actors", "actor_roles", "actor_names"):
        assert t in names


def test_reopen_keeps_data_and_version(tmp_path, dedup):
    with open_store(tmp_path / "a.db") as st:
        write_batch(st, [plain(body(1), "a")], dedup)
    with open_store(tmp_path / "a.db") as st:
        assert st.version == VERSION
        assert count(st, "documents") == 1


def test_newer_schema_is_refused(tmp_path):
    p = tmp_path / "new.db"
    c = sqlite3.connect(p)
    c.execute(f"PRAGMA user_version = {VERSION + 1}")
    c.close()
    with pytest.raises(SchemaTooNew, match="newer newsgraph"):
        open_store(p)


def test_not_a_database_is_a_store_error(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="newsgraph store"):
        open_store(p)


def test_missing_store_is_not_created_for_readers(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_old_version_is_migrated_forward(tmp_path):
    """A store left at version 1 (as an older release wrote it) gains the later tables."""
    from newsgraph.store import schema
    p = tmp_path / "old.db"
    c = sqlite3.connect(p, isolation_level=None)
    c.executescript("BEGIN;" + schema.MIGRATIONS[0][1] +
                    "INSERT INTO schema_version VALUES (1, 'v1', 'then'); PRAGMA user_version=1;"
                    "COMMIT;")
    c.close()
    with open_store(p) as st:
        assert st.version == VERSION
        assert count(st, "actors") == 0


# ------------------------------------------------------------------ documents
def test_same_batch_twice_changes_nothing(store, dedup):
    batch = [plain(body(i), f"src/{i}.txt") for i in range(5)]
    batch.append(Dropped("src/bad.bin", "binary", "binary file"))
    first = write_batch(store, batch, dedup)
    assert kinds(first) == ["stored"] * 5 + ["error"]
    snap = {t: count(store, t) for t in ("documents", "sources", "errors", "minhash_bands")}
    second = write_batch(store, batch, dedup)
    assert kinds(second) == ["unchanged"] * 5 + ["error"]
    assert {t: count(store, t) for t in snap} == snap
    assert snap["errors"] == 1


def test_exact_copy_from_another_source_adds_a_source(store, dedup):
    text = body(7)
    outs = write_batch(store, [plain(text, "a.txt"), plain("  " + text + "\n", "b.txt")], dedup)
    assert kinds(outs) == ["stored", "exact"]
    assert count(store, "documents") == 1
    srcs = read.sources(store.conn, outs[0].doc_id)
    assert [(s["source"], s["kind"]) for s in srcs] == [("a.txt", "original"), ("b.txt", "exact")]


def syndicated(text: str) -> str:
    """A copy as another outlet runs it: a couple of words changed, its own sign-off."""
    t = text.replace("harbour", "harbor", 2).replace("council", "Council", 1)
    return "By Wire Staff\n\n" + t + "\n\nReporting by a correspondent; editing by a desk."


def test_near_duplicate_is_stored_once_with_both_sources(store, dedup):
    a, b = body(11, 400), syndicated(body(11, 400))
    other = body(12, 400)
    outs = write_batch(store, [plain(a, "wire/a"), plain(other, "x/other"), plain(b, "paper/b")],
                       dedup)
    assert kinds(outs) == ["stored", "stored", "near"]
    assert outs[2].doc_id == outs[0].doc_id and outs[2].similarity >= 0.85
    assert count(store, "documents") == 2
    srcs = {s["source"]: s for s in read.sources(store.conn, outs[0].doc_id)}
    assert srcs["paper/b"]["kind"] == "near" and srcs["paper/b"]["similarity"] >= 0.85
    # rerunning the copy changes nothing
    assert kinds(write_batch(store, [plain(b, "paper/b")], dedup)) == ["unchanged"]


def test_different_articles_on_one_topic_are_not_merged(store, dedup):
    texts = [body(100 + i, 300) for i in range(20)]
    outs = write_batch(store, [plain(t, f"s{i}") for i, t in enumerate(texts)], dedup)
    assert kinds(outs) == ["stored"] * 20


def test_near_duplicate_index_survives_reopening(tmp_path, dedup):
    a, b = body(21, 300), syndicated(body(21, 300))
    with open_store(tmp_path / "x.db") as st:
        write_batch(st, [plain(a, "first")], dedup)
    with open_store(tmp_path / "x.db") as st:
        assert kinds(write_batch(st, [plain(b, "second")], dedup)) == ["near"]


def test_errors_once_per_source_and_reason(store, dedup):
    d = [Dropped("f.gz", "truncated", "gzip stream ends early"),
         Dropped("f.gz", "truncated", "gzip stream ends early"),
         Dropped("g.bin", "binary", "binary")]
    write_batch(store, d, dedup)
    write_batch(store, d, dedup)
    assert read.stats(store.conn)["errors_by_reason"] == {"binary": 1, "truncated": 1}


def test_raw_bytes_are_kept_compressed(store, dedup):
    doc = plain(body(3), "r.html")
    raw = b"<html><nav>menu</nav>" + body(3).encode() * 3 + b"</html>"
    doc = replace(doc, article=replace(doc.article, raw=raw))
    write_batch(store, [doc], dedup)
    assert read.raw(store.conn, doc.article.doc_id) == raw
    row = store.conn.execute("SELECT raw_size, length(raw) FROM documents").fetchone()
    assert row[0] == len(raw) and row[1] < len(raw)


def test_annotations_round_trip(store, dedup):
    doc = rich_doc()
    write_batch(store, [doc], dedup)
    back = read.load_annotated(store.conn, doc.article.doc_id)
    assert back == doc
    assert count(store, "mentions") == 5 and count(store, "quotes") == 2


def test_actors_join_across_documents(store, dedup):
    a = rich_doc("one", "2023-09-19")
    b = rich_doc("two", "2024-01-05")
    # a different body, same people; the role is seen again later
    b = replace(b, article=replace(b.article, text=b.article.text + "\n\n" + body(99),
                                   doc_id=b.article.doc_id[::-1]))
    write_batch(store, [a, b], dedup)
    assert count(store, "entities") == 6
    assert count(store, "actors") == 3
    kish = read.find_actors(store.conn, "kishida")
    assert kish[0]["name"] == "Fumio Kishida" and kish[0]["documents"] == 2
    roles = read.actor_roles(store.conn, kish[0]["id"])
    assert roles == [{"title": "Prime Minister", "of": "JPN", "qualifier": None,
                      "first_seen": "2023-09-19", "last_seen": "2024-01-05", "count": 2,
                      "source": None}]
    jpn = read.find_actors(store.conn, "jpn")
    assert jpn[0]["name"] == "Japan" and jpn[0]["match"] == 1
    assert read.actor(store.conn, kish[0]["id"])["quotes"] == 4


def test_country_actor_keyed_by_iso3(store, dedup):
    """'US' and 'United States' are one actor when both carry USA."""
    t1, t2 = body(31), body(32)
    e1 = Entity("e1", "United States", "COUNTRY", "USA", mentions=(Mention(0, 3, t1[:3]),))
    e2 = Entity("e1", "US", "COUNTRY", "USA", mentions=(Mention(0, 3, t2[:3]),))
    d1 = replace(plain(t1, "1"), entities=(e1,))
    d2 = replace(plain(t2, "2"), entities=(e2,))
    write_batch(store, [d1, d2], dedup)
    assert count(store, "actors") == 1
    names = read.actor_names(store.conn, 1)
    assert {n["name"] for n in names} == {"United States", "US"}


def test_bad_item_costs_only_itself(store, dedup):
    good = plain(body(41), "good")
    bad = replace(plain(body(42), "bad"),
                  entities=(Entity("e1", "X", "PERSON", roles=(Role("Chair"),),
                                   mentions=(Mention(2 ** 70, 2 ** 70 + 1, "X"),)),))
    rep = IngestReport(db="-")
    for o in _store_batch(Linker(store, dedup), [good, bad]):
        rep.add(o)
    assert rep.stored == 1 and rep.errors == {"store_failed": 1}
    assert count(store, "documents") == 1 and count(store, "actors") == 0


# ------------------------------------------------------------------ search
def test_search_finds_title_and_body_with_snippet(store, dedup):
    doc = rich_doc()
    write_batch(store, [doc, plain(body(5), "other", title="Ferry news")], dedup)
    hits = read.search(store.conn, "pyongyang")
    assert [h["doc_id"] for h in hits] == [doc.article.doc_id]
    assert "[Pyongyang]" in hits[0]["snippet"]
    hits = read.search(store.conn, '"prime minister" AND kishida')
    assert hits[0]["doc_id"] == doc.article.doc_id
    assert read.search(store.conn, "ferry")[0]["title"] == "Ferry news"   # title ranks first
    assert read.search(store.conn, "zzzunknownword") == []


@pytest.mark.parametrize("q", ['"open', "AND", "a AND", "(x", "NEAR(", "col:thing", "*", "\x00",
                               "", "   "])
def test_malformed_query_is_a_query_error(store, dedup, q):
    write_batch(store, [plain(body(1), "a")], dedup)
    with pytest.raises(QueryError):
        read.search(store.conn, q)


def test_integrity_after_writes(store, dedup):
    write_batch(store, [rich_doc(), *(plain(body(i), str(i)) for i in range(10))], dedup)
    assert read.integrity(store.conn) == []


def test_reader_is_not_blocked_by_an_open_write(tmp_path, dedup):
    p = tmp_path / "w.db"
    with open_store(p) as w:
        write_batch(w, [plain(body(1), "a")], dedup)
        w.conn.execute("BEGIN IMMEDIATE")
        w.conn.execute("INSERT INTO errors(source, reason, message, at) VALUES "
                       "('x', 'y', 'z', 'now')")
        with open_store(p, create=False) as r:
            # the reader sees the last committed state at once, without waiting
            r.conn.execute("PRAGMA busy_timeout = 0")
            assert count(r, "documents") == 1 and count(r, "errors") == 0
            assert read.search(r.conn, "harbour OR council OR budget OR river")
        w.conn.execute("COMMIT")


def person_doc(seed: int, name: str, source: str, published: str, country: str = "JPN"):
    text = name + " spoke. " + body(seed)
    e = Entity("e1", name, "PERSON", country, roles=(Role("Prime Minister", "JPN"),),
               mentions=(Mention(0, len(name), name),))
    return replace(plain(text, source, published=published), entities=(e,))


def test_surname_only_actor_joins_the_full_name_across_documents_and_runs(tmp_path, dedup):
    p = tmp_path / "m.db"
    with open_store(p) as st:
        write_batch(st, [person_doc(1, "Kishida", "a", "2023-01-01")], dedup)
        assert [a["name"] for a in read.list_actors(st.conn)] == ["Kishida"]
        # the full name arrives later: the surname-only actor folds into it
        write_batch(st, [person_doc(2, "Fumio Kishida", "b", "2023-06-01")], dedup)
        acts = read.list_actors(st.conn)
        assert [(a["name"], a["documents"]) for a in acts] == [("Fumio Kishida", 2)]
        roles = read.actor_roles(st.conn, acts[0]["id"])
        assert (roles[0]["first_seen"], roles[0]["last_seen"], roles[0]["count"]) == (
            "2023-01-01", "2023-06-01", 2)
    # a new run (registry rebuilt from the store): a bare surname joins the known person
    with open_store(p) as st:
        write_batch(st, [person_doc(3, "Kishida", "c", "2024-01-01")], dedup)
        acts = read.list_actors(st.conn)
        assert [(a["name"], a["documents"], a["last_seen"]) for a in acts] == [
            ("Fumio Kishida", 3, "2024-01-01")]
        assert read.integrity(st.conn) == []


def test_bands_rebuilt_when_the_layout_changes(tmp_path):
    """A store built with other dedup settings still finds copies of its documents."""
    from newsgraph.link.dedup import Dedup
    a, b = body(61, 400), syndicated(body(61, 400))
    p = tmp_path / "l.db"
    with open_store(p) as st:
        write_batch(st, [plain(a, "first")], Dedup(num_perm=64, candidate=0.5))
    with open_store(p) as st:
        outs = write_batch(st, [plain(b, "second")], Dedup())
        assert kinds(outs) == ["near"]
        assert read.integrity(st.conn) == []


def test_store_and_memory_index_agree(store, dedup):
    """link.dedup.MemoryIndex (used by the evaluation) applies the store's rule."""
    from newsgraph.link.dedup import MemoryIndex
    texts = []
    for i in range(12):
        t = body(700 + i, 300)
        texts.append(t)
        if i % 3 == 0:
            texts.append(syndicated(t))
        if i % 4 == 0:
            texts.append(t.replace("bridge", "tower"))   # may or may not stay above 0.85
    outs = write_batch(store, [plain(t, f"s{i}") for i, t in enumerate(texts)], dedup)
    index, mem = MemoryIndex(dedup), []
    for i, t in enumerate(texts):
        if index.copy_of(t) is not None:
            mem.append("near")
        else:
            index.add(i, t)
            mem.append("stored")
    assert kinds(outs) == mem
    assert "near" in mem


@pytest.mark.shared
def test_bbc_reruns_are_folded(shared, tmp_path, dedup):
    """The BBC corpus re-runs a few dozen stories under new headlines: each is stored once."""
    files = sorted((shared / "corpus" / "bbc").rglob("*.txt"))
    files = [f for f in files if f.name != "PROVENANCE.txt"]
    docs = [plain("\n".join(f.read_text("utf-8", "replace").splitlines()[1:]), str(f))
            for f in files]
    with open_store(tmp_path / "bbc.db") as st:
        for i in range(0, len(docs), 256):
            write_batch(st, docs[i:i + 256], dedup)
        s = read.stats(st.conn)
    folded = s["exact_duplicates"] + s["near_duplicates"]
    assert 30 <= folded <= 45
    assert s["documents"] + folded == len(docs)


# ------------------------------------------------------------------ where roles came from
def role_doc(seed: int, name: str, source: str, published: str, role_source: str | None):
    text = name + " spoke. " + body(seed)
    e = Entity("e1", name, "PERSON", "JPN",
               roles=(Role("Prime Minister", "JPN", published, None, role_source),),
               mentions=(Mention(0, len(name), name),))
    return replace(plain(text, source, published=published), entities=(e,))


def test_dictionary_role_keeps_its_source_until_a_document_states_it(tmp_path, dedup):
    with open_store(tmp_path / "r.db") as st:
        write_batch(st, [role_doc(1, "Fumio Kishida", "a", "2023-01-01", "dictionary"),
                         role_doc(2, "Fumio Kishida", "b", "2023-02-01", "dictionary")], dedup)
        [a] = read.list_actors(st.conn)
        [r] = read.actor_roles(st.conn, a["id"])
        assert (r["source"], r["count"]) == ("dictionary", 2)
        doc = read.load_annotated(st.conn, read.resolve_document(st.conn, "a")[0])
        assert doc.entities[0].roles[0].source == "dictionary"
        # one document saying so makes it a stated role, whatever came before or after
        write_batch(st, [role_doc(3, "Fumio Kishida", "c", "2023-03-01", None),
                         role_doc(4, "Fumio Kishida", "d", "2023-04-01", "dictionary")], dedup)
        [r] = read.actor_roles(st.conn, a["id"])
        assert (r["source"], r["count"], r["last_seen"]) == (None, 4, "2023-04-01")


def test_merged_actors_combine_role_sources(tmp_path, dedup):
    with open_store(tmp_path / "m.db") as st:
        # the surname-only actor's role is stated, the full name's from the dictionary:
        # after the merge the role is a stated one
        write_batch(st, [role_doc(1, "Kishida", "a", "2023-01-01", None)], dedup)
        write_batch(st, [role_doc(2, "Fumio Kishida", "b", "2023-06-01", "dictionary")], dedup)
        [a] = read.list_actors(st.conn)
        [r] = read.actor_roles(st.conn, a["id"])
        assert (a["name"], r["source"], r["count"]) == ("Fumio Kishida", None, 2)
    with open_store(tmp_path / "m2.db") as st:
        write_batch(st, [role_doc(1, "Kishida", "a", "2023-01-01", "dictionary")], dedup)
        write_batch(st, [role_doc(2, "Fumio Kishida", "b", "2023-06-01", "dictionary")], dedup)
        [a] = read.list_actors(st.conn)
        [r] = read.actor_roles(st.conn, a["id"])
        assert (r["source"], r["count"]) == ("dictionary", 2)


def test_store_from_before_role_sources_migrates_and_keeps_its_roles(tmp_path, dedup):
    """A version-3 store (no source columns) with roles opens, reads them as stated roles,
    and stores new dictionary roles next to them."""
    p = tmp_path / "v3.db"
    store_at_version(p, 3,
        "INSERT INTO documents(doc_id, source, text, ingested_at) VALUES ('d0', 's', 'x', 'n');"
        "INSERT INTO actors(id, key, name, type) VALUES (1, 'person:old one', 'Old One', "
        "'PERSON');"
        "INSERT INTO actor_names(actor_id, name, count) VALUES (1, 'Old One', 1);"
        "INSERT INTO entities(doc_id, id, name, type, actor_id) VALUES "
        "('d0', 'e1', 'Old One', 'PERSON', 1);"
        "INSERT INTO entity_roles(doc_id, entity_id, title) VALUES ('d0', 'e1', 'Mayor');"
        "INSERT INTO actor_roles(actor_id, title, count) VALUES (1, 'Mayor', 1);")
    with open_store(p) as st:
        assert st.version == VERSION
        doc = read.load_annotated(st.conn, "d0")
        assert doc.entities[0].roles == (Role("Mayor"),)
        assert [r["source"] for r in read.actor_roles(st.conn, 1)] == [None]
        # the person stored before migration 5 gets its name words from the linker before
        # its first batch, and is found by them: its bare surname joins it
        write_batch(st, [person_doc(6, "One", "o", "2024-01-01", country=None)], dedup)
        assert tuple(st.conn.execute("SELECT name_first, name_last FROM actors WHERE id = 1"
                                     ).fetchone()) == ("old", "one")
        assert [a["documents"] for a in read.find_actors(st.conn, "Old One")] == [2]
        write_batch(st, [role_doc(5, "Fumio Kishida", "k", "2024-01-01", "dictionary")], dedup)
        kish = [a for a in read.list_actors(st.conn) if a["name"] == "Fumio Kishida"]
        assert read.actor_roles(st.conn, kish[0]["id"])[0]["source"] == "dictionary"
        assert read.integrity(st.conn) == []
