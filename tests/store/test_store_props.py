"""Properties of the store over arbitrary input: unicode round-trips, rerunning is a no-op,
search never fails with anything but a QueryError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.link.dedup import Dedup
from newsgraph.errors import QueryError
from newsgraph.model import Annotated, Article, Dropped, doc_id_for
from newsgraph.store import open_store, read
from newsgraph.link import write_batch

DEDUP = Dedup(num_perm=64)
TABLES = ("documents", "sources", "errors", "minhash_bands", "actors")

texts = st.text(min_size=1, max_size=400).filter(lambda s: s.strip())
titles = st.none() | st.text(max_size=80)


def docs_strategy():
    art = st.builds(
        lambda text, title, src: Annotated(article=Article(
            doc_id=doc_id_for(text), source=src, text=text, title=title,
            raw=text.encode("utf-8", "surrogatepass"), removed=(title or "",))),
        texts, titles, st.text(min_size=1, max_size=30))
    drop = st.builds(lambda src, r, m: Dropped(src, r, m), st.text(min_size=1, max_size=20),
                     st.sampled_from(["binary", "empty", "too_large"]), st.text(max_size=50))
    return st.lists(art | drop, min_size=1, max_size=6)


def counts(store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs_strategy())
def test_round_trip_and_idempotent(batch):
    with tempfile.TemporaryDirectory() as d, open_store(Path(d) / "p.db") as store:
        first = write_batch(store, batch, DEDUP)
        snap = counts(store)
        for item, out in zip(batch, first):
            if isinstance(item, Annotated) and out.kind == "stored":
                back = read.load_annotated(store.conn, item.article.doc_id)
                assert back.article.text == item.article.text
                assert back.article.title == item.article.title
                assert back.article.removed == item.article.removed
                assert back.article.raw == item.article.raw
        second = write_batch(store, batch, DEDUP)
        assert counts(store) == snap
        assert all(o.kind in ("unchanged", "error") for o in second)
        assert read.integrity(store.conn) == []


@pytest.fixture(scope="module")
def search_store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("search") / "s.db") as store:
        write_batch(store, [Annotated(article=Article(doc_id="x", source="s",
                                                      text="The ferry crossed at dawn."))],
                    DEDUP)
        yield store


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60))
def test_search_never_crashes(search_store, q):
    try:
        rows = read.search(search_store.conn, q)
    except QueryError as exc:
        assert str(exc)
    else:
        assert isinstance(rows, list)


@st.composite
def annotated_docs(draw):
    """A document with arbitrary annotations (spans anywhere in the text, any unicode)."""
    from newsgraph.model import (Entity, Mention, Quote, Role, Sentence, Span, Speaker,
                                 TimeExpr)
    text = draw(texts)
    n = len(text)
    span = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    opt = st.none() | st.text(max_size=12)
    ents = []
    for k in range(draw(st.integers(0, 3))):
        ments = tuple(Mention(s, e, text[s:e], draw(st.sampled_from(["name", "pronoun"])))
                      for s, e in draw(st.lists(span, max_size=3)))
        roles = tuple(Role(draw(st.text(min_size=1, max_size=15)), draw(opt), draw(opt),
                           draw(st.sampled_from([None, "former"])),
                           draw(st.sampled_from([None, "dictionary"]) | st.text(max_size=8)))
                      for _ in range(draw(st.integers(0, 2))))
        ents.append(Entity(f"e{k + 1}", draw(st.text(min_size=1, max_size=20)),
                           draw(st.sampled_from(["PERSON", "COUNTRY", "ORG"])),
                           draw(st.sampled_from([None, "JPN", "USA"])), roles, ments,
                           draw(st.sampled_from([None, "m", "f"]))))
    quotes = []
    for _ in range(draw(st.integers(0, 2))):
        s, e = draw(span)
        ms, me = draw(span)
        quotes.append(Quote(draw(st.sampled_from(["direct", "indirect"])), text[s:e], s, e,
                            Speaker(draw(st.sampled_from([None, "e1"])), draw(opt),
                                    draw(st.none() | st.just(Span(ms, me, text[ms:me])))),
                            draw(opt)))
    times = [TimeExpr(text[s:e], s, e, draw(st.text(min_size=1, max_size=10)))
             for s, e in draw(st.lists(span, max_size=2))]
    sents = tuple(Sentence(s, e, i) for i, (s, e) in enumerate(draw(st.lists(span, max_size=3))))
    art = Article(doc_id=doc_id_for(text), source="src", text=text,
                  published=draw(st.sampled_from([None, "2024-02-29"])))
    return Annotated(article=art, sentences=sents, entities=tuple(ents), quotes=tuple(quotes),
                     times=tuple(times))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_docs())
def test_annotations_round_trip_exactly(doc):
    with tempfile.TemporaryDirectory() as d, open_store(Path(d) / "a.db") as store:
        assert [o.kind for o in write_batch(store, [doc], DEDUP)] == ["stored"]
        assert read.load_annotated(store.conn, doc.article.doc_id) == doc
        assert read.integrity(store.conn) == []
