"""Event merging: reports of one real-world event become one timeline event, whatever the
order and batching of the documents."""

from __future__ import annotations

import random

import pytest

from newsgraph.link import write_batch
from newsgraph.link.dates import contains, interval
from newsgraph.link.dedup import Dedup
from newsgraph.store import open_store
from timeline_factory import doc, report, timeline_rows

DEDUP = Dedup(num_perm=64)


# ------------------------------------------------------------------ dates
@pytest.mark.parametrize("outer, inner", [
    (("2018",), ("2018-06",)), (("2018-06",), ("2018-06-12",)),
    (("2018/2019",), ("2018",)), (("200X", "START"), ("2002",)),
    (("197X/198X",), ("1977-11-15",)), (("2019-Q1",), ("2019-02-27",)),
    (("2018-W24",), ("2018-06-12",)), (("20XX",), ("2025-02",)),
    (("2018", "APPROX"), ("2018-12",)),
])
def test_an_interval_contains_what_it_should(outer, inner):
    assert contains(interval(*outer), interval(*inner))


@pytest.mark.parametrize("outer, inner", [
    (("2018",), ("2019-01",)), (("200X", "START"), ("2007",)), (("2018-06",), ("2018",)),
    (("2018-06-11",), ("2018-06-12",)), (("200X", "END"), ("2002",)),
])
def test_an_interval_does_not_contain_what_it_should_not(outer, inner):
    assert not contains(interval(*outer), interval(*inner))


def test_odd_values_have_no_interval():
    for v in ("P2Y", "XXXX-WXX-1", "2018-13", "2019-02-30", "soon", "2019/2018"):
        assert interval(v) is None, v
    # undated: at or before publication, when that is known
    lo, hi = interval(None, published="2025-02-08")
    assert hi == interval("2025-02-08")[1] and contains((lo, hi), interval("1999"))
    assert interval(None) is None
    assert interval("PAST_REF", published="2025-02-08")[1] == interval("2025-02-08")[0]


# ------------------------------------------------------------------ merging
def store_all(tmp_path, docs, name="t.db", batch=64):
    path = tmp_path / name
    with open_store(path) as st:
        for i in range(0, len(docs), batch):
            write_batch(st, docs[i:i + batch], DEDUP)
        return timeline_rows(st.conn)


def test_the_singapore_summit_is_one_of_the_three_meetings(tmp_path):
    a = doc("three", [report("Donald Trump", "Kim Jong Un", "04", "2018/2019")],
            published="2023-09-20")
    b = doc("singapore", [report("Donald Trump", "Kim Jong Un", "04", "2018",
                                 location="Singapore")])
    [ev] = store_all(tmp_path, [a, b])
    tid, date, start, end, cameo, src, tgt, loc, n, conf, reps = ev
    assert (date, start, end, n, loc) == ("2018", "2018-01-01", "2018-12-31", 2, "Singapore")
    assert {src, tgt} == {"person:donald trump", "person:kim jong un"}
    assert 0 < conf < 1                 # a year inside a two-year range: sure, not certain


def test_the_early_2000s_release_contains_the_2002_return(tmp_path):
    a = doc("return", [report("North Korea", "Japan", "084", "2002")], published="2023-09-20")
    b = doc("release", [report("North Korea", "Japan", "084", "200X", mod="START")])
    c = doc("late", [report("North Korea", "Japan", "084", "200X", mod="END")])
    rows = store_all(tmp_path, [a, b, c])
    dates = sorted((r[1], r[8]) for r in rows)
    # "the late 2000s" cannot contain 2002: another event
    assert dates == [("2002", 2), ("200X", 1)]


def test_a_leader_acting_for_his_state_matches_the_state(tmp_path):
    a = doc("a", [report("Donald Trump", "Kim Jong Un", "043", "2018-06-12",
                         location="Singapore")])
    b = doc("b", [report("United States", "North Korea", "04", "2018-06")])
    c = doc("c", [report("Kim Jong Un", "United States", "04", "2018-06-12")])
    [ev] = store_all(tmp_path, [a, b, c])
    assert ev[8] == 3 and ev[1] == "2018-06-12" and ev[4] == "043"
    assert {ev[5], ev[6]} == {"person:donald trump", "person:kim jong un"}


