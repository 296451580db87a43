"""The data model, in one place.

Every stage passes these frozen, slotted dataclasses along; nothing else crosses a stage
boundary. Spans (``start``/``end``) are Python ``str`` indices (code points) into
``Article.text``, the cleaned body, half-open like slices: ``text[start:end]``.

Flow::

    RawDocument --clean--> Article | Dropped --annotate--> Annotated --link/store-->

``Annotated.to_contract()`` renders the JSON object promised by ``shared/contract``
section 1 (``newsgraph extract``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "RawDocument", "DocWarning", "Article", "Dropped", "Stored", "Sentence", "Span", "Mention",
    "Role", "Entity",
    "Speaker", "Quote", "TimeExpr", "Actor", "Event", "Provenance", "Annotated",
    "ActorRecord", "LinkedDocument", "LinkedBatch", "TimelineReport", "TimelineEvent",
    "TimelineChanges",
    "doc_id_for", "normalise_body", "replace",
]


# ---------------------------------------------------------------------------- ingest
@dataclass(frozen=True, slots=True)
class DocWarning:
    """Something that went wrong with a document that did not stop it: a part cut or
    skipped, a fallback taken, a component that failed. Never silent: it is in the
    ``extract`` record (``warnings``), stored with the document and counted by ingest and
    ``stats``. ``code`` is short and stable ("nul_removed", "extractor_failed", ...)."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read, before any cleaning.

    ``content`` is the undecoded bytes (kept, compressed, in the store); ``text`` is the
    decoded string (plain text or HTML source, see ``media_type``). A reader that cannot
    read a document still yields a RawDocument with ``error`` set, so nothing is lost.
    """

    source: str                          # path, path#member, URL or jsonl id
    media_type: str = "text/plain"       # "text/plain" | "text/html"
    text: str = ""                       # decoded content (HTML source when media_type is html)
    content: bytes = b""                 # raw bytes as read (may be empty for stdin/jsonl text)
    title: str | None = None             # given by the container (jsonl field, WARC header...)
    published: str | None = None         # YYYY-MM-DD given by the container or --published
    url: str | None = None
    encoding: str | None = None          # detected/declared encoding of ``content``
    error: str | None = None             # reason when the document could not be read
    error_kind: str | None = None        # short machine code: "binary", "empty", "too_large"...
    # True when ``published`` is only the --published fallback, not a date the container gave:
    # a date the document itself carries (HTML meta, a dateline) should then win over it.
    published_default: bool = False
    warnings: tuple[DocWarning, ...] = ()  # what the reader had to cut, skip or guess


# ---------------------------------------------------------------------------- clean
@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the body every offset points into."""

    doc_id: str
    source: str
    text: str
    title: str | None = None
    published: str | None = None          # YYYY-MM-DD
    published_source: str | None = None   # "metadata" | "content" | None
    language: str | None = "en"
    removed: tuple[str, ...] = ()          # each dropped boilerplate line or block
    url: str | None = None
    author: str | None = None
    media_type: str = "text/plain"
    raw: bytes = b""                       # original bytes, for the store
    sources: tuple[str, ...] = ()          # every source of a syndicated copy (filled by dedup)
    warnings: tuple[DocWarning, ...] = ()  # what went wrong reading or cleaning it
    # An undated document's lower bound inferred from its content (the latest past date it
    # mentions): it was written no earlier. Never its date and never an anchor.
    published_not_before: str | None = None


@dataclass(frozen=True, slots=True)
class Dropped:
    """A document that did not become an Article, with the reason (never silent)."""

    source: str
    reason: str                            # short code: "binary", "empty", "no_body", ...
    message: str                           # human sentence
    raw: RawDocument | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """A document the store already holds from this source with this body (``doc_id``):
    a rerun of ``ingest`` skips it after cleaning, before annotation, and counts it as
    already stored."""

    source: str
    doc_id: str


