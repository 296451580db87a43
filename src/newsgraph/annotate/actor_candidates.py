"""Actor components 1-4: candidates from the gazetteer and the tagger, labels by vote, and
person names the tagger missed (see ``actors`` for the whole pipeline)."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict

from ..names import name_key
from . import gazetteer, lexicon
from . import roles as R
from .actor_state import (POSSESSIVE, ActorState, Cand, is_sublist, lookup_place, state_tokens,
                          strip_the)

_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# Gazetteer matches inside these entities are part of a name, not a state mention
# ("the Korean War", "the Bank of Japan").
_OPAQUE_LABELS = {"EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE", "ORG"}
_DASHES = {"-", "–", "—", "--"}
# Lower-case words that may begin a name ("de Villepin", "al-Sadr", "van Gogh")
_PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "ter",
              "ten", "al", "el", "bin", "ben", "ibn", "abu", "le", "la", "dos", "das", "st"}
# Letters after a name; those of a legislature give the person that seat
POST_NOMINALS = {"QC": None, "KC": None, "OBE": None, "MBE": None, "CBE": None, "KBE": None,
                 "PC": None, "MP": "Member of Parliament", "MSP": "Member of Parliament",
                 "MEP": "Member of Parliament", "AM": "Member of Parliament",
                 "TD": "Member of Parliament"}


def _covered(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does a span of the sorted, non-overlapping ``spans`` overlap [s, e)?"""
    k = bisect.bisect_left(spans, (e, e))
    return k > 0 and spans[k - 1][1] > s


def _name_word(t) -> bool:
    return (t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() and not t.is_upper
            and t.ent_type_ == "" and not R.is_role_word(t.text)
            and not R.honorific_gender(t.text)[0])


def gazetteer_matches(st: ActorState) -> None:
    """States, IGOs, cities and parties the gazetteer finds, minus those inside opaque names."""
    sp, text = st.sp, st.text
    opaque = []
    name_ents = []
    for ent in sp.ents:
        if ent.label_ in _OPAQUE_LABELS:
            opaque.append((ent.start_char, ent.end_char, ent.label_))
        if ent.label_ in _NAME_LABELS:
            name_ents.append(ent)
    opaque_starts = [o[0] for o in opaque]
    places: list[Cand] = []
    for s, e, place in gazetteer.find_all(text):
        if not text[s:e].strip():
            continue
        k = bisect.bisect_right(opaque_starts, s) - 1      # entities do not overlap
        if k >= 0 and opaque[k][0] <= s and e <= opaque[k][1]:
            os_, oe, lab = opaque[k]
            # an ORG that *is* the place ("UN", "the White House") is the place
            if not (lab == "ORG" and strip_the(text, os_, oe) == (s, e)):
                continue
        a, b = st.doc.tok_range(s, e)
        places.append(Cand(s, e, a, b, "PLACE", place=place))
    st.opaque, st.name_ents, st.places = opaque, name_ents, places


