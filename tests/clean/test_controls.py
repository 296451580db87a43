"""C0 controls and lone surrogates are removed at cleaning, with a warning (issue 7)."""

from __future__ import annotations

from newsgraph import config
from newsgraph.clean import BatchContext, clean_document
from newsgraph.clean.controls import strip_controls
from newsgraph.model import RawDocument

TEXT = ("The council of Derby met on Thursday to vote on the plan for the new park.\n"
        "It voted for the park, which opens in May.\n")


def test_controls_go_tabs_and_line_breaks_stay():
    out, notes = strip_controls("a\x00b\x07c\td\re\nf\x0cg\x1bh")
    assert out == "abc\td\re\nf\ngh"
    assert [n.code for n in notes] == ["control_chars_removed"]
    assert "4 control characters" in notes[0].message and "NUL" in notes[0].message


def test_lone_surrogates_become_replacement_characters():
    out, notes = strip_controls("caf\udce9 and \ud800x")
    assert out == "caf\ufffd and \ufffdx" and [n.code for n in notes] == ["surrogates_replaced"]
    out.encode("utf-8")


def test_clean_text_is_untouched_and_unwarned():
    out, notes = strip_controls(TEXT)
    assert out is TEXT and notes == []


def test_cleaning_removes_them_with_a_warning():
    cfg = config.load()
    raw = RawDocument(source="d.txt", text=TEXT.replace("Thursday", "Thurs\x00day"),
                      title="Park\ud800 vote", published="2024-05-02")
    art = clean_document(raw, BatchContext(), cfg)
    assert "\x00" not in art.text and "Thursday" in art.text
    assert [w.code for w in art.warnings] == ["control_chars_removed"]
    art.title.encode("utf-8")
    plain = clean_document(RawDocument(source="d.txt", text=TEXT, published="2024-05-02"),
                           BatchContext(), cfg)
    assert plain.warnings == () and plain.text == art.text
