"""Who, on our own pages of US and UK political news (tests/fixtures/pages, invented text in
the style of real sites; dates in its meta.jsonl): people, parties, office holders' countries,
speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.annotate import actors, quotes
from newsgraph.annotate.nlp import sentences_of
from newsgraph.model import Annotated, Article, doc_id_for

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.fixture(scope="module")
def pages():
    from newsgraph.api import extract

    recs = list(extract([str(PAGES)]))
    return {Path(r["source"]).name: r for r in recs}


def ents(rec, typ=None):
    return [e for e in rec["entities"] if typ is None or e["type"] == typ]


def person(rec, name):
    hits = [e for e in ents(rec, "PERSON") if e["name"] == name]
    assert hits, f"{name!r} not among {[e['name'] for e in ents(rec, 'PERSON')]}"
    return hits[0]


def mentions(e):
    return [m["text"] for m in e["mentions"]]


# ---------------------------------------------------------------------------- persons
def test_persons_are_persons(pages):
    names = {e["name"] for r in pages.values() for e in ents(r, "PERSON")}
    for bad in ("Obama Calls", "Republicans", "GOP", "Lib Dems", "Tory", "Route 4",
                "Main Street", "Ashland Avenue", "Turnout", "Email", "Manchester"):
        assert bad not in names, bad


def test_one_real_person_one_actor(pages):
    r = pages["senate-budget-vote.txt"]
    obama = [e for e in ents(r, "PERSON") if "Obama" in e["name"]]
    assert len(obama) == 1 and obama[0]["name"] == "Barack Obama"
    assert {"Obama", "Barack Obama"} <= set(mentions(obama[0]))


def test_namesakes_decided_by_date_and_office(pages):
    r = pages["bush-iraq-2004.txt"]
    w = person(r, "George W. Bush")          # "President Bush" in May 2004
    assert w.get("name_source") == "dictionary"
    assert "Bush" in mentions(w)
    father = person(r, "George H. W. Bush")
    assert mentions(father) == ["George H. W. Bush"]
    assert any(rl["qualifier"] == "former" for rl in father["roles"] if "qualifier" in rl)
    # a surname and its office on the date, no full name in the text
    g = pages["governor-flood-aid.txt"]
    assert person(g, "Barack Obama").get("name_source") == "dictionary"


def test_parties_are_one_actor_with_their_country(pages):
    r = pages["senate-budget-vote.txt"]
    rep = [e for e in ents(r) if e["name"] == "Republican Party"]
    assert len(rep) == 1 and rep[0]["type"] == "ORG" and rep[0]["country"] == "USA"
    assert {"Republicans", "GOP"} <= set(mentions(rep[0]))
    uk = pages["uk-chancellor-budget.txt"]
    ld = [e for e in ents(uk) if e["name"] == "Liberal Democrats"]
    assert len(ld) == 1 and ld[0]["country"] == "GBR"


# ---------------------------------------------------------------------------- countries
def test_office_holders_get_the_country_the_article_takes_for_granted(pages):
    r = pages["senate-budget-vote.txt"]
    for name in ("Lisa Murkowski", "Jeanne Shaheen", "Mitch McConnell"):
        p = person(r, name)
        assert p["country"] == "USA" and p.get("country_source") == "inferred", name
        assert any(rl["of"] == "USA" and rl.get("source") == "inferred" for rl in p["roles"])
    assert person(pages["mayor-transit-plan.html"], "Rahm Emanuel")["country"] == "USA"
    uk = pages["uk-chancellor-budget.txt"]
    assert person(uk, "Diane Abbott")["country"] == "GBR"
    # stated countries are not marked
    assert "country_source" not in person(pages["bush-iraq-2004.txt"], "Jack Straw")


# ---------------------------------------------------------------------------- speakers
def test_speakers_are_actors_or_descriptions(pages):
    for r in pages.values():
        for q in r["quotes"]:
            name = (q["speaker"]["name"] or "").casefold()
            assert name not in ("turnout", "email", "an interview", "a simple guide",
                                "this statement", "a need", "a win"), (r["source"], q)
            assert "SIMPLE GUIDE" not in q["text"] and "|" not in q["text"]


def test_the_one_asked_is_not_the_speaker(pages):
    for fname, asked in (("bush-iraq-2004.txt", "Dick Cheney"),
                         ("white-house-briefing.txt", "Robert Gibbs"),
                         ("uk-chancellor-budget.txt", "Oliver Letwin")):
        for q in pages[fname]["quotes"]:
            if q["text"].startswith("whether"):
                assert q["speaker"]["name"] != asked, (fname, q)


def test_descriptions_resolve_to_the_holder_named(pages):
    uk = pages["uk-chancellor-budget.txt"]
    by_text = {q["text"][:20]: q["speaker"]["name"] for q in uk["quotes"]}
    assert by_text.get("the Budget showed La") == "Tony Blair"     # "The prime minister said"
    assert "the mayor" in mentions(person(pages["mayor-transit-plan.html"], "Rahm Emanuel"))


def test_description_with_no_holder_named_goes_to_the_known_holder(nlp):
    text = ("Pensions will rise next year, the prime minister said on Tuesday. Ministers in "
            "London said the plan was affordable. Britain's economy grew.")
    art = Article(doc_id=doc_id_for(text), source="t", text=text, published="2005-03-16")
    sp = nlp(text)
    a = actors.stage(Annotated(article=art, nlp=sp, sentences=sentences_of(sp)))
    blair = [e for e in a.entities if e.name == "Tony Blair"]
    assert blair and blair[0].name_source == "dictionary"
    assert any(m.kind == "nominal" and m.source == "dictionary" for m in blair[0].mentions)
    q = quotes.stage(a).quotes
    said = [x for x in q if x.text.startswith("Pensions")]
    assert said and said[0].speaker.name == "Tony Blair" and said[0].speaker.source == "dictionary"
    # no date, no holder
    art2 = Article(doc_id=doc_id_for(text), source="t", text=text, published=None)
    b = actors.stage(Annotated(article=art2, nlp=sp, sentences=sentences_of(sp)))
    assert not [e for e in b.entities if e.name == "Tony Blair"]
