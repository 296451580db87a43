"""Error documents: a per-document or per-path problem becomes a RawDocument, never an exception."""

from __future__ import annotations

from ..model import RawDocument

# error_kind codes the readers use (the CLI and the store group errors by them)
NOT_FOUND = "not_found"          # the path does not exist
UNREADABLE = "unreadable"        # permission denied, I/O error, a special file
EMPTY = "empty"                  # no bytes, only whitespace, a folder or feed with nothing in it
BINARY = "binary"                # an image, PDF, archive, executable... not text
TOO_LARGE = "too_large"          # over [input] max_bytes
TRUNCATED = "truncated"          # a compressed stream or WARC record that ends early
CORRUPT = "corrupt"              # damaged compressed data or WARC structure
BAD_JSON = "bad_json"            # a JSON Lines line that is not a JSON object
BAD_FIELD = "bad_field"          # a JSON field of the wrong type
NO_BODY = "no_body"              # a JSON document without "text" or "html"
UNSUPPORTED = "unsupported"      # a format newsgraph does not read (XML feeds)
NO_DOCUMENTS = "no_documents"    # a WARC with no HTML or text responses


def failed(source: str, kind: str, message: str, content: bytes = b"") -> RawDocument:
    return RawDocument(source=source, error=message, error_kind=kind, content=content)


def size_text(n: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return "1 byte" if n == 1 else f"{n} bytes"
