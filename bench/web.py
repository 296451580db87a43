"""Load on ``newsgraph serve``: search and timeline at 50 concurrent clients, over a store of
../shared/corpus/bbc.

    python -m bench.web --shared ../shared [--clients 50] [--requests 3000] [--seconds 30]
        [--workers N] [--threads N] [--no-cache] [--only 'search, uncached|timeline']

The store is built once (``newsgraph ingest`` of the corpus, several minutes) and cached in
bench/.cache/bbc.db (ignored by git; ``--db`` uses another). The server runs as
``newsgraph serve`` in its own process on a free loopback port; the load generator (asyncio,
one keep-alive HTTP/1.1 connection per client, each sending its next request as soon as the
last answer is in) sends at most ``--requests`` requests per scenario and stops after
``--seconds``, whichever comes first, after a warm-up. Prints p50/p90/p99/max latency,
requests/s, the CPU a request cost the server (all its processes) and the load generator,
and the machine's load average, per scenario. Goal: p99 under 100 ms. Figures, not
assertions; only loopback addresses are ever contacted.

Cold and warm are told apart by name: an ``uncached`` scenario makes every request new (a
parameter the API ignores), so none is answered from the server's kept answers ([web]
cache_mb); a ``kept`` one repeats a few questions, answered from them after the first.
``--no-cache`` turns the kept answers off altogether (the cold figures without the cost of
keeping them). ``--workers``/``--threads``: ``serve --workers`` and ``[web] threads``. On a
machine with few cores the load generator competes with the server: its CPU is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache" / "bbc.db"
HOST = "127.0.0.1"

# what an analyst types: topics, places, institutions, a phrase, a prefix, a boolean
TERMS = ["government", "election", "economy", "oil", "music", "film", "football", "mobile",
         "internet", "tax", "police", "court", "budget", "prices", "China", "Iraq", "Europe",
         "America", "London", "minister", "chancellor", "profits", "shares", "award",
         "\"prime minister\"", "\"interest rates\"", "tele*", "elect*", "oil AND prices",
         "music OR film", "bank NOT football", "Blair", "Brown", "Labour", "Microsoft",
         "Google", "Chelsea", "Arsenal", "Oscar", "BBC"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def ensure_store(shared: Path, db: Path) -> bool:
    if db.is_file() and db.stat().st_size > 0:
        return True
    corpus = shared / "corpus" / "bbc"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found and no cached store at {db}")
        return False
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {db} from {corpus} (once; several minutes)...", flush=True)
    t = time.perf_counter()
    tmp = db.with_suffix(".part.db")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "newsgraph.cli", "ingest", str(corpus), "--db",
                    str(tmp)], check=True, stdout=subprocess.DEVNULL)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.rename(db)
    print(f"built in {time.perf_counter() - t:.0f} s", flush=True)
    return True


def start_server(db: Path, port: int, cache: bool = True, workers: int = 1,
                 threads: int | None = None) -> subprocess.Popen:
    env = {**os.environ}
    cfg = Path(tempfile.mkdtemp(prefix="bench-web-")) / "bench.toml"
    cfg.write_text("[web]\n" + ("" if cache else "cache_mb = 0\n")
                   + (f"threads = {threads}\n" if threads else ""))
    env["NEWSGRAPH_CONFIG"] = str(cfg)    # the shipped defaults, whatever the user has
    p = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(db),
                          "--host", HOST, "--port", str(port), "--workers", str(workers)],
                         env=env,
                         stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if p.poll() is not None:
            raise SystemExit(f"the server exited: {p.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/stats", timeout=2) as r:
                if r.status == 200:
                    return p
        except OSError:
            time.sleep(0.2)
    p.terminate()
    raise SystemExit("the server did not start in 60 s")


def get_json(port: int, path: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


async def _client(port: int, paths: list[str], lat: list[float], errors: list[str],
                  budget: list[int], stop_at: float) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    i = next(_starts) * 997
    try:
        while budget[0] > 0 and time.perf_counter() < stop_at:
            budget[0] -= 1
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                         f"Accept: application/json\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            n = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    n = int(line.split(b":", 1)[1])
            await reader.readexactly(n)
            lat.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(f"{status} {path}")
    finally:
        writer.close()


async def _run(port: int, paths: list[str], clients: int, n: int, seconds: float
               ) -> tuple[list[float], list[str], float]:
    lat: list[float] = []
    errors: list[str] = []
    budget = [n]
    t0 = time.perf_counter()
    await asyncio.gather(*(_client(port, paths, lat, errors, budget, t0 + seconds)
                           for _ in range(clients)))
    return lat, errors, time.perf_counter() - t0


def uncached(paths: list[str], pages: int) -> list[str]:
    """Each path ``pages`` times per round, every request made unique by a parameter the
    API ignores, so that none is answered from the server's kept answers. (Lists page by
    key now: a deeper page costs what the first does, so first pages stand for all.)"""
    out = []
    for n in range(200_000 // max(1, len(paths) * pages) + 1):
        for p in paths:
            for k in range(pages):
                out.append(f"{p}&_={n}.{k}")
    random.Random(7).shuffle(out)
    return out


_starts = iter(range(1 << 30))     # where each client starts in the list of paths


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


def _cpu(pid: int) -> float:
    """CPU seconds the server has used (user + system): its cost per request,
    which the machine's other load does not change the way it changes latency."""
    import psutil
    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:   # --workers: the worker processes
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def scenario(name: str, port: int, paths: list[str], args: argparse.Namespace,
             server_pid: int) -> dict | None:
    if args.only and not any(w.strip() and w.strip() in name for w in args.only.split("|")):
        return None
    if args.no_cache and name.endswith(", kept"):
        name = name[:-len(", kept")] + ", cache off"
    asyncio.run(_run(port, paths, min(args.clients, 10), min(200, args.requests), 10))  # warm
    cpu0, gen0 = _cpu(server_pid), time.process_time()
    lat, errors, wall = asyncio.run(_run(port, paths, args.clients, args.requests,
                                         args.seconds))
    cpu, gen = _cpu(server_pid) - cpu0, time.process_time() - gen0
    ms = [x * 1000 for x in lat]
    res = {"scenario": name, "clients": args.clients, "requests": len(lat),
           "errors": len(errors), "seconds": round(wall, 2),
           "req_per_s": round(len(lat) / wall, 1) if wall else 0,
           "p50_ms": round(pct(ms, 50), 1), "p90_ms": round(pct(ms, 90), 1),
           "p99_ms": round(pct(ms, 99), 1), "max_ms": round(max(ms), 1) if ms else None,
           "server_cpu_ms_per_req": round(cpu * 1000 / len(lat), 2) if lat else None,
           "client_cpu_ms_per_req": round(gen * 1000 / len(lat), 2) if lat else None,
           "load_average": round(os.getloadavg()[0], 2)}
    print(f"{name:<30} {res['requests']:>6} req  {res['req_per_s']:>7.1f} req/s  "
          f"p50 {res['p50_ms']:>6.1f} ms  p90 {res['p90_ms']:>6.1f} ms  "
          f"p99 {res['p99_ms']:>6.1f} ms  max {res['max_ms']:>6.1f} ms  "
          f"CPU/req server {res['server_cpu_ms_per_req']:.2f} ms, load generator "
          f"{res['client_cpu_ms_per_req']:.2f} ms  load {res['load_average']:.1f}  "
          f"errors {res['errors']}" + (f" (e.g. {errors[0]})" if errors else ""), flush=True)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.web")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--db", type=Path, default=CACHE, help=f"store to serve (default {CACHE})")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000, help="at most this many per scenario")
    ap.add_argument("--seconds", type=float, default=30, help="at most this long per scenario")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--threads", type=int, default=None,
                    help="request threads per server process ([web] threads; default: "
                         "the configured default)")
    ap.add_argument("--no-cache", action="store_true",
                    help="serve with the answer cache off ([web] cache_mb = 0)")
    ap.add_argument("--only", default="",
                    help="run only the scenarios whose name contains one of these "
                         "|-separated parts (e.g. 'search, uncached|timeline')")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    if not ensure_store(Path(args.shared), args.db):
        return 0
    port = free_port()
    server = start_server(args.db, port, cache=not args.no_cache, workers=args.workers,
                          threads=args.threads)
    results = []
    try:
        _, stats = get_json(port, "/api/stats")
        print(f"store {args.db.name}: {stats['documents']} documents, {stats['actors']} actors, "
              f"{stats['quotes']} quotes, {stats['events']} events; server pid {server.pid}, "
              f"{os.cpu_count()} cores shared with the load generator; answer cache "
              f"{'off' if args.no_cache else 'on'}")
        q = urllib.parse.quote
        # as the page asks: ten documents a page, up to three sentences each
        search = [f"/api/search?q={q(t)}&limit=10" for t in TERMS]
        results.append(scenario("search, uncached", port, uncached(search, 10), args,
                                server.pid))
        results.append(scenario("search, 40 popular, kept", port, search, args, server.pid))
        _, actors = get_json(port, "/api/actors?limit=40")
        names = [a["name"] for a in actors["items"]]
        status, _ = get_json(port, f"/api/timeline?actor={q(names[0])}&limit=50")
        if status == 200:
            actor_tl = [f"/api/timeline?actor={q(n)}&limit=50" for n in names]
            pairs = [f"/api/timeline?pair={q(a)}&pair={q(b)}&limit=50"
                     for a, b in zip(names, names[1:])]
            results.append(scenario("timeline actor, uncached", port, uncached(actor_tl, 1),
                                    args, server.pid))
            results.append(scenario("timeline pair, uncached", port, uncached(pairs, 1), args,
                                    server.pid))
            # states by ISO3 code: the timeline without the actor-name lookup (a code that
            # is a timeline state is taken as it is), to tell the two costs apart
            _, states = get_json(port, "/api/actors?type=country&limit=40")
            codes = [a["country"] for a in states["items"] if a.get("country")]
            state_tl = [f"/api/timeline?actor={q(c)}&limit=50" for c in codes]
            results.append(scenario("timeline state code, uncached", port,
                                    uncached(state_tl, 1), args, server.pid))
            # the page's chart: up to 500 events a request, without report texts
            chart = [f"/api/timeline?actor={q(n)}&limit=500&reports=0" for n in names]
            results.append(scenario("timeline chart, uncached", port, uncached(chart, 1), args,
                                    server.pid))
            results.append(scenario("timeline, 40 popular, kept", port, actor_tl, args, server.pid))
        else:
            print(f"timeline: not measured (the server answers {status}: no timeline query "
                  f"in this newsgraph yet)")
        status, _ = get_json(port, f"/api/events?actor={q(names[0])}&limit=20")
        if status == 200 and stats["events"]:
            ev = [f"/api/events?actor={q(n)}&limit=20" for n in names]
            results.append(scenario("events of an actor, uncached", port, uncached(ev, 1),
                                    args, server.pid))
        else:
            print(f"events: not measured (status {status}, {stats['events']} events stored)")
        results.append(scenario("actor page, kept", port,
                                [f"/api/actors/{a['id']}" for a in actors["items"]], args, server.pid))
        results.append(scenario("quotes by speaker, kept", port,
                                [f"/api/quotes?speaker={q(n)}&limit=20" for n in names], args, server.pid))
        docs = get_json(port, "/api/documents?limit=100")[1]["items"]
        results.append(scenario("document with facts, kept", port,
                                [f"/api/documents/{d['doc_id']}" for d in docs], args, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    results = [r for r in results if r]
    worst = max((r["p99_ms"] for r in results if r["scenario"].startswith(("search", "timeline"))),
                default=float("nan"))
    print(f"goal p99 < 100 ms for search and timeline: worst p99 {worst:.1f} ms "
          f"({'met' if worst < 100 else 'missed'})")
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
