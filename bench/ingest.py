"""``newsgraph ingest`` of ../shared/corpus/bbc into a temporary store.

    python -m bench.ingest --shared ../shared [--limit N] [--workers N]

Prints documents/s, what was stored (with the syndicated copies found), the store's size and
the peak RSS of the whole process tree (psutil samples every 50 ms, plus getrusage of this
process and its reaped children). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench._rss import PeakRSS
from bench.extract import bbc_files

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ingest")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--limit", type=int, default=None,
                    help="ingest a folder of the first N BBC files instead of all")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args(argv)
    corpus = Path(args.shared) / "corpus" / "bbc"
    if not corpus.is_dir():
        print(f"Error: {corpus} not found", file=sys.stderr)
        return 1

    from newsgraph import api, config
    from newsgraph.store import open_store
    from newsgraph.store import read

    cfg = config.load({"run": {"workers": args.workers}})
    store_s = [0.0]
    inner = api._store_batch

    def timed(*a, **kw):   # the store's share of the wall time (dedup, inserts, actors)
        t = time.perf_counter()
        try:
            return inner(*a, **kw)
        finally:
            store_s[0] += time.perf_counter() - t

    api._store_batch = timed
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        paths = [str(corpus)]
        if args.limit:
            link_dir = Path(tmp) / "corpus"
            link_dir.mkdir()
            for i, f in enumerate(bbc_files(Path(args.shared), args.limit)):
                (link_dir / f"{i:05d}_{f.name}").write_bytes(f.read_bytes())
            paths = [str(link_dir)]
        db = Path(tmp) / "bench.db"
        with PeakRSS() as rss:
            t0 = time.perf_counter()
            rep = api.ingest(paths, db=str(db), cfg=cfg, workers=args.workers)
            wall = time.perf_counter() - t0
        with open_store(db, create=False) as st:
            s = read.stats(st.conn)
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
    ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    ru_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    mib = 2 ** 20
    print(f"bench.ingest: {corpus} ({rep.read} documents read), workers={args.workers}, "
          f"batch {cfg['run']['batch_size']}, cpus {os.cpu_count()}")
    print(f"  {rep.read / wall:7.1f} documents/s  ({wall:.1f} s wall, model load included)")
    print(f"  storing (dedup, inserts, actor linking): {store_s[0]:.1f} s, "
          f"{rep.read / store_s[0] if store_s[0] else 0:.0f} documents/s on its own")
    print(f"  stored {rep.stored}, exact duplicates {rep.exact_duplicates}, near duplicates "
          f"{rep.near_duplicates}, errors {rep.n_errors} {rep.errors or ''}")
    print(f"  store: {s['documents']} documents, {s['entities']} entities, {s['actors']} actors,"
          f" {s['quotes']} quotes, {s['times']} times; {size / mib:.1f} MiB on disk")
    print(f"  peak RSS: {rss.peak / mib:.0f} MiB (process tree, sampled); getrusage max "
          f"self {ru_self / mib:.0f} MiB, largest child {ru_kids / mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
