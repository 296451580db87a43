"""Actor components 5a-5c: candidates become actors (clusters), name variants joined."""

from __future__ import annotations

import re
from collections import defaultdict

from . import gazetteer
from . import roles as R
from .actor_state import ActorState, Cand, headline_test, is_sublist, state_code, strip_the
from .coref import Cluster

_STATE_ALIAS_KINDS = {"demonym", "capital", "seat"}


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
            kind = "alias" if p.kind in _STATE_ALIAS_KINDS else "name"
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
    pclusters: dict[tuple, Cluster] = {}
    by_word: dict[str, list[tuple]] = defaultdict(list)
    by_key: dict[tuple, list[Cand]] = defaultdict(list)
    for c in persons:
        by_key[c.key].append(c)
    assigned: dict[Cluster, list[int]] = defaultdict(list)   # cluster -> mention starts
    for k in pkeys:
        # only keys sharing a word can contain k (keeps a list of 5,000 names linear-ish)
        hosts = [pclusters[pk] for pk in by_word.get(k[0], ()) if is_sublist(k, pk)]
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
    st.persons, st.clusters, st.cl_of = persons, clusters, cl_of


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
