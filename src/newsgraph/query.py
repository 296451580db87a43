"""Read-side questions over the store, shared by the CLI, the API and the web server.

Each function takes an open ``Store`` and returns plain data (dicts, lists, model objects);
resolution rules (what a document reference or an actor name means) live here, the SQL
lives in ``store.read``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from .errors import NotFound, QueryError
from .model import ENTITY_TYPES
from .names import lookup_key
from .store import Store
from .store import read

__all__ = ["docs", "resolve_document", "document", "search", "stats", "actors", "actor",
           "actor_by_id", "quotes", "events", "errors", "docs_total", "search_total",
           "search_sentences", "actors_total", "quotes_total", "actor_documents",
           "actor_documents_total", "find_actors", "timeline", "iter_timeline", "graph",
           "briefing", "events_total", "events_page", "timeline_total"]


def _limit(n: int | None, default: int = 20) -> int:
    if n is None:
        return default
    if n < 0:
        raise QueryError(f"limit must be 0 or more, got {n}")
    return n


# ------------------------------------------------------------------------------ paging
# Every list pages by key: a row's ``cursor`` names its place in the listing's index, and
# ``after=cursor`` asks for the rows past it (no OFFSET: a page costs the same anywhere).
def _no_offset(offset: Any) -> None:
    if offset:
        raise QueryError("offset paging is gone: pass the cursor the previous page ended "
                         "with (`after`, `--after CURSOR`; each row has its `cursor`)")


def _cursor_of(*parts: Any) -> str:
    return "~".join(repr(p) if isinstance(p, float) else str(p) for p in parts)


def _cursor_parts(after: Any, types: Sequence[type], what: str = "--after") -> tuple | None:
    """A cursor ``_cursor_of`` made, back as its typed parts; anything else a QueryError."""
    if after is None or after == "":
        return None
    parts = str(after).split("~")
    try:
        if len(parts) != len(types):
            raise ValueError
        return tuple(t(p) for t, p in zip(types, parts))
    except ValueError:
        raise QueryError(f"{what} takes the cursor a previous page printed, got "
                         f"{str(after)[:80]!r}") from None


def docs(store: Store, limit: int | None = 20, after: str | None = None, *,
         offset: int = 0) -> list[dict[str, Any]]:
    """Stored documents, newest first (undated last); each row has its ``cursor``."""
    if isinstance(after, int):      # an old caller's positional offset
        after, offset = None, after
    _no_offset(offset)
    rows = read.list_documents(store.conn, _limit(limit), _cursor_parts(after, (str, int)))
    for r in rows:
        r["cursor"] = _cursor_of(r.pop("sort_key"), r.pop("id"))
    return rows


def resolve_document(store: Store, ref: str) -> str:
    """The doc_id that ``ref`` names: a full id, a unique prefix (4+ hex), or a source."""
    hits = read.resolve_document(store.conn, ref)
    if not hits:
        raise NotFound(f"no document {ref!r} (give a doc_id, a unique prefix of one, or the "
                       f"source it was read from; `newsgraph docs` lists them)")
    if len(hits) > 1:
        raise QueryError(f"{ref!r} matches several documents: {', '.join(hits[:5])}"
                         + (" ..." if len(hits) > 5 else ""))
    return hits[0]


def document(store: Store, ref: str) -> dict[str, Any]:
    """Everything about one document: metadata, sources, annotations (``annotated``) and
    the cross-document actor of each entity (``actors``: entity id -> actor id)."""
    doc_id = resolve_document(store, ref)
    meta = read.document(store.conn, doc_id)
    if meta is None:  # deleted between the two reads
        raise NotFound(f"no document {ref!r}")
    return {
        "document": meta,
        "sources": read.sources(store.conn, doc_id),
        "annotated": read.load_annotated(store.conn, doc_id),
        "actors": read.entity_actors(store.conn, doc_id),
    }


_SEARCH_CURSOR = (int, int, float, int)


def _search_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["cursor"] = _cursor_of(*r["cursor"])
    return rows


def search(store: Store, q: str, limit: int | None = 20, after: str | None = None, *,
           offset: int = 0) -> list[dict[str, Any]]:
    """FTS5 search over titles and bodies, best first; snippets mark hits with [ ].

    Bounded (``store.read``: MAX_QUERY_CHARS, MAX_QUERY_TERMS; a longer query is a
    QueryError); matches are ranked SEARCH_WINDOW at a time, newest window first."""
    if isinstance(after, int):
        after, offset = None, after
    _no_offset(offset)
    return _search_rows(read.search(store.conn, q, _limit(limit),
                                    _cursor_parts(after, _SEARCH_CURSOR)))


def stats(store: Store) -> dict[str, Any]:
    s = read.stats(store.conn)
    s["db"] = str(store.path)
    try:
        s["file_bytes"] = store.path.stat().st_size
    except OSError:
        s["file_bytes"] = None
    return s


def errors(store: Store, limit: int | None = 50) -> list[dict[str, Any]]:
    return read.errors(store.conn, _limit(limit, 50))


def _actor_type(type_: str | None) -> str | None:
    if type_ and type_.upper() not in ENTITY_TYPES:
        raise QueryError(f"unknown actor type {type_!r}: use one of {', '.join(ENTITY_TYPES)}")
    return type_ or None


def actors(store: Store, type_: str | None = None, limit: int | None = 20,
           after: str | None = None, *, offset: int = 0) -> list[dict[str, Any]]:
    """Actors, most documents first (then mentions; the newest first among equals)."""
    if isinstance(after, int):
        after, offset = None, after
    _no_offset(offset)
    rows = read.list_actors(store.conn, _actor_type(type_), _limit(limit),
                            _cursor_parts(after, (int, int, int)))
    for r in rows:
        r["cursor"] = _cursor_of(r["documents"], r["mentions"], r["id"])
    return rows


def _matching_actors(store: Store, name: str) -> list[dict[str, Any]]:
    """The actors a name means: those it is the canonical name of, else those it is an
    alias or the code of, else (one word) the persons of that surname; never a part of a
    name ("USA" is not "Yousaf")."""
    found = read.find_actors(store.conn, name, limit=50)
    return [a for a in found if a["match"] == found[0]["match"]] if found else []


def actor(store: Store, name: str, *, quotes_limit: int = 10, docs_limit: int = 10
          ) -> dict[str, Any]:
    """One actor by name, alias or ISO3: roles over time, names, documents, quotes.

    Several actors can match; the one most documents mention is shown and the others are
    listed under ``others`` so the caller can say so. ``exact``: the name is the actor's
    canonical name (else an alias or its code).
    """
    if not name or not name.strip():
        raise QueryError("give an actor name")
    found = _matching_actors(store, name)
    if not found:
        raise NotFound(f"no actor matching {name!r} (`newsgraph actors` lists them)")
    best = found[0]
    return {
        **_actor_view(store, best["id"], quotes_limit, docs_limit),
        "exact": best["match"] == 0,
        "others": [{"id": a["id"], "name": a["name"], "type": a["type"],
                    "documents": a["documents"]} for a in found[1:10]],
    }


def _actor_view(store: Store, aid: int, quotes_limit: int, docs_limit: int
                ) -> dict[str, Any]:
    return {
        "actor": read.actor(store.conn, aid),
        "roles": _roles_with_evidence(store, aid),
        "names": read.actor_names(store.conn, aid),
        "documents": _actor_doc_rows(read.actor_documents(store.conn, aid, docs_limit)),
        "quotes": _quote_rows(read.quotes(store.conn, speakers=[aid], limit=quotes_limit)),
    }


def _roles_with_evidence(store: Store, aid: int) -> list[dict[str, Any]]:
    """The actor's roles, each with ``evidence``: documents that state it (up to three,
    earliest first, with the offsets of the actor's first mention there)."""
    ev: dict[tuple[str, Any, Any], list[dict[str, Any]]] = {}
    for r in read.actor_role_evidence(store.conn, aid):
        ev.setdefault((r["title"], r["of"], r["qualifier"]), []).append(
            {"doc_id": r["doc_id"], "published": r["published"], "start": r["start"],
             "end": r["end"]})
    roles = read.actor_roles(store.conn, aid)
    for r in roles:
        r["evidence"] = ev.get((r["title"], r["of"], r["qualifier"]), [])
    return roles


