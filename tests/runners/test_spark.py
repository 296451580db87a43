"""The Spark runner (local mode, local[2]) gives what the local runner gives.

Small batches (3 documents) and small waves (2 tasks) make a handful of documents cross
every boundary the runner has: batches, tasks, waves, and a WARC's records across tasks.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

from newsgraph import api, config
from newsgraph.ingest import read_paths
from newsgraph.runners import local

from runner_corpus import MASTER, SHARED_BLOCK, batch_corpus, spark_ready  # noqa: F401 (fixtures)
from store_dump import differences, dump

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "corpus"


def small_cfg(**spark) -> dict:
    cfg = config.load()
    cfg["run"]["batch_size"] = 3
    cfg["spark"]["tasks_per_wave"] = 2
    cfg["spark"].update(spark)
    return copy.deepcopy(cfg)


def lines(batches) -> list[str]:
    return [json.dumps(api.to_record(x), ensure_ascii=False) for b in batches for x in b]


def run_local(paths, cfg) -> list[str]:
    return lines(local.run(read_paths([str(p) for p in paths], cfg), cfg, 1))


def run_spark(paths, cfg, **kw):
    from newsgraph.runners import spark
    stats = spark.RunStats()
    batches = list(spark.run(read_paths([str(p) for p in paths], cfg), cfg, master=MASTER,
                             stats=stats, **kw))
    return batches, stats


# ------------------------------------------------------------------ no Spark needed
def test_missing_pyspark_names_the_install_command(monkeypatch, capsys):
    from newsgraph import cli
    from newsgraph.errors import DependencyMissing
    from newsgraph.runners import spark

    monkeypatch.setitem(sys.modules, "pyspark", None)      # import pyspark -> ImportError
    monkeypatch.setattr(spark, "_SESSION", {})
    with pytest.raises(DependencyMissing, match=r"pip install 'newsgraph\[spark\]'"):
        spark.session("local[1]")
    assert cli.main(["extract", str(EXAMPLES), "--runner", "spark"]) == 1
    assert "pip install 'newsgraph[spark]'" in capsys.readouterr().err


def test_missing_java_names_the_install_command(monkeypatch):
    pytest.importorskip("pyspark")
    from newsgraph.errors import DependencyMissing
    from newsgraph.runners import spark

    monkeypatch.setattr(spark, "_SESSION", {})
    monkeypatch.setattr(spark.shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(DependencyMissing, match="openjdk-17-jre-headless"):
        spark.session("local[1,4]")


def test_stages_never_import_pyspark():
    src = ROOT / "src" / "newsgraph"
    users = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                   if "pyspark" in p.read_text("utf-8"))
    assert users == ["runners/spark.py"], users
    # and importing the runner does not import pyspark: it is loaded when a run starts
    code = ("import sys, newsgraph.api, newsgraph.pipeline, newsgraph.runners.spark; "
            "print('pyspark' in sys.modules)")
    import subprocess
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_flags_are_checked(capsys):
    from newsgraph import cli
    assert cli.main(["extract", str(EXAMPLES), "--master", "local[2]"]) == 1
    assert "--master is for --runner spark" in capsys.readouterr().err
    assert cli.main(["extract", str(EXAMPLES), "--out", "x"]) == 1
    assert "--out is for --runner spark" in capsys.readouterr().err


def test_master_urls():
    from newsgraph.runners.spark import master_for
    assert master_for("local[2]", None, 4) == "local[2,4]"
    assert master_for("local", None, 4) == "local[1,4]"
    assert master_for(None, 3, 2) == "local[3,2]"
    assert master_for(None, None, 4) == "local[*,4]"
    assert master_for("spark://head:7077", 2, 4) == "spark://head:7077"


def test_batching_matters_to_the_output(batch_corpus):
    """The corpus has teeth: cut into other batches, cleaning gives other output."""
    def removed(lines_):
        return sum(SHARED_BLOCK[1] in json.loads(ln)["removed"] for ln in lines_)

    small, big = run_local([batch_corpus], small_cfg()), run_local([batch_corpus], config.load())
    assert small != big
    assert removed(small) < removed(big) == 4


# ------------------------------------------------------------------ Spark, local[2]
def test_extract_is_identical(spark_ready, batch_corpus):
    cfg = small_cfg()
    batches, stats = run_spark([batch_corpus, EXAMPLES], cfg)
    want = run_local([batch_corpus, EXAMPLES], cfg)
    assert lines(batches) == want
    assert [len(b) for b in batches] == [len(b) for b in local.batches(range(len(want)), 3)]
    assert stats.waves >= 3 and stats.tasks == stats.batches == len(batches)
    # the WARC's documents went out in several batches, so in several tasks
    warc = [i for i, b in enumerate(batches)
            if any("d_crawl.warc.gz#" in api.to_record(x)["source"] for x in b)]
    assert len(warc) >= 3
    # the model is loaded once per executor process, not once per task
    pids = [pid for pid, _ in stats.loads]
    assert len(pids) == len(set(pids)) and 1 <= len(pids) <= 2 < stats.tasks


def test_stopping_early_cancels_and_the_next_run_works(spark_ready, batch_corpus):
    from newsgraph.runners import spark
    cfg = small_cfg()
    it = spark.run(read_paths([str(batch_corpus)], cfg), cfg, master=MASTER)
    first = next(it)
    t0 = __import__("time").perf_counter()
    it.close()               # the consumer stops: the queued wave is cancelled, no hang
    assert __import__("time").perf_counter() - t0 < 60
    assert lines([first]) == run_local([batch_corpus], cfg)[:3]
    batches, _ = run_spark([batch_corpus], cfg)
    assert lines(batches) == run_local([batch_corpus], cfg)


def test_cli_extract_is_byte_identical(spark_ready, capsys):
    from newsgraph import cli
    assert cli.main(["extract", str(EXAMPLES)]) == 0
    want = capsys.readouterr().out
    assert cli.main(["extract", str(EXAMPLES), "--runner", "spark", "--master", MASTER]) == 0
    got = capsys.readouterr().out
    assert got == want and got.count("\n") >= 10


def test_a_failing_document_is_an_error_record(spark_ready, batch_corpus):
    from newsgraph.runners.spark import Faults
    cfg = small_cfg()
    bad = str(batch_corpus / "a_text" / "04.txt")
    batches, _ = run_spark([batch_corpus], cfg, faults=Faults(fail_sources=frozenset({bad})))
    got, want = lines(batches), run_local([batch_corpus], cfg)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        rec = json.loads(g)
        if rec["source"] == bad:
            assert rec["error_kind"] == "annotate_failed" and "injected fault" in rec["error"]
        else:
            assert g == w       # its batch-mates are untouched


def test_ingest_gives_the_same_store(spark_ready, batch_corpus, tmp_path):
    cfg = small_cfg()
    a, b = str(tmp_path / "local.db"), str(tmp_path / "spark.db")
    ra = api.ingest([str(batch_corpus), str(EXAMPLES)], db=a, cfg=cfg)
    rb = api.ingest([str(batch_corpus), str(EXAMPLES)], db=b, cfg=cfg, runner="spark",
                    master=MASTER)
    assert (ra.read, ra.stored, ra.errors) == (rb.read, rb.stored, rb.errors)
    assert ra.stored > 20
    assert differences(a, b) == []


def test_rerun_skips_stored_documents_before_annotation(spark_ready, batch_corpus, tmp_path):
    """As with the local runner: a rerun cleans what is stored but does not annotate it
    again, and the store is unchanged."""
    cfg = small_cfg()
    db = str(tmp_path / "s.db")
    first = api.ingest([str(batch_corpus)], db=db, cfg=cfg, runner="spark", master=MASTER)
    assert first.stored > 20 and first.skipped == 0
    before = dump(db)
    again = api.ingest([str(batch_corpus)], db=db, cfg=cfg, runner="spark", master=MASTER)
    assert again.skipped == first.stored and again.stored == 0
    assert dump(db) == before


def test_store_comparison_sees_a_difference(spark_ready, batch_corpus, tmp_path):
    """differences() is not blind: one quote less is seen."""
    import sqlite3
    cfg = small_cfg()
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    api.ingest([str(batch_corpus)], db=a, cfg=cfg)
    api.ingest([str(batch_corpus)], db=b, cfg=cfg)
    assert differences(a, b) == []
    con = sqlite3.connect(b)
    con.execute("DELETE FROM quotes WHERE rowid = (SELECT max(rowid) FROM quotes)")
    con.commit()
    con.close()
    assert any(d.startswith("quotes:") for d in differences(a, b))


def test_a_task_killed_mid_partition_is_rerun_without_duplicates(spark_ready, batch_corpus,
                                                                  tmp_path):
    from newsgraph.runners import spark
    cfg = small_cfg(batches_per_task=2)
    marker = tmp_path / "killed"
    a, b = str(tmp_path / "local.db"), str(tmp_path / "spark.db")
    api.ingest([str(batch_corpus)], db=a, cfg=cfg)
    faults = spark.Faults(kill_after_seq=2, kill_marker=str(marker))

    def runner(raws, cfg, workers):
        return spark.run(raws, cfg, workers, master=MASTER, faults=faults)

    rep = api.ingest([str(batch_corpus)], db=b, cfg=cfg, runner=runner)
    assert marker.exists(), "the task was not killed"
    assert rep.read == 23 and rep.stored > 15
    assert differences(a, b) == []


def test_parquet_out(spark_ready, batch_corpus, tmp_path):
    from newsgraph.runners import spark
    cfg = small_cfg()
    out = tmp_path / "out"
    rep = api.extract_parquet([str(batch_corpus)], str(out), cfg=cfg, master=MASTER)
    want = run_local([batch_corpus], cfg)
    assert (rep.documents, rep.errors) == (len(want), sum('"error": null' not in w for w in want))
    assert json.loads((out / spark.MANIFEST).read_text())["complete"] is True
    rows = spark.session(spark.master_for(MASTER, None, 4)).read.parquet(str(out)) \
        .orderBy("seq").select("seq", "record", "annotated").collect()
    assert [r["record"] for r in rows] == want
    assert [r["seq"] for r in rows] == list(range(len(want)))
    assert all(r["annotated"] is None for r in rows)
    # a folder that holds something else is refused, ours is replaced
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(Exception, match="holds other things"):
        api.extract_parquet([str(batch_corpus)], str(other), cfg=cfg, master=MASTER)
    assert api.extract_parquet([str(EXAMPLES)], str(out), cfg=cfg,
                               master=MASTER).documents == len(run_local([EXAMPLES], cfg))


def test_ingest_from_parquet_out_gives_the_same_store(spark_ready, batch_corpus, tmp_path):
    cfg = small_cfg()
    a, b = str(tmp_path / "local.db"), str(tmp_path / "spark.db")
    api.ingest([str(batch_corpus)], db=a, cfg=cfg)
    api.ingest([str(batch_corpus)], db=b, cfg=cfg, runner="spark", master=MASTER,
               out=str(tmp_path / "parquet"))
    assert differences(a, b) == []


@pytest.mark.slow
@pytest.mark.shared
def test_bbc_slice_is_identical(spark_ready, shared):
    """300 BBC articles in batches of 64: real cross-page repeats, five batches, two waves."""
    files = sorted(p for p in (shared / "corpus" / "bbc").rglob("*.txt")
                   if p.parent.name != "bbc")[:300]
    cfg = config.load()
    cfg["spark"]["tasks_per_wave"] = 2
    batches, stats = run_spark(files, cfg)
    assert lines(batches) == run_local(files, cfg)
    assert stats.batches == 5
