"""Assemble the per-document stages and check them when the pipeline is built.

Each stage declares what it ``needs`` and what it ``adds`` (names of ``Annotated`` fields,
plus ``nlp`` for the in-process spaCy Doc). ``Pipeline`` refuses, at construction, a stage
whose needs no earlier stage adds, so a mis-ordered pipeline fails before reading a single
document rather than halfway through a corpus.

A stage may itself be built of smaller **components** (``Stage.parts``), spaCy-style: each
``Component`` declares the fields of a shared per-document ``Workspace`` that it
``requires`` and those it ``assigns``; the same check runs over them when the pipeline is
built, and at run time a component that sets a field it did not declare fails loudly.

Everything here is a pure function of its inputs (Article in, annotations out), so any runner
(local processes, Spark) can shard it; only ``link/`` looks across documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Sequence

from .errors import PipelineError
from .model import Annotated, Article, Dropped, RawDocument

ANNOTATE_BASE = frozenset({"article"})


@dataclass(frozen=True)
class Component:
    """One step of a stage: reads the workspace fields it ``requires``, sets those it
    ``assigns`` (a field it only extends in place, such as a list, is assigned too)."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    fn: Callable[[Any], None]


def check_components(owner: str, parts: Sequence[Component], base: Iterable[str]
                     ) -> frozenset[str]:
    """Every component's requirements are the base fields or assigned by an earlier one;
    returns what the components make available. Raises ``PipelineError`` otherwise."""
    have = set(base)
    seen: set[str] = set()
    for p in parts:
        if p.name in seen:
            raise PipelineError(f"{owner}: component {p.name!r} appears twice")
        seen.add(p.name)
        missing = p.requires - have
        if missing:
            raise PipelineError(
                f"{owner}: component {p.name!r} requires {sorted(missing)}, which no earlier "
                f"component assigns")
        have |= p.assigns
    return frozenset(have)


class Workspace:
    """Mutable state the components of one stage share for one document. While a component
    runs (``run_components``) only the fields it assigns may be set."""

    _open: frozenset[str] | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        allowed = self._open
        if allowed is not None and name != "_open" and name not in allowed:
            raise PipelineError(f"component set {name!r}, which it does not declare")
        object.__setattr__(self, name, value)


def run_components(parts: Sequence[Component], ws: Workspace) -> Workspace:
    """Run ``parts`` in order over ``ws``; each must set every field it assigns."""
    for p in parts:
        ws._open = p.assigns
        try:
            p.fn(ws)
        finally:
            ws._open = None
        unset = [f for f in p.assigns if not hasattr(ws, f)]
        if unset:
            raise PipelineError(f"component {p.name!r} did not set {sorted(unset)}")
    return ws


@dataclass(frozen=True)
class Stage:
    """A named per-document step. ``batch`` (optional) processes many documents at once."""

    name: str
    needs: frozenset[str]
    adds: frozenset[str]
    fn: Callable[[Annotated], Annotated]
    batch: Callable[[list[Annotated]], list[Annotated]] | None = None
    # the stage's components and the workspace fields they start from (see Component)
    parts: tuple[Component, ...] = ()
    parts_base: frozenset[str] = frozenset()

    def run(self, docs: list[Annotated]) -> list[Annotated]:
        if self.batch is not None:
            return self.batch(docs)
        return [self.fn(d) for d in docs]


@dataclass
class Pipeline:
    stages: Sequence[Stage]
    languages: frozenset[str] = frozenset({"en"})
    available: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        have = set(ANNOTATE_BASE)
        seen: set[str] = set()
        for st in self.stages:
            if st.name in seen:
                raise PipelineError(f"stage {st.name!r} appears twice")
            seen.add(st.name)
            missing = st.needs - have
            if missing:
                raise PipelineError(
                    f"stage {st.name!r} needs {sorted(missing)}, which no earlier stage adds "
                    f"(stages so far: {[s.name for s in self.stages][:len(seen) - 1]})")
            if st.parts:
                check_components(st.name, st.parts, st.parts_base)
            have |= st.adds
        self.available = frozenset(have)

    def annotate(self, articles: Iterable[Article]) -> list[Annotated]:
        docs = [Annotated(article=a) for a in articles]
        todo: list[int] = []
        for i, d in enumerate(docs):
            if (d.article.language or "") in self.languages:
                todo.append(i)
            else:
                docs[i] = replace(d, skipped=(f"annotate: language={d.article.language}",))
        sub = [docs[i] for i in todo]
        for st in self.stages:
            if sub:
                sub = st.run(sub)
        for i, d in zip(todo, sub):
            docs[i] = d.without_nlp()
        return docs


def default_stages(cfg: dict[str, Any]) -> list[Stage]:
    """The standard annotate stages, in order."""
    from .annotate import actors, events, nlp, quotes, times

    n = cfg["nlp"]
    model = nlp.NlpStage(n["model"], batch_size=n["batch_size"],
                         max_chars=int(n.get("max_chars", nlp.MAX_CHARS)),
                         piece_chars=int(n.get("piece_chars", nlp.PIECE_CHARS)))
    return [
        Stage("nlp", frozenset({"article"}), frozenset({"nlp", "sentences"}),
              model.one, model.many),
        Stage("actors", frozenset({"nlp"}), frozenset({"entities"}), actors.stage,
              parts=actors.COMPONENTS, parts_base=actors.BASE),
        # times reads the parse (sentences, parts of speech) as well as the article
        Stage("times", frozenset({"article", "nlp"}), frozenset({"times"}), times.stage),
        Stage("quotes", frozenset({"nlp", "entities"}), frozenset({"quotes"}), quotes.stage),
        # the parse, the actors with their coreference mentions, times and quotes
        Stage("events", frozenset({"nlp", "sentences", "entities", "times", "quotes"}),
              frozenset({"events"}), events.stage),
    ]


def build(cfg: dict[str, Any], stages: Sequence[Stage] | None = None) -> Pipeline:
    return Pipeline(stages if stages is not None else default_stages(cfg),
                    languages=frozenset(cfg["clean"]["annotate_languages"]))


def clean_batch(raws: Sequence[RawDocument], cfg: dict[str, Any]) -> list[Article | Dropped]:
    """Clean one batch: cross-page repeats are counted over the batch, then each page alone."""
    from .clean import BatchContext, clean_document

    ctx = BatchContext.from_raws(raws, cfg)
    return [clean_document(r, ctx, cfg) for r in raws]


def process_cleaned(items: Sequence[Article | Dropped], pipeline: Pipeline
                    ) -> list[Annotated | Dropped]:
    """Annotate the Articles of a cleaned batch, keeping Dropped ones in place."""
    arts = [x for x in items if isinstance(x, Article)]
    done = iter(pipeline.annotate(arts))
    return [next(done) if isinstance(x, Article) else x for x in items]
