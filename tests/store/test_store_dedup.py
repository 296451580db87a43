"""MinHash/LSH near-duplicate detection (link.dedup): shingles, signatures, bands, and a
store built with the earlier layout (word 5-shingles) upgraded in place."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from newsgraph.link import write_batch
from newsgraph.link.dedup import Dedup, _bands, pack, shingles, unpack, words as body_words
from newsgraph.store import open_store
from store_factory import body, plain

D = Dedup()


def words(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    return [f"w{rnd.randrange(400)}" for _ in range(n)]


def test_shingles_are_word_3grams_of_the_normalised_body():
    assert shingles("One  two THREE four") == {b"one two three", b"two three four"}
    assert shingles("Too short") == {b"too short"}
    assert shingles("  ") == set()
    assert shingles("One two three four five six", 5) == {b"one two three four five",
                                                         b"two three four five six"}


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
    assert D.worth_checking(D.similarity(D.signature(a), D.signature(copy)))
    assert not D.worth_checking(D.similarity(D.signature(a), D.signature(other)))
    assert D.is_copy(D.aligned(body_words(a), body_words(copy)))
    assert not D.is_copy(D.aligned(body_words(a), body_words(other)))


def test_band_layout_matches_candidate_similarity():
    b, r = _bands(D.candidate, 128)
    assert b * r <= 128
    assert f"bands={b}x{r}" in D.layout and "shingle=3" in D.layout

    def p(j: float) -> float:   # chance a pair of similarity j shares a band
        return 1 - (1 - j ** r) ** b
    assert p(D.candidate) >= 0.99   # copies (5% edited: Jaccard ~0.7) are nearly always found
    assert p(0.1) < 0.02            # unrelated articles (Jaccard of 3-shingles < 0.1) rarely


def test_signatures_are_the_same_in_another_process():
    """Stored signatures must stay comparable across runs (no per-process hash seed)."""
    text = " ".join(words(5, 200))
    here = D.signature(text).tolist()
    code = ("from newsgraph.link.dedup import Dedup; import sys; "
            f"print(Dedup(0.85, 128).signature({text!r}).tolist())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONHASHSEED": "123"}, check=True).stdout
    assert eval(out) == here


def test_exact_jaccard_and_pruning():
    a = shingles(" ".join(words(9, 200)))
    assert D.jaccard(a, a) == 1.0 and D.jaccard(a, set()) == 0.0
    assert D.worth_checking(0.6) and D.worth_checking(0.46) and not D.worth_checking(0.4)


@pytest.mark.parametrize("field,value", [("threshold", 0.0), ("threshold", 1.5),
                                         ("candidate", -0.1), ("min_length_ratio", 2.0),
                                         ("num_perm", 0), ("min_words", 0)])
def test_bad_settings_are_refused_with_the_setting_named(field, value):
    with pytest.raises(ValueError, match=field):
        Dedup.from_config({"dedup": {field: value}})


OLD_LAYOUT = "minhash-ms64 seed=1 perm=128 shingle=5 bands=15x8"


def _as_left_by_5_shingles(path) -> None:
    """Turn a store into what the 5-shingle rule left: its signatures and bands made from
    word 5-shingles, the layout recorded as then."""
    import sqlite3
    c = sqlite3.connect(path)
    with c:
        rows = c.execute("SELECT id, text FROM documents").fetchall()
        c.execute("DELETE FROM minhash_bands")
        for rowid, text in rows:
            sig = D.minhash(shingles(text, 5))
            c.execute("UPDATE documents SET minhash = ? WHERE id = ?", (pack(sig), rowid))
            c.executemany("INSERT INTO minhash_bands(band, key, doc) VALUES (?, ?, ?)",
                          [(i, k, rowid) for i, k in D.band_keys(sig)])
        c.execute("UPDATE meta SET value = ? WHERE key = 'lsh_layout'", (OLD_LAYOUT,))
    c.close()


def test_store_from_the_5_shingle_layout_is_upgraded_and_finds_edited_copies(tmp_path):
    """Bands of another layout are rebuilt on first write; the signatures too, from the
    texts, when they were made from other shingles (keeping them would leave every stored
    document out of reach of a new body's 3-shingle bands)."""
    path = tmp_path / "old.db"
    originals = [body(300 + i, 300) for i in range(3)]
    with open_store(path) as st:
        write_batch(st, [plain(t, f"wire/{i}") for i, t in enumerate(originals)], D)
    _as_left_by_5_shingles(path)
    ws = originals[1].split(" ")
    for k in range(0, len(ws), 25):          # a house-style edit every 25 words (4%)
        ws[k] = "edited"
    copy = "By Wire Staff.\n\n" + " ".join(ws) + "\n\nAll rights reserved."
    with open_store(path) as st:
        outs = write_batch(st, [plain(copy, "paper/copy")], D)
        assert [o.kind for o in outs] == ["near"]
        assert outs[0].doc_id == plain(originals[1], "x").article.doc_id
        c = st.conn
        assert c.execute("SELECT value FROM meta WHERE key = 'lsh_layout'").fetchone()[0] \
            == D.layout
        for text, blob in c.execute("SELECT text, minhash FROM documents"):
            assert (unpack(blob) == D.signature(text)).all()
