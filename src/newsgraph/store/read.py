"""Read-side queries. Every function takes a connection and returns plain dicts (or model
objects), so ``newsgraph.query``, the CLI and the web server never write SQL themselves."""

from __future__ import annotations

import bisect
import json
import sqlite3
import zlib
from typing import Any, Iterable

from ..errors import QueryError, StoreError
from ..model import (Actor, Annotated, Article, DocWarning, Entity, Event, Mention, Quote,
                     Role, Sentence, Span, Speaker, TimeExpr)


def _dicts(rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


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


def list_documents(c: sqlite3.Connection, limit: int = 20, offset: int = 0
                   ) -> list[dict[str, Any]]:
    return _dicts(c.execute(
        "SELECT d.doc_id, d.title, d.published, d.source, d.language, length(d.text) AS chars, "
        "(SELECT count(*) FROM sources s WHERE s.doc_id = d.doc_id) AS n_sources, "
        "(SELECT count(*) FROM entities e WHERE e.doc_id = d.doc_id) AS n_entities, "
        "(SELECT count(*) FROM quotes q WHERE q.doc_id = d.doc_id) AS n_quotes "
        "FROM documents d ORDER BY d.published IS NULL, d.published DESC, d.id "
        "LIMIT ? OFFSET ?", (limit, offset)))


def count_documents(c: sqlite3.Connection) -> int:
    return c.execute("SELECT count(*) FROM documents").fetchone()[0]


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


def _fts(c: sqlite3.Connection, q: str, sql: str, args: tuple[Any, ...]
         ) -> list[sqlite3.Row]:
    """Run an FTS5 MATCH query; a malformed query raises QueryError."""
    if not q or not q.strip():
        raise QueryError("empty search query")
    if "\x00" in q:
        raise QueryError("malformed search query: it contains a NUL character")
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


def search(c: sqlite3.Connection, q: str, limit: int = 20, offset: int = 0
           ) -> list[dict[str, Any]]:
    """Full-text search (FTS5 query syntax); a malformed query raises QueryError."""
    return _dicts(_fts(c, q,
        "SELECT d.doc_id, d.title, d.published, d.source, "
        "snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet, "
        "bm25(documents_fts, 5.0, 1.0) AS score "
        "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        "WHERE documents_fts MATCH ? ORDER BY score, d.id LIMIT ? OFFSET ?",
        (q, limit, offset)))


def count_search(c: sqlite3.Connection, q: str) -> int:
    """How many documents ``search`` finds for ``q``."""
    return _fts(c, q, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                (q,))[0][0]


# Markers highlight() puts around each matched token; a text holding them yields no hits
# rather than wrong offsets.
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"


def search_sentences(c: sqlite3.Connection, q: str, limit: int = 20, offset: int = 0,
                     per_doc: int = 3) -> list[dict[str, Any]]:
    """``search`` for front ends that show sentences: the same ranking, each hit with
    ``sentences`` (where ``q`` matches the body: up to ``per_doc`` per document, in text
    order, each ``{idx, start, end, text, hits}``, ``hits`` the matched words' ``[start,
    end]`` as offsets into the document's text) and a ``snippet`` made from the first of
    them (hits marked with [ ]).

    Ranks by row ids first and highlights only the page it returns: FTS5's snippet() over
    every match before the sort is what makes ``search`` slow on common words.
    """
    top = _fts(c, q,
        "SELECT rowid, bm25(documents_fts, 5.0, 1.0) AS score FROM documents_fts "
        "WHERE documents_fts MATCH ? ORDER BY score, rowid LIMIT ? OFFSET ?",
        (q, limit, offset))
    if not top:
        return []
    ids = [r[0] for r in top]
    marks = ",".join("?" * len(ids))
    rows = {r["id"]: r for r in _fts(c, q,
        f"SELECT d.id, d.doc_id, d.title, d.published, d.source, "
        f"highlight(documents_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}') AS h, "
        f"instr(d.text, char(2)) + instr(d.text, char(3)) AS marked "
        f"FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        f"WHERE documents_fts MATCH ? AND documents_fts.rowid IN ({marks})", (q, *ids))}
    sents: dict[str, list[sqlite3.Row]] = {}
    for x in c.execute(f'SELECT s.doc_id, s.idx, s.start, s."end" FROM sentences s '
                       f"JOIN documents d ON d.doc_id = s.doc_id WHERE d.id IN ({marks}) "
                       f"ORDER BY s.doc_id, s.start", ids):
        sents.setdefault(x["doc_id"], []).append(x)
    out = []
    for rid, score in top:
        r = rows.get(rid)
        if r is None:       # deleted between the two reads
            continue
        h = r["h"] or ""
        found = ([] if r["marked"] else
                 _hit_sentences(h, sents.get(r["doc_id"], []), per_doc))
        out.append({"doc_id": r["doc_id"], "title": r["title"], "published": r["published"],
                    "source": r["source"], "snippet": _snippet(found, h), "score": score,
                    "sentences": found})
    return out


def _hit_sentences(h: str, sents: list[sqlite3.Row], per_doc: int) -> list[dict[str, Any]]:
    text = h.replace(_HIT_OPEN, "").replace(_HIT_CLOSE, "")
    starts = [x["start"] for x in sents]
    found: dict[int, dict[str, Any]] = {}
    for hs, he in _marked_spans(h):
        s = _containing(sents, starts, hs)
        if s is None:   # a hit outside every sentence (an unannotated document)
            s = {"idx": None, "start": max(0, hs - 80), "end": min(len(text), he + 80)}
        key = s["idx"] if s["idx"] is not None else -1 - hs
        if key not in found:
            if len(found) >= per_doc:
                continue
            found[key] = {**s, "text": text[s["start"]:s["end"]], "hits": []}
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


def _containing(sents: list[sqlite3.Row], starts: list[int], pos: int
                ) -> dict[str, Any] | None:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sents[i]["start"] <= pos < sents[i]["end"]:
        return {"idx": sents[i]["idx"], "start": sents[i]["start"], "end": sents[i]["end"]}
    return None


# ------------------------------------------------------------------------------ stats
def stats(c: sqlite3.Connection) -> dict[str, Any]:
    one = lambda sql, *a: c.execute(sql, a).fetchone()[0]  # noqa: E731
    return {
        "schema_version": one("PRAGMA user_version"),
        "documents": one("SELECT count(*) FROM documents"),
        "sources": one("SELECT count(*) FROM sources"),
        "exact_duplicates": one("SELECT count(*) FROM sources WHERE kind = 'exact'"),
        "near_duplicates": one("SELECT count(*) FROM sources WHERE kind = 'near'"),
        "errors": one("SELECT count(*) FROM errors"),
        "errors_by_reason": {r[0]: r[1] for r in c.execute(
            "SELECT reason, count(*) FROM errors GROUP BY reason ORDER BY count(*) DESC, reason")},
        "languages": {str(r[0]): r[1] for r in c.execute(
            "SELECT language, count(*) FROM documents GROUP BY language "
            "ORDER BY count(*) DESC, language")},
        "published_first": one("SELECT min(published) FROM documents"),
        "published_last": one("SELECT max(published) FROM documents"),
        "undated": one("SELECT count(*) FROM documents WHERE published IS NULL"),
        "characters": one("SELECT coalesce(sum(length(text)), 0) FROM documents"),
        "raw_bytes": one("SELECT coalesce(sum(raw_size), 0) FROM documents"),
        "raw_stored_bytes": one("SELECT coalesce(sum(length(raw)), 0) FROM documents"),
        "sentences": one("SELECT count(*) FROM sentences"),
        "entities": one("SELECT count(*) FROM entities"),
        "mentions": one("SELECT count(*) FROM mentions"),
        "actors": one("SELECT count(*) FROM actors"),
        "actors_by_type": {r[0]: r[1] for r in c.execute(
            "SELECT type, count(*) FROM actors GROUP BY type ORDER BY count(*) DESC, type")},
        "quotes": one("SELECT count(*) FROM quotes"),
        "times": one("SELECT count(*) FROM times"),
        "events": one("SELECT count(*) FROM events"),
        "events_by_quad": {str(r[0]): r[1] for r in c.execute(
            "SELECT quad, count(*) FROM events WHERE quad IS NOT NULL GROUP BY quad "
            "ORDER BY quad")},
        "warnings": one("SELECT count(*) FROM document_warnings"),
        "warnings_by_code": {r[0]: r[1] for r in c.execute(
            "SELECT code, count(*) FROM document_warnings GROUP BY code "
            "ORDER BY count(*) DESC, code")},
        "ingest_runs": one("SELECT count(*) FROM ingest_runs"),
        "last_ingest": one("SELECT max(finished_at) FROM ingest_runs"),
    }


def errors(c: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    return _dicts(c.execute("SELECT source, reason, message, at FROM errors ORDER BY id LIMIT ?",
                            (limit,)))


# ------------------------------------------------------------------------------ actors
_ACTOR_COLS = (
    "a.id, a.name, a.type, a.country, a.first_seen, a.last_seen, "
    "(SELECT count(DISTINCT e.doc_id) FROM entities e WHERE e.actor_id = a.id) AS documents, "
    "(SELECT count(*) FROM entities e JOIN mentions m ON m.doc_id = e.doc_id "
    " AND m.entity_id = e.id WHERE e.actor_id = a.id) AS mentions, "
    "(SELECT count(*) FROM entities e JOIN quotes q ON q.doc_id = e.doc_id "
    " AND q.speaker_entity = e.id WHERE e.actor_id = a.id) AS quotes")


def list_actors(c: sqlite3.Connection, type_: str | None = None, limit: int = 20,
                offset: int = 0) -> list[dict[str, Any]]:
    where, args = ("WHERE a.type = ?", [type_.upper()]) if type_ else ("", [])
    return _dicts(c.execute(
        f"SELECT {_ACTOR_COLS} FROM actors a {where} "
        f"ORDER BY documents DESC, mentions DESC, a.name LIMIT ? OFFSET ?",
        (*args, limit, offset)))


def count_actors(c: sqlite3.Connection, type_: str | None = None) -> int:
    where, args = ("WHERE type = ?", [type_.upper()]) if type_ else ("", [])
    return c.execute(f"SELECT count(*) FROM actors {where}", args).fetchone()[0]


def actor(c: sqlite3.Connection, actor_id: int) -> dict[str, Any] | None:
    r = c.execute(f"SELECT {_ACTOR_COLS}, a.key FROM actors a WHERE a.id = ?",
                  (actor_id,)).fetchone()
    return dict(r) if r else None


def find_actors(c: sqlite3.Connection, name: str, limit: int = 10) -> list[dict[str, Any]]:
    """Actors matching ``name``: exact name, ISO3 code or alias first, then substrings.

    Each row has ``match`` (0 exact canonical, 1 exact alias/ISO3, 2 substring) so the
    caller can tell a sure hit from a guess.
    """
    name = " ".join(name.split())
    if not name:
        return []
    like = _like(name)
    return _dicts(c.execute(
        f"SELECT {_ACTOR_COLS}, min(m.match) AS match FROM actors a JOIN ("
        "  SELECT id, 0 AS match FROM actors WHERE name = ?1 COLLATE NOCASE"
        "  UNION ALL SELECT id, 1 FROM actors WHERE country = upper(?1) AND type = 'COUNTRY'"
        "  UNION ALL SELECT actor_id, 1 FROM actor_names WHERE name = ?1 COLLATE NOCASE"
        "  UNION ALL SELECT id, 2 FROM actors WHERE name LIKE ?2 ESCAPE '\\'"
        "  UNION ALL SELECT actor_id, 2 FROM actor_names WHERE name LIKE ?2 ESCAPE '\\'"
        ") m ON m.id = a.id GROUP BY a.id "
        "ORDER BY match, documents DESC, mentions DESC, a.name LIMIT ?3",
        (name, like, limit)))


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
    rows = _dicts(c.execute(
        'SELECT r.title, coalesce(r."of", \'\') AS "of", coalesce(r.qualifier, \'\') AS '
        "qualifier, e.doc_id, d.published, "
        "(SELECT m.start FROM mentions m WHERE m.doc_id = e.doc_id AND m.entity_id = e.id "
        " ORDER BY m.start LIMIT 1) AS start, "
        '(SELECT m."end" FROM mentions m WHERE m.doc_id = e.doc_id AND m.entity_id = e.id '
        " ORDER BY m.start LIMIT 1) AS \"end\" "
        "FROM entities e JOIN entity_roles r ON r.doc_id = e.doc_id AND r.entity_id = e.id "
        "JOIN documents d ON d.doc_id = e.doc_id "
        "WHERE e.actor_id = ? AND r.source IS NULL "
        "ORDER BY r.title, \"of\", qualifier, d.published IS NULL, d.published, d.id",
        (actor_id,)))
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


def actor_documents(c: sqlite3.Connection, actor_id: int, limit: int = 20, offset: int = 0
                    ) -> list[dict[str, Any]]:
    return _dicts(c.execute(
        "SELECT d.doc_id, d.title, d.published, d.source, e.id AS entity, "
        "(SELECT count(*) FROM mentions m WHERE m.doc_id = e.doc_id AND m.entity_id = e.id) "
        "AS mentions FROM entities e JOIN documents d ON d.doc_id = e.doc_id "
        "WHERE e.actor_id = ? ORDER BY d.published IS NULL, d.published DESC, d.id "
        "LIMIT ? OFFSET ?", (actor_id, limit, offset)))


def count_actor_documents(c: sqlite3.Connection, actor_id: int) -> int:
    return c.execute("SELECT count(*) FROM entities WHERE actor_id = ?",
                     (actor_id,)).fetchone()[0]


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
def _quote_filter(speakers: list[int] | None, speaker_text: str | None, about: str | None,
                  about_actors: list[int] | None, since: str | None, until: str | None
                  ) -> tuple[str, list[Any]]:
    """The WHERE clause (with its arguments) that ``quotes`` and ``count_quotes`` share."""
    where: list[str] = []
    args: list[Any] = []
    if speakers is not None or speaker_text:
        alts = []
        if speakers:
            alts.append(f"e.actor_id IN ({','.join('?' * len(speakers))})")
            args.extend(speakers)
        if speaker_text:
            alts.append("q.speaker_name LIKE ? ESCAPE '\\'")
            args.append(_like(speaker_text))
        where.append("(" + (" OR ".join(alts) or "0") + ")")
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
        where.append("d.published >= ?")
        args.append(since)
    if until:
        where.append("d.published <= ?")
        args.append(until)
    return ("WHERE " + " AND ".join(where) + " " if where else ""), args


_QUOTE_FROM = (
    "FROM quotes q JOIN documents d ON d.doc_id = q.doc_id "
    "LEFT JOIN entities e ON e.doc_id = q.doc_id AND e.id = q.speaker_entity "
    "LEFT JOIN actors a ON a.id = e.actor_id ")


def quotes_undated(c: sqlite3.Connection, *, speakers: list[int] | None = None,
                   speaker_text: str | None = None, about: str | None = None,
                   about_actors: list[int] | None = None) -> tuple[int, int]:
    """(quotes, documents) that match the other filters but sit in undated documents: what
    a --since/--until filter leaves out without a word."""
    where, args = _quote_filter(speakers, speaker_text, about, about_actors, None, None)
    where = (where + "AND " if where else "WHERE ") + "d.published IS NULL "
    r = c.execute("SELECT count(*), count(DISTINCT q.doc_id) " + _QUOTE_FROM + where,
                  args).fetchone()
    return int(r[0]), int(r[1])


def quotes(c: sqlite3.Connection, *, speakers: list[int] | None = None,
           speaker_text: str | None = None, about: str | None = None,
           about_actors: list[int] | None = None, since: str | None = None,
           until: str | None = None, limit: int = 20, offset: int = 0
           ) -> list[dict[str, Any]]:
    """Quotes with their document and speaker's actor, newest first.

    ``speakers`` are actor ids; ``speaker_text`` also matches unresolved speaker names.
    ``about`` matches the quote's words; ``about_actors`` a mention of the actor inside it.
    """
    where, args = _quote_filter(speakers, speaker_text, about, about_actors, since, until)
    sql = (
        "SELECT q.doc_id, q.idx, q.kind, q.text, q.start, q.\"end\", q.cue, "
        "q.speaker_entity, coalesce(a.name, q.speaker_name) AS speaker, e.actor_id, "
        "q.speaker_text, d.title, d.published, d.source "
        + _QUOTE_FROM + where
        + "ORDER BY d.published IS NULL, d.published DESC, d.id, q.idx LIMIT ? OFFSET ?")
    return _dicts(c.execute(sql, [*args, limit, offset]))


def count_quotes(c: sqlite3.Connection, *, speakers: list[int] | None = None,
                 speaker_text: str | None = None, about: str | None = None,
                 about_actors: list[int] | None = None, since: str | None = None,
                 until: str | None = None) -> int:
    """How many quotes ``quotes`` pages through with the same filters."""
    where, args = _quote_filter(speakers, speaker_text, about, about_actors, since, until)
    return c.execute("SELECT count(*) " + _QUOTE_FROM + where, args).fetchone()[0]


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
