"""Turn bytes into text: BOM, then valid UTF-8, then a declared charset, then detection.

Detection (charset-normalizer) is unreliable on the short pieces news often comes in: it
calls English cp1252 "cp1250, Czech" and a lone pound sign "cp932". So a Latin-script guess
becomes cp1252 (the superset every Western page written as "latin-1" really uses), and a
non-Latin guess is taken only when the bytes do not read as Western text, i.e. when cp1252
would turn them into runs of accented letters and symbols rather than isolated ones.
"""

from __future__ import annotations

import codecs
import html
import re
from typing import NamedTuple

from .detect import bom_encoding, utf16_without_bom

_DETECT_SAMPLE = 256 * 1024

# Labels WHATWG decodes as windows-1252: a page declaring them means cp1252 in practice.
_AS_CP1252 = {"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1", "latin1", "cp1252",
              "windows-1252", "l1", "iso-ir-100", "cp819", "ibm819"}

# Codecs charset-normalizer may return that are Latin script: cp1252 reads them as well.
_LATIN_GUESSES = re.compile(
    r"^(latin_1|iso8859_(1|2|3|4|9|10|13|14|15|16)|cp125[02457]|cp1252|mac_(roman|latin2|iceland)"
    r"|cp437|cp850|cp852|cp858|cp1140|cp500|ascii)$")


_NOT_CHARSETS = {"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined",
                 "mbcs", "oem", "charmap", "utf-8-sig"}


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0      # invalid sequences replaced by U+FFFD


def codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("utf8", "utf-8"):
        return "utf-8"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    # "base64", "rot13", "idna" are codecs too, but not charsets a page can declare
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def decode(data: bytes, declared: str | None = None, html_declared: bool = False) -> Decoded:
    """Decode ``data``; ``declared`` is a charset named by the container (HTTP, <meta>)."""
    bom = bom_encoding(data)
    if bom:
        # the named codecs keep a leading U+FEFF; the BOM is a marker, not text
        size = 3 if bom == "utf-8-sig" else (4 if bom.startswith("utf-32") else 2)
        text, bad = _decode_counting(data[size:], "utf-8" if bom == "utf-8-sig" else bom)
        return Decoded(text, bom, bad)
    if b"\x00" in data[:4096]:
        # before UTF-8: UTF-16 of Cyrillic or Greek is also "valid UTF-8" (of control characters)
        enc16 = utf16_without_bom(data)
        if enc16:
            text, bad = _decode_counting(data, enc16)
            return Decoded(text, enc16, bad)
    enc = codec_name(declared)
    if enc and html_declared and (declared or "").strip().lower() in _AS_CP1252:
        enc = "cp1252"
    if enc and enc.startswith(("iso2022", "utf-7", "hz")):
        # 7-bit encodings are also valid UTF-8 byte for byte: only the declaration can tell
        text, bad = _decode_counting(data, enc)
        return Decoded(text, enc, bad)
    try:
        # valid UTF-8 wins even over a declaration: legacy text with accents almost never
        # forms valid UTF-8, while pages re-saved as UTF-8 often keep their old <meta charset>
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeError:
        pass
    if enc and enc != "utf-8" and not enc.startswith(("utf-16", "utf-32")):
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeError:
            pass  # a wrong declaration, or a damaged page: see below
    if _mostly_utf8(data):
        text, bad = _decode_counting(data, "utf-8")
        return Decoded(text, "utf-8", bad)
    if enc and enc != "utf-8" and not enc.startswith(("utf-16", "utf-32")):
        text, bad = _decode_counting(data, enc)
        if bad <= max(2, len(text) // 1000):
            return Decoded(text, enc, bad)    # the declared charset, with a few bad bytes
    return _detect(data)


def _decode_counting(data: bytes, enc: str) -> tuple[str, int]:
    try:
        return data.decode(enc), 0
    except UnicodeError:
        text = data.decode(enc, "replace")
        return text, text.count("\ufffd") - _count_literal_fffd(data, enc)


def _count_literal_fffd(data: bytes, enc: str) -> int:
    marker = "\ufffd".encode(enc.replace("-sig", ""), "ignore") if enc.startswith("utf") else b""
    return data.count(marker) if marker else 0


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with some bad bytes (a damaged or concatenated file) rather than a legacy codepage.

    Legacy single-byte text almost never forms valid multi-byte UTF-8 sequences by accident,
    so at least as many valid sequences as damaged runs means UTF-8 that was damaged.
    """
    text = data.decode("utf-8", "replace")
    damaged = len(re.findall("\ufffd+", text))
    valid = len(re.findall("[^\x00-\x7f\ufffd]", text))
    return valid > 0 and valid >= damaged


def _cp1252(data: bytes) -> Decoded:
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeError:
        # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned in cp1252; latin-1 maps every byte
        return Decoded(data.decode("latin-1"), "iso8859-1")


def _western_shape(text: str) -> bool:
    """Non-ASCII characters come alone or in pairs, as accents and curly quotes do."""
    runs = re.findall(r"[^\x00-\x7f]+", text)
    if not runs:
        return True
    return sum(len(r) for r in runs) / len(runs) <= 1.6


def _detect(data: bytes) -> Decoded:
    western = _cp1252(data)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_DETECT_SAMPLE]).best()
    except Exception:  # the detector must never take a document down with it
        best = None
    guess = best.encoding if best is not None else None
    if guess is None or _LATIN_GUESSES.match(guess) or _western_shape(western.text):
        return western
    name = codec_name(guess) or guess
    text, bad = _decode_counting(data, name)
    return Decoded(text, name, bad)


# ------------------------------------------------------------------------------ HTML
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)


def html_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (<meta charset>, http-equiv, xml)."""
    m = _META_CHARSET.search(head[:8192]) or _XML_ENCODING.search(head[:1024])
    if not m:
        return None
    label = m.group(1).decode("ascii", "ignore")
    return label if codec_name(label) else None


_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


def canonical_url(text: str) -> str | None:
    """<link rel=canonical> or og:url from the page head, when it is an absolute http(s) URL."""
    head = text[:65536]
    end = head.lower().find("</head")
    if end >= 0:
        head = head[:end]
    found: dict[str, str] = {}
    for m in _TAG.finditer(head):
        attrs = {k.lower(): html.unescape(v.strip("\"'")).strip()
                 for k, v in _ATTR.findall(m.group(2))}
        if m.group(1).lower() == "link" and "canonical" in attrs.get("rel", "").lower().split():
            found.setdefault("canonical", attrs.get("href", ""))
        elif attrs.get("property", attrs.get("name", "")).lower() == "og:url":
            found.setdefault("og", attrs.get("content", ""))
    for key in ("canonical", "og"):
        url = found.get(key, "")
        if re.match(r"https?://[^\s/]+", url, re.I):
            return url
    return None
