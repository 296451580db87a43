"""WARC and ARC files (warcio): each HTML or plain-text response is one document.

Requests, metadata, warcinfo and revisits are not documents, nor are responses that are not
text (images, scripts) or not 2xx (redirects, error pages): they are passed over. Damage is
never passed over: warcio reads a cut-off record as if it were short, so each record's length
is checked against what was actually there, and bytes left after the last whole record
mean a record whose headers were cut off.

Gzip (whole-file or per record) is undone before warcio sees the stream, so a truncated
``.warc.gz`` is reported like any other truncated gzip, after the records before the cut.
A gzip member damaged in the middle of a per-record ``.warc.gz`` is one error document, and
reading goes on at the next member that decompresses to a WARC record, so the records after
the damage still come through.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..model import RawDocument
from .detect import HEAD_BYTES, HTML, TEXT, sniff
from .failures import CORRUPT, NO_DOCUMENTS, TOO_LARGE, TRUNCATED, failed, size_text
from .names import printable
from .single import document
from .source import Input
from .streams import CHUNK, Counting, read_capped

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
# A record without a usable type is sniffed; any other declared type is not a document.
SNIFF_TYPES = {"", "application/octet-stream", "unknown/unknown", "text/unknown"}
DOC_RECORDS = {"response", "resource", "conversion"}


try:
    from warcio.exceptions import ArchiveLoadFailed
except ImportError:  # pragma: no cover - warcio is a dependency; keep the module importable
    class ArchiveLoadFailed(Exception):  # type: ignore[no-redef]
        pass


def _iterator(stream, arc: bool):
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):
        # warcio writes its own warnings to stderr; damage is reported as error documents
        INC_RECORD = ""

    # ARC records are converted to WARC ones; a WARC file is held to WARC, so garbage in it
    # is an error instead of being taken for an ARC header
    return Quiet(stream, arc2warc=arc)


def read_warc(inp: Input) -> Iterator[RawDocument]:
    state = _State()
    arc = inp.head.lstrip(b"\r\n").startswith(b"filedesc://")
    while True:
        damaged = yield from _records(inp, state, arc)
        if not damaged:
            return
        # corrupt gzip in the middle: the records of later members can still be read
        layer = _gzip_layer(inp)
        problem = inp.problem()
        if layer is None or problem is None or not layer.resume(b"WARC/" if not arc else b""):
            yield _damaged(inp, state.whole)
            return
        state.produced += 1
        yield failed(inp.source, problem.kind,
                     f"{problem.message} after record {state.whole} ({state.whole} whole "
                     "records before it were read); that gzip member was skipped and reading "
                     "went on at the next one")


class _State:
    """Counts over the whole file, across the restarts after a damaged member."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.whole = 0          # records read to their end
        self.produced = 0       # documents and error documents yielded


def _gzip_layer(inp: Input):
    """The gzip decompression layer right under the WARC, if there is one (and only one)."""
    if len(inp.layers) == 1 and inp.layers[0].kind == "gzip":
        return inp.layers[0]
    return None


