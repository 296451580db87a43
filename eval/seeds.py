"""The two seed pages, end to end: every fact type of ``gold/seeds.gold.json``.

Each seed runs through ``newsgraph.api.extract`` (read, clean, annotate), with the date given
in ``seeds/meta.jsonl``. The gold's offsets are into the raw file and ours into the cleaned
text, so facts are matched by text:

* **boilerplate**: every gold boilerplate line is gone from the cleaned text; the body starts
  and ends where the gold says (a kept photo caption before the body is allowed, as the gold
  allows it);
* **entities** (required): an entity with the gold's canonical name, type and country, the
  gold's role (title, state, "former"), and each gold alias among its mentions;
* **quotes** (all 12): a predicted quote whose words cover the gold's (or the reverse, since
  the gold's reported speech includes its speaker and cue), with the speaker's canonical name
  and the cue as written;
* **times** (required): an expression over the gold's text with the gold's value;
* **events**: a predicted event with the gold's CAMEO root and actors; reported as 0/N while
  the pipeline has no event stage, never left out;
* **cross-document**: the actors the gold names resolve to the same canonical name in both
  pages; linked event pairs need events.

``python -m eval.seeds [SHARED]`` prints the figures and every miss.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import load_gold, prf, seeds_meta
from .times import gold_value, locate

STAGE = "seeds"


# ------------------------------------------------------------------------------ loading
@dataclass
class Seed:
    file: str
    published: str | None
    raw: str
    gold: dict[str, Any]
    rec: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.rec.get("text") or ""


@functools.lru_cache(maxsize=4)
def _extract(shared: str) -> tuple[Seed, ...]:
    from newsgraph.api import extract

    gold = load_gold(Path(shared))
    meta = seeds_meta(Path(shared))
    seeds = []
    for d in gold["documents"]:
        path = Path(shared) / "seeds" / d["file"]
        published = meta.get(d["file"], {}).get("published") or d.get("published")
        recs = list(extract([str(path)], published=published, workers=1))
        rec = recs[0] if recs else {"error": "no record"}
        seeds.append(Seed(d["file"], published, path.read_text(encoding="utf-8"), d, rec))
    return tuple(seeds)


def extract_seeds(shared: Path) -> tuple[Seed, ...]:
    """Run the pipeline over the seeds (once per process)."""
    return _extract(str(Path(shared).resolve()))


# -------------------------------------------------------------------------- normalising
def norm(s: str | None) -> str:
    """A name or word as compared: NFKC, casefolded, curly quotes and dashes made plain."""
    s = unicodedata.normalize("NFKC", s or "").casefold()
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    s = re.sub(r"[-‐–—.]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def words(s: str) -> list[str]:
    return re.findall(r"\w+", norm(s))


_STATES = {"japan": "JPN", "north korea": "PRK", "the united states": "USA",
           "united states": "USA", "south korea": "KOR"}


def parse_role(role: str, country: str | None) -> tuple[str, str | None, bool]:
    """("Prime Minister", "JPN", former?) from the gold's "former Prime Minister of Japan"."""
    r = re.sub(r"\s*\(.*?\)", "", role).strip()
    former = r.lower().startswith("former ")
    if former:
        r = r[7:]
    title, _, of = r.partition(" of ")
    return title.strip(), _STATES.get(of.strip().lower(), country) if of else country, former


@dataclass
class Result:
    hits: int = 0
    total: int = 0
    n_pred: int | None = None      # predictions made, where precision is meaningful
    pred_ok: int | None = None     # of those, how many match a gold fact (else ``hits``)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)   # predictions no gold fact matches
    note: str | None = None

    def add(self, ok: bool, miss: str) -> bool:
        self.total += 1
        if ok:
            self.hits += 1
        else:
            self.misses.append(miss)
        return ok


