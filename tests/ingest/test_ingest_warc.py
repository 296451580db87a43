"""WARC and ARC: HTML and text responses become documents; damage is reported, never skipped."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ingest_helpers import arc_bytes, read, read_one, warc_bytes

PAGE = "<html><head><title>Talks</title></head><body><p>Talks resumed in Geneva on Monday.</p></body></html>"
RECORDS = [
    ("https://news.example/a", "text/html; charset=utf-8", PAGE.encode()),
    ("https://news.example/a", "", b"", "request"),
    ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(40)),
    ("https://news.example/old", "text/html", b"<html>Moved</html>", "response", "301 Moved Permanently"),
    ("https://news.example/b", "text/plain", "Caf\u00e9 owners protested.".encode("cp1252")),
    ("https://news.example/meta", "application/json", b"{}", "metadata"),
    ("https://news.example/c", "text/html; charset=windows-1252",
     "<html><body>\u201cNo,\u201d she said.</body></html>".encode("cp1252")),
]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_documents(tmp_path: Path, gz: bool):
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    p.write_bytes(warc_bytes(RECORDS, gzip=gz))
    docs = read(p, published="2024-02-02")
    assert [d.source for d in docs] == [f"{p}#https://news.example/{x}" for x in "abc"]
    assert [d.media_type for d in docs] == ["text/html", "text/plain", "text/html"]
    assert [d.url for d in docs] == [f"https://news.example/{x}" for x in "abc"]
    assert all(d.error is None for d in docs)
    assert docs[0].text == PAGE and docs[0].content == PAGE.encode()
    assert docs[1].text == "Caf\u00e9 owners protested."
    assert docs[2].encoding == "cp1252" and "\u201cNo,\u201d" in docs[2].text
    assert [d.published for d in docs] == ["2024-02-02"] * 3   # WARC-Date is crawl time


def test_whole_file_gzip_warc(tmp_path: Path):
    # one gzip member for the whole file (not per record), as `gzip crawl.warc` makes
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(gzip.compress(warc_bytes(RECORDS)))
    assert len([d for d in read(p) if d.error is None]) == 3


def test_warc_sniffed_without_extension(tmp_path: Path):
    p = tmp_path / "capture"
    p.write_bytes(warc_bytes(RECORDS[:1]))
    assert read_one(p).url == "https://news.example/a"


def test_resource_and_conversion_records(tmp_path: Path):
    p = tmp_path / "x.warc"
    p.write_bytes(warc_bytes([("urn:doc:1", "text/plain", b"A resource text.", "resource"),
                              ("https://n.example/x", "text/plain", b"Converted text.", "conversion")]))
    assert [d.text for d in read(p)] == ["A resource text.", "Converted text."]


def test_warc_without_documents_says_so(tmp_path: Path):
    p = tmp_path / "images.warc"
    p.write_bytes(warc_bytes([RECORDS[2], RECORDS[1]]))
    d = read_one(p)
    assert d.error_kind == "no_documents" and "1 request" in d.error


@pytest.mark.parametrize("cut", [5, 60, 250])
def test_truncated_warc_record(tmp_path: Path, cut: int):
    data = warc_bytes(RECORDS)
    p = tmp_path / "cut.warc"
    p.write_bytes(data[:-cut])
    docs = read(p)
    good = [d for d in docs if d.error is None]
    assert [d.url for d in good] == ["https://news.example/a", "https://news.example/b"]
    assert docs[-1].error_kind == "truncated" and "truncated WARC record" in docs[-1].error
    assert len(docs) == 3


def test_warc_cut_inside_record_headers(tmp_path: Path):
    data = warc_bytes(RECORDS[:1] + RECORDS[4:5])
    second = data.index(b"WARC/1", data.index(b"https://news.example/b") - 400)
    p = tmp_path / "cut.warc"
    p.write_bytes(data[: second + 60])
    docs = read(p)
    assert [d.error_kind for d in docs] == [None, "truncated"]


def test_truncated_gzip_warc_keeps_earlier_records(tmp_path: Path):
    data = warc_bytes(RECORDS, gzip=True)
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[:-40])
    docs = read(p)
    assert [d.url for d in docs if d.error is None] == ["https://news.example/a",
                                                        "https://news.example/b"]
    assert docs[-1].error_kind == "truncated" and docs[-1].source == str(p)
    assert sum(1 for d in docs if d.error) == 1


def test_garbage_after_records_is_corrupt_or_truncated(tmp_path: Path):
    p = tmp_path / "bad.warc"
    p.write_bytes(warc_bytes(RECORDS[:1]) + b"this is not a WARC record\r\n" * 3)
    docs = read(p)
    assert docs[0].error is None
    assert docs[-1].error_kind in ("corrupt", "truncated")


def test_record_over_limit(tmp_path: Path):
    big = b"<html><body>" + b"word " * 2000 + b"</body></html>"
    p = tmp_path / "big.warc"
    p.write_bytes(warc_bytes([("https://n.example/big", "text/html", big), RECORDS[4]]))
    docs = read(p, max_bytes=5000)
    assert [d.error_kind for d in docs] == ["too_large", None]


def test_arc_file(tmp_path: Path):
    p = tmp_path / "old.arc.gz"
    p.write_bytes(gzip.compress(arc_bytes([
        ("http://old.example/1", "text/html", b"<html><body>Old page one.</body></html>"),
        ("http://old.example/i.gif", "image/gif", b"GIF89a" + bytes(20)),
        ("http://old.example/2", "text/plain", b"Old text two."),
    ])))
    docs = read(p)
    assert [(d.url, d.media_type) for d in docs] == [("http://old.example/1", "text/html"),
                                                     ("http://old.example/2", "text/plain")]
    assert docs[1].text == "Old text two."


@pytest.mark.parametrize("gz", [False, True])
def test_cut_anywhere_never_yields_a_partial_page(tmp_path: Path, gz: bool):
    data = warc_bytes(RECORDS, gzip=gz)
    whole = {d.url: d.text for d in read(_write(tmp_path / "full.warc", data))}
    silent = 0
    for cut in range(0, len(data), 13):
        docs = read(_write(tmp_path / "cut.warc", data[:cut]))
        errors = [d for d in docs if d.error]
        for d in docs:
            if d.error is None:
                assert whole[d.url] == d.text, f"partial page at cut {cut}"
            else:
                assert "could not read (" not in d.error    # no reader bug behind it
        silent += not errors and len(docs) < len(whole)
    # only cuts that fall between records (in the blank lines) can pass unnoticed
    assert silent <= 3


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


def test_truncated_gzip_warc_counts_the_whole_records_read(tmp_path: Path):
    """The count in the message is of records read to their end (warcinfo, a, b), not of
    the record the cut fell in."""
    data = warc_bytes(RECORDS, gzip=True)
    starts = [i for i in range(len(data)) if data[i:i + 3] == b"\x1f\x8b\x08"]
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[:(starts[3] + starts[4]) // 2])      # inside the fourth member
    docs = read(p)
    assert docs[-1].error_kind == "truncated" and "; 3 records before it were read" in docs[-1].error


def test_damaged_gzip_member_is_skipped_to_the_next(tmp_path: Path):
    data = warc_bytes(RECORDS, gzip=True)
    starts = [i for i in range(len(data)) if data[i:i + 3] == b"\x1f\x8b\x08"]
    mid = (starts[1] + starts[2]) // 2                       # inside the first story's member
    p = tmp_path / "bad.warc.gz"
    p.write_bytes(data[:mid] + bytes(x ^ 0xFF for x in data[mid:mid + 6]) + data[mid + 6:])
    whole = [d.url for d in read(_write(tmp_path / "ok.warc.gz", data)) if d.error is None]
    docs = read(p)
    assert [d.url for d in docs if d.error is None] == whole[1:]
    assert [d.error_kind for d in docs if d.error] == ["corrupt"]
    assert "next one" in docs[0].error and "1 whole records" in docs[0].error