def normalise_body(text: str) -> str:
    """The form of a body that identity is computed on: NFKC, casefolded, one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def doc_id_for(text: str) -> str:
    """Stable document id: a hash of the normalised body (so re-ingest is idempotent)."""
    return hashlib.sha256(normalise_body(text).encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------- annotate
@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str = "name"          # "name" | "pronoun" | "nominal" (definite description) | "alias"
    # "dictionary" when a description was resolved to the known holder of the office on the
    # document's date ("the chancellor", no chancellor named); None = from the text
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}
        if self.source:
            d["source"] = self.source
        return d


@dataclass(frozen=True, slots=True)
class Role:
    title: str                  # "Prime Minister"
    of: str | None = None       # ISO3 or organisation name
    as_of: str | None = None    # YYYY-MM-DD (the document date) or None
    qualifier: str | None = None  # "former" | "acting" | "late" | None
    # where the role came from when not from the text itself: "dictionary" (known_actors:
    # world knowledge about a person the text names without the office), "inferred" (the
    # title is the text's, its state inferred: see annotate/actor_countries); None = the text
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"title": self.title, "of": self.of, "as_of": self.as_of}
        if self.qualifier:
            d["qualifier"] = self.qualifier
        if self.source:
            d["source"] = self.source
        return d


ENTITY_TYPES = ("PERSON", "COUNTRY", "ORG", "LOCATION", "GROUP")


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical actor within one document."""

    id: str                      # "e1", "e2", ... unique within the document
    name: str                    # canonical (fullest) name
    type: str                    # one of ENTITY_TYPES
    country: str | None = None   # ISO 3166-1 alpha-3
    roles: tuple[Role, ...] = ()
    mentions: tuple[Mention, ...] = ()
    gender: str | None = None    # "m" | "f" | None (persons, for coreference)
    # where ``country`` came from when the text does not state it: "inferred" (the title's
    # jurisdiction, the known-actors table or the document's dominant state for an office
    # holder) | "dictionary" (the known-actors table); None = the text
    country_source: str | None = None
    # "dictionary" when ``name`` is the known-actors table's full name for a shorter form
    # the text uses ("President Bush" in 2004 -> "George W. Bush"); None = the text
    name_source: str | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id, "name": self.name, "type": self.type, "country": self.country,
            "roles": [r.to_json() for r in self.roles],
            "mentions": [m.to_json() for m in self.mentions],
        }
        if self.country_source:
            d["country_source"] = self.country_source
        if self.name_source:
            d["name_source"] = self.name_source
        return d


@dataclass(frozen=True, slots=True)
class Speaker:
    entity: str | None = None    # Entity.id
    name: str | None = None      # canonical name, or the surface text when unresolved
    mention: Span | None = None  # where the speaker is named in the text ("He", "Kishida")
    # "dictionary" when the speaker was resolved through the known holder of an office
    # ("the prime minister said", no prime minister named); None = from the text
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = {"entity": self.entity, "name": self.name,
             "mention": self.mention.to_json() if self.mention else None}
        if self.source:
            d["source"] = self.source
        return d


@dataclass(frozen=True, slots=True)
class Quote:
    kind: str                    # "direct" | "indirect" | "mixed"
    text: str                    # the quoted (direct) or reported (indirect) content
    start: int
    end: int
    speaker: Speaker = field(default_factory=Speaker)
    cue: str | None = None       # cue verb or phrase as written ("stated", "according to")
    cue_span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        # The contract's kinds are direct | indirect; a partial ("mixed") quote is reported
        # as direct, since it carries quoted words, with its style alongside.
        kind = "direct" if self.kind == "mixed" else self.kind
        d: dict[str, Any] = {"kind": kind, "style": self.kind, "text": self.text,
                             "start": self.start, "end": self.end,
                             "speaker": self.speaker.to_json(), "cue": self.cue}
        if self.cue_span:
            d["cue_span"] = self.cue_span.to_json()
        return d


