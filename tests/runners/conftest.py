"""Fixtures for the runner tests: a Spark session in local mode, a corpus whose cleaning
depends on how it is cut into batches, and a WARC whose records span several batches."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from runner_corpus import page, warc


@pytest.fixture(scope="session")
def batch_corpus(tmp_path_factory) -> Path:
    """Ten text pages, a JSON Lines feed, a broken file and a WARC of seven pages."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "a_text").mkdir()
    for i in range(10):
        (root / "a_text" / f"{i:02d}.txt").write_text(page(i), "utf-8")
    (root / "b_feed.jsonl").write_text("".join(
        '{"text": %s, "published": "2011-05-0%d"}\n' % (__import__("json").dumps(page(20 + i)),
                                                       i + 1) for i in range(4))
        + "{not json\n", "utf-8")
    (root / "c_blank.txt").write_bytes(b"")
    (root / "d_crawl.warc.gz").write_bytes(warc([page(30 + i) for i in range(7)]))
    return root


def _have_java() -> bool:
    if not shutil.which("java"):
        return False
    return subprocess.run(["java", "-version"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def spark_ready() -> None:
    """Skip where pyspark or Java is missing, except in CI, where that is a failure."""
    missing = [what for what, ok in (("pyspark", importlib.util.find_spec("pyspark")),
                                     ("java", _have_java())) if not ok]
    if missing:
        msg = f"{', '.join(missing)} not installed (pip install 'newsgraph[spark]'; Java 17)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    yield
    from newsgraph.runners import spark
    spark.stop()
