"""No input stops a run (issue 7, item 1): a corpus of hostile inputs, made here, goes through
``extract`` and ``ingest`` (the CLI); every good document around them comes out and is
stored, every bad one is one error with its reason, every cut or removal a warning."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_helpers import warc_bytes  # noqa: E402
from newsgraph.cli import main  # noqa: E402

GOOD = {
    "a_first.txt": "The harbour council met on Monday in Bristol. It approved the ferry budget.",
    "m_middle.txt": "The rail union said on Tuesday that the strike in Leeds would end soon.",
    "z_last.txt": "The mayor of Lyon opened the new library on Friday with the city council.",
}
PARA = "The committee in Cardiff agreed the plan for the new bridge on Wednesday.\n"


def _warc_damaged() -> bytes:
    """A per-record .warc.gz with the third story's gzip member damaged in its middle."""
    recs = [(f"https://news.example/{i}", "text/html",
             f"<html><body><p>Story {i}: the port authority in Hull agreed the dredging "
             f"plan for the river.</p></body></html>".encode()) for i in range(5)]
    data = warc_bytes(recs, gzip=True)
    starts = [i for i in range(len(data)) if data[i:i + 3] == b"\x1f\x8b\x08"]
    a, b = starts[3], starts[4]            # member 0 is warcinfo: 3 holds story 2
    mid = (a + b) // 2
    return data[:mid] + bytes(x ^ 0xFF for x in data[mid:mid + 8]) + data[mid + 8:]


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> dict:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for name, text in GOOD.items():
        (root / name).write_text(text, "utf-8")
    bad_name = os.fsencode(str(root)) + b"/b_caf\xe9.txt"     # not UTF-8
    with open(bad_name, "wb") as fh:
        fh.write(b"The minister in Berlin signed the trade treaty with Poland on Monday.")
    os.mkfifo(root / "c_pipe")
    (root / "d_controls.txt").write_bytes(        # stray controls in a text, not binary
        b"The council in Derby met on Thursday to vote on the plan for the new park. " * 8
        + b"It voted\x00 for the\x07 park.\x1b\x0cThe park opens in May. " * 2)
    (root / "e_page.html").write_text(
        "<html><body>" + "".join(f"<p>Paragraph {i} of the page about the town hall "
                                 f"roof repairs in Exeter.</p>" for i in range(80))
        + "</body></html>", "utf-8")
    (root / "f_long.txt").write_text(PARA * 60, "utf-8")           # parsed in pieces
    (root / "g_huge.txt").write_text(PARA * 400, "utf-8")          # over max_body_chars
    (root / "h_news.warc.gz").write_bytes(_warc_damaged())
    (root / "sub" / "k_nested.txt").write_text(
        "The governor of Texas visited the flooded towns near Houston on Sunday.", "utf-8")
    # limits lowered so that the long-body and cut paths run on small inputs
    conf = tmp_path / "newsgraph.toml"
    conf.write_text("[nlp]\nmax_chars = 2000\npiece_chars = 800\nmax_body_chars = 20000\n")
    monkeypatch.setenv("NEWSGRAPH_CONFIG", str(conf))
    from newsgraph.clean import html as H
    monkeypatch.setattr(H, "MAX_ELEMENTS", 40)
    return {"root": root, "fifo": root / "c_pipe", "bad_name": bad_name}


def _by_name(records: list[dict]) -> dict[str, dict]:
    return {r["source"].rsplit("/", 1)[-1]: r for r in records}


def _check_records(records: list[dict]) -> None:
    recs = _by_name(records)
    for name, text in GOOD.items():
        assert recs[name]["error"] is None and recs[name]["text"] == text
    assert recs["k_nested.txt"]["error"] is None
    # the name that is not UTF-8: read, labelled with the byte escaped
    assert recs["b_caf\\xe9.txt"]["error"] is None
    assert "treaty" in recs["b_caf\\xe9.txt"]["text"]
    # the FIFO: refused, never opened (opening it would have blocked this test)
    assert recs["c_pipe"]["error_kind"] == "unreadable" and "FIFO" in recs["c_pipe"]["error"]
    ctl = recs["d_controls.txt"]
    assert ctl["error"] is None and not any(ord(c) < 32 and c not in "\t\n\r"
                                            for c in ctl["text"])
    assert "control_chars_removed" in [w["code"] for w in ctl["warnings"]]
    assert "page_cut" in [w["code"] for w in recs["e_page.html"]["warnings"]]
    long = recs["f_long.txt"]
    assert "parsed_in_pieces" in [w["code"] for w in long["warnings"]]
    for s, e in long["sentences"]:
        assert long["text"][s:e].strip() == long["text"][s:e]
    assert len(long["sentences"]) == 60
    assert recs["g_huge.txt"]["error_kind"] == "too_long"
    warc = sorted(r["source"] for r in records if "#https://news.example/" in r["source"])
    assert [w.rsplit("/", 1)[-1] for w in warc] == ["0", "1", "3", "4"]
    damaged = [r for r in records if r["source"].endswith("h_news.warc.gz")]
    assert len(damaged) == 1 and damaged[0]["error_kind"] == "corrupt"
    assert "next one" in damaged[0]["error"]