def actor_by_id(store: Store, actor_id: int, *, quotes_limit: int = 10, docs_limit: int = 10
                ) -> dict[str, Any]:
    """One actor by its stored id (the ``id`` that lists and quotes carry), as ``actor``."""
    if read.actor(store.conn, actor_id) is None:
        raise NotFound(f"no actor with id {actor_id}")
    return {**_actor_view(store, actor_id, quotes_limit, docs_limit), "exact": True,
            "others": []}


def _date(s: str | None, what: str) -> str | None:
    if s is None:
        return None
    try:
        return dt.date.fromisoformat(s).isoformat()
    except ValueError:
        raise QueryError(f"{what} must be a date (YYYY-MM-DD), got {s!r}") from None


def _quote_filter(store: Store, speaker: str | None, about: str | None, since: str | None,
                  until: str | None, speaker_id: int | None = None) -> dict[str, Any]:
    """The store-level filters of a quotes question (names resolved to actor ids)."""
    speakers = about_actors = None
    if speaker_id is not None:
        speakers = [speaker_id]
    if speaker is not None:
        if not speaker.strip():
            raise QueryError("--speaker needs a name")
        speakers = (speakers or []) + [a["id"] for a in _matching_actors(store, speaker)]
    if about is not None:
        if not about.strip():
            raise QueryError("--about needs a word or a name")
        about_actors = [a["id"] for a in _matching_actors(store, about)]
    return dict(speakers=speakers, speaker_key=lookup_key(speaker), about=about,
                about_actors=about_actors, since=_date(since, "--since"),
                until=_date(until, "--until"))


