"""How well N workers can share 300 BBC articles: per-document CPU cost, measured, then the
local runner's schedule replayed on N idle workers.

    python -m bench.scaling --shared ../shared [--limit 300] [--workers 2]

On a shared machine the wall-clock speed-up of 2 workers says more about the neighbours
than about the runner. CPU time does not: each article is cleaned and annotated alone in
this process and its CPU seconds (``time.process_time``) taken; then the tasks the runner
makes are handed, in input order, to whichever of N workers is free first (as
``Pool.imap`` does), with whole batches (``[run] batch_size``, the old runner) and with
the parts the runner now makes (``runners.local.part_size``). Printed: the makespan and
the speed-up bound (total CPU / makespan) of each. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import heapq
import sys
import time
from pathlib import Path

from bench.extract import bbc_files


def costs(files: list[Path]) -> list[float]:
    """CPU seconds to clean and annotate each file (its batch context counted apart)."""
    from newsgraph import config
    from newsgraph.clean import BatchContext
    from newsgraph.ingest import read_paths
    from newsgraph.runners import local

    cfg = config.load()
    local._init(cfg)
    raws = list(read_paths([str(f) for f in files], cfg))
    out = []
    size = cfg["run"]["batch_size"]
    for i in range(0, len(raws), size):
        batch = raws[i:i + size]
        ctx = BatchContext.from_raws(batch, cfg)
        for r in batch:
            t0 = time.process_time()
            local._work([r], ctx)
            out.append(time.process_time() - t0)
    return out


def makespan(tasks: list[float], workers: int) -> float:
    """Tasks taken in order by the first free worker (``imap``, chunksize 1)."""
    free = [0.0] * workers
    heapq.heapify(free)
    end = 0.0
    for t in tasks:
        start = heapq.heappop(free)
        end = max(end, start + t)
        heapq.heappush(free, start + t)
    return end


def schedules(cost: list[float], batch: int, workers: int) -> dict[str, list[float]]:
    from newsgraph.runners.local import part_size
    whole = [sum(cost[i:i + batch]) for i in range(0, len(cost), batch)]
    parts = []
    starts = list(range(0, len(cost), batch))
    for k, i in enumerate(starts):
        b = cost[i:i + batch]
        step = part_size(len(b), workers, last=k == len(starts) - 1)
        parts += [sum(b[j:j + step]) for j in range(0, len(b), step)]
    return {"whole batches (before)": whole, "parts (now)": parts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scaling")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[2])
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)
    files = bbc_files(Path(args.shared), args.limit)
    if not files:
        print("Error: no BBC files under --shared", file=sys.stderr)
        return 1
    cost = costs(files)
    total = sum(cost)
    print(f"bench.scaling: {len(cost)} BBC articles, CPU {total:.1f} s in all, "
          f"{total / len(cost) * 1000:.0f} ms per article (max {max(cost) * 1000:.0f} ms)")
    for n in args.workers:
        for name, tasks in schedules(cost, args.batch_size, n).items():
            span = makespan(tasks, n)
            print(f"  workers={n}, {name}: {len(tasks)} tasks, makespan {span:.1f} s, "
                  f"speed-up bound {total / span:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
