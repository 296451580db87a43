"""Open one path or stream, undo compression, find the format, hand it to its reader.

Every problem with one input becomes an error document here or in the format readers; the
``guarded`` wrapper turns anything unforeseen into one more, so a run never stops on input.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO, Iterator

from ..model import RawDocument
from . import detect
from .compress import decompressing
from .failures import BINARY, EMPTY, NOT_FOUND, UNREADABLE, UNSUPPORTED, failed
from .source import Input
from .streams import peek

MAX_LAYERS = 3      # gzip inside gzip happens; deeper nesting is a bomb, not a document


def guarded(source: str, docs: Iterator[RawDocument]) -> Iterator[RawDocument]:
    try:
        yield from docs
    except Exception as exc:  # the last line of defence: a bug must cost one input, not the run
        yield failed(source, UNREADABLE, f"could not read ({type(exc).__name__}: {exc})")
    finally:
        close = getattr(docs, "close", None)
        if close:
            close()


def read_stream(raw: BinaryIO, source: str, name: str, max_bytes: int,
                published: str | None, size: int | None = None) -> Iterator[RawDocument]:
    stream, head = peek(raw, detect.HEAD_BYTES)
    inp = Input(source=source, name=name, stream=stream, head=head, max_bytes=max_bytes,
                published=published, size=size)
    for _ in range(MAX_LAYERS):
        kind = detect.compression_of(inp.head)
        if not kind:
            break
        inp.stream, layer = decompressing(inp.stream, kind)
        inp.layers.append(layer)
        inp.stream, inp.head = peek(inp.stream, detect.HEAD_BYTES)
        inp.name = detect.strip_compression_suffix(inp.name)
        inp.size = None
    if detect.compression_of(inp.head):
        yield failed(source, UNSUPPORTED, f"compressed more than {MAX_LAYERS} times over; "
                     "this looks like a decompression bomb, not a document")
        return
    if not inp.head:
        problem = inp.problem()
        if problem:
            yield failed(source, problem.kind, problem.message)
        elif inp.layers:
            yield failed(source, EMPTY, f"the {inp.layers[0].kind} file holds no data")
        else:
            yield failed(source, EMPTY, "empty file (0 bytes)")
        return
    fmt, why = detect.sniff(inp.name, inp.head)
    if fmt == detect.BINARY:
        yield failed(source, BINARY, f"not text: this is {why}")
    elif fmt == detect.XML:
        yield failed(source, UNSUPPORTED, "an XML document (e.g. an RSS or Atom feed), not an "
                     "article; newsgraph reads text, HTML, JSON Lines and WARC")
    elif fmt == detect.WARC:
        from .warc import read_warc
        yield from read_warc(inp)
    elif fmt == detect.JSONL:
        from .jsonl import read_jsonl
        yield from read_jsonl(inp)
    elif fmt == detect.JSON:
        from .jsonl import read_json
        yield from read_json(inp)
    else:
        from .single import read_document
        yield from read_document(inp, fmt)


def stat_path(path: str) -> tuple[os.stat_result | None, RawDocument | None]:
    """(the path's stat, None), or (None, the error document saying why it cannot be read)."""
    try:
        return os.stat(path), None
    except FileNotFoundError:
        why = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        return None, failed(path, NOT_FOUND, why)
    except OSError as exc:
        return None, failed(path, UNREADABLE, f"cannot read: {exc.strerror or exc}")


def read_file(path: str, max_bytes: int, published: str | None,
              st: os.stat_result | None = None) -> Iterator[RawDocument]:
    if st is None:
        st, error = stat_path(path)
        if error is not None:
            yield error
            return
    regular = stat.S_ISREG(st.st_mode)
    if regular and st.st_size == 0:
        yield failed(path, EMPTY, "empty file (0 bytes)")
        return
    try:
        fh = open(path, "rb", buffering=0)
    except OSError as exc:
        yield failed(path, UNREADABLE, f"cannot open: {exc.strerror or exc}")
        return
    with fh:
        yield from read_stream(fh, path, os.path.basename(path), max_bytes, published,
                               size=st.st_size if regular else None)
