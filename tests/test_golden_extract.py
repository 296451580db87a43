"""Golden output: `extract` over the example corpus must not change unnoticed.

Every stage's output for the dozen example pages (our own invented news) is compared with
``fixtures/golden/examples.extract.jsonl``. After an intended change, regenerate it with

    NEWSGRAPH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_extract.py

and review the diff like code: it shows exactly which facts changed.
"""

from __future__ import annotations

import json
import os

from conftest import FIXTURES, ROOT

GOLDEN = FIXTURES / "golden" / "examples.extract.jsonl"
CORPUS = ROOT / "examples" / "corpus"


def _records() -> list[str]:
    from newsgraph.api import extract

    # a path relative to the checkout, so that no field depends on where it lives
    return [json.dumps(rec, ensure_ascii=False, sort_keys=True)
            for rec in extract([str(CORPUS.relative_to(ROOT))])]


def test_extract_matches_golden_file(monkeypatch):
    monkeypatch.chdir(ROOT)
    got = _records()
    if os.environ.get("NEWSGRAPH_UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(got) + "\n", "utf-8")
    want = GOLDEN.read_text("utf-8").splitlines()
    assert len(got) == len(want), "a different number of documents"
    for g, w in zip(got, want):
        gr, wr = json.loads(g), json.loads(w)
        for key in wr:
            assert gr.get(key) == wr[key], f"{wr['source']}: field {key!r} changed"
        assert set(gr) == set(wr), f"{wr['source']}: fields added or dropped"


def test_golden_file_keeps_the_contract_fields():
    # The external contract (shared/contract section 1): fields may be added, never dropped.
    required = {"doc_id", "source", "title", "published", "published_source", "language",
                "text", "removed", "error", "entities", "quotes", "times", "events"}
    for line in GOLDEN.read_text("utf-8").splitlines():
        rec = json.loads(line)
        assert required <= set(rec), rec["source"]
        for q in rec["quotes"]:
            assert q["kind"] in ("direct", "indirect")
            assert {"text", "start", "end", "speaker", "cue"} <= set(q)
        for t in rec["times"]:
            assert t["kind"] in ("DATE", "DURATION", "SET", "RANGE")
        for e in rec["entities"]:
            assert e["type"] in ("PERSON", "COUNTRY", "ORG", "LOCATION", "GROUP")
            for m in e["mentions"]:
                assert rec["text"][m["start"]:m["end"]] == m["text"]
