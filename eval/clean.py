"""Evaluation of the clean stage.

- seeds: every gold boilerplate line gone, the body starting and ending where the gold says;
- bbc (clean articles, headline on the first line): body lines wrongly removed, headline = title;
- aeb as plain text: each benchmark page rendered to text with inscriptis, then cleaned by the
  plain-text cleaner, scored with the benchmark's shingle metric (``clean_metric``); figures on
  all pages and on the held-out half (the other half was used for tuning, see ``is_dev``);
- aeb as HTML: rows from ``eval.clean_html``;
- held-out pages for the HTML body causes: ``eval.clean_causes``.
"""

from __future__ import annotations

from pathlib import Path

from eval import clean_causes, clean_html
from eval.clean_metric import aeb_pages, aggregate, is_dev, score
from eval.common import load_gold, seeds_gold_path
from newsgraph import config
from newsgraph.clean import BatchContext, clean_document
from newsgraph.clean.text import clean_text
from newsgraph.model import Article, RawDocument

STAGE = "clean"


def _row(set_: str, metric: str, value, target=None, note=None) -> dict:
    r = {"stage": STAGE, "set": set_, "metric": metric, "value": value}
    if target is not None:
        r["target"] = target
    if note:
        r["note"] = note
    return r


def seeds(shared: Path, cfg: dict) -> list[dict]:
    if not seeds_gold_path(shared).is_file():
        return []
    gold = load_gold(shared)
    docs = gold["documents"]
    raws = [RawDocument(source=d["file"], text=(shared / "seeds" / d["file"]).read_text("utf-8"))
            for d in docs]
    ctx = BatchContext.from_raws(raws, cfg)
    n_bp = n_gone = n_body_ok = 0
    for d, raw in zip(docs, raws):
        art = clean_document(raw, ctx, cfg)
        body = art.text if isinstance(art, Article) else ""
        lines = {ln.strip() for ln in body.splitlines()}
        for bp in d["boilerplate_lines"]:
            n_bp += 1
            n_gone += bp.strip() not in lines
        ok = body.startswith(d["body_starts_with"]) and body.endswith(d["body_ends_with"])
        # every raw line between the gold start and end must still be in the body
        raw_text = raw.text
        s = raw_text.find(d["body_starts_with"])
        e = raw_text.find(d["body_ends_with"]) + len(d["body_ends_with"])
        inner = [ln.strip() for ln in raw_text[s:e].splitlines() if ln.strip()]
        ok = ok and all(ln in lines for ln in inner)
        n_body_ok += ok
    return [
        _row("seeds", "boilerplate lines removed", n_gone / n_bp if n_bp else 1.0, 1.0,
             f"{n_gone}/{n_bp}"),
        _row("seeds", "bodies intact", n_body_ok / len(docs), 1.0, f"{n_body_ok}/{len(docs)}"),
    ]


def bbc(shared: Path, cfg: dict) -> list[dict]:
    root = shared / "corpus" / "bbc"
    files = sorted(root.glob("*/*.txt"))  # the headline-first articles, not PROVENANCE
    if not files:
        return []
    batch = int(cfg["run"]["batch_size"])
    total = lost = titled = n = 0
    for i in range(0, len(files), batch):
        raws = [RawDocument(source=str(f), text=f.read_text("utf-8", errors="replace"))
                for f in files[i:i + batch]]
        ctx = BatchContext.from_raws(raws, cfg)
        for raw in raws:
            art = clean_document(raw, ctx, cfg)
            lines = raw.text.splitlines()
            head = lines[0].strip() if lines else ""
            body_lines = [ln.strip() for ln in lines[1:] if ln.strip()]
            n += 1
            total += len(body_lines)
            if not isinstance(art, Article):
                lost += len(body_lines)
                continue
            kept = {ln.strip() for ln in art.text.splitlines()}
            lost += sum(ln not in kept for ln in body_lines)
            titled += art.title == head
    return [
        _row("bbc", "body lines kept (share)", 1 - lost / total if total else 1.0, 1.0,
             f"{lost} of {total} lines removed"),
        _row("bbc", "headline = title", titled / n, 1.0, f"{titled}/{n}"),
    ]


def aeb_text(shared: Path) -> list[dict]:
    from inscriptis import get_text

    pages = aeb_pages(shared)
    if not pages:
        return []
    all_s, dev_s, held_s = [], [], []
    for pid, html, gold in pages:
        try:
            text = get_text(html)
        except Exception:  # a page the renderer cannot read scores as an empty prediction
            text = ""
        s = score(clean_text(text).body, gold)
        all_s.append(s)
        (dev_s if is_dev(pid) else held_s).append(s)
    p, r, f = aggregate(all_s)
    _, _, f_held = aggregate(held_s)
    _, _, f_dev = aggregate(dev_s)
    return [
        _row("aeb-text (inscriptis)", "precision", p),
        _row("aeb-text (inscriptis)", "recall", r),
        _row("aeb-text (inscriptis)", "F1", f, 0.90, f"{len(all_s)} pages"),
        _row("aeb-text (inscriptis)", "F1 held-out half", f_held, 0.90,
             f"{len(held_s)} pages not used for tuning; dev half {f_dev:.3f}"),
    ]


def run(shared: Path) -> list[dict]:
    shared = Path(shared)
    cfg = config.load()
    return (seeds(shared, cfg) + bbc(shared, cfg) + aeb_text(shared) + clean_html.run(shared)
            + clean_causes.run(shared))
