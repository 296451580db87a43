"""Small binary stream helpers: look at the first bytes without losing them, read with a cap."""

from __future__ import annotations

import io
from typing import BinaryIO

CHUNK = 1 << 16


def read_up_to(stream: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes, looping over short reads (pipes and decompressors return less)."""
    parts: list[bytes] = []
    left = n
    while left > 0:
        b = stream.read(min(left, CHUNK * 16))
        if not b:
            break
        parts.append(b)
        left -= len(b)
    return b"".join(parts)


class Peeked(io.RawIOBase):
    """A stream whose first ``size`` bytes were read ahead into ``head`` and are replayed."""

    def __init__(self, raw: BinaryIO, size: int):
        self.raw = raw
        self.head = read_up_to(raw, size)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if self._pos < len(self.head):
            n = min(len(b), len(self.head) - self._pos)
            b[:n] = self.head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def peek(raw: BinaryIO, size: int) -> tuple[io.BufferedReader, bytes]:
    """(a buffered stream that still starts at the beginning, its first ``size`` bytes)."""
    p = Peeked(raw, size)
    return io.BufferedReader(p, CHUNK), p.head


def read_capped(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """(at most ``limit`` bytes, whether there was more): never holds more than limit + 1."""
    data = read_up_to(stream, limit + 1)
    if len(data) > limit:
        return data[:limit], True
    return data, False


class Counting:
    """Counts what is read through it, and offers ``tell`` to readers that want it."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.count
