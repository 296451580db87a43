"""Gazetteer: lookups and scans against the seeds' gold, and a silver check on BBC news.

* seeds, alias lookup accuracy: every alias of a gold COUNTRY/ORG/LOCATION entity that is a
  place name (not a longer phrase such as "78th session of the ...") must resolve to that
  entity: its ISO3 code for states, the gold name for organisations and places (or the
  organisation an organ belongs to: "UN" for the General Assembly).
* seeds, scan recall: occurrences of those aliases in the raw seed files that ``find_all``
  reports with exactly the same span.
* bbc, NER agreement (silver): share of ``find_all`` matches on a fixed sample of BBC
  articles that overlap an entity the spaCy model tagged GPE/NORP/LOC/ORG/FAC. Matches the
  tagger missed are not necessarily wrong (that is what the scan is for), so this is a
  floor on precision, not precision.
* bbc, scan speed: characters per CPU second over the whole corpus.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from eval.common import load_gold, seeds_gold_path

STAGE = "gazetteer"
_NER = {"GPE", "NORP", "LOC", "ORG", "FAC"}


def _resolves(place, gold: dict) -> bool:
    from newsgraph.annotate import gazetteer as gz
    if place is None:
        return False
    organ = gz.lookup(gold["name"])
    if organ is not None and organ.parent == place.code:
        return True                      # "the UN" standing for its General Assembly
    if gold["type"] == "COUNTRY":
        return (place.country or place.code) == gold.get("country")
    return place.name.casefold() == gold["name"].casefold() or \
        (gold.get("country") is not None and place.country == gold["country"]
         and place.type == gold["type"])


def seeds(shared: Path) -> list[dict]:
    from newsgraph.annotate import gazetteer as gz
    if not seeds_gold_path(shared).is_file():
        return []
    gold = load_gold(shared)
    ok = total = found = occ_total = 0
    misses: list[str] = []
    for doc in gold["documents"]:
        f = shared / "seeds" / doc["file"]
        text = f.read_text(encoding="utf-8") if f.is_file() else ""
        spans = {(s, e) for s, e, _ in gz.find_all(text)}
        for g in doc["entities"]:
            if g["type"] not in ("COUNTRY", "ORG", "LOCATION"):
                continue
            for alias in g.get("aliases", []):
                if len(alias.split()) > 5 or re.match(r"\d", alias):
                    continue                     # a phrase around the name, not a name
                total += 1
                if _resolves(gz.lookup(alias), g):
                    ok += 1
                else:
                    misses.append(f"{alias}->{g['name']}")
                for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                    occ_total += 1
                    found += (m.start(), m.end()) in spans
    return [
        {"stage": STAGE, "set": "seeds", "metric": "alias lookup accuracy",
         "value": ok / total if total else 0.0, "target": 1.0,
         "note": f"{ok}/{total}" + (f"; missed {', '.join(misses)}" if misses else "")},
        {"stage": STAGE, "set": "seeds", "metric": "scan recall (exact span)",
         "value": found / occ_total if occ_total else 0.0, "target": 0.95,
         "note": f"{found}/{occ_total}"},
    ]


def bbc(shared: Path, sample: int = 60) -> list[dict]:
    from newsgraph.annotate import gazetteer as gz
    root = shared / "corpus" / "bbc"
    files = sorted(root.rglob("*.txt")) if root.is_dir() else []
    if not files:
        return []
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    gz.find_all("warm up: Japan")
    t0 = time.process_time()
    n_matches = sum(len(gz.find_all(t)) for t in texts)
    cpu = max(time.process_time() - t0, 1e-9)
    chars = sum(map(len, texts))
    out = [{"stage": STAGE, "set": "bbc", "metric": "scan speed (Mchar/cpu-s)",
            "value": chars / cpu / 1e6, "note": f"{len(texts)} docs, {n_matches} matches"}]
    try:
        from newsgraph.annotate.nlp import load_model
        nlp = load_model()
    except Exception as exc:  # the silver figure needs the model; the rest does not
        out.append({"stage": STAGE, "set": "bbc", "metric": "NER agreement (silver)",
                    "value": float("nan"), "note": f"no model: {exc}"})
        return out
    step = max(1, len(texts) // sample)
    picked = texts[::step][:sample]
    agree = total = 0
    for text, doc in zip(picked, nlp.pipe(picked, batch_size=16)):
        ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NER]
        for s, e, _ in gz.find_all(text):
            total += 1
            agree += any(s < b and a < e for a, b in ents)
    out.append({"stage": STAGE, "set": "bbc", "metric": "NER agreement (silver)",
                "value": agree / total if total else 0.0,
                "note": f"{agree}/{total} matches on {len(picked)} docs overlap a tagged entity"})
    return out


def run(shared: Path) -> list[dict]:
    shared = Path(shared)
    return seeds(shared) + bbc(shared)
