"""Query results shaped into the API's JSON: plain functions, no web framework in sight.

The one idea here: every fact carries the sentence it came from. A document's mentions,
quotes, times and events each get ``sentence`` (an index into its ``sentences``) beside
their offsets, so a page can link any fact to its sentence and back.
"""

from __future__ import annotations

import bisect
from typing import Any, Callable, Sequence


def page(items: list[Any], total: int | None, limit: int, offset: int | None = None,
         next_: str | None = None, total_exact: bool = True) -> dict[str, Any]:
    """A list's page. ``total_exact`` false: ``total`` is a lower bound (a bounded count)."""
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": next_,
            "total_exact": total_exact}


class SentenceIndex:
    """Which sentence an offset falls in."""

    def __init__(self, sentences: Sequence[Any]):
        self.sents = sorted(sentences, key=lambda s: s.start)
        self.starts = [s.start for s in self.sents]
        self.idx = {id(s): i for i, s in enumerate(sentences)}

    def of(self, pos: int | None) -> int | None:
        if pos is None:
            return None
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.sents[i].start <= pos < max(self.sents[i].end, self.sents[i].start + 1):
            return self.idx[id(self.sents[i])]
        return None


def document(res: dict[str, Any]) -> dict[str, Any]:
    """``query.document``'s answer as the API's document: the contract record, each fact
    with its sentence, each entity with its cross-document actor."""
    ann, meta = res["annotated"], res["document"]
    actors: dict[str, int] = res["actors"]
    rec = ann.to_contract()
    si = SentenceIndex(ann.sentences)
    rec["sentences"] = [{"idx": i, "start": s.start, "end": s.end, "paragraph": s.paragraph}
                        for i, s in enumerate(ann.sentences)]
    for e in rec["entities"]:
        e["actor_id"] = actors.get(e["id"])
        for m in e["mentions"]:
            m["sentence"] = si.of(m["start"])
    for i, q in enumerate(rec["quotes"]):
        q["idx"] = i
        q["sentence"] = si.of(q["start"])
        sp = q["speaker"]
        sp["actor_id"] = actors.get(sp["entity"]) if sp.get("entity") else None
    for i, t in enumerate(rec["times"]):
        t["idx"] = i
        t["sentence"] = si.of(t["start"])
    for ev in rec["events"]:
        ev["sentence"] = si.of(ev["evidence"]["start"])
        for side in ("source", "target"):
            if ev.get(side):
                ent = ev[side].get("entity")
                ev[side]["actor_id"] = actors.get(ent) if ent else None
    rec["sources"] = res["sources"]
    rec["ingested_at"] = meta.get("ingested_at")
    rec["skipped"] = meta.get("skipped") or []
    return rec


def event(r: dict[str, Any]) -> dict[str, Any]:
    """A per-document event row as the API answers it: the contract's event shape
    (``source``/``target`` objects with the cross-document ``actor_id``, ``evidence``
    offsets) beside the row's own fields (document, sentence, cursor), whichever shape the
    query gives it in."""
    out = dict(r)
    for side in ("source", "target"):
        if not isinstance(out.get(side), dict):
            vals = {"entity": r.get(f"{side}_entity"), "name": r.get(f"{side}_actor_name")
                    or r.get(f"{side}_name"), "country": r.get(f"{side}_country"),
                    "actor_id": r.get(f"{side}_actor")}
            if r.get(f"{side}_start") is not None:
                vals["mention"] = {"start": r[f"{side}_start"], "end": r[f"{side}_end"],
                                   "text": r.get(f"{side}_text")}
            out[side] = vals if any(v is not None for v in vals.values()) else None
    if not isinstance(out.get("trigger"), dict) and r.get("trigger_start") is not None:
        out["trigger"] = {"start": r["trigger_start"], "end": r["trigger_end"],
                          "text": r.get("trigger_text")}
    if not isinstance(out.get("evidence"), dict) and "evidence_start" in r:
        out["evidence"] = {"start": r["evidence_start"], "end": r["evidence_end"]}
    if "sentence" in r and isinstance(r["sentence"], str):
        out["evidence_text"] = r["sentence"]
    return out


def stats(s: dict[str, Any]) -> dict[str, Any]:
    """The store's counts, without where the file lives (a client has no use for the
    server's paths)."""
    out = dict(s)
    out.pop("db", None)
    return out
