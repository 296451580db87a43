"""The local runner (issue 7, items 4 and 6): parts of batches keep the output identical,
a failing document costs only itself, workers die with their parent, a rerun skips what is
stored before annotating it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_dump import dump  # noqa: E402

from newsgraph import config, pipeline  # noqa: E402
from newsgraph.api import extract, ingest  # noqa: E402
from newsgraph.model import RawDocument  # noqa: E402
from newsgraph.runners import local  # noqa: E402

PLACES = ["Paris", "Berlin", "Nairobi", "Ottawa", "Lima", "Hanoi", "Oslo", "Quito", "Accra"]


def _corpus(tmp_path: Path, n: int = 11) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(n):
        city = PLACES[i % len(PLACES)]
        (root / f"doc{i:02d}.txt").write_text(
            f"Story {i}.\nThe mayor of {city} said on Monday that the council would meet "
            f"the unions in {i + 2} days.\n\"We will not wait,\" she told reporters.\n"
            "Share this story\n", "utf-8")
    return root


def test_part_sizes_shrink_in_the_last_batch():
    assert local.part_size(64, 2, last=False) == 8
    assert local.part_size(64, 2, last=True) == 4
    assert local.part_size(3, 8, last=True) == 1


def test_parts_keep_batches_and_output_identical(tmp_path: Path):
    root = _corpus(tmp_path)
    cfg = config.load({"run": {"batch_size": 4}})
    one = [json.dumps(r, sort_keys=True) for r in extract([str(root)], cfg=cfg, workers=1)]
    two = [json.dumps(r, sort_keys=True) for r in extract([str(root)], cfg=cfg, workers=2)]
    assert one == two and len(one) == 11
    # batches come back whole, in order, as in one process
    raws = [RawDocument(source=f"m{i}", text=f"The council of Lima met on day {i}.")
            for i in range(9)]
    sizes = [len(b) for b in local.run(iter(raws), cfg, workers=2)]
    assert sizes == [4, 4, 1]


def test_a_failing_document_costs_only_itself(monkeypatch):
    cfg = config.load({"run": {"batch_size": 8}})
    real = pipeline.Pipeline.annotate

    def annotate(self, articles):
        articles = list(articles)
        if any("EXPLODE" in a.text for a in articles):
            raise RuntimeError("boom")
        return real(self, articles)

    monkeypatch.setattr(pipeline.Pipeline, "annotate", annotate)
    raws = [RawDocument(source=f"d{i}", text=t) for i, t in enumerate(
        ["The council of Oslo met on Monday.", "The EXPLODE minister of Peru spoke.",
         "The mayor of Accra opened a school."])]
    out = [x for b in local.run(iter(raws), cfg, workers=1) for x in b]
    assert [type(x).__name__ for x in out] == ["Annotated", "Dropped", "Annotated"]
    assert out[1].reason == "annotate_failed" and "boom" in out[1].message


def test_rerun_skips_stored_documents_before_annotation(tmp_path: Path, monkeypatch):
    root = _corpus(tmp_path)
    db = str(tmp_path / "s.db")
    first = ingest([str(root)], db=db, workers=1)
    assert first.stored == 11 and first.skipped == 0
    before = dump(db)
    annotated: list[str] = []
    real = pipeline.Pipeline.annotate

    def counting(self, articles):
        articles = list(articles)
        annotated.extend(a.source for a in articles if a.source != "<warm-up>")
        return real(self, articles)

    monkeypatch.setattr(pipeline.Pipeline, "annotate", counting)
    (root / "doc05.txt").write_text("A new story: the mayor of Quito resigned on Friday.\n",
                                    "utf-8")                      # changed: annotated again
    again = ingest([str(root)], db=db, workers=1)
    assert annotated == [str(root / "doc05.txt")]
    assert again.skipped == 10 and again.unchanged == 10 and again.stored == 1
    assert len(dump(db)["documents"]) == len(before["documents"]) + 1


def test_skipping_changes_nothing_in_the_store(tmp_path: Path):
    root = _corpus(tmp_path)
    db = str(tmp_path / "s.db")
    ingest([str(root)], db=db, workers=1)
    before = dump(db)
    rep = ingest([str(root)], db=db, workers=2)
    assert rep.skipped == 11 and rep.stored == 0
    assert dump(db) == before


PARENT = textwrap.dedent("""
    import sys, time
    from newsgraph import config
    from newsgraph.model import RawDocument
    from newsgraph.runners import local

    LONG = "The mayor of Lima said on Monday that the council would meet the unions.\\n" * 600

    def slow():
        # two short documents (the first batch, printed), then long ones: the workers are
        # busy parsing (seconds each) when the parent is killed
        yield RawDocument(source="s0", text="The council of Lima met on Monday.")
        yield RawDocument(source="s1", text="The council of Quito met on Friday.")
        i = 2
        while True:
            yield RawDocument(source=f"s{i}", text=LONG + str(i))
            i += 1

    cfg = config.load({"run": {"batch_size": 2}})
    for batch in local.run(slow(), cfg, workers=2):
        import multiprocessing as mp
        print(" ".join(str(p.pid) for p in mp.active_children()), flush=True)
        time.sleep(60)
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:      # a zombie is dead: reaped by init soon
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_workers_exit_when_their_parent_is_killed():
    proc = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        pids = [int(p) for p in line.split()]
        assert len(pids) == 2, line
        time.sleep(0.5)          # the workers have started on the long documents
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        # a worker that waited for its task to end before noticing would take seconds
        deadline = time.monotonic() + 1.5
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in pids)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_watch_parent_polls_without_prctl(monkeypatch):
    """The portable fallback: a worker whose parent pid changes exits (checked in a fork)."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    r, w = os.pipe()
    child = os.fork()
    if child == 0:   # the "parent" of the worker below
        os.close(r)
        grandchild = os.fork()
        if grandchild == 0:
            monkeypatch.setattr(sys, "platform", "other")     # no prctl: the poll thread
            monkeypatch.setattr(local, "PARENT_POLL_S", 0.05)
            local._watch_parent(os.getppid())
            os.write(w, str(os.getpid()).encode() + b"\n")
            time.sleep(30)
            os._exit(0)
        time.sleep(0.3)
        os._exit(0)   # the parent dies
    os.close(w)
    with os.fdopen(r) as fh:
        pid = int(fh.readline())
    os.waitpid(child, 0)
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)
