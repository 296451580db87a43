"""STUB: cleaning entry points (being written)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..model import Article, Dropped, RawDocument, doc_id_for


@dataclass(frozen=True)
class BatchContext:
    repeated: frozenset[str] = frozenset()

    @classmethod
    def from_raws(cls, raws: Sequence[RawDocument], cfg: dict[str, Any]) -> "BatchContext":
        return cls()


def clean_document(raw: RawDocument, ctx: BatchContext, cfg: dict[str, Any]) -> Article | Dropped:
    if raw.error:
        return Dropped(raw.source, raw.error_kind or "unreadable", raw.error, raw)
    text = raw.text.strip()
    if not text:
        return Dropped(raw.source, "empty", "no text", raw)
    return Article(doc_id=doc_id_for(text), source=raw.source, text=text, title=raw.title,
                   published=raw.published, published_source="metadata" if raw.published else None,
                   raw=raw.content)
