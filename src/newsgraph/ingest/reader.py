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
from .names import printable
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
        return None, failed(printable(path), NOT_FOUND, why)
    except OSError as exc:
        return None, failed(printable(path), UNREADABLE, f"cannot read: {exc.strerror or exc}")


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file (nor a folder) is, in words; None if regular."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return "not a regular file"


def refuse_special(path: str, st: os.stat_result) -> RawDocument | None:
    """The error document for a path that is not a regular file, else None. Checked on the
    stat, before any open(): opening a FIFO blocks until a writer comes, a device never
    ends. Standard input is read with ``-``."""
    what = special_kind(st.st_mode)
    if what is None:
        return None
    return failed(printable(path), UNREADABLE,
                  f"not a regular file: this is {what}; it was not opened (to read a pipe, "
                  "give it on standard input as -)")


def read_file(path: str, max_bytes: int, published: str | None,
              st: os.stat_result | None = None) -> Iterator[RawDocument]:
    if st is None:
        st, error = stat_path(path)
        if error is not None:
            yield error
            return
    source = printable(path)
    special = refuse_special(path, st)
    if special is not None:
        yield special
        return
    if st.st_size == 0:
        yield failed(source, EMPTY, "empty file (0 bytes)")
        return
    try:
        # O_NONBLOCK: should the path have become a FIFO since it was stat'ed, open() must
        # not wait for a writer (it is refused below); a regular file ignores the flag
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        yield failed(source, UNREADABLE, f"cannot open: {exc.strerror or exc}")
        return
    fh = open(fd, "rb", buffering=0)
    with fh:
        special = refuse_special(path, os.fstat(fd))
        if special is not None:
            yield special
            return
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        yield from read_stream(fh, source, os.path.basename(path), max_bytes, published,
                               size=st.st_size)
