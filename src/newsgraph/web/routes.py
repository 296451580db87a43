"""The JSON API under /api: thin handlers over ``newsgraph.query``.

Each handler checks its parameters (FastAPI does the types; ``query`` the meaning), asks
``query`` and answers plain JSON; errors become the one error body in ``app``. Lists page
by key: ``limit`` and ``after`` (the ``next`` of the previous page; no OFFSET, so a page
costs the same anywhere in a list), and say ``total`` (null where counting would cost as
much as the matches: more than ``read.COUNT_CAP``). ``offset`` is kept only to say, for a
non-zero value, that it was replaced by ``after``.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from .. import query
from ..errors import QueryError
from ..store import Store
from . import schemas as S
from . import views

MAX_LIMIT = 500
DATE = r"^\d{4}-\d{2}-\d{2}$"
DOC_ID = r"^[0-9a-fA-F]{4,16}$"
CAMEO = r"^\d{2,4}$"
MAX_Q = 1000


class JSON(JSONResponse):
    """JSON as ``json.dumps`` writes it (UTF-8, compact): no validation pass over the body."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"),
                          default=str).encode("utf-8")


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {400: "a malformed or meaningless request", 404: "nothing of that id",
            413: "the request body is too large",
            414: "the query string is over 8,192 bytes (a long query in a non-Latin script "
                 "can pass the length limits in characters and still be over it)",
            401: "no token, or a wrong one", 409: "an ingest is already running"}
    return {c: {"model": S.ErrorBody, "description": what[c]} for c in codes}


router = APIRouter(prefix="/api", default_response_class=JSON,
                   responses=_errors(400, 414))


def store(request: Request) -> Store:
    return request.app.state.pool.get()


def _limit(default: int = 50) -> Any:
    return Query(default, ge=1, le=MAX_LIMIT, description=f"rows per page (1-{MAX_LIMIT})")


OFFSET = Query(0, ge=0, le=1_000_000_000, description="replaced by `after`: only 0 is "
               "accepted (lists page by key)")
AFTER = Query(None, max_length=200, description="the `next` of the previous page")


def _keyset_page(fetch: Callable[[int, Optional[str]], list[dict[str, Any]]],
                 total: Optional[Callable[[], Optional[int]]], limit: int,
                 after: Optional[str], offset: int = 0) -> dict[str, Any]:
    """One page of a list that pages by key: each row has its ``cursor``; one row more
    than the page is asked for, to know whether a next page exists."""
    if offset:
        raise QueryError("offset paging was replaced by after: pass the previous page's "
                         "`next` as after=")
    rows = list(fetch(limit + 1, after))
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        nxt = str(rows[-1]["cursor"])
    # a last page at the start is the whole list: no need to count it
    tot = len(rows) if after is None and nxt is None else (total() if total else None)
    return views.page(rows, tot, limit, None, nxt)


# ------------------------------------------------------------------------------ store
@router.get("/stats", response_model=None, responses={200: {"model": S.Stats}},
            summary="What the store holds", tags=["store"])
def get_stats(request: Request) -> JSON:
    return JSON(views.stats(query.stats(store(request))))


# ------------------------------------------------------------------------------ search
@router.get("/search", response_model=None, responses={200: {"model": S.Page[S.SearchHit]}},
            summary="Full-text search over titles and bodies", tags=["search"],
            description="SQLite FTS5 syntax: words, \"a phrase\", AND/OR/NOT, NEAR(...), "
            "prefix*. Each hit carries `doc_id`, a snippet, and the sentences where the "
            "query matches (with the matched words' offsets). A malformed query is a 400.")
def get_search(request: Request,
               q: str = Query(..., min_length=1, max_length=MAX_Q, description="the query"),
               limit: int = _limit(20), after: Optional[str] = AFTER,
               offset: int = OFFSET,
               per_doc: int = Query(3, ge=0, le=20, description="sentences per document")
               ) -> JSON:
    st = store(request)
    return JSON(_keyset_page(lambda n, a: query.search_sentences(st, q, n, a, per_doc),
                             lambda: query.search_total(st, q), limit, after, offset))


# ------------------------------------------------------------------------------ documents
@router.get("/documents", response_model=None,
            responses={200: {"model": S.Page[S.DocumentSummary]}},
            summary="Stored documents, newest first", tags=["documents"])
def get_documents(request: Request, limit: int = _limit(), after: Optional[str] = AFTER,
                  offset: int = OFFSET) -> JSON:
    st = store(request)
    return JSON(_keyset_page(lambda n, a: query.docs(st, n, a), lambda: query.docs_total(st),
                             limit, after, offset))


