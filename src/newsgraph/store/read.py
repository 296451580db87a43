"""Read-side queries. Every function takes a connection and returns plain dicts (or model
objects), so ``newsgraph.query``, the CLI and the web server never write SQL themselves."""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
import zlib
from typing import Any, Iterable

from ..errors import QueryError, StoreError
from ..names import lookup_key
from ..model import (Actor, Annotated, Article, DocWarning, Entity, Event, Mention, Quote,
                     Role, Sentence, Span, Speaker, TimeExpr)


def _dicts(rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


def dict_rows(c: sqlite3.Connection, sql: str, args: Iterable[Any] = ()
              ) -> list[dict[str, Any]]:
    """The rows of ``sql`` as plain dicts, built from tuples: half the cost of
    ``dict(sqlite3.Row)`` a row, which the list queries of a web page pay per row."""
    cur = c.cursor()
    cur.row_factory = None
    cur.execute(sql, tuple(args))
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, r)) for r in cur]


# ------------------------------------------------------------------------------ documents
def resolve_document(c: sqlite3.Connection, ref: str) -> list[str]:
    """doc_ids matching ``ref``: a full id, an id prefix, or a source (path or URL)."""
    ref = ref.strip()
    if not ref:
        return []
    row = c.execute("SELECT doc_id FROM documents WHERE doc_id = ?", (ref,)).fetchone()
    if row:
        return [row[0]]
    hits = [r[0] for r in c.execute("SELECT DISTINCT doc_id FROM sources WHERE source = ? "
                                    "ORDER BY doc_id", (ref,))]
    if hits:
        return hits
    if len(ref) >= 4 and all(ch in "0123456789abcdef" for ch in ref.lower()):
        esc = ref.lower()
        return [r[0] for r in c.execute(
            "SELECT doc_id FROM documents WHERE doc_id >= ? AND doc_id < ? ORDER BY doc_id "
            "LIMIT 10", (esc, esc + "g"))]
    return []


