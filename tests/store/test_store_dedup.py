"""MinHash/LSH near-duplicate detection (link.dedup)."""

from __future__ import annotations

import random
import subprocess
import sys

from newsgraph.link.dedup import Dedup, _bands, shingles

D = Dedup(0.85, 128)


def words(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    return [f"w{rnd.randrange(400)}" for _ in range(n)]


def test_shingles_are_word_5grams_of_the_normalised_body():
    assert shingles("One  two THREE four five six") == {b"one two three four five",
                                                         b"two three four five six"}
    assert shingles("Too short") == {b"too short"}
    assert shingles("  ") == set()


def test_estimate_tracks_true_jaccard():
    errs = []
    for trial in range(30):
        a = words(trial, 300)
        b = list(a)
        rnd = random.Random(1000 + trial)
        for k in range(rnd.randrange(40)):
            b[rnd.randrange(len(b))] = f"edit{k}"
        sa, sb = shingles(" ".join(a)), shingles(" ".join(b))
        true = len(sa & sb) / len(sa | sb)
        est = D.similarity(D.signature(" ".join(a)), D.signature(" ".join(b)))
        errs.append(abs(true - est))
    assert sum(errs) / len(errs) < 0.06
    assert max(errs) < 0.2


def test_copies_share_a_band_and_strangers_do_not():
    a = " ".join(words(1, 400))
    copy = "Published by partner outlet. " + a.replace("w7 ", "w7x ", 1) + " All rights reserved."
    other = " ".join(words(2, 400))
    ka, kc, ko = (set(D.band_keys(D.signature(t))) for t in (a, copy, other))
    assert ka & kc
    assert not ka & ko
    assert D.is_copy(D.similarity(D.signature(a), D.signature(copy)))
    assert not D.is_copy(D.similarity(D.signature(a), D.signature(other)))


def test_band_layout_matches_threshold():
    b, r = _bands(0.85, 128)
    assert b * r <= 128

    def p(j: float) -> float:   # chance a pair of similarity j shares a band
        return 1 - (1 - j ** r) ** b
    assert p(0.85) >= 0.99       # copies at the threshold are nearly always candidates
    assert p(0.3) < 0.01         # unrelated articles almost never are


def test_signatures_are_the_same_in_another_process():
    """Stored signatures must stay comparable across runs (no per-process hash seed)."""
    text = " ".join(words(5, 200))
    here = D.signature(text).tolist()
    code = ("from newsgraph.link.dedup import Dedup; import sys; "
            f"print(Dedup(0.85, 128).signature({text!r}).tolist())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONHASHSEED": "123"}, check=True).stdout
    assert eval(out) == here


def test_exact_jaccard_decides():
    a = shingles(" ".join(words(9, 200)))
    assert D.jaccard(a, a) == 1.0 and D.jaccard(a, set()) == 0.0
    assert D.worth_checking(0.8) and not D.worth_checking(0.5)