@router.get("/documents/{doc_id}", response_model=None,
            responses={200: {"model": S.Document}, **_errors(404)},
            summary="One document: text, sentences and every fact with its offsets",
            tags=["documents"])
def get_document(request: Request,
                 doc_id: str = Path(..., pattern=DOC_ID,
                                    description="a doc_id or a unique prefix (4+ hex)")
                 ) -> JSON:
    return JSON(views.document(query.document(store(request), doc_id.lower())))


# ------------------------------------------------------------------------------ actors
@router.get("/actors", response_model=None, responses={200: {"model": S.Page[S.ActorSummary]}},
            summary="Actors across documents, most mentioned first", tags=["actors"],
            description="`q` keeps the actors that it names: a canonical name, an alias or "
            "an ISO3 code, compared whole (canonical names first, then aliases and codes, "
            "then persons of that surname), then those whose name or an alias starts with "
            "it (never a part in the middle: `USA` does not find Yousaf); at most 500.")
def get_actors(request: Request,
               q: Optional[str] = Query(None, min_length=1, max_length=200),
               type: Optional[str] = Query(None, pattern="^(?i:person|country|org|location"
                                           "|group)$"),
               limit: int = _limit(), after: Optional[str] = AFTER,
               offset: int = OFFSET) -> JSON:
    st = store(request)
    if q is not None:
        found = query.find_actors(st, q, type, prefix=True)
        for i, a in enumerate(found):
            a["cursor"] = str(i + 1)

        def fetch(n: int, a: Optional[str]) -> list[dict[str, Any]]:
            if a is not None and not a.isdigit():
                raise QueryError(f"after takes the `next` of the previous page, got {a!r}")
            start = int(a or 0)
            return found[start:start + n]
        return JSON(_keyset_page(fetch, lambda: len(found), limit, after, offset))
    return JSON(_keyset_page(lambda n, a: query.actors(st, type, n, a),
                             lambda: query.actors_total(st, type), limit, after, offset))


ACTOR_ID = Path(..., ge=1, le=2**62, description="the actor's id (lists carry it)")


@router.get("/actors/{actor_id}", response_model=None,
            responses={200: {"model": S.ActorDetail}, **_errors(404)},
            summary="One actor: roles over time, names, documents, quotes, events",
            tags=["actors"])
def get_actor(request: Request, actor_id: int = ACTOR_ID,
              limit: int = Query(10, ge=1, le=100,
                                 description="rows of documents, quotes and events")) -> JSON:
    st = store(request)
    res = query.actor_by_id(st, actor_id, quotes_limit=limit, docs_limit=limit)
    out = {k: res[k] for k in ("actor", "roles", "names")}
    for part, total in (("documents", lambda: query.actor_documents_total(st, actor_id)),
                        ("quotes", lambda: query.quotes_total(st, speaker_id=actor_id))):
        rows = res[part]
        n = len(rows) if len(rows) < limit else total()
        out[part] = views.page(rows, n, limit, None, str(rows[-1]["cursor"])
                               if rows and (n is None or n > len(rows)) else None)
    out["events"] = _events_page(st, limit, None, actor_id=actor_id)
    return JSON(out)


@router.get("/actors/{actor_id}/documents", response_model=None,
            responses={200: {"model": S.Page[S.ActorDocument]}, **_errors(404)},
            summary="The documents that mention one actor, newest first", tags=["actors"])
def get_actor_documents(request: Request, actor_id: int = ACTOR_ID, limit: int = _limit(),
                        after: Optional[str] = AFTER, offset: int = OFFSET) -> JSON:
    st = store(request)
    query.actor_by_id(st, actor_id, quotes_limit=0, docs_limit=0)   # 404 if unknown
    return JSON(_keyset_page(lambda n, a: query.actor_documents(st, actor_id, n, a),
                             lambda: query.actor_documents_total(st, actor_id),
                             limit, after, offset))


# ------------------------------------------------------------------------------ quotes
@router.get("/quotes", response_model=None, responses={200: {"model": S.Page[S.QuoteRow]}},
            summary="Quotes across documents, newest first", tags=["quotes"],
            description="`speaker`: the speaker's actor (name, alias, ISO3) or name as "
            "written; `speaker_id`: one stored actor; `about`: a word in the quote or an "
            "actor mentioned in it; `since`/`until`: publication dates.")
