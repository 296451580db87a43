"""``python -m eval``: run every stage's evaluation and print one table of figures.

Each module ``eval/<stage>.py`` has ``run(shared: Path) -> list[dict]``; a row is
``{"stage", "set", "metric", "value", "target" (optional), "note" (optional)}``. The exit status
is 0; targets missed are marked, not hidden.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

STAGES = ["clean", "title_date", "dedup", "gazetteer", "actors", "quotes", "times", "undated",
          "events", "seeds"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("stages", nargs="*", default=STAGES)
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not shared.is_dir():
        print(f"Error: {shared} not found (the gold sets live there)", file=sys.stderr)
        return 1
    rows: list[dict] = []
    for name in args.stages:
        t0 = time.perf_counter()
        try:
            mod = importlib.import_module(f"eval.{name}")
        except ModuleNotFoundError:
            print(f"[{name}] no evaluation yet", file=sys.stderr)
            continue
        try:
            got = mod.run(shared)
        except Exception:  # an evaluation that breaks is reported, the others still run
            traceback.print_exc()
            rows.append({"stage": name, "set": "-", "metric": "FAILED", "value": float("nan")})
            continue
        print(f"[{name}] {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        rows.extend(got)
    print(f"{'stage':<8} {'set':<28} {'metric':<28} {'value':>8}  target")
    for r in rows:
        v = r["value"]
        val = f"{v:8.3f}" if isinstance(v, float) else f"{v!s:>8}"
        tgt = r.get("target")
        mark = ""
        if tgt is not None and isinstance(v, (int, float)):
            mark = f">= {tgt}  " + ("ok" if v >= tgt else "MISSED")
        note = f"  ({r['note']})" if r.get("note") else ""
        print(f"{r['stage']:<8} {r['set']:<28} {r['metric']:<28} {val}  {mark}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
