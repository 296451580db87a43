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
from .model import QUAD_CLASSES

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
    from .ingest.names import printable

    cfg = _cfg(args)
    n_ok = n_err = 0
    out = sys.stdout
    if args.out:
        return _extract_parquet(args, cfg)
    for rec in extract(args.paths, published=args.published, cfg=cfg, workers=args.workers,
                       runner=args.runner, master=args.master):
        if rec.get("error"):
            n_err += 1
            print(printable(f"warning: {rec['source']}: {rec['error']}"), file=sys.stderr)
        else:
            n_ok += 1
        for w in rec.get("warnings") or ():
            print(printable(f"warning: {rec['source']}: {w['code']}: {w['message']}"),
                  file=sys.stderr)
        # printable: a lone surrogate (a name that is not UTF-8) would make the line invalid
        out.write(printable(json.dumps(rec, ensure_ascii=False,
                                       indent=2 if args.pretty else None)) + "\n")
        out.flush()
    print(f"extract: {n_ok} documents, {n_err} errors", file=sys.stderr)
    if n_ok == 0 and n_err > 0:
        return 1
    return 0


def _extract_parquet(args: argparse.Namespace, cfg: dict[str, Any]) -> int:
    from .api import extract_parquet
    from .errors import ConfigError

    if args.runner != "spark":
        raise ConfigError("--out is for --runner spark")
    rep = extract_parquet(args.paths, args.out, published=args.published, cfg=cfg,
                          workers=args.workers, master=args.master)
    print(f"extract: {rep.documents - rep.errors} documents, {rep.errors} errors, "
          f"{rep.warnings} warnings; Parquet in {rep.out}", file=sys.stderr)
    return 1 if rep.documents and rep.documents == rep.errors else 0


def _runner_flags(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--runner", choices=("local", "spark"), default="local",
                    help="where the per-document stages run (spark: pip install "
                    "'newsgraph[spark]')")
    sp.add_argument("--master", help="Spark master URL, e.g. local[2] or spark://host:7077 "
                    "(default: local[--workers], or spark-submit's)")
    sp.add_argument("--out", metavar="DIR", help="Spark: executors write the results to this "
                    "Parquet folder (extract prints nothing; ingest stores from it)")


# ------------------------------------------------------------------------------ store commands
def _console(stderr: bool = False) -> Any:
    from rich.console import Console
    # created per call, on the current sys.stdout/err, so redirection and tests see it;
    # piped output gets room (no terminal width to respect, and grep wants whole lines)
    f = sys.stderr if stderr else sys.stdout
    tty = f.isatty()
    return Console(file=f, highlight=False, width=None if tty else 160)


def _store(args: argparse.Namespace) -> Any:
    from .store import open_store
    return open_store(_cfg(args)["store"]["db"], create=False)


def _json_out(obj: Any) -> int:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")
    return 0


def _progress_counts(report: Any) -> str:
    """The closing table's counts, in its words: the progress line and the table agree."""
    dups = report.exact_duplicates + report.near_duplicates
    return (f"{report.read} read: {report.stored} stored, {dups} duplicates, "
            f"{report.unchanged} already stored, {report.n_errors} errors")


class _Progress:
    """The ingest's counts so far and documents/s on stderr: a live bar on a terminal, else
    a line every few seconds (logs stay readable). Counted as the closing table counts:
    documents read, and what became of them."""

    def __init__(self) -> None:
        import time
        self._time = time.monotonic
        self._last = 0.0
        self._bar: Any = None
        if sys.stderr.isatty():
            from rich.progress import (BarColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn)
            self._bar = Progress(SpinnerColumn(), TextColumn("ingest"), BarColumn(),
                                 TextColumn("{task.fields[counts]}"),
                                 TextColumn("{task.fields[rate]:.1f} docs/s"),
                                 TimeElapsedColumn(), console=_console(stderr=True),
                                 transient=True)
            self._task = self._bar.add_task("ingest", total=None, rate=0.0, counts="0 read")

    def __enter__(self) -> "_Progress":
        if self._bar:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar:
            self._bar.stop()

    def __call__(self, report: Any) -> None:
        if self._bar:
            self._bar.update(self._task, completed=report.read, rate=report.docs_per_s,
                             counts=_progress_counts(report))
        elif self._time() - self._last >= 5:
            self._last = self._time()
            print(f"ingest: {_progress_counts(report)}, {report.docs_per_s:.1f} docs/s",
                  file=sys.stderr, flush=True)


