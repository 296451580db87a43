"""Names that are not valid UTF-8: read by their bytes, shown escaped.

On POSIX a file name is bytes; Python hands a name that is not valid UTF-8 to us as a ``str``
with surrogate escapes (``b"caf\\xe9.txt"`` -> ``"caf\\udce9.txt"``, PEP 383). That string
opens the file (it is carried as it is, losslessly, to ``open``), but it cannot be written as
UTF-8: a JSON line or an SQLite row holding it is invalid or refused. So every label a
reader gives a document (``RawDocument.source``, error messages) is the *printable* form:
each byte that is not UTF-8 written as ``\\xNN``, a lone surrogate from elsewhere (a JSON
``"\\ud800"`` escape) as ``\\uXXXX``. Valid names are left exactly as they are.
"""

from __future__ import annotations


def printable(s: str) -> str:
    """``s`` with surrogate escapes written as ``\\xNN`` (``\\uXXXX`` for other lone
    surrogates): always encodable as UTF-8; ``s`` itself when it already is."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        pass
    out = []
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:          # an undecodable byte (surrogateescape)
            out.append(f"\\x{o - 0xDC00:02x}")
        elif 0xD800 <= o <= 0xDFFF:        # a lone surrogate from a JSON escape or the like
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)
