"""The read side at scale: a synthetic store of 1,000,000 documents, and the time each
list question takes on it.

    python -m bench.scale [--docs 1000000] [--out bench/.cache/scale] [--rebuild]
                          [--repeat 200] [--batch 500] [--quotes 2] [--events 2]

Builds (once; the file is kept in ``--out`` as ``scale-<N>.db`` and reused) a store of N
synthetic documents in realistic proportions, written through the store's own writer
(``store.write.write_linked``, one transaction per batch, the linker's decisions made
here: every entity's actor key, no copies, one timeline event per document event): about
250 words of Zipf-distributed vocabulary (~40,000 words) in ~15 sentences, 8 entities (3
persons of 20,000, 3 states of 60, 2 organisations of 2,000, each drawn by Zipf
popularity), 20 mentions, 2 quotes (4 in 5 by a person entity, the others by a
description such as "a spokesman"), 3 times and 2 events between the document's actors
(``--quotes``/``--events`` set bbc's heavier mix, about 8 and 6),
dates over ten years, one document in seven undated. Then times, after a warm-up, each
of these questions ``--repeat`` times with varied arguments and prints p50 and p99:

    search (a common and a rare term), docs (first and deep pages), quotes --speaker,
    actor, actors, events --pair, timeline --pair, stats

Goal (issue 7): p50 < 20 ms and p99 < 100 ms each. For any that misses, prints the query
plans (EXPLAIN QUERY PLAN) of the statements it ran.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any, Callable

STATES = ("USA CHN RUS JPN PRK KOR GBR FRA DEU IND BRA ZAF NGA EGY TUR IRN ISR SAU PAK AFG "
          "UKR POL ITA ESP CAN MEX ARG AUS IDN VNM THA MYS PHL SGP NZL KEN ETH SDN SYR IRQ "
          "JOR LBN QAT ARE OMN YEM CUB VEN COL PER CHL NOR SWE FIN DNK NLD BEL CHE AUT GRC").split()
COMMON = ("the of to and a in said that for is on was with he it as at by from his have be "
          "has are but not this were they had government minister president country people "
          "year after would been who their will talks which also more new police state one "
          "over two officials last").split()
SYL = ("ka ri mo ta ne lu sa vo de pi ra go ni tu be ma ko le zi fa no su ha ye wi jo "
       "ba ce du fi ga hi").split()
DESCRIPTIONS = ("a spokesman", "officials", "the ministry", "a senior official",
                "a government source", "analysts", "diplomats", "the statement")
ROLES = ("President", "Prime Minister", "Foreign Minister", "Senator", "Governor", "Mayor")
CAMEO = ("010", "020", "036", "040", "042", "043", "046", "057", "061", "084", "111",
         "112", "130", "138", "173", "190", "193")


class World:
    """The synthetic world every document is drawn from (seeded: the same every run)."""

    def __init__(self, seed: int = 7, quotes: int = 2, events: int = 2):
        rnd = random.Random(seed)
        self.rnd = rnd
        self.n_quotes, self.n_events = quotes, events
        words = list(COMMON)
        seen = set(words)
        while len(words) < 40_000:
            w = "".join(rnd.choice(SYL) for _ in range(rnd.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        self.word_cum = list(itertools.accumulate(1 / (r + 1) for r in range(len(words))))
        from newsgraph.annotate import gazetteer
        self.states = [(s, gazetteer.country_name(s) or s) for s in STATES]
        self.state_cum = list(itertools.accumulate(1 / (r + 1) for r in range(len(STATES))))
        first = [w.capitalize() for w in words[200:1200]]
        last = [w.capitalize() for w in words[1200:6200]]
        self.persons = []
        for i in range(20_000):
            country = self.states[min(int(rnd.paretovariate(1.2)) - 1, len(STATES) - 1)][0]
            role = (ROLES[i % len(ROLES)], country) if i % 5 == 0 else None
            self.persons.append((f"{first[i % len(first)]} {last[(i * 7919) % len(last)]}",
                                 country, role))
        self.person_cum = list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(20_000)))
        self.orgs = [f"{w.capitalize()} {rnd.choice(['Council', 'Bank', 'Institute', 'Party'])}"
                     for w in words[6200:8200]]
        self.org_cum = list(itertools.accumulate(1 / (r + 1) for r in range(len(self.orgs))))
        self.day0 = dt.date(2015, 1, 1).toordinal()

    def pick(self, cum: list[float], k: int) -> list[int]:
        top = cum[-1]
        return [bisect.bisect_left(cum, self.rnd.random() * top) for _ in range(k)]

    def doc(self, i: int) -> tuple[Any, list[tuple[str, Any]]]:
        """Document ``i``: (Annotated, [(actor key, ActorRecord)] for its entities)."""
        from newsgraph.model import (Actor, ActorRecord, Annotated, Article, Entity, Event,
                                     Mention, Quote, Role, Sentence, Span, Speaker, TimeExpr)
        rnd = self.rnd
        published = (None if rnd.random() < 1 / 7 else
                     dt.date.fromordinal(self.day0 + rnd.randrange(3650)).isoformat())
        # the document's actors: 3 persons, 3 states, 2 organisations
        people = sorted(set(self.pick(self.person_cum, 3)))
        states = sorted(set(self.pick(self.state_cum, 3)))
        orgs = sorted(set(self.pick(self.org_cum, 2)))
        cast: list[tuple[str, str, str | None, Any, str]] = []   # name, type, country, role, key
        for p in people:
            name, country, role = self.persons[p]
            cast.append((name, "PERSON", country, role, "person:" + name.lower()))
        for s in states:
            code, name = self.states[s]
            cast.append((name, "COUNTRY", code, None, code))
        for o in orgs:
            cast.append((self.orgs[o], "ORG", None, None, "org:" + self.orgs[o].lower()))
        parts: list[str] = []
        pos = 0
        sents, mentions = [], {k: [] for k in range(len(cast))}
        quotes, times = [], []
        n_sent = rnd.randint(10, 20)
        qs = set(rnd.sample(range(1, n_sent), min(self.n_quotes, n_sent - 1)))
        for j in range(n_sent):
            ws = [self.words[w] for w in self.pick(self.word_cum, rnd.randint(12, 22))]
            start = pos
            who = j % len(cast) if j < 2 * len(cast) else None
            if j in qs:
                spk = rnd.randrange(len(people)) if people and rnd.random() < 0.8 else None
                said = cast[spk][0] if spk is not None else rnd.choice(DESCRIPTIONS)
                qtext = '"' + " ".join(ws).capitalize() + ',"'
                s = f"{qtext} {said} said."
                sp0 = pos + len(qtext) + 1
                if spk is not None:
                    mentions[spk].append(Mention(sp0, sp0 + len(said), said))
                quotes.append(Quote("direct", qtext, pos, pos + len(qtext),
                                    Speaker(f"e{spk + 1}" if spk is not None else None,
                                            said, Span(sp0, sp0 + len(said), said)),
                                    "said", Span(sp0 + len(said) + 1, sp0 + len(said) + 5,
                                                 "said")))
            elif who is not None:
                name = cast[who][0]
                s = f"{name} {' '.join(ws)}."
                mentions[who].append(Mention(pos, pos + len(name), name))
            else:
                s = " ".join(ws).capitalize() + "."
            if len(times) < 3 and j % 4 == 1 and published:
                day = dt.date.fromisoformat(published) - dt.timedelta(days=rnd.randrange(30))
                tx = f" On {day.isoformat()}."
                times.append(TimeExpr(tx[1:-1], pos + len(s) + 1, pos + len(s) + len(tx) - 1,
                                      day.isoformat(), "DATE"))
                s += tx
            parts.append(s)
            sents.append(Sentence(start, start + len(s), j // 4))
            pos += len(s) + 1
        text = " ".join(parts)
        ents = []
        for k, (name, typ, country, role, key) in enumerate(cast):
            roles = (Role(role[0], role[1], published),) if role else ()
            ments = tuple(mentions[k]) or (Mention(0, 0, name),)
            ents.append(Entity(f"e{k + 1}", name, typ, country, roles, ments))
        events = []
        for j in range(self.n_events):
            a, b = rnd.sample(range(len(cast)), 2)
            s0 = sents[rnd.randrange(len(sents))]
            code = rnd.choice(CAMEO)
            events.append(Event(f"v{j + 1}", code, None, None,
                                Actor(f"e{a + 1}", cast[a][0], cast[a][2]),
                                Actor(f"e{b + 1}", cast[b][0], cast[b][2]),
                                published, None, "asserted", s0.start, s0.end, 0.8,
                                rnd.uniform(-10, 10),
                                quad=1 if code < "06" else 2 if code < "09" else
                                3 if code < "14" else 4))
        art = Article(doc_id=hashlib.blake2b(f"scale{i}".encode(), digest_size=8).hexdigest(),
                      source=f"synthetic/{i}", text=text, title=" ".join(text.split()[:8]),
                      published=published, published_source="metadata" if published else None,
                      language="en", raw=b"", url=f"https://outlet{i % 50}.example/{i}")
        recs = []
        for name, typ, country, role, key in cast:
            words = name.lower().split()
            recs.append((key, ActorRecord(key, name, typ, country,
                                          words[0] if typ == "PERSON" else None,
                                          words[-1] if typ == "PERSON" else None)))
        return (Annotated(article=art, sentences=tuple(sents), entities=tuple(ents),
                          quotes=tuple(quotes), times=tuple(times), events=tuple(events)),
                recs)


def _timeline_rows(doc: Any, keys: dict[str, str]) -> tuple[list[Any], list[Any]]:
    """One timeline event (and its report) per document event: what the linker would write
    for events no other document reports."""
    from newsgraph.model import TimelineEvent, TimelineReport
    evs, reps = [], []
    a = doc.article
    for v in doc.events:
        sk, tk = keys[v.source.entity], keys[v.target.entity]
        ss = v.source.country or sk
        ts = v.target.country or tk
        block = f"{v.cameo[:2]}|asserted|{ss}|{ts}"
        tid = "t" + hashlib.blake2b(f"{a.doc_id}{v.id}".encode(), digest_size=8).hexdigest()
        day = v.date or a.published or ""
        evs.append(TimelineEvent(
            tid=tid, block=block, date=v.date, date_start=v.date, date_end=v.date, day=day,
            cameo=v.cameo, root=v.cameo[:2], quad=v.quad, plover=None, label=None,
            goldstein=v.goldstein, source_key=sk, source_state=ss, target_key=tk,
            target_state=ts, location=None, modality="asserted", reports=1, documents=1,
            outlets=1, confidence=1.0))
        reps.append(TimelineReport(
            doc_id=a.doc_id, event_id=v.id, block=block, lo=v.date, hi=v.date, date=v.date,
            cameo=v.cameo, source_key=sk, source_state=ss, source_leads=False,
            target_key=tk, target_state=ts, target_leads=False, place=None,
            place_country=None, published=a.published, outlet=a.url, goldstein=v.goldstein,
            quad=v.quad, plover=None, label=None, modality="asserted", timeline=tid,
            match=1.0))
    return evs, reps


def build(path: Path, n: int, batch: int = 500, log: Callable[[str], None] = print,
          quotes: int = 2, events: int = 2) -> None:
    from newsgraph.model import LinkedBatch, LinkedDocument, TimelineChanges
    from newsgraph.store import open_store
    from newsgraph.store.write import write_linked
    tmp = path.with_suffix(".part")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    world = World(quotes=quotes, events=events)
    t0 = time.perf_counter()
    with open_store(tmp) as st:
        st.conn.execute("PRAGMA synchronous = OFF")      # a bench file: rebuilt if cut
        for lo in range(0, n, batch):
            items, recs, tl_e, tl_r = [], {}, [], []
            for i in range(lo, min(n, lo + batch)):
                doc, rs = world.doc(i)
                keys = {e.id: k for e, (k, _) in zip(doc.entities, rs)}
                items.append(LinkedDocument(doc, "new", actors=tuple(k for k, _ in rs)))
                recs.update(rs)
                e, r = _timeline_rows(doc, keys)
                tl_e += e
                tl_r += r
            lb = LinkedBatch(tuple(items), tuple(recs.values()),
                             timeline=TimelineChanges(events=tuple(tl_e), reports=tuple(tl_r)))
            with st.transaction() as c:
                write_linked(c, lb, "2026-01-01T00:00:00+00:00")
            done = min(n, lo + batch)
            if done % (batch * 20) == 0 or done == n:
                el = time.perf_counter() - t0
                log(f"  built {done:,}/{n:,} documents in {el:.0f} s ({done / el:,.0f} docs/s)")
        st.conn.execute("ANALYZE")
        st.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.replace(path)


# ------------------------------------------------------------------------------ timing
class Recorder:
    """A connection wrapper that keeps the SQL of the statements a question runs."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.sql = conn, []

    def __getattr__(self, k: str) -> Any:
        return getattr(self.conn, k)

    def execute(self, sql: str, args: Any = ()) -> Any:
        self.sql.append((sql, tuple(args) if not isinstance(args, dict) else args))
        return self.conn.execute(sql, args)


