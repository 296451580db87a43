"""STUB readers (being written): plain text files only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..model import RawDocument


def read_paths(paths: Sequence[str], cfg: dict[str, Any] | None = None,
               published: str | None = None) -> Iterator[RawDocument]:
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            yield RawDocument(source="<stdin>", text=data.decode("utf-8", "replace"),
                              content=data, published=published)
            continue
        path = Path(p)
        files = sorted(x for x in path.rglob("*") if x.is_file()) if path.is_dir() else [path]
        for f in files:
            data = f.read_bytes()
            yield RawDocument(source=str(f), text=data.decode("utf-8", "replace"), content=data,
                              published=published)
