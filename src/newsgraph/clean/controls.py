"""Characters no body may hold: C0 control characters and lone surrogates.

A NUL inside a text is kept by every decoder, and then SQLite's ``length()`` and
``substr()`` stop at it, so offsets read back from the store no longer point at the
sentence; other C0 controls (bell, backspace, escape) are debris of a conversion, never
prose. They are removed before cleaning, except TAB, LF and CR, with a warning saying how
many; vertical tab and form feed, which separate pages or lines, become a line break. A lone
surrogate (a JSON ``"\\ud800"`` escape) cannot be written as UTF-8: it becomes U+FFFD.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import DocWarning

_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC"}


def _name(ch: str) -> str:
    o = ord(ch)
    return _NAMES.get(o, f"U+{o:04X}")


def strip_controls(text: str) -> tuple[str, list[DocWarning]]:
    """(``text`` without control characters and lone surrogates, warnings saying what went);
    ``text`` itself and no warning when there were none."""
    if not _BAD.search(text):
        return text, []
    found = Counter(m.group() for m in _BAD.finditer(text))
    warnings = []
    controls = {ch: n for ch, n in found.items() if ord(ch) < 0x20}
    surrogates = sum(n for ch, n in found.items() if ord(ch) >= 0xD800)
    if controls:
        total = sum(controls.values())
        what = ", ".join(f"{n} {_name(ch)}" for ch, n in
                         sorted(controls.items(), key=lambda kv: (-kv[1], kv[0])))
        warnings.append(DocWarning("control_chars_removed", f"{total} control character"
                                   f"{'s' if total != 1 else ''} removed from the text ({what}); "
                                   "vertical tabs and form feeds became line breaks"
                                   if ("\x0b" in controls or "\x0c" in controls) else
                                   f"{total} control character{'s' if total != 1 else ''} "
                                   f"removed from the text ({what})"))
    if surrogates:
        warnings.append(DocWarning("surrogates_replaced", f"{surrogates} lone surrogate code "
                                   f"point{'s' if surrogates != 1 else ''} (not encodable as "
                                   "UTF-8) replaced by U+FFFD"))

    def sub(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in "\x0b\x0c":
            return "\n"
        return "\ufffd" if ord(ch) >= 0xD800 else ""

    return _BAD.sub(sub, text), warnings
