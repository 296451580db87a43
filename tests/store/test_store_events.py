"""Events in the store: every field round-trips, the events query filters and pages by key
through indexes, actor merges keep events' actors in step, and the CLI lists them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph import query  # noqa: E402
from newsgraph.cli import main  # noqa: E402
from newsgraph.errors import NotFound, QueryError  # noqa: E402
from newsgraph.model import (Actor, Annotated, Entity, Event, Mention, Sentence,  # noqa: E402
                             Span)
from newsgraph.store import open_store  # noqa: E402
from newsgraph.link import write_batch  # noqa: E402
from store_factory import article, dedup  # noqa: E402,F401 (fixture)

STATES = {"JPN": "Japan", "PRK": "North Korea", "USA": "United States", "CHN": "China"}


def doc(n: int, pairs: list[tuple[str, str, str, str | None]], published: str) -> Annotated:
    """A document whose sentences are "<A> and <B> met (n)." with one event each."""
    parts, ents, evs, sents = [], {}, [], []
    pos = 0
    for i, (a, b, code, date) in enumerate(pairs):
        s = f"{STATES[a]} and {STATES[b]} acted ({n}.{i})."
        start = pos
        parts.append(s)
        pos += len(s) + 1
        sents.append(Sentence(start, start + len(s), i))
        spans = {}
        for code3, name in ((a, STATES[a]), (b, STATES[b])):
            off = start + s.index(name)
            spans[code3] = Span(off, off + len(name), name)
            e = ents.setdefault(code3, {"id": f"e{len(ents) + 1}", "ments": []})
            e["ments"].append(Mention(off, off + len(name), name))
        trig = start + s.index("acted")
        evs.append(Event(f"v{i + 1}", code, None, "act",
                         Actor(ents[a]["id"], STATES[a], a, spans[a]),
                         Actor(ents[b]["id"], STATES[b], b, spans[b]), date, None,
                         "intended" if code.startswith("03") else "asserted",
                         start, start + len(s), 0.7, 1.0, Span(trig, trig + 5, "acted"),
                         int(code[:2]) // 5 + 1 if int(code[:2]) < 20 else 4, None, "text"))
    text = " ".join(parts)
    entities = tuple(Entity(v["id"], STATES[k], "COUNTRY", k, mentions=tuple(v["ments"]))
                     for k, v in ents.items())
    return Annotated(article=article(text, f"mem/{n}.txt", published=published, title=f"d{n}"),
                     sentences=tuple(sents), entities=entities, events=tuple(evs))


@pytest.fixture
def st(tmp_path, dedup):
    s = open_store(tmp_path / "ev.db")
    docs = [
        doc(1, [("JPN", "PRK", "042", "2002"), ("PRK", "JPN", "0841", "2002")], "2023-09-20"),
        doc(2, [("USA", "PRK", "036", None), ("USA", "CHN", "190", "2024-03-01")], "2024-03-02"),
        doc(3, [("USA", "PRK", "040", "2018/2019"), ("CHN", "USA", "111", "2025-02-08")],
            "2025-02-08"),
    ]
    write_batch(s, docs, dedup)
    yield s
    s.close()


def test_every_event_field_round_trips(st):
    got = query.document(st, "mem/1.txt")["annotated"].events
    want = doc(1, [("JPN", "PRK", "042", "2002"), ("PRK", "JPN", "0841", "2002")],
               "2023-09-20").events
    assert got == want


def test_listing_is_latest_first_with_sentences_and_undated_last(st):
    rows = query.events(st, limit=50)
    assert [r["date"] for r in rows] == ["2025-02-08", "2024-03-01", "2018/2019", "2002", "2002",
                                         None]
    r = rows[0]
    assert r["sentence"] == "China and United States acted (3.1)." and r["doc_id"]
    assert r["source_actor_name"] == "China" and r["title"] == "d3"


def test_filters(st):
    def codes(**kw):
        return sorted(r["cameo"] for r in query.events(st, limit=50, **kw))
    assert codes(actor="North Korea") == ["036", "040", "042", "0841"]
    assert codes(actor="PRK") == codes(actor="North Korea")
    assert codes(pair=("PRK", "JPN")) == ["042", "0841"]       # either direction
    assert codes(pair=("USA", "China")) == ["111", "190"]
    assert codes(cameo="04") == ["040", "042"]
    assert codes(cameo="042") == ["042"]
    assert codes(quad=4) == ["190"]
    # a period reaches the day: "2018/2019" is on or after 2019-06-01, "2002" before 2003
    assert codes(since="2019-06-01") == ["040", "111", "190"]
    assert codes(until="2002-12-31") == ["042", "0841"]
    assert codes(since="2002-06-01", until="2002-06-30") == ["042", "0841"]


def test_keyset_pages_cover_everything_once(st):
    seen, after = [], None
    while True:
        page = query.events(st, limit=2, after=after)
        if not page:
            break
        seen += [(r["doc_id"], r["id"]) for r in page]
        after = page[-1]["cursor"]
    assert len(seen) == len(set(seen)) == 6
    page = query.events(st, actor="PRK", limit=1)
    rest = query.events(st, actor="PRK", limit=10, after=page[0]["cursor"])
    assert len(page) + len(rest) == 4


def test_bad_filters_are_clear_errors(st):
    with pytest.raises(QueryError, match="--cameo"):
        query.events(st, cameo="war")
    with pytest.raises(QueryError, match="--quad"):
        query.events(st, quad=7)
    with pytest.raises(QueryError, match="--after"):
        query.events(st, after="nonsense")
    with pytest.raises(QueryError, match="--since"):
        query.events(st, since="last week")
    with pytest.raises(NotFound):
        query.events(st, actor="Atlantis")


def test_queries_use_the_indexes(st):
    c = st.conn
    plan = " ".join(r[-1] for r in c.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM events v WHERE v.source_actor = 1 AND "
        "v.target_actor = 2 ORDER BY v.sort_key DESC, v.rowid DESC LIMIT 20"))
    assert "events_pair" in plan and "TEMP B-TREE" not in plan
    plan = " ".join(r[-1] for r in c.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM events v WHERE v.root = '04' "
        "ORDER BY v.sort_key DESC, v.rowid DESC LIMIT 20"))
    assert "events_root" in plan and "TEMP B-TREE" not in plan


def test_events_follow_an_actor_merge(st):
    from newsgraph.store import actors
    c = st.conn
    japan = c.execute("SELECT source_actor FROM events WHERE source_name = 'Japan'").fetchone()[0]
    china = c.execute("SELECT id FROM actors WHERE key = 'CHN'").fetchone()[0]
    actors.merge(c, "JPN", "CHN", (None, None))
    assert c.execute("SELECT count(*) FROM events WHERE source_actor = ? OR target_actor = ?",
                     (japan, japan)).fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM events WHERE source_name = 'Japan' AND "
                     "source_actor = ?", (china,)).fetchone()[0] == 1


def test_stats_count_events_by_quad(st):
    s = query.stats(st)
    assert s["events"] == 6 and sum(s["events_by_quad"].values()) == 6


def test_cli_events_show_and_stats(st, capsys):
    db = str(st.path)
    assert main(["events", "--db", db, "--pair", "Japan", "North Korea"]) == 0
    out = capsys.readouterr().out
    assert "Japan and North Korea acted (1.0)." in out and "0841" in out
    assert main(["events", "--db", db, "--cameo", "19", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["cameo"] for r in rows] == ["190"] and rows[0]["cursor"]
    assert main(["events", "--db", db, "--limit", "1"]) == 0
    assert "next page: --after" in capsys.readouterr().out
    assert main(["show", "mem/1.txt", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "events" in out and "0841" in out and "North Korea" in out
    assert main(["stats", "--db", db]) == 0
    assert "material cooperation" in capsys.readouterr().out
    assert main(["events", "--db", db, "--cameo", "war"]) == 1
    assert "Error: --cameo" in capsys.readouterr().err