def _quote_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["cursor"] = _cursor_of(r.pop("sort_key"), r.pop("doc"), r["idx"])
    return rows


def _actor_doc_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["cursor"] = _cursor_of(r.pop("sort_key"), r.pop("doc"), r.pop("row_"))
    return rows


def quotes(store: Store, *, speaker: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None, limit: int | None = 20,
           after: str | None = None, offset: int = 0, speaker_id: int | None = None
           ) -> list[dict[str, Any]]:
    """Quotes, newest first. ``speaker`` matches the speaker's actor (a name, an alias or
    an ISO3 code, whole: never a part of a name) or the speaker's name as written (the same
    way); ``speaker_id`` one stored actor; ``about`` matches the quote's words or an actor
    mentioned inside it. Pages by key: pass a row's ``cursor`` as ``after``."""
    _no_offset(offset)
    return _quote_rows(read.quotes(
        store.conn, **_quote_filter(store, speaker, about, since, until, speaker_id),
        limit=_limit(limit), after=_cursor_parts(after, (str, int, int))))


# ------------------------------------------------------------------------------ totals
# How many rows a list question has in all, for front ends that page (the JSON API).
def docs_total(store: Store) -> int:
    return read.count_documents(store.conn)


def search_total(store: Store, q: str) -> int | None:
    """How many documents match ``q``; None when more than ``read.COUNT_CAP`` do (counting
    them all would cost as much as the matches)."""
    n = read.count_search(store.conn, q)
    return n if n <= read.COUNT_CAP else None


def actors_total(store: Store, type_: str | None = None) -> int:
    return read.count_actors(store.conn, _actor_type(type_))


def quotes_total(store: Store, *, speaker: str | None = None, about: str | None = None,
                 since: str | None = None, until: str | None = None,
                 speaker_id: int | None = None) -> int | None:
    """How many quotes match; None when more than ``read.COUNT_CAP`` do (and a filter is
    set: the whole count is kept by the store)."""
    n = read.count_quotes(store.conn, **_quote_filter(store, speaker, about, since, until,
                                                      speaker_id))
    return n if n <= read.COUNT_CAP else None


def actor_documents(store: Store, actor_id: int, limit: int | None = 20,
                    after: str | None = None, *, offset: int = 0) -> list[dict[str, Any]]:
    """The documents that mention one stored actor, newest first; rows carry ``cursor``."""
    if isinstance(after, int):
        after, offset = None, after
    _no_offset(offset)
    return _actor_doc_rows(read.actor_documents(store.conn, actor_id, _limit(limit),
                                                _cursor_parts(after, (str, int, int))))


def actor_documents_total(store: Store, actor_id: int) -> int:
    return read.count_actor_documents(store.conn, actor_id)


def find_actors(store: Store, name: str, type_: str | None = None, limit: int = 500,
                prefix: bool = False) -> list[dict[str, Any]]:
    """Every actor whose name, an alias or ISO3 code is ``name`` (compared whole, by
    ``names.lookup_key``): canonical names first (``match`` 0), then aliases and codes (1),
    then persons of that surname (2), and with ``prefix`` names that start with it (3);
    most documents first within each."""
    if not name or not name.strip():
        raise QueryError("give an actor name")
    t = _actor_type(type_)
    found = read.find_actors(store.conn, name, limit=limit)
    if prefix:
        # then the names that start with it ("kim" -> Kim Jong Un): a suggestion box's
        # question, never an actor argument's
        seen = {a["id"] for a in found}
        found += [a for a in read.find_actors_by_prefix(store.conn, name, limit)
                  if a["id"] not in seen][:max(0, limit - len(found))]
    return [a for a in found if not t or a["type"] == t.upper()]


def search_sentences(store: Store, q: str, limit: int | None = 20, after: str | None = None,
                     per_doc: int = 3, *, offset: int = 0) -> list[dict[str, Any]]:
    """``search``, each hit with ``sentences``: the sentences where the query matches the
    body (up to ``per_doc``; ``hits`` are the matched words' offsets into the text)."""
    if isinstance(after, int):
        after, offset = None, after
    _no_offset(offset)
    return _search_rows(read.search_sentences(store.conn, q, _limit(limit),
                                              _cursor_parts(after, _SEARCH_CURSOR), per_doc))


def events_left_out_undated(store: Store, *, actor: str | None = None,
                            pair: tuple[str, str] | None = None, cameo: str | None = None,
                            quad: int | None = None, since: str | None = None,
                            until: str | None = None) -> int:
    """Events matching every filter of :func:`events` but the dates, that have no date: a
    --since/--until filter leaves them out (0 without one)."""
    if since is None and until is None:
        return 0
    root = str(cameo).strip()[:2] if cameo is not None else None
    if pair is not None:
        return read.events_undated(store.conn, sources=_actor_ids(store, pair[0], "--pair"),
                                   targets=_actor_ids(store, pair[1], "--pair"), root=root,
                                   quad=quad)
    either = _actor_ids(store, actor, "--actor") if actor is not None else None
    return read.events_undated(store.conn, either=either, root=root, quad=quad)