# ----------------------------------------------------------------------------- scoring
def score_boilerplate(seeds: tuple[Seed, ...]) -> Result:
    res = Result()
    for s in seeds:
        g = s.gold
        lines = {norm(x) for x in s.text.splitlines() if x.strip()}
        for b in g.get("boilerplate_lines", []):
            res.add(norm(b) not in lines, f"{s.file}: boilerplate line kept: {b!r}")
        body = s.text.strip()
        start = g.get("body_starts_with")
        if start:
            cap = g.get("caption_line_prefix")
            first, _, rest = body.partition("\n")
            ok = body.startswith(start) or bool(
                cap and first.startswith(cap) and rest.lstrip().startswith(start))
            res.add(ok, f"{s.file}: body should start with {start!r}, starts {body[:60]!r}")
        end = g.get("body_ends_with")
        if end:
            res.add(body.endswith(end), f"{s.file}: body should end with {end!r}, "
                                        f"ends {body[-60:]!r}")
    return res


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` is written in ``text``, as whole words, case as given ("US" is not
    "us"); curly and straight apostrophes count as one."""
    pat = "".join("['’]" if ch in "'’" else re.escape(ch) for ch in phrase)
    return [m.span() for m in re.finditer(rf"(?<!\w){pat}(?!\w)", text)]


def find_entity(rec: dict, name: str) -> tuple[dict | None, bool]:
    """The predicted entity for a gold name: by canonical name, else by a mention of it."""
    ents = rec.get("entities") or []
    for e in ents:
        if norm(e.get("name")) == norm(name):
            return e, True
    for e in ents:
        if any(norm(m.get("text")) == norm(name) for m in e.get("mentions", [])):
            return e, False
    return None, False


def score_entities(seeds: tuple[Seed, ...]) -> dict[str, Result]:
    out = {k: Result() for k in ("name", "type", "country", "role", "aliases")}
    n_pred = 0
    n_pred_ok = 0
    extras: list[str] = []
    unscorable: list[str] = []
    for s in seeds:
        golds = s.gold.get("entities", [])
        preds = s.rec.get("entities") or []
        n_pred += len(preds)
        gold_names = {norm(g["name"]) for g in golds}
        n_pred_ok += sum(1 for e in preds if norm(e.get("name")) in gold_names)
        extras += [f"{s.file}: entity {e.get('name')!r} ({e.get('type')}, {e.get('country')})"
                   for e in preds if norm(e.get("name")) not in gold_names]
        for g in golds:
            if not g.get("required"):
                continue
            e, by_name = find_entity(s.rec, g["name"])
            tag = f"{s.file}: {g['name']}"
            out["name"].add(by_name, f"{tag}: no entity named so"
                            + (f" (found as {e['name']!r})" if e else ""))
            if e is None:
                for k in ("type", "country", "aliases"):
                    out[k].add(False, f"{tag}: entity missing")
                if g.get("role"):
                    out["role"].add(False, f"{tag}: entity missing")
                continue
            out["type"].add(e.get("type") == g["type"],
                            f"{tag}: type {e.get('type')} != {g['type']}")
            out["country"].add(e.get("country") == g.get("country"),
                               f"{tag}: country {e.get('country')} != {g.get('country')}")
            if g.get("role"):
                title, of, former = parse_role(g["role"], g.get("country"))
                roles = e.get("roles") or []
                ok = any(norm(r.get("title")) == norm(title) and r.get("of") == of
                         and (r.get("qualifier") == "former") == former for r in roles)
                have = [(r.get("title"), r.get("of"), r.get("qualifier")) for r in roles]
                out["role"].add(ok, f"{tag}: role {g['role']!r} not among {have}")
            for a in g.get("aliases", []):
                occ = occurrences(s.text, a)
                if not occ:
                    unscorable.append(f"{s.file}: {a!r}")
                    continue
                ok = any(m["start"] < oe and os_ < m["end"]
                         for m in e.get("mentions", []) for os_, oe in occ)
                out["aliases"].add(ok, f"{tag}: no mention of it at any of the {len(occ)} "
                                       f"place(s) the text says {a!r}")
    out["aliases"].note = (f"{len(unscorable)} aliases not in the cleaned text, not scored: "
                           + ", ".join(unscorable)) if unscorable else None
    out["name"].extras = extras
    out["name"].n_pred = n_pred
    out["name"].pred_ok = n_pred_ok
    out["name"].note = (f"{n_pred_ok}/{n_pred} predicted entities are gold entities "
                        "(gold not exhaustive)")
    return out


def _cover(a: list[str], b: list[str]) -> float:
    """Share of the words of ``a`` found in ``b`` (as a multiset)."""
    if not a:
        return 0.0
    pool: dict[str, int] = {}
    for w in b:
        pool[w] = pool.get(w, 0) + 1
    hit = 0
    for w in a:
        if pool.get(w, 0):
            pool[w] -= 1
            hit += 1
    return hit / len(a)


def quote_match(gold_text: str, pred_text: str) -> bool:
    g, p = words(gold_text), words(pred_text)
    if not g or not p:
        return False
    return max(_cover(g, p), _cover(p, g) if len(p) >= 4 else 0.0) >= 0.75


def score_quotes(seeds: tuple[Seed, ...]) -> dict[str, Result]:
    out = {k: Result() for k in ("found", "speaker", "cue")}
    n_pred = n_pred_ok = 0
    for s in seeds:
        preds = s.rec.get("quotes") or []
        golds = s.gold.get("quotes", [])
        n_pred += len(preds)
        for p in preds:
            if any(quote_match(g["text"], p.get("text", "")) for g in golds):
                n_pred_ok += 1
            else:
                out["found"].extras.append(
                    f"{s.file}: {p.get('kind')} quote {p.get('text', '')[:60]!r} "
                    f"({(p.get('speaker') or {}).get('name')!r}, {p.get('cue')!r})")
        taken: set[int] = set()
        for g in golds:
            tag = f"{s.file}: {g['kind']} quote {g['text'][:50]!r}"
            hit = next((i for i, p in enumerate(preds)
                        if i not in taken and quote_match(g["text"], p.get("text", ""))), None)
            out["found"].add(hit is not None, f"{tag}: not found")
            if hit is None:
                out["speaker"].add(False, f"{tag}: not found")
                out["cue"].add(False, f"{tag}: not found")
                continue
            taken.add(hit)
            p = preds[hit]
            sp = (p.get("speaker") or {}).get("name")
            out["speaker"].add(norm(sp) == norm(g["speaker"]),
                               f"{tag}: speaker {sp!r} != {g['speaker']!r}")
            out["cue"].add(norm(p.get("cue")) == norm(g.get("cue")),
                           f"{tag}: cue {p.get('cue')!r} != {g.get('cue')!r}")
    out["found"].n_pred = n_pred
    out["found"].pred_ok = n_pred_ok
    out["found"].note = f"{n_pred_ok}/{n_pred} predicted quotes are gold quotes"
    return out


def score_times(seeds: tuple[Seed, ...], required_only: bool = True) -> Result:
    res = Result(n_pred=0)
    for s in seeds:
        preds = s.rec.get("times") or []
        located = []
        for g in s.gold.get("times", []):
            if required_only and not g.get("required"):
                continue
            loc = locate(s.text, g["text"])
            if loc is None and not g.get("required"):
                continue      # a caption the cleaner set apart: the gold lets it go
            located.append((g, loc))
        res.n_pred += (len(preds) if not required_only else
                       sum(1 for p in preds if any(loc and p["start"] < loc[1] and loc[0] < p["end"]
                                                   for _, loc in located)))
        for g, loc in located:
            tag = f"{s.file}: time {g['text']!r} = {gold_value(g['value'])}"
            if loc is None:
                res.add(False, f"{tag}: text not in the cleaned body")
                continue
            over = [p for p in preds if p["start"] < loc[1] and loc[0] < p["end"]]
            ok = any(p.get("value") == gold_value(g["value"]) for p in over)
            res.add(ok, f"{tag}: got {[(p['text'], p['value']) for p in over]}")
    return res


def _event_actor_ok(pred: dict | None, name: str | None, country: str | None) -> bool:
    if name is None:
        return pred is None or not (pred.get("name") or pred.get("entity"))
    if not pred:
        return False
    return norm(pred.get("name")) == norm(name) or (
        country is not None and pred.get("country") == country and norm(pred.get("name")) in
        {norm(name), ""})


def event_match(g: dict, p: dict) -> bool:
    return (str(p.get("cameo") or "")[:2] == str(g["cameo"])[:2]
            and _event_actor_ok(p.get("source"), g.get("source"), g.get("source_country"))
            and _event_actor_ok(p.get("target"), g.get("target"), g.get("target_country")))


def gold_date(value: str | None) -> str | None:
    """The gold's date without its note: "2023 (recent months)" -> "2023"."""
    if value is None:
        return None
    return re.sub(r"\s*\(.*\)\s*$", "", str(value)).strip() or None


def event_date_ok(g: dict, p: dict) -> bool:
    """Our date agrees with the gold's: the same value, or ours inside the gold's period
    ("2025-02-08" is in "2025-02"); a gold without a date wants none."""
    want, got = gold_date(g.get("date")), p.get("date")
    if want is None:
        return got is None
    return got is not None and (got == want or got.startswith(want + "-"))


def matches(seed: Seed, g: dict) -> list[dict]:
    """Our events that match a gold event (CAMEO root and dyad)."""
    return [p for p in seed.rec.get("events") or [] if event_match(g, p)]


def score_events(seeds: tuple[Seed, ...], required_only: bool = True) -> Result:
    res = Result(n_pred=0)
    any_events = any(s.rec.get("events") for s in seeds)
    for s in seeds:
        preds = s.rec.get("events") or []
        res.n_pred += len(preds)
        for g in s.gold.get("events", []):
            if required_only and not g.get("required"):
                continue
            ok = any(event_match(g, p) for p in preds)
            res.add(ok, f"{s.file}: event {g['id']} {g['cameo']} {g['source']} -> "
                        f"{g.get('target')} ({g['label']})")
    res.pred_ok = sum(1 for s in seeds for p in s.rec.get("events") or []
                      if any(event_match(g, p) for g in s.gold.get("events", [])))
    if not any_events:
        res.note = "not implemented: the pipeline produces no events yet"
    return res


def score_cross(seeds: tuple[Seed, ...], gold: dict) -> Result:
    res = Result()
    by_file = {s.file: s for s in seeds}
    docs = list(by_file.values())
    for req in gold.get("cross_document", []):
        if not req.get("required"):
            continue
        if "entities" in req:
            for name in req["entities"]:
                found = [find_entity(s.rec, name) for s in docs]
                names = [e["name"] if e else None for e, _ in found]
                ok = all(by for _, by in found) and len({norm(n) for n in names}) == 1
                res.add(ok, f"cross-document: {name!r} resolves to {names}")
        elif "events" in req:
            ids = req["events"]
            gold_events = {ev["id"]: (s, ev) for s in docs for ev in s.gold.get("events", [])}
            ok = all(i in gold_events and any(event_match(gold_events[i][1], p)
                                              for p in gold_events[i][0].rec.get("events") or [])
                     for i in ids)
            res.add(ok, f"cross-document: events {ids} not both found (linking needs events; "
                        f"{req['relation']})")
    return res


# --------------------------------------------------------------------------------- table
def score_all(shared: Path) -> dict[str, Result]:
    seeds = extract_seeds(shared)
    gold = load_gold(shared)
    out: dict[str, Result] = {"boilerplate+body": score_boilerplate(seeds)}
    for k, v in score_entities(seeds).items():
        out[f"entities {k}"] = v
    for k, v in score_quotes(seeds).items():
        out[f"quotes {k}"] = v
    out["times required"] = score_times(seeds, True)
    out["times all"] = score_times(seeds, False)
    out["events required"] = score_events(seeds, True)
    out["events all"] = score_events(seeds, False)
    dated = Result()
    for sd in seeds:
        for g in sd.gold.get("events", []):
            if g.get("required"):
                got = matches(sd, g)
                dated.add(any(event_date_ok(g, p) for p in got),
                          f"{sd.file}: event {g['id']} date {g.get('date')!r}: got "
                          f"{sorted({str(p.get('date')) for p in got})}")
    out["events required, date"] = dated
    out["cross-document"] = score_cross(seeds, gold)
    for s in seeds:
        if s.rec.get("error"):
            out["boilerplate+body"].misses.insert(0, f"{s.file}: error {s.rec['error']}")
    return out


def run(shared: Path) -> list[dict]:
    rows: list[dict] = []
    results = score_all(shared)
    for name, r in results.items():
        recall = r.hits / r.total if r.total else 0.0
        rows.append({"stage": STAGE, "set": name, "metric": f"recall ({r.hits}/{r.total})",
                     "value": recall, "target": 1.0 if "all" not in name else None,
                     "note": r.note})
        if r.n_pred is not None:
            ok = r.pred_ok if r.pred_ok is not None else r.hits
            p, _, _ = prf(min(ok, r.n_pred), r.n_pred, r.total)
            rows.append({"stage": STAGE, "set": name, "metric": f"precision (of {r.n_pred})",
                         "value": p})
    misses = [m for r in results.values() for m in r.misses]
    if misses:
        print(f"[seeds] {len(misses)} misses:", file=sys.stderr)
        for m in misses:
            print(f"  - {m}", file=sys.stderr)
    extras = [m for r in results.values() for m in r.extras]
    if extras:
        print(f"[seeds] {len(extras)} predictions matching no gold fact:", file=sys.stderr)
        for m in extras:
            print(f"  + {m}", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - developer listing
    argv = sys.argv[1:] if argv is None else argv
    shared = Path(argv[0]) if argv else Path("../shared")
    for r in run(shared):
        note = f"  ({r['note']})" if r.get("note") else ""
        print(f"{r['set']:<24} {r['metric']:<22} {r['value']:6.3f}{note}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
