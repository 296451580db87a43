"""Response models: they describe the API in /api/openapi.json.

Routes answer plain JSON (``json.dumps`` of what ``views`` builds) rather than validating
every response through these models, which would cost more than the queries; the API tests
and the schemathesis run check that the answers match them. Every model allows extra fields:
like the contract, the API may add a field, never drop or rename one.
"""

from __future__ import annotations

from typing import Any, Generic, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(Open):
    code: str = Field(description="short, stable: bad_query, not_found, too_large, ...")
    message: str


class ErrorBody(Open):
    error: ErrorDetail


class Page(Open, Generic[T]):
    items: list[T]
    total: Optional[int] = Field(description="rows matching in all (null: not counted, "
                                 "more than 10,000 for a search or a filtered list)")
    limit: int
    offset: Optional[int] = Field(None, description="always null: lists page by key "
                                  "(`after`), offset paging was replaced")
    next: Optional[str] = Field(None, description="pass as `after` for the next page "
                                "(cursor paging); null on the last page")
    total_exact: bool = Field(True, description="false: `total` is a lower bound (the "
                              "count stopped after 5,000 rows of an index range)")


class Span(Open):
    start: int
    end: int
    text: Optional[str] = None


class SentenceHit(Open):
    idx: Optional[int] = Field(description="the sentence's index in the document")
    start: int
    end: int
    text: str
    hits: list[list[int]] = Field(description="[start, end] of each matched word (offsets "
                                  "into the document's text)")


class SearchHit(Open):
    doc_id: str
    title: Optional[str]
    published: Optional[str]
    source: Optional[str]
    snippet: str = Field(description="hits marked with [ ]")
    score: float
    sentences: list[SentenceHit]


class DocumentSummary(Open):
    doc_id: str
    title: Optional[str]
    published: Optional[str]
    source: Optional[str]
    language: Optional[str]
    chars: Optional[int]
    n_sources: int
    n_entities: int
    n_quotes: int


class Sentence(Open):
    idx: int
    start: int
    end: int
    paragraph: int


class Mention(Open):
    start: int
    end: int
    text: str
    kind: str
    sentence: Optional[int]


class Role(Open):
    title: str
    of: Optional[str]
    as_of: Optional[str]


class Entity(Open):
    id: str
    name: str
    type: str
    country: Optional[str]
    actor_id: Optional[int]
    roles: list[Role]
    mentions: list[Mention]


class Speaker(Open):
    entity: Optional[str]
    name: Optional[str]
    actor_id: Optional[int]
    mention: Optional[Span]


class DocQuote(Open):
    idx: int
    kind: str
    style: str
    text: str
    start: int
    end: int
    sentence: Optional[int]
    speaker: Speaker
    cue: Optional[str]


class Time(Open):
    idx: int
    text: str
    start: int
    end: int
    value: str
    kind: str
    sentence: Optional[int]


class EventActor(Open):
    entity: Optional[str] = None
    name: Optional[str] = None
    country: Optional[str] = None
    actor_id: Optional[int] = None


class DocEvent(Open):
    id: str
    cameo: str
    plover: Optional[str]
    label: Optional[str]
    source: Optional[EventActor]
    target: Optional[EventActor]
    date: Optional[str]
    location: Optional[str]
    modality: str
    evidence: Span
    confidence: float
    goldstein: Optional[float]
    sentence: Optional[int]


class EventRow(Open):
    """A per-document event with its document: the contract's event fields plus
    ``doc_id``, ``title``, ``published``, the evidence sentence and a ``cursor``."""
    id: str
    doc_id: str
    cameo: str
    source: Optional[EventActor]
    target: Optional[EventActor]
    evidence: Span


class Source(Open):
    source: str
    kind: str
    similarity: Optional[float]
    first_seen: Optional[str]


class Document(Open):
    """The contract's extract record, plus where each fact sits: every mention, quote, time
    and event has ``sentence`` (an index into ``sentences``) beside its offsets."""
    doc_id: str
    source: str
    title: Optional[str]
    published: Optional[str]
    published_source: Optional[str]
    language: Optional[str]
    text: str
    removed: list[str]
    url: Optional[str]
    author: Optional[str]
    sentences: list[Sentence]
    entities: list[Entity]
    quotes: list[DocQuote]
    times: list[Time]
    events: list[DocEvent]
    sources: list[Source]
    warnings: list[dict[str, Any]]


class ActorSummary(Open):
    id: int
    name: str
    type: str
    country: Optional[str]
    first_seen: Optional[str]
    last_seen: Optional[str]
    documents: int
    mentions: int
    quotes: int


class ActorRole(Open):
    title: str
    of: Optional[str]
    qualifier: Optional[str]
    first_seen: Optional[str]
    last_seen: Optional[str]
    count: int
    source: Optional[str] = Field(description="'dictionary': no document states the role")
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, description="documents that state the role (up to three, "
        "earliest first): doc_id, published, and the offsets of the actor's first mention")


class ActorName(Open):
    name: str
    count: int


class ActorDocument(Open):
    doc_id: str
    title: Optional[str]
    published: Optional[str]
    entity: str
    mentions: int


class QuoteRow(Open):
    doc_id: str
    idx: int
    kind: str
    text: str
    start: int
    end: int
    cue: Optional[str]
    speaker: Optional[str]
    actor_id: Optional[int]
    speaker_text: Optional[str]
    title: Optional[str]
    published: Optional[str]


class ActorDetail(Open):
    actor: ActorSummary
    roles: list[ActorRole]
    names: list[ActorName]
    documents: Page[ActorDocument]
    quotes: Page[QuoteRow]
    events: Page[EventRow] = Field(description="the first page of the actor's events")


class Report(Open):
    doc_id: str
    source: Optional[str]
    event: str
    evidence: Optional[str]


class TimelineEvent(Open):
    """Contract section 3: one real-world event with every report of it."""
    id: Any
    date: Optional[str]
    cameo: Optional[str]
    plover: Optional[str]
    label: Optional[str]
    source: Any
    target: Any
    location: Optional[str]
    reports: list[Report]


class GraphNode(Open):
    id: Any
    name: Optional[str] = None


class GraphEdge(Open):
    source: Any
    target: Any


class Graph(Open):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class Stats(Open):
    documents: int
    actors: int
    quotes: int
    events: int
    published_first: Optional[str]
    published_last: Optional[str]


class IngestReport(Open):
    db: str
    read: int
    stored: int
    unchanged: int
    exact_duplicates: int
    near_duplicates: int
    errors: dict[str, int]
