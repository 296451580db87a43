"""Undated documents: no invented date, nothing anchored on a guess.

The bbc corpus (``shared/corpus/bbc``, 2087 plain-text articles) carries no dates. For every
text: is it given a publication date it does not state (``published`` set with no
``metadata``/``content`` source)? Are its time expressions valued against a date that is not
in the text (a TIMEX ``anchor`` equal to a guessed document date)? How many relative ones
("last year", "on Thursday") stay underspecified (``PAST_REF``, ``XXXX-...``) and how many
get an inferred lower bound (``published_not_before``) instead? Roles' ``as_of`` is checked
on the politics file the issue names and a sample of the politics folder, run through the
whole pipeline (spaCy).
"""

from __future__ import annotations

import re
from pathlib import Path

STAGE = "times"
NAMED = "politics/kennedy-questions-trust-of-blair.txt"
SAMPLE = 40
_UNDERSPECIFIED = re.compile(r"^(?:PAST_REF|PRESENT_REF|FUTURE_REF|X|.*X)")


def _row(metric: str, value, note: str | None = None, target=None) -> dict:
    r = {"stage": STAGE, "set": "bbc undated", "metric": metric, "value": value}
    if note:
        r["note"] = note
    if target is not None:
        r["target"] = target
    return r


def run(shared: Path) -> list[dict]:
    from newsgraph import config
    from newsgraph.annotate.times import find_times
    from newsgraph.clean import BatchContext, clean_document
    from newsgraph.model import Article, RawDocument

    root = Path(shared) / "corpus" / "bbc"
    files = sorted(root.glob("*/*.txt"))
    if not files:
        return [_row("skipped", float("nan"), "bbc corpus not found")]
    cfg = config.load()
    batch = int(cfg["run"]["batch_size"])
    docs = invented = stated = bounded = 0
    n_times = guessed_anchor = underspecified = 0
    for i in range(0, len(files), batch):
        raws = [RawDocument(source=str(f), text=f.read_text("utf-8", errors="replace"))
                for f in files[i:i + batch]]
        ctx = BatchContext.from_raws(raws, cfg)
        for raw in raws:
            art = clean_document(raw, ctx, cfg)
            if not isinstance(art, Article):
                continue
            docs += 1
            src = art.published_source
            guess = art.published if art.published and src not in ("metadata", "content") \
                else None
            invented += guess is not None
            stated += src == "content"
            bounded += getattr(art, "published_not_before", None) is not None
            for t in find_times(art.text, art.published):
                n_times += 1
                guessed_anchor += guess is not None and t.anchor == guess
                underspecified += bool(_UNDERSPECIFIED.match(t.value))
    rows = [
        _row("documents dated by a guess", invented, f"of {docs} undated texts", None),
        _row("documents dated by a dateline", stated, f"of {docs}"),
        _row("documents with a not-before bound", bounded, f"of {docs}"),
        _row("times anchored on a guess", guessed_anchor, f"of {n_times} time expressions"),
        _row("times left underspecified", underspecified,
             f"of {n_times} (PAST_REF, XXXX-...: no date to resolve them against)"),
    ]
    return rows + _roles(root, cfg)


def _roles(root: Path, cfg: dict) -> list[dict]:
    """Roles' as_of on undated documents, through the whole pipeline."""
    from newsgraph.api import extract

    files = [root / NAMED] + sorted(p for p in (root / "politics").glob("*.txt")
                                    if p.name != Path(NAMED).name)[:SAMPLE - 1]
    files = [f for f in files if f.is_file()]
    n_roles = with_as_of = docs = dated = 0
    named = None
    for rec in extract([str(f) for f in files], cfg=cfg, workers=1):
        if rec.get("error"):
            continue
        docs += 1
        dated += rec["published"] is not None
        roles = [r for e in rec["entities"] for r in e["roles"]]
        n_roles += len(roles)
        with_as_of += sum(1 for r in roles if r.get("as_of"))
        if rec["source"].endswith(NAMED):
            named = rec
    rows = [_row("roles with as_of (politics sample)", with_as_of,
                 f"of {n_roles} roles in {docs} undated documents ({dated} dated)")]
    if named is not None:
        rows.append(_row(f"{Path(NAMED).name}: published", str(named["published"]),
                         f"not before {named.get('published_not_before')}; times: "
                         + ", ".join(f"{t['text']}={t['value']}" for t in named["times"])))
    return rows


if __name__ == "__main__":
    import sys

    for r in run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")):
        print(r)
