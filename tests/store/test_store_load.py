"""Load and faults (issue 7): four readers and a writer at once for a minute with no error,
and a full disk (a size-limited file) that gives a clear error and leaves a consistent store.

The load test runs ``NEWSGRAPH_LOAD_SECONDS`` (default 60, the issue's minute; marked slow:
it is a minute of the suite's wall time on any machine). The writer stores batches through
the store's own writer (``link.write_batch``, what ingest calls) without a model; the
readers ask the list questions the CLI and the web server ask, on read-only connections.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsgraph.store import open_store

from test_store_bounded import assert_counts_hold
from test_store_crash import N_DOCS, check_consistent, make_corpus

HERE = Path(__file__).resolve().parent

WRITER = textwrap.dedent("""
    import sys, time
    from dataclasses import replace
    sys.path.insert(0, {here!r})
    from newsgraph.link import write_batch
    from newsgraph.link.dedup import Dedup
    from newsgraph.store import open_store
    from store_factory import body, plain, rich_doc
    until = time.monotonic() + {seconds}
    n = batches = 0
    with open_store({db!r}) as st:
        dedup = Dedup()
        while batches == 0 or time.monotonic() < until:
            docs = []
            for _ in range(6):
                r = rich_doc(f"w/{{n}}.txt", f"20{{10 + n % 15}}-0{{1 + n % 9}}-1{{n % 10}}")
                t = r.article.text + "\\n\\n" + body(10_000 + n)
                docs.append(replace(r, article=replace(r.article, text=t,
                                                      doc_id=f"{{n:016x}}")))
                docs.append(plain(body(900_000 + n), f"p/{{n}}.txt"))
                n += 1
            write_batch(st, docs, dedup)
            batches += 1
    print(batches)
""")

READER = textwrap.dedent("""
    import json, sys, time, traceback
    from newsgraph import query
    from newsgraph.store import open_store
    until = time.monotonic() + {seconds}
    calls, errors = 0, []
    with open_store({db!r}, read_only=True) as st:
        while time.monotonic() < until:
            try:
                page = query.docs(st, 10)
                if page:
                    query.docs(st, 10, page[-1]["cursor"])
                query.search_sentences(st, "harbour OR budget", 10)
                query.quotes(st, speaker="Fumio Kishida", limit=10)
                query.actors(st, None, 10)
                query.actor(st, "Kishida")
                query.events(st, actor="Japan", limit=10)
                query.timeline(st, actors=["JPN"], limit=10)
                query.stats(st)
                calls += 9
            except Exception:
                errors.append(traceback.format_exc()[-600:])
                if len(errors) > 5:
                    break
    print(json.dumps({{"calls": calls, "errors": errors}}))
""")


def _py(code: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


@pytest.mark.slow
def test_four_readers_and_a_writer_for_a_minute(tmp_path):
    seconds = float(os.environ.get("NEWSGRAPH_LOAD_SECONDS", "60"))
    db = tmp_path / "load.db"
    # the store and a first batch exist before the readers start
    first = _py(WRITER.format(here=str(HERE), seconds=0.01, db=str(db)))
    assert first.wait(timeout=120) == 0, first.stderr.read()
    writer = _py(WRITER.format(here=str(HERE), seconds=seconds, db=str(db)))
    readers = [_py(READER.format(seconds=seconds, db=str(db))) for _ in range(4)]
    outs = []
    for r in readers:
        out, err = r.communicate(timeout=seconds + 300)
        assert r.returncode == 0, err
        outs.append(json.loads(out.strip().splitlines()[-1]))
    out, err = writer.communicate(timeout=seconds + 300)
    assert writer.returncode == 0, err
    batches = int(out.strip().splitlines()[-1])
    assert [o["errors"] for o in outs] == [[]] * 4
    assert all(o["calls"] > 0 for o in outs)
    assert batches > 1
    with open_store(db) as st:
        assert_counts_hold(st)
        assert st.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    print(f"{seconds:.0f} s: writer {batches} batches, readers "
          f"{[o['calls'] for o in outs]} calls")


# A full disk, for the store alone: every connection the child process opens has
# SQLite's max_page_count set (the file may not grow past it), so the store's writes fail
# with SQLITE_FULL ("database or disk is full") as they do when the disk fills up. (A
# process-wide RLIMIT_FSIZE also fails the language model's and other files' writes.)
SITE = textwrap.dedent("""
    import os, sqlite3
    _connect = sqlite3.connect
    def connect(*a, **k):
        c = _connect(*a, **k)
        c.execute("PRAGMA max_page_count = " + os.environ["NEWSGRAPH_TEST_MAX_PAGES"])
        return c
    sqlite3.connect = connect
""")


def test_a_full_disk_is_a_clear_error_and_leaves_a_consistent_store(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "full.db"
    make_corpus(corpus)
    with open_store(db) as st:                       # the schema, before the limit
        st.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = st.conn.execute("PRAGMA page_count").fetchone()[0]
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    env = dict(os.environ, NEWSGRAPH_BATCH_SIZE="4")
    env.pop("NEWSGRAPH_DB", None)
    full = dict(env, NEWSGRAPH_TEST_MAX_PAGES=str(pages + 40),
                PYTHONPATH=os.pathsep.join([str(site), env.get("PYTHONPATH", "")]))
    cmd = [sys.executable, "-m", "newsgraph.cli", "ingest", str(corpus), "--db", str(db)]
    proc = subprocess.run(cmd, env=full, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    last = [ln for ln in proc.stderr.splitlines() if ln.startswith("Error:")]
    assert last and "full" in last[-1], proc.stderr[-2000:]
    stored = check_consistent(db)
    assert 0 < stored < N_DOCS
    with open_store(db) as st:
        assert_counts_hold(st)
    # with room again, a rerun completes it
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert check_consistent(db) == N_DOCS
