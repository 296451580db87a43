"""The runner tests' fixtures: a corpus of made-up pages whose cleaning depends on how they
are batched (with a WARC whose records span several batches), and a Spark in local mode.

Not a conftest.py: ``from conftest import ...`` elsewhere in tests/ must find the top one."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

MASTER = "local[2]"

# Pages of made-up news; a few lines recur across neighbouring pages as boilerplate does.
_PEOPLE = [("President", "Maria Quintero", "Chile", "Santiago"),
           ("Prime Minister", "Tomas Berglund", "Sweden", "Stockholm"),
           ("Foreign Minister", "Amina Okafor", "Nigeria", "Abuja"),
           ("Chancellor", "Dieter Hallmann", "Germany", "Berlin"),
           ("President", "Luis Carvalho", "Brazil", "Brasilia"),
           ("Prime Minister", "Helen Marsh", "New Zealand", "Wellington"),
           ("President", "Kwame Mensah", "Ghana", "Accra")]
_TOPICS = ["a new trade agreement", "emergency flood relief", "talks on fishing rights",
           "a joint climate fund", "border security cooperation", "a vaccine supply deal",
           "lower tariffs on steel"]
# A short block under the headline of pages 1-4: chrome when the four are in one batch (it
# recurs in >= 3 pages of it), the article's own when they are cut into batches of 3.
SHARED_BLOCK = ["Example Courier regional desk", "Weather and traffic alerts"]
# The same under pages 6-8, one batch of 3 either way: chrome in both.
BATCH_BLOCK = ["Courier newsletters and podcasts", "Read the morning briefing"]


def page(i: int) -> str:
    title, name, country, capital = _PEOPLE[i % len(_PEOPLE)]
    topic = _TOPICS[(i * 3) % len(_TOPICS)]
    other = _PEOPLE[(i + 2) % len(_PEOPLE)][2]
    lines = [f"{country} and {other} agree on {topic}"]
    lines += SHARED_BLOCK if i in (1, 2, 3, 4) else BATCH_BLOCK if i in (6, 7, 8) else []
    lines += [
        "",
        f"{title} {name} of {country} said on Tuesday that {capital} would back {topic} "
        f"with {other}, after {i + 2} days of meetings.",
        f"\"We have waited long enough for this,\" {name.split()[-1]} told reporters. "
        f"Officials in {other} said the plan would be signed in March {2010 + i % 9}.",
        f"Critics said the deal did little for workers in {country}.",
    ]
    return "\n".join(lines) + "\n"


def warc(pages: list[str]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("crawl.warc.gz", {"software": "newsgraph-tests"}))
    for n, text in enumerate(pages):
        uri = f"https://news.example.org/story-{n}"
        req = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "news.example.org")],
                               is_http_request=True)
        w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                            http_headers=req))
        html = (f"<html><head><title>Story {n}</title></head><body><article>"
                + "".join(f"<p>{ln}</p>" for ln in text.splitlines() if ln) +
                "</article></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(html),
                                            http_headers=http))
    return buf.getvalue()


@pytest.fixture(scope="session")
def batch_corpus(tmp_path_factory) -> Path:
    """Ten text pages, a JSON Lines feed, a broken file and a WARC of seven pages."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "a_text").mkdir()
    for i in range(10):
        (root / "a_text" / f"{i:02d}.txt").write_text(page(i), "utf-8")
    (root / "b_feed.jsonl").write_text("".join(
        '{"text": %s, "published": "2011-05-0%d"}\n' % (json.dumps(page(20 + i)),
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
