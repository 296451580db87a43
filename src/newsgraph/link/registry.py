"""Cross-document actors: one key per real person or body, whatever the document called it.

``actor_key(entity)`` is a stable string, the same in every run and every document:

* states: their ISO3 code, upper case ("PRK"); historic states too ("SUN");
* international organisations: their gazetteer code ("UN", "UNGA", "NATO");
* everything else: ``"<type>:<normalised name>"`` in lower case, e.g.
  ``"person:kim jong un"`` (diacritics folded, hyphens and spaces unified, honorifics and
  titles removed: "Kim Jong-un", "Kim Jong Un", "Mr Kim Jong Un" share it),
  ``"org:white house"``, ``"location:new york city"``.

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
``resolve(key)`` follows such merges (``aliases()`` lists them). A bare surname whose country conflicts with the actor
holding that name gets a country-qualified key (``person:kim@USA``). Codes keep their
type whatever the tagger said: an ISO3 key is a COUNTRY, an IGO code an ORG.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..annotate import gazetteer
from ..model import Annotated, Entity

__all__ = ["actor_key", "key_for", "normalise_person_name", "ActorRegistry", "RegisteredActor",
           "RoleSpan"]

# Honorifics and titles that may lead a name as the NER tagged it ("Mr Kim", "President
# Joe Biden"); the lexicon has the full table, these are the ones seen inside name spans.
_LEADING = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "madam", "madame",
    "mme", "monsieur", "prof", "professor", "rev", "reverend", "hon", "president", "pres",
    "prime", "minister", "pm", "premier", "chancellor", "king", "queen", "prince",
    "princess", "emperor", "empress", "sheikh", "sheikha", "emir", "sultan", "pope",
    "ayatollah", "imam", "cardinal", "archbishop", "bishop", "general", "gen", "admiral",
    "adm", "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt",
    "sergeant", "sgt", "senator", "sen", "representative", "rep", "governor", "gov",
    "mayor", "judge", "justice", "secretary", "ambassador", "chairman", "chairwoman",
    "comrade", "supreme", "leader", "vice", "deputy", "former", "late", "the", "st",
}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "qc", "kc", "mp", "obe", "mbe",
             "cbe", "kbe"}
# Surnames that usually come first (Chinese, Korean, Vietnamese order).
_SURNAME_FIRST = {"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "SGP", "KHM", "HUN", "MNG"}


def _fold(s: str) -> str:
    return gazetteer._strip_accents(s)      # also the letters NFKD keeps whole ("Ł", "ø")


def normalise_person_name(name: str) -> str:
    """"Mr Kim Jong-un" -> "kim jong un"; "José Manuel Barroso" -> "jose manuel barroso";
    "O'Brien" -> "obrien"; "Martin Luther King Jr." -> "martin luther king"."""
    s = _fold(unicodedata.normalize("NFKC", name or "")).replace("\u2019", "'")
    s = re.sub(r"'s$", "", s.strip())
    s = s.replace("'", "").replace("`", "")
    s = re.sub(r"[-\u2010-\u2014_]", " ", s)
    s = re.sub(r"[^\w\s]", " ", s)
    words = s.casefold().split()
    while len(words) > 1 and words[0] in _LEADING:
        words.pop(0)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


def _normalise_other(name: str) -> str:
    s = _fold(unicodedata.normalize("NFKC", name or "")).replace("\u2019", "'")
    s = re.sub(r"'s$", "", s.strip())
    s = re.sub(r"^(?i:the)\s+", "", s)
    s = s.replace("'", "")
    s = re.sub(r"[-\u2010-\u2014_]", " ", s)
    s = re.sub(r"[^\w\s&]", " ", s)
    return " ".join(s.casefold().split())


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
        if place.kind in ("seat", "agency", "city", "region", "area"):
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
    """Accumulates entities across documents into actors (pure, in memory)."""

    def __init__(self) -> None:
        self._actors: dict[str, _Acc] = {}
        self._alias: dict[str, str] = {}        # merged key -> surviving key
        # person keys by their first and by their last name word, so that finding the
        # full names a short form may belong to does not scan every person
        self._by_word: dict[str, set[str]] = {}
        self._seq = 0

    # -------------------------------------------------------------- keys
    def resolve(self, key: str) -> str:
        """The surviving key of an actor (follows merges)."""
        seen = set()
        while key in self._alias and key not in seen:
            seen.add(key)
            key = self._alias[key]
        return key

    def _persons(self, *words: str) -> list[_Acc]:
        """Persons whose first or last name word is one of ``words`` (sorted by key)."""
        keys: set[str] = set()
        for w in words:
            keys |= self._by_word.get(w, set())
        return [self._actors[k] for k in sorted(keys) if k in self._actors]

    def _index(self, key: str) -> None:
        toks = self._tokens(key)
        if toks:
            for w in {toks[0], toks[-1]}:
                self._by_word.setdefault(w, set()).add(key)

    def _unindex(self, key: str) -> None:
        toks = self._tokens(key)
        for w in {toks[0], toks[-1]} if toks else ():
            self._by_word.get(w, set()).discard(key)

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
        cands = []
        for a in self._persons(tokens[-1], tokens[0]):
            if a.key == key:
                continue
            other = self._tokens(a.key)
            c = a.country()
            if not self._compatible(country, c):
                continue
            if self._shorter_of(tokens, other, country or c):
                cands.append(a.key)
        if len(cands) == 1:
            return cands[0]
        return None

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

    def add_document(self, doc: Annotated) -> dict[str, str]:
        """Record every entity of one annotated document; Entity.id -> actor key."""
        a = doc.article
        return {e.id: self.add(e, a.doc_id, a.published) for e in doc.entities}

    def _adopt_shorter(self, key: str, country: str | None) -> None:
        """A fuller name arrived: earlier shorter forms that fit only it join it."""
        tokens = self._tokens(key)
        for a in self._persons(tokens[-1], tokens[0]):
            if a.key == key or a.key not in self._actors:
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
            acc = self._actors.pop(a.key)
            self._unindex(a.key)
            self._actors[key].absorb(acc)
            self._alias[a.key] = key       # older aliases of a.key reach key via resolve()

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