def test_other_people_of_the_same_states_are_other_events(tmp_path):
    a = doc("a", [report("Donald Trump", "Kim Jong Un", "04", "2018-06-12")])
    b = doc("b", [report("Mike Pompeo", "Kim Jong Un", "04", "2018-06-12")])
    c = doc("c", [report("Joe Biden", "North Korea", "04", "2018")])
    rows = store_all(tmp_path, [a, b, c])
    assert sorted(r[8] for r in rows) == [1, 1, 1]


def test_conflicting_places_dates_or_codes_stay_apart(tmp_path):
    base = dict(src="Donald Trump", tgt="Kim Jong Un")
    docs = [doc("sg", [report(**base, cameo="04", date="2019-02", location="Singapore")]),
            doc("ha", [report(**base, cameo="04", date="2019-02", location="Hanoi")]),
            doc("vn", [report(**base, cameo="04", date="2019", location="Vietnam")]),
            doc("threat", [report(**base, cameo="13", date="2019-02")]),
            doc("no", [report(**base, cameo="04", date="2019-02", modality="negated")])]
    rows = store_all(tmp_path, docs)
    by_loc = sorted((r[7] or "", r[8]) for r in rows)
    # Hanoi is in Vietnam: those two are one; Singapore is not
    assert by_loc == [("", 1), ("", 1), ("Hanoi", 2), ("Singapore", 1)]


def test_a_merged_event_takes_the_named_sub_code_not_the_unspecified_one(tmp_path):
    # one report says "consult" (040, not specified), the other "make a visit" (042)
    base = dict(src="Shinzo Abe", tgt="Kim Jong Un", date="2019-02")
    docs = [doc("met", [report(**base, cameo="040")]),
            doc("visit", [report(**base, cameo="042")])]
    [ev] = store_all(tmp_path, docs)
    assert ev[4] == "042" and ev[8] == 2


def test_an_ambiguous_report_stands_alone_and_its_copies_join_it(tmp_path):
    base = dict(src="Donald Trump", tgt="Kim Jong Un", cameo="04")
    meetings = [doc("sg", [report(**base, date="2018-06-12", location="Singapore")]),
                doc("ha", [report(**base, date="2019-02-27", location="Hanoi")]),
                doc("pm", [report(**base, date="2019-06-30")])]
    vague = [doc(f"three{i}", [report(**base, date="2018/2019")]) for i in range(2)]
    rows = store_all(tmp_path, meetings + vague)
    assert sorted((r[1], r[8]) for r in rows) == [
        ("2018-06-12", 1), ("2018/2019", 2), ("2019-02-27", 1), ("2019-06-30", 1)]
    # with one meeting known, the vague reports are about it
    rows = store_all(tmp_path, meetings[:1] + vague, name="one.db")
    assert [(r[1], r[8]) for r in rows] == [("2018-06-12", 3)]


def _corpus(seed: int, n: int) -> list:
    rnd = random.Random(seed)
    who = ["Donald Trump", "Kim Jong Un", "United States", "North Korea", "Japan",
           "Shinzo Abe", "Mike Pompeo", "South Korea"]
    days = ["2018", "2018-06", "2018-06-12", "2018/2019", "2019-02", "2019-02-27", "201X",
            None, "2019-06-30", "2018-Q2"]
    docs = []
    for i in range(n):
        reps = []
        for _ in range(rnd.randint(1, 3)):
            s, t = rnd.sample(who, 2)
            reps.append(report(s, rnd.choice([t, t, t, None]), rnd.choice(["04", "042", "043",
                                                                           "036", "13"]),
                               rnd.choice(days),
                               location=rnd.choice([None, None, "Singapore", "Hanoi",
                                                    "Vietnam"])))
        docs.append(doc(f"d{i}", reps, published=f"2019-0{rnd.randint(1, 9)}-15"))
    return docs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_order_and_batch_size_gives_the_same_timeline(tmp_path, seed):
    docs = _corpus(seed, 60)
    want = store_all(tmp_path, docs, "a.db", batch=60)
    assert len(want) < sum(len(d.events) for d in docs)     # something merged
    rnd = random.Random(seed)
    for k, size in enumerate((1, 7, 25)):
        shuffled = docs[:]
        rnd.shuffle(shuffled)
        assert store_all(tmp_path, shuffled, f"p{k}.db", batch=size) == want


