"""Bad input (issue 2, item 8): one error document with a clear reason, the rest goes on."""

from __future__ import annotations

import gzip
import json
import os
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest

from ingest_helpers import read, read_one

GOOD = "A council meeting on Tuesday approved the budget."


@contextmanager
def traced():
    """Python's peak allocation inside the block (bytes), read after it."""
    tracemalloc.start()
    box: list[int] = []
    try:
        yield lambda: box[0]
    finally:
        box.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _good(tmp_path: Path, name: str = "zz_good.txt") -> Path:
    p = tmp_path / name
    p.write_text(GOOD, "utf-8")
    return p


def test_missing_path(tmp_path: Path):
    docs = read(tmp_path / "nope.txt", _good(tmp_path))
    assert [d.error_kind for d in docs] == ["not_found", None]
    assert "no such file" in docs[0].error and docs[0].source == str(tmp_path / "nope.txt")


def test_broken_symlink_named_directly(tmp_path: Path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    d = read_one(link)
    assert d.error_kind == "not_found" and "symbolic link" in d.error


@pytest.mark.parametrize("name, data, what", [
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "JPEG"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n", "PDF"),
    ("bundle.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(64), "zip"),
    ("tool", b"\x7fELF\x02\x01\x01" + bytes(100), "executable"),
    ("blob.dat", bytes(range(256)) * 8, "NUL"),
    ("noise.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50 + b"abc", "control"),
])
def test_binary_files(tmp_path: Path, name: str, data: bytes, what: str):
    p = tmp_path / name
    p.write_bytes(data)
    docs = read(p, _good(tmp_path))
    assert docs[0].error_kind == "binary" and what in docs[0].error
    assert docs[1].text == GOOD


def test_empty_and_blank_files(tmp_path: Path):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_blank.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "c_empty.jsonl").write_bytes(b"\n\n")
    (tmp_path / "d_empty.txt.gz").write_bytes(gzip.compress(b""))
    (tmp_path / "e_blank16.txt").write_bytes(" \n ".encode("utf-16"))
    _good(tmp_path)
    docs = read(tmp_path)
    assert [d.error_kind for d in docs] == ["empty"] * 5 + [None]


def test_empty_folder(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".hidden").write_text("x")
    d = read_one(tmp_path / "sub")
    assert d.error_kind == "empty" and "folder" in d.error


def test_50mb_file_is_refused_without_reading_it(tmp_path: Path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        for _ in range(50):
            fh.write(b"The minister spoke. " * 50_000)
    t0 = time.perf_counter()
    with traced() as peak:
        docs = read(big, _good(tmp_path))
    assert time.perf_counter() - t0 < 2
    assert peak() < 8_000_000       # the head it sniffs, not the 50 MB
    assert docs[0].error_kind == "too_large" and "50.0 MB" in docs[0].error
    assert docs[1].text == GOOD


def test_50mb_text_under_a_raised_limit_reads_quickly(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Officials said the talks would resume next week..\n" * 1_000_000)
    t0 = time.perf_counter()
    d = read_one(big, max_bytes=60_000_000)
    assert time.perf_counter() - t0 < 10
    assert d.error is None and len(d.text) == 50_000_000


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path):
    p = tmp_path / "bomb.txt.gz"
    with gzip.open(p, "wb", compresslevel=9) as fh:
        for _ in range(50):
            fh.write(b"a" * 1_000_000)
    with traced() as peak:
        d = read_one(p, max_bytes=5_000_000)
    assert d.error_kind == "too_large" and "decompresses" in d.error
    assert peak() < 16_000_000      # about twice the limit, never the 50 MB it expands to


def test_jsonl_line_over_limit_is_skipped_alone(tmp_path: Path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "ok"}) + "\n")
    docs = read(p, max_bytes=1000)
    assert [(d.source, d.error_kind) for d in docs] == [(f"{p}:1", "too_large"), (f"{p}:2", None)]


def test_truncated_gzip_text(tmp_path: Path):
    p = tmp_path / "a.txt.gz"
    p.write_bytes(gzip.compress(GOOD.encode() * 50)[:-12])
    d = read_one(p)
    assert d.error_kind == "truncated" and "truncated gzip" in d.error and not d.text


def test_corrupt_gzip(tmp_path: Path):
    data = bytearray(gzip.compress(GOOD.encode() * 50))
    data[20:40] = b"\xff" * 20
    p = tmp_path / "a.txt.gz"
    p.write_bytes(bytes(data))
    d = read_one(p)
    assert d.error_kind == "corrupt" and "gzip" in d.error


def test_truncated_gzip_jsonl_keeps_complete_lines(tmp_path: Path):
    lines = b"".join(json.dumps({"id": f"d{i}", "text": f"Body number {i} " * 20}).encode() + b"\n"
                     for i in range(200))
    data = gzip.compress(lines)
    p = tmp_path / "feed.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    docs = read(p)
    good, last = docs[:-1], docs[-1]
    assert good and all(d.error is None for d in good)
    assert [d.source for d in good] == [f"d{i}" for i in range(len(good))]
    assert last.error_kind == "truncated" and last.source == str(p)
    assert f"{len(good)} complete lines" in last.error


def test_broken_jsonl_lines(tmp_path: Path):
    p = tmp_path / "feed.jsonl"
    p.write_bytes(b"\n".join([
        b'{"id": "ok1", "text": "fine"}',
        b'{"id": "x", "text": "unterminated',
        b'["an", "array"]',
        b'{"id": "t", "text": 42}',
        b'{"id": "u", "title": "no body"}',
        b'{"id": "v", "text": "   "}',
        b'{"id": {"nested": 1}, "text": "bad id"}',
        b'{"id": "w", "text": "x", "published": 20230919}',
        b'"just a string"',
        b'{"text": "caf\xe9 in latin-1"}',
        b'',
        b'{"id": "ok2", "text": "fine too"}',
    ]) + b"\n")
    docs = read(p)
    kinds = [(d.source.replace(str(p), "F"), d.error_kind) for d in docs]
    assert kinds == [("ok1", None), ("F:2", "bad_json"), ("F:3", "bad_json"), ("F:4", "bad_field"),
                     ("F:5", "no_body"), ("F:6", "empty"), ("F:7", "bad_field"), ("F:8", "bad_field"),
                     ("F:9", "bad_json"), ("F:10", None), ("ok2", None)]
    assert "line 2" in docs[1].error and "not valid JSON" in docs[1].error
    assert '"text"' in docs[3].error and "number" in docs[3].error
    assert docs[9].text.startswith("caf\ufffd")


def test_special_file_in_folder_is_an_error(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    _good(tmp_path)
    docs = read(tmp_path)
    assert [d.error_kind for d in docs] == ["unreadable", None]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path):
    p = _good(tmp_path, "secret.txt")
    p.chmod(0)
    assert read_one(p).error_kind == "unreadable"


def test_xml_feed_is_unsupported(tmp_path: Path):
    p = tmp_path / "feed.xml"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "utf-8")
    d = read_one(p)
    assert d.error_kind == "unsupported" and "RSS" in d.error


def test_stray_nul_in_text_is_not_binary(tmp_path: Path):
    p = tmp_path / "scrape.txt"
    p.write_bytes(b"The council met on Tuesday. It approved the plan. " * 20 + b"\x00"
                  + b"Work starts in May. " * 20)
    d = read_one(p)
    assert d.error is None and d.text.startswith("The council met")


def test_deeply_nested_json_lines(tmp_path: Path):
    p = tmp_path / "deep.jsonl"
    p.write_bytes(b"[" * 100_000 + b"\n" + b'{"text": "survivor"}\n' + b"1" * 5000 + b"\n")
    docs = read(p)
    assert [d.error_kind for d in docs] == ["bad_json", None, "bad_json"]
    unnamed = tmp_path / "deep"
    unnamed.write_bytes(b"{" * 100_000)
    assert read_one(unnamed).error_kind in ("bad_json", "empty")