def get_quotes(request: Request,
               speaker: Optional[str] = Query(None, min_length=1, max_length=200),
               speaker_id: Optional[int] = Query(None, ge=1, le=2**62),
               about: Optional[str] = Query(None, min_length=1, max_length=200),
               since: Optional[str] = Query(None, pattern=DATE),
               until: Optional[str] = Query(None, pattern=DATE),
               limit: int = _limit(), after: Optional[str] = AFTER,
               offset: int = OFFSET) -> JSON:
    st = store(request)
    f = dict(speaker=speaker, about=about, since=since, until=until, speaker_id=speaker_id)
    return JSON(_keyset_page(lambda n, a: query.quotes(st, **f, limit=n, after=a),
                             lambda: query.quotes_total(st, **f), limit, after, offset))


# ------------------------------------------------------------------------------ events
def _events_page(st: Store, limit: int, after: Optional[str], **filters: Any
                 ) -> dict[str, Any]:
    """One page of per-document events with its total (bounded: see
    ``query.events_total``)."""
    got = query.events_page(st, limit=limit, after=after,
                            **{k: v for k, v in filters.items() if v is not None})
    return views.page([views.event(r) for r in got["events"]], got["total"], limit, None,
                      got["next"], total_exact=got["total_exact"])


def _pair(pair: Optional[list[str]]) -> Optional[tuple[str, str]]:
    if not pair:
        return None
    if len(pair) != 2 or not all(p.strip() for p in pair):
        raise QueryError("pair takes two actors: pair=X&pair=Y")
    return (pair[0], pair[1])


PAIR = Query(None, max_length=2, description="two actors (pair=X&pair=Y): events between them")
SINCE = Query(None, pattern=DATE, description="on or after this date")
UNTIL = Query(None, pattern=DATE, description="on or before this date")
CAMEO_Q = Query(None, pattern=CAMEO, description="a CAMEO code or root (e.g. 04, 036)")
QUAD = Query(None, ge=1, le=4, description="quad class: 1 verbal cooperation, 2 material "
             "cooperation, 3 verbal conflict, 4 material conflict")
TOTALS = ("`total` counts at most 5,000 rows of each index range the list walks: past "
          "that, `total_exact` is false and `total` is a lower bound (\"at least\").")


@router.get("/events", response_model=None, responses={200: {"model": S.Page[S.EventRow]},
                                                       **_errors(404)},
            summary="Events as each document reports them, with their sentences",
            tags=["events"],
            description="Latest first (undated last). `actor`: on either side (name, alias "
            "or ISO3); `actor_id`: one stored actor on either side; `pair`: between the two, "
            "either way; `since`/`until`: the event's date reaches the day; `cameo`: a root "
            "or code; `quad`: 1-4. Pages by key: pass `next` as `after`. " + TOTALS)
def get_events(request: Request,
               actor: Optional[str] = Query(None, min_length=1, max_length=200),
               actor_id: Optional[int] = Query(None, ge=1, le=2**62),
               pair: Optional[list[str]] = PAIR, since: Optional[str] = SINCE,
               until: Optional[str] = UNTIL, cameo: Optional[str] = CAMEO_Q,
               quad: Optional[int] = QUAD, limit: int = _limit(),
               after: Optional[str] = AFTER) -> JSON:
    f = dict(actor=actor, actor_id=actor_id, pair=_pair(pair), since=since, until=until,
             cameo=cameo, quad=quad)
    return JSON(_events_page(store(request), limit, after, **f))


def _timeline_filters(actor: Optional[list[str]], pair: Optional[list[str]],
                      since: Optional[str], until: Optional[str], cameo: Optional[str],
                      quad: Optional[int], min_reports: Optional[int]) -> dict[str, Any]:
    f = dict(actors=tuple(a for a in (actor or ()) if a.strip()), pair=_pair(pair),
             since=since, until=until, cameo=cameo, quad=quad, min_reports=min_reports)
    if actor and not f["actors"]:
        raise QueryError("actor needs a name, an alias or an ISO3 code")
    return {k: v for k, v in f.items() if v not in (None, ())}


ACTORS = Query(None, max_length=10, description="an actor (name, alias or ISO3); repeat "
               "for several")
MIN_REPORTS = Query(None, ge=1, le=100_000, description="events reported by at least N "
                    "documents")