def test_a_later_run_links_into_the_stored_timeline(tmp_path):
    docs = _corpus(9, 40)
    want = store_all(tmp_path, docs, "once.db")
    path = tmp_path / "twice.db"
    for half in (docs[20:], docs[:20]):
        with open_store(path) as st:
            write_batch(st, half, DEDUP)
    with open_store(path) as st:
        assert timeline_rows(st.conn) == want


def test_two_writers_keep_one_timeline(tmp_path):
    """A linker whose blocks another writer changed reads them again."""
    from newsgraph.link import Linker
    docs = _corpus(4, 30)
    want = store_all(tmp_path, docs, "one.db")
    path = tmp_path / "two.db"
    with open_store(path) as s1, open_store(path) as s2:
        l1, l2 = Linker(s1, DEDUP), Linker(s2, DEDUP)
        for i in range(0, 30, 5):
            (l1 if i % 10 else l2).write(docs[i:i + 5])
        assert timeline_rows(s1.conn) == want


def test_stored_timeline_is_what_clustering_all_reports_gives(tmp_path):
    """The incremental result equals clustering every stored report at once."""
    from newsgraph.link.timeline import timeline_of
    from newsgraph.store import lookups
    path = tmp_path / "t.db"
    with open_store(path) as st:
        for i, d in enumerate(_corpus(5, 50)):
            write_batch(st, [d], DEDUP)
        blocks = [r[0] for r in st.conn.execute("SELECT DISTINCT block FROM timeline_reports")]
        reps, evs = lookups.timeline_blocks(st.conn, blocks)
        again, assigned = timeline_of(reps)
        assert again == evs
        assert sorted(assigned, key=lambda r: (r.doc_id, r.event_id)) == \
            sorted(reps, key=lambda r: (r.doc_id, r.event_id))


def test_an_actor_merge_moves_its_reports(tmp_path):
    """A surname-only person who later turns out to be a known full name: the timeline
    follows the merge (its reports are re-keyed and re-linked)."""
    from newsgraph.model import Role
    import timeline_factory as F
    F.PEOPLE["Abe"] = ("PERSON", "JPN", (Role("Prime Minister", "JPN"),))
    try:
        a = doc("a", [report("Abe", "Kim Jong Un", "036", "2018-05")])
        b = doc("b", [report("Shinzo Abe", "Kim Jong Un", "036", "2018-05-20")])
        path = tmp_path / "m.db"
        for d in (a, b):
            with open_store(path) as st:
                write_batch(st, [d], DEDUP)
        with open_store(path) as st:
            [ev] = timeline_rows(st.conn)
            assert ev[5] == "person:shinzo abe" and ev[8] == 2
            keys = {r[0] for r in st.conn.execute("SELECT source_key FROM timeline_reports")}
            assert keys == {"person:shinzo abe"}
    finally:
        del F.PEOPLE["Abe"]


@pytest.mark.parametrize("seed", range(6))
def test_same_state_meetings_replay_the_way_they_were_decided(tmp_path, seed):
    """People of one state meeting (an undirected block with one state on both sides):
    later batches replay the earlier decisions the way round they were made."""
    from newsgraph.link.timeline import timeline_of
    from newsgraph.store import lookups
    rnd = random.Random(seed)
    who = ["Donald Trump", "Mike Pompeo", "Joe Biden", "United States"]
    docs = []
    for i in range(40):
        s, t = rnd.sample(who, 2)
        docs.append(doc(f"s{i}", [report(s, t, "04", rnd.choice(
            ["2019-02-27", "2019-02-28", "2019-02", "2019", None]),
            location=rnd.choice([None, "Hanoi"]))], published="2019-03-01"))
    path = tmp_path / "s.db"
    with open_store(path) as st:
        for d in docs:
            write_batch(st, [d], DEDUP)
        blocks = [r[0] for r in st.conn.execute("SELECT DISTINCT block FROM timeline_reports")]
        reps, evs = lookups.timeline_blocks(st.conn, blocks)
        assert timeline_of(reps)[0] == evs
