"""The store's schema, as numbered migrations.

``PRAGMA user_version`` holds the number of the last migration applied; ``schema_version``
keeps one row per migration with when it ran. A migration is applied in its own transaction,
so a crash mid-migration leaves the previous version intact. Never edit a shipped migration:
append a new one (README.md, "The store", describes the result).
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    ("documents, sources, errors, full-text index", """
CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL
);

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,          -- rowid, used by the full-text index
    doc_id           TEXT NOT NULL UNIQUE,         -- hash of the normalised body
    source           TEXT NOT NULL,                -- where it was first seen
    title            TEXT,
    published        TEXT,                         -- YYYY-MM-DD
    published_source TEXT,                         -- metadata | content (inferred: before v9)
    language         TEXT,
    text             TEXT NOT NULL,                -- the cleaned body; every offset points here
    url              TEXT,
    author           TEXT,
    media_type       TEXT,
    removed          TEXT NOT NULL DEFAULT '[]',   -- JSON list of dropped boilerplate
    raw              BLOB,                         -- zlib-compressed original bytes
    raw_size         INTEGER,                      -- bytes before compression
    minhash          BLOB,                         -- MinHash signature (uint64 little-endian)
    skipped          TEXT NOT NULL DEFAULT '[]',   -- JSON list of stages skipped, with why
    ingested_at      TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE sources (
    doc_id      TEXT NOT NULL REFERENCES documents(doc_id),
    source      TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- original | exact (same body) | near (syndicated copy)
    similarity  REAL,                   -- estimated Jaccard for near copies
    title       TEXT,
    url         TEXT,
    published   TEXT,
    first_seen  TEXT NOT NULL,
    PRIMARY KEY (doc_id, source)
);
CREATE INDEX sources_source ON sources(source);

-- LSH bands of each stored document's MinHash: a syndicated copy shares at least one band
-- with its original. Kept here, in the same transaction as the document, so the index
-- survives across runs and a crash cannot leave it out of step.
CREATE TABLE minhash_bands (
    band   INTEGER NOT NULL,
    key    INTEGER NOT NULL,
    doc    INTEGER NOT NULL REFERENCES documents(id)
);
CREATE INDEX minhash_bands_key ON minhash_bands(band, key);

CREATE TABLE errors (
    id       INTEGER PRIMARY KEY,
    source   TEXT NOT NULL,
    reason   TEXT NOT NULL,
    message  TEXT NOT NULL,
    at       TEXT NOT NULL,
    UNIQUE (source, reason)
);

CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    paths       TEXT NOT NULL,                   -- JSON list
    report      TEXT                             -- JSON IngestReport, when it finished
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content='documents', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""),
    ("annotations: sentences, entities, mentions, quotes, times, events, actors", """
CREATE TABLE sentences (
    doc_id    TEXT NOT NULL REFERENCES documents(doc_id),
    idx       INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    paragraph INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
);

-- Cross-document actors: one row per real person or body.
CREATE TABLE actors (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,     -- matching key (newsgraph.link), e.g. "JPN"
    name       TEXT NOT NULL,            -- canonical (fullest) name seen
    type       TEXT NOT NULL,
    country    TEXT,
    first_seen TEXT,
    last_seen  TEXT
);
CREATE INDEX actors_name ON actors(name COLLATE NOCASE);

CREATE TABLE actor_names (
    actor_id INTEGER NOT NULL REFERENCES actors(id),
    name     TEXT NOT NULL,
    count    INTEGER NOT NULL DEFAULT 0,  -- documents where the actor goes by this name
    PRIMARY KEY (actor_id, name)
);
CREATE INDEX actor_names_name ON actor_names(name COLLATE NOCASE);

CREATE TABLE actor_roles (
    actor_id   INTEGER NOT NULL REFERENCES actors(id),
    title      TEXT NOT NULL,
    "of"       TEXT NOT NULL DEFAULT '',  -- ISO3 or organisation; '' when unknown
    qualifier  TEXT NOT NULL DEFAULT '',  -- former | acting | late | ''
    first_seen TEXT,
    last_seen  TEXT,
    count      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (actor_id, title, "of", qualifier)
);

CREATE TABLE entities (
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id),
    id       TEXT NOT NULL,              -- e1, e2, ... within the document
    name     TEXT NOT NULL,
    type     TEXT NOT NULL,
    country  TEXT,
    gender   TEXT,
    actor_id INTEGER REFERENCES actors(id),
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX entities_actor ON entities(actor_id);

CREATE TABLE entity_roles (
    doc_id    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    "of"      TEXT,
    as_of     TEXT,
    qualifier TEXT,
    FOREIGN KEY (doc_id, entity_id) REFERENCES entities(doc_id, id)
);
CREATE INDEX entity_roles_entity ON entity_roles(doc_id, entity_id);

CREATE TABLE mentions (
    doc_id    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      TEXT NOT NULL,
    kind      TEXT NOT NULL DEFAULT 'name',   -- name | pronoun | nominal | alias
    FOREIGN KEY (doc_id, entity_id) REFERENCES entities(doc_id, id)
);
CREATE INDEX mentions_doc ON mentions(doc_id, start);
CREATE INDEX mentions_entity ON mentions(doc_id, entity_id);

CREATE TABLE quotes (
    doc_id         TEXT NOT NULL REFERENCES documents(doc_id),
    idx            INTEGER NOT NULL,
    kind           TEXT NOT NULL,            -- direct | indirect | mixed
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    speaker_entity TEXT,                     -- entities.id in this document
    speaker_name   TEXT,
    speaker_start  INTEGER,                  -- where the speaker is named ("He", "Kishida")
    speaker_end    INTEGER,
    speaker_text   TEXT,
    cue            TEXT,
    cue_start      INTEGER,
    cue_end        INTEGER,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX quotes_speaker ON quotes(doc_id, speaker_entity);

CREATE TABLE times (
    doc_id  TEXT NOT NULL REFERENCES documents(doc_id),
    idx     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    value   TEXT NOT NULL,                   -- TIMEX3 value
    kind    TEXT NOT NULL,                   -- DATE | DURATION | SET | RANGE | TIME
    mod     TEXT,
    anchor  TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX times_value ON times(value);

CREATE TABLE events (
    doc_id         TEXT NOT NULL REFERENCES documents(doc_id),
    id             TEXT NOT NULL,            -- v1, v2, ... within the document
    cameo          TEXT NOT NULL,
    plover         TEXT,
    label          TEXT,
    source_entity  TEXT,
    source_name    TEXT,
    source_country TEXT,
    target_entity  TEXT,
    target_name    TEXT,
    target_country TEXT,
    date           TEXT,
    location       TEXT,
    modality       TEXT NOT NULL DEFAULT 'asserted',
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    confidence     REAL NOT NULL DEFAULT 0,
    goldstein      REAL,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX events_date ON events(date);
"""),
    ("meta: settings the stored data depends on", """
-- e.g. lsh_layout: the MinHash/LSH parameters minhash_bands was built with; when they
-- change, the bands are rebuilt from the stored signatures before the next write
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""),
    ("roles: where a role came from (text or known-actors dictionary)", """
-- Role.source: NULL when the document states the role, 'dictionary' when it comes from the
-- known-actors dictionary (world knowledge about a person the text names without the office).
-- Rows written before this migration keep NULL: they were stored as stated roles.
ALTER TABLE entity_roles ADD COLUMN source TEXT;
-- per actor and role: 'dictionary' while every document's evidence for it is the dictionary;
-- NULL as soon as one document states it
ALTER TABLE actor_roles ADD COLUMN source TEXT;
"""),
    ("actors: first and last word of a person's key, indexed", """
-- The actor registry loads, for each batch, only the stored persons that share a first or
-- last name word with the batch's persons (the only ones its decisions can depend on), so
-- an ingest no longer reads every stored person before it starts. The words are the
-- linker's (newsgraph.link.actors writes them with each person; it fills any stored person
-- lacking them before its first batch). Until migration 7 triggers here computed them in
-- SQL, a second copy of the rule; stores that ran them keep the same words.
ALTER TABLE actors ADD COLUMN name_first TEXT;
ALTER TABLE actors ADD COLUMN name_last TEXT;
CREATE INDEX actors_name_first ON actors(name_first);
CREATE INDEX actors_name_last ON actors(name_last);
"""),
    ("document warnings", """
