"""``python -m bench``: run every benchmark module's ``main`` in turn.

    python -m bench --shared ../shared [NAME...] [-- extra args for each module]

Each ``bench/<name>.py`` has ``main(argv) -> int`` and accepts ``--shared``; a benchmark that
breaks is reported and the others still run. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def modules() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)])
                  if not m.name.startswith("_"))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {modules()})")
    args = ap.parse_args(argv)
    names = args.names or modules()
    failed = 0
    for name in names:
        print(f"== bench.{name}", flush=True)
        t0 = time.perf_counter()
        try:
            mod = importlib.import_module(f"bench.{name}")
            rc = mod.main(["--shared", args.shared, *extra])
        except SystemExit as exc:  # argparse inside a module
            rc = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            traceback.print_exc()
            rc = 1
        failed += bool(rc)
        print(f"== bench.{name}: {'ok' if not rc else f'exit {rc}'} "
              f"({time.perf_counter() - t0:.1f}s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
