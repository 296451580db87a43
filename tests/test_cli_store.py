"""The store commands of the CLI: ingest, docs, show, search, stats, actors, actor, quotes."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "store"))

from newsgraph.cli import main  # noqa: E402
from newsgraph.link.dedup import Dedup  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.link import write_batch  # noqa: E402
from store_factory import body, plain, rich_doc  # noqa: E402


@pytest.fixture
def db(tmp_path):
    p = tmp_path / "cli.db"
    with open_store(p) as s:
        write_batch(s, [rich_doc("news/kishida.txt"), plain(body(3), "news/ferry.txt",
                                                            title="Ferry timetable")], Dedup())
    return str(p)


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_docs_and_json(db, capsys):
    rc, out, _ = run(capsys, "docs", "--db", db)
    assert rc == 0 and "Ferry timetable" in out and "Kishida meets Kim" in out
    rc, out, _ = run(capsys, "docs", "--db", db, "--json", "--limit", "1")
    rows = json.loads(out)
    assert len(rows) == 1 and rows[0]["title"] == "Kishida meets Kim"


def test_show_lists_annotations_sources_and_removed(db, capsys):
    rc, out, _ = run(capsys, "show", "news/kishida.txt", "--db", db)
    assert rc == 0
    for part in ("Kishida meets Kim", "Fumio Kishida", "PERSON", "Prime Minister of JPN",
                 "We will talk,", "2023-09-19", "news/kishida.txt", "Share this", "removed"):
        assert part in out, part
    rc, out, _ = run(capsys, "show", "news/kishida.txt", "--db", db, "--json")
    rec = json.loads(out)
    assert rec["entities"][0]["name"] == "Fumio Kishida" and rec["sources"][0]["kind"] == "original"


def test_show_highlights_spans_in_a_terminal():
    from newsgraph.cli import _highlighted
    from rich.console import Console

    doc = rich_doc()
    con = Console(force_terminal=True, color_system="truecolor", width=200)
    with con.capture() as cap:
        con.print(_highlighted(doc))
    ansi = cap.get()
    assert "\x1b[" in ansi
    # each highlighted span is preceded by an escape sequence
    for s in ("Fumio Kishida", "Tuesday", "We will talk"):
        i = ansi.index(s)
        assert "\x1b[" in ansi[max(0, i - 30):i], s


def test_search_and_malformed_query(db, capsys):
    rc, out, _ = run(capsys, "search", "pyongyang", "--db", db)
    assert rc == 0 and "Kishida meets Kim" in out
    rc, out, err = run(capsys, "search", '"unclosed', "--db", db)
    assert rc == 1 and err.startswith("Error: malformed search query") and "Traceback" not in err
    rc, out, err = run(capsys, "search", "nothingmatches", "--db", db)
    assert rc == 0 and "no documents match" in err


def test_stats_actors_actor_quotes(db, capsys):
    rc, out, _ = run(capsys, "stats", "--db", db, "--json")
    s = json.loads(out)
    assert (s["documents"], s["actors"], s["quotes"]) == (2, 3, 2)
    rc, out, _ = run(capsys, "stats", "--db", db)
    assert rc == 0 and "documents" in out
    rc, out, _ = run(capsys, "actors", "--db", db, "--type", "COUNTRY")
    assert rc == 0 and "Japan" in out and "Kim Jong Un" not in out
    rc, out, _ = run(capsys, "actor", "Kishida", "--db", db)
    assert rc == 0 and "Prime Minister" in out and "We will talk," in out
    rc, out, _ = run(capsys, "quotes", "--db", db, "--speaker", "Kishida", "--json")
    assert {q["cue"] for q in json.loads(out)} == {"said", "added"}
    rc, out, err = run(capsys, "quotes", "--db", db, "--since", "2030-01-01")
    assert rc == 0 and "no quotes match" in err


def test_errors_are_one_line(tmp_path, capsys):
    rc, _, err = run(capsys, "docs", "--db", str(tmp_path / "missing.db"))
    assert rc == 1 and err.startswith("Error: no store at")
    assert not (tmp_path / "missing.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01garbage" * 500)
    rc, _, err = run(capsys, "stats", "--db", str(junk))
    assert rc == 1 and err.startswith("Error:")
    rc, _, err = run(capsys, "actor", "Nobody", "--db", str(junk))
    assert rc == 1


def test_db_from_environment(db, capsys, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_DB", db)
    rc, out, _ = run(capsys, "stats", "--json")
    assert rc == 0 and json.loads(out)["db"] == db


# ------------------------------------------------------------------ ingest (loads spaCy)
def make_corpus(root: Path) -> Path:
    root.mkdir()
    for i in range(6):
        (root / f"story{i}.txt").write_text(
            f"Story {i}: the harbour council met.\n\n{body(500 + i, 120)}\n", "utf-8")
    (root / "again.txt").write_text((root / "story1.txt").read_text("utf-8"), "utf-8")
    (root / "empty.txt").write_bytes(b"")
    return root


def dump(db: str) -> list[tuple]:
    c = sqlite3.connect(db)
    try:
        out = []
        for table, order in (("documents", "id"), ("sources", "doc_id, source"),
                             ("entities", "doc_id, id"), ("mentions", "doc_id, start, entity_id"),
                             ("quotes", "doc_id, idx"), ("times", "doc_id, idx"),
                             ("sentences", "doc_id, idx"), ("actors", "id"), ("errors", "id")):
            cols = [r[1] for r in c.execute(f"PRAGMA table_info({table})")
                    if r[1] not in ("ingested_at", "first_seen", "at")]
            out += c.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}").fetchall()
        return out
    finally:
        c.close()


@pytest.mark.slow
def test_ingest_report_rerun_and_workers(tmp_path, capsys):
    corpus = make_corpus(tmp_path / "corpus")
    db1 = str(tmp_path / "one.db")
    rc, out, err = run(capsys, "ingest", str(corpus), "--db", db1, "--json")
    assert rc == 0, err
    rep = json.loads(out)
    assert (rep["read"], rep["stored"], rep["exact_duplicates"]) == (8, 6, 1)
    assert sum(rep["errors"].values()) == 1      # the empty file, whatever its reason code
    before = dump(db1)
    rc, out, _ = run(capsys, "ingest", str(corpus), "--db", db1, "--json")
    rep = json.loads(out)
    assert (rc, rep["stored"], rep["unchanged"]) == (0, 0, 7)
    assert dump(db1) == before

    rc, out, _ = run(capsys, "ingest", str(corpus), "--db", db1)
    assert "read" in out and "stored" in out and "errors" in out

    db2 = str(tmp_path / "two.db")
    rc, out, err = run(capsys, "ingest", str(corpus), "--db", db2, "--workers", "2", "--json")
    assert rc == 0, err
    assert dump(db2) == before


def test_ingest_nothing_readable_exits_1(tmp_path, capsys):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "a.txt").write_bytes(b"")
    (d / "b.txt").write_bytes(b"   \n")
    rc, out, err = run(capsys, "ingest", str(d), "--db", str(tmp_path / "x.db"))
    assert rc == 1 and "Traceback" not in err


@pytest.fixture
def dict_db(tmp_path):
    """An actor with a role the text states and one only the known-actors dictionary gives."""
    from dataclasses import replace

    from newsgraph.model import Entity, Mention, Role
    text = "Mayor Ada Quill opened the ferry terminal. " + body(5)
    e = Entity("e1", "Ada Quill", "PERSON", "GBR",
               roles=(Role("Mayor", None, "2024-03-01"),
                      Role("Harbour Commissioner", None, "2024-03-01", None, "dictionary")),
               mentions=(Mention(6, 15, "Ada Quill"),))
    p = tmp_path / "dict.db"
    with open_store(p) as s:
        write_batch(s, [replace(plain(text, "news/quill.txt", published="2024-03-01"),
                                entities=(e,))], Dedup())
    return str(p)


def test_actor_json_tells_dictionary_roles_apart(dict_db, capsys):
    rc, out, _ = run(capsys, "actor", "Ada Quill", "--db", dict_db, "--json")
    roles = {r["title"]: r["source"] for r in json.loads(out)["roles"]}
    assert rc == 0 and roles == {"Mayor": None, "Harbour Commissioner": "dictionary"}
    rc, out, _ = run(capsys, "show", "news/quill.txt", "--db", dict_db, "--json")
    [ent] = json.loads(out)["entities"]
    assert [r.get("source") for r in ent["roles"]] == [None, "dictionary"]


def test_actor_table_marks_dictionary_roles(dict_db, capsys):
    rc, out, _ = run(capsys, "actor", "Ada Quill", "--db", dict_db)
    assert rc == 0
    marked = [ln for ln in out.splitlines() if "(from dictionary)" in ln]
    assert len(marked) == 1 and "Harbour Commissioner" in marked[0]
    rc, out, _ = run(capsys, "show", "news/quill.txt", "--db", dict_db)
    assert "Harbour Commissioner (2024-03-01) (from dictionary)" in out
    assert "Mayor (2024-03-01) (from dictionary)" not in out


def test_quotes_date_filter_reports_undated_left_out(tmp_path, capsys):
    p = tmp_path / "undated.db"
    with open_store(p) as s:
        write_batch(s, [rich_doc("news/undated.txt", None)], Dedup())
    rc, out, err = run(capsys, "quotes", "--db", str(p), "--since", "2020-01-01", "--json")
    assert rc == 0 and json.loads(out) == []
    assert "left out: 2 matching quotes in 1 undated documents" in err
    rc, out, err = run(capsys, "quotes", "--db", str(p))
    assert "left out" not in err


def test_read_only_store_is_a_clear_error(db, tmp_path, capsys, monkeypatch):
    # (file permissions do not stop root, so the connection itself is made read-only)
    from newsgraph.store import db as dbmod

    real = dbmod.Store._setup

    def read_only(self):
        real(self)
        self.conn.execute("PRAGMA query_only = ON")
    monkeypatch.setattr(dbmod.Store, "_setup", read_only)
    page = tmp_path / "p.txt"
    page.write_text("Ferry fares rise\n\n" + body(2), "utf-8")
    rc, _, err = run(capsys, "ingest", str(page), "--db", db)
    assert rc == 1
    assert err.startswith("Error: cannot write to") and "read-only" in err
    assert "Traceback" not in err


def test_store_in_a_folder_that_cannot_be_created_is_a_clear_error(tmp_path, capsys):
    page = tmp_path / "p.txt"
    page.write_text("Ferry fares rise\n\n" + body(2), "utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    rc, _, err = run(capsys, "ingest", str(page), "--db", str(blocker / "sub" / "s.db"))
    assert rc == 1 and err.startswith("Error: cannot create store")


@pytest.mark.parametrize("argv", [
    ["quotes", "--since", "yesterday"], ["docs", "--limit", "many"], ["nosuch"], ["ingest"],
    ["extract", "x", "--published", "2024-13-01"], ["docs", "--bogus"],
])
def test_bad_command_lines_are_errors_like_any_other(argv, capsys):
    rc, out, err = run(capsys, *argv)
    assert rc == 1 and err.startswith("Error: ") and "--help" in err and out == ""


def test_every_subcommand_has_a_description():
    from newsgraph.cli import build_parser

    p = build_parser()
    sub = next(a for a in p._actions if isinstance(a, __import__("argparse")._SubParsersAction))
    for name, sp in sub.choices.items():
        assert sp.description, name
        assert name in {c.dest for c in sub._choices_actions}, name


def test_lists_page_by_key_with_after(db, capsys):
    rc, out, _ = run(capsys, "docs", "--db", db, "--json", "--limit", "1")
    first = json.loads(out)
    rc, out, _ = run(capsys, "docs", "--db", db, "--json", "--limit", "1",
                     "--after", first[0]["cursor"])
    second = json.loads(out)
    assert rc == 0 and len(second) == 1 and second[0]["doc_id"] != first[0]["doc_id"]
    rc, out, _ = run(capsys, "docs", "--db", db, "--limit", "1")
    assert f"--after {first[0]['cursor']}" in out           # the readable list says where next
    for argv in (("docs", "--offset", "1"), ("docs", "--after", "nonsense"),
                 ("actors", "--after", "x"), ("quotes", "--after", "1~2"),
                 ("search", "ferry", "--after", "zz")):
        rc, _, err = run(capsys, *argv, "--db", db)
        assert rc == 1 and err.startswith("Error:") and "Traceback" not in err, (argv, err)


def test_search_bounds_and_whole_name_speakers(db, capsys):
    rc, _, err = run(capsys, "search", " ".join(f"w{i}" for i in range(40)), "--db", db)
    assert rc == 1 and "Error:" in err and "terms" in err
    rc, _, err = run(capsys, "search", "x" * 1200, "--db", db)
    assert rc == 1 and "too long" in err
    rc, out, _ = run(capsys, "quotes", "--speaker", "Kishi", "--db", db, "--json")
    assert rc == 0 and json.loads(out) == []                 # a part of a name is no name
    rc, out, _ = run(capsys, "quotes", "--speaker", "fumio KISHIDA", "--db", db, "--json")
    assert rc == 0 and json.loads(out)