-- What went wrong with a stored document without stopping it (a part cut or skipped, a
-- fallback taken): model.DocWarning, in the order they were raised.
CREATE TABLE document_warnings (
    doc_id  TEXT NOT NULL REFERENCES documents(doc_id),
    idx     INTEGER NOT NULL,
    code    TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX document_warnings_code ON document_warnings(code);
"""),
    ("actors: name words written by the linker", """
-- newsgraph.link decides every actor's key, name and name words; the store only writes them
DROP TRIGGER IF EXISTS actors_name_words_ai;
DROP TRIGGER IF EXISTS actors_name_words_au;
"""),
    ("events: trigger, quad class, PLOVER mode, date bounds, actors across documents", """
-- model.Event's additions: the words that name the act, the CAMEO quad class (1-4) and
-- root, the PLOVER mode, where the date came from, and the mention of each side.
ALTER TABLE events ADD COLUMN trigger_start INTEGER;
ALTER TABLE events ADD COLUMN trigger_end INTEGER;
ALTER TABLE events ADD COLUMN trigger_text TEXT;
ALTER TABLE events ADD COLUMN root TEXT;
ALTER TABLE events ADD COLUMN quad INTEGER;
ALTER TABLE events ADD COLUMN plover_mode TEXT;
ALTER TABLE events ADD COLUMN date_source TEXT;
ALTER TABLE events ADD COLUMN source_start INTEGER;
ALTER TABLE events ADD COLUMN source_end INTEGER;
ALTER TABLE events ADD COLUMN source_text TEXT;
ALTER TABLE events ADD COLUMN target_start INTEGER;
ALTER TABLE events ADD COLUMN target_end INTEGER;
ALTER TABLE events ADD COLUMN target_text TEXT;
-- the days the date covers ("2002" -> 2002-01-01 .. 2002-12-31; model.date_bounds), for
-- --since/--until, and the listing's order key (date_start, '' when undated)
ALTER TABLE events ADD COLUMN date_start TEXT;
ALTER TABLE events ADD COLUMN date_end TEXT;
ALTER TABLE events ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
-- the cross-document actor of each side (entities.actor_id, written with the event and
-- re-pointed with the entities when actors merge), so that actor and pair lists are index
-- range scans
ALTER TABLE events ADD COLUMN source_actor INTEGER;
ALTER TABLE events ADD COLUMN target_actor INTEGER;
UPDATE events SET root = substr(cameo, 1, 2),
    source_actor = (SELECT actor_id FROM entities e WHERE e.doc_id = events.doc_id
                    AND e.id = events.source_entity),
    target_actor = (SELECT actor_id FROM entities e WHERE e.doc_id = events.doc_id
                    AND e.id = events.target_entity);
CREATE INDEX events_sort ON events(sort_key);
CREATE INDEX events_source_actor ON events(source_actor, sort_key);
CREATE INDEX events_target_actor ON events(target_actor, sort_key);
CREATE INDEX events_pair ON events(source_actor, target_actor, sort_key);
CREATE INDEX events_root ON events(root, sort_key);
CREATE INDEX events_quad ON events(quad, sort_key);
"""),
    ("documents: published_not_before, a bound inferred from an undated document's content", """
-- An undated document's lower bound (the latest past date its content mentions) is no longer
-- stored as its publication date: it was a guess that anchored relative times and roles.
-- Rows stored before as published_source = 'inferred' move to the new column; the roles
-- those documents got from that guess lose their as_of (their times keep the values computed
-- then: extract the document again to recompute them).
ALTER TABLE documents ADD COLUMN published_not_before TEXT;
UPDATE entity_roles SET as_of = NULL
    WHERE doc_id IN (SELECT doc_id FROM documents WHERE published_source = 'inferred');
UPDATE sources SET published = NULL
    WHERE doc_id IN (SELECT doc_id FROM documents WHERE published_source = 'inferred');
UPDATE documents SET published_not_before = published, published = NULL, published_source = NULL
    WHERE published_source = 'inferred';
"""),
    ("timeline: events merged across documents and their reports", """
-- One row per real-world event (newsgraph.link.timeline merges the reports of one event);
-- tid is stable: a hash of its most precise report. day orders the timeline (date_start,
-- else the publication date of an undated event's first report). The *_key columns are
-- actors.key of each side (a person over its state), *_state the state or body it acts for.
CREATE TABLE timeline_events (
    id           INTEGER PRIMARY KEY,
    tid          TEXT NOT NULL UNIQUE,
    block        TEXT NOT NULL,          -- CAMEO root | modality | states of both sides
    date         TEXT,                   -- the most precise date all reports allow (TIMEX)
    date_start   TEXT,                   -- its first and last day
    date_end     TEXT,
    day          TEXT,
    cameo        TEXT NOT NULL,          -- the most specific code of its reports
    root         TEXT NOT NULL,
    quad         INTEGER,                -- 1 verbal / 2 material cooperation, 3 / 4 conflict
    plover       TEXT,
    label        TEXT,
    goldstein    REAL,
    source_key   TEXT,
    source_state TEXT,
    target_key   TEXT,
    target_state TEXT,
    location     TEXT,
    modality     TEXT NOT NULL,
    reports      INTEGER NOT NULL,       -- reports, documents and outlets that report it
    documents    INTEGER NOT NULL,
    outlets      INTEGER NOT NULL,
    confidence   REAL NOT NULL           -- how sure the merge is: its weakest report's match
);
CREATE INDEX timeline_events_block ON timeline_events(block);
CREATE INDEX timeline_events_day ON timeline_events(day, tid);
CREATE INDEX timeline_events_source ON timeline_events(source_key, day, tid);
CREATE INDEX timeline_events_target ON timeline_events(target_key, day, tid);
CREATE INDEX timeline_events_source_state ON timeline_events(source_state, day, tid);
CREATE INDEX timeline_events_target_state ON timeline_events(target_state, day, tid);
CREATE INDEX timeline_events_state_pair ON timeline_events(source_state, target_state, day, tid);

-- One row per document event, as the timeline links it (what it was matched on).
CREATE TABLE timeline_reports (
    doc_id        TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    timeline      TEXT NOT NULL,         -- timeline_events.tid
    match         REAL NOT NULL,         -- how well it fits that event (0-1)
    block         TEXT NOT NULL,
    lo            TEXT,                  -- first and last day its date allows
    hi            TEXT,
    date          TEXT,
    cameo         TEXT NOT NULL,
    source_key    TEXT,
    source_state  TEXT,
    source_leads  INTEGER NOT NULL DEFAULT 0,   -- a leader acting for source_state
    target_key    TEXT,
    target_state  TEXT,
    target_leads  INTEGER NOT NULL DEFAULT 0,
    place         TEXT,
    place_country TEXT,
    published     TEXT,
    outlet        TEXT,
    goldstein     REAL,
    quad          INTEGER,
    plover        TEXT,
    label         TEXT,
    modality      TEXT NOT NULL,
    PRIMARY KEY (doc_id, event_id),
    FOREIGN KEY (doc_id, event_id) REFERENCES events(doc_id, id)
);
CREATE INDEX timeline_reports_timeline ON timeline_reports(timeline);
CREATE INDEX timeline_reports_block ON timeline_reports(block);
CREATE INDEX timeline_reports_source ON timeline_reports(source_key);
CREATE INDEX timeline_reports_target ON timeline_reports(target_key);

-- Each block's version, raised whenever a batch re-links it: a linker that read the block
-- earlier reads it again when another writer has changed it since.
CREATE TABLE timeline_blocks (
    block   TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
"""),
]


def _counted(table: str, counts: list[tuple[str, str, str]]) -> str:
    """Triggers that keep ``counters`` in step with ``table``: each (name, part, value) is
    an SQL expression over the row (``r.`` stands for ``new.`` or ``old.``), added on
    insert and taken off on delete."""
    def values(row: str) -> str:
        return ", ".join(f"({n}, {p}, {v})".replace("r.", f"{row}.") for n, p, v in counts)
    up = "ON CONFLICT(name, part) DO UPDATE SET value = value {op} excluded.value"
    return (f"CREATE TRIGGER counters_{table}_ai AFTER INSERT ON {table} BEGIN\n"
            f"  INSERT INTO counters(name, part, value) VALUES {values('new')}\n"
            f"  {up.format(op='+')};\nEND;\n"
            f"CREATE TRIGGER counters_{table}_ad AFTER DELETE ON {table} BEGIN\n"
            f"  INSERT INTO counters(name, part, value) VALUES {values('old')}\n"
            f"  {up.format(op='-')};\nEND;\n")


_COUNTED: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("documents", [("'documents'", "''", "1"), ("'undated'", "''", "r.published IS NULL"),
                   ("'characters'", "''", "coalesce(length(r.text), 0)"),
                   ("'raw_bytes'", "''", "coalesce(r.raw_size, 0)"),
                   ("'raw_stored_bytes'", "''", "coalesce(length(r.raw), 0)"),
                   ("'languages'", "coalesce(r.language, 'None')", "1")]),
    ("sources", [("'sources'", "''", "1"), ("'sources'", "r.kind", "1")]),
    ("errors", [("'errors'", "''", "1"), ("'errors'", "r.reason", "1")]),
    ("actors", [("'actors'", "''", "1"), ("'actors'", "r.type", "1")]),
    ("ingest_runs", [("'ingest_runs'", "''", "1")]),
]

MIGRATIONS.append(("bounded queries: listing keys, maintained counts, lookup keys", """
-- Every list pages by key on an index and every count is maintained (issue: queries stay
-- fast at 1M documents). Listing keys: sort_key is the publication date, '' when undated
-- (newest first, undated last, as one index range); doc is documents.id.
ALTER TABLE documents ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE documents SET sort_key = coalesce(published, '');
CREATE INDEX documents_sort ON documents(sort_key);

ALTER TABLE entities ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN doc INTEGER;
UPDATE entities SET (sort_key, doc) = (SELECT coalesce(published, ''), id FROM documents d
                                       WHERE d.doc_id = entities.doc_id);
DROP INDEX IF EXISTS entities_actor;
CREATE INDEX entities_actor_sort ON entities(actor_id, sort_key, doc);

-- quotes: the speaker's cross-document actor (re-pointed with its entity when actors
-- merge) and its lookup key (names.lookup_key of the name as written)
ALTER TABLE quotes ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN doc INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_actor INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_key TEXT;
UPDATE quotes SET (sort_key, doc) = (SELECT coalesce(published, ''), id FROM documents d
                                     WHERE d.doc_id = quotes.doc_id),
    speaker_actor = (SELECT actor_id FROM entities e WHERE e.doc_id = quotes.doc_id
                     AND e.id = quotes.speaker_entity),
    speaker_key = newsgraph_lookup_key(speaker_name);
CREATE INDEX quotes_sort ON quotes(sort_key, doc);
CREATE INDEX quotes_speaker_actor ON quotes(speaker_actor, sort_key, doc);
CREATE INDEX quotes_speaker_key ON quotes(speaker_key, sort_key, doc);

-- actors: lookup keys of the canonical name and of every alias (exact, indexed matches:
-- "USA" never finds "Yousaf"), and counts kept by the triggers below
ALTER TABLE actors ADD COLUMN name_key TEXT;
ALTER TABLE actors ADD COLUMN documents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN quotes INTEGER NOT NULL DEFAULT 0;
UPDATE actors SET name_key = newsgraph_lookup_key(name),
    documents = (SELECT count(DISTINCT doc_id) FROM entities e WHERE e.actor_id = actors.id),
    mentions = (SELECT count(*) FROM entities e JOIN mentions m ON m.doc_id = e.doc_id
                AND m.entity_id = e.id WHERE e.actor_id = actors.id),
    quotes = (SELECT count(*) FROM quotes q WHERE q.speaker_actor = actors.id);
CREATE INDEX actors_name_key ON actors(name_key);
CREATE INDEX actors_rank ON actors(documents, mentions);
CREATE INDEX actors_type_rank ON actors(type, documents, mentions);
ALTER TABLE actor_names ADD COLUMN name_key TEXT;
UPDATE actor_names SET name_key = newsgraph_lookup_key(name);
CREATE INDEX actor_names_key ON actor_names(name_key);

-- A new document's counts are added by the writer, once per actor and batch
-- (store.write); when the linker re-points an entity (a merge), these move them along.
CREATE TRIGGER actor_counts_entity_au AFTER UPDATE OF actor_id ON entities
WHEN old.actor_id IS NOT new.actor_id BEGIN
    UPDATE actors SET
        documents = documents - NOT EXISTS (SELECT 1 FROM entities x WHERE
            x.doc_id = old.doc_id AND x.actor_id = old.actor_id),
        mentions = mentions - (SELECT count(*) FROM mentions m WHERE m.doc_id = old.doc_id
            AND m.entity_id = old.id)
        WHERE id = old.actor_id;
    UPDATE actors SET
        documents = documents + NOT EXISTS (SELECT 1 FROM entities x WHERE
            x.doc_id = new.doc_id AND x.actor_id = new.actor_id AND x.id != new.id),
        mentions = mentions + (SELECT count(*) FROM mentions m WHERE m.doc_id = new.doc_id
            AND m.entity_id = new.id)
        WHERE id = new.actor_id;
    UPDATE quotes SET speaker_actor = new.actor_id
        WHERE doc_id = new.doc_id AND speaker_entity = new.id;
    UPDATE role_evidence SET actor_id = new.actor_id
        WHERE doc_id = new.doc_id AND entity_id = new.id;
END;
CREATE TRIGGER actor_counts_quote_au AFTER UPDATE OF speaker_actor ON quotes
WHEN old.speaker_actor IS NOT new.speaker_actor BEGIN
    UPDATE actors SET quotes = quotes - 1 WHERE id = old.speaker_actor;
    UPDATE actors SET quotes = quotes + 1 WHERE id = new.speaker_actor;
END;

-- where documents state each actor's role: the three earliest (undated last) per role,
-- kept as roles are written (``actor`` shows them without reading the actor's documents)
CREATE TABLE role_evidence (
    actor_id  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    "of"      TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    day       TEXT NOT NULL,       -- the document's date; '~' (after every date) if undated
    doc       INTEGER NOT NULL,
    doc_id    TEXT NOT NULL,
    entity_id TEXT NOT NULL
);
CREATE INDEX role_evidence_role ON role_evidence(actor_id, title, "of", qualifier, day, doc);
CREATE INDEX role_evidence_entity ON role_evidence(doc_id, entity_id);
INSERT INTO role_evidence
    SELECT actor_id, title, "of", qualifier, day, doc, doc_id, entity_id FROM (
        SELECT e.actor_id, r.title, coalesce(r."of", '') AS "of",
               coalesce(r.qualifier, '') AS qualifier,
               CASE e.sort_key WHEN '' THEN '~' ELSE e.sort_key END AS day, e.doc,
               r.doc_id, r.entity_id,
               row_number() OVER (PARTITION BY e.actor_id, r.title, coalesce(r."of", ''),
                   coalesce(r.qualifier, '') ORDER BY CASE e.sort_key WHEN '' THEN '~'
                   ELSE e.sort_key END, e.doc) AS n
        FROM entity_roles r JOIN entities e ON e.doc_id = r.doc_id AND e.id = r.entity_id
        WHERE r.source IS NULL AND e.actor_id IS NOT NULL)
    WHERE n <= 3;
CREATE TRIGGER role_evidence_ai AFTER INSERT ON entity_roles WHEN new.source IS NULL BEGIN
    INSERT INTO role_evidence(actor_id, title, "of", qualifier, day, doc, doc_id, entity_id)
        SELECT e.actor_id, new.title, coalesce(new."of", ''), coalesce(new.qualifier, ''),
               CASE e.sort_key WHEN '' THEN '~' ELSE e.sort_key END, e.doc, new.doc_id,
               new.entity_id
        FROM entities e WHERE e.doc_id = new.doc_id AND e.id = new.entity_id
        AND e.actor_id IS NOT NULL;
    DELETE FROM role_evidence WHERE rowid IN (
        SELECT v.rowid FROM role_evidence v JOIN entities e ON e.doc_id = new.doc_id
        AND e.id = new.entity_id WHERE v.actor_id = e.actor_id AND v.title = new.title
        AND v."of" = coalesce(new."of", '') AND v.qualifier = coalesce(new.qualifier, '')
        ORDER BY v.day, v.doc LIMIT -1 OFFSET 3);
END;

-- counts for `stats`, kept in the writer's transaction (never a scan): by triggers for
-- documents, sources, errors, actors and runs; for the annotation tables (rows only the
-- writer adds, many per document) by the writer, once per batch (store.write)
CREATE TABLE counters (
    name  TEXT NOT NULL,
    part  TEXT NOT NULL DEFAULT '',     -- '' for the total; a kind, reason, code, language
    value INTEGER NOT NULL,
    PRIMARY KEY (name, part)
) WITHOUT ROWID;
INSERT INTO counters(name, part, value)
    SELECT 'documents', '', count(*) FROM documents
    UNION ALL SELECT 'undated', '', count(*) FROM documents WHERE published IS NULL
    UNION ALL SELECT 'characters', '', coalesce(sum(length(text)), 0) FROM documents
    UNION ALL SELECT 'raw_bytes', '', coalesce(sum(raw_size), 0) FROM documents
    UNION ALL SELECT 'raw_stored_bytes', '', coalesce(sum(length(raw)), 0) FROM documents
    UNION ALL SELECT 'languages', coalesce(language, 'None'), count(*) FROM documents
        GROUP BY 2
    UNION ALL SELECT 'sources', '', count(*) FROM sources
    UNION ALL SELECT 'sources', kind, count(*) FROM sources GROUP BY kind
    UNION ALL SELECT 'errors', '', count(*) FROM errors
    UNION ALL SELECT 'errors', reason, count(*) FROM errors GROUP BY reason
    UNION ALL SELECT 'sentences', '', count(*) FROM sentences
    UNION ALL SELECT 'entities', '', count(*) FROM entities
    UNION ALL SELECT 'mentions', '', count(*) FROM mentions
    UNION ALL SELECT 'actors', '', count(*) FROM actors
    UNION ALL SELECT 'actors', type, count(*) FROM actors GROUP BY type
    UNION ALL SELECT 'quotes', '', count(*) FROM quotes
    UNION ALL SELECT 'times', '', count(*) FROM times
    UNION ALL SELECT 'events', '', count(*) FROM events
    UNION ALL SELECT 'events_by_quad', coalesce(CAST(quad AS TEXT), ''), count(*) FROM events
        GROUP BY 2
    UNION ALL SELECT 'warnings', '', count(*) FROM document_warnings
    UNION ALL SELECT 'warnings', code, count(*) FROM document_warnings GROUP BY code
    UNION ALL SELECT 'ingest_runs', '', count(*) FROM ingest_runs;
""" + "".join(_counted(t, cs) for t, cs in _COUNTED)))


VERSION = len(MIGRATIONS)