def document(c: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    r = c.execute(
        "SELECT doc_id, source, title, published, published_source, published_not_before, "
        "language, text, url, author, media_type, removed, skipped, raw_size, "
        "length(raw) AS raw_stored, ingested_at FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if r is None:
        return None
    d = dict(r)
    d["removed"] = json.loads(d["removed"] or "[]")
    d["skipped"] = json.loads(d["skipped"] or "[]")
    return d


def raw(c: sqlite3.Connection, doc_id: str) -> bytes | None:
    r = c.execute("SELECT raw FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if r is None or r[0] is None:
        return None
    return zlib.decompress(r[0])


def sources(c: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    return _dicts(c.execute(
        "SELECT source, kind, similarity, title, url, published, first_seen FROM sources "
        "WHERE doc_id = ? ORDER BY kind != 'original', first_seen, source", (doc_id,)))


def list_documents(c: sqlite3.Connection, limit: int = 20,
                   after: tuple[str, int] | None = None) -> list[dict[str, Any]]:
    """Documents newest first (undated last; the latest stored first within a day): one
    range of ``documents_sort``. ``after``: the (sort_key, id) of the previous page's last
    row (keyset pagination, no OFFSET); each row carries its ``sort_key`` and ``id``."""
    where, args = ("WHERE (d.sort_key, d.id) < (?, ?) ", list(after)) if after else ("", [])
    return _dicts(c.execute(
        "SELECT d.id, d.sort_key, d.doc_id, d.title, d.published, d.source, d.language, "
        "length(d.text) AS chars, "
        "(SELECT count(*) FROM sources s WHERE s.doc_id = d.doc_id) AS n_sources, "
        "(SELECT count(*) FROM entities e WHERE e.doc_id = d.doc_id) AS n_entities, "
        "(SELECT count(*) FROM quotes q WHERE q.doc_id = d.doc_id) AS n_quotes "
        f"FROM documents d {where}ORDER BY d.sort_key DESC, d.id DESC LIMIT ?",
        (*args, limit)))


def counter(c: sqlite3.Connection, name: str, part: str = "") -> int:
    """A count the store keeps (table ``counters``, kept in the writer's transaction)."""
    r = c.execute("SELECT value FROM counters WHERE name = ? AND part = ?",
                  (name, part)).fetchone()
    return int(r[0]) if r else 0


def _counter_parts(c: sqlite3.Connection, name: str) -> dict[str, int]:
    return {r[0]: int(r[1]) for r in c.execute(
        "SELECT part, value FROM counters WHERE name = ? AND part != '' AND value != 0 "
        "ORDER BY value DESC, part", (name,))}


def count_documents(c: sqlite3.Connection) -> int:
    return counter(c, "documents")


def load_annotated(c: sqlite3.Connection, doc_id: str) -> Annotated | None:
    """The stored document with all its annotations, as the model objects it was stored from."""
    r = c.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if r is None:
        return None
    srcs = [x[0] for x in c.execute(
        "SELECT source FROM sources WHERE doc_id = ? AND source != ? ORDER BY first_seen, source",
        (doc_id, r["source"]))]
    art = Article(
        doc_id=r["doc_id"], source=r["source"], text=r["text"], title=r["title"],
        published=r["published"], published_source=r["published_source"],
        published_not_before=r["published_not_before"], language=r["language"],
        removed=tuple(json.loads(r["removed"] or "[]")), url=r["url"],
        author=r["author"], media_type=r["media_type"] or "text/plain",
        raw=zlib.decompress(r["raw"]) if r["raw"] else b"",
        sources=tuple([r["source"], *srcs]) if srcs else (),
        # every stored warning is the article's: it is the whole record of what went wrong
        warnings=tuple(DocWarning(x["code"], x["message"]) for x in c.execute(
            "SELECT code, message FROM document_warnings WHERE doc_id = ? ORDER BY idx",
            (doc_id,))))
    sents = tuple(Sentence(x["start"], x["end"], x["paragraph"]) for x in c.execute(
        'SELECT start, "end", paragraph FROM sentences WHERE doc_id = ? ORDER BY idx', (doc_id,)))
    roles: dict[str, list[Role]] = {}
    for x in c.execute('SELECT entity_id, title, "of", as_of, qualifier, source FROM entity_roles '
                       'WHERE doc_id = ? ORDER BY rowid', (doc_id,)):
        roles.setdefault(x["entity_id"], []).append(
            Role(x["title"], x["of"], x["as_of"], x["qualifier"], x["source"]))
    ments: dict[str, list[Mention]] = {}
    for x in c.execute('SELECT entity_id, start, "end", text, kind FROM mentions '
                       'WHERE doc_id = ? ORDER BY rowid', (doc_id,)):
        ments.setdefault(x["entity_id"], []).append(
            Mention(x["start"], x["end"], x["text"], x["kind"]))
    ents = tuple(
        Entity(id=x["id"], name=x["name"], type=x["type"], country=x["country"],
               roles=tuple(roles.get(x["id"], ())), mentions=tuple(ments.get(x["id"], ())),
               gender=x["gender"])
        for x in c.execute("SELECT * FROM entities WHERE doc_id = ? ORDER BY rowid", (doc_id,)))
    quotes = tuple(
        Quote(kind=x["kind"], text=x["text"], start=x["start"], end=x["end"],
              speaker=Speaker(
                  x["speaker_entity"], x["speaker_name"],
                  Span(x["speaker_start"], x["speaker_end"], x["speaker_text"])
                  if x["speaker_start"] is not None else None),
              cue=x["cue"],
              cue_span=Span(x["cue_start"], x["cue_end"], r["text"][x["cue_start"]:x["cue_end"]])
              if x["cue_start"] is not None else None)
        for x in c.execute("SELECT * FROM quotes WHERE doc_id = ? ORDER BY idx", (doc_id,)))
    times = tuple(
        TimeExpr(x["text"], x["start"], x["end"], x["value"], x["kind"], x["mod"], x["anchor"])
        for x in c.execute("SELECT * FROM times WHERE doc_id = ? ORDER BY idx", (doc_id,)))

    events = tuple(event_of(x) for x in c.execute(
        "SELECT * FROM events WHERE doc_id = ? ORDER BY rowid", (doc_id,)))
    return Annotated(article=art, sentences=sents, entities=ents, quotes=quotes, times=times,
                     events=events, skipped=tuple(json.loads(r["skipped"] or "[]")))


def _span_of(x: sqlite3.Row, pre: str) -> Span | None:
    if x[f"{pre}_start"] is None:
        return None
    return Span(x[f"{pre}_start"], x[f"{pre}_end"], x[f"{pre}_text"] or "")


def _actor_of(x: sqlite3.Row, side: str) -> Actor | None:
    vals = (x[f"{side}_entity"], x[f"{side}_name"], x[f"{side}_country"])
    if not any(v is not None for v in vals):
        return None
    return Actor(*vals, mention=_span_of(x, side))


def event_of(x: sqlite3.Row) -> Event:
    """A stored event row as the model's Event."""
    return Event(id=x["id"], cameo=x["cameo"], plover=x["plover"], label=x["label"],
                 source=_actor_of(x, "source"), target=_actor_of(x, "target"), date=x["date"],
                 location=x["location"], modality=x["modality"],
                 evidence_start=x["evidence_start"], evidence_end=x["evidence_end"],
                 confidence=x["confidence"], goldstein=x["goldstein"],
                 trigger=_span_of(x, "trigger"), quad=x["quad"], plover_mode=x["plover_mode"],
                 date_source=x["date_source"])


# ------------------------------------------------------------------------------ events
_EVENT_COLS = (
    "v.rowid AS rowid_, v.*, d.title, d.published, d.source AS doc_source, "
    "substr(d.text, v.evidence_start + 1, v.evidence_end - v.evidence_start) AS sentence, "
    "sa.name AS source_actor_name, ta.name AS target_actor_name")


def list_events(c: sqlite3.Connection, *, sources: list[int] | None = None,
                targets: list[int] | None = None, since: str | None = None,
                until: str | None = None, root: str | None = None, quad: int | None = None,
                after: tuple[str, int] | None = None, limit: int = 20
                ) -> list[dict[str, Any]]:
    """Events, latest date first (undated last), each with its document and sentence.

    ``sources`` / ``targets``: actor ids the source / target must be one of (each list is
    run as one index range scan per id, see ``events_source_actor``, ``events_pair``).
    ``since`` / ``until``: the event's date period must reach the day (``date_end >=
    since``, ``date_start <= until``). ``after``: the (sort_key, rowid) of the last row of
    the previous page (keyset pagination, no OFFSET). A page is at most ``limit`` rows.
    """
    where: list[str] = []
    args: list[Any] = []
    if since:
        where.append("v.date_end >= ?")
        args.append(since)
    if until:
        where.append("v.date_start <= ?")
        args.append(until)
    if root:
        where.append("v.root = ?")
        args.append(root)
    if quad is not None:
        where.append("v.quad = ?")
        args.append(quad)
    if after is not None:
        where.append("(v.sort_key, v.rowid) < (?, ?)")
        args.extend(after)
    # one query per actor id: each an index range in the listing's order
    combos: list[tuple[str, list[Any]]] = []
    if sources and targets:
        combos = [("v.source_actor = ? AND v.target_actor = ?", [s, t])
                  for s in sources for t in targets]
    elif sources:
        combos = [("v.source_actor = ?", [s]) for s in sources]
    elif targets:
        combos = [("v.target_actor = ?", [t]) for t in targets]
    else:
        combos = [("1", [])]
    rows: list[dict[str, Any]] = []
    for cond, cargs in combos:
        sql = (f"SELECT {_EVENT_COLS} FROM events v JOIN documents d ON d.doc_id = v.doc_id "
               "LEFT JOIN actors sa ON sa.id = v.source_actor "
               "LEFT JOIN actors ta ON ta.id = v.target_actor "
               f"WHERE {' AND '.join([cond] + where)} "
               "ORDER BY v.sort_key DESC, v.rowid DESC LIMIT ?")
        rows.extend(_dicts(c.execute(sql, cargs + args + [limit])))
    rows.sort(key=lambda r: (r["sort_key"], r["rowid_"]), reverse=True)
    seen: set[int] = set()
    out = []
    for r in rows:
        if r["rowid_"] not in seen:
            seen.add(r["rowid_"])
            out.append(r)
    return out[:limit]


def events_undated(c: sqlite3.Connection, *, sources: list[int] | None = None,
                   targets: list[int] | None = None, either: list[int] | None = None,
                   root: str | None = None, quad: int | None = None) -> int:
    """Events with no date that match the other filters: what --since/--until leave out.
    ``either``: an actor on one side or the other; ``sources``/``targets`` both given: the
    pair, in either direction."""
    where, args = ["v.date_start IS NULL"], []
    if root:
        where.append("v.root = ?")
        args.append(root)
    if quad is not None:
        where.append("v.quad = ?")
        args.append(quad)

    def ids(xs: list[int]) -> str:
        return ",".join("?" * len(xs))
    if sources and targets:
        where.append(f"((v.source_actor IN ({ids(sources)}) AND v.target_actor IN "
                     f"({ids(targets)})) OR (v.source_actor IN ({ids(targets)}) AND "
                     f"v.target_actor IN ({ids(sources)})))")
        args += sources + targets + targets + sources
    elif either:
        where.append(f"(v.source_actor IN ({ids(either)}) OR v.target_actor IN ({ids(either)}))")
        args += either + either
    return int(c.execute(f"SELECT count(*) FROM events v WHERE {' AND '.join(where)}",
                         args).fetchone()[0])


def entity_actors(c: sqlite3.Connection, doc_id: str) -> dict[str, int]:
    """Entity id -> cross-document actor id, for one document."""
    return {r[0]: r[1] for r in c.execute(
        "SELECT id, actor_id FROM entities WHERE doc_id = ? AND actor_id IS NOT NULL", (doc_id,))}


# ------------------------------------------------------------------------------ search
_QUERY_ERRORS = ("fts5", "syntax error", "no such column", "unterminated", "unknown special",
                 "malformed")


# Bounds on a search (README, "Query speed"): its length, its terms, and the matches ranked at a
# time. FTS5 ranks every match of a query before it can return the best, so a query is
# ranked a window at a time: the SEARCH_WINDOW newest matches (highest rowids) first, then
# the next older ones; a query with fewer matches is ranked whole.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 32
SEARCH_WINDOW = 2000
COUNT_CAP = 10_000
_TERM = re.compile(r"[^\W_]+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def check_query(q: str) -> None:
    """A search query within the bounds, else QueryError saying which."""
    if not q or not q.strip():
        raise QueryError("empty search query")
    if "\x00" in q:
        raise QueryError("malformed search query: it contains a NUL character")
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"search query too long: {len(q):,} characters (at most "
                         f"{MAX_QUERY_CHARS:,})")
    terms = [t for t in _TERM.findall(q) if t not in _OPERATORS]
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError(f"search query has {len(terms)} terms (at most {MAX_QUERY_TERMS}): "
                         f"search for fewer words")


def _fts(c: sqlite3.Connection, q: str, sql: str, args: tuple[Any, ...]
         ) -> list[sqlite3.Row]:
    """Run an FTS5 MATCH query; a malformed query raises QueryError."""
    check_query(q)
    try:
        return c.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        msg = str(exc)
        if any(k in msg.lower() for k in _QUERY_ERRORS):
            raise QueryError(
                f"malformed search query {q!r}: {msg}. Words are matched as typed; use "
                f"double quotes for a phrase or for words with punctuation (\"U.S.\"), and "
                f"AND, OR, NOT, NEAR(...) or a trailing * as operators") from exc
        raise StoreError(f"search failed: {msg}") from exc


SearchCursor = tuple[int, int, float, int]     # window (hi, lo), then (score, rowid)

# The page's rows, for snippets and highlights: one pass of the query over the rowid range
# they span, the list itself only a filter (``+ 0`` keeps it from FTS5, which would run
# the whole query once per listed rowid: the cost that grew with the square of the terms).
_PAGE_ROWS = ("documents_fts.rowid BETWEEN ? AND ? AND documents_fts.rowid + 0 IN ({marks})")


def search_top(c: sqlite3.Connection, q: str, limit: int,
               after: SearchCursor | None = None) -> list[tuple[int, float, SearchCursor]]:
    """The page of ``q``'s matches after ``after``: (rowid, score, cursor) best first
    within each window of SEARCH_WINDOW matches, newest window first. Each window costs
    one walk of SEARCH_WINDOW entries of the index and one ranking of that many rows,
    whatever the number of matches."""
    out: list[tuple[int, float, SearchCursor]] = []
    hi: int | None = after[0] if after else None
    lo: int | None = after[1] if after else None
    point = (after[2], after[3]) if after else None
    while len(out) < limit:
        if lo is None:      # a new window: the SEARCH_WINDOW newest matches up to hi
            edge = _fts(c, q, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
                        + ("AND rowid <= ? " if hi is not None else "")
                        + "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                        (q, *([hi] if hi is not None else []), SEARCH_WINDOW - 1))
            lo = edge[0][0] if edge else 0
            if hi is None:
                hi = 2 ** 62
        rows = _fts(c, q,
            "SELECT rowid, score FROM (SELECT rowid, bm25(documents_fts, 5.0, 1.0) AS score "
            "FROM documents_fts WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ?) "
            + ("WHERE (score, rowid) > (?, ?) " if point else "")
            + "ORDER BY score, rowid LIMIT ?",
            (q, lo, hi, *(point or ()), limit - len(out)))
        out += [(r[0], r[1], (hi, lo, r[1], r[0])) for r in rows]
        if len(out) >= limit or lo <= 0:
            break
        hi, lo, point = lo - 1, None, None       # the next, older window
    return out


def search(c: sqlite3.Connection, q: str, limit: int = 20,
           after: SearchCursor | None = None) -> list[dict[str, Any]]:
    """Full-text search (FTS5 query syntax), best first (see ``search_top``); a malformed
    query raises QueryError. Each row carries its ``cursor``."""
    top = search_top(c, q, limit, after)
    if not top:
        return []
    ids = [r[0] for r in top]
    rows = {r["id"]: r for r in _fts(c, q,
        "SELECT d.id, d.doc_id, d.title, d.published, d.source, "
        "snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
        "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        f"WHERE documents_fts MATCH ? AND {_PAGE_ROWS.format(marks=','.join('?' * len(ids)))}",
        (q, min(ids), max(ids), *ids))}
    return [{"doc_id": r["doc_id"], "title": r["title"], "published": r["published"],
             "source": r["source"], "snippet": r["snippet"], "score": score, "cursor": cur}
            for rid, score, cur in top if (r := rows.get(rid)) is not None]


def count_search(c: sqlite3.Connection, q: str, cap: int = COUNT_CAP) -> int:
    """How many documents ``search`` finds for ``q``, counted up to ``cap + 1``."""
    return _fts(c, q, "SELECT count(*) FROM (SELECT rowid FROM documents_fts "
                "WHERE documents_fts MATCH ? LIMIT ?)", (q, cap + 1))[0][0]


# Markers highlight() puts around each matched token; a text holding them yields no hits
# rather than wrong offsets.
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"


def search_sentences(c: sqlite3.Connection, q: str, limit: int = 20,
                     after: SearchCursor | None = None, per_doc: int = 3
                     ) -> list[dict[str, Any]]:
    """``search`` for front ends that show sentences: the same ranking, each hit with
    ``sentences`` (where ``q`` matches the body: up to ``per_doc`` per document, in text
    order, each ``{idx, start, end, text, hits}``, ``hits`` the matched words' ``[start,
    end]`` as offsets into the document's text) and a ``snippet`` made from the first of
    them (hits marked with [ ]).

    Ranks by row ids first and highlights only the page it returns: FTS5's snippet() over
    every match before the sort is what makes ``search`` slow on common words.
    """
    top = search_top(c, q, limit, after)
    if not top:
        return []
    ids = [r[0] for r in top]
    marks = ",".join("?" * len(ids))
    rows = {r["id"]: r for r in _fts(c, q,
        f"SELECT d.id, d.doc_id, d.title, d.published, d.source, "
        f"highlight(documents_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}') AS h, "
        f"instr(d.text, char(2)) + instr(d.text, char(3)) AS marked "
        f"FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        f"WHERE documents_fts MATCH ? AND {_PAGE_ROWS.format(marks=marks)}",
        (q, min(ids), max(ids), *ids))}
    # (start, end, idx) of the page's sentences, as tuples: a page reads hundreds
    sents: dict[str, list[tuple[int, int, int]]] = {}
    tuples = c.cursor()
    tuples.row_factory = None
    doc_ids = [r["doc_id"] for r in rows.values()]
    for d, *x in tuples.execute(f'SELECT s.doc_id, s.start, s."end", s.idx FROM sentences s '
                             f"WHERE s.doc_id IN ({','.join('?' * len(doc_ids))}) "
                             f"ORDER BY s.doc_id, s.start", doc_ids):
        sents.setdefault(d, []).append(x)
    out = []
    for rid, score, cur in top:
        r = rows.get(rid)
        if r is None:       # deleted between the two reads
            continue
        h = r["h"] or ""
        found = ([] if r["marked"] else
                 _hit_sentences(h, sents.get(r["doc_id"], []), per_doc))
        out.append({"doc_id": r["doc_id"], "title": r["title"], "published": r["published"],
                    "source": r["source"], "snippet": _snippet(found, h), "score": score,
                    "sentences": found, "cursor": cur})
    return out


def _hit_sentences(h: str, sents: list[tuple[int, int, int]], per_doc: int
                   ) -> list[dict[str, Any]]:
    text = h.replace(_HIT_OPEN, "").replace(_HIT_CLOSE, "")
    starts = [x[0] for x in sents]
    found: dict[int, dict[str, Any]] = {}
    for hs, he in _marked_spans(h):
        s = _containing(sents, starts, hs)
        if s is None:   # a hit outside every sentence (an unannotated document)
            key, start, end = -1 - hs, max(0, hs - 80), min(len(text), he + 80)
            idx = None
        else:
            start, end, idx = s
            key = idx if idx is not None else -1 - hs
        if key not in found:
            if len(found) >= per_doc:
                continue
            found[key] = {"idx": idx, "start": start, "end": end,
                          "text": text[start:end], "hits": []}
        found[key]["hits"].append([hs, he])
    return sorted(found.values(), key=lambda x: x["start"])


def _snippet(found: list[dict[str, Any]], h: str, width: int = 220) -> str:
    """The first matching sentence, hits in [ ], cut to about ``width`` around them."""
    if not found:
        text = h.replace(_HIT_OPEN, "").replace(_HIT_CLOSE, "")
        return " ".join(text[:width].split())
    s = found[0]
    out, pos = [], s["start"]
    for a, b in s["hits"]:
        out += [s["text"][pos - s["start"]:a - s["start"]], "[", s["text"][a - s["start"]:b - s["start"]], "]"]
        pos = b
    out.append(s["text"][pos - s["start"]:])
    snip = " ".join("".join(out).split())
    if len(snip) > width:
        i = snip.find("[")
        lo = max(0, i - width // 3)
        snip = ("… " if lo else "") + snip[lo:lo + width].strip() + " …"
    return snip


def _marked_spans(h: str) -> list[tuple[int, int]]:
    spans = []
    pos = removed = 0
    while (i := h.find(_HIT_OPEN, pos)) >= 0:
        j = h.find(_HIT_CLOSE, i)
        if j < 0:
            break
        start = i - removed
        end = j - removed - 1
        spans.append((start, end))
        removed += 2
        pos = j + 1
    return spans


def _containing(sents: list[tuple[int, int, int]], starts: list[int], pos: int
                ) -> tuple[int, int, int] | None:
    """(start, end, idx) of the sentence that holds offset ``pos``."""
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sents[i][0] <= pos < sents[i][1]:
        return sents[i]
    return None


# ------------------------------------------------------------------------------ stats
def stats(c: sqlite3.Connection) -> dict[str, Any]:
    """What the store holds, from the counts it keeps (``counters``) and index ends: no
    query here reads more than a handful of rows."""
    one = lambda sql, *a: (c.execute(sql, a).fetchone() or (None,))[0]  # noqa: E731
    n = lambda name, part="": counter(c, name, part)  # noqa: E731
    parts = lambda name: _counter_parts(c, name)  # noqa: E731
    return {
        "schema_version": one("PRAGMA user_version"),
        "documents": n("documents"),
        "sources": n("sources"),
        "exact_duplicates": n("sources", "exact"),
        "near_duplicates": n("sources", "near"),
        "errors": n("errors"),
        "errors_by_reason": parts("errors"),
        "languages": parts("languages"),
        # the ends of an index: two lookups
        "published_first": one("SELECT min(published) FROM documents"),
        "published_last": one("SELECT max(published) FROM documents"),
        "undated": n("undated"),
        "characters": n("characters"),
        "raw_bytes": n("raw_bytes"),
        "raw_stored_bytes": n("raw_stored_bytes"),
        "sentences": n("sentences"),
        "entities": n("entities"),
        "mentions": n("mentions"),
        "actors": n("actors"),
        "actors_by_type": parts("actors"),
        "quotes": n("quotes"),
        "times": n("times"),
        "events": n("events"),
        "events_by_quad": dict(sorted(parts("events_by_quad").items())),
        "warnings": n("warnings"),
        "warnings_by_code": parts("warnings"),
        "ingest_runs": n("ingest_runs"),
        "last_ingest": one("SELECT finished_at FROM ingest_runs WHERE finished_at IS NOT NULL "
                           "ORDER BY id DESC LIMIT 1"),
    }


def errors(c: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    return _dicts(c.execute("SELECT source, reason, message, at FROM errors ORDER BY id LIMIT ?",
                            (limit,)))


# ------------------------------------------------------------------------------ actors
# documents, mentions and quotes are counts the store keeps on each actor (migration 11)
_ACTOR_COLS = ("a.id, a.name, a.type, a.country, a.first_seen, a.last_seen, a.documents, "
               "a.mentions, a.quotes")


def list_actors(c: sqlite3.Connection, type_: str | None = None, limit: int = 20,
                after: tuple[int, int, int] | None = None) -> list[dict[str, Any]]:
    """Actors, most documents first, then most mentions (the newest actor first among
    equals): one range of ``actors_rank`` (``actors_type_rank`` with a type). ``after``:
    the previous page's last (documents, mentions, id)."""
    where, args = (["a.type = ?"], [type_.upper()]) if type_ else ([], [])
    if after:
        where.append("(a.documents, a.mentions, a.id) < (?, ?, ?)")
        args.extend(after)
    return _dicts(c.execute(
        f"SELECT {_ACTOR_COLS} FROM actors a "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + "ORDER BY a.documents DESC, a.mentions DESC, a.id DESC LIMIT ?", (*args, limit)))


def count_actors(c: sqlite3.Connection, type_: str | None = None) -> int:
    return counter(c, "actors", type_.upper() if type_ else "")


def actor(c: sqlite3.Connection, actor_id: int) -> dict[str, Any] | None:
    r = c.execute(f"SELECT {_ACTOR_COLS}, a.key FROM actors a WHERE a.id = ?",
                  (actor_id,)).fetchone()
    return dict(r) if r else None


def find_actors(c: sqlite3.Connection, name: str, limit: int = 10) -> list[dict[str, Any]]:
    """Actors that ``name`` names: its canonical name, else an alias or an ISO3 (or other)
    code, compared by ``names.lookup_key`` on an index; never a part of a name ("USA" does
    not find "Yousaf").

    Each row has ``match``: 0 the canonical name, 1 an alias or the code, 2 a one-word
    name that is a person's surname ("Kishida": ``actors.name_last``, the linker's word).
    """
    key = lookup_key(name)
    if not key:
        return []
    code = name.strip().upper()
    return _dicts(c.execute(
        f"SELECT {_ACTOR_COLS}, min(m.match) AS match FROM actors a JOIN ("
        "  SELECT id, 0 AS match FROM actors WHERE name_key = ?1"
        "  UNION ALL SELECT id, 1 FROM actors WHERE key = ?2"
        "  UNION ALL SELECT actor_id, 1 FROM actor_names WHERE name_key = ?1"
        "  UNION ALL SELECT id, 2 FROM actors WHERE name_last = ?4 AND +type = 'PERSON'"
        ") m ON m.id = a.id GROUP BY a.id "
        "ORDER BY match, a.documents DESC, a.mentions DESC, a.name LIMIT ?3",
        (key, code if code.isalpha() and 2 <= len(code) <= 8 else None, limit,
         key if " " not in key else None)))


PREFIX_SCAN = 500     # names read per prefix lookup (of each index), in name order


def find_actors_by_prefix(c: sqlite3.Connection, text: str, limit: int = 10
                          ) -> list[dict[str, Any]]:
    """Actors whose canonical name or an alias starts with ``text`` (as lookup keys: "kim"
    finds "Kim Jong Un"; "usa" never finds "Yousaf"), for a suggestion box: two ranges of
    the name-key indexes, at most PREFIX_SCAN names each, most documents first. ``match``
    is 3."""
    key = lookup_key(text)
    if not key:
        return []
    hi = key + "\U0010ffff"
    return _dicts(c.execute(
        f"SELECT {_ACTOR_COLS}, 3 AS match FROM actors a WHERE a.id IN ("
        "  SELECT id FROM (SELECT id FROM actors WHERE name_key >= ?1 AND name_key < ?2 "
        "                  ORDER BY name_key LIMIT ?3)"
        "  UNION SELECT actor_id FROM (SELECT actor_id FROM actor_names WHERE name_key >= ?1 "
        "                  AND name_key < ?2 ORDER BY name_key LIMIT ?3)) "
        "ORDER BY a.documents DESC, a.mentions DESC, a.name LIMIT ?4",
        (key, hi, PREFIX_SCAN, limit)))


def actor_roles(c: sqlite3.Connection, actor_id: int) -> list[dict[str, Any]]:
    """An actor's roles over time; ``source`` is "dictionary" for a role no document states
    (it came from the known-actors dictionary), else None."""
    rows = _dicts(c.execute(
        'SELECT title, "of", qualifier, first_seen, last_seen, count, source FROM actor_roles '
        "WHERE actor_id = ? ORDER BY first_seen IS NULL, first_seen, title", (actor_id,)))
    for r in rows:
        r["of"] = r["of"] or None
        r["qualifier"] = r["qualifier"] or None
        r["source"] = r["source"] or None
    return rows


def actor_role_evidence(c: sqlite3.Connection, actor_id: int, per_role: int = 3
                        ) -> list[dict[str, Any]]:
    """Where documents state an actor's roles: for each (title, of, qualifier), up to
    ``per_role`` documents (earliest first), each with the offsets of the actor's first
    mention there (a role is stated with the name: "Prime Minister Fumio Kishida")."""
    # role_evidence keeps the three earliest per role (more only after merges)
    rows = _dicts(c.execute(
        'SELECT v.title, v."of", v.qualifier, v.doc_id, d.published, '
        "(SELECT m.start FROM mentions m WHERE m.doc_id = v.doc_id AND m.entity_id = v.entity_id "
        " ORDER BY m.start LIMIT 1) AS start, "
        '(SELECT m."end" FROM mentions m WHERE m.doc_id = v.doc_id AND m.entity_id = v.entity_id '
        " ORDER BY m.start LIMIT 1) AS \"end\" "
        "FROM role_evidence v JOIN documents d ON d.id = v.doc WHERE v.actor_id = ? "
        "ORDER BY v.title, v.\"of\", v.qualifier, v.day, v.doc", (actor_id,)))
    out: list[dict[str, Any]] = []
    counts: dict[tuple[str, str, str], int] = {}
    for r in rows:
        k = (r["title"], r["of"], r["qualifier"])
        counts[k] = counts.get(k, 0) + 1
        if counts[k] <= per_role:
            out.append({**r, "of": r["of"] or None, "qualifier": r["qualifier"] or None})
    return out


def actor_names(c: sqlite3.Connection, actor_id: int) -> list[dict[str, Any]]:
    return _dicts(c.execute("SELECT name, count FROM actor_names WHERE actor_id = ? "
                            "ORDER BY count DESC, name", (actor_id,)))


def actor_documents(c: sqlite3.Connection, actor_id: int, limit: int = 20,
                    after: tuple[str, int, int] | None = None) -> list[dict[str, Any]]:
    """The documents that mention the actor, newest first (undated last): one range of
    ``entities_actor_sort``. ``after``: the previous page's last (sort_key, doc, row)."""
    cond, args = ("AND (e.sort_key, e.doc, e.rowid) < (?, ?, ?) ", list(after)) if after \
        else ("", [])
    return _dicts(c.execute(
        "SELECT d.doc_id, d.title, d.published, d.source, e.id AS entity, e.sort_key, "
        "e.doc, e.rowid AS row_, "
        "(SELECT count(*) FROM mentions m WHERE m.doc_id = e.doc_id AND m.entity_id = e.id) "
        "AS mentions FROM entities e JOIN documents d ON d.id = e.doc "
        f"WHERE e.actor_id = ? {cond}ORDER BY e.sort_key DESC, e.doc DESC, e.rowid DESC "
        "LIMIT ?", (actor_id, *args, limit)))


def count_actor_documents(c: sqlite3.Connection, actor_id: int) -> int:
    r = c.execute("SELECT documents FROM actors WHERE id = ?", (actor_id,)).fetchone()
    return int(r[0]) if r else 0


def actor_seed(c: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every stored person actor (id, key, name, country), oldest first."""
    return c.execute("SELECT id, key, name, country FROM actors WHERE type = 'PERSON' "
                     "ORDER BY id").fetchall()


def actor_family(c: sqlite3.Connection, last: Iterable[str], first: Iterable[str] = (),
                 first_countries: Iterable[str] = ()) -> list[sqlite3.Row]:
    """Stored person actors (id, key, name, country; oldest first) whose key's name ends with
    one of ``last``, or starts with one of ``first`` and has no country or one of
    ``first_countries``: the persons the actor registry needs to decide about new persons
    (see ``ActorRegistry.SURNAME_FIRST_COUNTRIES``); indexed on ``actors.name_last`` and
    ``name_first``."""
    out: dict[int, sqlite3.Row] = {}
    countries = sorted(set(first_countries))
    cmarks = ",".join("?" * len(countries)) or "NULL"
    for col, words, extra, args in (
            ("name_last", sorted(set(last)), "", ()),
            ("name_first", sorted(set(first)),
             f" AND (country IS NULL OR upper(country) IN ({cmarks}))", tuple(countries))):
        for i in range(0, len(words), 400):
            part = words[i:i + 400]
            for r in c.execute(
                    f"SELECT id, key, name, country FROM actors WHERE {col} IN "
                    f"({','.join('?' * len(part))}) AND type = 'PERSON'{extra}",
                    (*part, *args)):
                out[r["id"]] = r
    return [out[k] for k in sorted(out)]


# ------------------------------------------------------------------------------ quotes
QuoteCursor = tuple[str, int, int]     # (sort_key, doc, idx) of a page's last quote


def _quote_filter(about: str | None, about_actors: list[int] | None, since: str | None,
                  until: str | None) -> tuple[list[str], list[Any]]:
    """The conditions (with their arguments) besides the speaker that the quote queries
    share. Dates are ranges of the quote's listing key (its document's date)."""
    where: list[str] = []
    args: list[Any] = []
    if about or about_actors:
        alts = []
        if about:
            alts.append("q.text LIKE ? ESCAPE '\\'")
            args.append(_like(about))
        if about_actors:
            alts.append(
                "EXISTS (SELECT 1 FROM mentions m JOIN entities me ON me.doc_id = m.doc_id AND "
                'me.id = m.entity_id WHERE m.doc_id = q.doc_id AND m.start >= q.start AND '
                f'm."end" <= q."end" AND me.actor_id IN ({",".join("?" * len(about_actors))}))')
            args.extend(about_actors)
        where.append("(" + " OR ".join(alts) + ")")
    if since:
        where.append("q.sort_key >= ?")
        args.append(since)
    if until:
        where.append("q.sort_key > '' AND q.sort_key <= ?")
        args.append(until)
    return where, args


def _speaker_scans(speakers: list[int] | None, speaker_key: str | None
                   ) -> list[tuple[str, list[Any]]]:
    """One index range per speaker (``quotes_speaker_actor``, ``quotes_speaker_key``), or
    the whole listing (``quotes_sort``) when no speaker is asked for."""
    if speakers is None and not speaker_key:
        return [("1", [])]
    scans = [("q.speaker_actor = ?", [s]) for s in sorted(set(speakers or []))]
    if speaker_key:
        scans.append(("q.speaker_key = ?", [speaker_key]))
    return scans


_QUOTE_COLS = (
    "SELECT q.doc_id, q.idx, q.kind, q.text, q.start, q.\"end\", q.cue, "
    "q.speaker_entity, coalesce(a.name, q.speaker_name) AS speaker, "
    "q.speaker_actor AS actor_id, q.speaker_text, d.title, d.published, d.source, "
    "q.sort_key, q.doc "
    "FROM quotes q JOIN documents d ON d.id = q.doc "
    "LEFT JOIN actors a ON a.id = q.speaker_actor ")


def quotes(c: sqlite3.Connection, *, speakers: list[int] | None = None,
           speaker_key: str | None = None, about: str | None = None,
           about_actors: list[int] | None = None, since: str | None = None,
           until: str | None = None, limit: int = 20, after: QuoteCursor | None = None
           ) -> list[dict[str, Any]]:
    """Quotes with their document and speaker's actor, newest first (undated last; a
    document's quotes in text order).

    ``speakers`` are actor ids; ``speaker_key`` also matches the speaker's name as written
    (``names.lookup_key`` of it). Each is one index range in the listing's order (merged
    here), never a scan of all quotes. ``about`` matches the quote's words (a filter on
    that range); ``about_actors`` a mention of the actor inside it. ``after``: the previous
    page's last (sort_key, doc, idx).
    """
    where, args = _quote_filter(about, about_actors, since, until)
    if after is not None:
        where.append("(q.sort_key, q.doc, -q.idx) < (?, ?, ?)")
        args.extend([after[0], after[1], -after[2]])
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for cond, cargs in _speaker_scans(speakers, speaker_key):
        sql = (_QUOTE_COLS + f"WHERE {' AND '.join([cond] + where)} "
               "ORDER BY q.sort_key DESC, q.doc DESC, q.idx LIMIT ?")
        for r in _dicts(c.execute(sql, [*cargs, *args, limit])):
            rows.setdefault((r["doc"], r["idx"]), r)
    out = sorted(rows.values(), key=lambda r: (r["sort_key"], r["doc"], -r["idx"]),
                 reverse=True)
    return out[:limit]


def count_quotes(c: sqlite3.Connection, *, speakers: list[int] | None = None,
                 speaker_key: str | None = None, about: str | None = None,
                 about_actors: list[int] | None = None, since: str | None = None,
                 until: str | None = None, cap: int = COUNT_CAP) -> int:
    """How many quotes ``quotes`` pages through with the same filters, counted up to
    ``cap + 1`` (a maintained count when there is no filter)."""
    where, args = _quote_filter(about, about_actors, since, until)
    scans = _speaker_scans(speakers, speaker_key)
    if scans == [("1", [])] and not where:
        return counter(c, "quotes")
    alts = " OR ".join(f"({cond})" for cond, _ in scans)
    sargs = [a for _, cargs in scans for a in cargs]
    return c.execute(f"SELECT count(*) FROM (SELECT 1 FROM quotes q WHERE ({alts}) "
                     + "".join(f"AND {w} " for w in where) + "LIMIT ?)",
                     [*sargs, *args, cap + 1]).fetchone()[0]


def quotes_undated(c: sqlite3.Connection, *, speakers: list[int] | None = None,
                   speaker_key: str | None = None, about: str | None = None,
                   about_actors: list[int] | None = None) -> tuple[int, int]:
    """(quotes, documents) that match the other filters but sit in undated documents: what
    a --since/--until filter leaves out without a word (the undated range of each index)."""
    where, args = _quote_filter(about, about_actors, None, None)
    scans = _speaker_scans(speakers, speaker_key)
    alts = " OR ".join(f"({cond})" for cond, _ in scans)
    sargs = [a for _, cargs in scans for a in cargs]
    r = c.execute(f"SELECT count(*), count(DISTINCT q.doc) FROM quotes q WHERE ({alts}) "
                  "AND q.sort_key = '' " + "".join(f"AND {w} " for w in where),
                  [*sargs, *args]).fetchone()
    return int(r[0]), int(r[1])


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# ------------------------------------------------------------------------------ checks
def integrity(c: sqlite3.Connection) -> list[str]:
    """Problems found by SQLite's and FTS5's own checks (empty when the store is sound)."""
    probs = [r[0] for r in c.execute("PRAGMA integrity_check") if r[0] != "ok"]
    try:
        c.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        probs.append(f"full-text index: {exc}")
    probs += [f"foreign key: {tuple(r)}" for r in c.execute("PRAGMA foreign_key_check")]
    return probs
