"""`newsgraph graph` and `newsgraph brief` over a hand-made timeline."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph import query
from newsgraph.cli import main
from newsgraph.store import open_store

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("gb") / "d.db"
    script = Path(__file__).with_name("timeline_demo.py")
    subprocess.run([sys.executable, str(script), str(path)], check=True, cwd=HERE)
    return path


def test_graph_counts_events_and_goldstein(db):
    with open_store(db) as st:
        g = query.graph(st)
        edges = {(e["source"], e["target"]): e for e in g["edges"]}
        tk = edges[("person:donald trump", "person:kim jong un")]
        # 043 and 04 at Singapore are one event; 057 is another; Hanoi two; DMZ; the range
        assert tk["events"] == 6
        assert -10 <= tk["goldstein_mean"] <= 10
        states = query.graph(st, level="state")
        ids = {n["id"] for n in states["nodes"]}
        assert {"USA", "PRK", "JPN"} <= ids and not any(i.startswith("person:") for i in ids)
        only = query.graph(st, quad=4)
        assert all(e["quad"]["4"] == e["events"] for e in only["edges"])


@pytest.mark.parametrize("fmt, magic", [("json", b"{"), ("graphml", b"<?xml"),
                                        ("gexf", b"<?xml"), ("svg", b"<?xml"),
                                        ("png", b"\x89PNG")])
def test_graph_formats(db, tmp_path, fmt, magic):
    pytest.importorskip("matplotlib") if fmt in ("svg", "png") else None
    out = tmp_path / f"g.{fmt}"
    assert main(["graph", "--db", str(db), "--format", fmt, "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(magic)
    if fmt == "json":
        assert json.loads(data)["edges"]
    if fmt == "graphml":
        import networkx as nx
        G = nx.read_graphml(out)
        assert G.has_edge("person:donald trump", "person:kim jong un")
    if fmt == "svg":
        assert b"Kim Jong Un" in data or b"Kim" in data


def test_png_to_stdout_is_refused(db, capsys):
    assert main(["graph", "--db", str(db), "--format", "png"]) == 1
    assert "--out" in capsys.readouterr().err


def test_brief_writes_markdown_and_a_self_contained_page(db, tmp_path):
    stem = tmp_path / "b"
    assert main(["brief", "Donald Trump", "Kim Jong Un", "--db", str(db),
                 "--out", str(stem)]) == 0
    md = stem.with_suffix(".md").read_text("utf-8")
    page = stem.with_suffix(".html").read_text("utf-8")
    assert "# Briefing: Donald Trump and Kim Jong Un" in md
    assert "Singapore" in md and "fire and fury like the world has never seen" in md
    assert "Supreme Leader" in md                      # roles of the people involved
    assert "<svg" in page and "<circle" in page        # the chart, inline
    # nothing to fetch: no script, no stylesheet or image from elsewhere
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "@import" not in page and "url(" not in page
    # each event's citations: sentence, document, source
    for ev in query_events(db):
        for r in ev["reports"]:
            assert r["doc_id"] in page and r["source"] in page


def query_events(db):
    with open_store(db) as st:
        return query.briefing(st, "Donald Trump", "Kim Jong Un")["events"]


def test_brief_on_a_state_includes_its_people(db):
    with open_store(db) as st:
        b = query.briefing(st, "PRK")
        assert any(ev["source"]["key"] == "person:kim jong un" for ev in b["events"])
        assert any(q["speaker"] == "Kim Jong Un" for q in b["quotes"][0])
