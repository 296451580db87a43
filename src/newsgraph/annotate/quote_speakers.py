"""Turn the span of a speaker as written into a Speaker resolved to a document entity."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from ..model import Entity, Span, Speaker
from .coref import near_mentions, resolve_span


def _overlap_lookup(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The entity with a mention inside [start, end) (the longest wins), else one covering it."""
    best: tuple[int, Entity] | None = None
    for e, m in near_mentions(entities, start, end):
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
    # "the prime minister said", resolved through the known holder of the office
    via = "dictionary" if any(m.source == "dictionary" and start <= m.start and m.end <= end
                              for m in ent.mentions) else None
    return Speaker(entity=ent.id, name=ent.name, mention=mention, source=via)



# ---------------------------------------------------------------------------- checks
# Head nouns of things and events, which say nothing: "a need ... means", "a win would
# show", "Turnout is expected", "An interview ... said" (the one interviewed speaks).
THING_NOUNS = frozenset({
    "interview", "need", "win", "victory", "defeat", "loss", "turnout", "guide", "move",
    "decision", "plan", "bill", "law", "idea", "vote", "deal", "agreement", "attack", "visit",
    "meeting", "event", "events", "speech", "thing", "things", "fact", "issue", "question",
    "answer", "change", "changes", "effort", "step", "policy", "measure", "proposal",
    "budget", "election", "war", "crisis", "trip", "summit", "development", "situation",
    "announcement", "reaction", "programme", "program", "show", "slogan", "language",
    "wording", "mark", "dissolution", "failure",
})
# Documents and messages: news quotes them as sources ("the statement said", "the email
# read"), but only with a verb of saying; with a verb of inference ("This statement
# underscores ...", "the video suggests") it is the writer who speaks, so no speaker.
MEDIA_NOUNS = frozenset({
    "statement", "email", "e-mail", "letter", "video", "result", "results", "message", "post",
    "tweet", "note", "website", "page", "book", "film", "article", "story", "headline",
    "figures", "data", "response", "remarks", "comment", "comments", "memo", "release",
    "transcript", "filing", "document", "documents", "ad", "advert", "advertisement",
})
SAYING_VERBS = frozenset({
    "say", "state", "read", "add", "note", "tell", "warn", "claim", "ask", "urge", "call",
    "announce", "declare", "confirm", "deny", "insist", "argue", "accuse", "allege",
    "predict", "promise", "pledge", "explain", "describe", "report", "write", "quote",
    "according", "accord", "find", "show", "conclude", "estimate",
})
# Verbs whose passive subject is the one addressed, not the speaker ("X was asked ...")
RECIPIENT_VERBS = frozenset({"ask", "tell", "urge", "question", "press", "quiz", "warn",
                             "advise", "brief", "inform", "remind", "assure", "promise"})
_SPEAKER_TYPES = {"PERSON", "ORG", "COUNTRY", "GROUP"}


def furniture_line(text: str, pos: int) -> bool:
    """Is the line holding ``pos`` page furniture: a heading in capitals ("A SIMPLE GUIDE:
    ..."), a list of links ("Related: A | B | C")?"""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    line = text[lo:hi if hi >= 0 else len(text)]
    if line.count("|") >= 2 or line.count(" • ") >= 2:
        return True
    head = line.split(":", 1)[0] if ":" in line else ""
    letters = [ch for ch in head if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def speaker_problem(sp: Any, text: str, entities: Sequence[Entity], q: Any) -> str | None:
    """Why a quote's speaker cannot be one ("furniture": the quote is page furniture;
    "thing": a thing or an event; "medium": a document or message whose owner is named,
    who speaks; "addressee": the one a question was put to), or None. A
    speaker is an actor, a pronoun or a description of a person or body."""
    if furniture_line(text, q.start) or (q.speaker.mention is not None
                                         and furniture_line(text, q.speaker.mention.start)):
        return "furniture"
    m = q.speaker.mention
    if m is None:
        return None
    ent = next((e for e in entities if e.id == q.speaker.entity), None)
    if ent is None:
        words = [w for w in m.text.replace("\u2019", "'").split() if w[:1].isalpha()]
        head = words[-1].casefold().removesuffix("'s") if words else ""
        if head in THING_NOUNS:
            return "thing"
        if head in MEDIA_NOUNS:
            if _owner(sp, text, entities, m) is not None:
                return "medium"          # "Email from the campaign urged ...": the campaign
            tok = _token_at(sp, q.cue_span.start) if q.cue_span is not None else None
            verb = tok.lemma_.lower() if tok is not None else ""
            if words[0].casefold() in ("this", "these", "that", "those") \
                    or verb not in SAYING_VERBS:
                return "thing"
    if q.cue_span is not None and sp is not None:
        tok = _token_at(sp, q.cue_span.start)
        if tok is not None and tok.lemma_.lower() in RECIPIENT_VERBS and any(
                ch.dep_ in ("nsubjpass", "auxpass") for ch in tok.children) and not any(
                ch.dep_ == "agent" for ch in tok.children):
            return "addressee"
    return None


def _token_at(sp: Any, char: int) -> Any | None:
    span = sp.char_span(char, char + 1, alignment_mode="expand")
    return sp[span.start] if span is not None and len(span) else None


def _owner(sp: Any, text: str, entities: Sequence[Entity], m: Span) -> Speaker | None:
    """Whose the thing is: "her statement", "Trump's email", "a statement from Ryan's
    office", "the statement by the two" -> the possessor, or the one after "from"/"by"."""
    span = sp.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span.root
    for ch in head.children:
        if ch.dep_ == "poss":
            a, b = ch.left_edge.i, ch.i + 1
            return speaker_for(text, entities, sp[a].idx, sp[b - 1].idx + len(sp[b - 1].text))
    for ch in head.children:
        if ch.dep_ == "prep" and ch.lower_ in ("from", "by"):
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if obj is not None:
                a, b = obj.left_edge.i, obj.right_edge.i + 1
                return speaker_for(text, entities, sp[a].idx,
                                   sp[b - 1].idx + len(sp[b - 1].text))
    return None


def check_speakers(sp: Any, text: str, entities: Sequence[Entity], quotes: list) -> list:
    """Quotes of page furniture go; a thing is never the speaker: its owner speaks ("her
    statement said"), else the quote keeps no speaker, as does a question put to someone
    ("X was asked whether ...": the asker is not named)."""
    out = []
    for q in quotes:
        why = speaker_problem(sp, text, entities, q)
        if why == "furniture":
            continue
        if why in ("thing", "medium"):
            q = replace(q, speaker=_owner(sp, text, entities, q.speaker.mention) or Speaker())
        elif why == "addressee":
            q = replace(q, speaker=Speaker())
        out.append(q)
    return out
