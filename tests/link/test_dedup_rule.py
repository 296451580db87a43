"""The near-duplicate rule (link.dedup.find_copy through MemoryIndex): an edited copy in
another outlet's header and footer is found, and only its own original; an unrelated
article in the same header and footer, an excerpt, or a rewrite is not a copy."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.link.dedup import Dedup, MemoryIndex, aligned, matched_words, words

D = Dedup()
# invented vocabulary: common words recur (as in news), most are rare
COMMON = "the a of to and in said that for on was with he it as".split()
RARE = [f"{c}{v}{n}" for c in "bdfgklmnprstvz" for v in "aeiou" for n in range(12)]
HEADERS = [("From our partners at the Daily Wire service. Updated 10:42 GMT.",
            "Copyright Daily Wire. Reuse by permission."),
           ("Published by arrangement with Northern Press Agency; all times local.",
            "Reporting by staff correspondents. Editing by the night desk. All rights reserved."),
           ("", "")]


def article(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    return [rnd.choice(COMMON) if rnd.random() < 0.35 else rnd.choice(RARE) for _ in range(n)]


def edited(ws: list[str], rate: float, seed: int) -> list[str]:
    """``rate`` of the words replaced by a house-style word (the eval's kind of edit)."""
    rnd = random.Random(seed)
    out = list(ws)
    for _ in range(int(len(ws) * rate)):
        out[rnd.randrange(len(out))] = rnd.choice(("the", "said", "new", "Mr"))
    return out


def wrapped(ws: list[str], header: tuple[str, str]) -> str:
    head, foot = header
    return "\n\n".join(p for p in (head, " ".join(ws), foot) if p)


def index_of(bodies: list[list[str]]) -> MemoryIndex:
    index = MemoryIndex(D)
    for i, ws in enumerate(bodies):
        index.add(i, " ".join(ws))
    return index


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(200, 900),
       rate=st.sampled_from([0.0, 0.01, 0.02, 0.03, 0.05]), header=st.sampled_from(HEADERS),
       target=st.integers(0, 4))
def test_an_edited_copy_in_another_outlets_wrapping_is_found(seed, n, rate, header, target):
    bodies = [article(seed * 10 + k, n + 37 * k) for k in range(5)]
    index = index_of(bodies)
    copy = wrapped(edited(bodies[target], rate, seed), header)
    found = index.copy_of(copy)
    assert found is not None, f"{rate:.0%} edited copy of a {len(bodies[target])}-word body"
    assert found[1] == target
    assert found[0] >= 1 - rate - 0.02


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 900), header=st.sampled_from(HEADERS))
def test_an_unrelated_article_in_the_same_wrapping_is_not_a_copy(seed, n, header):
    index = MemoryIndex(D)
    for k in range(4):
        index.add(k, wrapped(article(seed * 10 + k, n), header))
    assert index.copy_of(wrapped(article(seed * 10 + 7, n), header)) is None


@settings(max_examples=40, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(200, 900),
       share=st.floats(0.3, 0.72))
def test_an_excerpt_or_an_extended_version_is_not_a_copy(seed, n, share):
    """The first ``share`` of an article alone (or the article beside it) is not a copy:
    its words all match, but the rest of the longer body counts against it."""
    full = article(seed, n)
    part = full[:int(n * share)]
    assert index_of([full]).copy_of(" ".join(part)) is None
    assert index_of([part]).copy_of(" ".join(full)) is None


def test_a_rewrite_that_moves_and_replaces_sentences_is_not_a_copy():
    """A later edition: a tenth of the body replaced by new sentences, a paragraph moved."""
    ws = article(5, 400)
    later = ws[:100] + article(6, 40) + ws[140:250] + ws[300:400] + ws[250:300]
    assert aligned(ws, later) < D.threshold
    assert index_of([ws]).copy_of(" ".join(later)) is None


def test_a_brief_is_a_copy_only_of_the_same_words():
    """Two 15-word reports that differ in their date are two reports; the same words in
    other punctuation are one."""
    a = "Donald Trump met Kim Jong Un in Singapore on 12 June 2018, officials said (wire 1)."
    b = a.replace("12 June", "27 February")
    index = index_of([words(a)])
    assert index.copy_of(b) is None
    assert index.copy_of(a.replace(",", ";").upper()) == (1.0, 0)
    long_ = article(11, 40)
    assert aligned(long_, long_[:-1] + ["other"]) < D.threshold
    assert aligned(long_ + long_, long_ + long_[:-1] + ["other"]) < D.threshold   # 80 words
    assert aligned(article(11, 150), article(11, 150)[:-1] + ["other"]) >= D.threshold


def test_ties_go_to_the_earliest_indexed():
    ws = article(8, 300)
    index = index_of([ws, ws])
    assert index.copy_of(wrapped(edited(ws, 0.02, 1), HEADERS[0]))[1] == 0


def test_matched_words_counts_words_kept_in_order():
    ws = article(9, 500)
    assert matched_words(ws, ws) == 500
    assert matched_words(ws, []) == 0 and aligned(ws, []) == 0.0
    spaced = list(ws)
    for k in range(10, 500, 50):         # ten edits, far apart
        spaced[k] = "edited"
    assert matched_words(ws, spaced) == 490
    assert matched_words(["x", "y"], ["x", "y"]) == 2      # shorter than a shingle
    head = words("By Wire Staff. Reporting from the capital.")
    assert matched_words(ws, head + ws + head) == 500
    assert aligned(ws, head + spaced + head) == 0.98
    # order counts: the halves swapped keep only one half in order
    assert matched_words(ws, ws[250:] + ws[:250]) <= 260


def test_alignment_of_long_bodies_stays_fast():
    ws = article(10, 60_000)
    copy = edited(ws, 0.05, 2)
    t = time.process_time()
    assert aligned(ws, copy) >= 0.94
    assert time.process_time() - t < 5.0      # linear-ish: ~0.3 s here; quadratic: minutes


def _report(seed: int) -> list[str]:
    """A results-style report: prose with figures in it."""
    ws = article(seed, 160)
    for k, pos in enumerate(range(5, 160, 20)):
        ws[pos] = str(10 + 7 * k + seed % 5)
    return ws


def test_a_copy_that_rewords_keeps_its_figures_and_is_found():
    ws = _report(3)
    index = index_of([ws])
    copy = edited(ws, 0.03, 9)
    copy = [o if o[0].isdigit() else w for o, w in zip(ws, copy)]
    found = index.copy_of(wrapped(copy, HEADERS[0]))
    assert found is not None and found[1] == 0


def test_one_figure_brought_up_to_date_is_still_a_copy():
    ws = _report(4)
    index = index_of([ws])
    copy = list(ws)
    copy[25] = str(int(copy[25]) + 1)
    assert index.copy_of(wrapped(copy, HEADERS[1])) is not None


def test_the_same_template_with_two_figures_changed_is_another_report():
    ws = _report(5)
    index = index_of([ws])
    other = list(ws)
    other[25] = str(int(other[25]) + 1)
    other[65] = str(int(other[65]) + 3)
    assert index.copy_of(wrapped(other, HEADERS[1])) is None
    assert index.copy_of(" ".join(other)) is None
