"""Reading a large timeline: `timeline --pair` pages and streamed exports.

    python -m bench.timeline [--events 1000000] [--export 1000000] [--keep DB]

Builds a store of synthetic timeline events (written with ``store.write.write_timeline``,
the linker's own writer, in batches; 150 states, Zipf-drawn pairs over 20 years), then:

* times ``query.timeline`` pages for state pairs (hot, middle, rare), a state, an actor
  key, filtered by CAMEO root and by date, the first page and a deep page (a cursor far
  into the pair), and prints the query plan of each scan (which index it walks);
* exports the timeline as JSON Lines, GDELT TSV and Parquet, printing rows/s and the
  process's peak memory over the export (flat: it must not grow with the row count).

Targets (issue 9): a pair's page in under 20 ms at 1M timeline events; exports stream.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path


def build(path: Path, n: int, seed: int = 3) -> list[str]:
    import datetime as dt

    from newsgraph.model import TimelineChanges, TimelineEvent
    from newsgraph.store import open_store
    from newsgraph.store.write import write_timeline
    rnd = random.Random(seed)
    states = [c for c in ("USA CHN RUS JPN PRK KOR GBR FRA DEU IND BRA ZAF NGA EGY TUR IRN "
                              "ISR SAU PAK AFG UKR POL ITA ESP CAN MEX ARG AUS IDN VNM THA MYS "
                              "PHL SGP NZL KEN ETH SDN SYR IRQ JOR LBN QAT ARE OMN YEM CUB VEN "
                              "COL PER CHL NOR SWE FIN DNK NLD BEL CHE AUT GRC HUN CZE ROU "
                              "BGR SRB HRV").split()]
    weights = [1 / (k + 1) for k in range(len(states))]
    day0 = dt.date(2005, 1, 1).toordinal()
    codes = ["010", "036", "042", "043", "046", "057", "084", "111", "130", "138", "173",
             "190", "193"]
    with open_store(path) as st:
        batch = []
        for i in range(n):
            a, b = rnd.choices(states, weights, k=2)
            code = rnd.choice(codes)
            day = dt.date.fromordinal(day0 + rnd.randrange(20 * 365)).isoformat()
            tid = "t" + hashlib.blake2b(str(i).encode(), digest_size=8).hexdigest()
            root = code[:2]
            person = f"person:leader {a.lower()}" if rnd.random() < 0.3 else a
            batch.append(TimelineEvent(
                tid=tid, block=f"{root}|asserted|{a}|{b}", date=day, date_start=day,
                date_end=day, day=day, cameo=code, root=root,
                quad=1 if root < "06" else 2 if root < "09" else 3 if root < "14" else 4,
                plover=None, label=None, goldstein=rnd.uniform(-10, 10),
                source_key=person, source_state=a, target_key=b, target_state=b,
                location=None, modality="asserted", reports=rnd.randint(1, 6),
                documents=1, outlets=1, confidence=1.0))
            if len(batch) == 20_000:
                with st.transaction() as c:
                    write_timeline(c, TimelineChanges(events=tuple(batch)))
                batch = []
        if batch:
            with st.transaction() as c:
                write_timeline(c, TimelineChanges(events=tuple(batch)))
    return states


def _ms(fn, repeat: int = 20) -> float:
    fn()                                  # warm the page cache
    best = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best.append(time.perf_counter() - t)
    best.sort()
    return best[len(best) // 2] * 1000    # the median


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.timeline")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--keep", help="build (or reuse) the store at this path")
    args = ap.parse_args(argv)

    from bench._rss import PeakRSS
    from newsgraph import export, query
    from newsgraph.store import open_store
    from newsgraph.store import timeline as tl

    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "t.db"
        if not path.exists():
            t = time.perf_counter()
            build(path, args.events)
            print(f"  built {args.events:,} timeline events in {time.perf_counter() - t:.0f} s "
                  f"({path.stat().st_size / 2**20:.0f} MiB)")
        with open_store(path) as st:
            n = st.conn.execute("SELECT count(*) FROM timeline_events").fetchone()[0]
            pairs = st.conn.execute(
                "SELECT source_state, target_state, count(*) AS n FROM timeline_events "
                "INDEXED BY timeline_events_state_pair GROUP BY 1, 2 ORDER BY n DESC").fetchall()
            hot, mid, rare = pairs[0], pairs[len(pairs) // 2], pairs[-1]
            print(f"  {n:,} timeline events; pairs: hot {hot[0]}-{hot[1]} ({hot[2]:,} events),"
                  f" middle {mid[0]}-{mid[1]} ({mid[2]:,}), rare {rare[0]}-{rare[1]} "
                  f"({rare[2]:,})")
            deep = query.timeline(st, pair=[hot[0], hot[1]], limit=1, reports=False,
                                  since="2020-01-01")["events"][0]
            cursor = f"{deep['day']}~{deep['id']}"
            cases = [
                (f"--pair {hot[0]} {hot[1]} (hot), first page", {"pair": [hot[0], hot[1]]}),
                (f"--pair {hot[0]} {hot[1]}, a page 15 years in",
                 {"pair": [hot[0], hot[1]], "after": cursor}),
                (f"--pair {mid[0]} {mid[1]} (middle)", {"pair": [mid[0], mid[1]]}),
                (f"--pair {rare[0]} {rare[1]} (rare)", {"pair": [rare[0], rare[1]]}),
                (f"--pair {hot[0]} {hot[1]} --cameo 19",
                 {"pair": [hot[0], hot[1]], "cameo": "19"}),
                (f"--pair {hot[0]} {hot[1]} --since 2015-01-01 --until 2015-12-31",
                 {"pair": [hot[0], hot[1]], "since": "2015-01-01", "until": "2015-12-31"}),
                (f"--actor {hot[0]}", {"actors": [hot[0]]}),
                ("no filter", {}),
            ]
            for label, kw in cases:
                ms = _ms(lambda: query.timeline(st, limit=50, reports=False, **kw))
                print(f"  timeline {label}: {ms:.2f} ms per page of 50 [target < 20 ms]")
            for eq in ([("source_state", hot[0]), ("target_state", hot[1])],
                       [("source_key", "person:leader usa"), ("target_state", "CHN")],
                       [("source_state", hot[0])], []):
                plan = "; ".join(tl.explain(st.conn, eq, tl.Filters()))
                print(f"    plan for {[c for c, _ in eq] or 'no actor'}: {plan}")

            out = Path(tmp) / "export"
            for fmt in ("jsonl", "gdelt", "parquet"):
                try:
                    with PeakRSS() as rss:
                        base = rss.proc.memory_info().rss
                        t = time.perf_counter()
                        counts = export.export(st, fmt, out / fmt, tables=("timeline",))
                        secs = time.perf_counter() - t
                except Exception as exc:  # pyarrow missing: say so, go on
                    print(f"  export {fmt}: {exc}")
                    continue
                rows = sum(counts.values())
                print(f"  export {fmt}: {rows:,} timeline rows in {secs:.1f} s "
                      f"({rows / secs:,.0f} rows/s); memory {base / 2**20:.0f} MiB before, "
                      f"peak {rss.peak / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
