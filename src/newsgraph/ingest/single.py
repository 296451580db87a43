"""One file (or decompressed stream) that is one document: plain text or HTML source."""

from __future__ import annotations

from typing import Iterator

from ..model import RawDocument
from .detect import HTML, HEAD_BYTES, binary_reason, looks_html
from .failures import BINARY, EMPTY, TOO_LARGE, failed, size_text
from .source import Input
from .text import canonical_url, decode, html_charset


def read_document(inp: Input, fmt: str) -> Iterator[RawDocument]:
    if inp.size is not None and inp.size > inp.max_bytes:
        yield failed(inp.source, TOO_LARGE, f"file is {size_text(inp.size)}, over the "
                     f"{size_text(inp.max_bytes)} limit ([input] max_bytes)")
        return
    # say what was over: a compressed file's content, or a stream of unknown size (stdin)
    what = ("decompresses to more than" if inp.layers else
            "the input holds more than" if inp.size is None else "is more than")
    data, error = inp.read_whole(f"{what} {size_text(inp.max_bytes)}, the [input] max_bytes "
                                 "limit")
    yield error if error is not None else document(inp.source, data, fmt, inp.published)


def document(source: str, data: bytes, fmt: str | None, published: str | None,
             declared: str | None = None, url: str | None = None) -> RawDocument:
    """A RawDocument from the bytes of one text or HTML document (``fmt`` None: sniff)."""
    if not data:
        return failed(source, EMPTY, "empty file (0 bytes)")
    why = binary_reason(data[:HEAD_BYTES])
    if why:
        return failed(source, BINARY, f"not text: this is {why}")
    if fmt is None:
        fmt = HTML if looks_html(data[:HEAD_BYTES]) else "text"
    is_html = fmt == HTML
    if is_html and not declared:
        declared = html_charset(data[:8192])
    dec = decode(data, declared, html_declared=is_html)
    if not dec.text.strip():
        return failed(source, EMPTY, "the file holds only whitespace", content=data)
    if is_html and url is None:
        url = canonical_url(dec.text)
    return RawDocument(source=source, media_type="text/html" if is_html else "text/plain",
                       text=dec.text, content=data, published=published, url=url,
                       encoding=dec.encoding, published_default=published is not None)
