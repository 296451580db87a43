"""An opened input: its (decompressed) stream, first bytes, labels and the limits that apply."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from ..model import RawDocument
from .compress import Decompressing, Problem
from .failures import TOO_LARGE, failed
from .streams import read_capped


@dataclass
class Input:
    source: str                  # RawDocument.source for the file itself ("path", "<stdin>")
    name: str                    # what format guessing looks at (compression suffix removed)
    stream: io.BufferedReader    # decompressed, positioned at the start
    head: bytes                  # the stream's first bytes (still to be read from ``stream``)
    max_bytes: int
    published: str | None = None
    size: int | None = None      # byte size when known and not compressed
    layers: list[Decompressing] = field(default_factory=list)

    def problem(self) -> Problem | None:
        """The first damage a decompression layer met so far (truncated, corrupt), if any."""
        for layer in self.layers:
            if layer.problem:
                return layer.problem
        return None

    def read_whole(self, over_limit: str) -> tuple[bytes, RawDocument | None]:
        """(the whole stream, None), or (b"", the error document): decompression damage, or
        more than ``max_bytes`` (reported as ``over_limit``)."""
        data, over = read_capped(self.stream, self.max_bytes)
        problem = self.problem()
        if problem:
            return b"", failed(self.source, problem.kind, problem.message)
        if over:
            return b"", failed(self.source, TOO_LARGE, over_limit)
        return data, None
