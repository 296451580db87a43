"""Bodies over spaCy's max_length (issue 7, item 1): parsed in sentence-aligned pieces whose
offsets point into the whole text; above [nlp] max_body_chars, an error record. The limits
are lowered here so that the piece path runs on small texts; the real limit is checked by
the size alone (parsing a million characters takes minutes)."""

from __future__ import annotations

from newsgraph import config
from newsgraph.annotate.nlp import MAX_CHARS, NlpStage, split_pieces
from newsgraph.clean import BatchContext, clean_document
from newsgraph.model import Annotated, Article, RawDocument, doc_id_for
from newsgraph.pipeline import build

PARA = ("The Prime Minister of France, Jane Example, said on Monday that Paris would send aid "
        "to Kenya. \"We will act quickly,\" she told reporters in Nairobi.\n")


def test_split_pieces_joins_back_and_cuts_at_line_breaks():
    text = PARA * 40
    parts, inside = split_pieces(text, 1000)
    assert "".join(parts) == text and inside == 0
    assert all(len(p) <= 1000 for p in parts) and all(p.endswith("\n") for p in parts[:-1])


def test_split_pieces_without_line_breaks_cuts_at_sentence_ends_then_spaces():
    text = PARA.replace("\n", " ") * 40
    parts, inside = split_pieces(text, 1000)
    assert "".join(parts) == text and inside == len(parts) - 1
    assert all(p.rstrip().endswith((".", "\"")) for p in parts[:-1])
    words = "word " * 1000
    parts, _ = split_pieces(words, 333)
    assert "".join(parts) == words and all(p.endswith(" ") for p in parts[:-1])
    blob = "x" * 2500
    assert split_pieces(blob, 1000)[0] == ["x" * 1000, "x" * 1000, "x" * 500]


def test_a_body_over_the_limit_is_parsed_in_pieces_with_offsets_into_the_whole():
    cfg = config.load({"nlp": {"max_chars": 3000, "piece_chars": 1000}})
    text = PARA * 30                                   # about 4,500 characters
    art = Article(doc_id=doc_id_for(text), source="long.txt", text=text,
                  published="2024-03-01")
    (doc,) = build(cfg).annotate([art])
    assert [w.code for w in doc.warnings] == ["parsed_in_pieces"]
    assert len(doc.sentences) == 60
    for s in doc.sentences:
        assert text[s.start:s.end] in PARA
    assert doc.quotes and all(text[q.start:q.end] == q.text for q in doc.quotes)
    assert len(doc.quotes) == 60          # the reported and the direct one of each
    for e in doc.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text
    # the pieces give what the whole gives on this text (cuts at paragraph breaks)
    (whole,) = build(config.load()).annotate([art])
    assert whole.sentences == doc.sentences and whole.quotes == doc.quotes
    assert [(e.name, e.type, len(e.mentions)) for e in whole.entities] == \
        [(e.name, e.type, len(e.mentions)) for e in doc.entities]


def test_the_default_limit_is_spacys_and_a_longer_text_is_cut():
    st = NlpStage()
    assert st.max_chars == MAX_CHARS == 1_000_000 and st.nlp.max_length >= MAX_CHARS
    text = PARA * (MAX_CHARS // len(PARA) + 10)        # over 1,000,000 characters
    parts, inside = split_pieces(text, st.piece_chars)
    assert len(text) > 1_000_000 and "".join(parts) == text and inside == 0
    assert max(len(p) for p in parts) <= st.piece_chars < st.nlp.max_length


def test_a_body_over_max_body_chars_is_an_error_record():
    cfg = config.load({"nlp": {"max_body_chars": 2000}})
    raw = RawDocument(source="huge.txt", text=PARA * 30, published="2024-03-01")
    out = clean_document(raw, BatchContext(), cfg)
    assert type(out).__name__ == "Dropped" and out.reason == "too_long"
    assert "max_body_chars" in out.message
    # a document in a language that is not annotated is not refused for its length
    fr = RawDocument(source="fr.txt", text=("Le conseil municipal a voté le budget lundi "
                                            "soir à Lyon pour la nouvelle école.\n") * 60)
    kept = clean_document(fr, BatchContext(), cfg)
    assert type(kept).__name__ == "Article" and kept.language != "en"


def test_annotated_pieces_survive_an_nlp_free_record():
    cfg = config.load({"nlp": {"max_chars": 1500, "piece_chars": 600}})
    text = PARA * 12
    art = Article(doc_id=doc_id_for(text), source="l.txt", text=text)
    (doc,) = build(cfg).annotate([art])
    assert isinstance(doc, Annotated) and doc.nlp is None
    rec = doc.to_contract()
    assert rec["warnings"][0]["code"] == "parsed_in_pieces" and rec["text"] == text
