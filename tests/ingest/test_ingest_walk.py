"""Folders, stdin, order and determinism."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

from ingest_helpers import make_cfg, read

from newsgraph.ingest import read_paths


def _tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "b" / "c").mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: x")
    (root / ".notes.txt").write_text("hidden")
    (root / "z.txt").write_text("Zed.")
    (root / "a.txt").write_text("Ay.")
    (root / "b" / "c" / "deep.txt").write_text("Deep.")
    (root / "b" / "m.txt.gz").write_bytes(gzip.compress(b"Em."))
    (root / "B.txt").write_text("Capital.")


def test_folder_walk_sorted_recursive_hidden_skipped(tmp_path: Path):
    _tree(tmp_path)
    docs = read(tmp_path)
    rel = [os.path.relpath(d.source, tmp_path) for d in docs]
    assert rel == ["B.txt", "a.txt", "b/c/deep.txt", "b/m.txt.gz", "z.txt"]
    assert [d.text for d in docs] == ["Capital.", "Ay.", "Deep.", "Em.", "Zed."]


def test_arguments_keep_their_order(tmp_path: Path):
    _tree(tmp_path)
    docs = read(tmp_path / "z.txt", tmp_path / "a.txt", tmp_path / "b")
    assert [d.text for d in docs] == ["Zed.", "Ay.", "Deep.", "Em."]


def test_deterministic(tmp_path: Path):
    _tree(tmp_path)
    first = list(read_paths([str(tmp_path)], make_cfg()))
    second = list(read_paths([str(tmp_path)], make_cfg()))
    assert first == second


def test_symlinks_followed_only_when_configured(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.txt").write_text("Outside.")
    root = tmp_path / "root"
    root.mkdir()
    (root / "r.txt").write_text("Root.")
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "loop").symlink_to(root, target_is_directory=True)
    assert [d.text for d in read(root)] == ["Root."]
    assert [d.text for d in read(root, follow_symlinks=True)] == ["Outside.", "Root."]


def _run_stdin(data: bytes, *args: str) -> list[str]:
    code = ("import sys, json; from newsgraph.ingest import read_paths\n"
            "for d in read_paths(['-'], {'input': {'max_bytes': 10**6, 'follow_symlinks': False}}):\n"
            "    print(json.dumps([d.source, d.media_type, d.text, d.error_kind]))")
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                         check=True, timeout=60)
    return out.stdout.decode().splitlines()


def test_stdin_text_and_sniffed_formats():
    import json
    assert [json.loads(x) for x in _run_stdin("Caf\u00e9 news.".encode("cp1252"))] == [
        ["<stdin>", "text/plain", "Caf\u00e9 news.", None]]
    html = _run_stdin(gzip.compress(b"<!DOCTYPE html><html><body>x</body></html>"))
    assert json.loads(html[0])[1] == "text/html"
    feed = [json.loads(x) for x in _run_stdin(b'{"text": "one"}\n{"id": "k", "text": "two"}\n')]
    assert [(s, t) for s, _, t, _ in feed] == [("<stdin>:1", "one"), ("k", "two")]
    assert [json.loads(x)[3] for x in _run_stdin(b"")] == ["empty"]
