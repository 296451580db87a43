"""SIGKILL of `newsgraph ingest` at several points leaves a consistent store; rerunning
completes it with no duplicate and nothing lost, the same store as a clean run. Readers
keep reading while it writes.

``test_kill_at_random_points_then_rerun_equals_a_clean_run`` kills at
``NEWSGRAPH_CRASH_POINTS`` (default 20, issue 7) random points (seed:
``NEWSGRAPH_CRASH_SEED``, printed), each an ingest of its own: one in four during start-up,
the others once the store holds a drawn number of documents, plus a fraction of a batch.
Points are drawn on progress, not on a clean run's clock: a rerun skips what is stored and
ends sooner, so a clock point would often land after its end (CI saw 9 kills of 20)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.store import VERSION
from store_factory import body

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "runners"))
from store_dump import differences  # noqa: E402

N_DOCS = 40


def make_corpus(root: Path) -> None:
    root.mkdir()
    for i in range(N_DOCS):
        (root / f"doc{i:02d}.txt").write_text(
            f"Report number marker{i:03d} from the valley.\n\n{body(1000 + i, 150)}\n",
            encoding="utf-8")
    # an exact copy and a syndicated copy: sources, not documents
    (root / "zz_copy.txt").write_text((root / "doc03.txt").read_text("utf-8"), "utf-8")
    t = (root / "doc05.txt").read_text("utf-8")
    t = t.replace("from the valley", "from the vale", 1)
    (root / "zz_syndicated.txt").write_text("By Wire Staff\n\n" + t + "\nReporting by desk.\n",
                                            "utf-8")


def start(corpus: Path, db: Path) -> subprocess.Popen:
    env = dict(os.environ, NEWSGRAPH_BATCH_SIZE="4", PYTHONUNBUFFERED="1")
    env.pop("NEWSGRAPH_DB", None)
    return subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "ingest", str(corpus),
                             "--db", str(db)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def n_docs(db: Path) -> int:
    """Read the store as another process would, while the ingest writes."""
    if not db.exists():
        return 0
    try:
        c = sqlite3.connect(db, timeout=5)
        try:
            return c.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            c.close()
    except sqlite3.OperationalError:   # not created yet (schema being applied)
        return 0


def check_consistent(db: Path) -> int:
    c = sqlite3.connect(db)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if c.execute("PRAGMA user_version").fetchone()[0] < VERSION:
            # killed while the schema was being created: an earlier, whole version and no data
            assert n_docs(db) == 0
            return 0
        c.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = c.execute("SELECT count(*) FROM documents").fetchone()[0]
        # every stored document is complete: its source, its bands, its sentences
        assert c.execute("SELECT count(*) FROM sources WHERE kind = 'original'"
                         ).fetchone()[0] == docs
        assert c.execute("SELECT count(DISTINCT doc) FROM minhash_bands").fetchone()[0] == docs
        assert c.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM "
                         "sentences s WHERE s.doc_id = d.doc_id)").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'valley'"
                         ).fetchone()[0] == docs
        return docs
    finally:
        c.close()


def _counted_runs_aside(db: Path) -> None:
    """A crashed-and-resumed store has more ingest runs than a clean one; that count is
    the only thing a run leaves beside its result (store_dump skips the runs table)."""
    c = sqlite3.connect(db)
    try:
        c.execute("DELETE FROM counters WHERE name = 'ingest_runs'")
        c.commit()
    finally:
        c.close()


@pytest.mark.slow
def test_kill_at_random_points_then_rerun_equals_a_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    clean = tmp_path / "clean.db"
    t0 = time.monotonic()
    proc = start(corpus, clean)
    first = None                      # when the first batch was in (the model loaded)
    while proc.poll() is None and time.monotonic() - t0 < 300:
        if first is None and n_docs(clean) > 0:
            first = time.monotonic() - t0
        time.sleep(0.01)
    _, err = proc.communicate(timeout=300)
    took = time.monotonic() - t0
    first = first if first is not None else took / 2
    assert proc.returncode == 0, err.decode(errors="replace")
    assert check_consistent(clean) == N_DOCS

    points = int(os.environ.get("NEWSGRAPH_CRASH_POINTS", "20"))
    seed = int(os.environ.get("NEWSGRAPH_CRASH_SEED", str(random.randrange(10**6))))
    print(f"crash points: {points}, seed {seed}, clean run {took:.1f} s, first batch stored "
          f"at {first:.1f} s")
    rnd = random.Random(seed)
    stores = [tmp_path / "crash0.db"]
    kills = incomplete = mid_run = 0
    per_batch = max((took - first) / (N_DOCS / 4), 0.01)   # batches of 4 documents
    for k in range(points):
        db = stores[-1]
        have = n_docs(db)
        proc = start(corpus, db)
        t = time.monotonic()
        if k % 4 == 0:
            # one point in four anywhere in start-up: schema, model load, the first batch
            delay = rnd.uniform(0, first * 1.1)
            while proc.poll() is None and time.monotonic() - t < delay:
                time.sleep(0.005)
        else:
            # the others while it stores: once the store holds a drawn number of documents,
            # a little later (inside the next batch's write). A rerun skips what is stored,
            # so a delay drawn from the clean run's length would land after its end.
            # (a target in the last batch would wait for the end: the last batch is left
            # to the start-up points and the jitter)
            target = rnd.randint(min(have + 1, N_DOCS - 4), N_DOCS - 4)
            while proc.poll() is None and n_docs(db) < target and time.monotonic() - t < 300:
                time.sleep(0.005)
            jitter = rnd.uniform(0, per_batch)
            t = time.monotonic()
            while proc.poll() is None and time.monotonic() - t < jitter:
                time.sleep(0.005)
        before = n_docs(db)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
            incomplete += before < N_DOCS
            mid_run += 0 < before < N_DOCS
        proc.wait(timeout=60)
        if db.exists():
            assert check_consistent(db) >= before
        if n_docs(db) == N_DOCS:
            # complete: a later kill would land on nothing left to store; resume this one
            # to the end (below) and go on killing runs on a new store
            stores.append(tmp_path / f"crash{len(stores)}.db")
    print(f"{kills} kills, {incomplete} before the store was complete, {mid_run} mid-run; "
          f"{len(stores)} crashed stores resumed and compared")
    assert kills >= points // 2, f"only {kills} of {points} runs were still going when killed"
    assert incomplete >= points // 4 and mid_run >= 1, \
        f"{kills} kills, {incomplete} before the store was complete, {mid_run} mid-run"
    for db in stores:
        if db.exists():
            _resume_and_compare(corpus, db, clean)


def _resume_and_compare(corpus: Path, db: Path, clean: Path) -> None:
    """Run the ingest on a crashed store to the end: it then holds what a clean run's does."""
    proc = start(corpus, db)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode(errors="replace")
    assert check_consistent(db) == N_DOCS
    c = sqlite3.connect(db)
    try:
        assert c.execute("SELECT count(*) FROM sources").fetchone()[0] == N_DOCS + 2
        assert c.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
        for i in range(N_DOCS):
            hits = c.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                             (f"marker{i:03d}",)).fetchone()[0]
            assert hits == 1, f"marker{i:03d}"
        kinds = dict(c.execute("SELECT kind, count(*) FROM sources GROUP BY kind").fetchall())
        assert kinds == {"original": N_DOCS, "exact": 1, "near": 1}
    finally:
        c.close()
    # and every table holds what a clean run's does
    _counted_runs_aside(db)
    _counted_runs_aside(clean)
    assert differences(str(clean), str(db)) == [], db.name
