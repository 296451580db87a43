"""Readers: files, folders and stdin in any supported format, as a stream of RawDocuments.

Formats: plain text in any common encoding, HTML, JSON Lines / JSON feeds, WARC and ARC,
each possibly gzip/bzip2/xz-compressed; detected from magic bytes, then the file name, then
the content. One RawDocument per document, in a deterministic order (arguments in order,
folders walked recursively in name order). Nothing here raises for a bad input: a path or
document that cannot be read yields a RawDocument with ``error`` and ``error_kind`` set (see
``failures``), and the documents around it still come through.

A ``meta.jsonl`` beside the pages it describes (``{"file", "published", "title", "url"}``, no
body) lends them its metadata (see ``sidecar``).

``[input] max_bytes`` bounds one document (a file, a decompressed stream, a JSONL line, a WARC
record), never a container, so a large feed or archive streams through in bounded memory.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Any, Iterator, Sequence

from ..model import RawDocument
from .dates import normalise_date
from .failures import EMPTY, UNREADABLE, failed
from .names import printable
from .reader import guarded, read_file, read_stream, refuse_special, stat_path
from .sidecar import Sidecars
from .walk import walk

__all__ = ["read_paths", "STDIN"]

STDIN = "-"


def read_paths(paths: Sequence[str], cfg: dict[str, Any] | None = None,
               published: str | None = None) -> Iterator[RawDocument]:
    """Yield one RawDocument per input document; ``published`` is for documents without a date."""
    if cfg is None:
        from .. import config
        cfg = config.load()
    settings = cfg.get("input", {})
    max_bytes = int(settings.get("max_bytes", 20_000_000))
    follow = bool(settings.get("follow_symlinks", False))
    published = normalise_date(published) or published
    sidecars = Sidecars()
    for p in paths:
        p = os.fspath(p)
        if p == STDIN:
            stdin = getattr(sys.stdin, "buffer", None)
            if stdin is None:
                yield failed("<stdin>", UNREADABLE, "there is no standard input to read")
                continue
            yield from guarded("<stdin>", read_stream(stdin, "<stdin>", "", max_bytes, published))
        else:
            yield from guarded(printable(p), _read_path(p, max_bytes, follow, published,
                                                        sidecars))


def _read_path(p: str, max_bytes: int, follow: bool, published: str | None,
               sidecars: Sidecars) -> Iterator[RawDocument]:
    st, error = stat_path(p)
    if error is not None:
        yield error
        return
    if not stat.S_ISDIR(st.st_mode):
        special = refuse_special(p, st)
        if special is not None:       # never opened: a FIFO would block open() for ever
            yield special
            return
        sidecars.prepare(p)
        for doc in read_file(p, max_bytes, published, st):
            yield sidecars.apply(doc, p)
        return
    any_file = False
    for entry in walk(p, follow):
        any_file = True
        if entry.error:
            yield failed(printable(entry.path), UNREADABLE, entry.error)
            continue
        sidecars.prepare(entry.path, root=p)
        if sidecars.is_sidecar(entry.path):
            continue          # metadata for its neighbours, applied as they are read
        docs = read_file(entry.path, max_bytes, published, entry.st)
        for doc in guarded(printable(entry.path), docs):
            yield sidecars.apply(doc, entry.path)
    if not any_file:
        yield failed(printable(p), EMPTY,
                     "the folder holds no files to read (hidden files are skipped)")
