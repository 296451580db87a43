"""Cross-document actor registry at scale: adds per second, and an ingest's start-up cost.

    python -m bench.registry [--sizes 20000,50000] [--store-actors 15000]

1. ``ActorRegistry.add`` of N synthetic persons (Zipf-distributed first names and surnames,
   so common names collide as they do in news: full names, first name + surname, bare
   surnames, initials, a few countries); adds/s overall and for the last tenth (a registry
   that slows as it grows shows it there).
2. A store holding about ``--store-actors`` person actors (written through the store, no
   spaCy), then what the registry costs an ingest: restoring every stored person up front
   (``ActorLinker(lazy=False)``) against loading, per batch, only the stored persons that
   share a name word with the batch's (the default).

Figures, never assertions. ``--shared`` is accepted (and ignored) for ``python -m bench``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path


def _zipf_pool(prefix: str, n: int) -> tuple[list[str], list[float]]:
    """Names and their cumulative Zipf weights (a few very common, a long tail)."""
    names = [f"{prefix}{i:05d}" for i in range(n)]
    return names, list(itertools.accumulate(1.0 / (i + 1) for i in range(n)))


def synthetic_persons(n: int, seed: int = 7) -> list[tuple[str, str | None]]:
    """(name, country) pairs: 40% full names, 30% first name + surname, 15% with an
    initial, 15% bare surnames; a fifth without a country."""
    rnd = random.Random(seed)
    firsts, fw = _zipf_pool("First", 400)
    lasts, lw = _zipf_pool("Last", max(1000, n // 4))
    countries = ["USA", "GBR", "FRA", "DEU", "CHN", "KOR", "JPN", "IND", "RUS", "BRA"]
    out: list[tuple[str, str | None]] = []
    for _ in range(n):
        f = rnd.choices(firsts, cum_weights=fw)[0]
        m = rnd.choices(firsts, cum_weights=fw)[0]
        last = rnd.choices(lasts, cum_weights=lw)[0]
        r = rnd.random()
        if r < 0.40:
            name = f"{f} {m} {last}"
        elif r < 0.70:
            name = f"{f} {last}"
        elif r < 0.85:
            name = f"{f[0]}. {last}"
        else:
            name = last
        out.append((name, None if rnd.random() < 0.2 else rnd.choice(countries)))
    return out


def bench_adds(n: int) -> None:
    from newsgraph.link.registry import ActorRegistry
    from newsgraph.model import Entity
    persons = synthetic_persons(n)
    reg = ActorRegistry()
    tail_from = n - n // 10
    t0 = time.perf_counter()
    t_tail = t0
    for i, (name, country) in enumerate(persons):
        if i == tail_from:
            t_tail = time.perf_counter()
        reg.add(Entity("e1", name, "PERSON", country), f"d{i // 20}", None)
    end = time.perf_counter()
    print(f"  {n:6d} persons -> {len(reg):6d} actors: {n / (end - t0):8.0f} adds/s "
          f"({end - t0:.2f} s; last tenth {(n - tail_from) / (end - t_tail):8.0f} adds/s)")


def build_store(path: Path, n_actors: int) -> int:
    """Write synthetic documents whose person entities make about ``n_actors`` actors."""
    from newsgraph.link.dedup import Dedup
    from newsgraph.model import Annotated, Article, Entity, doc_id_for
    from newsgraph.store import open_store
    from newsgraph.store import read
    from newsgraph.link import write_batch

    persons = synthetic_persons(int(n_actors * 1.6), seed=11)
    dedup = Dedup()
    per_doc = 40
    with open_store(path) as st:
        batch: list[Annotated] = []
        for d in range(0, len(persons), per_doc):
            text = f"Synthetic report {d}: " + " ".join(
                n for n, _ in persons[d:d + per_doc]) + "."
            art = Article(doc_id=doc_id_for(text), source=f"mem/{d}.txt", text=text,
                          raw=text.encode(), published=f"2024-{d % 12 + 1:02d}-01")
            ents = tuple(Entity(f"e{i}", n, "PERSON", c)
                         for i, (n, c) in enumerate(persons[d:d + per_doc]))
            batch.append(Annotated(article=art, entities=ents))
            if len(batch) == 50:
                write_batch(st, batch, dedup)
                batch = []
        if batch:
            write_batch(st, batch, dedup)
        return int(read.stats(st.conn)["actors"])


def bench_startup(n_actors: int) -> None:
    from newsgraph.model import Entity
    from newsgraph.store import open_store
    from newsgraph.link.actors import ActorLinker
    # a batch's worth of persons (64 documents of ~8), drawn like the stored ones
    batch = [Entity(f"e{i}", n, "PERSON", c)
             for i, (n, c) in enumerate(synthetic_persons(512, seed=23))]
    with tempfile.TemporaryDirectory(prefix="bench-registry-") as tmp:
        db = Path(tmp) / "r.db"
        t = time.perf_counter()
        have = build_store(db, n_actors)
        built = time.perf_counter() - t
        with open_store(db) as st:
            t = time.perf_counter()
            eager = ActorLinker(st.conn, lazy=False)
            t_eager = time.perf_counter() - t
            t = time.perf_counter()
            lazy = ActorLinker(st.conn)
            lazy.prepare(st.conn, batch)
            t_lazy = time.perf_counter() - t
            t = time.perf_counter()
            lazy.prepare(st.conn, [Entity("e", n, "PERSON", c)
                                   for n, c in synthetic_persons(512, seed=29)])
            t_next = time.perf_counter() - t
        print(f"  store with {have} person actors (built in {built:.1f} s)")
        print(f"    restore every stored person up front: {t_eager:.2f} s "
              f"({len(eager.registry)} persons)")
        print(f"    lazy: first batch of {len(batch)} persons loads {len(lazy.registry)} in "
              f"{t_lazy * 1000:.0f} ms; the next batch {t_next * 1000:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.registry")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--sizes", default="20000,50000")
    ap.add_argument("--store-actors", type=int, default=15000,
                    help="person actors in the start-up store (0 skips that part)")
    args = ap.parse_args(argv)
    print("bench.registry: ActorRegistry.add of synthetic persons")
    for n in (int(x) for x in args.sizes.split(",") if x.strip()):
        bench_adds(n)
    if args.store_actors:
        print("bench.registry: ingest start-up (open the store, seed the registry)")
        bench_startup(args.store_actors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
