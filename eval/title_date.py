"""HTML title and publication-date accuracy on the pages of the Article Extraction Benchmark.

Gold: ``eval/data/aeb_title_date.tsv`` (labelled by hand, see its header): the date each page
says it was published and the acceptable forms of its headline (as hashes of the normalised
text, :func:`title_key`). A predicted title is right when its key is among them; a date when
it is the same day. Pages without a gold date are left out of the date figures.

Compared with: htmldate alone (as newsgraph called it before: ``original_date=True``, no
extensive search; and with its defaults) for dates, trafilatura's metadata title for titles.
"""

from __future__ import annotations

import hashlib
import html as _html
import json
import re
import unicodedata
from pathlib import Path

from eval.clean_metric import aeb_pages

GOLD = Path(__file__).parent / "data" / "aeb_title_date.tsv"
STAGE = "clean"
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                         "„": '"', "«": '"', "»": '"', "–": "-", "—": "-", "…": "..."})


def norm_title(s: str | None) -> str:
    """The form titles are compared on: entities decoded, NFKC, quotes and dashes unified,
    casefolded, one space, no closing full stop."""
    s = unicodedata.normalize("NFKC", _html.unescape(s or "")).translate(_QUOTES)
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return re.sub(r"(?<!\.)\.$", "", s).strip()


def title_key(s: str | None) -> str:
    return hashlib.sha256(norm_title(s).encode("utf-8")).hexdigest()[:12]


def load_gold(path: Path = GOLD) -> dict[str, tuple[str | None, set[str]]]:
    out: dict[str, tuple[str | None, set[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pid, date, _how, keys = line.split("\t")
        out[pid] = (None if date == "-" else date, set(filter(None, keys.split(","))))
    return out


def _urls(shared: Path) -> dict[str, str]:
    gt = Path(shared) / "gold" / "extraction" / "aeb" / "ground-truth.json"
    return {k: v.get("url") for k, v in json.loads(gt.read_text(encoding="utf-8")).items()}


def _htmldate(html: str, url: str | None, **kw) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html, url=url, **kw)
    except Exception:  # a page htmldate cannot read counts as no answer  # noqa: BLE001
        return None


def _traf_title(html: str) -> str | None:
    from trafilatura import load_html
    from trafilatura.metadata import extract_metadata

    try:
        tree = load_html(html)
        return getattr(extract_metadata(tree), "title", None) if tree is not None else None
    except Exception:  # noqa: BLE001 - no title
        return None


def run(shared: Path) -> list[dict]:
    from newsgraph.clean.html import extract

    pages = aeb_pages(shared)
    if not pages or not GOLD.is_file():
        return [{"stage": STAGE, "set": "aeb html", "metric": "title/date skipped",
                 "value": float("nan"), "note": "benchmark or gold not found"}]
    gold = load_gold()
    urls = _urls(shared)
    n_t = n_d = 0
    ours_t = traf_t = ours_d = hd_d = hd_def = 0
    misses: list[str] = []
    for pid, html, _body in pages:
        if pid not in gold:
            continue
        gdate, keys = gold[pid]
        url = urls.get(pid)
        ex = extract(html, url)
        if keys:
            n_t += 1
            ours_t += title_key(ex.title) in keys
            traf_t += title_key(_traf_title(html)) in keys
        if gdate:
            n_d += 1
            ours_d += ex.date == gdate
            hd_d += _htmldate(html, url, extensive_search=False, original_date=True) == gdate
            hd_def += _htmldate(html, url) == gdate
            if ex.date != gdate:
                misses.append(pid[:8])
    row = lambda metric, v, n, note=None: {  # noqa: E731
        "stage": STAGE, "set": "aeb html title/date", "metric": metric,
        "value": v / n if n else float("nan"), "note": note or f"{v}/{n} pages"}
    return [
        row("title accuracy", ours_t, n_t),
        row("title: trafilatura alone", traf_t, n_t),
        row("date accuracy", ours_d, n_d),
        row("date: htmldate alone", hd_d, n_d,
            f"{hd_d}/{n_d} pages; original_date, no extensive search"),
        row("date: htmldate defaults", hd_def, n_d),
    ]


if __name__ == "__main__":
    import sys

    for r in run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")):
        print(r)
