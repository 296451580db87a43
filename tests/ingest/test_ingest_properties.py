"""Arbitrary bytes never make the readers raise; a plain file is always exactly one result."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest_helpers import read

TEXTISH = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(max_size=300).map(lambda s: s.encode("utf-16", "surrogatepass")),
    st.builds(lambda a, b: a + b, st.sampled_from([b"<html>", b"{", b"WARC/1.0\r\n", b"\x1f\x8b",
                                                   b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-", b"BZh9"]),
              st.binary(max_size=500)),
)


def _check_one(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        docs = read(p, max_bytes=100_000)
    assert len(docs) == 1
    doc = docs[0]
    assert (doc.error is None) == (doc.error_kind is None)
    if doc.error:
        assert doc.error_kind and not doc.text
    else:
        assert doc.text.strip() and doc.encoding
        assert doc.media_type in ("text/plain", "text/html")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTISH)
def test_any_bytes_in_a_text_file_give_one_result(data: bytes):
    _check_one(data, "doc.txt")


@settings(max_examples=100, deadline=None)
@given(TEXTISH)
def test_any_bytes_gzipped_give_one_result(data: bytes):
    _check_one(gzip.compress(data), "doc.txt.gz")


@settings(max_examples=200, deadline=None)
@given(TEXTISH, st.sampled_from(["doc", "doc.html", "feed.jsonl", "crawl.warc", "x.json",
                                 "crawl.warc.gz"]))
def test_any_bytes_under_any_name_never_raise(data: bytes, name: str):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        docs = read(p, max_bytes=100_000)
    assert docs
    for doc in docs:
        assert (doc.error is None) == (doc.error_kind is None)
        assert doc.source
