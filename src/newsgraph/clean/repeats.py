"""Lines repeated across the pages of one batch: the site's chrome, printed on every page.

A line counts when it is short and not prose (a menu label, a footer line, an address):
body sentences are never repeated verbatim across different articles often enough to
matter, and prose lines are excluded outright so that a quote syndicated into several
articles is never taken for chrome.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from .text import line_key, looks_like_chrome_candidate

#: Pages longer than this are only scanned in their first and last part (chrome sits there).
SCAN_CHARS = 200_000


def repeated_lines(texts: Iterable[str], min_docs: int) -> frozenset[str]:
    """Keys (see :func:`text.line_key`) of short lines found in at least ``min_docs`` texts."""
    if min_docs < 2:
        min_docs = 2
    seen: Counter = Counter()
    for text in texts:
        if len(text) > SCAN_CHARS:
            text = text[: SCAN_CHARS // 2] + "\n" + text[-SCAN_CHARS // 2:]
        keys = {line_key(line) for line in text.splitlines()
                if looks_like_chrome_candidate(line)}
        seen.update(keys)
    return frozenset(k for k, n in seen.items() if n >= min_docs and k)
