"""SIGKILL of `newsgraph ingest` at several points leaves a consistent store; rerunning
completes it with no duplicate and nothing lost. Readers keep reading while it writes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.store import VERSION
from store_factory import body

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


@pytest.mark.slow
def test_kill_at_several_points_then_rerun(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "crash.db"
    make_corpus(corpus)
    mid_run_kills = 0
    # kill before anything is stored, after the first batch, and deeper in
    for target in (0, 1, 12, 28):
        proc = start(corpus, db)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            got = n_docs(db)
            if (target == 0 and db.exists()) or (target and got >= target):
                break
            time.sleep(0.005)
        before = n_docs(db)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            if 0 < before < N_DOCS:
                mid_run_kills += 1
        proc.wait(timeout=60)
        stored = check_consistent(db)
        assert stored >= before
    assert mid_run_kills >= 1, "no kill landed while documents were being written"

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