@command("ingest")
def cmd_ingest(args: argparse.Namespace) -> int:
    from rich.table import Table

    from .api import ingest

    cfg = _cfg(args)
    with _Progress() as progress:
        rep = ingest(args.paths, db=cfg["store"]["db"], published=args.published, cfg=cfg,
                     workers=args.workers, progress=progress, runner=args.runner,
                     master=args.master, out=args.out)
    if args.json:
        _json_out(rep.to_dict())
    else:
        t = Table(title=f"ingest into {rep.db}", show_header=False, title_justify="left")
        t.add_column("what")
        t.add_column("documents", justify="right")
        t.add_row("read", str(rep.read))
        t.add_row("stored (new)", str(rep.stored))
        t.add_row("duplicates: exact", str(rep.exact_duplicates))
        t.add_row("duplicates: near (syndicated copies)", str(rep.near_duplicates))
        t.add_row("already stored (same source)", str(rep.unchanged))
        t.add_row("  skipped before annotation", str(rep.skipped))
        t.add_row("errors", str(rep.n_errors))
        for reason, n in sorted(rep.errors.items(), key=lambda kv: (-kv[1], kv[0])):
            t.add_row(f"  {reason}", str(n))
        t.add_row("warnings (stored documents)", str(sum(rep.warnings.values())))
        for code, n in sorted(rep.warnings.items(), key=lambda kv: (-kv[1], kv[0])):
            t.add_row(f"  {code}", str(n))
        t.add_row("time", f"{rep.seconds:.1f} s ({rep.docs_per_s:.1f} docs/s)")
        _console().print(t)
    if rep.read == 0:
        print("warning: no documents found", file=sys.stderr)
    return 1 if rep.nothing_read else 0


@command("docs")
def cmd_docs(args: argparse.Namespace) -> int:
    from rich.table import Table

    from . import query
    with _store(args) as st:
        rows = query.docs(st, args.limit, args.after, offset=args.offset)
    if args.json:
        return _json_out(rows)
    t = Table("published", "title", "sources", "entities", "quotes", "chars")
    t.columns.insert(0, _id_column())
    for r in rows:
        t.add_row(r["doc_id"], r["published"] or "-", _cut(r["title"] or r["source"], 70),
                  str(r["n_sources"]), str(r["n_entities"]), str(r["n_quotes"]),
                  str(r["chars"]))
    _console().print(t)
    _next_page(rows, args.limit)
    if not rows:
        print("(no documents)", file=sys.stderr)
    return 0


def _next_page(rows: list[dict[str, Any]], limit: int) -> None:
    """Where the next page starts (lists page by key: ``--after CURSOR``)."""
    from rich.text import Text
    if rows and len(rows) == limit and rows[-1].get("cursor"):
        _console().print(Text(f"next page: --after {rows[-1]['cursor']}", style="dim"))


def _id_column() -> Any:
    from rich.table import Column
    # ids are what users copy into `show`: never wrap or shorten them
    return Column("doc_id", no_wrap=True, min_width=16)


