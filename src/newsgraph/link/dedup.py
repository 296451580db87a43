"""Near-duplicate (syndicated copy) detection: MinHash over word 3-shingles, banded for LSH,
candidates verified by aligning their words.

One rule (``find_copy``), two indexes behind one interface (``CopyIndex``): ``MemoryIndex``
for evaluations and tools without a store, ``StoreIndex`` over the store's persisted bands
(what ingest uses). ``make eval`` therefore measures the rule production runs.

A syndicated copy is the same article with small edits (a house style changes a word every
few dozen) and its own header and footer. Word 5-shingles break at every edit (5% of words
edited leaves a Jaccard similarity near 0.6), so the index files 3-shingles: each stored body
gets a MinHash signature and is filed under ``bands`` LSH keys laid out so that a pair at
Jaccard ``candidate`` (0.6) shares a key with probability >= 0.99. The keys are plain
integers so the store keeps the index in its own tables (it survives across runs and
commits with the document).

Candidates are then decided exactly, on the words (from the stored text), by ``aligned``:
the words the two bodies have in common in the same order (unique shared 3-shingles as
anchors, their longest increasing chain, the gaps between anchors aligned word by word), as
a share of the shorter body. A copy keeps nearly every word of the original in order
(``threshold``, 0.93: at most 7% edited); an article rewritten for a later edition moves,
drops and adds sentences and falls below it; extra material beyond a header and footer
(the longer body more than 1/``min_length_ratio`` times the shorter) counts against the
share, so an excerpt or an extended version is not a copy; and a brief (under ``min_words``
words) is a copy only of the same words.

The MinHash is the datasketch construction (a 64-bit hash per shingle, ``num_perm`` random
affine maps, the minimum of each) written out in numpy with multiply-shift hashing, and the
band layout is chosen from the same false positive / false negative areas datasketch's
``MinHashLSH`` weighs, but for recall (see ``_bands``): importing datasketch pulls in scipy
and costs seconds at every start, and its parameter search is private. Everything
is deterministic: a fixed seed, a fixed band layout for a given (threshold, num_perm).
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import re
import struct
from dataclasses import dataclass
from typing import Any, Hashable, Protocol, Sequence

import numpy as np

from ..model import normalise_body

SHINGLE = 3
SEED = 1
_WORD = re.compile(r"\w+")
_EMPTY = np.uint64(0xFFFFFFFF)
RECALL_AT_THRESHOLD = 0.99
# a candidate whose MinHash estimate is this far below ``candidate`` is not worth the exact
# comparison (the estimate's standard error at 128 permutations is about 0.04)
ESTIMATE_SLACK = 0.15
# a gap between anchors longer than this (words, either side) is not aligned word by word:
# its words count as unmatched (bounds the cost on long bodies; a copy's gaps are short)
GAP_WORDS = 64
# figures of the shorter body the longer may lack and still be its copy: one, for a date or
# a figure a syndicator brought up to date; two or more make another report
MAX_FIGURES_CHANGED = 1


def words(text: str) -> list[str]:
    """The words of the normalised body (what shingles and alignments are made of)."""
    return _WORD.findall(normalise_body(text))


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-shingles of the normalised body (a body shorter than k words is one shingle)."""
    words = _WORD.findall(normalise_body(text))
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def _chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of (i, j) pairs increasing in both (pairs sorted by i, i distinct)."""
    tails: list[int] = []       # tails[n]: j of the last pair of the best chain of length n+1
    at: list[int] = []          # index in pairs of that pair
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            at.append(n)
        else:
            tails[k], at[k] = j, n
        back[n] = at[k - 1] if k else -1
    out = []
    n = at[-1] if at else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


def _gap(a: Sequence[str], b: Sequence[str]) -> int:
    """Words of two short stretches matched in order."""
    if not a or not b or len(a) > GAP_WORDS or len(b) > GAP_WORDS:
        return 0
    if len(a) == len(b) == 1:
        return int(a[0] == b[0])
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(x.size for x in m.get_matching_blocks())


def matched_words(a: Sequence[str], b: Sequence[str], k: int = SHINGLE) -> int:
    """How many words ``a`` and ``b`` have in common in the same order (a lower bound of
    their longest common subsequence): the k-shingles that occur once in each are anchors,
    their longest chain increasing in both bodies is kept, and the stretches between chained
    anchors (header, footer, an edited word) are aligned word by word when short. Linear
    in the bodies' length but for the chain (n log n)."""
    def unique(ws: Sequence[str]) -> dict[tuple[str, ...], int]:
        seen: dict[tuple[str, ...], int] = {}
        for i in range(len(ws) - k + 1):
            g = tuple(ws[i:i + k])
            seen[g] = -1 if g in seen else i
        return seen
    ua, ub = unique(a), unique(b)
    pairs = sorted((i, ub[g]) for g, i in ua.items() if i >= 0 and ub.get(g, -1) >= 0)
    total = 0
    pi = pj = -1                # the last pair of words matched
    for i, j in _chain(pairs):
        # the anchor's words after the last match in both bodies (chained anchors overlap)
        first = max(0, pi + 1 - i, pj + 1 - j)
        if first >= k:
            continue
        total += _gap(a[pi + 1:i + first], b[pj + 1:j + first])
        total += k - first
        pi, pj = i + k - 1, j + k - 1
    return total + _gap(a[pi + 1:], b[pj + 1:])