def quotes_left_out_undated(store: Store, *, speaker: str | None = None,
                            about: str | None = None, since: str | None = None,
                            until: str | None = None) -> dict[str, int]:
    """What a date filter on :func:`quotes` leaves out because the document has no date:
    ``{"quotes", "documents"}`` matching every other filter (zeros without --since/--until).
    A front end says so next to the results, so that undated news is not lost unseen."""
    if since is None and until is None:
        return {"quotes": 0, "documents": 0}
    speakers = [a["id"] for a in _matching_actors(store, speaker)] if speaker else None
    about_actors = [a["id"] for a in _matching_actors(store, about)] if about else None
    n, docs = read.quotes_undated(store.conn, speakers=speakers,
                                  speaker_key=lookup_key(speaker), about=about,
                                  about_actors=about_actors)
    return {"quotes": n, "documents": docs}


def _cursor(row: dict[str, Any]) -> str:
    return f"{row['sort_key']}~{row['rowid_']}"


def _parse_cursor(after: str | None) -> tuple[str, int] | None:
    if after is None:
        return None
    key, sep, rowid = str(after).rpartition("~")
    if not sep or not rowid.isdigit():
        raise QueryError(f"--after takes the cursor a previous page printed, got {after!r}")
    return key, int(rowid)


def _actor_ids(store: Store, name: str, what: str) -> list[int]:
    if not name or not name.strip():
        raise QueryError(f"{what} needs a name")
    found = _matching_actors(store, name)
    if not found:
        raise NotFound(f"no actor matching {name!r} (`newsgraph actors` lists them)")
    return [a["id"] for a in found]


def _event_code(cameo: str | None, quad: int | None) -> tuple[str | None, str | None]:
    """(root, code) of an events question's --cameo, with --quad checked."""
    root = code = None
    if cameo is not None:
        code = str(cameo).strip()
        if not code.isdigit() or not 2 <= len(code) <= 4:
            raise QueryError(f"--cameo takes a CAMEO code or root (2-4 digits), got {cameo!r}")
        root = code[:2]
    if quad is not None and quad not in (1, 2, 3, 4):
        raise QueryError(f"--quad takes 1, 2, 3 or 4 (verbal/material cooperation, verbal/"
                         f"material conflict), got {quad!r}")
    return root, code


def _event_sides(store: Store, actor: str | None, pair: tuple[str, str] | None,
                 actor_id: int | None) -> list[dict[str, list[int]]]:
    """The store-level side filters of an events question: one dict per index range."""
    if pair is not None:
        a, b = _actor_ids(store, pair[0], "--pair"), _actor_ids(store, pair[1], "--pair")
        return [dict(sources=a, targets=b), dict(sources=b, targets=a)]
    if actor_id is not None:
        if read.actor(store.conn, actor_id) is None:
            raise NotFound(f"no actor with id {actor_id}")
        ids = [actor_id]
    elif actor is not None:
        ids = _actor_ids(store, actor, "--actor")
    else:
        return [{}]
    return [dict(sources=ids), dict(targets=ids)]


def events(store: Store, *, actor: str | None = None, pair: tuple[str, str] | None = None,
           since: str | None = None, until: str | None = None, cameo: str | None = None,
           quad: int | None = None, limit: int | None = 20, after: str | None = None,
           actor_id: int | None = None, _sides: list[dict[str, list[int]]] | None = None
           ) -> list[dict[str, Any]]:
    """Per-document events, latest first (by the start of the event's date; undated last),
    each with its document and evidence sentence.

    ``actor``: the actor (name, alias or ISO3) on either side; ``actor_id``: one stored
    actor on either side; ``pair``: events between the two, in either direction;
    ``since``/``until``: the event's date reaches the day; ``cameo``: a CAMEO root ("04")
    or code ("042": its root is used, finer codes filter after); ``quad``: 1-4. Pages by
    key: pass the last row's ``cursor`` as ``after``.
    """
    n = _limit(limit)
    root, code = _event_code(cameo, quad)
    kw = dict(since=_date(since, "--since"), until=_date(until, "--until"), root=root,
              quad=quad, after=_parse_cursor(after))

    def fetch(**sides: Any) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = []
        k = dict(kw)
        # a finer code filters after the root's index range: read on until the page fills
        while True:
            rows = read.list_events(store.conn, **sides, **k, limit=max(n, 1) * 2)
            keep = [r for r in rows if code is None or str(r["cameo"]).startswith(code)]
            got.extend(keep)
            if len(got) >= n or len(rows) < max(n, 1) * 2:
                return got[:n]
            k["after"] = (rows[-1]["sort_key"], rows[-1]["rowid_"])

    if _sides is None:
        _sides = _event_sides(store, actor, pair, actor_id)
    rows = [r for sides in _sides for r in fetch(**sides)]
    rows.sort(key=lambda r: (r["sort_key"], r["rowid_"]), reverse=True)
    out, seen = [], set()
    for r in rows:
        if r["rowid_"] in seen:
            continue
        seen.add(r["rowid_"])
        r["cursor"] = _cursor(r)
        del r["rowid_"]
        out.append(r)
    return out[:n]


