"""Reading whole tables for export, a page at a time (keyset on the rowid), so an export of
any size runs in flat memory. The columns are those of ``newsgraph.export.SCHEMAS``."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterator

PAGE = 5000

_SQL = {
    "documents": (
        "SELECT d.id AS _k, d.doc_id, d.source, d.title, d.published, d.published_source, "
        "d.language, d.url, d.author, d.text, (SELECT json_group_array(s.source) FROM sources s "
        "WHERE s.doc_id = d.doc_id) AS sources FROM documents d WHERE d.id > ? ORDER BY d.id "
        "LIMIT ?", ("sources",)),
    "actors": (
        "SELECT a.id AS _k, a.id, a.key, a.name, a.type, a.country, a.first_seen, a.last_seen, "
        "(SELECT json_group_array(n.name) FROM actor_names n WHERE n.actor_id = a.id) AS names, "
        "(SELECT json_group_array(r.title || CASE WHEN r.\"of\" != '' THEN ' of ' || r.\"of\" "
        "ELSE '' END) FROM actor_roles r WHERE r.actor_id = a.id) AS roles "
        "FROM actors a WHERE a.id > ? ORDER BY a.id LIMIT ?", ("names", "roles")),
    "quotes": (
        "SELECT q.rowid AS _k, q.doc_id, q.idx, q.kind, q.text, q.start, q.\"end\", "
        "coalesce(a.name, q.speaker_name) AS speaker, e.actor_id AS speaker_actor, q.cue, "
        "d.published FROM quotes q JOIN documents d ON d.doc_id = q.doc_id "
        "LEFT JOIN entities e ON e.doc_id = q.doc_id AND e.id = q.speaker_entity "
        "LEFT JOIN actors a ON a.id = e.actor_id WHERE q.rowid > ? ORDER BY q.rowid LIMIT ?",
        ()),
    "events": (
        "SELECT v.rowid AS _k, v.doc_id, v.id, v.cameo, v.plover, v.label, v.source_name, "
        "v.source_country, es.actor_id AS source_actor, v.target_name, v.target_country, "
        "et.actor_id AS target_actor, v.date, v.location, v.modality, v.evidence_start, "
        "v.evidence_end, v.confidence, v.goldstein, r.timeline FROM events v "
        "LEFT JOIN entities es ON es.doc_id = v.doc_id AND es.id = v.source_entity "
        "LEFT JOIN entities et ON et.doc_id = v.doc_id AND et.id = v.target_entity "
        "LEFT JOIN timeline_reports r ON r.doc_id = v.doc_id AND r.event_id = v.id "
        "WHERE v.rowid > ? ORDER BY v.rowid LIMIT ?", ()),
    "timeline": (
        "SELECT t.id AS _k, t.tid AS id, t.date, t.date_start, t.date_end, t.day, t.cameo, "
        "t.root, t.quad, t.plover, t.label, t.goldstein, t.source_key, sa.name AS source_name, "
        "t.source_state, t.target_key, ta.name AS target_name, t.target_state, t.location, "
        "t.modality, t.reports, t.documents, t.outlets AS sources, t.confidence, "
        "(SELECT coalesce(d.url, d.source) FROM timeline_reports r JOIN documents d "
        " ON d.doc_id = r.doc_id WHERE r.timeline = t.tid ORDER BY r.match DESC, r.published, "
        " r.doc_id LIMIT 1) AS source_url "
        "FROM timeline_events t LEFT JOIN actors sa ON sa.key = t.source_key "
        "LEFT JOIN actors ta ON ta.key = t.target_key WHERE t.id > ? ORDER BY t.id LIMIT ?",
        ()),
    "timeline_reports": (
        "SELECT rowid AS _k, timeline, doc_id, event_id, match, date, cameo, outlet, published "
        "FROM timeline_reports WHERE rowid > ? ORDER BY rowid LIMIT ?", ()),
}


def rows(c: sqlite3.Connection, table: str, page: int = PAGE) -> Iterator[dict[str, Any]]:
    sql, json_cols = _SQL[table]
    last = -1
    while True:
        got = c.execute(sql, (last, page)).fetchall()
        for r in got:
            d = dict(r)
            last = d.pop("_k")
            for k in json_cols:
                d[k] = json.loads(d[k]) if d[k] else []
            yield d
        if len(got) < page:
            return
