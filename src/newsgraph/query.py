"""Read-side questions over the store, shared by the CLI, the API and the web server.

Each function takes an open ``Store`` and returns plain data (dicts, lists, model objects);
resolution rules (what a document reference or an actor name means) live here, the SQL
lives in ``store.read``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .errors import NotFound, QueryError
from .model import ENTITY_TYPES
from .store import Store
from .store import read

__all__ = ["docs", "resolve_document", "document", "search", "stats", "actors", "actor",
           "actor_by_id", "quotes", "events", "errors", "docs_total", "search_total",
           "search_sentences", "actors_total", "quotes_total", "actor_documents",
           "actor_documents_total", "find_actors"]


def _limit(n: int | None, default: int = 20) -> int:
    if n is None:
        return default
    if n < 0:
        raise QueryError(f"limit must be 0 or more, got {n}")
    return n


def docs(store: Store, limit: int | None = 20, offset: int = 0) -> list[dict[str, Any]]:
    return read.list_documents(store.conn, _limit(limit), max(0, offset))


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


def search(store: Store, q: str, limit: int | None = 20, offset: int = 0
           ) -> list[dict[str, Any]]:
    """FTS5 search over titles and bodies, best first; snippets mark hits with [ ]."""
    return read.search(store.conn, q, _limit(limit), max(0, offset))


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


def actors(store: Store, type_: str | None = None, limit: int | None = 20, offset: int = 0
           ) -> list[dict[str, Any]]:
    return read.list_actors(store.conn, _actor_type(type_), _limit(limit), max(0, offset))


def _matching_actors(store: Store, name: str) -> list[dict[str, Any]]:
    """The best-matching actors for a name: every exact match, else every substring match."""
    found = read.find_actors(store.conn, name, limit=50)
    return [a for a in found if a["match"] == found[0]["match"]] if found else []


def actor(store: Store, name: str, *, quotes_limit: int = 10, docs_limit: int = 10
          ) -> dict[str, Any]:
    """One actor by name, alias or ISO3: roles over time, names, documents, quotes.

    Several actors can match; the one most documents mention is shown and the others are
    listed under ``others`` so the caller can say so.
    """
    if not name or not name.strip():
        raise QueryError("give an actor name")
    found = _matching_actors(store, name)
    if not found:
        raise NotFound(f"no actor matching {name!r} (`newsgraph actors` lists them)")
    best = found[0]
    return {
        **_actor_view(store, best["id"], quotes_limit, docs_limit),
        "exact": best["match"] < 2,
        "others": [{"id": a["id"], "name": a["name"], "type": a["type"],
                    "documents": a["documents"]} for a in found[1:10]],
    }


def _actor_view(store: Store, aid: int, quotes_limit: int, docs_limit: int
                ) -> dict[str, Any]:
    return {
        "actor": read.actor(store.conn, aid),
        "roles": _roles_with_evidence(store, aid),
        "names": read.actor_names(store.conn, aid),
        "documents": read.actor_documents(store.conn, aid, docs_limit),
        "quotes": read.quotes(store.conn, speakers=[aid], limit=quotes_limit),
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
        about_actors = [a["id"] for a in _matching_actors(store, about) if a["match"] < 2]
    return dict(speakers=speakers, speaker_text=speaker, about=about,
                about_actors=about_actors, since=_date(since, "--since"),
                until=_date(until, "--until"))


def quotes(store: Store, *, speaker: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None, limit: int | None = 20,
           offset: int = 0, speaker_id: int | None = None) -> list[dict[str, Any]]:
    """Quotes, newest first. ``speaker`` matches the speaker's actor (name, alias, ISO3) or
    the speaker's name as written; ``speaker_id`` one stored actor; ``about`` matches the
    quote's words or an actor mentioned inside it."""
    return read.quotes(store.conn, **_quote_filter(store, speaker, about, since, until,
                                                   speaker_id),
                       limit=_limit(limit), offset=max(0, offset))


