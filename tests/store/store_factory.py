"""Hand-built documents for the store, query and CLI tests (no spaCy needed)."""

from __future__ import annotations

import random

import pytest

from newsgraph.link.dedup import Dedup
from newsgraph.model import (Actor, Annotated, Article, Dropped, Entity, Event, Mention, Quote,
                             Role, Sentence, Span, Speaker, TimeExpr, doc_id_for)
from newsgraph.store import open_store

WORDS = ("harbour council budget river winter festival minister railway bridge school farmers "
         "market storm election museum library hospital contract vote ferry tunnel orchard "
         "quarry lantern meadow pension tariff cable drought beacon glacier copper").split()


def body(seed: int, n: int = 160) -> str:
    """An invented article body: random but reproducible words, a few paragraphs."""
    rnd = random.Random(seed)
    sents = []
    for _ in range(n // 10):
        ws = [rnd.choice(WORDS) for _ in range(10)]
        sents.append(" ".join(ws).capitalize() + ".")
    paras = [" ".join(sents[i:i + 4]) for i in range(0, len(sents), 4)]
    return "\n\n".join(paras)


def article(text: str, source: str, **kw) -> Article:
    return Article(doc_id=doc_id_for(text), source=source, text=text, raw=text.encode(), **kw)


def plain(text: str, source: str, **kw) -> Annotated:
    return Annotated(article=article(text, source, **kw))


def rich_doc(source: str = "mem/rich.txt", published: str = "2023-09-19") -> Annotated:
    """A document with every kind of annotation, offsets checked against the text."""
    text = ('Japanese Prime Minister Fumio Kishida met Kim Jong Un in Pyongyang on Tuesday. '
            '"We will talk," Kishida said. He added that Japan wanted peace.')

    def span(s: str, nth: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return i, i + len(s)

    k0, k1 = span("Fumio Kishida")
    k2, k3 = span("Kishida", 1)
    he0, he1 = span("He")
    kim0, kim1 = span("Kim Jong Un")
    jp0, jp1 = span("Japan", 1)
    q0, q1 = span('"We will talk,"')
    tu0, tu1 = span("Tuesday")
    said0, said1 = span("said")
    ents = (
        Entity("e1", "Fumio Kishida", "PERSON", "JPN",
               roles=(Role("Prime Minister", "JPN", published),),
               mentions=(Mention(k0, k1, "Fumio Kishida"), Mention(k2, k3, "Kishida", "alias"),
                         Mention(he0, he1, "He", "pronoun")), gender="m"),
        Entity("e2", "Kim Jong Un", "PERSON", "PRK",
               mentions=(Mention(kim0, kim1, "Kim Jong Un"),)),
        Entity("e3", "Japan", "COUNTRY", "JPN", mentions=(Mention(jp0, jp1, "Japan"),)),
    )
    quotes = (
        Quote("direct", "We will talk,", q0 + 1, q1 - 1,
              Speaker("e1", "Fumio Kishida", Span(k2, k3, "Kishida")), "said",
              Span(said0, said1, "said")),
        Quote("indirect", "Japan wanted peace", jp0, len(text) - 1,
              Speaker("e1", "Fumio Kishida", Span(he0, he1, "He")), "added"),
    )
    times = (TimeExpr("Tuesday", tu0, tu1, "2023-09-19", "DATE", anchor=published),)
    events = (Event("v1", "036", "CONSULT", "meet", Actor("e1", "Fumio Kishida", "JPN"),
                    Actor("e2", "Kim Jong Un", "PRK"), published, "Pyongyang", "asserted",
                    0, 79, 0.8, 4.0),)
    art = article(text, source, title="Kishida meets Kim", published=published,
                  published_source="metadata", removed=("Share this", "Menu"),
                  url="https://example.org/a", author="A. Writer")
    return Annotated(article=art, sentences=(Sentence(0, 79, 0), Sentence(80, 108, 1),
                                             Sentence(109, len(text), 1)),
                     entities=ents, quotes=quotes, times=times, events=events)


# fixtures, imported by the test modules that use them (a conftest.py here would shadow
# tests/conftest.py for modules that import it by name)
@pytest.fixture
def store(tmp_path):
    st = open_store(tmp_path / "t.db")
    yield st
    st.close()


@pytest.fixture
def dedup():
    return Dedup()


def store_at_version(path, version: int, rows_sql: str) -> None:
    """A store file as newsgraph left it at schema ``version`` (the first ``version``
    migrations), holding the rows that ``rows_sql`` inserts: for migration tests."""
    import sqlite3

    from newsgraph.store import schema
    c = sqlite3.connect(path, isolation_level=None)
    try:
        c.executescript(
            "BEGIN;" + "".join(sql for _, sql in schema.MIGRATIONS[:version]) +
            f"INSERT INTO schema_version VALUES ({version}, 'v{version}', 'then'); "
            f"PRAGMA user_version={version};" + rows_sql + "COMMIT;")
    finally:
        c.close()
