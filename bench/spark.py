"""``extract --runner spark`` (local mode) against the local runner, same worker count.

    python -m bench.spark --shared ../shared [--limit N] [--workers 2] [--rounds 2]

Each measurement is a fresh ``newsgraph extract`` process, as a user runs it, so start-up is
real: Python imports, the process pool or the JVM and SparkSession, the model in each worker.
Each runner is run on a tiny input (3 articles: the fixed cost) and on the corpus; the
marginal rate ``(N - 3) / (wall(N) - wall(3))`` is the throughput once started, the end-to-end
rate ``N / wall(N)`` includes start-up. Runs are interleaved (local, spark, spark, local, ...)
so that load from other work on the machine falls on both alike; the load average is printed
with each run. Outputs are compared byte for byte (sha256 of the JSON Lines).
CPU seconds of the whole process tree (JVM and Python workers too) are sampled, a figure
that other work on the machine does not inflate. Figures, not assertions (target: spark /
local >= 0.8 at the same worker count).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.extract import bbc_files

TINY = 3


class TreeCPU:
    """CPU seconds (user + system) used by this process and all its descendants, the JVM
    and Spark's Python workers included: each process's last sample, taken every 0.2 s."""

    def __init__(self) -> None:
        import psutil
        self.me = psutil.Process()
        self.seen: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            procs = [self.me, *self.me.children(recursive=True)]
        except Exception:
            return
        for p in procs:
            try:
                t = p.cpu_times()
                self.seen[p.pid] = (p.name(), t.user + t.system)
            except Exception:  # gone meanwhile
                pass

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def __enter__(self) -> "TreeCPU":
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sample()
        self._stop.set()
        self._t.join()

    def by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, cpu in self.seen.values():
            kind = "java" if "java" in name else "python"
            out[kind] = out.get(kind, 0.0) + cpu
        return out


def _child(argv: list[str]) -> int:
    """Run one extract in this process and print what it cost as one JSON line on stderr."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--runner", required=True)
    ap.add_argument("--workers", type=int, required=True)
    ap.add_argument("--list", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    from newsgraph import api, config
    from newsgraph.runners import spark
    files = Path(a.list).read_text().split("\n")
    cfg = config.load({"run": {"workers": a.workers}})
    stats = spark.RunStats()
    runner = a.runner
    if runner == "spark":
        def runner(raws, cfg, workers):  # noqa: F811 - keep the stats
            return spark.run(raws, cfg, workers, master=f"local[{a.workers}]", stats=stats)
    n = 0
    with open(a.out, "w", encoding="utf-8") as out, TreeCPU() as cpu:
        for rec in api.extract([f for f in files if f], cfg=cfg, workers=a.workers,
                               runner=runner):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    info = {"docs": n, "inproc_s": time.perf_counter() - t0, "cpu": cpu.by_kind()}
    if a.runner == "spark":
        info.update(session_s=stats.startup_s, tasks=stats.tasks, waves=stats.waves,
                    loads=[round(s, 2) for _, s in stats.loads])
    print("BENCH " + json.dumps(info), file=sys.stderr)
    return 0


def _measure(runner: str, workers: int, files: list[Path], tmp: Path) -> dict:
    lst = tmp / f"list-{len(files)}.txt"
    lst.write_text("\n".join(map(str, files)))
    out = tmp / f"{runner}-{len(files)}.jsonl"
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "bench.spark", "--child", "--runner", runner,
                        "--workers", str(workers), "--list", str(lst), "--out", str(out)],
                       capture_output=True, text=True, env=env,
                       cwd=Path(__file__).resolve().parent.parent)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{runner} run failed:\n{p.stderr[-3000:]}")
    line = [ln for ln in p.stderr.splitlines() if ln.startswith("BENCH ")][-1]
    info = json.loads(line[6:])
    info.update(wall=wall, load=(load0 + os.getloadavg()[0]) / 2,
                sha=hashlib.sha256(out.read_bytes()).hexdigest())
    return info


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--child" in argv:
        argv.remove("--child")
        return _child(argv)
    ap = argparse.ArgumentParser(prog="python -m bench.spark")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--limit", type=int, default=None, help="first N BBC files (default: all)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("bench.spark: pyspark is not installed (pip install 'newsgraph[spark]'); skipped")
        return 0
    files = bbc_files(Path(args.shared), args.limit)
    if len(files) <= TINY:
        print("Error: no BBC files under --shared", file=sys.stderr)
        return 1
    print(f"bench.spark: {len(files)} BBC articles, workers {args.workers} "
          f"(spark: local[{args.workers}]), cpus {os.cpu_count()}, {args.rounds} rounds")
    runs: dict[tuple[str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for r in range(args.rounds):
            order = ["local", "spark"] if r % 2 == 0 else ["spark", "local"]
            for subset in (files[:TINY], files):
                for runner in order:
                    m = _measure(runner, args.workers, subset, tmp)
                    runs.setdefault((runner, len(subset)), []).append(m)
                    extra = ", cpu " + " + ".join(f"{k} {v:.1f}" for k, v in
                                                  sorted(m["cpu"].items())) + " s"
                    if runner == "spark":
                        extra += (f", session {m['session_s']:.1f} s, {m['tasks']} tasks, "
                                 f"model loads {m['loads']} s")
                    print(f"  round {r + 1} {runner:5} {len(subset):5} docs: "
                          f"{m['wall']:7.1f} s wall (load avg {m['load']:.1f}){extra}",
                          flush=True)
    n = len(files)
    med = {k: statistics.median(m["wall"] for m in v) for k, v in runs.items()}
    same = {runner: {m["sha"] for m in runs[(runner, n)]} for runner in ("local", "spark")}
    identical = len(same["local"]) == 1 and same["local"] == same["spark"]
    rate = {}
    for runner in ("local", "spark"):
        fixed, full = med[(runner, TINY)], med[(runner, n)]
        rate[runner] = ((n - TINY) / (full - fixed), n / full, fixed)
        print(f"  {runner:5}: start-up {fixed:5.1f} s; {rate[runner][0]:6.1f} docs/s once "
              f"started; {rate[runner][1]:6.1f} docs/s end to end (medians)")
    cpu = {r: statistics.median(sum(m["cpu"].values()) for m in runs[(r, n)])
           - statistics.median(sum(m["cpu"].values()) for m in runs[(r, TINY)])
           for r in ("local", "spark")}
    per = {r: 1000 * cpu[r] / (n - TINY) for r in cpu}
    print(f"  CPU per article once started (all processes, medians): local "
          f"{per['local']:.0f} ms, spark {per['spark']:.0f} ms")
    # each round's two corpus runs are adjacent in time, so their ratio is least touched by
    # load that comes and goes; the CPU ratio is not touched by it at all
    pairs = [lo["wall"] / sp["wall"] for lo, sp in zip(runs[("local", n)], runs[("spark", n)])]
    print(f"  spark / local, end to end, round by round: "
          f"{', '.join(f'{p:.2f}' for p in pairs)} (median {statistics.median(pairs):.2f}); "
          f"by CPU per article: {cpu['local'] / cpu['spark']:.2f}")
    print(f"  spark / local: {rate['spark'][0] / rate['local'][0]:.2f} once started, "
          f"{rate['spark'][1] / rate['local'][1]:.2f} end to end, medians of all rounds "
          f"(target >= 0.8); "
          f"extra start-up {rate['spark'][2] - rate['local'][2]:.1f} s")
    print(f"  output: {'byte-identical' if identical else 'DIFFERENT'} "
          f"({n} articles, every run)")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