def _percentiles(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return xs[len(xs) // 2] * 1000, xs[min(len(xs) - 1, int(len(xs) * 0.99))] * 1000


def questions(st: Any, world: World, rnd: random.Random) -> dict[str, Callable[[], Any]]:
    """The questions timed, each a function drawing its arguments anew."""
    from newsgraph import query
    from newsgraph.store import read
    c = st.conn
    top_people = [p[0] for p in world.persons[:200]]
    # frequent content words (in a third or more of the documents) and rare ones
    common = ["government", "minister", "president", "talks", "police", "officials"]
    rare = world.words[20_000:20_050]
    n_docs = read.counter(c, "documents")
    pairs = [(world.states[a][1], world.states[b][1]) for a in range(8) for b in range(8)
             if a != b]
    codes = [(world.states[a][0], world.states[b][0]) for a in range(8) for b in range(8)
             if a != b]

    def deep_docs() -> Any:
        # a page far into the listing: the cursor of a document drawn at random
        r = c.execute("SELECT sort_key, id FROM documents WHERE id = ?",
                      (rnd.randint(1, n_docs),)).fetchone()
        return query.docs(st, 20, f"{r[0]}~{r[1]}")

    return {
        "search (common term)": lambda: query.search(st, rnd.choice(common), 20),
        "search (rare term)": lambda: query.search(st, rnd.choice(rare), 20),
        "search, web (common)": lambda: query.search_sentences(st, rnd.choice(common), 10),
        "docs (first page)": lambda: query.docs(st, 20),
        "docs (deep page)": deep_docs,
        "quotes --speaker": lambda: query.quotes(st, speaker=rnd.choice(top_people), limit=20),
        "actor": lambda: query.actor(st, rnd.choice(top_people)),
        "actors": lambda: query.actors(st, rnd.choice([None, "PERSON", "ORG"]), 20),
        "events --pair": lambda: query.events(st, pair=rnd.choice(pairs), limit=20),
        "timeline --pair": lambda: query.timeline(st, pair=rnd.choice(codes), limit=50),
        "stats": lambda: query.stats(st),
    }


def measure(path: Path, repeat: int, log: Callable[[str], None] = print) -> list[tuple]:
    from newsgraph.store import open_store
    world = World()
    rnd = random.Random(11)
    out = []
    with open_store(path, read_only=True) as st:
        qs = questions(st, world, rnd)
        for name, fn in qs.items():
            for _ in range(5):
                fn()                                     # warm the page cache
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t)
            p50, p99 = _percentiles(times)
            ok = p50 < 20 and p99 < 100
            out.append((name, p50, p99, ok))
            log(f"  {name:<24} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   "
                f"{'met' if ok else 'MISSED'}")
            if not ok:
                real = st.conn
                rec = Recorder(real)
                st.conn = rec
                try:
                    fn()
                finally:
                    st.conn = real
                for sql, args in rec.sql:
                    if not sql.lstrip().upper().startswith("SELECT"):
                        continue
                    plan = [r[3] for r in real.execute("EXPLAIN QUERY PLAN " + sql, args)]
                    log("      " + " ".join(sql.split())[:220])
                    for p in plan:
                        log(f"        {p}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--docs", type=int, default=1_000_000, help="documents (default 1,000,000)")
    ap.add_argument("--out", default="bench/.cache/scale", help="folder for the store file")
    ap.add_argument("--rebuild", action="store_true", help="build the store even if cached")
    ap.add_argument("--batch", type=int, default=500, help="documents per transaction")
    ap.add_argument("--repeat", type=int, default=200, help="timed runs of each question")
    ap.add_argument("--quotes", type=int, default=2, help="quotes a document (default 2; "
                    "bbc has about 8.5)")
    ap.add_argument("--events", type=int, default=2, help="events a document (default 2; "
                    "bbc has about 6)")
    ap.add_argument("--store", metavar="FILE", help="measure this store file as it is (e.g. "
                    "a build still in progress: readers see its last batch); builds nothing")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # the default proportions keep the name of the store earlier runs cached
    mix = "" if (args.quotes, args.events) == (2, 2) else f"-q{args.quotes}-e{args.events}"
    path = Path(args.store) if args.store else out / f"scale-{args.docs}{mix}.db"
    if not args.store and (args.rebuild or not path.exists()):
        print(f"  building {path} ({args.docs:,} documents, {args.quotes} quotes and "
              f"{args.events} events each)", flush=True)
        build(path, args.docs, args.batch, log=lambda s: print(s, flush=True),
              quotes=args.quotes, events=args.events)
    size = path.stat().st_size
    from newsgraph.store import open_store
    with open_store(path, read_only=True) as st:
        s = __import__("newsgraph.query", fromlist=["stats"]).stats(st)
    print(f"  store {path}: {size / 2**20:,.0f} MiB; {s['documents']:,} documents "
          f"({s['undated']:,} undated), {s['actors']:,} actors, {s['mentions']:,} mentions, "
          f"{s['quotes']:,} quotes, {s['times']:,} times, {s['events']:,} events")
    res = measure(path, args.repeat, log=lambda s: print(s, flush=True))
    missed = [r[0] for r in res if not r[3]]
    print(f"  goal p50 < 20 ms and p99 < 100 ms: {len(res) - len(missed)}/{len(res)} met"
          + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