def events_total(store: Store, *, actor: str | None = None,
                 pair: tuple[str, str] | None = None, since: str | None = None,
                 until: str | None = None, cameo: str | None = None, quad: int | None = None,
                 actor_id: int | None = None, _sides: list[dict[str, list[int]]] | None = None
                 ) -> dict[str, Any]:
    """How many events :func:`events` has in all: ``{"total", "exact"}``. The count reads
    at most ``store.counts.CAP`` rows of each index range the listing walks; past that,
    ``exact`` is false and ``total`` is a lower bound (never a scan of the table)."""
    from .store.counts import bounded
    root, code = _event_code(cameo, quad)
    since, until = _date(since, "--since"), _date(until, "--until")
    residual, r_args = [], []
    for cond, val in (("v.date_end >= ?", since), ("v.date_start <= ?", until),
                      ("v.root = ?", root), ("v.quad = ?", quad)):
        if val is not None:
            residual.append(cond)
            r_args.append(val)
    if code is not None and len(code) > 2:
        residual.append("v.cameo >= ? AND v.cameo < ?")
        r_args += [code, code + ":"]
    ranges, cols = [], []
    need = [c for c, on in (("v.date_end", since), ("v.date_start", until), ("v.root", root),
                            ("v.quad", quad is not None),
                            ("v.cameo", code is not None and len(code) > 2)) if on]
    earlier: set[str] = set()
    if _sides is None:
        _sides = _event_sides(store, actor, pair, actor_id)
    for sides in _sides:
        src, tgt = sides.get("sources"), sides.get("targets")
        for s_id in (src or [None]):
            for t_id in (tgt or [None]):
                eq = [(c, v) for c, v in (("v.source_actor", s_id), ("v.target_actor", t_id))
                      if v is not None]
                ranges.append((" AND ".join(f"{c} = ?" for c, _ in eq), [v for _, v in eq]))
                # the index serves this range's own columns; the rest come from the table
                cols.append(sorted(set(need) | earlier))
                earlier |= {c for c, _ in eq}
    n, exact = bounded(store.conn, "events", "v", ranges, " AND ".join(residual), r_args,
                       columns=cols)
    return {"total": n, "exact": exact}


def events_page(store: Store, *, limit: int = 20, after: str | None = None,
                actor: str | None = None, pair: tuple[str, str] | None = None,
                actor_id: int | None = None, **filters: Any) -> dict[str, Any]:
    """One page of :func:`events` with its total, the actor names resolved once:
    ``{"events", "next", "total", "total_exact"}``. A first page that holds the whole
    list is its own count."""
    sides = _event_sides(store, actor, pair, actor_id)
    rows = events(store, **filters, limit=limit + 1, after=after, _sides=sides)
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        nxt = rows[-1]["cursor"]
    if after is None and nxt is None:
        total = {"total": len(rows), "exact": True}
    else:
        total = events_total(store, **filters, _sides=sides)
    return {"events": rows, "next": nxt, "total": total["total"],
            "total_exact": total["exact"]}


# ------------------------------------------------------------------------------ timeline
_CURSOR_SEP = "~"


def _actor_terms(store: Store, name: str, what: str) -> list[tuple[str, str]]:
    """What an actor argument names in the timeline: ("state", ISO3) for a state or body
    (its people and organs included: the GDELT sense of an actor country), ("key", key)
    for one actor. A canonical name, an alias or an ISO3 code."""
    from .store import timeline as tl
    name = " ".join((name or "").split())
    if not name:
        raise QueryError(f"{what} needs an actor name or an ISO3 code")
    if name.isupper() and 2 <= len(name) <= 8 and tl.state_exists(store.conn, name):
        return [("state", name)]
    found = _matching_actors(store, name)
    if not found:
        raise NotFound(f"no actor matching {name!r} (`newsgraph actors` lists them)")
    out = []
    for key, typ in tl.keys_of(store.conn, [a["id"] for a in found]):
        out.append(("state", key) if key.isupper() else ("key", key))
    return sorted(set(out))


def _timeline_cursor(after: str | None) -> tuple[str, str] | None:
    if after is None:
        return None
    day, sep, tid = after.rpartition(_CURSOR_SEP)
    if not sep or not tid.startswith("t"):
        raise QueryError(f"bad cursor {after!r} (use the one a previous page gave)")
    return day, tid


