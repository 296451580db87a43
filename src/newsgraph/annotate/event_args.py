"""Who takes part in an event: the actors of a predicate's arguments, read off the parse.

``DocContext`` indexes one document once: which entity mention covers each token (names,
aliases, and the pronouns and descriptions coreference resolved), which quote each token
is inside, the document's states by code. ``actor_of(token)`` is the actor a noun phrase
headed by ``token`` names:

* the entity mention over its head ("Kim Jong Un", "he", "the North Korean leader");
* a relative pronoun stands for the noun its clause modifies ("officials who met ...");
* inside a quotation, "I", "we", "my", "our" are the speaker (the speaker's side);
* else an actor that modifies the head: a name or demonym ("Israeli troops", "US leader",
  "Japanese nationals"), an apposition ("the US commander, General Petraeus"), or for
  nouns of groups and offices the "of" phrase or possessor ("leaders of Egypt", "Iraq's
  army").

A bare surname no mention covers is the one head of state or government of the hand-checked
known-actors table who carries it ("Obama met Putin"; "Bush" is no one). A subject with no
such actor may still be a nameless collective (``generic_arg``: "rebels",
"the opposition", "a human rights group"): its words are its name, with no entity or state.

``actors_of`` adds the coordinated ones ("Japan and the U.S." -> both). A place that names
a state by its capital or a city acts for that state; whether it is an actor or the place
where the event happened is decided by the caller from the argument's role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..model import Annotated, Entity, Mention, Quote
from . import gazetteer

__all__ = ["Arg", "DocContext"]

FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "myself", "ourselves"}
# heads that stand for the people or body of what modifies them
GROUP_NOUNS = {
    "leader", "leaders", "government", "official", "officials", "minister", "ministry",
    "president", "army", "military", "forces", "force", "troops", "troop", "soldier",
    "soldiers", "police", "authorities", "authority", "regime", "administration", "people",
    "delegation", "envoy", "ambassador", "embassy", "parliament", "lawmakers", "court",
    "navy", "rebels", "militants", "activists", "protesters", "demonstrators", "students",
    "workers", "citizens", "nationals", "civilians", "residents", "supporters", "opponents",
    "opposition", "side", "team", "diplomats", "negotiators", "spokesman", "spokeswoman",
    "commander", "chief", "head", "members", "group", "party", "state", "country", "nation",
    "junta", "cabinet", "settlers", "guerrillas", "insurgents", "fighters", "officers",
    "security", "agency", "agencies", "media", "press", "legislators", "senate", "congress",
    "youths", "refugees", "prisoners", "hostages", "abductees", "victims", "villagers",
    "farmers", "union", "unions", "companies", "firms", "banks", "partners", "allies",
}
# collective actors a sentence may name without any name or state ("rebels blocked the
# road", "a human rights group protested", "the opposition rejected ..."): the words are
# the actor (CAMEO's generic agents: REB, OPP, EDU, LAB, AGR, CVL, REF ...), with no state
GENERIC_ACTORS = {
    "rebels", "rebel", "militants", "militant", "activists", "protesters", "protestors",
    "demonstrators", "students", "workers", "opposition", "guerrillas", "guerrilla",
    "insurgents", "fighters", "youths", "refugees", "prisoners", "villagers", "farmers",
    "settlers", "strikers", "rioters", "separatists", "militia", "militias", "gunmen",
    "union", "unions", "group", "groups", "organization", "organisation", "movement",
    "coalition", "alliance", "front", "party", "parties", "mob", "crowd", "crowds",
    "insurgency", "miners", "teachers", "doctors", "nurses", "journalists", "residents",
    "monitors", "observers",
}
# a group noun needs a modifier to be one ("a rights group", "the ruling party")
_NEEDS_MODIFIER = {"group", "groups", "organization", "organisation", "movement", "front",
                   "coalition", "alliance", "party", "parties", "union", "unions"}
_PLACE_KINDS = {"capital", "city", "region", "area", "seat"}
_REL = {"WDT", "WP"}


@dataclass(frozen=True, slots=True)
class Arg:
    """An actor as one event's participant."""

    entity: Entity | None
    name: str
    country: str | None
    start: int
    end: int
    text: str
    token: int                     # index of the argument's head token
    place: bool = False            # the words name a place (a capital, city, region, state)
    inferred: bool = False         # not named in the event's own clause (context, chain)

    @property
    def key(self) -> str:
        return self.entity.id if self.entity else f"?{self.name}"