def aligned(a: Sequence[str], b: Sequence[str], min_length_ratio: float = 0.8,
            min_words: int = 100) -> float:
    """Words matched in order (``matched_words``) as a share of the shorter body, or of
    ``min_length_ratio`` times the longer when that is more, or of ``min_words`` when that
    is more still: 1.0 for the same words, 0.95 for a copy with 5% of words edited and a
    header and footer, below 0.8 for an excerpt of under 80% of an article. Under
    ``min_words`` words only the same words come near 1: in a brief, one word (a score, a
    date) can be the whole difference between two reports."""
    if not a or not b:
        return 0.0
    if len(a) == len(b) and list(a) == list(b):
        return 1.0
    if figures_changed(a, b) > MAX_FIGURES_CHANGED:
        return 0.0
    short, long_ = sorted((len(a), len(b)))
    return matched_words(a, b) / max(short, min_length_ratio * long_, min_words)


def figures_changed(a: Sequence[str], b: Sequence[str]) -> int:
    """How many figures (words that start with a digit: 2004, 5m, 10th) of the shorter body
    the longer one lacks, in order. A syndicated copy rewords; it does not change the
    figures, and two reports from one template (results, prices, a tally) differ in little
    else but them."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    mine = [w for w in short if w[0].isdigit()]
    if not mine:
        return 0
    theirs = [w for w in long_ if w[0].isdigit()]
    # matched in order: a figure changed to one the body has elsewhere is still a change
    m = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    return len(mine) - sum(x.size for x in m.get_matching_blocks())


def _lsh_areas(threshold: float, b: int, r: int) -> tuple[float, float]:
    """The false positive and false negative areas of a (bands, rows) layout."""
    def collide(xs: np.ndarray) -> np.ndarray:   # two sets of similarity x share a band
        return 1.0 - (1.0 - xs ** r) ** b

    lo, hi = np.linspace(0.0, threshold, 1001), np.linspace(threshold, 1.0, 1001)
    fp = np.trapezoid(collide(lo), lo)
    fn = np.trapezoid(1.0 - collide(hi), hi)
    return float(fp), float(fn)


@functools.lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows), bands * rows <= num_perm: a pair at the threshold becomes a candidate
    with probability >= RECALL_AT_THRESHOLD, with as few false candidates as that allows.

    datasketch's balanced choice (0.85, 128 -> 8 x 16) lets 20% of pairs at 0.9 through
    unseen; a candidate costs one exact comparison, a missed copy costs a duplicate.
    """
    best: tuple[float, int, int] | None = None
    fallback: tuple[float, int, int] | None = None
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp, fn = _lsh_areas(threshold, b, r)
            if fallback is None or fp + fn < fallback[0]:
                fallback = (fp + fn, b, r)
            if 1.0 - (1.0 - threshold ** r) ** b >= RECALL_AT_THRESHOLD:
                if best is None or fp < best[0]:
                    best = (fp, b, r)
    chosen = best or fallback
    assert chosen is not None
    return chosen[1], chosen[2]


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(SEED)
    a = gen.randint(1, 2 ** 63 - 1, size=num_perm, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    b = gen.randint(0, 2 ** 63 - 1, size=num_perm, dtype=np.int64).astype(np.uint64)
    return a, b


@dataclass(frozen=True)
class Dedup:
    """The copy rule's settings: ``threshold`` decides on ``aligned`` (words in common in
    order, a share of the shorter body); ``candidate`` is the 3-shingle Jaccard similarity
    the LSH bands are laid out for (pairs above it are candidates with probability >= 0.99);
    ``min_length_ratio`` is the shortest a copy may be beside its original, or the
    reverse, before the extra words count against it; a body of under ``min_words`` words
    is a copy only of the same words (``aligned``)."""
    threshold: float = 0.93
    num_perm: int = 128
    candidate: float = 0.6
    min_length_ratio: float = 0.8
    min_words: int = 100

    def __post_init__(self) -> None:
        for name in ("threshold", "candidate", "min_length_ratio"):
            v = getattr(self, name)
            if not 0.0 < v <= 1.0:
                raise ValueError(f"[dedup] {name} must be in (0, 1], got {v!r}")
        for name in ("num_perm", "min_words"):
            if getattr(self, name) < 1:
                raise ValueError(f"[dedup] {name} must be at least 1, "
                                 f"got {getattr(self, name)!r}")

    @classmethod
    def from_config(cls, cfg: dict[str, Any]) -> "Dedup":
        d = cfg.get("dedup", {})
        return cls(float(d.get("threshold", 0.93)), int(d.get("num_perm", 128)),
                   float(d.get("candidate", 0.6)), float(d.get("min_length_ratio", 0.8)),
                   int(d.get("min_words", 100)))

    def signature(self, text: str) -> np.ndarray:
        """MinHash signature: for each of num_perm maps, the least 32-bit hash of a shingle."""
        return self.minhash(shingles(text))

    def minhash(self, sh: set[bytes]) -> np.ndarray:
        """The signature of a shingle set (``signature`` when the shingles are at hand)."""
        if not sh:
            return np.full(self.num_perm, _EMPTY, dtype=np.uint64)
        x = np.fromiter((int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "little")
                         for s in sh), dtype=np.uint64, count=len(sh))
        a, b = _permutations(self.num_perm)
        # multiply-shift: the high 32 bits of a*x+b (mod 2^64) are a universal hash of x
        with np.errstate(over="ignore"):
            h = (x[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
        return h.min(axis=0).astype(np.uint64)

    @property
    def signature_layout(self) -> str:
        """What stored signatures depend on (when it changes, they are made again)."""
        return f"minhash-ms64 seed={SEED} perm={self.num_perm} shingle={SHINGLE}"

    @property
    def layout(self) -> str:
        """What stored bands depend on: compare before mixing bands from different runs."""
        b, r = _bands(self.candidate, self.num_perm)
        return f"{self.signature_layout} bands={b}x{r}"

    def band_keys(self, sig: np.ndarray) -> list[tuple[int, int]]:
        """(band, key) pairs: the key is a signed 64-bit hash of the band's rows."""
        b, r = _bands(self.candidate, self.num_perm)
        out = []
        for i in range(b):
            chunk = pack(sig[i * r:(i + 1) * r])
            key = struct.unpack("<q", hashlib.blake2b(chunk, digest_size=8).digest())[0]
            out.append((i, key))
        return out

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float:
        """The MinHash estimate of two signatures' Jaccard similarity (of 3-shingles)."""
        if len(a) != len(b) or len(a) == 0:
            return 0.0
        return float(np.count_nonzero(a == b)) / len(a)

    def is_copy(self, similarity: float) -> bool:
        """Whether an ``aligned`` similarity makes a copy."""
        return similarity >= self.threshold

    def worth_checking(self, estimate: float) -> bool:
        """Whether a candidate's MinHash estimate is worth the exact comparison."""
        return estimate >= self.candidate - ESTIMATE_SLACK

    def aligned(self, a: Sequence[str], b: Sequence[str]) -> float:
        """The decision's similarity of two bodies' words (``aligned``)."""
        return aligned(a, b, self.min_length_ratio, self.min_words)

    @staticmethod
    def jaccard(a: set[bytes], b: set[bytes]) -> float:
        """Exact Jaccard similarity of two shingle sets (what the bands are laid out for)."""
        if not a or not b:
            return 0.0
        return len(a & b) / len(a | b)


def pack(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def unpack(blob: bytes | None) -> np.ndarray:
    if not blob:
        return np.zeros(0, dtype=np.uint64)
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


class CopyIndex(Protocol):
    """Where the copy rule looks for originals. A ref is any hashable that sorts in the
    order the texts were indexed (ties between equally similar originals go to the
    earliest)."""

    def candidates(self, keys: Sequence[tuple[int, int]]) -> list[Any]:
        """Refs filed under any of the band ``keys``, in indexing order."""

    def signature(self, ref: Any) -> np.ndarray: ...

    def words(self, ref: Any) -> list[str]: ...


def find_copy(dedup: Dedup, index: CopyIndex, text: str, sig: np.ndarray | None = None,
              keys: Sequence[tuple[int, int]] | None = None) -> tuple[float, Any] | None:
    """The best original ``text`` may copy: (``aligned`` similarity, ref), highest first,
    ties to the earliest indexed; None without a candidate worth checking. Candidates come
    from shared bands; the MinHash estimate only prunes them, the words aligned decide.
    Whether it is a copy is ``dedup.is_copy(similarity)``."""
    if sig is None:
        sig = dedup.signature(text)
    mine: list[str] | None = None
    best: tuple[float, Any] | None = None
    for ref in index.candidates(dedup.band_keys(sig) if keys is None else keys):
        if not dedup.worth_checking(dedup.similarity(sig, index.signature(ref))):
            continue
        if mine is None:
            mine = words(text)
        sim = dedup.aligned(mine, index.words(ref))
        if best is None or sim > best[0]:
            best = (sim, ref)
    return best


class MemoryIndex:
    """A ``CopyIndex`` in memory: refs are whatever the caller adds, in adding order."""

    def __init__(self, dedup: Dedup) -> None:
        self.dedup = dedup
        self._bands: dict[tuple[int, int], list[Hashable]] = {}
        self._order: dict[Hashable, int] = {}
        self._sigs: dict[Hashable, np.ndarray] = {}
        self._words: dict[Hashable, list[str]] = {}

    def candidates(self, keys: Sequence[tuple[int, int]]) -> list[Hashable]:
        found = {i for k in keys for i in self._bands.get(k, ())}
        return sorted(found, key=self._order.__getitem__)

    def signature(self, ref: Hashable) -> np.ndarray:
        return self._sigs[ref]

    def words(self, ref: Hashable) -> list[str]:
        return self._words[ref]

    def __contains__(self, ref: Hashable) -> bool:
        return ref in self._order

    def add(self, ref: Hashable, text: str, sig: np.ndarray | None = None,
            keys: Sequence[tuple[int, int]] | None = None) -> None:
        ws = words(text)
        sig = self.dedup.signature(text) if sig is None else sig
        self._order.setdefault(ref, len(self._order))
        self._sigs[ref] = sig
        self._words[ref] = ws
        for k in (self.dedup.band_keys(sig) if keys is None else keys):
            self._bands.setdefault(k, []).append(ref)

    def best(self, text: str, sig: np.ndarray | None = None) -> tuple[float, Hashable] | None:
        return find_copy(self.dedup, self, text, sig)

    def copy_of(self, text: str, sig: np.ndarray | None = None
                ) -> tuple[float, Hashable] | None:
        """(similarity, ref) of the indexed text this one copies, else None."""
        b = self.best(text, sig)
        return b if b is not None and self.dedup.is_copy(b[0]) else None


class StoreIndex:
    """A ``CopyIndex`` over a store's persisted bands (read inside the batch's transaction)
    and the documents of the batch in flight, not yet written: stored documents first (by
    rowid), then the batch's in order. Refs: ``(0, rowid)`` stored, ``(1, n)`` in flight."""

    def __init__(self, dedup: Dedup, conn: Any) -> None:
        from ..store import lookups
        self._lookups = lookups
        self.dedup = dedup
        self.conn = conn
        self.pending = MemoryIndex(dedup)
        self._doc_ids: dict[Any, str] = {}

    def candidates(self, keys: Sequence[tuple[int, int]]) -> list[Any]:
        stored = [(0, r) for r in self._lookups.band_documents(self.conn, keys)]
        return stored + self.pending.candidates(keys)

    def signature(self, ref: Any) -> np.ndarray:
        if ref[0] == 1:
            return self.pending.signature(ref)
        doc_id, blob = self._lookups.document_signature(self.conn, ref[1])
        self._doc_ids[ref] = doc_id
        return unpack(blob)

    def words(self, ref: Any) -> list[str]:
        if ref[0] == 1:
            return self.pending.words(ref)
        return words(self._lookups.document_text(self.conn, ref[1]))

    def doc_id(self, ref: Any) -> str:
        if ref not in self._doc_ids:
            self.signature(ref)
        return self._doc_ids[ref]

    def add_pending(self, doc_id: str, text: str, sig: np.ndarray,
                    keys: Sequence[tuple[int, int]] | None = None) -> None:
        ref = (1, len(self._doc_ids))
        self._doc_ids[ref] = doc_id
        self.pending.add(ref, text, sig, keys)


def ensure_layout(store: Any, dedup: Dedup) -> None:
    """Make the store's bands match ``dedup``'s layout, rebuilding them from the stored
    signatures when the store was built with other settings, or from the texts when the
    signatures themselves were made otherwise (another number of permutations, another
    shingle: a store from before the 3-shingles has 5-shingle signatures)."""
    from ..store import lookups, write
    with store.transaction() as c:
        stored = lookups.meta(c, "lsh_layout")
        if stored == dedup.layout:
            return
        same_sigs = stored is not None and stored.split(" bands=")[0] == dedup.signature_layout
        rows = []
        for rowid, blob, text in lookups.documents_for_bands(c):
            sig = unpack(blob)
            if not same_sigs or len(sig) != dedup.num_perm:
                sig = dedup.signature(text)
            rows.append((rowid, pack(sig), dedup.band_keys(sig)))
        write.replace_bands(c, rows, dedup.layout)
