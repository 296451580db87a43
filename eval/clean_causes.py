"""HTML body causes on held-out pages: ``eval/data/html_heldout`` holds invented pages, one
per general cause of lost or wrongly kept text (the post in <noscript>, an unclosed <svg>,
oddly written closing tags, an unclosed comment, a nested list, a split article followed by
a support box and a footer slogan, short dialogue lines), written after the fixes in
``clean.html`` and never tuned on. ``expected.json`` lists, per page, text the body must hold
and text it must not. A page passes when both hold.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "html_heldout"


def run(shared: Path | None = None) -> list[dict]:
    from newsgraph.clean.html import extract

    exp = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    ok = 0
    failed = []
    for name, want in sorted(exp.items()):
        body = extract((DATA / name).read_text(encoding="utf-8")).body
        good = all(x in body for x in want["has"]) and not any(x in body for x in want["not"])
        ok += good
        if not good:
            failed.append(name)
    note = f"{ok}/{len(exp)} pages" + (f"; failed: {', '.join(failed)}" if failed else "")
    return [{"stage": "clean", "set": "html causes (held-out pages)", "metric": "pages right",
             "value": ok / len(exp), "target": 1.0, "note": note}]