def _filters(since: str | None, until: str | None, cameo: str | None, quad: int | None,
             min_reports: int | None) -> Any:
    from .store.timeline import Filters
    root = code = None
    if cameo is not None:
        root = str(cameo).strip()
        if not (root.isdigit() and 1 <= len(root) <= 4):
            raise QueryError(f"--cameo takes a CAMEO root (01 to 20) or code (042), "
                             f"got {cameo!r}")
        if len(root) > 2:
            code, root = root, root[:2]
        root = root.zfill(2)
        if not 1 <= int(root) <= 20:
            raise QueryError(f"--cameo takes a CAMEO root (01 to 20) or code (042), "
                             f"got {cameo!r}")
    if quad is not None and quad not in (1, 2, 3, 4):
        raise QueryError(f"--quad takes 1 (verbal cooperation), 2 (material cooperation), "
                         f"3 (verbal conflict) or 4 (material conflict), got {quad!r}")
    if min_reports is not None and min_reports < 1:
        raise QueryError(f"--min-reports must be 1 or more, got {min_reports}")
    return Filters(_date(since, "--since"), _date(until, "--until"), root, quad, min_reports,
                   code)


def _scans(actors: Sequence[str], pair: Sequence[str] | None, store: Store
           ) -> list[list[tuple[str, str]]]:
    """The index scans a selection needs: each a list of (column, value) equalities."""
    if pair is not None:
        if len(pair) != 2:
            raise QueryError("--pair takes two actors")
        xs = _actor_terms(store, pair[0], "--pair")
        ys = _actor_terms(store, pair[1], "--pair")
        scans = []
        for kx, x in xs:
            for ky, y in ys:
                scans.append([(f"source_{kx}", x), (f"target_{ky}", y)])
                scans.append([(f"source_{ky}", y), (f"target_{kx}", x)])
        return scans
    scans = []
    for a in actors:
        for kind, v in _actor_terms(store, a, "--actor"):
            scans += [[(f"source_{kind}", v)], [(f"target_{kind}", v)]]
    return scans or [[]]


def timeline(store: Store, *, actors: Sequence[str] = (), pair: Sequence[str] | None = None,
             since: str | None = None, until: str | None = None, cameo: str | None = None,
             quad: int | None = None, min_reports: int | None = None, limit: int | None = 50,
             after: str | None = None, reports: bool = True, total: bool = False
             ) -> dict[str, Any]:
    """The cross-document timeline, ordered by date: ``{"events": [...], "next": cursor}``.

    Each event is shaped as contract section 3 (``id``, ``date``, ``cameo``, ``plover``,
    ``label``, ``source``, ``target``, ``location``, ``reports``: doc_id, source, event,
    evidence sentence) plus its day range, quad class, Goldstein score, modality, how sure
    the merge is and how many documents and outlets report it. ``actors`` (any of them, as
    source or target) and ``pair`` (between the two, either way round) take canonical
    names, aliases or ISO3 codes (a state includes its people). ``since``/``until``: events
    whose days reach that range. ``cameo``: a CAMEO root; ``quad``: 1-4. Keyset pages:
    pass ``next`` back as ``after``. ``total``: add ``total`` and ``total_exact`` (as
    :func:`timeline_total` counts them, from the same resolved actors)."""
    from .store import timeline as tl
    f = _filters(since, until, cameo, quad, min_reports)
    n = _limit(limit, 50)
    cur = _timeline_cursor(after)
    rows: dict[str, dict[str, Any]] = {}
    scans = _scans(actors, pair, store)
    for eq in scans:
        for r in tl.scan(store.conn, eq, f, cur, n + 1):
            rows.setdefault(r["tid"], r)
    page = sorted(rows.values(), key=lambda r: (r["day"], r["tid"]))
    more = len(page) > n
    page = page[:n]
    out = {"events": _shape(store, page, reports),
           "next": f"{page[-1]['day']}{_CURSOR_SEP}{page[-1]['tid']}" if more and page
           else None}
    if total:
        if cur is None and not more:          # the whole list is this page
            out["total"], out["total_exact"] = len(page), True
        else:
            out["total"], out["total_exact"] = tl.count(store.conn, scans, f)
    return out


def timeline_total(store: Store, *, actors: Sequence[str] = (),
                   pair: Sequence[str] | None = None, since: str | None = None,
                   until: str | None = None, cameo: str | None = None, quad: int | None = None,
                   min_reports: int | None = None) -> dict[str, Any]:
    """How many events :func:`timeline` has in all under these filters: ``{"total",
    "exact"}``. Each index range the listing walks is read for at most
    ``store.counts.CAP`` rows; past that, ``exact`` is false and ``total`` is a lower
    bound, so the count costs about a page's worth of index reads at any store size."""
    from .store import timeline as tl
    f = _filters(since, until, cameo, quad, min_reports)
    n, exact = tl.count(store.conn, _scans(actors, pair, store), f)
    return {"total": n, "exact": exact}


