"""Streaming decompression (gzip, bzip2, xz) that reports damage instead of raising.

A truncated or corrupt archive ends the stream cleanly and records ``problem``; the reader
checks it after reading, so the complete documents before the damage still come through and
the damage becomes one error line. Output is produced in bounded pieces, so a small
compressed bomb never expands into memory beyond what the reader asks for. Concatenated
members (``cat a.gz b.gz``, per-record WARC gzip) read as one stream, as gzip(1) does.
"""

from __future__ import annotations

import bz2
import io
import lzma
import zlib
from typing import Any, BinaryIO, NamedTuple

from .detect import COMPRESSION_MAGIC
from .streams import CHUNK

_MAGIC = {kind: magic for magic, kind in COMPRESSION_MAGIC}
_OUT = 1 << 18


class Problem(NamedTuple):
    kind: str        # "truncated" | "corrupt"
    message: str


class _Member:
    """One compressed member, behind one interface for zlib, bz2 and lzma."""

    def __init__(self, kind: str):
        self.kind = kind
        if kind == "gzip":
            self.d: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif kind == "bzip2":
            self.d = bz2.BZ2Decompressor()
        else:
            self.d = lzma.LZMADecompressor()
        self.fed = False
        self.last_input = b""        # what the last call was given (where damage was met)

    def feed(self, data: bytes) -> bytes:
        self.fed = self.fed or bool(data)
        self.last_input = data
        return self.d.decompress(data, _OUT)

    def more(self) -> bytes:
        """Output still pending from input already fed, without new input."""
        if self.kind == "gzip":
            tail = self.d.unconsumed_tail
            if tail:
                self.last_input = tail
            return self.d.decompress(tail, _OUT) if tail else b""
        if self.d.eof or self.d.needs_input:
            return b""
        return self.d.decompress(b"", _OUT)

    @property
    def eof(self) -> bool:
        return self.d.eof

    @property
    def unused(self) -> bytes:
        return self.d.unused_data


class Decompressing(io.RawIOBase):
    def __init__(self, raw: BinaryIO, kind: str):
        self.raw = raw
        self.kind = kind
        self.problem: Problem | None = None
        self._member = _Member(kind)
        self._buf = b""
        self._done = False
        self.members = 1
        self.skipped: list[Problem] = []   # damage passed over by resume()

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        while not self._buf and not self._done:
            try:
                self._buf = self._step()
            except (zlib.error, OSError, EOFError, ValueError, lzma.LZMAError) as exc:
                self._fail("corrupt", f"corrupt {self.kind} data ({exc})")
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def _fail(self, kind: str, message: str) -> None:
        self.problem = Problem(kind, message)
        self._done = True

    def resume(self, expect: bytes) -> bool:
        """After corrupt gzip data: go on at the next member whose data decompresses and
        starts with ``expect`` (per-record gzip, as in ``.warc.gz``: each record is a
        member); the damage stays in ``skipped``. False (the stream stays ended) when
        there is no such member, or the damage was not corruption."""
        if self.kind != "gzip" or self.problem is None or self.problem.kind != "corrupt":
            return False
        magic = _MAGIC["gzip"] + b"\x08"          # the magic and deflate, the only method
        buf, pos = self._member.last_input, 1
        while True:
            i = buf.find(magic, pos)
            if i < 0:
                more = self.raw.read(CHUNK)
                if not more:
                    return False
                buf, pos = buf[-(len(magic) - 1):] + more, 0
                continue
            m = _Member(self.kind)
            try:
                out = m.feed(buf[i:])
            except zlib.error:
                out = None
            if out and (out.startswith(expect) or expect.startswith(out)):
                self.skipped.append(self.problem)
                self.problem = None
                self._member, self._buf, self._done = m, out, False
                self.members += 1
                return True
            pos = i + 1

    def _step(self) -> bytes:
        m = self._member
        out = m.more()
        if out:
            return out
        if m.eof:
            rest = m.unused
            if not rest:
                rest = self.raw.read(CHUNK)
            if not rest:
                self._done = True
                return b""
            magic = _MAGIC[self.kind]
            if not rest.startswith(magic[: len(rest)]) or rest.strip(b"\x00") == b"":
                self._done = True    # trailing padding or garbage after the last member
                return b""
            self._member = m = _Member(self.kind)
            self.members += 1
            return m.feed(rest)
        chunk = self.raw.read(CHUNK)
        if not chunk:
            if m.fed:
                self._fail("truncated", f"truncated {self.kind} file: the compressed data ends "
                                        "before its end-of-stream marker")
            else:
                self._done = True
            return b""
        return m.feed(chunk)


def decompressing(raw: BinaryIO, kind: str) -> tuple[io.BufferedReader, Decompressing]:
    d = Decompressing(raw, kind)
    return io.BufferedReader(d, CHUNK), d
