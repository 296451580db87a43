"""``ingest --runner spark`` against the local runner: time, and the same store contents.

    python -m bench.spark_ingest --shared ../shared [--limit N] [--workers 2]

Ingests the BBC corpus twice into fresh stores, with the local runner (``--workers N``) and
with Spark (``local[N]``), each in a fresh process, and compares every table of the two
stores (``tests/runners/store_dump.py``: generic over tables, wall-clock columns left out).
Prints the wall time of each and the differences (none is the target).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.spark_ingest")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--limit", type=int, default=None, help="first N BBC files (default: all)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("bench.spark_ingest: pyspark is not installed (pip install 'newsgraph[spark]'); "
              "skipped")
        return 0
    from bench.extract import bbc_files
    sys.path.insert(0, str(ROOT / "tests" / "runners"))
    from store_dump import differences, dump

    files = bbc_files(Path(args.shared), args.limit)
    if not files:
        print("Error: no BBC files under --shared", file=sys.stderr)
        return 1
    print(f"bench.spark_ingest: {len(files)} BBC articles, workers {args.workers}")
    exe = Path(sys.executable).with_name("newsgraph")
    with tempfile.TemporaryDirectory() as d:
        lst = Path(d) / "files.txt"
        lst.write_text("\n".join(map(str, files)))
        dbs = {}
        for runner in ("local", "spark"):
            db = str(Path(d) / f"{runner}.db")
            cmd = [str(exe), "ingest", "--db", db, "--workers", str(args.workers), "--json"]
            if runner == "spark":
                cmd += ["--runner", "spark", "--master", f"local[{args.workers}]"]
            cmd += [str(f) for f in files]
            t0 = time.perf_counter()
            p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                               env=dict(os.environ, OMP_NUM_THREADS="1"))
            wall = time.perf_counter() - t0
            if p.returncode != 0:
                print(f"Error: {runner} ingest failed:\n{p.stderr[-2000:]}", file=sys.stderr)
                return 1
            dbs[runner] = db
            print(f"  {runner:5}: {wall:6.1f} s wall, {len(files) / wall:5.1f} docs/s "
                  f"(load avg {os.getloadavg()[0]:.1f})", flush=True)
        diffs = differences(dbs["local"], dbs["spark"])
        sizes = {t: len(rows) for t, rows in dump(dbs["local"]).items() if rows}
        print(f"  tables compared: {', '.join(f'{t} {n}' for t, n in sorted(sizes.items()))}")
        print("  stores: " + ("the same contents" if not diffs else
                              "DIFFERENT:\n    " + "\n    ".join(diffs)))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