# ------------------------------------------------------------------------------ totals
# How many rows a list question has in all, for front ends that page (the JSON API).
def docs_total(store: Store) -> int:
    return read.count_documents(store.conn)


def search_total(store: Store, q: str) -> int:
    return read.count_search(store.conn, q)


def actors_total(store: Store, type_: str | None = None) -> int:
    return read.count_actors(store.conn, _actor_type(type_))


def quotes_total(store: Store, *, speaker: str | None = None, about: str | None = None,
                 since: str | None = None, until: str | None = None,
                 speaker_id: int | None = None) -> int:
    return read.count_quotes(store.conn, **_quote_filter(store, speaker, about, since, until,
                                                         speaker_id))


def actor_documents(store: Store, actor_id: int, limit: int | None = 20, offset: int = 0
                    ) -> list[dict[str, Any]]:
    """The documents that mention one stored actor, newest first."""
    return read.actor_documents(store.conn, actor_id, _limit(limit), max(0, offset))


def actor_documents_total(store: Store, actor_id: int) -> int:
    return read.count_actor_documents(store.conn, actor_id)


def find_actors(store: Store, name: str, type_: str | None = None, limit: int = 500
                ) -> list[dict[str, Any]]:
    """Every actor whose name, an alias or ISO3 code matches ``name``: exact matches first
    (``match`` 0 or 1), then names containing it (2); most documents first within each."""
    if not name or not name.strip():
        raise QueryError("give an actor name")
    t = _actor_type(type_)
    found = read.find_actors(store.conn, name, limit=limit)
    return [a for a in found if not t or a["type"] == t.upper()]


def search_sentences(store: Store, q: str, limit: int | None = 20, offset: int = 0,
                     per_doc: int = 3) -> list[dict[str, Any]]:
    """``search``, each hit with ``sentences``: the sentences where the query matches the
    body (up to ``per_doc``; ``hits`` are the matched words' offsets into the text)."""
    return read.search_sentences(store.conn, q, _limit(limit), max(0, offset), per_doc)


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
    about_actors = ([a["id"] for a in _matching_actors(store, about) if a["match"] < 2]
                    if about else None)
    n, docs = read.quotes_undated(store.conn, speakers=speakers, speaker_text=speaker,
                                  about=about, about_actors=about_actors)
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


def events(store: Store, *, actor: str | None = None, pair: tuple[str, str] | None = None,
           since: str | None = None, until: str | None = None, cameo: str | None = None,
           quad: int | None = None, limit: int | None = 20, after: str | None = None
           ) -> list[dict[str, Any]]:
    """Per-document events, latest first (by the start of the event's date; undated last),
    each with its document and evidence sentence.

    ``actor``: the actor (name, alias or ISO3) on either side; ``pair``: events between
    the two, in either direction; ``since``/``until``: the event's date reaches the day;
    ``cameo``: a CAMEO root ("04") or code ("042": its root is used, finer codes filter
    after); ``quad``: 1-4. Pages by key: pass the last row's ``cursor`` as ``after``.
    """
    n = _limit(limit)
    root = code = None
    if cameo is not None:
        code = str(cameo).strip()
        if not code.isdigit() or not 2 <= len(code) <= 4:
            raise QueryError(f"--cameo takes a CAMEO code or root (2-4 digits), got {cameo!r}")
        root = code[:2]
    if quad is not None and quad not in (1, 2, 3, 4):
        raise QueryError(f"--quad takes 1, 2, 3 or 4 (verbal/material cooperation, verbal/"
                         f"material conflict), got {quad!r}")
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

    if pair is not None:
        a, b = _actor_ids(store, pair[0], "--pair"), _actor_ids(store, pair[1], "--pair")
        rows = fetch(sources=a, targets=b) + fetch(sources=b, targets=a)
    elif actor is not None:
        ids = _actor_ids(store, actor, "--actor")
        rows = fetch(sources=ids) + fetch(targets=ids)
    else:
        rows = fetch()
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
