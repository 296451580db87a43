"""Actor component 7b: world knowledge from the known-actors table, applied by date."""

from __future__ import annotations

from . import known_actors
from .actor_state import ActorState, is_state, lookup_place
from .coref import Cluster


def known_roles(st: ActorState) -> None:
    """The office of a well-known person the text names without one."""
    pcl = [cl for cl in st.clusters if cl.type == "PERSON"]
    st.known = _known_roles(pcl, st.published,
                            {cl.country for cl in st.clusters
                             if cl.type == "COUNTRY" and cl.country})


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
    for cl in pcl:
        if cl.roles or not cl.name or len(cl.key or ()) < 2:
            continue
        found = [d for d in known_actors.roles_at(cl.name, when)
                 if d.status in ("current", "former")
                 and (d.role.source == "overrides" or d.role.of in doc_states
                      or d.role.of == cl.country)]
        if not found:
            continue
        states = {d.role.of for d in found if is_state(d.role.of)}
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
            if not is_state(of):
                place = lookup_place(of)
                of = place.name if place is not None else of
            r = (d.role.title, of, "former" if d.status == "former" else None)
            if r not in cl.roles:
                cl.roles.append(r)
                added.add((id(cl), r))
            if cl.country is None and is_state(d.role.of):
                cl.country = d.role.of
                cl.country_source = "dictionary"
    return added


