"""Hand-made documents carrying events, for the timeline tests (no spaCy needed)."""

from __future__ import annotations

import hashlib

from newsgraph.model import (Actor, Annotated, Article, Entity, Event, Mention, Quote, Role,
                             Sentence, Speaker, TimeExpr, doc_id_for)

# who may appear, with what the text would say about them
PEOPLE = {
    "Donald Trump": ("PERSON", "USA", (Role("President", "USA"),)),
    "Joe Biden": ("PERSON", "USA", (Role("President", "USA"),)),
    "Mike Pompeo": ("PERSON", "USA", (Role("Secretary of State", "USA"),)),
    "Kim Jong Un": ("PERSON", "PRK", (Role("Supreme Leader", "PRK"),)),
    "Shinzo Abe": ("PERSON", "JPN", (Role("Prime Minister", "JPN"),)),
    "United States": ("COUNTRY", "USA", ()),
    "North Korea": ("COUNTRY", "PRK", ()),
    "Japan": ("COUNTRY", "JPN", ()),
    "South Korea": ("COUNTRY", "KOR", ()),
}


def report(src: str, tgt: str | None, cameo: str, date: str | None, *, location=None,
           modality="asserted", mod=None, goldstein=None):
    return dict(src=src, tgt=tgt, cameo=cameo, date=date, location=location,
                modality=modality, mod=mod, goldstein=goldstein)


def doc(name: str, reports: list[dict], *, published: str = "2025-02-08",
        url: str | None = None, quotes: tuple[tuple[str, str], ...] = ()) -> Annotated:
    """One document of invented sentences, one per report, with the entities they name."""
    sents, ents, events, times = [], {}, [], []
    pos = 0
    for i, (r, s) in enumerate(zip(reports, _texts(reports, name))):
        start = pos
        for who in (r["src"], r["tgt"]):
            if who and who not in ents:
                etype, country, roles = PEOPLE[who]
                k = s.index(who)
                ents[who] = Entity(f"e{len(ents) + 1}", who, etype, country, roles,
                                   (Mention(start + k, start + k + len(who), who),))
        if r["date"]:
            k = s.index(r["date"], len(r["src"]))
            times.append(TimeExpr(r["date"], start + k, start + k + len(r["date"]), r["date"],
                                  "DATE", r["mod"], published))

        def actor(who):
            if who is None:
                return None
            e = ents[who]
            return Actor(e.id, e.name, e.country)
        events.append(Event(f"v{i + 1}", r["cameo"], None, f"act {r['cameo']}",
                            actor(r["src"]), actor(r["tgt"]), r["date"], r["location"],
                            r["modality"], start, start + len(s), 0.8, r["goldstein"]))
        sents.append(Sentence(start, start + len(s)))
        pos += len(s) + 1
    text = " ".join(_texts(reports, name))
    qs = []
    for who, words in quotes:
        e = ents.get(who)
        start = len(text) + 2
        text += f' "{words}," {who} said.'
        if e is None:
            etype, country, roles = PEOPLE[who]
            k = text.rindex(who)
            e = ents[who] = Entity(f"e{len(ents) + 1}", who, etype, country, roles,
                                   (Mention(k, k + len(who), who),))
        qs.append(Quote("direct", words + ",", start, start + len(words) + 1,
                        Speaker(e.id, who), "said"))
    art = Article(doc_id=doc_id_for(text), source=f"mem/{name}.txt", text=text, raw=b"",
                  title=name, published=published,
                  url=url or f"https://{hashlib.md5(name.encode()).hexdigest()[:6]}.example/{name}")
    return Annotated(article=art, sentences=tuple(sents), entities=tuple(ents.values()),
                     times=tuple(times), events=tuple(events), quotes=tuple(qs))


def _texts(reports, name):
    for i, r in enumerate(reports):
        words = [r["src"], "did", f"act {r['cameo']}"]
        if r["tgt"]:
            words += ["with", r["tgt"]]
        if r["date"]:
            words += ["in", r["date"]]
        if r["location"]:
            words += ["at", r["location"]]
        yield " ".join(words) + f" (note {name} {i})."


def timeline_rows(conn) -> list[tuple]:
    """The stored timeline, without row ids: each event with its sorted reports."""
    evs = conn.execute(
        "SELECT tid, date, date_start, date_end, cameo, source_key, target_key, location, "
        "reports, confidence FROM timeline_events ORDER BY tid").fetchall()
    out = []
    for e in evs:
        reps = conn.execute("SELECT doc_id, event_id, match FROM timeline_reports "
                            "WHERE timeline = ? ORDER BY doc_id, event_id", (e[0],)).fetchall()
        out.append((*tuple(e), tuple(tuple(r) for r in reps)))
    return out
