"""Actor components 5a-5c: candidates become actors (clusters), name variants joined."""

from __future__ import annotations

import re
from collections import defaultdict

from ..names import normalise_person_name
from . import gazetteer, known_actors
from . import roles as R
from .actor_state import (STATE_ALIAS_KINDS, ActorState, Cand, headline_test, is_sublist,
                          state_code, strip_the)
from .coref import Cluster



def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def place_clusters(st: ActorState) -> None:
    """States, organisations and places from the gazetteer: one actor per code."""
    text = st.text
    clusters: list[Cluster] = []
    cl_of: dict[int, Cluster] = {}
    by_code: dict[tuple[str, str], Cluster] = {}
    for c in sorted(st.places, key=lambda c: c.start):
        p = c.place
        code = state_code(p)
        if code:
            key = ("COUNTRY", code)
            kind = "alias" if p.kind in STATE_ALIAS_KINDS else "name"
            if key not in by_code:
                by_code[key] = Cluster("COUNTRY", gazetteer.country_name(code) or p.name, key,
                                       country=code)
            cl = by_code[key]
        else:
            typ = "ORG" if p.type == "ORG" else "LOCATION"
            key = (typ, p.code or p.name)
            kind = "name"
            if key not in by_code:
                by_code[key] = Cluster(typ, p.name, key, country=p.country)
            cl = by_code[key]
        s, e = strip_the(text, c.start, c.end)
        cl.mentions.append((s, e, kind))
        cl_of[id(c)] = cl
    clusters.extend(by_code.values())
    st.clusters, st.cl_of = clusters, cl_of


def person_clusters(st: ActorState) -> None:
    """People, longest names first: a shorter form joins the full name it is part of; one
    part of several full names goes, among those whose gender agrees with its honorific, to
    the one mentioned most often before it (ties: the most recent), else to the first one
    mentioned after it. The canonical name is the fullest form from running text."""
    text = st.text
    clusters, cl_of = st.clusters, st.cl_of
    persons = [c for c in st.cands if c.label == "PERSON" and c.key]
    pkeys = sorted({c.key for c in persons}, key=lambda k: (-len(k), k))
    dictionary_names: dict[int, str] = {}
    pclusters: dict[tuple, Cluster] = {}
    by_word: dict[str, list[tuple]] = defaultdict(list)
    by_key: dict[tuple, list[Cand]] = defaultdict(list)
    for c in persons:
        by_key[c.key].append(c)
    assigned: dict[Cluster, list[int]] = defaultdict(list)   # cluster -> mention starts
    holders = _date_holders(st, by_key)
    for k in pkeys:
        # only keys sharing a word can contain k (keeps a list of 5,000 names linear-ish)
        hosts = [pclusters[pk] for pk in by_word.get(k[0], ()) if is_sublist(k, pk)]
        # a host is reached through its own full key only once
        hosts = list({id(h): h for h in hosts}.values())
        held = holders.get(k)
        if held is not None and hosts:
            # "President Bush" in 2004 is George W. Bush, not the "George H. W. Bush" the
            # document also names: the office on that date decides, not the mention count
            mine = [h for h in hosts if normalise_person_name(h.name or " ".join(h.key))
                    == normalise_person_name(held)
                    or normalise_person_name(" ".join(h.key)) == normalise_person_name(held)]
            hosts = mine
        if not hosts:
            cl = Cluster("PERSON", "", k)
            if held is not None:
                cl.name_source = "dictionary"
                cl.key = k
                dictionary_names[id(cl)] = held
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
    headline = headline_test(text)
    members: dict[int, list[Cand]] = defaultdict(list)
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
        if id(cl) in dictionary_names:
            cl.name = dictionary_names[id(cl)]
    st.persons, st.clusters, st.cl_of = persons, clusters, cl_of


def _title_before(sp, c: Cand) -> tuple[str | None, str | None]:
    """The title and qualifier written right before a name ("former President Bush")."""
    j = c.a
    while j > 0 and c.a - j < 4 and (R.is_role_word(sp[j - 1].text)
                                     or sp[j - 1].text[:1].isupper() and sp[j - 1].is_alpha
                                     and R.qualifier(sp[j - 1].text)[0]):
        j -= 1
    if j == c.a:
        return None, None
    tp = R.parse_phrase([t.text for t in sp[j:c.a]], {}, {})
    return tp.title, tp.qualifier


def _date_holders(st: ActorState, by_key: dict) -> dict[tuple, str]:
    """Surname -> the full name of the one person the known-actors table says held, on the
    document's date, the office written before it ("President Bush" in 2004 -> "George W.
    Bush"); a surname with no title counts when one head of state or government of a state
    the document names bears it ("Mr Blair" in 2005). Past offices ("former President
    Bush") say nothing about the date."""
    when = (st.published or "")[:10]
    if not when:
        return {}
    states = {cl.country for cl in st.clusters if cl.type == "COUNTRY" and cl.country}
    out: dict[tuple, str] = {}
    for k, occ in by_key.items():
        if len(k) != 1:
            continue
        titles, former = set(), False
        for c in occ:
            t, q = _title_before(st.sp, c)
            if q == "former":
                former = True
            elif t:
                titles.add(t)
        if former and not titles:
            continue
        if titles:
            found = {r.name for t in titles for r in known_actors.holders(k[0], when, t)}
        else:
            found = {r.name for r in known_actors.holders(k[0], when) if r.of in states}
        if len(found) == 1:
            out[k] = found.pop()
    return out


def other_clusters(st: ActorState) -> None:
    """Organisations, other places and groups, by surface form; an exact acronym joins its
    expansion ("UN" and "United Nations ..." stay apart unless the acronym is exact)."""
    text = st.text
    clusters, cl_of = st.clusters, st.cl_of
    okeys: dict[tuple, Cluster] = {}
    for c in st.cands:
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
    orgs = [cl for cl in okeys.values() if cl.type == "ORG"]
    acr = {cl.name: cl for cl in orgs if cl.name.isupper() and 2 <= len(cl.name) <= 6}
    for cl in orgs:
        words = cl.name.split()
        if len(words) >= 2:
            short = acr.get(_acronym(words))
            if short is not None and short is not cl and short.mentions:
                cl.mentions.extend(short.mentions)
                short.mentions = []
    st.clusters = [cl for cl in clusters if cl.mentions]
    st.cl_of = cl_of
