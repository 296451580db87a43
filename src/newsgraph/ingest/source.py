"""An opened input: its (decompressed) stream, first bytes, labels and the limits that apply."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from .compress import Decompressing, Problem


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
