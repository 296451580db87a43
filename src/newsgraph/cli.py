"""The ``newsgraph`` command: a thin layer over ``api`` and ``query``.

Every command is a small function that parses nothing itself; errors are translated once,
in ``main``: ``Error: <message>`` on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable, Sequence

from . import __version__
from . import config as config_mod
from .errors import NewsgraphError

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def deco(fn: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = fn
        return fn
    return deco


def _cfg(args: argparse.Namespace) -> dict[str, Any]:
    return config_mod.load({
        "store": {"db": getattr(args, "db", None)},
        "run": {"workers": getattr(args, "workers", None)},
        "nlp": {"model": getattr(args, "model", None)},
    })


def _date(s: str) -> str:
    import datetime as dt
    try:
        return dt.date.fromisoformat(s).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is not a date (YYYY-MM-DD)")


# ------------------------------------------------------------------------------ extract
@command("extract")
def cmd_extract(args: argparse.Namespace) -> int:
    from .api import extract

    cfg = _cfg(args)
    n_ok = n_err = 0
    out = sys.stdout
    for rec in extract(args.paths, published=args.published, cfg=cfg, workers=args.workers):
        if rec.get("error"):
            n_err += 1
            print(f"warning: {rec['source']}: {rec['error']}", file=sys.stderr)
        else:
            n_ok += 1
        out.write(json.dumps(rec, ensure_ascii=False, indent=2 if args.pretty else None) + "\n")
        out.flush()
    print(f"extract: {n_ok} documents, {n_err} errors", file=sys.stderr)
    if n_ok == 0 and n_err > 0:
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsgraph",
        description="Turn raw news into a cited knowledge base of actors, quotes and events.")
    p.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp: argparse.ArgumentParser, db: bool = True) -> None:
        if db:
            sp.add_argument("--db", help="SQLite store (default: $NEWSGRAPH_DB or newsgraph.db)")

    sp = sub.add_parser("extract", help="print one JSON object per document (no database)",
                        description="Read documents (files, folders, - for stdin; text, HTML, "
                        "JSONL, WARC, gzip) and print one JSON Lines record per document.")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--published", type=_date, help="date for documents that carry none")
    sp.add_argument("--json", action="store_true", help="JSON Lines output (the default)")
    sp.add_argument("--pretty", action="store_true", help="indent each record")
    sp.add_argument("--workers", type=int, help="processes for the per-document stages")
    sp.add_argument("--model", help="installed spaCy pipeline to use")

    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except NewsgraphError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
