"""Body-extraction scoring of the Article Extraction Benchmark (Zyte/Scrapinghub).

The benchmark compares the predicted and the gold article body as multisets of 4-token
shingles (``\\w+`` tokens, case kept). Each page gives a precision and a recall; they are
averaged over pages (a page with no predicted shingle at all and nothing to match does not
count toward precision, likewise for recall) and F1 is taken of the two means, so long
pages weigh no more than short ones.

``aeb_pages(shared)`` loads the pages, ``score(pred, gold)`` scores one page and
``aggregate(scores)`` gives (P, R, F1) over pages.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from eval.common import f1

_TOKEN = re.compile(r"\w+")
N = 4


def _shingles(text: str, n: int = N) -> Counter:
    toks = _TOKEN.findall(text or "")
    # A text shorter than n tokens is one (short) shingle, as in the benchmark.
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def counts(pred: str, gold: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingle multisets, normalised to sum to 1 when any is non-zero."""
    ps, gs = _shingles(pred), _shingles(gold)
    tp = sum((ps & gs).values())
    fp = sum((ps - gs).values())
    fn = sum((gs - ps).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def score(pred: str, gold: str) -> tuple[float | None, float | None]:
    """Per-page (precision, recall); None where the benchmark leaves the page out of that mean."""
    tp, fp, fn = counts(pred, gold)
    if fp == fn == 0:
        return 1.0, 1.0
    p = tp / (tp + fp) if tp + fp > 0 else None
    r = tp / (tp + fn) if tp + fn > 0 else None
    return p, r


def aggregate(scores: list[tuple[float | None, float | None]]) -> tuple[float, float, float]:
    """(P, R, F1): mean precision, mean recall over pages, and F1 of those means."""
    ps = [p for p, _ in scores if p is not None]
    rs = [r for _, r in scores if r is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, f1(p, r)


def aeb_pages(shared: Path) -> list[tuple[str, str, str]]:
    """[(page id, html, gold body)] sorted by id; empty when the benchmark is absent."""
    return list(_aeb_pages(str(Path(shared).resolve())))


@functools.lru_cache(maxsize=1)   # the text and HTML evaluations read the same pages
def _aeb_pages(shared: str) -> tuple[tuple[str, str, str], ...]:
    root = Path(shared) / "gold" / "extraction" / "aeb"
    gt_path = root / "ground-truth.json"
    if not gt_path.is_file():
        return ()
    gt = json.loads(gt_path.read_text(encoding="utf-8"))
    out = []
    for pid in sorted(gt):
        f = root / "html" / f"{pid}.html.gz"
        if not f.is_file():
            continue
        html = gzip.decompress(f.read_bytes()).decode("utf-8", errors="replace")
        out.append((pid, html, gt[pid].get("articleBody", "") or ""))
    return tuple(out)


def is_dev(page_id: str) -> bool:
    """A fixed half of the pages for tuning; the other half is held out (by id hash)."""
    return int(page_id[:2], 16) % 2 == 0
