"""End to end: `newsgraph extract` prints one line per input document, errors included."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def _extract(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict], str]:
    exe = Path(sys.executable).parent / "newsgraph"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newsgraph.cli"]
    out = subprocess.run(cmd + ["extract", *args], input=stdin, capture_output=True,
                         timeout=300, cwd=ROOT)
    return out.returncode, [json.loads(x) for x in out.stdout.decode().splitlines()], \
        out.stderr.decode()


@pytest.mark.slow
def test_extract_fixture_corpus_with_bad_inputs(fixtures: Path, tmp_path: Path):
    corpus = fixtures / "ingest" / "corpus"
    (tmp_path / "blank.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(b"Some text " * 100)[:-20])
    feed = (b'{"id": "s1", "text": "The mayor of Eastport opened the new library on Saturday, '
            b'officials said."}\n')
    rc, recs, err = _extract(str(corpus), str(tmp_path), str(tmp_path / "missing.txt"), "-",
                             stdin=feed)
    assert rc == 0
    sources = [r["source"] for r in recs]
    assert len(recs) == 8 + 4 + 1
    assert sources[:2] == ["wire-0001", "wire-0002"] and sources[-1] == "s1"
    bad = {Path(r["source"]).name: r for r in recs if r["error"]}
    assert {"feed.jsonl:3", "feed.jsonl:5", "blank.txt", "image.png", "cut.txt.gz",
            "missing.txt"} <= set(bad)
    assert bad["image.png"]["error_kind"] == "binary"
    assert bad["cut.txt.gz"]["error_kind"] == "truncated"
    for name in bad:
        assert f"{name}: " in err or name.split(":")[0] in err
    assert "Traceback" not in err

