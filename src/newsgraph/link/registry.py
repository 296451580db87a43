"""Cross-document actors: one key per real person or body, whatever the document called it.

``actor_key(entity)`` is a stable string, the same in every run and every document:

* states: their ISO3 code, upper case ("PRK"); historic states too ("SUN");
* international organisations: their gazetteer code ("UN", "UNGA", "NATO");
* everything else: ``"<type>:<normalised name>"`` in lower case, e.g.
  ``"person:kim jong un"`` (diacritics folded, hyphens and spaces unified, honorifics and
  titles removed: "Kim Jong-un", "Kim Jong Un", "Mr Kim Jong Un" share it),
  ``"org:white house"``, ``"location:new york city"``; a party or an armed group by its
  gazetteer name, whatever the text called it ("Tories", "Conservatives" ->
  ``"org:conservative party"``; "GOP", "Republicans" -> ``"org:republican party"``).

Upper-case keys are codes and lower-case keys are names, so the two never collide.

``ActorRegistry`` is an in-memory, deterministic accumulator (no SQL; the store persists
what it reports). ``add(entity, doc_id, date)`` returns the canonical key. A person named
by a shorter form joins the ONE known person it fits, whose country does not conflict:

* a surname alone ("Kishida") fits a full name ending with it, or, for states that write
  the family name first (CHN, KOR, PRK, VNM, ...), starting with it ("Kim");
* a first name and surname ("Donald Trump") fits a longer name with the same first and
  last words ("Donald J. Trump"); three words or more are a full name of their own
  ("George W. Bush" never joins "George H. W. Bush");
* a two-word name written family name first ("Kishida Fumio") joins its reverse.

With two candidates ("Clinton" when Bill and Hillary are both known) it stays separate; a
short form that has joined someone keeps joining them (first come, so the result depends
only on the order of the input). A full name arriving after its short form adopts it, and
``resolve(key)`` follows such merges (``aliases()`` lists them). A bare surname whose
country conflicts with the actor holding that name gets a country-qualified key
(``person:kim@USA``). Codes keep their
type whatever the tagger said: an ISO3 key is a COUNTRY, an IGO code an ORG.

An add costs about the same however many persons are known (indexes by surname, first word
and name; no scans). ``restore`` makes a stored person known as stored, deciding nothing;
a store restores only the persons sharing a first or last name word with new ones (see
``SURNAME_FIRST_COUNTRIES`` for exactly which), and the registry then decides as if it had
restored them all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..annotate import gazetteer
from ..model import Annotated, Entity
from ..names import normalise_other_name as _normalise_other
from ..names import normalise_person_name

__all__ = ["actor_key", "key_for", "normalise_person_name", "ActorRegistry", "RegisteredActor",
           "RoleSpan"]

# Surnames that usually come first (Chinese, Korean, Vietnamese order).
_SURNAME_FIRST = {"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "SGP", "KHM", "HUN", "MNG"}


def actor_key(entity: Entity) -> str:
    """Stable cross-document key of an entity (see module doc)."""
    return key_for(entity.name, entity.type, entity.country, fallback=entity.id)


def key_for(name: str | None, etype: str | None, country: str | None = None,
            fallback: str = "?") -> str:
    """The key of an actor known only by name, type and country (an event participant,
    a speaker): the same rules as ``actor_key``."""
    etype = (etype or "").upper()
    name = name or ""
    if etype == "PERSON":
        norm = normalise_person_name(name)
        return f"person:{norm}" if norm else f"person:{fallback}"
    place = gazetteer.lookup(name) if name else None
    if etype == "COUNTRY":
        if place is not None and place.type == "COUNTRY" and place.country:
            return place.country
        if country and gazetteer.is_country(country):
            return country.upper()
    if place is not None:
        if place.kind in ("igo", "ngo"):
            return place.code
        # a state's own name is the state whatever the tagger called it ("Japan" as GPE,
        # ORG or LOCATION); its capital or demonym is, only when it acts as the state
        if place.kind in ("country", "alias") and place.country:
            return place.country
        if place.type == "COUNTRY" and place.country and etype in ("COUNTRY", "GPE", ""):
            return place.country
        if place.kind in ("seat", "agency", "city", "region", "area", "party", "group"):
            # the body's own canonical name: "the White House" and "White House" agree
            return f"{place.type.lower()}:{_normalise_other(place.name)}"
    norm = _normalise_other(name)
    prefix = etype.lower() if etype else "entity"
    return f"{prefix}:{norm}" if norm else f"{prefix}:{fallback}"


# ------------------------------------------------------------------ registry
@dataclass
class RoleSpan:
    title: str
    of: str | None
    qualifier: str | None
    first_seen: str | None
    last_seen: str | None
    docs: set[str] = field(default_factory=set)

    def to_json(self) -> dict:
        return {"title": self.title, "of": self.of, "qualifier": self.qualifier,
                "first_seen": self.first_seen, "last_seen": self.last_seen,
                "docs": sorted(self.docs)}


@dataclass
class RegisteredActor:
    key: str
    name: str
    type: str
    country: str | None
    roles: list[RoleSpan]
    variants: list[str]
    doc_ids: list[str]
    first_seen: str | None
    last_seen: str | None
    mentions: int = 0

    def to_json(self) -> dict:
        return {"key": self.key, "name": self.name, "type": self.type,
                "country": self.country, "roles": [r.to_json() for r in self.roles],
                "variants": self.variants, "doc_ids": self.doc_ids,
                "first_seen": self.first_seen, "last_seen": self.last_seen,
                "mentions": self.mentions}


class _Acc:
    """What the registry knows of one actor while documents arrive."""

    __slots__ = ("key", "type", "names", "countries", "roles", "docs", "first", "last",
                 "mentions", "order")

    def __init__(self, key: str, etype: str, order: int) -> None:
        self.key = key
        self.type = etype
        self.names: Counter[str] = Counter()
        self.countries: Counter[str] = Counter()
        self.roles: dict[tuple[str, str | None, str | None], RoleSpan] = {}
        self.docs: dict[str, None] = {}      # ordered set
        self.first: str | None = None
        self.last: str | None = None
        self.mentions = 0
        self.order = order

    def absorb(self, other: "_Acc") -> None:
        self.names.update(other.names)
        self.countries.update(other.countries)
        for k, r in other.roles.items():
            mine = self.roles.get(k)
            if mine is None:
                self.roles[k] = r
            else:
                mine.first_seen = _min(mine.first_seen, r.first_seen)
                mine.last_seen = _max(mine.last_seen, r.last_seen)
                mine.docs |= r.docs
        for d in other.docs:
            self.docs.setdefault(d)
        self.first = _min(self.first, other.first)
        self.last = _max(self.last, other.last)
        self.mentions += other.mentions

    def country(self) -> str | None:
        if not self.countries:
            return None
        return sorted(self.countries.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _min(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else max(a, b)


class ActorRegistry:
    """Accumulates entities across documents into actors (pure, in memory).

    Finding the person a short form belongs to, or the short forms a full name adopts, never
    scans the persons: indexes give the few names that can fit ("Smith" -> the full names
    ending in "smith"; "John Smith" -> those with "john" before "smith"), filed by each
    person's current country, so that an add costs about the same with 100 or 100,000 known
    persons (common first names and surnames included)."""

    def __init__(self) -> None:
        self._actors: dict[str, _Acc] = {}
        self._alias: dict[str, str] = {}        # merged key -> surviving key
        # persons of two words or more, by last word / by first word, then by country: the
        # full names a surname alone may be short for
        self._by_last: dict[str, dict[str | None, set[str]]] = {}
        self._by_first: dict[str, dict[str | None, set[str]]] = {}
        # persons of three words or more, by (last word, an earlier word) and (last word,
        # an earlier word's initial), then by country: what "John Smith" / "J Smith" may be
        # short for
        self._by_pair: dict[tuple[str, str, str], dict[str | None, set[str]]] = {}
        # persons of one or two words by their name ("kim", "kim@USA" both under "kim"):
        # the short forms a full name may adopt
        self._short: dict[str, set[str]] = {}
        self._filed: dict[str, str | None] = {}  # person key -> the country it is filed under
        self._seq = 0

    # -------------------------------------------------------------- keys
    def resolve(self, key: str) -> str:
        """The surviving key of an actor (follows merges)."""
        seen = set()
        while key in self._alias and key not in seen:
            seen.add(key)
            key = self._alias[key]
        return key

    def _long_terms(self, toks: list[str]) -> list[tuple[dict, object]]:
        """The (index, term) pairs a person's key is filed under as a possible full name."""
        if len(toks) < 2:
            return []
        out: list[tuple[dict, object]] = [(self._by_last, toks[-1]),
                                          (self._by_first, toks[0])]
        if len(toks) >= 3:
            last = toks[-1]
            for x in dict.fromkeys(toks[:-1]):
                out.append((self._by_pair, ("w", last, x)))
            for i in dict.fromkeys(x[0] for x in toks[:-1]):
                out.append((self._by_pair, ("i", last, i)))
        return out

    def _index(self, key: str) -> None:
        toks = self._tokens(key)
        if not toks:
            return
        if len(toks) <= 2:
            self._short.setdefault(" ".join(toks), set()).add(key)
        country = self._actors[key].country()
        self._filed[key] = country
        for idx, term in self._long_terms(toks):
            idx.setdefault(term, {}).setdefault(country, set()).add(key)

    def _unindex(self, key: str) -> None:
        toks = self._tokens(key)
        if not toks:
            return
        if len(toks) <= 2:
            self._short.get(" ".join(toks), set()).discard(key)
        country = self._filed.pop(key, None)
        for idx, term in self._long_terms(toks):
            idx.get(term, {}).get(country, set()).discard(key)

    def _refile(self, acc: _Acc) -> None:
        """Keep a person filed under its current country (it changes as documents add
        countries or a merge brings some)."""
        if acc.key not in self._filed:
            return
        country = acc.country()
        old = self._filed[acc.key]
        if country == old:
            return
        for idx, term in self._long_terms(self._tokens(acc.key)):
            by_country = idx[term]
            by_country[old].discard(acc.key)
            by_country.setdefault(country, set()).add(acc.key)
        self._filed[acc.key] = country

    @staticmethod
    def _tokens(key: str) -> list[str]:
        name = key.split(":", 1)[1] if ":" in key else key
        return name.split("@", 1)[0].split()

    @staticmethod
    def _compatible(c1: str | None, c2: str | None) -> bool:
        return c1 is None or c2 is None or c1 == c2

    def _shorter_of(self, short: list[str], long: list[str], country: str | None) -> bool:
        """Is ``short`` a shorter form of the name ``long``? A surname, or a first name and
        surname: same surname (last word; or the first word in East Asian order) and its
        first word in ``long`` ("Joe Biden" / "Joe R. Biden"; "J. Biden" as an initial)."""
        if len(short) >= len(long) or len(short) > 2:
            # three words or more are a full name of their own: "George W. Bush" is not
            # a short form of "George H. W. Bush"
            return False
        if short[-1] == long[-1]:
            it = iter(long[:-1])
            return all(any(w == x or (len(w) == 1 and x.startswith(w)) for x in it)
                       for w in short[:-1])
        if len(short) == 1 and short[0] == long[0] and (country in _SURNAME_FIRST):
            return True
        return False

    def _merge_target(self, key: str, tokens: list[str], country: str | None) -> str | None:
        """The one known full name ``tokens`` is a shorter form of (country compatible), or
        None when none or several are. Only the indexed names that can fit are looked at,
        and the search stops at the second fit."""
        if not tokens or len(tokens) > 2:
            return None                 # three words or more are nobody's short form
        if len(tokens) == 2:
            first, last = tokens
            term = ("i", last, first) if len(first) == 1 else ("w", last, first)
            by_country = self._by_pair.get(term, {})
        else:
            by_country = self._by_last.get(tokens[0], {})
        if country is None:
            buckets = list(by_country.values())
        else:
            buckets = [by_country.get(None), by_country.get(country)]
        if len(tokens) == 1:
            # a surname written first ("Kim" for Kim Jong Un), where the country uses that order
            by_first = self._by_first.get(tokens[0], {})
            if country is None:
                buckets += [b for c, b in by_first.items() if c in _SURNAME_FIRST]
            elif country in _SURNAME_FIRST:
                buckets += [by_first.get(None), by_first.get(country)]
        found: set[str] = set()
        for bucket in buckets:
            for k in bucket or ():
                if k != key:
                    found.add(k)
                    if len(found) > 1:
                        return None
        return next(iter(found)) if len(found) == 1 else None

    def _person_key(self, key: str, country: str | None) -> str:
        """Where a person entity goes: its own full name, the full name a shorter form
        belongs to, or (a bare surname whose country conflicts with the actor already
        holding it) a country-qualified key such as ``person:kim@USA``."""
        tokens = self._tokens(key)
        acc = self._actors.get(key)
        if acc is not None:
            if len(tokens) > 1 or self._compatible(country, acc.country()):
                return key
            return f"{key}@{country}"
        if key in self._alias:
            target = self.resolve(key)
            held = self._actors.get(target)
            if held is None or self._compatible(country, held.country()):
                return target
        if len(tokens) == 2:
            # "Kishida Fumio" (family name first, as some outlets write Japanese names)
            flipped = self._actors.get(f"person:{tokens[1]} {tokens[0]}")
            if flipped is not None and self._compatible(country, flipped.country()):
                self._alias.setdefault(key, flipped.key)
                return flipped.key
        target = self._merge_target(key, tokens, country)
        if target is not None:
            self._alias.setdefault(key, target)
            return target
        if key in self._alias and country:
            return f"{key}@{country}"
        return key

    # -------------------------------------------------------------- add
    def add(self, entity: Entity, doc_id: str, date: str | None = None) -> str:
        """Record one document's entity; returns the canonical key it now belongs to."""
        key = actor_key(entity)
        etype = (entity.type or "").upper() or "ENTITY"
        country = entity.country.upper() if entity.country else None
        if etype == "PERSON":
            key = self._person_key(key, country)
        else:
            key = self.resolve(key)
        if key.isupper():
            # a code names a state or an organisation whatever the tagger called it
            etype = "COUNTRY" if gazetteer.is_country(key) else "ORG"
        acc = self._actors.get(key)
        new = acc is None
        if new:
            self._seq += 1
            acc = _Acc(key, etype, self._seq)
            self._actors[key] = acc
            if etype == "PERSON":
                self._index(key)
        name = entity.name.strip() if entity.name else key
        acc.names[name] += 1
        if country:
            acc.countries[country] += 1
        acc.docs.setdefault(doc_id)
        acc.first = _min(acc.first, date)
        acc.last = _max(acc.last, date)
        acc.mentions += max(1, len(entity.mentions))
        if country and etype == "PERSON":
            self._refile(acc)
        for r in entity.roles:
            when = r.as_of or date
            k = (r.title, r.of, r.qualifier)
            span = acc.roles.get(k)
            if span is None:
                acc.roles[k] = RoleSpan(r.title, r.of, r.qualifier, when, when, {doc_id})
            else:
                span.first_seen = _min(span.first_seen, when)
                span.last_seen = _max(span.last_seen, when)
                span.docs.add(doc_id)
        if new and etype == "PERSON":
            self._adopt_shorter(key, country)
        return key

    def restore(self, key: str, name: str, country: str | None = None) -> bool:
        """Make a stored person known as the store has it (its key, name and country),
        deciding nothing: what the registry once decided stays decided. A key already
        known, or merged into another, is left alone (False)."""
        if key in self._actors or key in self._alias:
            return False
        self._seq += 1
        acc = _Acc(key, "PERSON", self._seq)
        acc.names[name or key] += 1
        if country:
            acc.countries[country.upper()] += 1
        self._actors[key] = acc
        self._index(key)
        return True

    # What a store must restore before ``add`` so that the registry decides as if it had
    # restored every stored person (``restore`` takes a person as stored: its country fixed).
    # Each lookup an add makes is by a word of the new name, in one position:
    #   - the name itself, its country variants, the shorter forms it may adopt and the full
    #     names a shorter form may join, its family-name-first reverse: persons whose LAST
    #     word is the name's first or last word;
    #   - a surname alone written first ("Kim" for Kim Jong Un): persons whose FIRST word it
    #     is, and only those that have no country or one that writes the family name first
    #     (no other can match), needed when the new name is one word or a one-word person
    #     of that name is known.
    SURNAME_FIRST_COUNTRIES = frozenset(_SURNAME_FIRST)

    @classmethod
    def name_words(cls, key: str) -> tuple[str, str] | None:
        """First and last word of a person key's name (what a store indexes)."""
        toks = cls._tokens(key)
        return (toks[0], toks[-1]) if toks else None

    @classmethod
    def one_word(cls, key: str) -> bool:
        return len(cls._tokens(key)) == 1

    def knows_one_word(self, word: str) -> bool:
        """Is a one-word person ``word`` (any country variant) known?"""
        return bool(self._short.get(word))

    def add_document(self, doc: Annotated) -> dict[str, str]:
        """Record every entity of one annotated document; Entity.id -> actor key."""
        a = doc.article
        return {e.id: self.add(e, a.doc_id, a.published) for e in doc.entities}

    def _adopt_shorter(self, key: str, country: str | None) -> None:
        """A fuller name arrived: earlier shorter forms that fit only it join it."""
        tokens = self._tokens(key)
        if len(tokens) < 2:
            return
        # every name a shorter form of ``tokens`` can have: its surname, its first word
        # (family name first), and a first name or initial before the surname
        names = {tokens[-1], tokens[0]}
        if len(tokens) >= 3:
            for x in tokens[:-1]:
                names.add(f"{x} {tokens[-1]}")
                names.add(f"{x[0]} {tokens[-1]}")
        cands: set[str] = set()
        for n in names:
            cands |= self._short.get(n, set())
        for short_key in sorted(cands):
            a = self._actors.get(short_key)
            if a is None or a.key == key:
                continue
            short = self._tokens(a.key)
            if len(short) >= len(tokens):
                continue
            if not self._shorter_of(short, tokens, country or a.country()):
                continue
            if not self._compatible(country, a.country()):
                continue
            if self._merge_target(a.key, short, a.country()) != key:
                continue            # another full name fits too: ambiguous, keep apart
            self._merge_into(a.key, key)

    def _merge_into(self, old: str, key: str) -> None:
        """The actor at ``old`` joins the one at ``key``; older aliases of ``old`` reach
        ``key`` via resolve()."""
        acc = self._actors.pop(old)
        self._unindex(old)
        self._actors[key].absorb(acc)
        self._refile(self._actors[key])
        self._alias[old] = key

    # -------------------------------------------------------------- read
    def actors(self) -> list[RegisteredActor]:
        """Every actor, in order of first registration."""
        return [self._report(acc) for acc in sorted(self._actors.values(),
                                                    key=lambda a: a.order)]

    def get(self, key: str) -> RegisteredActor | None:
        acc = self._actors.get(self.resolve(key))
        return self._report(acc) if acc is not None else None

    def _report(self, acc: _Acc) -> RegisteredActor:
        country = acc.key if acc.type == "COUNTRY" and gazetteer.is_country(acc.key) \
            else acc.country()
        return RegisteredActor(
            key=acc.key, name=self._canonical_name(acc), type=acc.type, country=country,
            roles=sorted(acc.roles.values(),
                         key=lambda r: (r.first_seen or "", r.title, r.of or "",
                                        r.qualifier or "")),
            variants=sorted(acc.names), doc_ids=sorted(acc.docs),
            first_seen=acc.first, last_seen=acc.last, mentions=acc.mentions)

    def aliases(self) -> dict[str, str]:
        """Every merged key -> the key it now lives under."""
        return {k: self.resolve(k) for k in self._alias}

    def __len__(self) -> int:
        return len(self._actors)

    @staticmethod
    def _canonical_name(acc: _Acc) -> str:
        if acc.type in ("COUNTRY",) or acc.key.isupper():
            name = gazetteer.country_name(acc.key)
            if name:
                return name
        if acc.type != "PERSON":
            top = sorted(acc.names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            place = gazetteer.lookup(top)
            if place is not None and place.kind not in ("capital", "demonym"):
                return place.name
            return re.sub(r"^(?i:the)\s+", "", top) or top
        # the fullest name seen, then the most frequent, then alphabetical
        return sorted(acc.names.items(),
                      key=lambda kv: (-len(normalise_person_name(kv[0]).split())
                                      if acc.type == "PERSON" else 0, -kv[1], kv[0]))[0][0]
