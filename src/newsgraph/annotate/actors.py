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
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from ..model import Annotated, Entity, Mention, Role
from ..names import name_key
from . import coref, gazetteer
from . import roles as R
from .coref import Cluster

log = logging.getLogger(__name__)

__all__ = ["stage", "extract", "resolve_span", "vote"]

resolve_span = coref.resolve_span

_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# Gazetteer matches inside these entities are part of a name, not a state mention
# ("the Korean War", "the Bank of Japan").
_OPAQUE_LABELS = {"EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE", "ORG"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_STATE_ALIAS_KINDS = {"demonym", "capital", "seat"}
_STATE_NAME_KINDS = {"country", "alias"}
# Head nouns that make "the X regime led by NAME" a statement about who leads state X.
_STATE_HEADS = {"regime", "government", "country", "state", "nation", "administration",
                "leadership", "dictatorship", "republic", "kingdom"}
_KIN = {"father", "mother", "son", "daughter", "brother", "sister", "wife", "husband",
        "uncle", "aunt", "grandfather", "grandmother", "grandson", "granddaughter", "nephew",
        "niece", "cousin", "widow", "widower"}
_LEAD_CUES = (("under",), ("led", "by"), ("headed", "by"), ("ruled", "by"))


# ---------------------------------------------------------------------------- gazetteer
def _safe_find_all(text: str) -> list:
    try:
        return list(gazetteer.find_all(text))
    except Exception:  # a gazetteer bug must not lose the document's other actors
        log.exception("gazetteer.find_all failed")
        return []


def _safe_lookup(surface: str) -> Any:
    try:
        return gazetteer.lookup(surface)
    except Exception:
        return None


def _country_name(code: str) -> str | None:
    try:
        return gazetteer.country_name(code)
    except Exception:
        return None


# ---------------------------------------------------------------------------- helpers
def _is_sublist(short: tuple, long: tuple) -> bool:
    n, m = len(short), len(long)
    return n < m and any(long[i:i + n] == short for i in range(m - n + 1))


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


class _Cand:
    """One occurrence of a name before clustering."""

    __slots__ = ("start", "end", "a", "b", "label", "place", "key", "kind", "gender")

    def __init__(self, start, end, a, b, label, place=None, key=None, kind="name"):
        self.start, self.end, self.a, self.b = start, end, a, b
        self.label, self.place, self.key, self.kind = label, place, key, kind
        self.gender = None


# ---------------------------------------------------------------------------- stage
def stage(doc: Annotated) -> Annotated:
    if doc.nlp is None:
        return doc
    try:
        ents = extract(doc.nlp, doc.article.published)
    except Exception as exc:  # one bad document never stops a run
        log.exception("actors failed on %s", doc.article.doc_id)
        return replace(doc, skipped=doc.skipped + (f"actors: {type(exc).__name__}: {exc}",))
    return replace(doc, entities=ents)


def extract(sp: Any, published: str | None = None) -> tuple[Entity, ...]:
    """The actors of a parsed document (a spaCy Doc), as ``Entity`` records."""
    text = sp.text
    if not text.strip() or len(sp) == 0:
        return ()
    d = coref._Doc(sp)      # token offsets and sentences, shared with coreference
    sent_of, tok_range = d.sent_of, d.tok_range

    # 1. gazetteer matches (states, IGOs, cities), minus those inside opaque names
    opaque = []
    name_ents = []
    for ent in sp.ents:
        if ent.label_ in _OPAQUE_LABELS:
            opaque.append((ent.start_char, ent.end_char, ent.label_))
        if ent.label_ in _NAME_LABELS:
            name_ents.append(ent)
    opaque_starts = [o[0] for o in opaque]
    places: list[_Cand] = []
    for s, e, place in _safe_find_all(text):
        if not text[s:e].strip():
            continue
        k = bisect.bisect_right(opaque_starts, s) - 1      # entities do not overlap
        if k >= 0 and opaque[k][0] <= s and e <= opaque[k][1]:
            os_, oe, lab = opaque[k]
            # an ORG that *is* the place ("UN", "the White House") is the place
            if not (lab == "ORG" and _strip_the(text, os_, oe) == (s, e)):
                continue
        a, b = tok_range(s, e)
        places.append(_Cand(s, e, a, b, "PLACE", place=place))
    place_chars = sorted((c.start, c.end) for c in places)

    def covered_by_place(s: int, e: int) -> bool:
        k = bisect.bisect_left(place_chars, (e, e))
        # place spans do not overlap each other: only the last one starting before e matters
        return k > 0 and place_chars[k - 1][1] > s

    places_at_tok = _state_tokens(sp, places)

    # 2. trimmed name candidates from the tagger
    cands: list[_Cand] = []
    for ent in name_ents:
        lab = ent.label_
        if "\n" in ent.text:
            continue
        if lab in ("GPE", "LOC", "FAC", "NORP") and covered_by_place(ent.start_char, ent.end_char):
            continue
        a, b = ent.start, ent.end
        gender = None
        while a < b and (sp[a].lower_ in ("the", "a", "an") or sp[a].pos_ == "DET"
                         or sp[a].is_punct
                         or sp[a].is_space or sp[a].text in _POSSESSIVE
                         or (lab == "PERSON" and (a in places_at_tok or R.is_role_word(sp[a].text)))):
            is_h, g = R.honorific_gender(sp[a].text)
            if is_h and g:
                gender = g
            a += 1
        while b > a and (sp[b - 1].text in _POSSESSIVE or sp[b - 1].is_punct or sp[b - 1].is_space):
            b -= 1
        if a >= b:
            continue
        s, e = sp[a].idx, sp[b - 1].idx + len(sp[b - 1].text)
        surface = text[s:e]
        if not any(ch.isupper() for ch in surface):
            continue
        if lab == "ORG":
            place = _safe_lookup(surface)
            if place is not None and place.kind not in ("city", "region"):
                if not covered_by_place(s, e):
                    places.append(_Cand(s, e, a, b, "PLACE", place=place))
                    bisect.insort(place_chars, (s, e))
                continue
        # an honorific just before the span ("Mr Kishida") that the tagger left out
        if a > 0:
            is_h, g = R.honorific_gender(sp[a - 1].text)
            if is_h and g:
                gender = gender or g
        c = _Cand(s, e, a, b, lab, key=name_key([t.text for t in sp[a:b]]))
        c.gender = gender
        cands.append(c)

    # 3. voting: one label per surface form
    occurrences = [(c.key, c.label, c.gender) for c in cands]
    # a title right before a name is person evidence ("NBC anchor Lester Holt")
    occurrences += [(c.key, "PERSON", None) for c in cands
                    if c.label != "PERSON" and c.a > 0 and 2 <= len(c.key) <= 3
                    and R.canonical_title([sp[c.a - 1].text]) is not None
                    and sp[c.a - 1].text[:1].isalpha()]
    final = vote(occurrences)
    for c in cands:
        c.label = final[c.key]
    # a state word inside a person's name is part of the name ("Mark Cuban", "Jack English")
    pspans = sorted((c.start, c.end) for c in cands if c.label == "PERSON")
    pstarts = [p[0] for p in pspans]

    def in_person(s: int, e: int) -> bool:
        k = bisect.bisect_left(pstarts, e) - 1
        while k >= 0 and pspans[k][1] > s - 200:
            if pspans[k][0] < e and s < pspans[k][1]:
                return True
            k -= 1
        return False

    if pspans:
        places = [c for c in places if not in_person(c.start, c.end)]
        place_chars = sorted((c.start, c.end) for c in places)
        places_at_tok = _state_tokens(sp, places)

    # 4. person names the tagger missed: a known surname (or single name) standing alone
    taken = sorted([(c.start, c.end) for c in cands] + place_chars)
    taken_tok = set()
    for s, e in taken:
        a, b = tok_range(s, e)
        taken_tok.update(range(a, b))
    for os_, oe, lab in opaque:
        a, b = tok_range(os_, oe)
        if lab != "ORG":
            taken_tok.update(range(a, b))
    single = {}
    for c in cands:
        if c.label == "PERSON":
            single[sp[c.b - 1].text] = c.key[-1:] if len(c.key) else ()
            if c.b - c.a == 1:
                single[sp[c.a].text] = c.key
    for t in sp:
        if t.i in taken_tok or t.text not in single or not t.text[:1].isupper():
            continue
        nxt = sp[t.i + 1] if t.i + 1 < len(sp) else None
        prv = sp[t.i - 1] if t.i > 0 else None
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
            continue
        if prv is not None and prv.pos_ == "PROPN" and prv.text[:1].isupper() \
                and not R.is_role_word(prv.text) and prv.i not in places_at_tok:
            continue
        c = _Cand(t.idx, t.idx + len(t.text), t.i, t.i + 1, "PERSON", key=name_key([t.text]))
        if prv is not None:
            is_h, g = R.honorific_gender(prv.text)
            c.gender = g if is_h else None
        cands.append(c)
    cands.sort(key=lambda c: c.start)

    clusters: list[Cluster] = []
    cl_of: dict[int, Cluster] = {}      # id(cand) -> cluster

    # 5a. states, organisations and places from the gazetteer
    by_code: dict[tuple[str, str], Cluster] = {}
    for c in sorted(places, key=lambda c: c.start):
        p = c.place
        code = _state_code(p)
        if code:
            key = ("COUNTRY", code)
            kind = "alias" if p.kind in _STATE_ALIAS_KINDS else "name"
            if key not in by_code:
                by_code[key] = Cluster("COUNTRY", _country_name(code) or p.name, key, country=code)
            cl = by_code[key]
        else:
            typ = "ORG" if p.type == "ORG" else "LOCATION"
            key = (typ, p.code or p.name)
            kind = "name"
            if key not in by_code:
                by_code[key] = Cluster(typ, p.name, key, country=p.country)
            cl = by_code[key]
        s, e = _strip_the(text, c.start, c.end)
        cl.mentions.append((s, e, kind))
        cl_of[id(c)] = cl
    clusters.extend(by_code.values())

    # 5b. people: longest names first, shorter forms join the names they are part of
    persons = [c for c in cands if c.label == "PERSON" and c.key]
    pkeys = sorted({c.key for c in persons}, key=lambda k: (-len(k), k))
    pclusters: dict[tuple, Cluster] = {}
    by_word: dict[str, list[tuple]] = defaultdict(list)
    by_key: dict[tuple, list[_Cand]] = defaultdict(list)
    for c in persons:
        by_key[c.key].append(c)
    assigned: dict[Cluster, list[int]] = defaultdict(list)   # cluster -> mention starts
    for k in pkeys:
        # only keys sharing a word can contain k (keeps a list of 5,000 names linear-ish)
        hosts = [pclusters[pk] for pk in by_word.get(k[0], ()) if _is_sublist(k, pk)]
        # a host is reached through its own full key only once
        hosts = list({id(h): h for h in hosts}.values())
        if not hosts:
            cl = Cluster("PERSON", "", k)
            # known now so that "Mrs. Clinton" can choose between Hillary and Bill below
            cl.gender = next((c.gender for c in by_key[k] if c.gender), None)
            if cl.gender is None and len(k) >= 2:
                first = by_key[k][0]
                cl.gender = R.first_name_gender(text[first.start:first.end])
            pclusters[k] = cl
            for w in set(k):
                by_word[w].append(k)
            clusters.append(cl)
            for c in by_key[k]:
                cl_of[id(c)] = cl
                assigned[cl].append(c.start)
            continue
        if len(hosts) == 1:
            pclusters[k] = hosts[0]
            for c in by_key[k]:
                cl_of[id(c)] = hosts[0]
                assigned[hosts[0]].append(c.start)
            continue
        for c in by_key[k]:
            pool = [h for h in hosts if not (c.gender and h.gender and c.gender != h.gender)] \
                or hosts
            # (mentions so far, most recent mention) per candidate
            before = [(sum(1 for s in assigned[h] if s < c.start),
                       max((s for s in assigned[h] if s < c.start), default=-1), h)
                      for h in pool]
            prior = [x for x in before if x[0] > 0]
            if prior:
                h = max(prior, key=lambda x: (x[0], x[1]))[2]
            else:
                h = min(pool, key=lambda h: min(assigned[h], default=1 << 60))
            cl_of[id(c)] = h
            assigned[h].append(c.start)
        # a short key that is ambiguous stays mapped to no single cluster
    # names and genders of people
    line_cache: dict[int, bool] = {}

    def headline(pos: int) -> bool:
        ls = text.rfind("\n", 0, pos) + 1
        if ls not in line_cache:
            le = text.find("\n", pos)
            line = text[ls:le if le >= 0 else len(text)]
            words = [w for w in line.split()[:60] if len(w) > 3 and w[:1].isalpha()]
            caps = sum(1 for w in words if w[:1].isupper())
            # a lead sentence crowded with names and titles is still prose: headlines are
            # short or end without a full stop
            prose = len(line.split()) > 12 and line.rstrip().endswith((".", '"', "\u201d"))
            line_cache[ls] = len(words) >= 3 and caps >= 0.7 * len(words) and not prose
        return line_cache[ls]

    members: dict[int, list[_Cand]] = defaultdict(list)
    for c in persons:
        if id(c) in cl_of:
            members[id(cl_of[id(c)])].append(c)
    for cl in {id(c): c for c in pclusters.values()}.values():
        mine = members[id(cl)]
        if not mine:
            continue
        # the fullest form, from running text when there is one: a title-case headline
        # line glues neighbouring words onto names ("Obama Says", "Rip Donald Trump")
        best = max(mine, key=lambda c: (not headline(c.start), len(c.key), -c.start))
        cl.name = re.sub(r"\s+", " ", text[best.start:best.end])
        cl.key = best.key
        for c in mine:
            cl.mentions.append((c.start, c.end, "name"))
            if c.gender and not cl.gender:
                cl.gender = c.gender
        if not cl.gender:
            # any multi-word form may carry the known first name ("Rip Donald Trump" in a
            # headline, "Donald Trump" in the body)
            for c in sorted(mine, key=lambda c: -len(c.key)):
                if len(c.key) >= 2:
                    g = R.first_name_gender(text[c.start:c.end])
                    if g:
                        cl.gender = g
                        break

    # 5c. organisations, other places, groups (by surface form; acronyms join)
    okeys: dict[tuple, Cluster] = {}
    for c in cands:
        if c.label == "PERSON":
            continue
        typ = {"ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
               "NORP": "GROUP"}.get(c.label, "ORG")
        key = c.key
        if typ == "GROUP" and key and key[-1].endswith("s") and len(key[-1]) > 3:
            key = key[:-1] + (key[-1][:-1],)
        cl = okeys.get((typ, key))
        if cl is None:
            cl = Cluster(typ, re.sub(r"\s+", " ", text[c.start:c.end]), (typ, key))
            okeys[(typ, key)] = cl
            clusters.append(cl)
        cl.mentions.append((c.start, c.end, "name"))
        cl_of[id(c)] = cl
    # "UN" and "United Nations ..." stay apart unless the acronym is exact
    orgs = [cl for cl in okeys.values() if cl.type == "ORG"]
    acr = {cl.name: cl for cl in orgs if cl.name.isupper() and 2 <= len(cl.name) <= 6}
    for cl in orgs:
        words = cl.name.split()
        if len(words) >= 2:
            short = acr.get(_acronym(words))
            if short is not None and short is not cl and short.mentions:
                cl.mentions.extend(short.mentions)
                short.mentions = []
    clusters = [cl for cl in clusters if cl.mentions]

    # 6. roles of people
    name_toks: set[int] = set()
    for c in persons:
        name_toks.update(range(c.a, c.b))
    org_at_tok: dict[int, str] = {}
    org_country = {cl.name: cl.country for cl in clusters if cl.type == "ORG" and cl.country}
    for c in (*cands, *places):
        cl = cl_of.get(id(c))
        if cl is not None and cl.type == "ORG":
            for i in range(c.a, c.b):
                org_at_tok[i] = cl.name
    relations: list[tuple[Cluster, Cluster, str]] = []
    nominal_spans: list[tuple[Cluster, int, int]] = []
    person_at_tok: dict[int, Cluster] = {}
    for c in persons:
        cl = cl_of.get(id(c))
        if cl is not None:
            for i in range(c.a, c.b):
                person_at_tok[i] = cl
    for c in persons:
        cl = cl_of.get(id(c))
        if cl is None:
            continue
        _roles_before(sp, c, cl, places_at_tok, org_at_tok, name_toks, sent_of, org_country)
        _roles_apposed(sp, c, cl, places_at_tok, org_at_tok, org_country, person_at_tok,
                       relations,
                       nominal_spans)
        _led_state(sp, c, cl, places_at_tok, sent_of)
    for cl, s, e in nominal_spans:
        if (s, e, "nominal") not in cl.mentions:
            cl.mentions.append((s, e, "nominal"))

    # 7. coreference
    pcl = [cl for cl in clusters if cl.type == "PERSON"]
    _settle_roles(pcl)
    for target, source, rel in relations:
        if rel == "kin":
            if target.country is None and source.country is not None:
                target.country = source.country
            continue
        for t, of, q in list(source.roles):
            if q != "former":
                target.add_role(t, of, R.RELATION_WORDS.get(rel))
                if target.country is None and _is_state(of):
                    target.country = of
                break
    try:
        coref.resolve(sp, pcl, places_at_tok, name_toks, doc=d)
    except Exception:  # coreference is an addition: the names stand without it
        log.exception("coreference failed")
    _settle_roles(pcl)
    # 7b. world knowledge: the office of a well-known person the text names without one
    known = _known_roles(pcl, published,
                         {cl.country for cl in clusters if cl.type == "COUNTRY" and cl.country})

    # 8. entities, numbered by first mention
    out = []
    clusters.sort(key=lambda cl: min(m[0] for m in cl.mentions))
    for i, cl in enumerate(clusters, 1):
        ms = sorted(set(cl.mentions))
        mentions = tuple(Mention(s, e, text[s:e], k) for s, e, k in ms if 0 <= s < e <= len(text))
        if not mentions:
            continue
        roles = tuple(Role(t, of, published, q,
                           "dictionary" if (id(cl), (t, of, q)) in known else None)
                      for t, of, q in cl.roles)
        out.append(Entity(id="", name=cl.name or mentions[0].text, type=cl.type,
                          country=cl.country, roles=roles, mentions=mentions,
                          gender=cl.gender if cl.type == "PERSON" else None))
    return tuple(replace(e, id=f"e{i}") for i, e in enumerate(out, 1))


# ---------------------------------------------------------------------------- pieces
def vote(occurrences: list[tuple[tuple[str, ...], str, str | None]]) -> dict[tuple, str]:
    """One label per surface form from its occurrences ``(key, tagger label, honorific
    gender)``: the majority label (ties: PERSON first); an honorific counts as a PERSON vote;
    a form that is part of a person's full name in the document is that person, since the
    full name is the stronger evidence ("Ishiba" tagged ORG four times beside "Shigeru
    Ishiba")."""
    votes: dict[tuple, Counter] = defaultdict(Counter)
    for key, label, gender in occurrences:
        votes[key][label] += 1
        if gender:
            votes[key]["PERSON"] += 1
    person_full = [k for k, v in votes.items()
                   if len(k) > 1 and max(v.items(), key=lambda kv: (kv[1], kv[0] == "PERSON"))[0]
                   == "PERSON"]
    part_of_person = {k for k in votes if len(k) < 3
                      and any(_is_sublist(k, f) for f in person_full)}
    order = {"PERSON": 0, "ORG": 1, "GPE": 2, "LOC": 3, "FAC": 4, "NORP": 5}
    final: dict[tuple, str] = {}
    for k, v in votes.items():
        final[k] = "PERSON" if k in part_of_person else \
            max(v.items(), key=lambda kv: (kv[1], -order.get(kv[0], 9)))[0]
    return final


def _strip_the(text: str, s: int, e: int) -> tuple[int, int]:
    if text[s:s + 4].lower() == "the " and e - s > 4:
        s += 4
    while e > s and text[e - 1] in ".,;:" and not re.search(r"[A-Z]\.[A-Z]\.?$", text[s:e]):
        e -= 1
    return s, e


def _state_code(place: Any) -> str | None:
    if place is None:
        return None
    if place.kind in _STATE_NAME_KINDS:
        return place.code
    if place.kind in _STATE_ALIAS_KINDS:
        return place.country or place.code
    return None


def _state_tokens(sp: Any, places: list[_Cand]) -> dict[int, str]:
    """Token index -> ISO3 for the tokens that name or stand for a state."""
    out: dict[int, str] = {}
    for c in places:
        code = _state_code(c.place)
        if code:
            for i in range(c.a, c.b):
                if sp[i].text not in _POSSESSIVE:
                    out[i] = code
    return out


def _words_and_maps(sp: Any, a: int, b: int, places_at_tok: dict[int, str],
                    org_at_tok: dict[int, str]) -> tuple[list[str], dict[int, str], dict[int, str]]:
    words, pl, og = [], {}, {}
    for j, i in enumerate(range(a, b)):
        words.append(sp[i].text)
        if i in places_at_tok:
            pl[j] = places_at_tok[i]
        elif i in org_at_tok:
            og[j] = org_at_tok[i]
    return words, pl, og


def _is_state(code: str | None) -> bool:
    try:
        return bool(code) and gazetteer.is_country(code)
    except Exception:
        return False


def _apply(cl: Cluster, tp: R.TitleParse, org_country: dict[str, str] | None = None) -> None:
    if tp.gender and not cl.gender:
        cl.gender = tp.gender
    if tp.title:
        cl.add_role(tp.title, tp.of, tp.qualifier)
    if cl.country is None and tp.of:
        # a state's office, or a national body's ("Pentagon spokesman" -> USA)
        code = tp.of if _is_state(tp.of) else (org_country or {}).get(tp.of)
        if code and (tp.title is None or tp.title in R.STATE_TITLES
                     or tp.qualifier != "former"):
            cl.country = code


def _role_word_here(t: Any) -> bool:
    """A role word as written here: abbreviations must be capitalised ("PM", "Gov.", not the
    "p.m." of a clock time)."""
    if not R.is_role_word(t.text):
        return False
    w = t.text
    if ("." in w or len(w) <= 3) and not w[:1].isupper():
        return False
    return True


def _roles_before(sp, c, cl, places_at_tok, org_at_tok, name_toks, sent_of,
                  org_country) -> None:
    """The premodifying title phrase: walk left over title words, state words and the like."""
    j = c.a
    si = sent_of[c.a]
    while j > 0 and c.a - j < 9 and sent_of[j - 1] == si:
        t = sp[j - 1]
        if (j - 1) in name_toks:
            break
        if "\n" in t.text or "\n" in t.whitespace_:
            break          # a title never runs across a line break
        if _role_word_here(t) or (j - 1) in places_at_tok or (j - 1) in org_at_tok \
                or t.text in _POSSESSIVE or t.text in ("-",) or t.lower_ in ("then",):
            j -= 1
            continue
        if t.lower_ in ("of", "the") and any(
                k >= 0 and sent_of[k] == si and R.is_role_word(sp[k].text)
                for k in (j - 2, j - 3)):
            j -= 1         # "Secretary of State", "President of the United States"
            continue
        if t.lower_ in ("the", "a", "an"):
            j -= 1
        break
    if j == c.a:
        return
    words, pl, og = _words_and_maps(sp, j, c.a, places_at_tok, org_at_tok)
    tp = R.parse_phrase(words, pl, og)
    # "Japan's Kishida": a possessive state with no title still says where he is from
    _apply(cl, tp, org_country)


def _roles_apposed(sp, c, cl, places_at_tok, org_at_tok, org_country, person_at_tok, relations,
                   nominal_spans) -> None:
    """Appositions: "Biden's predecessor, Donald Trump" and "Kishida, the prime minister,"."""
    head = sp[c.b - 1]
    phrases = []
    # only a phrase right next to the name, across one comma: a parser's long-distance
    # apposition is too often wrong ("...the president and our military," Flynn said)
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and c.a >= 2 \
            and sp[c.a - 1].text == "," and head.head.i == c.a - 2:
        phrases.append(head.head)
    for ch in head.children:
        if ch.dep_ == "appos" and ch.pos_ == "NOUN" and c.b < len(sp) \
                and sp[c.b].text == "," and _np_start(ch) == c.b + 1:
            phrases.append(ch)
    for ph in phrases:
        if ph.lower_ in _KIN:
            # "Kim Jong Un's father, Kim Jong Il": family shares the state, not the title
            owner = next((person_at_tok.get(ch.i) for ch in ph.children if ch.dep_ == "poss"),
                         None)
            if owner is not None and owner is not cl:
                relations.append((cl, owner, "kin"))
            continue
        # only the noun phrase itself (its left part up to the head), kept short
        a, b = _np_start(ph), ph.i + 1
        if b - a > 8 or a >= b or any(c.a <= i < c.b for i in range(a, b)) \
                or "\n" in sp[a:b].text:
            continue
        words, pl, og = _words_and_maps(sp, a, b, places_at_tok, org_at_tok)
        tp = R.parse_phrase(words, pl, og)
        if tp.relation and tp.possessor:
            pa, pb = tp.possessor
            other = person_at_tok.get(a + pb - 1)
            if other is not None and other is not cl:
                relations.append((cl, other, tp.relation))
                nominal_spans.append((cl, sp[a].idx, sp[b - 1].idx + len(sp[b - 1].text)))
            continue
        if tp.title:
            _apply(cl, tp, org_country)
            s = sp[a].idx
            nominal_spans.append((cl, s, sp[b - 1].idx + len(sp[b - 1].text)))


def _np_start(ph: Any) -> int:
    """First token of a noun phrase's left part, past leading adverbs and conjunctions."""
    a = ph.left_edge.i
    doc = ph.doc
    while a < ph.i and doc[a].pos_ in ("ADV", "CCONJ", "PUNCT", "ADP", "SCONJ", "INTJ"):
        a += 1
    return a


def _led_state(sp, c, cl, places_at_tok, sent_of) -> None:
    """"the United States, under President Joe Biden" / "the North Korean regime led by Kim"."""
    # skip back over the title phrase before the name
    j = c.a
    while j > 0 and (R.is_role_word(sp[j - 1].text) or (j - 1) in places_at_tok) \
            and c.a - j < 6:
        j -= 1
    for cue in _LEAD_CUES:
        n = len(cue)
        if j - n < 0 or tuple(t.lower_ for t in sp[j - n:j]) != cue:
            continue
        k = j - n - 1
        if k >= 0 and sp[k].text == ",":
            k -= 1
        # the state itself, or a state-word head noun right after a state word
        code = places_at_tok.get(k) if k >= 0 else None
        if code is None and k >= 1 and sp[k].lower_ in _STATE_HEADS and cue != ("under",):
            code = places_at_tok.get(k - 1)
            if code is not None:
                cl.add_role("Leader", code, None)
        if code is None or sent_of[k] != sent_of[c.a]:
            continue
        if cl.country is None:
            cl.country = code
        return


def _known_roles(pcl: list[Cluster], published: str | None,
                 doc_states: set[str]) -> set[tuple[int, tuple]]:
    """Roles from ``known_actors`` for people with a full name and no role in the text
    (family words give none: "Kim Jong Un's father, Kim Jong Il"), as of the document
    date; a role that had ended by then is "former". What the text says always wins, and a
    person the text places in another state is a namesake. The generated table's thousands
    of ministers of the 2000s count only when the document mentions their state (a name
    alone is weak evidence there); the hand-written heads of state need no such support.
    Returns (id(cluster), role) for each role added, so that it can be marked as coming
    from the dictionary."""
    added: set[tuple[int, tuple]] = set()
    when = (published or "")[:10]
    if not when:
        return added
    try:
        from . import known_actors
    except Exception:
        log.exception("known_actors unavailable")
        return added
    for cl in pcl:
        if cl.roles or not cl.name or len(cl.key or ()) < 2:
            continue
        try:
            found = [d for d in known_actors.roles_at(cl.name, when)
                     if d.status in ("current", "former")
                     and (d.role.source == "overrides" or d.role.of in doc_states
                          or d.role.of == cl.country)]
        except Exception:  # world knowledge is an addition: the text's actors stand without
            log.exception("known_actors lookup failed")
            return added
        if not found:
            continue
        states = {d.role.of for d in found if _is_state(d.role.of)}
        if cl.country and states and cl.country not in states:
            continue
        current = {(d.role.title, d.role.of) for d in found if d.status == "current"}
        # current offices first, then past ones, the latest first
        found.sort(key=lambda d: d.role.end or "9999", reverse=True)
        found.sort(key=lambda d: d.status != "current")
        for d in found:
            if d.status == "former" and (d.role.title, d.role.of) in current:
                continue
            of = d.role.of
            if not _is_state(of):
                place = _safe_lookup(of)
                of = place.name if place is not None else of
            r = (d.role.title, of, "former" if d.status == "former" else None)
            if r not in cl.roles:
                cl.roles.append(r)
                added.add((id(cl), r))
            if cl.country is None and _is_state(d.role.of):
                cl.country = d.role.of
    return added


def _settle_roles(pcl: list[Cluster]) -> None:
    """Bare titles take the person's state; a bare role merges into the same title with a
    state; the person's country comes from a current role when still unknown."""
    for cl in pcl:
        if cl.country is None:
            for t, of, q in cl.roles:
                if _is_state(of):
                    cl.country = of
                    break
        new: list[tuple[str, str | None, str | None]] = []
        for t, of, q in cl.roles:
            if of is None and cl.country and t in R.STATE_TITLES:
                of = cl.country
            if of is None and any(t2 == t and o2 and q2 == q for t2, o2, q2 in cl.roles):
                continue
            if (t, of, q) not in new:
                new.append((t, of, q))
        cl.roles = new
