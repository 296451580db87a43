"""Linking synthetic event reports into the timeline, through the store.

    python -m bench.link [--reports 100000] [--per-doc 5] [--batch 64]

Synthetic world: 150 states, 3,000 persons (one in 20 leads a state), real events between
Zipf-drawn pairs over five years; each real event is reported by a geometric number of
documents (mean 3), each report as outlets differ: its own CAMEO code under the root, a
vaguer date (the month, the year), the state instead of its leader, the place left out.
Documents carry 5 reports each and are written in batches as ingest does
(``link.Linker.write``: near-duplicate check, actor linking, timeline linking, inserts).
Prints reports/s, the share spent on timeline linking, and how many timeline events came
out of how many real ones. Target (issue 9): 100,000 reports in under a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

CODES = {"01": ["010", "012", "013"], "03": ["030", "036", "033"], "04": ["040", "042", "043",
                                                                          "046"],
         "05": ["051", "057"], "08": ["084"], "11": ["111", "112"], "13": ["130", "138"],
         "17": ["173"], "19": ["190", "193"]}
CITIES = ["Geneva", "Singapore", "Hanoi", "Brussels", "Vienna", "Doha", "Helsinki", "Oslo"]


def synthetic_docs(n_reports: int, per_doc: int, seed: int = 1):
    from newsgraph.model import (Actor, Annotated, Article, Entity, Event, Mention, Role,
                                 Sentence, doc_id_for)
    rnd = random.Random(seed)
    states = [f"S{i:02d}" for i in range(150)]
    # invented ISO-like codes are not states to the gazetteer: use real ones
    from newsgraph.annotate import gazetteer
    real = sorted({p for p in ("USA CHN RUS JPN PRK KOR GBR FRA DEU IND BRA ZAF NGA EGY TUR "
                               "IRN ISR SAU PAK AFG UKR POL ITA ESP CAN MEX ARG AUS IDN VNM "
                               "THA MYS PHL SGP NZL KEN ETH SDN SYR IRQ JOR LBN QAT ARE OMN "
                               "YEM CUB VEN COL PER CHL NOR SWE FIN DNK NLD BEL CHE AUT GRC "
                               "HUN CZE ROU BGR SRB HRV").split() if gazetteer.is_country(p)})
    states = real
    persons = []
    for i in range(3000):
        country = rnd.choice(states)
        leads = i % 20 == 0
        persons.append((f"Person{i:04d} Family{i % 997:03d}", country,
                        (Role("President", country),) if leads else ()))
    weights = [1 / (k + 1) for k in range(len(states))]
    day0 = dt.date(2019, 1, 1).toordinal()
    reports = []
    while len(reports) < n_reports:
        a, b = rnd.choices(states, weights, k=2)
        root = rnd.choice(list(CODES))
        day = day0 + rnd.randrange(5 * 365)
        place = rnd.choice(CITIES + [None] * 4)
        pa = rnd.choice([p for p in persons[:200] if p[1] == a] or [None])
        pb = rnd.choice([p for p in persons[:200] if p[1] == b] or [None])
        k = min(12, int(rnd.expovariate(1 / 3)) + 1)
        for _ in range(k):
            d = dt.date.fromordinal(day)
            date = rnd.choices([d.isoformat(), d.strftime("%Y-%m"), str(d.year), None],
                               [70, 15, 10, 5])[0]
            src = pa if pa and rnd.random() < 0.6 else None
            tgt = pb if pb and rnd.random() < 0.6 else None
            reports.append((a, b, src, tgt, rnd.choice(CODES[root]), date,
                            place if rnd.random() < 0.7 else None, day))
    rnd.shuffle(reports)
    reports = reports[:n_reports]
    docs = []
    for i in range(0, len(reports), per_doc):
        chunk = reports[i:i + per_doc]
        sents, ents, evs, parts, pos = [], {}, [], [], 0
        published = dt.date.fromordinal(max(r[7] for r in chunk) + 1).isoformat()
        for j, (a, b, src, tgt, code, date, place, _) in enumerate(chunk):
            s = f"Report {i + j}: {src[0] if src else a} and {tgt[0] if tgt else b} {code}."

            def side(p, state):
                name = p[0] if p else gazetteer.country_name(state) or state
                key = (name, state)
                if key not in ents:
                    ents[key] = Entity(f"e{len(ents) + 1}", name, "PERSON" if p else "COUNTRY",
                                       state, p[2] if p else (),
                                       (Mention(pos, pos + 1, s[0]),))
                e = ents[key]
                return Actor(e.id, e.name, state)
            evs.append(Event(f"v{j + 1}", code, None, None, side(src, a), side(tgt, b), date,
                             place, "asserted", pos, pos + len(s), 0.8, 1.0))
            sents.append(Sentence(pos, pos + len(s)))
            parts.append(s)
            pos += len(s) + 1
        text = " ".join(parts)
        art = Article(doc_id=doc_id_for(text), source=f"mem/{i}", text=text, raw=b"",
                      published=published, url=f"https://outlet{i % 40}.example/{i}")
        docs.append(Annotated(article=art, sentences=tuple(sents),
                              entities=tuple(ents.values()), events=tuple(evs)))
    return docs


def _write(st, docs, batch, timeline_too: bool):
    """Write ``docs`` as ingest does; returns (wall, cpu, seconds in timeline linking,
    entity keys by doc_id)."""
    from newsgraph.link import Linker, batch as link_batch
    from newsgraph.link.actors import ActorLinker
    from newsgraph.link.dedup import Dedup
    from newsgraph.model import TimelineChanges
    spent = [0.0]
    keys: dict[str, dict[str, str]] = {}
    inner_tl, inner_act = link_batch.Linker._timeline, ActorLinker.link

    def timed(self, *a, **kw):
        if not timeline_too:
            return TimelineChanges()
        t0 = time.perf_counter()
        try:
            return inner_tl(self, *a, **kw)
        finally:
            spent[0] += time.perf_counter() - t0

    def record(self, conn, docs, also=()):
        out = inner_act(self, conn, docs, also)
        for d, ks in zip(docs, out.keys):
            keys[d.article.doc_id] = {e.id: k for e, k in zip(d.entities, ks)}
        return out

    link_batch.Linker._timeline, ActorLinker.link = timed, record
    try:
        linker = Linker(st, Dedup())
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(docs), batch):
            linker.write(docs[i:i + batch])
        return time.perf_counter() - t0, time.process_time() - c0, spent[0], keys
    finally:
        link_batch.Linker._timeline, ActorLinker.link = inner_tl, inner_act


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.link")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--full-reports", type=int, default=20_000,
                    help="reports for the whole write path (0: skip)")
    ap.add_argument("--per-doc", type=int, default=5)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args(argv)

    from newsgraph.link import registry, timeline
    from newsgraph.store import open_store
    from newsgraph.store.write import write_timeline

    # 1. timeline linking alone: documents, events and actors stored first (untimed), then
    # every report linked into the timeline batch by batch, as ingest does (block lookups,
    # clustering, the timeline rows written), one transaction per batch
    t = time.perf_counter()
    docs = synthetic_docs(args.reports, args.per_doc)
    print(f"  {len(docs)} documents, {sum(len(d.events) for d in docs)} reports "
          f"(made in {time.perf_counter() - t:.1f} s)")
    with tempfile.TemporaryDirectory(prefix="bench-link-") as tmp, \
            open_store(Path(tmp) / "l.db") as st:
        w, cpu, _, keys = _write(st, docs, args.batch, timeline_too=False)
        print(f"  stored documents, events and actors in {w:.1f} s ({cpu:.1f} s CPU)")

        def key_for(name, country):
            return registry.key_for(name, None, country)
        tl = timeline.Timeline()
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(docs), args.batch):
            reps = [r for d in docs[i:i + args.batch]
                    for r in timeline.reports_of(d, keys[d.article.doc_id], key_for)]
            with st.transaction() as c:
                write_timeline(c, tl.link(c, reps, {}))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        n_ev, n_rep = st.conn.execute(
            "SELECT count(*), coalesce(sum(reports), 0) FROM timeline_events").fetchone()
        multi = st.conn.execute("SELECT count(*) FROM timeline_events WHERE reports > 1"
                                ).fetchone()[0]
    print(f"  timeline linking: {n_rep:,} reports in {wall:.1f} s ({cpu:.1f} s CPU): "
          f"{n_rep / wall:,.0f} reports/s [target: 100,000 in < 60 s]")
    print(f"    {n_ev:,} timeline events, {multi:,} of them reported more than once")

    # 2. the whole write path of ingest (copy check, actors, inserts, timeline), for scale
    if args.full_reports:
        docs = synthetic_docs(args.full_reports, args.per_doc, seed=2)
        with tempfile.TemporaryDirectory(prefix="bench-link-") as tmp, \
                open_store(Path(tmp) / "l.db") as st:
            wall, cpu, spent, _ = _write(st, docs, args.batch, timeline_too=True)
            n = sum(len(d.events) for d in docs)
        print(f"  whole write path ({len(docs):,} documents of {args.per_doc} reports): "
              f"{wall:.1f} s ({cpu:.1f} s CPU), {len(docs) / wall:,.0f} docs/s; "
              f"timeline {spent / wall:.0%} of it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