def name_candidates(st: ActorState) -> None:
    """The tagger's names, trimmed: a leading "the", titles, honorifics, state words and a
    trailing possessive go (the trimmed words are read as a role later). An ORG that the
    gazetteer knows as a state or body is that place."""
    sp, text = st.sp, st.text
    places = st.places
    place_chars = sorted((c.start, c.end) for c in places)
    places_at_tok = state_tokens(sp, places)
    party_tok = {i for c in places if c.place is not None and c.place.kind == "party"
                 for i in range(c.a, c.b)}
    cands: list[Cand] = []
    for ent in st.name_ents:
        lab = ent.label_
        if "\n" in ent.text:
            continue
        if lab in ("GPE", "LOC", "FAC", "NORP") and _covered(place_chars, ent.start_char,
                                                             ent.end_char):
            continue
        a, b = ent.start, ent.end
        gender = None
        while a < b and (sp[a].lower_ in ("the", "a", "an") or sp[a].pos_ == "DET"
                         or sp[a].is_punct
                         or sp[a].is_space or sp[a].text in POSSESSIVE
                         or (lab == "PERSON" and (a in places_at_tok or a in party_tok
                                                  or R.is_role_word(sp[a].text)
                                                  or sp[a].text in ("Lords", "Messrs")
                                                  or (sp[a].text[:1].islower()
                                                      and sp[a].lower_ not in _PARTICLES)))):
            is_h, g = R.honorific_gender(sp[a].text)
            if is_h and g:
                gender = g
            a += 1
        post = None
        if lab == "PERSON" and a == ent.start:
            # the tagger split "Mayor Rahm Emanuel" into a title, "Rahm" and "Emanuel":
            # an untagged capitalised name word right before a person is part of the name
            while a > 0 and _name_word(sp[a - 1]) and (a - 1) not in places_at_tok \
                    and (a - 1) not in party_tok and "\n" not in sp[a - 1].whitespace_:
                a -= 1
        if lab == "PERSON":
            # "John Prescott - were": a name never runs over a spaced dash
            cut = next((i for i in range(a + 1, b) if sp[i].text in _DASHES
                        and (sp[i - 1].whitespace_ or sp[i].whitespace_)), None)
            if cut is not None:
                b = cut
        while b > a and (sp[b - 1].text in POSSESSIVE or sp[b - 1].is_punct
                         or sp[b - 1].is_space
                         or (lab == "PERSON" and b - a > 1 and sp[b - 1].text in POST_NOMINALS)):
            post = post or POST_NOMINALS.get(sp[b - 1].text)
            b -= 1
        if a >= b:
            continue
        s, e = sp[a].idx, sp[b - 1].idx + len(sp[b - 1].text)
        surface = text[s:e]
        if not any(ch.isupper() for ch in surface):
            continue
        if lab == "ORG":
            place = lookup_place(surface)
            if place is not None and place.kind not in ("city", "region"):
                if not _covered(place_chars, s, e):
                    places.append(Cand(s, e, a, b, "PLACE", place=place))
                    bisect.insort(place_chars, (s, e))
                continue
        # an honorific just before the span ("Mr Kishida") that the tagger left out
        if a > 0:
            is_h, g = R.honorific_gender(sp[a - 1].text)
            if is_h and g:
                gender = gender or g
        c = Cand(s, e, a, b, lab, key=name_key([t.text for t in sp[a:b]]))
        c.gender = gender
        c.post = post
        cands.append(c)
    st.cands, st.places = cands, places


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
                      and any(is_sublist(k, f) for f in person_full)}
    order = {"PERSON": 0, "ORG": 1, "GPE": 2, "LOC": 3, "FAC": 4, "NORP": 5}
    final: dict[tuple, str] = {}
    for k, v in votes.items():
        final[k] = "PERSON" if k in part_of_person else \
            max(v.items(), key=lambda kv: (kv[1], -order.get(kv[0], 9)))[0]
    return final


def head_kind(word: str) -> str | None:
    from .actor_filter import head_kind as hk
    return hk(word)


def vote_labels(st: ActorState) -> None:
    """One label per surface form (``vote``); a title right before a name is a PERSON vote."""
    sp, cands = st.sp, st.cands
    occurrences = [(c.key, c.label, c.gender) for c in cands]
    # a title right before a name is person evidence ("NBC anchor Lester Holt")
    occurrences += [(c.key, "PERSON", None) for c in cands
                    if c.label != "PERSON" and c.a > 0 and 2 <= len(c.key) <= 3
                    and R.canonical_title([sp[c.a - 1].text]) is not None
                    and sp[c.a - 1].text[:1].isalpha()]
    # so is a known first name opening a short name ("The Lib Dems' Vince Cable" as ORG)
    occurrences += [(c.key, "PERSON", None) for c in cands
                    if c.label in ("ORG", "GPE", "NORP", "FAC") and 2 <= len(c.key) <= 3
                    and c.b - c.a == len(c.key) and lexicon.is_first_name(sp[c.a].text)
                    and not head_kind(sp[c.b - 1].text)
                    and lookup_place(st.text[c.start:c.end]) is None]
    final = vote(occurrences)
    for c in cands:
        c.label = final[c.key]


def missed_names(st: ActorState) -> None:
    """Person names the tagger missed: a known surname (or single name) standing alone."""
    sp = st.sp
    cands = st.cands
    taken = sorted([(c.start, c.end) for c in cands] + [(c.start, c.end) for c in st.places])
    taken_tok = set()
    for s, e in taken:
        a, b = st.doc.tok_range(s, e)
        taken_tok.update(range(a, b))
    for os_, oe, lab in st.opaque:
        a, b = st.doc.tok_range(os_, oe)
        if lab != "ORG":
            taken_tok.update(range(a, b))
    single = {}
    for c in cands:
        if c.label == "PERSON":
            single[sp[c.b - 1].text] = c.key[-1:] if len(c.key) else ()
            if c.b - c.a == 1:
                single[sp[c.a].text] = c.key
    places_at_tok = st.places_at_tok
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
        c = Cand(t.idx, t.idx + len(t.text), t.i, t.i + 1, "PERSON", key=name_key([t.text]))
        if prv is not None:
            is_h, g = R.honorific_gender(prv.text)
            c.gender = g if is_h else None
        cands.append(c)
    cands.sort(key=lambda c: c.start)
    st.cands = cands
