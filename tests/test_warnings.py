"""Warnings: what went wrong with a document that did not stop it is never silent. A reader's
or a stage's warning reaches the extract record, the store, the ingest report and stats."""

from __future__ import annotations

from newsgraph import query
from newsgraph.api import IngestReport, to_record
from newsgraph.clean import BatchContext, clean_document
from newsgraph.link.dedup import Dedup
from newsgraph.model import Annotated, DocWarning, RawDocument
from newsgraph.store import open_store
from newsgraph.store.read import load_annotated
from newsgraph.link import write_batch

from newsgraph import config

TEXT = ("The harbour council met on Monday to agree the budget for the new ferry.\n\n"
        "Councillors said the tunnel would wait until the spring.")


def _annotated() -> Annotated:
    raw = RawDocument(source="mem/w.txt", text=TEXT, content=TEXT.encode(),
                      published="2024-01-02",
                      warnings=(DocWarning("reader_cut", "the reader cut something"),))
    art = clean_document(raw, BatchContext(), config.load())
    return Annotated(article=art).warn("stage_failed", "a stage failed")


def test_reader_and_stage_warnings_reach_the_record():
    rec = to_record(_annotated())
    assert [w["code"] for w in rec["warnings"]] == ["reader_cut", "stage_failed"]
    assert all(w["message"] for w in rec["warnings"])


def test_warnings_are_stored_counted_and_read_back(tmp_path):
    doc = _annotated()
    report = IngestReport(db="x")
    with open_store(str(tmp_path / "s.db")) as st:
        for out in write_batch(st, [doc], Dedup.from_config(config.load())):
            report.add(out)
        back = load_annotated(st.conn, doc.article.doc_id)
        s = query.stats(st)
    assert report.warnings == {"reader_cut": 1, "stage_failed": 1}
    assert [w.code for w in back.all_warnings] == ["reader_cut", "stage_failed"]
    assert s["warnings"] == 2 and s["warnings_by_code"] == {"reader_cut": 1, "stage_failed": 1}