def _side_names(store: Store, rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    from .store import timeline as tl
    return tl.actors_by_key(store.conn, [k for r in rows for k in (
        r["source_key"], r["target_key"], r["source_state"], r["target_state"])])


def _side(names: dict[str, dict[str, Any]], key: str | None, state: str | None
          ) -> dict[str, Any] | None:
    """One side of a timeline event: its actor (name, key, id, type, country) and the
    state it acts for."""
    if key is None:
        return None
    a = names.get(key, {})
    st = names.get(state or "", {})
    return {"name": a.get("name") or key, "key": key, "actor_id": a.get("id"),
            "type": a.get("type"), "country": a.get("country") or (
                state if state and state.isupper() else None),
            "acts_for": st.get("name") if state and state != key else None}


def _shape(store: Store, rows: list[dict[str, Any]], with_reports: bool = True
           ) -> list[dict[str, Any]]:
    from .store import timeline as tl
    names = _side_names(store, rows)
    reps = tl.reports(store.conn, [r["tid"] for r in rows]) if with_reports else {}

    def side(key: str | None, state: str | None) -> dict[str, Any] | None:
        return _side(names, key, state)

    out = []
    for r in rows:
        out.append({
            "id": r["tid"], "date": r["date"], "date_start": r["date_start"],
            "date_end": r["date_end"], "day": r["day"] or None, "cameo": r["cameo"],
            "plover": r["plover"], "label": r["label"], "quad": r["quad"],
            "goldstein": r["goldstein"],
            "source": side(r["source_key"], r["source_state"]),
            "target": side(r["target_key"], r["target_state"]),
            "location": r["location"], "modality": r["modality"],
            "confidence": r["confidence"], "num_reports": r["reports"],
            "num_documents": r["documents"], "num_sources": r["outlets"],
            "reports": [{"doc_id": x["doc_id"], "source": x["source"], "event": x["event_id"],
                         "evidence": x["evidence"], "title": x["title"], "url": x["url"],
                         "published": x["published"], "outlet": x["outlet"],
                         "date": x["date"], "cameo": x["cameo"], "match": x["match"],
                         "evidence_span": {"start": x["evidence_start"],
                                           "end": x["evidence_end"]}}
                        for x in reps.get(r["tid"], [])] if with_reports else [],
        })
    return out


def iter_timeline(store: Store, *, page: int = 1000, **filters: Any) -> Any:
    """Every timeline event matching the ``timeline`` filters, a page at a time (flat
    memory), without their reports."""
    after = None
    while True:
        res = timeline(store, limit=page, after=after, reports=False, **filters)
        yield from res["events"]
        after = res["next"]
        if after is None:
            return


def graph(store: Store, *, level: str = "actor", top: int | None = None, **filters: Any
          ) -> dict[str, Any]:
    """The actor network of the timeline: nodes are actors (``level="actor"``: each side's
    own actor, a person over its state) or states (``"state"``), directed edges source ->
    target weighted by event count, reports and mean Goldstein score. ``filters``: those of
    ``timeline``. ``top``: only the ``top`` nodes with the most events and the edges
    between them (``nodes_total``/``edges_total`` say how many there were). Plain data:
    ``{"nodes": [...], "edges": [...]}``."""
    if level not in ("actor", "state"):
        raise QueryError(f"level must be actor or state, got {level!r}")
    if top is not None and top < 1:
        raise QueryError(f"top must be 1 or more, got {top}")
    from .store import timeline as tl
    f = _filters(filters.pop("since", None), filters.pop("until", None),
                 filters.pop("cameo", None), filters.pop("quad", None),
                 filters.pop("min_reports", None))
    scans = _scans(filters.pop("actors", ()), filters.pop("pair", None), store)
    if filters:
        raise QueryError(f"unknown graph filter: {', '.join(sorted(filters))}")
    # one grouped query per pair of sides, not a pass over every event
    groups = tl.aggregate(store.conn, scans, f)
    names = _side_names(store, groups)
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def node(side: dict[str, Any] | None, n_events: int) -> str | None:
        if not side:
            return None
        if level == "state":
            key = side["country"] or side["key"]
            name = side["acts_for"] or (side["name"] if side["key"] == key else key)
        else:
            key, name = side["key"], side["name"]
        # at the state level an actor with no state stays itself, with its own type
        typ = "COUNTRY" if level == "state" and (key != side["key"] or key.isupper()) \
            else side.get("type")
        n = nodes.setdefault(key, {"id": key, "name": name, "type": typ,
                                   "country": side.get("country"), "events": 0,
                                   "actor_id": None})
        if n["actor_id"] is None and side["key"] == key:
            n["actor_id"] = side.get("actor_id")      # the node's stored actor, if any
        n["events"] += n_events
        return key

    # in a fixed order, so that which name a state node takes does not depend on the plan
    for g in sorted(groups, key=lambda g: tuple(str(g[k] or "") for k in (
            "first", "source_key", "source_state", "target_key", "target_state"))):
        s = node(_side(names, g["source_key"], g["source_state"]), g["events"])
        t = node(_side(names, g["target_key"], g["target_state"]), g["events"])
        if s is None or t is None:
            continue
        e = edges.setdefault((s, t), {"source": s, "target": t, "events": 0, "reports": 0,
                                      "goldstein_sum": 0.0, "goldstein_n": 0,
                                      "quad": {1: 0, 2: 0, 3: 0, 4: 0}, "first": None,
                                      "last": None})
        e["events"] += g["events"]
        e["reports"] += g["reports"] or 0
        e["goldstein_sum"] += g["goldstein_sum"] or 0.0
        e["goldstein_n"] += g["goldstein_n"]
        for q in (1, 2, 3, 4):
            e["quad"][q] += g[f"q{q}"] or 0
        for day in (g["first"], g["last"]):
            if day:
                e["first"] = min(e["first"] or day, day)
                e["last"] = max(e["last"] or day, day)
    out_edges = []
    for e in sorted(edges.values(), key=lambda e: (-e["events"], e["source"], e["target"])):
        n = e.pop("goldstein_n")
        total = e.pop("goldstein_sum")
        e["goldstein_mean"] = round(total / n, 3) if n else None
        e["quad"] = {str(k): v for k, v in e["quad"].items()}
        out_edges.append(e)
    out_nodes = sorted(nodes.values(), key=lambda n: (-n["events"], n["id"]))
    res: dict[str, Any] = {"level": level, "nodes": out_nodes, "edges": out_edges}
    if top is not None:
        keep = {n["id"] for n in out_nodes[:top]}
        res.update(nodes=out_nodes[:top],
                   edges=[e for e in out_edges if e["source"] in keep and e["target"] in keep],
                   nodes_total=len(out_nodes), edges_total=len(out_edges))
    return res


def _one_actor(store: Store, name: str) -> dict[str, Any]:
    """The actor a brief is about: a state by ISO3, else the best name match."""
    name = " ".join((name or "").split())
    if not name:
        raise QueryError("give an actor name or an ISO3 code")
    found = _matching_actors(store, name)
    if name.isupper():
        found = [a for a in found if read.actor(store.conn, a["id"]).get("key") == name] \
            or found
    if not found:
        raise NotFound(f"no actor matching {name!r} (`newsgraph actors` lists them)")
    a = read.actor(store.conn, found[0]["id"])
    a["state"] = a["key"] if a["key"].isupper() else None
    return a


def briefing(store: Store, a: str, b: str | None = None, *, events: int = 200,
             quotes_per_side: int = 8, **filters: Any) -> dict[str, Any]:
    """What a briefing on one actor, or on a pair, shows: the timeline with each event's
    citations, the key quotes of each side with dates, the roles of the people involved,
    and the Goldstein series (cooperation and conflict over time). Plain data."""
    sides = [_one_actor(store, x) for x in ([a] if b is None else [a, b])]
    term = [s["key"] if s["state"] else s["name"] for s in sides]
    if b is None:
        res = timeline(store, actors=[term[0]], limit=events, **filters)
    else:
        res = timeline(store, pair=term, limit=events, **filters)
    evs = res["events"]
    # the people on each side: the actor itself, and the persons acting for it in the events
    people: dict[int, dict[str, Any]] = {}
    speakers: list[set[int]] = [{s["id"]} for s in sides]
    for ev in evs:
        for side in (ev["source"], ev["target"]):
            if not side or side.get("actor_id") is None:
                continue
            if side.get("type") == "PERSON":
                people.setdefault(side["actor_id"], {"name": side["name"],
                                                     "country": side["country"]})
            for i, s in enumerate(sides):
                if side["key"] == s["key"] or (s["state"] and side["country"] == s["state"]):
                    speakers[i].add(side["actor_id"])
    for s in sides:
        if s["type"] == "PERSON":
            people.setdefault(s["id"], {"name": s["name"], "country": s["country"]})
    series = [{"day": ev["date_start"] or ev["day"], "goldstein": ev["goldstein"],
               "quad": ev["quad"], "id": ev["id"], "label": ev["label"] or ev["cameo"],
               "precise": bool(ev["date_start"] and ev["date_start"] == ev["date_end"])}
              for ev in evs if ev["goldstein"] is not None and (ev["date_start"] or ev["day"])]
    return {
        "actors": sides,
        "events": evs,
        "more_events": res["next"] is not None,
        "quotes": [_quote_rows(read.quotes(store.conn, speakers=sorted(ids),
                                           limit=quotes_per_side)) for ids in speakers],
        "people": [{"id": pid, **p, "roles": read.actor_roles(store.conn, pid)}
                   for pid, p in sorted(people.items(), key=lambda kv: kv[1]["name"])],
        "series": series,
    }
