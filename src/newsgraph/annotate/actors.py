"""Actors of one document: people, states, organisations, places and groups, each once.

How a document's actors are found (all linear in the document, plus small windows):

1. **Candidates** are spaCy's entities (PERSON, ORG, GPE, LOC, FAC, NORP) and every gazetteer
   match (states by name, alias, capital, demonym or seat of government; international
   organisations; cities). A gazetteer match wins over the tagger's label for the same words:
   capitals, demonyms and seats act for their state ("Pyongyang", "North Korean", "the White
   House" are mentions of North Korea / the United States, kind "alias").
2. **Trimming**: a name span loses a leading "the", titles, honorifics, qualifiers and state
   words ("Japan's Prime Minister Fumio Kishida" -> "Fumio Kishida") and a trailing
   possessive; the trimmed words are read as the person's role.
3. **Voting**: every surface form gets the label most of its occurrences got; a short form
   is a person whenever it is part of a person's full name in the document ("Ishiba" tagged
   ORG four times beside "Shigeru Ishiba"); an honorific or a title right before the name
   is a PERSON vote ("Pentagon spokesman John Kirby"); ties go to PERSON. Then the document
   is scanned for person names the tagger missed (a known surname standing alone).
4. **Joining name variants**: a shorter form joins the full name it is part of ("Kishida",
   "Mr Kishida" -> "Fumio Kishida"). When it is part of several ("Kim" with both "Kim Jong Un"
   and "Kim Jong Il" present, "Trump" with "Donald Trump" and "Ivanka Trump") each
   occurrence goes, among the candidates whose gender agrees with its honorific ("Mrs.
   Clinton"), to the one mentioned most often before it (the document's main subject: news
   calls the minor namesake by a fuller form), ties to the most recently mentioned; when none
   is mentioned before it, to the first mentioned after it. The canonical name is the
   fullest form.
5. **Roles** come from the title before a name ("former Japanese Prime Minister Junichiro
   Koizumi" -> Prime Minister of JPN, qualifier former), from appositions ("Fumio Kishida,
   the Japanese prime minister,"), from "X's predecessor, NAME" (X's title, qualifier
   former), and from "STATE, under NAME" / "the STATE regime led by NAME" (the person leads
   that state). A bare state title takes the person's state when that is known; a national
   body's title gives its state ("Pentagon spokesman" -> USA); family ("X's father, NAME")
   shares X's state but not X's title. Every role is dated with the article's date.
6. **Coreference** (``coref``) adds pronoun and definite-description mentions.
7. **World knowledge**: a person with a full name and no role in the text gets the offices
   ``known_actors`` knows for that name and date ("Kim Jong Un's father, Kim Jong Il" ->
   former Leader of PRK in 2023), marked ``source="dictionary"``; never over the text's.

Entities are numbered e1, e2, ... in order of first mention.

Each step is a component (``COMPONENTS``, ``pipeline.Component``) that declares which
fields of the shared ``ActorState`` it requires and assigns; ``pipeline`` checks the order
when it is built and ``run_components`` holds each component to its declaration. The
components live in ``actor_candidates`` (1-3 and the missed names), ``actor_clusters``
(4), ``actor_roles`` (5), ``coref`` (6) and ``actor_known`` (7).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from ..model import Annotated, Entity, Mention, Role
from ..names import name_key, normalise_person_name
from ..pipeline import Component, check_components, run_components
from . import coref, known_actors
from .actor_candidates import gazetteer_matches, missed_names, name_candidates, vote, vote_labels
from .actor_clusters import other_clusters, person_clusters, place_clusters
from .actor_countries import dominant_country, office_countries
from .actor_filter import person_filter
from .actor_known import _known_roles, known_roles
from .actor_roles import person_roles, settle_roles
from .actor_state import ActorState
from .coref import Cluster

log = logging.getLogger(__name__)

__all__ = ["stage", "extract", "resolve_span", "vote", "COMPONENTS", "BASE"]

resolve_span = coref.resolve_span


# "the chancellor" of GBR is the Chancellor of the Exchequer
_OFFICE_OF = {("Chancellor", "GBR"): "Chancellor of the Exchequer"}


def coreference(st: ActorState) -> None:
    """Pronouns and definite descriptions become mentions of the people (``coref``). A
    description no named person fits ("the prime minister said", none named) goes to the
    known holder of that office of the document's state on its date, marked as such."""
    pcl = [cl for cl in st.clusters if cl.type == "PERSON"]
    when = (st.published or "")[:10]
    dominant = dominant_country(st)

    def holder(title: str, country: str | None, qual: str | None) -> Cluster | None:
        state = country or dominant
        if qual is not None or not state or not when:
            return None
        office = _OFFICE_OF.get((title, state), title)
        r = known_actors.holder_of(office, state, when)
        if r is None:
            return None
        key = normalise_person_name(r.name)
        for cl in pcl:
            if normalise_person_name(cl.name) == key:
                return cl
        cl = Cluster("PERSON", r.name, name_key(r.name.split()), country=state,
                     country_source="dictionary", name_source="dictionary")
        cl.roles.append((office, state, None))
        st.known.add((id(cl), (office, state, None)))
        pcl.append(cl)
        st.clusters.append(cl)
        return cl

    try:
        coref.resolve(st.sp, pcl, st.places_at_tok, st.name_toks, doc=st.doc, holder=holder)
    except Exception as exc:  # coreference is an addition: the names stand without it
        log.exception("coreference failed")
        st.warnings.append(("coref_failed", f"coreference failed: {type(exc).__name__}: {exc}"))
    settle_roles(pcl)
    st.clusters = st.clusters


