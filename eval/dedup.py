"""Near-duplicate detection on ../shared/corpus/bbc (the corpus carries ~40 re-run stories
under new headlines).

Gold: every pair of distinct bodies whose exact Jaccard similarity of word 5-shingles is at
least the configured ``[dedup] threshold``, found among candidates of a permissive LSH
(threshold 0.3, so nothing near the threshold is missed) and checked exactly. Predicted:
what ingest does, in input order (``link.dedup.MemoryIndex``, the store's rule in memory).
Scored on the pairs linked within each group of copies.

Synthetic: real bodies re-run "by another outlet" (a header and a footer, a share of words
edited): the share recognised, by edit rate.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from eval.common import prf


def _threshold() -> float:
    from newsgraph import config
    return float(config.load()["dedup"]["threshold"])


def _bodies(shared: Path) -> list[tuple[str, str]]:
    out = []
    for f in sorted((shared / "corpus" / "bbc").rglob("*.txt")):
        if f.name in ("PROVENANCE.txt", "LICENSE"):
            continue
        lines = f.read_text("utf-8", "replace").splitlines()
        # the headline (first line) differs between re-runs; the body is what ingest compares
        out.append((str(f), "\n".join(lines[1:])))
    return out


def run(shared: Path) -> list[dict]:
    from newsgraph.link.dedup import Dedup, MemoryIndex, shingles

    threshold = _threshold()
    docs = _bodies(shared)
    sh = [shingles(t) for _, t in docs]

    # gold: exact Jaccard over the candidates of a permissive index
    loose = Dedup(0.3, 128)
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    cand: set[tuple[int, int]] = set()
    for i, (_, t) in enumerate(docs):
        for k in loose.band_keys(loose.signature(t)):
            for j in buckets[k]:
                cand.add((j, i))
            buckets[k].append(i)
    gold = set()
    for j, i in cand:
        a, b = sh[i], sh[j]
        if a and b and len(a & b) / len(a | b) >= threshold:
            gold.add((i, j))

    # predicted: the ingest rule, in order (a copy is not indexed itself)
    d = Dedup(threshold, 128)
    index = MemoryIndex(d)
    pred = set()
    for i, (_, t) in enumerate(docs):
        hit = index.copy_of(t)
        if hit is not None:
            pred.add((i, hit[1]))
        else:
            index.add(i, t)

    # a copy of a copy counts against the original it was folded into: compare as groups
    def groups(pairs: set[tuple[int, int]]) -> set[frozenset[int]]:
        parent = {}

        def find(x: int) -> int:
            while parent.get(x, x) != x:
                x = parent[x]
            return x
        for a, b in pairs:
            parent[find(a)] = find(b)
        out: dict[int, set[int]] = defaultdict(set)
        for a, b in pairs:
            out[find(a)] |= {a, b}
        return {frozenset(g) for g in out.values()}

    def linked(gs: set[frozenset[int]]) -> set[tuple[int, int]]:
        return {(a, b) for g in gs for a in g for b in g if a < b}

    g_pairs, p_pairs = linked(groups(gold)), linked(groups(pred))
    p, r, f = prf(len(g_pairs & p_pairs), len(p_pairs), len(g_pairs))
    note = f"{len(docs)} bodies, {len(g_pairs)} gold pairs, {len(p_pairs)} found"
    return _synthetic(docs, d) + [
        {"stage": "dedup", "set": "bbc near-duplicates", "metric": "pair precision",
         "value": p, "note": note},
        {"stage": "dedup", "set": "bbc near-duplicates", "metric": "pair recall", "value": r},
        {"stage": "dedup", "set": "bbc near-duplicates", "metric": "pair F1", "value": f,
         "target": 0.9},
    ]


def _synthetic(docs: list[tuple[str, str]], d) -> list[dict]:
    """Syndicated copies made from real bodies: another outlet's header and footer, and a
    share of words edited. Recall by edit rate; false alarms against every other body."""
    import random

    from newsgraph.link.dedup import MemoryIndex

    rnd = random.Random(7)
    originals = [t for _, t in docs[::7] if len(t.split()) >= 150][:200]
    index = MemoryIndex(d)
    for i, t in enumerate(originals):
        index.add(i, t)
    rows = []
    for rate in (0.0, 0.01, 0.02, 0.03, 0.05):
        hit = wrong = 0
        for i, t in enumerate(originals):
            words = t.split(" ")
            for _ in range(int(len(words) * rate)):
                words[rnd.randrange(len(words))] = rnd.choice(("the", "said", "new", "Mr"))
            copy = ("From our partners at the Daily Wire service. Updated 10:42 GMT.\n\n"
                    + " ".join(words) + "\n\nCopyright Daily Wire. Reuse by permission.")
            found = index.copy_of(copy)
            if found is not None:
                hit += found[1] == i
                wrong += found[1] != i
        rows.append({"stage": "dedup", "set": f"synthetic copies, {rate:.0%} words edited",
                     "metric": "copies recognised", "value": hit / len(originals),
                     "note": f"{len(originals)} copies with a 20-word header and footer, "
                             f"{wrong} matched the wrong article"})
    return rows
