"""Turn the span of a speaker as written into a Speaker resolved to a document entity."""

from __future__ import annotations

from typing import Sequence

from ..model import Entity, Span, Speaker
from .coref import resolve_span


def _overlap_lookup(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The entity with a mention inside [start, end) (the longest wins), else one covering it."""
    best: tuple[int, Entity] | None = None
    for e in entities:
        for m in e.mentions:
            if start <= m.start and m.end <= end:
                size = m.end - m.start
                if best is None or size > best[0]:
                    best = (size, e)
            elif m.start <= start and end <= m.end and best is None:
                best = (0, e)
    return best[1] if best else None


def resolve(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The entity the span names (``coref.resolve_span``), else a plain overlap search."""
    try:
        hit = resolve_span(entities, start, end)
    except Exception:  # a lookup failure must not lose the quote
        hit = None
    return hit if hit is not None else _overlap_lookup(entities, start, end)


def speaker_for(text: str, entities: Sequence[Entity], start: int, end: int,
                head: tuple[int, int] | None = None,
                lookup: tuple[int, int] | None = None) -> Speaker:
    """Speaker for the phrase text[start:end]; ``head`` (the head word) is tried first.

    ``lookup`` narrows the part of the phrase that may name the entity: in "his office" or
    "Obama's spokesman" the possessor is someone else, so it is left out of the lookup while
    the mention stays the phrase as written.
    """
    mention = Span(start, end, text[start:end])
    ent = resolve(entities, *head) if head else None
    if ent is None:
        lo, hi = lookup if lookup else (start, end)
        ent = resolve(entities, lo, hi) if hi > lo else None
    if ent is None:
        return Speaker(entity=None, name=mention.text, mention=mention)
    return Speaker(entity=ent.id, name=ent.name, mention=mention)