class DocContext:
    def __init__(self, doc: Annotated):
        self.doc = doc
        self.sp = doc.nlp
        self.text = doc.article.text
        self.published = doc.article.published
        self.entities = doc.entities
        n = len(self.sp)
        self.tok_ment: list[tuple[Entity, Mention] | None] = [None] * n
        for e in doc.entities:
            for m in e.mentions:
                span = self.sp.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                for i in range(span.start, span.end):
                    old = self.tok_ment[i]
                    # the tightest mention wins ("North Korean" inside "the North Korean
                    # leader" is the state only when no person covers it)
                    if old is None or (m.end - m.start) < (old[1].end - old[1].start):
                        self.tok_ment[i] = (e, m)
        self.states: dict[str, Entity] = {}
        for e in doc.entities:
            if e.type == "COUNTRY" and e.country and e.country not in self.states:
                self.states[e.country] = e
        self._surnames_named: set[str] | None = None
        self.quotes: list[Quote] = list(doc.quotes)
        self._q_starts = sorted((q.start, q.end, i) for i, q in enumerate(self.quotes))
        self.speaker: dict[int, Entity | None] = {}
        by_id = {e.id: e for e in doc.entities}
        self.by_id = by_id
        for i, q in enumerate(self.quotes):
            self.speaker[i] = by_id.get(q.speaker.entity) if q.speaker.entity else None

    # ------------------------------------------------------------------ quotes
    def quote_at(self, char: int) -> int | None:
        """Index of the quote whose content holds this character (the innermost)."""
        best = None
        for s, e, i in self._q_starts:
            if s > char:
                break
            if s <= char < e and (best is None or s >= self.quotes[best].start):
                best = i
        return best

    # ------------------------------------------------------------------ actors
    def _arg(self, e: Entity, m: Mention, tok: Any, inferred: bool = False) -> Arg:
        place = False
        if e.type == "LOCATION":
            place = True
        elif m.kind in ("alias", "name"):
            p = gazetteer.lookup(m.text)
            place = bool(p and (p.kind in _PLACE_KINDS or p.kind == "country"))
        return Arg(e, e.name, e.country, m.start, m.end, m.text, tok.i, place, inferred)

    def mention_arg(self, tok: Any) -> Arg | None:
        em = self.tok_ment[tok.i]
        return self._arg(em[0], em[1], tok) if em else None

    def state_arg(self, code: str | None, like: Arg) -> Arg | None:
        """The document's state for a code, standing where ``like`` stands."""
        if not code:
            return None
        e = self.states.get(code)
        if e is not None:
            return Arg(e, e.name, e.country, like.start, like.end, like.text, like.token,
                       False, True)
        name = gazetteer.country_name(code)
        return Arg(None, name or code, code, like.start, like.end, like.text, like.token,
                   False, True) if name else None

    def speaker_arg(self, tok: Any) -> Arg | None:
        qi = self.quote_at(tok.idx)
        if qi is None:
            return None
        e = self.speaker.get(qi)
        if e is None:
            return None
        return Arg(e, e.name, e.country, tok.idx, tok.idx + len(tok), tok.text, tok.i)

    def actor_of(self, tok: Any, depth: int = 0) -> Arg | None:
        if tok is None or depth > 3:
            return None
        a = self.mention_arg(tok)
        if a is not None:
            return a
        if tok.tag_ in _REL and tok.head.dep_ == "relcl":
            return self.actor_of(tok.head.head, depth + 1)
        if tok.lower_ in FIRST_PERSON:
            return self.speaker_arg(tok)
        if tok.pos_ == "PRON":
            return None
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod", "npadvmod") and c.i < tok.i:
                a = self.mention_arg(c)
                if a is None and c.dep_ == "compound":
                    a = next((self.mention_arg(g) for g in c.children
                              if g.dep_ in ("compound", "amod") and self.mention_arg(g)), None)
                if a is not None:
                    return Arg(a.entity, a.name, a.country, a.start, a.end, a.text, tok.i,
                               a.place)
        for c in tok.children:
            if c.dep_ == "appos":
                a = self.actor_of(c, depth + 1)
                if a is not None:
                    return a
        if tok.lower_ in GROUP_NOUNS or tok.lemma_.lower() in GROUP_NOUNS:
            for c in tok.children:
                if c.dep_ == "poss":
                    a = self.actor_of(c, depth + 1)
                    if a is not None:
                        return a
                if c.dep_ == "prep" and c.lower_ in ("of", "from", "in"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            a = self.actor_of(g, depth + 1)
                            if a is not None and (c.lower_ == "of" or not a.place or
                                                  a.entity and a.entity.type == "COUNTRY"):
                                return a
        return self.surname_arg(tok)

    def surname_arg(self, tok: Any) -> Arg | None:
        """A bare surname no mention covers ("Obama said ..."): the one person of the
        hand-checked table of heads of state and government who carries it, unless the
        document names someone else with that surname (then the actor stage would have
        seen it). A state's name is never a surname here."""
        if tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_ not in ("PERSON", "") or \
                any(c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" for c in tok.children) \
                or (tok.dep_ in ("compound", "flat") and tok.head.pos_ == "PROPN"):
            return None
        if self._surnames_named is None:
            self._surnames_named = {e.name.split()[-1].casefold() for e in self.entities
                                    if e.type == "PERSON" and " " in e.name}
        if tok.lower_ in self._surnames_named or gazetteer.lookup(tok.text):
            return None
        from . import known_actors
        r = known_actors.by_surname(tok.text)
        if r is None or len(r.of) != 3 or not r.of.isalpha():
            return None
        return Arg(None, r.name, r.of, tok.idx, tok.idx + len(tok), tok.text, tok.i)

    def generic_arg(self, tok: Any) -> Arg | None:
        """A collective actor named by a common noun alone ("rebels", "a human rights
        group", "the opposition"): its words are its name; no entity, no state."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ not in GENERIC_ACTORS:
            return None
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i
                and self.tok_ment[c.i] is None and c.pos_ in ("NOUN", "ADJ", "PROPN", "VERB")]
        if tok.lower_ in _NEEDS_MODIFIER and not mods:
            return None
        first = min([tok] + [t for c in mods for t in c.subtree], key=lambda t: t.i)
        words = self.sp[first.i:tok.i + 1]
        if any(self.tok_ment[t.i] is not None for t in words):
            first = tok
            words = self.sp[tok.i:tok.i + 1]
        text = words.text
        return Arg(None, text, None, words.start_char, words.end_char, text, tok.i)

    def actors_of(self, tok: Any) -> list[Arg]:
        """The actor of ``tok`` and of every noun coordinated with it ("negotiators from
        the EU and China": both)."""
        out: list[Arg] = []
        for t in _conjuncts(tok):
            a = self.actor_of(t)
            if a is not None and all(a.key != b.key for b in out):
                out.append(a)
                # "French and Egyptian warships": each modifier's state
                for c in t.children:
                    if c.dep_ in ("amod", "compound", "nmod") and c.i < t.i and \
                            self.mention_arg(c):
                        for x in list(_conjuncts(c))[1:]:
                            b = self.mention_arg(x)
                            if b is not None and all(b.key != y.key for y in out):
                                out.append(Arg(b.entity, b.name, b.country, b.start, b.end,
                                               b.text, t.i, b.place))
                if self.mention_arg(t) is None and (t.lower_ in GROUP_NOUNS or
                                                    t.lemma_.lower() in GROUP_NOUNS):
                    for c in t.children:
                        if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                            for g in c.children:
                                if g.dep_ == "pobj":
                                    for x in list(_conjuncts(g))[1:]:
                                        b = self.actor_of(x)
                                        if b is not None and all(b.key != y.key for y in out):
                                            out.append(b)
        return out


def _conjuncts(tok: Any) -> Iterator[Any]:
    yield tok
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        yield c
        stack.extend(g for g in c.children if g.dep_ == "conj")
