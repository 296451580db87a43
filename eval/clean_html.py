"""HTML body extraction on the Article Extraction Benchmark (aeb): P/R/F1 and pages/s.

Rows for all pages, and for the tuning (dev) half and the held-out half separately
(``clean_metric.is_dev``), so that a gain seen only on dev is visible as overfitting.
"""

from __future__ import annotations

import time
from pathlib import Path

from eval.clean_metric import aeb_pages, aggregate, is_dev, score

TARGET = 0.96


def predict(pages: list[tuple[str, str, str]]) -> tuple[dict[str, str], float]:
    from newsgraph.clean.html import extract

    out: dict[str, str] = {}
    t0 = time.perf_counter()
    for pid, html, _gold in pages:
        out[pid] = extract(html).body
    return out, time.perf_counter() - t0


def run(shared: Path) -> list[dict]:
    pages = aeb_pages(shared)
    if not pages:
        return [{"stage": "clean", "set": "aeb html", "metric": "skipped", "value": float("nan"),
                 "note": "benchmark not found"}]
    pred, secs = predict(pages)
    rows: list[dict] = []
    splits = [("aeb html (all)", lambda _pid: True),
              ("aeb html (dev)", is_dev),
              ("aeb html (held-out)", lambda pid: not is_dev(pid))]
    for name, keep in splits:
        scores = [score(pred[pid], gold) for pid, _h, gold in pages if keep(pid)]
        p, r, f = aggregate(scores)
        rows += [
            {"stage": "clean", "set": name, "metric": "body precision", "value": p},
            {"stage": "clean", "set": name, "metric": "body recall", "value": r},
            {"stage": "clean", "set": name, "metric": "body F1", "value": f, "target": TARGET,
             "note": f"{len(scores)} pages"},
        ]
    rows.append({"stage": "clean", "set": "aeb html (all)", "metric": "pages/s",
                 "value": len(pages) / secs if secs else float("nan")})
    rows.append({"stage": "clean", "set": "aeb html (all)", "metric": "trafilatura alone F1",
                 "value": _reference(pages), "note": "reference: one default run, no merging"})
    return rows


def _reference(pages: list[tuple[str, str, str]]) -> float:
    """F1 of plain trafilatura (defaults, tables kept, no comments), for comparison."""
    import trafilatura

    scores = []
    for _pid, html, gold in pages:
        try:
            got = trafilatura.extract(html, include_comments=False, include_tables=True) or ""
        except Exception:
            got = ""
        scores.append(score(got, gold))
    return aggregate(scores)[2]


if __name__ == "__main__":
    import sys

    for row in run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")):
        print(row)
