"""Small scoring and loading helpers shared by the evaluations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, f1(p, r)


def rows(stage: str, set_: str, p: float, r: float, f: float, target: float | None = None,
         metric: str = "") -> list[dict]:
    pre = f"{metric} " if metric else ""
    return [
        {"stage": stage, "set": set_, "metric": pre + "precision", "value": p},
        {"stage": stage, "set": set_, "metric": pre + "recall", "value": r},
        {"stage": stage, "set": set_, "metric": pre + "F1", "value": f, "target": target},
    ]


def seeds_gold_path(shared: Path) -> Path:
    return Path(shared) / "gold" / "seeds.gold.json"


def load_gold(shared: Path) -> dict[str, Any]:
    """The seeds' gold (``gold/seeds.gold.json``); raises when it is absent."""
    return json.loads(seeds_gold_path(shared).read_text(encoding="utf-8"))


def seeds_meta(shared: Path) -> dict[str, dict]:
    """``seeds/meta.jsonl`` by file name (empty when absent)."""
    out = {}
    path = Path(shared) / "seeds" / "meta.jsonl"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[rec["file"]] = rec
    return out