@dataclass(frozen=True, slots=True)
class TimeExpr:
    text: str
    start: int
    end: int
    value: str                   # TIMEX3 value: "2002", "197X", "2023-09-19", "PAST_REF", "P2Y"
    kind: str = "DATE"           # "DATE" | "DURATION" | "SET" | "RANGE" | "TIME"
    mod: str | None = None       # TIMEX3 mod: "START" | "MID" | "END" | "APPROX" | ...
    anchor: str | None = None    # the date the value was resolved against

    def to_json(self) -> dict[str, Any]:
        # The contract's kinds are DATE | DURATION | SET | RANGE; a clock time is a DATE whose
        # value carries the time (TIMEX3 type TIME), reported alongside as ``timex_type``.
        d: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end,
                             "value": self.value,
                             "kind": "DATE" if self.kind == "TIME" else self.kind,
                             "timex_type": self.kind}
        if self.mod:
            d["mod"] = self.mod
        return d


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant of an event (source or target)."""

    entity: str | None = None
    name: str | None = None
    country: str | None = None
    mention: Span | None = None  # where the text names it for this event ("Pyongyang", "he")

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "country": self.country,
                "mention": self.mention.to_json() if self.mention else None}


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day (YYYY-MM-DD) a TIMEX3-style date covers: "2002" ->
    2002-01-01..2002-12-31, "197X" -> the 1970s, "2023-W37" -> that week, "1950/1953" ->
    1950-01-01..1953-12-31; (None, None) for what is not a date ("PAST_REF")."""
    import calendar
    import datetime as _dt

    if not value:
        return None, None
    if "/" in value:
        a, _, b = value.partition("/")
        return date_bounds(a)[0], date_bounds(b)[1]
    v = value.split("T")[0]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            _dt.date.fromisoformat(v)
            return v, v
        if re.fullmatch(r"\d{4}-\d{2}", v):
            y, m = int(v[:4]), int(v[5:])
            return f"{v}-01", f"{v}-{calendar.monthrange(y, m)[1]:02d}"
        if re.fullmatch(r"\d{4}-W\d{2}", v):
            y, w = int(v[:4]), int(v[6:])
            return (_dt.date.fromisocalendar(y, w, 1).isoformat(),
                    _dt.date.fromisocalendar(y, w, 7).isoformat())
        if re.fullmatch(r"\d{4}", v):
            return f"{v}-01-01", f"{v}-12-31"
        m = re.fullmatch(r"(\d{1,3})(X+)", v)
        if m and len(v) == 4:
            lo = m.group(1) + "0" * len(m.group(2))
            hi = m.group(1) + "9" * len(m.group(2))
            return f"{lo}-01-01", f"{hi}-12-31"
    except ValueError:
        return None, None
    return None, None


MODALITIES = ("asserted", "intended", "hypothetical", "negated")
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict"}


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, coded in CAMEO (``cameo``, its Goldstein score and quad class)
    and PLOVER (``plover`` type and ``plover_mode``), cited by its sentence (``evidence_*``)
    and the words that name the act (``trigger``)."""

    id: str
    cameo: str
    plover: str | None = None
    label: str | None = None
    source: Actor | None = None
    target: Actor | None = None
    date: str | None = None
    location: str | None = None
    modality: str = "asserted"   # one of MODALITIES
    evidence_start: int = 0
    evidence_end: int = 0
    confidence: float = 0.0
    goldstein: float | None = None
    trigger: Span | None = None          # the verb or eventive noun ("visit", "released")
    quad: int | None = None              # 1-4, QUAD_CLASSES
    plover_mode: str | None = None       # PLOVER mode ("visit", "release", ...)
    # where ``date`` came from: "text" (a time expression of its clause), "published" (an
    # act the article reports as news), "caption" (a removed photo caption of the same
    # occasion, kept in Article.removed), "context" (a linked event: "the trip resulted in")
    date_source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "cameo": self.cameo, "plover": self.plover, "label": self.label,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "date": self.date, "location": self.location, "modality": self.modality,
            "evidence": {"start": self.evidence_start, "end": self.evidence_end},
            "confidence": self.confidence, "goldstein": self.goldstein,
            # additions beyond the contract
            "trigger": self.trigger.to_json() if self.trigger else None,
            "quad": self.quad, "plover_mode": self.plover_mode, "date_source": self.date_source,
        }


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact came from: the document, the sentence and the exact characters."""

    doc_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True, slots=True)
class Annotated:
    """An Article with everything the annotate stages added.

    ``nlp`` holds the in-process spaCy Doc; it never leaves the worker (not serialised,
    not compared).
    """

    article: Article
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    nlp: Any = field(default=None, compare=False, repr=False)
    skipped: tuple[str, ...] = ()   # stages skipped, with why ("annotate: language=fr")
    warnings: tuple[DocWarning, ...] = ()   # what went wrong annotating it

    def without_nlp(self) -> "Annotated":
        return replace(self, nlp=None)

    def warn(self, code: str, message: str) -> "Annotated":
        """This document with one more annotate-stage warning."""
        return replace(self, warnings=self.warnings + (DocWarning(code, message),))

    @property
    def all_warnings(self) -> tuple[DocWarning, ...]:
        """Cleaning's warnings, then the annotate stages'."""
        return self.article.warnings + self.warnings

    def to_contract(self) -> dict[str, Any]:
        a = self.article
        return {
            "doc_id": a.doc_id,
            "source": a.source,
            "title": a.title,
            "published": a.published,
            "published_source": a.published_source,
            "language": a.language,
            "text": a.text,
            "removed": list(a.removed),
            "error": None,
            "entities": [e.to_json() for e in self.entities],
            "quotes": [q.to_json() for q in self.quotes],
            "times": [t.to_json() for t in self.times],
            "events": [e.to_json() for e in self.events],
            # additions beyond the contract (allowed: fields may be added, never dropped)
            "published_not_before": a.published_not_before,
            "url": a.url,
            "author": a.author,
            "sources": list(a.sources) or [a.source],
            "sentences": [[s.start, s.end] for s in self.sentences],
            "warnings": [w.to_json() for w in self.all_warnings],
        }


