"""Actor component: countries for office holders the text takes for granted.

A US article's senators, governors and "the President", a UK article's MPs and chancellor,
often never name their state. A person holding a state office (a title listed in
``data/office_jurisdictions.tsv``) whose state is still unknown gets one, in this order:

1. the title's jurisdiction in the text: "Sen. Mitch McConnell of Kentucky", "Gov. Rick
   Scott of Florida" (a region or city of a state right after the name, "of" between);
2. the known-actors table at the document's date, for a full name it knows holding that
   title ("President Barack Obama" in 2010 -> USA);
3. the document's dominant state (the state its places, states and parties point to most,
   when it has at least a third of those mentions and two of them, or all of them), when
   the title is an
   office of that state ("Senator" is not one of GBR's, "MP" not one of USA's).

Such a country is marked ``Entity.country_source = "inferred"`` and the role's state
``Role.source = "inferred"``: never over a state the text gives.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from . import known_actors
from .actor_state import ActorState, is_state

DATA = Path(__file__).resolve().parent / "data" / "office_jurisdictions.tsv"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, frozenset[str]]]:
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        title, mode, codes = (line.split("\t") + ["", ""])[:3]
        out[title.strip()] = (mode.strip(), frozenset(c for c in codes.split() if c != "-"))
    return out


def office_rule(title: str) -> tuple[str, frozenset[str]] | None:
    """("only"|"not", states) for a state office title, else None. Portfolios follow their
    office: "Health Minister" as "Minister", "Defence Secretary" as a secretary of state."""
    t = _table()
    if title in t:
        return t[title]
    base = title.removeprefix("Deputy ").removeprefix("Vice ")
    if base in t:
        return t[base]
    if title.endswith(" Minister"):
        return t.get("Minister")
    if title.endswith(" Secretary") and not title.startswith("Shadow "):
        return t.get("Secretary of State")
    return None


def holds_office_in(title: str, country: str) -> bool:
    rule = office_rule(title)
    if rule is None:
        return False
    mode, codes = rule
    return country in codes if mode == "only" else country not in codes


def dominant_country(st: ActorState) -> str | None:
    """The state the document's places, states and parties point to most (see module)."""
    votes: Counter[str] = Counter()
    for cl in st.clusters:
        if cl.type == "PERSON" or not cl.country or not is_state(cl.country):
            continue
        votes[cl.country] += len(cl.mentions)
    if not votes:
        return None
    (code, n), total = votes.most_common(1)[0], sum(votes.values())
    return code if (n >= 2 or n == total) and n * 3 >= total else None


def _jurisdiction_after(st: ActorState, cl) -> str | None:
    """"Sen. Mitch McConnell of Kentucky": the state of the place right after a name."""
    sp = st.sp
    place_of: dict[int, str] = {}
    for c in st.places:
        p = c.place
        if p is not None and p.kind in ("region", "city", "capital") and p.country:
            place_of[c.a] = p.country
    for s, e, kind in cl.mentions:
        if kind != "name":
            continue
        a, b = st.doc.tok_range(s, e)
        if b + 1 < len(sp) and sp[b].lower_ == "of" and (b + 1) in place_of:
            return place_of[b + 1]
    return None


def office_countries(st: ActorState) -> None:
    when = (st.published or "")[:10]
    dominant = dominant_country(st)
    inferred: set[tuple[int, tuple]] = set()
    for cl in st.clusters:
        if cl.type != "PERSON" or cl.country is not None:
            continue
        offices = [(t, of, q) for t, of, q in cl.roles
                   if of is None and office_rule(t) is not None]
        if not offices:
            continue
        code = _jurisdiction_after(st, cl)
        if code is None and when and cl.name and len(cl.name.split()) >= 2:
            titles = {t for t, _, _ in offices}
            known = {d.role.of for d in known_actors.roles_at(cl.name, when)
                     if d.role.title in titles and is_state(d.role.of)}
            code = known.pop() if len(known) == 1 else None
        if code is None and dominant is not None \
                and any(holds_office_in(t, dominant) for t, _, _ in offices):
            code = dominant
        if code is None:
            continue
        cl.country = code
        cl.country_source = "inferred"
        new = []
        for r in cl.roles:
            t, of, q = r
            if r in offices and holds_office_in(t, code):
                r = (t, code, q)
                inferred.add((id(cl), r))
            if r not in new:
                new.append(r)
        cl.roles = new
    st.doc_country = dominant
    st.inferred = inferred
    st.clusters = st.clusters