def _cut(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


ENTITY_STYLES = {"PERSON": "bold cyan", "COUNTRY": "bold green", "ORG": "bold magenta",
                 "LOCATION": "bold yellow", "GROUP": "bold blue"}
QUOTE_STYLE = "italic on grey23"
TIME_STYLE = "bold red underline"
TRIGGER_STYLE = "bold reverse"
EVENT_SIDE_STYLE = {"source": "underline", "target": "underline2"}


def _highlighted(ann: Any) -> Any:
    from rich.text import Text

    text = ann.article.text
    out = Text(text)
    n = len(text)
    ok = lambda s, e: 0 <= s < e <= n  # noqa: E731  (an annotator bug must not crash show)
    for q in ann.quotes:
        if ok(q.start, q.end):
            out.stylize(QUOTE_STYLE, q.start, q.end)
    for e in ann.entities:
        for m in e.mentions:
            if ok(m.start, m.end):
                out.stylize(ENTITY_STYLES.get(e.type, "bold"), m.start, m.end)
    for t in ann.times:
        if ok(t.start, t.end):
            out.stylize(TIME_STYLE, t.start, t.end)
    for v in ann.events:
        for side in ("source", "target"):
            a = getattr(v, side)
            if a is not None and a.mention is not None and ok(a.mention.start, a.mention.end):
                out.stylize(EVENT_SIDE_STYLE[side], a.mention.start, a.mention.end)
        if v.trigger is not None and ok(v.trigger.start, v.trigger.end):
            out.stylize(TRIGGER_STYLE, v.trigger.start, v.trigger.end)
    return out


def _side(a: Any) -> str:
    if a is None:
        return "-"
    who = a.name or "?"
    if a.country and a.country != a.name:
        who += f" ({a.country})"
    if a.mention is not None and a.mention.text and a.mention.text != a.name:
        who += f" {a.mention.text!r}"
    return who


@command("show")
def cmd_show(args: argparse.Namespace) -> int:
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    from . import query
    with _store(args) as st:
        res = query.document(st, args.doc)
    meta, ann = res["document"], res["annotated"]
    if args.json:
        rec = ann.to_contract()
        rec["sources"] = res["sources"]
        rec["ingested_at"] = meta["ingested_at"]
        rec["actors"] = res["actors"]
        return _json_out(rec)
    con = _console()
    con.print(Text(meta["title"] or "(no title)", style="bold"))
    info = Table.grid(padding=(0, 2))
    info.add_column(style="dim")
    info.add_column()
    for k in ("doc_id", "published", "published_source", "published_not_before", "language",
              "source", "url", "author", "media_type", "ingested_at"):
        if meta.get(k):
            info.add_row(k, str(meta[k]))
    info.add_row("size", f"{len(meta['text'])} chars cleaned, {meta['raw_size'] or 0} bytes raw")
    if meta["skipped"]:
        info.add_row("skipped", "; ".join(meta["skipped"]))
    con.print(info)
    if ann.entities or ann.quotes or ann.times or ann.events:
        legend = Text("key: ")
        for typ, style in ENTITY_STYLES.items():
            legend.append(typ.lower(), style=style).append(" ")
        legend.append("quote", style=QUOTE_STYLE).append(" ")
        legend.append("time", style=TIME_STYLE).append(" ")
        legend.append("event", style=TRIGGER_STYLE).append(" ")
        legend.append("source", style=EVENT_SIDE_STYLE["source"]).append(" ")
        legend.append("target", style=EVENT_SIDE_STYLE["target"])
        con.print(legend)
    con.print(Rule())
    con.print(_highlighted(ann))
    con.print(Rule())
    if ann.entities:
        t = Table("id", "name", "type", "country", "roles", "mentions", title="entities",
                  title_justify="left")
        for e in ann.entities:
            roles = "; ".join(" ".join(x for x in (r.qualifier, r.title,
                                                   f"of {r.of}" if r.of else None,
                                                   f"({r.as_of})" if r.as_of else None,
                                                   "(from dictionary)"
                                                   if r.source == "dictionary" else None) if x)
                              for r in e.roles)
            t.add_row(e.id, Text(e.name, style=ENTITY_STYLES.get(e.type, "")), e.type,
                      e.country or "", roles, str(len(e.mentions)))
        con.print(t)
    if ann.quotes:
        t = Table("kind", "speaker", "cue", "quote", title="quotes", title_justify="left")
        for q in ann.quotes:
            who = q.speaker.name or "?"
            if q.speaker.mention and q.speaker.mention.text != who:
                who += f" ({q.speaker.mention.text!r})"
            t.add_row(q.kind, who, q.cue or "", _cut(q.text, 100))
        con.print(t)
    if ann.times:
        t = Table("text", "value", "kind", "mod", title="times", title_justify="left")
        for x in ann.times:
            t.add_row(x.text, x.value, x.kind, x.mod or "")
        con.print(t)
    if ann.events:
        t = Table("id", "trigger", "CAMEO", "PLOVER", "source", "target", "date", "modality",
                  "where", "conf", title="events", title_justify="left")
        for v in ann.events:
            t.add_row(v.id, Text(v.trigger.text if v.trigger else "", style=TRIGGER_STYLE),
                      f"{v.cameo} {_cut(v.label, 40)}",
                      " ".join(x for x in (v.plover, v.plover_mode) if x) or "-",
                      _side(v.source), _side(v.target),
                      (v.date or "-") + (f" ({v.date_source})" if v.date_source else ""),
                      v.modality, v.location or "", f"{v.confidence:.2f}")
        con.print(t)
    if res["sources"]:
        t = Table("source", "kind", "similarity", "first seen", title="sources",
                  title_justify="left")
        for s in res["sources"]:
            sim = f"{s['similarity']:.2f}" if s["similarity"] is not None else ""
            t.add_row(s["source"], s["kind"], sim, s["first_seen"])
        con.print(t)
    if meta["removed"]:
        con.print(Text(f"removed ({len(meta['removed'])}):", style="bold"))
        for line in meta["removed"]:
            con.print(Text("  - " + _cut(line, 150), style="dim"))
    return 0


@command("search")
def cmd_search(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from . import query
    with _store(args) as st:
        rows = query.search(st, args.query, args.limit, args.after)
    if args.json:
        return _json_out(rows)
    if not rows:
        print(f"no documents match {args.query!r}", file=sys.stderr)
        return 0
    t = Table("published", "title", "snippet")
    t.columns.insert(0, _id_column())
    for r in rows:
        snip = Text()
        # snippet() marks hits with [ ]; show them in bold instead
        for i, part in enumerate(" ".join(r["snippet"].split()).replace("]", "[").split("[")):
            snip.append(part, style="bold yellow" if i % 2 else "")
        t.add_row(r["doc_id"], r["published"] or "-", _cut(r["title"] or r["source"], 50), snip)
    _console().print(t)
    _next_page(rows, args.limit)
    return 0


@command("stats")
def cmd_stats(args: argparse.Namespace) -> int:
    from rich.table import Table

    from . import query
    with _store(args) as st:
        s = query.stats(st)
    if args.json:
        return _json_out(s)
    t = Table(show_header=False, title=f"store {s['db']}", title_justify="left")
    t.add_column("what", style="dim")
    t.add_column("value", justify="right")
    rows = [
        ("documents", s["documents"]), ("sources", s["sources"]),
        ("  exact duplicates", s["exact_duplicates"]),
        ("  near duplicates", s["near_duplicates"]),
        ("published", f"{s['published_first'] or '-'} .. {s['published_last'] or '-'}"),
        ("undated", s["undated"]),
        ("languages", ", ".join(f"{k} {v}" for k, v in s["languages"].items()) or "-"),
        ("errors", s["errors"]),
    ]
    rows += [(f"  {k}", v) for k, v in s["errors_by_reason"].items()]
    rows += [
        ("sentences", s["sentences"]), ("entities", s["entities"]),
        ("mentions", s["mentions"]), ("actors", s["actors"]),
    ]
    rows += [(f"  {k}", v) for k, v in s["actors_by_type"].items()]
    rows += [
        ("quotes", s["quotes"]), ("times", s["times"]), ("events", s["events"]),
    ]
    rows += [(f"  {QUAD_CLASSES.get(int(k), k)}", v)
             for k, v in s.get("events_by_quad", {}).items()]
    rows += [
        ("warnings", s["warnings"]),
    ]
    rows += [(f"  {k}", v) for k, v in s["warnings_by_code"].items()]
    rows += [
        ("text", f"{s['characters']:,} chars"),
        ("raw", f"{s['raw_bytes']:,} bytes ({s['raw_stored_bytes']:,} compressed)"),
        ("file", f"{s['file_bytes']:,} bytes" if s["file_bytes"] is not None else "-"),
        ("ingest runs", s["ingest_runs"]), ("last ingest", s["last_ingest"] or "-"),
        ("schema version", s["schema_version"]),
    ]
    for k, v in rows:
        t.add_row(k, str(v))
    _console().print(t)
    return 0


@command("actors")
def cmd_actors(args: argparse.Namespace) -> int:
    from rich.table import Table

    from . import query
    with _store(args) as st:
        rows = query.actors(st, args.type, args.limit, args.after)
    if args.json:
        return _json_out(rows)
    t = Table("name", "type", "country", "documents", "mentions", "quotes", "first seen",
              "last seen")
    for r in rows:
        t.add_row(r["name"], r["type"], r["country"] or "", str(r["documents"]),
                  str(r["mentions"]), str(r["quotes"]), r["first_seen"] or "-",
                  r["last_seen"] or "-")
    _console().print(t)
    _next_page(rows, args.limit)
    if not rows:
        print("(no actors)", file=sys.stderr)
    return 0


@command("actor")
def cmd_actor(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from . import query
    with _store(args) as st:
        res = query.actor(st, args.name, quotes_limit=args.limit, docs_limit=args.limit)
    if args.json:
        return _json_out(res)
    a = res["actor"]
    con = _console()
    head = Text(a["name"], style=ENTITY_STYLES.get(a["type"], "bold"))
    head.append(f"  {a['type']}" + (f", {a['country']}" if a["country"] else ""), style="dim")
    con.print(head)
    con.print(f"{a['documents']} documents, {a['mentions']} mentions, {a['quotes']} quotes; "
              f"seen {a['first_seen'] or '?'} .. {a['last_seen'] or '?'}")
    if not res["exact"]:
        con.print(Text(f"(closest match for {args.name!r})", style="dim"))
    if len(res["names"]) > 1:
        con.print("also called: " + ", ".join(n["name"] for n in res["names"]
                                              if n["name"] != a["name"]))
    if res["roles"]:
        t = Table("role", "of", "first seen", "last seen", "documents", title="roles over time",
                  title_justify="left")
        for r in res["roles"]:
            role = " ".join(x for x in (r["qualifier"], r["title"]) if x)
            if r.get("source") == "dictionary":
                # world knowledge about the person, not something a document said
                role += " (from dictionary)"
            t.add_row(role, r["of"] or "",
                      r["first_seen"] or "-", r["last_seen"] or "-", str(r["count"]))
        con.print(t)
    if res["quotes"]:
        _quote_table(con, res["quotes"], "quotes")
    if res["documents"]:
        t = Table("doc_id", "published", "title", "mentions", title="documents",
                  title_justify="left")
        for d in res["documents"]:
            t.add_row(d["doc_id"], d["published"] or "-", _cut(d["title"], 70),
                      str(d["mentions"]))
        con.print(t)
    if res["others"]:
        con.print(Text("other matches: " + ", ".join(
            f"{o['name']} ({o['type']})" for o in res["others"]), style="dim"))
    return 0


def _quote_table(con: Any, rows: list[dict[str, Any]], title: str | None = None) -> None:
    from rich.table import Table
    t = Table("published", "speaker", "cue", "quote", "doc_id", title=title,
              title_justify="left")
    for q in rows:
        t.add_row(q["published"] or "-", q["speaker"] or "?", q["cue"] or "",
                  _cut(q["text"], 120), q["doc_id"])
    con.print(t)


@command("events")
def cmd_events(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from . import query
    with _store(args) as st:
        rows = query.events(st, actor=args.actor, pair=tuple(args.pair) if args.pair else None,
                            since=args.since, until=args.until, cameo=args.cameo, quad=args.quad,
                            limit=args.limit, after=args.after)
        undated = query.events_left_out_undated(
            st, actor=args.actor, pair=tuple(args.pair) if args.pair else None,
            cameo=args.cameo, quad=args.quad, since=args.since, until=args.until)
    if undated:
        print(f"left out: {undated} matching events with no date (nothing to compare with "
              "--since/--until)", file=sys.stderr)
    if args.json:
        return _json_out(rows)
    if not rows:
        print("no events match", file=sys.stderr)
        return 0
    con = _console()
    t = Table("date", "CAMEO", "source", "", "target", "modality", "sentence", _id_column(),
              show_lines=True)
    for r in rows:
        src = r["source_actor_name"] or r["source_name"] or "-"
        tgt = r["target_actor_name"] or r["target_name"] or "-"
        sent = Text(_cut(r["sentence"], 160))
        t.add_row(r["date"] or "-", f"{r['cameo']} {_cut(r['label'], 32)}", src,
                  "→", tgt, r["modality"], sent, f"{r['doc_id']} {r['id']}")
    con.print(t)
    if len(rows) == args.limit:
        con.print(Text(f"next page: --after {rows[-1]['cursor']}", style="dim"))
    return 0


@command("quotes")
def cmd_quotes(args: argparse.Namespace) -> int:
    from . import query
    with _store(args) as st:
        rows = query.quotes(st, speaker=args.speaker, about=args.about, since=args.since,
                            until=args.until, limit=args.limit, after=args.after)
        undated = query.quotes_left_out_undated(st, speaker=args.speaker, about=args.about,
                                                since=args.since, until=args.until)
    if undated["quotes"]:
        # (on stderr, so that --json output stays a JSON value)
        print(f"left out: {undated['quotes']} matching quotes in {undated['documents']} "
              "undated documents (no publication date to compare with --since/--until)",
              file=sys.stderr)
    if args.json:
        return _json_out(rows)
    if not rows:
        print("no quotes match", file=sys.stderr)
        return 0
    _quote_table(_console(), rows)
    _next_page(rows, args.limit)
    return 0


# ------------------------------------------------------------------------------ timeline
_QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
               4: "material conflict"}


def _timeline_args(args: argparse.Namespace) -> dict[str, Any]:
    return {"actors": args.actor or (), "pair": args.pair, "since": args.since,
            "until": args.until, "cameo": args.cameo, "quad": args.quad,
            "min_reports": args.min_reports}


def _side_name(side: dict[str, Any] | None) -> str:
    if not side:
        return "-"
    return side["name"] + (f" ({side['acts_for']})" if side.get("acts_for") else "")


@command("timeline")
def cmd_timeline(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from . import query
    with _store(args) as st:
        res = query.timeline(st, **_timeline_args(args), limit=args.limit, after=args.after)
    if args.json:
        for ev in res["events"]:
            sys.stdout.write(json.dumps(ev, ensure_ascii=False) + "\n")
        if res["next"]:
            print(f"more: --after {res['next']}", file=sys.stderr)
        return 0
    con = _console()
    if not res["events"]:
        con.print("no timeline events match")
        return 0
    for ev in res["events"]:
        when = ev["date"] or (f"undated, reported {ev['day']}" if ev["day"] else "undated")
        what = ev["label"] or f"CAMEO {ev['cameo']}"
        quad = _QUAD_NAMES.get(ev["quad"] or 0, "")
        gold = f", Goldstein {ev['goldstein']:+.1f}" if ev["goldstein"] is not None else ""
        where = f" in {ev['location']}" if ev["location"] else ""
        mod = "" if ev["modality"] == "asserted" else f" [{ev['modality']}]"
        con.print(f"[bold]{escape(when)}[/bold]  {escape(_side_name(ev['source']))} -> "
                  f"{escape(_side_name(ev['target']))}: {escape(what)} ({ev['cameo']}"
                  f"{', ' + quad if quad else ''}{gold}){escape(where)}{mod}")
        con.print(f"    {ev['num_reports']} report(s), {ev['num_documents']} document(s), "
                  f"{ev['num_sources']} source(s); merge confidence {ev['confidence']:.2f}; "
                  f"id {ev['id']}", style="dim")
        for r in ev["reports"][:args.citations]:
            sent = " ".join((r["evidence"] or "").split())
            con.print(f"    - {escape(_cut(sent, 150))}  [dim]({r['doc_id'][:10]} "
                      f"{escape(r['source'] or '')}{', ' + r['published'] if r['published'] else ''})"
                      f"[/dim]")
        if len(ev["reports"]) > args.citations:
            con.print(f"    ... and {len(ev['reports']) - args.citations} more", style="dim")
    if res["next"]:
        con.print(f"more: newsgraph timeline ... --after {res['next']}", style="dim")
    return 0



@command("graph")
def cmd_graph(args: argparse.Namespace) -> int:
    from . import graph as graph_mod
    from . import query
    with _store(args) as st:
        g = query.graph(st, level=args.level, **_timeline_args(args))
    data = graph_mod.render(g, args.format, top=args.top)
    if args.out and args.out != "-":
        with open(args.out, "wb") as f:
            f.write(data)
        print(f"graph: {len(g['nodes'])} nodes, {len(g['edges'])} edges -> {args.out}",
              file=sys.stderr)
    elif args.format == "png":
        raise _usage("a PNG goes to a file: add --out FILE.png")
    else:
        sys.stdout.buffer.write(data)
    return 0


def _usage(msg: str) -> Exception:
    from .errors import QueryError
    return QueryError(msg)



@command("brief")
def cmd_brief(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import brief, query
    if len(args.actors) > 2:
        raise _usage("brief takes one actor or two")
    with _store(args) as st:
        b = query.briefing(st, *args.actors, events=args.limit, since=args.since,
                           until=args.until, cameo=args.cameo, quad=args.quad,
                           min_reports=args.min_reports)
    stem = args.out or "brief-" + "-".join(
        "".join(ch if ch.isalnum() else "_" for ch in a["name"]).strip("_").lower()
        for a in b["actors"])
    md, page = Path(stem + ".md"), Path(stem + ".html")
    md.write_text(brief.markdown(b), encoding="utf-8")
    page.write_text(brief.page(b), encoding="utf-8")
    print(f"brief: {len(b['events'])} events -> {md}, {page}", file=sys.stderr)
    return 0



@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from . import export
    with _store(args) as st:
        counts = export.export(st, args.format, args.out)
    for name, n in counts.items():
        print(f"export: {n} rows -> {args.out}/{name}", file=sys.stderr)
    return 0


@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    from .web.server import serve
    cfg = config_mod.load({"store": {"db": args.db},
                           "web": {"host": args.host, "port": args.port}})
    serve(cfg["store"]["db"], cfg, workers=args.workers or 1)
    return 0


class _UsageError(Exception):
    """A bad command line, reported like every other error (``Error: ...``, exit 1)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit 2
        raise _UsageError(f"{message} (see: {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
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
    _runner_flags(sp)

    sp = sub.add_parser("ingest", help="read, annotate and store documents",
                        description="Read documents (as extract does), annotate them and store "
                        "them; a document already stored is not stored again, a syndicated copy "
                        "adds a source to the stored one.")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    common(sp)
    sp.add_argument("--published", type=_date, help="date for documents that carry none")
    sp.add_argument("--workers", type=int, help="processes for the per-document stages")
    sp.add_argument("--model", help="installed spaCy pipeline to use")
    _runner_flags(sp)
    sp.add_argument("--json", action="store_true", help="print the report as JSON")

    def listing(sp: argparse.ArgumentParser, limit: int = 20, after: bool = False) -> None:
        common(sp)
        sp.add_argument("--limit", type=int, default=limit,
                        help=f"at most this many (default {limit})")
        sp.add_argument("--json", action="store_true", help="JSON output")
        if after:
            sp.add_argument("--after", metavar="CURSOR", help="the next page: the cursor "
                            "the previous page printed (each --json row has its cursor)")

    sp = sub.add_parser("docs", help="list stored documents, newest first",
                        description="List the stored documents, newest first (undated ones "
                        "last): id, date, title, sources, entities, quotes, size.")
    listing(sp, after=True)
    # replaced by --after (lists page by key); a non-zero value is an error saying so
    sp.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)

    sp = sub.add_parser("show", help="one document: text with highlights, metadata, annotations",
                        description="Show one stored document: its metadata, its text with "
                        "entities, quotes and times highlighted, and its annotations.")
    sp.add_argument("doc", metavar="DOC", help="doc_id, a unique prefix of one, or a source")
    common(sp)
    sp.add_argument("--json", action="store_true", help="JSON output (the extract record)")

    sp = sub.add_parser("search", help="full-text search with snippets",
                        description="Search titles and bodies (SQLite FTS5 syntax: words, "
                        "\"a phrase\", AND/OR/NOT, prefix*).")
    sp.add_argument("query", metavar="QUERY")
    listing(sp, after=True)

    sp = sub.add_parser("stats", help="what the store holds",
                        description="Count what the store holds: documents (dated range, "
                        "undated), sources, actors, quotes, times, errors and warnings.")
    common(sp)
    sp.add_argument("--json", action="store_true", help="JSON output")

    sp = sub.add_parser("actors", help="actors across documents, most mentioned first",
                        description="List the actors (people, states, organisations, places, "
                        "groups) across all documents, most mentioned first.")
    listing(sp, after=True)
    sp.add_argument("--type", help="PERSON, COUNTRY, ORG, LOCATION or GROUP")

    sp = sub.add_parser("actor", help="one actor: roles over time, mentions, quotes",
                        description="Show one actor, found by name, alias or ISO3 code: its "
                        "roles over time, the documents that mention it and its quotes.")
    sp.add_argument("name", metavar="NAME", help="name, alias or ISO3 code")
    listing(sp, 10)

    sp = sub.add_parser("quotes", help="quotes across documents, newest first",
                        description="List quotes across documents, newest first, filtered by "
                        "speaker, topic and date; a date filter says how many quotes in "
                        "undated documents it left out.")
    listing(sp, after=True)
    sp.add_argument("--speaker", help="speaker name, alias or ISO3")
    sp.add_argument("--about", help="a word in the quote or an actor mentioned in it")
    sp.add_argument("--since", type=_date, help="documents published on or after this date")
    sp.add_argument("--until", type=_date, help="documents published on or before this date")

    sp = sub.add_parser("timeline", help="the cross-document timeline of events",
                        description="Real-world events, each with every document that reports "
                        "it, ordered by date. Actors: canonical names, aliases or ISO3 codes "
                        "(a state includes its people).")
    timeline_filters(sp)
    common(sp)
    sp.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    sp.add_argument("--after", metavar="CURSOR", help="the page after this cursor")
    sp.add_argument("--citations", type=int, default=3,
                    help="reports shown per event in the readable output (default 3)")
    sp.add_argument("--json", action="store_true", help="JSON Lines, one event per line")

    sp = sub.add_parser("graph", help="the actor network: who does what to whom",
                        description="Actors as nodes, directed edges weighted by event count "
                        "and mean Goldstein score, from the timeline (same filters).")
    timeline_filters(sp)
    common(sp)
    sp.add_argument("--format", default="json", choices=("json", "graphml", "gexf", "svg", "png"),
                    help="json (node-link, the default), graphml, gexf, svg or png")
    sp.add_argument("--level", default="actor", choices=("actor", "state"),
                    help="nodes are actors (a person over its state) or states")
    sp.add_argument("--top", type=int, default=40,
                    help="actors drawn in svg/png: the most active (default 40)")
    sp.add_argument("--out", metavar="FILE", help="write here (default: stdout)")

    sp = sub.add_parser("brief", help="a briefing on one actor or a pair (Markdown and HTML)",
                        description="Writes STEM.md and STEM.html (self-contained: opens "
                        "offline): the timeline with citations, key quotes of each side, the "
                        "roles of the people involved, a cooperation/conflict chart.")
    sp.add_argument("actors", nargs="+", metavar="ACTOR", help="one or two names or ISO3 codes")
    common(sp)
    sp.add_argument("--out", metavar="STEM", help="file name without extension "
                    "(default: brief-<actors>)")
    sp.add_argument("--limit", type=int, default=200, help="at most this many events")
    for flag, kw in (("--since", {"type": _date}), ("--until", {"type": _date}),
                     ("--cameo", {"metavar": "ROOT"}), ("--quad", {"type": int}),
                     ("--min-reports", {"type": int, "metavar": "N"})):
        sp.add_argument(flag, **kw)

    sp = sub.add_parser("export", help="documents, actors, quotes, events, timeline as files",
                        description="jsonl and parquet: one file per table; gdelt: the timeline "
                        "as a GDELT 2.0 event table (tab-separated, with a header).")
    common(sp)
    sp.add_argument("--format", default="jsonl", choices=("jsonl", "parquet", "gdelt"),
                    help="jsonl (default), parquet (the parquet extra) or gdelt")
    sp.add_argument("--out", default="export", metavar="DIR",
                    help="folder to write into (default: ./export)")

    sp = sub.add_parser("events", help="events across documents, latest first",
                        description="Events each document reports (CAMEO/PLOVER, source, target, "
                        "date, modality) with the sentence they come from, latest date first.")
    listing(sp)
    sp.add_argument("--actor", help="an actor on either side (name, alias or ISO3)")
    sp.add_argument("--pair", nargs=2, metavar=("X", "Y"), help="events between X and Y, "
                    "either direction")
    sp.add_argument("--since", type=_date, help="events whose date reaches this day or later")
    sp.add_argument("--until", type=_date, help="events whose date starts on or before this day")
    sp.add_argument("--cameo", metavar="ROOT", help="CAMEO root or code (04, 042)")
    sp.add_argument("--quad", type=int, choices=(1, 2, 3, 4), help="quad class: 1 verbal "
                    "cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict")
    sp.add_argument("--after", metavar="CURSOR", help="the cursor a previous page printed")

    sp = sub.add_parser("serve", help="the web page and JSON API over the store",
                        description="Serve the page (search, timeline, graph, documents, "
                        "actors) and the JSON API under /api (docs at /api/docs) over the "
                        "store, opened read-only. Uploads (POST /api/ingest) exist only when "
                        "a token is set: $NEWSGRAPH_WEB_TOKEN or [web] token.")
    common(sp)
    sp.add_argument("--host", help="address to listen on (default 127.0.0.1: this machine "
                    "only)")
    sp.add_argument("--port", type=int, help="port (default 8000)")
    sp.add_argument("--workers", type=int, help="server processes (default 1; one per core "
                    "serves more clients at once)")

    return p


def timeline_filters(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--actor", action="append", metavar="X",
                    help="events with this actor on either side (repeatable: any of them)")
    sp.add_argument("--pair", nargs=2, metavar=("X", "Y"),
                    help="events between X and Y, either way round")
    sp.add_argument("--since", type=_date, help="events reaching this date or later")
    sp.add_argument("--until", type=_date, help="events starting on or before this date")
    sp.add_argument("--cameo", metavar="ROOT", help="CAMEO root code, 01-20")
    sp.add_argument("--quad", type=int, choices=(1, 2, 3, 4),
                    help="quad class: 1 verbal / 2 material cooperation, 3 verbal / "
                         "4 material conflict")
    sp.add_argument("--min-reports", type=int, metavar="N",
                    help="events reported at least N times")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
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
