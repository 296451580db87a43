"""Near-duplicate detection on ../shared/corpus/bbc (the corpus carries ~40 re-run stories
under new headlines).

Gold: every pair of distinct bodies whose exact Jaccard similarity of word 5-shingles is at
least 0.85, over every pair sharing a shingle (an inverted index, no sampling). The gold is
fixed here, not taken from the rule's settings, so a change of the rule is measured against
the same pairs. Predicted: what ingest does, in input order (``link.dedup.MemoryIndex``,
the store's rule in memory). Scored on the pairs linked within each group of copies; pairs
found outside the gold are named in the note, to be read.

Synthetic: real bodies re-run "by another outlet" (a header and a footer, a share of words
edited): the share recognised, by edit rate. The originals are distinct stories (a body
that is a gold copy of an earlier original is left out: the corpus re-runs stories, and a
copy matched to the re-run of its own story is not wrong). Strangers: other bodies in the
same header and footer, none of which may be taken for a copy of an original.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from eval.common import prf


GOLD_SHINGLE = 5
GOLD_JACCARD = 0.85
HEADER = "From our partners at the Daily Wire service. Updated 10:42 GMT.\n\n"
FOOTER = "\n\nCopyright Daily Wire. Reuse by permission."


def _shingles(text: str) -> set[str]:
    """The gold's word 5-shingles (its own, not the rule's)."""
    import re
    w = re.findall(r"\w+", " ".join(text.casefold().split()))
    k = GOLD_SHINGLE
    return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)} if len(w) >= k else (
        {" ".join(w)} if w else set())


def _gold(sh: list[set[str]]) -> set[tuple[int, int]]:
    """(later, earlier) pairs with Jaccard >= GOLD_JACCARD, checked over every pair that
    shares a shingle."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sh):
        for x in s:
            by[x].append(i)
    cand: set[tuple[int, int]] = set()
    for ids in by.values():
        if len(ids) > 1:
            cand.update((ids[b], ids[a]) for a in range(len(ids)) for b in range(a + 1, len(ids)))
    return {(i, j) for i, j in cand if len(sh[i] & sh[j]) >= GOLD_JACCARD * len(sh[i] | sh[j])}


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
    from newsgraph import config
    from newsgraph.link.dedup import Dedup, MemoryIndex

    docs = _bodies(shared)
    sh = [_shingles(t) for _, t in docs]
    gold = _gold(sh)

    # predicted: the ingest rule, in order (a copy is not indexed itself)
    d = Dedup.from_config(config.load())
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
    extra = sorted(p_pairs - g_pairs)
    if extra:
        def name(i: int) -> str:
            return "/".join(Path(docs[i][0]).parts[-2:])
        note += "; outside the gold: " + ", ".join(f"{name(a)} ~ {name(b)}" for a, b in extra)
    return _synthetic(docs, sh, d) + [
        {"stage": "dedup", "set": "bbc near-duplicates", "metric": "pair precision",
         "value": p, "note": note},
        {"stage": "dedup", "set": "bbc near-duplicates", "metric": "pair recall", "value": r},
        {"stage": "dedup", "set": "bbc near-duplicates", "metric": "pair F1", "value": f,
         "target": 0.9},
    ]


def _synthetic(docs: list[tuple[str, str]], sh: list[set[str]], d) -> list[dict]:
    """Syndicated copies made from real bodies: another outlet's header and footer, and a
    share of words edited. Recall by edit rate; false alarms against every other body."""
    import random

    from newsgraph.link.dedup import MemoryIndex

    rnd = random.Random(7)
    picked: list[int] = []
    reruns = 0
    for k in range(0, len(docs), 7):
        if len(picked) == 200:
            break
        if len(docs[k][1].split()) < 150:
            continue
        if any(len(sh[k] & sh[j]) >= GOLD_JACCARD * len(sh[k] | sh[j]) for j in picked):
            reruns += 1
            continue
        picked.append(k)
    originals = [docs[k][1] for k in picked]
    index = MemoryIndex(d)
    for i, t in enumerate(originals):
        index.add(i, t)
    rows = []
    for rate in (0.0, 0.01, 0.02, 0.03, 0.05):
        hit = wrong = 0
        for i, t in enumerate(originals):
            words = t.split(" ")
            # a house style rewords; it leaves the figures alone (a changed figure makes
            # another report: the "figures changed" row)
            plain = [n for n, w in enumerate(words) if not any(c.isdigit() for c in w)]
            for _ in range(int(len(words) * rate)):
                words[rnd.choice(plain)] = rnd.choice(("the", "said", "new", "Mr"))
            copy = HEADER + " ".join(words) + FOOTER
            found = index.copy_of(copy)
            if found is not None:
                hit += found[1] == i
                wrong += found[1] != i
        rows.append({"stage": "dedup", "set": f"synthetic copies, {rate:.0%} words edited",
                     "metric": "copies recognised", "value": hit / len(originals),
                     "note": f"{len(originals)} copies with a 20-word header and footer, "
                             f"{wrong} matched the wrong article"
                             + (f"; {reruns} re-runs of an earlier original left out"
                                if reruns else "")})
    # the same report with two of its figures changed (a result, a price): another report
    changed = merged = 0
    for i, t in enumerate(originals):
        words = t.split(" ")
        figs = [n for n, w in enumerate(words) if w.isdigit()]
        if len(figs) < 2:
            continue
        for n in rnd.sample(figs, 2):
            words[n] = str(int(words[n]) + 1)
        changed += 1
        found = index.copy_of(HEADER + " ".join(words) + FOOTER)
        merged += found is not None
    rows.append({"stage": "dedup", "set": "synthetic, two figures changed",
                 "metric": "taken for copies", "value": merged / max(1, changed),
                 "note": f"{changed} originals with two of their numbers changed, wrapped"})
    # strangers: bodies that are not (gold) copies of an original, in the same wrapping
    taken = set(picked)
    strangers = [k for k in range(3, len(docs), 7) if k not in taken and not any(
        len(sh[k] & sh[j]) >= GOLD_JACCARD * len(sh[k] | sh[j]) for j in picked)][:300]
    false = sum(index.copy_of(HEADER + docs[k][1] + FOOTER) is not None for k in strangers)
    rows.append({"stage": "dedup", "set": "synthetic strangers", "metric": "taken for copies",
                 "value": false / max(1, len(strangers)),
                 "note": f"{len(strangers)} other bodies in the same header and footer"})
    return rows