def to_entities(st: ActorState) -> None:
    """Entities, numbered by first mention; dictionary roles marked."""
    text, published, known = st.text, st.published, st.known
    out = []
    clusters = sorted(st.clusters, key=lambda cl: min(m[0] for m in cl.mentions))
    for cl in clusters:
        ms = sorted(set(cl.mentions))
        mentions = tuple(Mention(s, e, text[s:e], k,
                                 "dictionary" if (s, e) in cl.dictionary_mentions else None)
                         for s, e, k in ms if 0 <= s < e <= len(text))
        if not mentions:
            continue
        roles = tuple(Role(t, of, published, q,
                           "dictionary" if (id(cl), (t, of, q)) in known
                           else "inferred" if (id(cl), (t, of, q)) in st.inferred else None)
                      for t, of, q in cl.roles)
        out.append(Entity(id="", name=cl.name or mentions[0].text, type=cl.type,
                          country=cl.country, roles=roles, mentions=mentions,
                          gender=cl.gender if cl.type == "PERSON" else None,
                          country_source=cl.country_source if cl.country else None,
                          name_source=cl.name_source))
    st.entities = tuple(replace(e, id=f"e{i}") for i, e in enumerate(out, 1))


def _c(name: str, fn: Any, requires: str, assigns: str) -> Component:
    return Component(name, frozenset(requires.split()), frozenset(assigns.split()), fn)


BASE = frozenset({"sp", "text", "doc", "published", "warnings"})
COMPONENTS: tuple[Component, ...] = (
    _c("gazetteer_matches", gazetteer_matches, "sp text doc", "opaque name_ents places"),
    _c("name_candidates", name_candidates, "sp text name_ents places", "cands places"),
    _c("vote_labels", vote_labels, "sp text cands", "cands"),
    _c("person_filter", person_filter, "sp text cands places", "cands places places_at_tok"),
    _c("missed_names", missed_names, "sp doc cands places opaque places_at_tok", "cands"),
    _c("place_clusters", place_clusters, "text places", "clusters cl_of"),
    _c("person_clusters", person_clusters, "text cands clusters cl_of",
       "persons clusters cl_of"),
    _c("other_clusters", other_clusters, "text cands clusters cl_of", "clusters cl_of"),
    _c("person_roles", person_roles,
       "sp doc places_at_tok clusters cl_of persons cands places", "name_toks clusters"),
    _c("known_roles", known_roles, "clusters published", "known clusters"),
    _c("coreference", coreference, "sp doc clusters places_at_tok name_toks published known",
       "clusters warnings known"),
    _c("office_countries", office_countries, "sp doc places clusters published",
       "clusters doc_country inferred"),
    _c("to_entities", to_entities, "text published clusters known inferred", "entities"),
)
check_components("actors", COMPONENTS, BASE)


def stage(doc: Annotated) -> Annotated:
    if doc.nlp is None:
        return doc
    try:
        st = _run(doc.nlp, doc.article.published)
    except Exception as exc:  # one bad document never stops a run
        log.exception("actors failed on %s", doc.article.doc_id)
        msg = f"actors: {type(exc).__name__}: {exc}"
        return replace(doc, skipped=doc.skipped + (msg,)).warn("actors_failed", msg)
    out = replace(doc, entities=st.entities)
    for code, msg in st.warnings:
        out = out.warn(code, msg)
    return out


def _run(sp: Any, published: str | None) -> ActorState:
    st = ActorState(sp, published, coref._Doc(sp))
    if not sp.text.strip() or len(sp) == 0:
        st.entities = ()
        return st
    return run_components(COMPONENTS, st)


def extract(sp: Any, published: str | None = None) -> tuple[Entity, ...]:
    """The actors of a parsed document (a spaCy Doc), as ``Entity`` records."""
    return _run(sp, published).entities
