"""Small scoring helpers shared by the evaluations."""

from __future__ import annotations


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def rows(stage: str, set_: str, p: float, r: float, f: float, target: float | None = None,
         metric: str = "") -> list[dict]:
    pre = f"{metric} " if metric else ""
    return [
        {"stage": stage, "set": set_, "metric": pre + "precision", "value": p},
        {"stage": stage, "set": set_, "metric": pre + "recall", "value": r},
        {"stage": stage, "set": set_, "metric": pre + "F1", "value": f, "target": target},
    ]