@router.get("/timeline", response_model=None,
            responses={200: {"model": S.Page[S.TimelineEvent]}, **_errors(404)},
            summary="The cross-document timeline: each real-world event once, with every "
            "report", tags=["events"],
            description="The CLI's filters (`newsgraph timeline`): `actor` (repeatable: any "
            "of them; a state includes its people), `pair` (between the two, either way), "
            "`since`, `until`, `cameo`, `quad`, `min_reports`. Ordered by date; pages by "
            "key: pass `next` as `after`. Each event is contract section 3's record (`id`, "
            "`date`, `cameo`, `plover`, `label`, `source`, `target`, `location`, "
            "`reports` with their evidence sentences and offsets) plus its day range, "
            "Goldstein score, quad class and counts. `reports`: the reports given per event "
            "(`num_reports` says how many it has). " + TOTALS)
def get_timeline(request: Request, actor: Optional[list[str]] = ACTORS,
                 pair: Optional[list[str]] = PAIR, since: Optional[str] = SINCE,
                 until: Optional[str] = UNTIL, cameo: Optional[str] = CAMEO_Q,
                 quad: Optional[int] = QUAD, min_reports: Optional[int] = MIN_REPORTS,
                 limit: int = _limit(), after: Optional[str] = AFTER,
                 reports: int = Query(50, ge=0, le=1000, description="reports per event")
                 ) -> JSON:
    st = store(request)
    f = _timeline_filters(actor, pair, since, until, cameo, quad, min_reports)
    got = query.timeline(st, **f, limit=limit, after=after, reports=reports > 0, total=True)
    items = got["events"]
    for ev in items:
        ev["reports"] = ev["reports"][:reports]
    return JSON(views.page(items, got["total"], limit, None, got["next"],
                           total_exact=got["total_exact"]))


@router.get("/graph", response_model=None,
            responses={200: {"model": S.Graph}, **_errors(404)},
            summary="Actors as nodes; directed edges weighted by event count and mean "
            "Goldstein score", tags=["events"],
            description="From the timeline, with its filters (as `newsgraph graph`). `level`: "
            "`actor` (each side's own actor) or `state` (people counted with their state). "
            "`top`: the most active nodes kept, with the edges between them "
            "(`nodes_total`, `edges_total`: how many there were).")
def get_graph(request: Request, actor: Optional[list[str]] = ACTORS,
              pair: Optional[list[str]] = PAIR, since: Optional[str] = SINCE,
              until: Optional[str] = UNTIL, cameo: Optional[str] = CAMEO_Q,
              quad: Optional[int] = QUAD, min_reports: Optional[int] = MIN_REPORTS,
              level: str = Query("actor", pattern="^(actor|state)$"),
              top: int = Query(60, ge=1, le=1000, description="nodes kept (most events)")
              ) -> JSON:
    f = _timeline_filters(actor, pair, since, until, cameo, quad, min_reports)
    g = query.graph(store(request), level=level, top=top, **f)
    return JSON(g)


@router.get("/briefing", response_model=None,
            responses={200: {"model": S.Open,
                             "content": {"text/markdown": {}, "text/html": {}}},
                       **_errors(404)},
            summary="A briefing on one actor or a pair: timeline with citations, key "
            "quotes, roles, cooperation and conflict over time", tags=["events"],
            description="As `newsgraph brief`: `format=json` (the data), `md` (Markdown) or "
            "`html` (one self-contained page: inline CSS and SVG, no script).")
def get_briefing(request: Request,
                 actor: list[str] = Query(..., min_length=1, max_length=2,
                                          description="one actor, or two for a pair"),
                 since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
                 cameo: Optional[str] = CAMEO_Q, quad: Optional[int] = QUAD,
                 min_reports: Optional[int] = MIN_REPORTS,
                 limit: int = Query(200, ge=1, le=MAX_LIMIT, description="events shown"),
                 format: str = Query("json", pattern="^(json|md|html)$")) -> Response:
    names = [a for a in actor if a.strip()]
    if len(names) != len(actor):
        raise QueryError("actor needs a name, an alias or an ISO3 code")
    f = {k: v for k, v in dict(since=since, until=until, cameo=cameo, quad=quad,
                               min_reports=min_reports).items() if v is not None}
    b = query.briefing(store(request), *names, events=limit, **f)
    if format == "json":
        return JSON(b)
    from .. import brief
    if format == "md":
        return Response(brief.markdown(b), media_type="text/markdown; charset=utf-8")
    # the page is self-contained: its own CSS and SVG inline, no script at all
    return Response(brief.page(b), media_type="text/html; charset=utf-8",
                    headers={"content-security-policy": BRIEF_CSP})


BRIEF_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
             "form-action 'none'; frame-ancestors 'none'")