# ---------------------------------------------------------------------------- link
# What link/ decides about a batch, handed to the store to write as it is.
@dataclass(frozen=True, slots=True)
class ActorRecord:
    """One cross-document actor as a batch leaves it (``type`` is written only when the row
    is new: an actor keeps the type it was first stored with)."""

    key: str
    name: str
    type: str
    country: str | None
    name_first: str | None = None   # persons: first and last word of the name in the key
    name_last: str | None = None


@dataclass(frozen=True, slots=True)
class LinkedDocument:
    """An annotated document and what linking decided about it: ``kind`` "new" (stored with
    its annotations; ``actors`` gives each entity's actor key, ``signature``/``bands`` its
    near-duplicate index entries), "exact" (same body as ``original``) or "near" (a
    syndicated copy of ``original``, Jaccard ``similarity``): only a source is added."""

    doc: Annotated
    kind: str
    original: str | None = None
    similarity: float | None = None
    signature: bytes = b""
    bands: tuple[tuple[int, int], ...] = ()
    actors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineReport:
    """One document's report of an event, as the timeline links it: the event (``doc_id``,
    ``event_id``), what it is matched on (its block: CAMEO root, modality and the states or
    actors of both sides; its day interval; its actors after resolution, each side's state
    and whether that side is a leader acting for it; its place) and the timeline event it
    belongs to (``timeline``) with how well it matches that event (``match``, 0-1)."""

    doc_id: str
    event_id: str
    block: str
    lo: str | None                 # first and last day the report's date allows (ISO)
    hi: str | None
    date: str | None               # the event's TIMEX value as reported
    cameo: str
    source_key: str | None         # actor keys (as stored in actors.key)
    source_state: str | None       # the state (ISO3) or body each side acts for
    source_leads: bool
    target_key: str | None
    target_state: str | None
    target_leads: bool
    place: str | None              # the place, as its canonical name
    place_country: str | None
    published: str | None
    outlet: str | None             # who published the report (host of the URL, else source)
    goldstein: float | None = None
    quad: int | None = None
    plover: str | None = None
    label: str | None = None
    modality: str = "asserted"
    timeline: str | None = None    # TimelineEvent.tid
    match: float = 1.0


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A real-world event, reported by one or more documents (``TimelineReport``s)."""

    tid: str                       # stable id: a hash of its most precise report
    block: str
    date: str | None               # the most precise date every report allows (TIMEX)
    date_start: str | None         # its first and last day
    date_end: str | None
    day: str                       # what the timeline is ordered by: date_start, else the
                                   # publication date of an undated event's first report
                                   # ("" when neither is known)
    cameo: str                     # the most specific code of its reports
    root: str
    quad: int | None
    plover: str | None
    label: str | None
    goldstein: float | None
    source_key: str | None
    source_state: str | None
    target_key: str | None
    target_state: str | None
    location: str | None
    modality: str
    reports: int
    documents: int
    outlets: int
    confidence: float              # how sure the merge is: its weakest report's match


@dataclass(frozen=True, slots=True)
class TimelineChanges:
    """What a batch changes in the timeline: events gone (tids), events new or changed,
    reports new or moved, and the new version of each block it re-linked."""

    removed: tuple[str, ...] = ()
    events: tuple[TimelineEvent, ...] = ()
    reports: tuple[TimelineReport, ...] = ()
    blocks: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class LinkedBatch:
    """One batch, linked: its items in input order, every actor it touches (as the batch
    leaves it, and as first written for those merged away) and the actor merges (old key,
    surviving key) to apply, in order, once the batch's entities are written."""

    items: tuple[LinkedDocument | Dropped, ...]
    actors: tuple[ActorRecord, ...] = ()
    merges: tuple[tuple[str, str], ...] = ()
    timeline: TimelineChanges = field(default_factory=TimelineChanges)


def error_record(source: str, message: str, reason: str | None = None) -> dict[str, Any]:
    """The contract line for a document that could not be read."""
    return {
        "doc_id": None, "source": source, "title": None, "published": None,
        "published_source": None, "language": None, "text": "", "removed": [],
        "error": message, "error_kind": reason,
        "entities": [], "quotes": [], "times": [], "events": [], "warnings": [],
    }