def test_extract_goes_through_every_hostile_input(corpus, capsys):
    rc = main(["extract", str(corpus["root"]), str(corpus["fifo"])])
    out, err = capsys.readouterr()
    assert rc == 0
    out.encode("utf-8")          # strict: no lone surrogate reaches the output
    records = [json.loads(line) for line in out.splitlines()]
    _check_records(records[:-1])
    assert records[-1]["source"].endswith("c_pipe") and records[-1]["error_kind"] == "unreadable"
    assert "c_pipe" in err and "12 documents, 4 errors" in err


def test_ingest_stores_every_good_document(corpus, capsys, tmp_path):
    db = str(tmp_path / "h.db")
    rc = main(["ingest", str(corpus["root"]), "--db", db, "--json"])
    out, _ = capsys.readouterr()
    rep = json.loads(out)
    assert rc == 0
    con = sqlite3.connect(db)
    stored = {r[0].rsplit("/", 1)[-1] for r in con.execute("SELECT source FROM sources")}
    errors = {r[0].rsplit("/", 1)[-1]: r[1] for r in con.execute("SELECT source, reason FROM errors")}
    assert set(GOOD) | {"k_nested.txt", "b_caf\\xe9.txt", "d_controls.txt", "e_page.html",
                        "f_long.txt", "0", "1", "3", "4"} <= stored
    assert errors == {"c_pipe": "unreadable", "g_huge.txt": "too_long",
                      "h_news.warc.gz": "corrupt"}
    assert rep["stored"] == len(stored) and rep["errors"] == {"unreadable": 1, "too_long": 1,
                                                              "corrupt": 1}
    # no NUL left for SQLite's length() and substr() to stop at: the sentence offsets read
    # back through SQL give the same text as Python's slices
    rows = con.execute('SELECT d.text, substr(d.text, s.start + 1, s."end" - s.start), s.start, '
                       's."end", length(d.text) FROM sentences s JOIN documents d '
                       "ON d.doc_id = s.doc_id").fetchall()
    assert rows
    for text, sql_slice, start, end, sql_len in rows:
        assert "\x00" not in text and sql_len == len(text) and sql_slice == text[start:end]


def test_extract_output_is_valid_utf8_bytes(tmp_path: Path):
    """The real process: its stdout bytes decode as UTF-8, the name printed escaped."""
    root = tmp_path / "in"
    root.mkdir()
    with open(os.fsencode(str(root)) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"The minister in Berlin signed the trade treaty with Poland on Monday.")
    proc = subprocess.run([sys.executable, "-c", "from newsgraph.cli import main; "
                           "raise SystemExit(main())", "extract", str(root)],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    rec = json.loads(proc.stdout.decode("utf-8"))      # strict decoding
    assert rec["source"].endswith("caf\\xe9.txt") and rec["error"] is None
    proc.stderr.decode("utf-8")


def test_stdin_over_the_limit_is_not_said_to_decompress(monkeypatch):
    import io

    from newsgraph.ingest import read_paths

    class Stdin:
        buffer = io.BytesIO(b"word " * 400)

    monkeypatch.setattr(sys, "stdin", Stdin())
    docs = list(read_paths(["-"], {"input": {"max_bytes": 1000}}))
    assert [d.error_kind for d in docs] == ["too_large"]
    assert "decompress" not in docs[0].error and "holds more than 1.0 kB" in docs[0].error


def test_special_files_named_directly_are_refused_before_open(tmp_path: Path):
    from newsgraph.ingest import read_paths

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD["a_first.txt"], "utf-8")
    docs = list(read_paths([str(fifo), "/dev/null", str(good)], {"input": {}}))
    assert [d.error_kind for d in docs] == ["unreadable", "unreadable", None]
    assert "FIFO" in docs[0].error and "character device" in docs[1].error