def _records(inp: Input, state: _State, arc: bool):
    """Read records until the stream ends; returns True when it ended at damage that a
    decompression layer met (the caller may resume after it), False when all is said."""
    seen = state.seen
    counter = Counting(inp.stream)
    it = _iterator(counter, arc=arc)
    try:
        for record in it:
            seen[record.rec_type or "unknown"] += 1
            label = _label(inp.source, record, sum(seen.values()))
            try:
                doc = _document(record, label, inp)
            except Exception as exc:  # one odd record must not end the archive
                doc = failed(label, CORRUPT,
                             f"could not read this record ({type(exc).__name__}: {exc})")
            _drain(record.raw_stream)
            missing = getattr(record.raw_stream, "limit", 0)
            if not _valid_length(record):
                # warcio takes the end of the file for the end of a record's headers: a
                # record cut there has no Content-Length (or half of one) and looks empty
                if inp.problem():
                    return True
                state.produced += 1
                yield _cut_in_headers(inp.source, state.whole)
                return False
            if missing > 0:
                if inp.problem():
                    return True      # a cut in the compressed file: reported once, by the caller
                state.produced += 1
                yield failed(label, TRUNCATED, f"truncated WARC record ({record.rec_type}): the "
                             f"file ends {size_text(missing)} before the record does")
                continue
            state.whole += 1
            if doc is not None:
                state.produced += 1
                yield doc
    except Exception as exc:  # warcio raises many kinds on a damaged file; none may escape
        if inp.problem():
            return True
        try:
            at_end = counter.raw.read(1) == b""
        except Exception:
            at_end = False
        state.produced += 1
        n = state.whole
        if at_end and not isinstance(exc, ArchiveLoadFailed):
            yield _cut_in_headers(inp.source, n)
        else:
            lines = str(exc).strip().splitlines()
            detail = lines[0][:200] if lines else type(exc).__name__
            yield failed(inp.source, CORRUPT, f"corrupt WARC: record {n + 1} cannot be parsed "
                         f"({detail}); the {n} records before it were read")
        return False
    if inp.problem():
        return True
    offset = getattr(it, "offset", counter.count)
    if isinstance(offset, int) and offset < counter.count:
        yield _cut_in_headers(inp.source, state.whole)
        return False
    if state.produced == 0:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(seen.items())) or "no records"
        yield failed(inp.source, NO_DOCUMENTS,
                     f"no HTML or text responses in this archive ({kinds})")
    return False


def _cut_in_headers(source: str, whole: int) -> RawDocument:
    """The file ends inside the headers of the record after the ``whole`` complete ones."""
    return failed(source, TRUNCATED, "truncated WARC record: the file ends inside the headers "
                  f"of record {whole + 1} ({whole} whole records were read)")


def _damaged(inp: Input, records: int) -> RawDocument:
    """The damage a decompression layer met, after ``records`` records were read."""
    problem = inp.problem()
    assert problem is not None
    return failed(inp.source, problem.kind,
                  f"{problem.message}; {records} records before it were read")


def _label(source: str, record, n: int) -> str:
    h = record.rec_headers
    uri = h.get_header("WARC-Target-URI") or h.get_header("uri")
    return printable(f"{source}#{uri or h.get_header('WARC-Record-ID') or f'record{n}'}")


def _valid_length(record) -> bool:
    value = record.rec_headers.get_header("Content-Length")
    if value is None:
        value = record.rec_headers.get_header("length")    # ARC header line
    return value is not None and value.strip().isdigit()


def _drain(stream) -> None:
    while stream.read(CHUNK):
        pass


def _media(value: str | None) -> tuple[str, str | None]:
    """(mime type, charset) of a Content-Type header."""
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'")
    return parts[0].lower(), charset


def _document(record, label: str, inp: Input) -> RawDocument | None:
    """The document in one record, an error document, or None when it holds no document."""
    if record.rec_type not in DOC_RECORDS:
        return None
    http = record.http_headers
    if record.rec_type == "response":
        if http is None or not (http.protocol or "").upper().startswith("HTTP"):
            return None    # dns:, whois: and other non-HTTP captures
        if not (http.get_statuscode() or "").startswith("2"):
            return None
        mime, charset = _media(http.get_header("Content-Type"))
    else:
        mime, charset = _media(record.content_type)
    if mime not in HTML_TYPES | TEXT_TYPES | SNIFF_TYPES:
        return None
    try:
        data, over = read_capped(record.content_stream(), inp.max_bytes)
    except Exception as exc:  # a bad chunked or content-encoded payload
        return failed(label, CORRUPT, f"could not decode the record's payload ({exc})")
    if over:
        return failed(label, TOO_LARGE, f"record payload over the {size_text(inp.max_bytes)} "
                                        "limit ([input] max_bytes)")
    if not data.strip():
        return None        # HEAD answers, empty 204s: nothing to read
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if mime in HTML_TYPES:
        fmt: str | None = HTML
    elif mime in TEXT_TYPES:
        fmt = TEXT
    else:
        fmt = sniff(uri or "", data[:HEAD_BYTES]).fmt
        if fmt not in (HTML, TEXT):
            return None
    return document(label, data, fmt, inp.published, declared=charset,
                    url=uri if uri and uri.lower().startswith(("http://", "https://")) else None)
