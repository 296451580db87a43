"""The actor registry learns stored persons lazily (only those sharing a first or last name
word with a batch's persons) and decides exactly as if it had restored them all first."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.link.dedup import Dedup
from newsgraph.link.registry import ActorRegistry, actor_key
from newsgraph.model import Entity, Mention
from newsgraph.store import open_store, read
from newsgraph.link.actors import ActorLinker
from newsgraph.link import Linker, write_batch
from newsgraph.link import linker_for
from store_factory import body, plain

DEDUP = Dedup(num_perm=64)

# few words, so that names collide: shared surnames and first names, initials, family name
# first, bare surnames, names that are another's first word
_WORDS = ["kim", "jong", "un", "lee", "j", "ann", "smith", "park", "jo"]
_COUNTRIES = [None, "USA", "PRK", "KOR", "GBR"]
_name = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(
    lambda ws: " ".join(w.capitalize() if len(w) > 1 else w.upper() + "." for w in ws))
_doc = st.lists(st.tuples(_name, st.sampled_from(_COUNTRIES)), min_size=1, max_size=3)
# runs (a fresh registry each: a new ingest) of batches of documents of persons
_runs = st.lists(st.lists(st.lists(_doc, min_size=1, max_size=3), min_size=1, max_size=3),
                 min_size=1, max_size=3)


def person_doc(seed: int, persons) -> object:
    text = " ".join(n for n, _ in persons) + ". " + body(seed, 40)
    ents = tuple(Entity(f"e{i + 1}", n, "PERSON", c, mentions=(Mention(0, 1, text[0]),))
                 for i, (n, c) in enumerate(persons))
    return replace(plain(text, f"src/{seed}"), entities=ents)


def stored_actors(path: Path, runs, lazy: bool):
    seed = 0
    for run in runs:
        with open_store(path) as st:
            linker = Linker(st, DEDUP, actors=None if lazy else ActorLinker(st.conn, lazy=False))
            for batch in run:
                docs = []
                for persons in batch:
                    seed += 1
                    docs.append(person_doc(seed, persons))
                linker.write(docs)
    with open_store(path) as st:
        # key=repr: two actors can share a name and type with one country null
        acts = sorted(((a["name"], a["type"], a["country"], a["documents"])
                       for a in read.list_actors(st.conn, limit=10_000)), key=repr)
        links = st.conn.execute("SELECT e.doc_id, e.id, a.key FROM entities e "
                                "JOIN actors a ON a.id = e.actor_id ORDER BY 1, 2").fetchall()
        return acts, [tuple(r) for r in links]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_runs)
def test_lazy_loading_decides_as_restoring_everything(runs):
    with tempfile.TemporaryDirectory() as d:
        lazy = stored_actors(Path(d) / "lazy.db", runs, lazy=True)
        eager = stored_actors(Path(d) / "eager.db", runs, lazy=False)
    assert lazy == eager


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=30), st.sampled_from([None, "USA", "PRK"]))
def test_stored_name_words_are_the_registrys(name, country):
    """The store keeps the words the linker computed (no second copy of the rule in SQL),
    and a merge that re-keys a stored person moves them along."""
    with tempfile.TemporaryDirectory() as d, open_store(Path(d) / "w.db") as store:
        write_batch(store, [person_doc(1, [(name, country)])], DEDUP)
        rows = store.conn.execute("SELECT key, name_first, name_last FROM actors").fetchall()
        for k, first, last in rows:
            assert (first, last) == (ActorRegistry.name_words(k) if k.startswith("person:")
                                     else None) or (first is None and last is None)


def test_a_fuller_name_rekeys_the_stored_person_with_its_words(tmp_path):
    with open_store(tmp_path / "r.db") as store:
        write_batch(store, [person_doc(1, [("Park", "KOR")])], DEDUP)
    with open_store(tmp_path / "r.db") as store:
        write_batch(store, [person_doc(2, [("Park Geun Hye", "KOR")])], DEDUP)
        rows = store.conn.execute("SELECT key, name_first, name_last FROM actors").fetchall()
        assert [tuple(r) for r in rows] == [("person:park geun hye", "park", "hye")]


def test_persons_stored_without_words_get_them_before_the_first_batch(tmp_path):
    with open_store(tmp_path / "r.db") as store:
        write_batch(store, [person_doc(1, [("Ann Smith", "GBR")])], DEDUP)
        store.conn.execute("UPDATE actors SET name_first = NULL, name_last = NULL")
    with open_store(tmp_path / "r.db") as store:
        write_batch(store, [person_doc(2, [("Smith", "GBR")])], DEDUP)
        rows = store.conn.execute("SELECT key, name_first, name_last FROM actors").fetchall()
        assert [tuple(r) for r in rows] == [("person:ann smith", "ann", "smith")]
        assert store.conn.execute("SELECT count(DISTINCT actor_id) FROM entities"
                                  ).fetchone()[0] == 1


def test_a_batch_loads_only_the_persons_it_can_need(tmp_path):
    p = tmp_path / "big.db"
    with open_store(p) as st:
        docs = [person_doc(i, [(f"Ann{i:04d} Smith{i:04d}", "GBR"),
                               (f"Jo{i:04d} Park", "KOR")]) for i in range(300)]
        for i in range(0, len(docs), 100):
            write_batch(st, docs[i:i + 100], DEDUP)
    with open_store(p) as st:
        write_batch(st, [person_doc(1000, [("Smith0007", "GBR")])], DEDUP)
        reg = linker_for(st).actors.registry
        # the one person with that surname, not the 600 stored
        assert len(reg) == 1
        [a] = [a for a in read.find_actors(st.conn, "Ann0007 Smith0007")]
        assert a["documents"] == 2
        # "Park" needs every Park (300 of them, all KOR): it stays apart
        write_batch(st, [person_doc(1001, [("Park", "KOR")])], DEDUP)
        assert len(reg) == 302
        assert [a["name"] for a in read.find_actors(st.conn, "Park")][0] == "Park"
