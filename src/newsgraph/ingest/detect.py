"""Decide what a stream holds from its name and its first bytes.

Magic numbers beat names (a gzip called ``.html`` is still gzip); for the container formats a
name the user chose beats sniffing, so a ``.txt`` file is always one document however its text
begins, and sniffing only fills in where the name says nothing.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

HEAD_BYTES = 64 * 1024

# Formats read_stream dispatches on.
TEXT, HTML, JSONL, JSON, WARC = "text", "html", "jsonl", "json", "warc"
BINARY, XML = "binary", "xml"

COMPRESSION_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
COMPRESSION_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".tgz": "gzip", ".bz2": "bzip2",
                        ".xz": "xz", ".lzma": "xz"}

# What each binary signature is, so the error says more than "binary".
BINARY_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "a PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"PK\x03\x04", "a zip archive (or .docx/.xlsx/.epub); unpack it first"),
    (0, b"PK\x05\x06", "an empty zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (0, b"\x28\xb5\x2f\xfd", "zstd-compressed data; decompress it first"),
    (0, b"\x7fELF", "an executable (ELF)"),
    (0, b"\xcf\xfa\xed\xfe", "an executable (Mach-O)"),
    (0, b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"),
    (0, b"\x00asm", "a WebAssembly module"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (0, b"OggS", "an Ogg audio/video file"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"wOFF", "a web font"),
    (0, b"wOF2", "a web font"),
    (4, b"ftyp", "an MP4/QuickTime video or HEIC image"),
    (8, b"WEBP", "a WebP image"),
    (8, b"WAVE", "a WAV audio file"),
    (8, b"AVI ", "an AVI video"),
    (257, b"ustar", "a tar archive; unpack it first"),
)

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".xht"}
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),   # before UTF-16 LE, whose BOM is its prefix
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_STRONG_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]")
_WEAK_HTML = re.compile(
    rb"<(?:meta|title|div|p|article|section|table|script|style|link|span|h[1-6]|ul|br)[\s>/]")
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f\v\x1b")


class Sniffed(NamedTuple):
    fmt: str
    why: str = ""       # for BINARY: what it is, as a phrase ("a PNG image")


def bom_encoding(head: bytes) -> str | None:
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc
    return None


def compression_of(head: bytes) -> str | None:
    for magic, kind in COMPRESSION_MAGIC:
        if head.startswith(magic):
            # "BZh" also starts ordinary text; bzip2 is "BZh" + block size digit + block magic
            if kind == "bzip2" and not re.match(rb"BZh[1-9]1AY&SY", head[:10]):
                continue
            return kind
    return None


def strip_compression_suffix(name: str) -> str:
    low = name.lower()
    for suf in COMPRESSION_SUFFIXES:
        if low.endswith(suf):
            stem = name[: -len(suf)]
            return stem + ".tar" if suf == ".tgz" else stem
    return name


def suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[-1] if "." in base.lstrip(".") else ""


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` is not text, or None when it may be text."""
    for offset, magic, what in BINARY_MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return what
    if bom_encoding(head):
        return None
    nuls = head.count(b"\x00")
    if nuls and utf16_without_bom(head):
        return None
    sample = head[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    # a stray NUL in scraped text is damage, not a sign of binary data; many of them are
    if nuls > max(2, len(head) // 2000) or (nuls and controls > len(sample) // 100):
        return "a binary file (it contains NUL bytes)"
    if sample and controls / len(sample) > 0.10:
        return "a binary file (too many control characters for text)"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on one parity only and the result reads as text.

    Latin-script UTF-16 has a NUL in every other byte; other scripts still have them in
    their spaces and punctuation, and never on the other parity.
    """
    sample = head[:4096]
    n = len(sample) // 2
    if n < 2:
        return None
    even = sample[0:2 * n:2].count(0)
    odd = sample[1:2 * n:2].count(0)
    for zeros, others, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= max(2, 0.05 * n) and others <= 0.01 * n:
            try:
                text = sample[: 2 * n].decode(enc)
            except UnicodeDecodeError:
                continue
            readable = sum(1 for c in text if c.isprintable() or c in "\t\n\r")
            if readable >= 0.95 * len(text):
                return enc
    return None


def _text_head(head: bytes, size: int = 8192) -> bytes:
    """The head as lower-case ASCII-compatible bytes (UTF-16/32 folded), BOM and blanks gone."""
    enc = bom_encoding(head) or utf16_without_bom(head)
    if enc and not enc.startswith("utf-8"):
        text = head[: size * 4].decode(enc, "ignore")
        return text.encode("ascii", "ignore").lower().lstrip()
    if enc:
        head = head[3:]
    return head[:size].lower().lstrip()


def looks_html(head: bytes, strong_only: bool = False) -> bool:
    low = _text_head(head)
    if _STRONG_HTML.search(low[:2048]):
        return True
    if strong_only or not low.startswith(b"<"):
        return False
    return bool(_WEAK_HTML.search(low[:4096]))


def _first_line(head: bytes) -> bytes:
    # the whole head: a JSONL line holding a full article is often longer than 8 KiB
    low = _text_head(head, HEAD_BYTES)
    return low.split(b"\n", 1)[0].strip()


def sniff(name: str, head: bytes) -> Sniffed:
    """The format of an (already decompressed) stream called ``name`` starting with ``head``."""
    suf = suffix(name)
    if is_warc(head) and suf not in TEXT_SUFFIXES:
        return Sniffed(WARC)      # before the binary test: archived images hold NUL bytes
    why = binary_reason(head)
    if why:
        return Sniffed(BINARY, why)
    if suf in TEXT_SUFFIXES:
        return Sniffed(HTML if looks_html(head, strong_only=True) else TEXT)
    if suf in HTML_SUFFIXES:
        return Sniffed(HTML)
    if suf in JSONL_SUFFIXES:
        return Sniffed(JSONL)
    if suf == ".json":
        return Sniffed(JSONL if _is_json_object_line(_first_line(head)) else JSON)
    stripped = _text_head(head)
    if stripped.startswith(b"{"):
        return Sniffed(JSONL if _is_json_object_line(_first_line(head)) else JSON)
    if stripped.startswith(b"[") and _looks_json_array(stripped):
        return Sniffed(JSON)
    if looks_html(head):
        return Sniffed(HTML)
    if stripped.startswith((b"<?xml", b"<rss", b"<feed")):
        return Sniffed(XML)
    return Sniffed(TEXT)


def is_warc(head: bytes) -> bool:
    start = head.lstrip(b"\r\n")
    return start.startswith(b"WARC/") or start.startswith(b"filedesc://")


def _is_json_object_line(line: bytes) -> bool:
    if not line.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _looks_json_array(stripped: bytes) -> bool:
    return bool(re.match(rb"\[\s*(\{|\])", stripped))
