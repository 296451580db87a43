"""Helpers for the reader tests: a config with a chosen size limit, one-call readers, WARC builders."""

from __future__ import annotations

from pathlib import Path

from newsgraph.ingest import read_paths


def make_cfg(max_bytes: int = 20_000_000, follow_symlinks: bool = False) -> dict:
    return {"input": {"max_bytes": max_bytes, "follow_symlinks": follow_symlinks}}


def read(*paths, published: str | None = None, **cfg):
    return list(read_paths([str(p) for p in paths], make_cfg(**cfg), published=published))


def read_one(path: Path, **kw):
    docs = read(path, **kw)
    assert len(docs) == 1, [(d.source, d.error) for d in docs]
    return docs[0]


def warc_bytes(records, gzip: bool = False, warcinfo: bool = True) -> bytes:
    """A WARC holding ``records``: (uri, content type, body bytes, record type, HTTP status)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)
    if warcinfo:
        w.write_record(w.create_warcinfo_record("test.warc", {"software": "newsgraph-tests"}))
    for rec in records:
        uri, ctype, body, rtype, status = (tuple(rec) + ("response", "200 OK"))[:5]
        if rtype == "response":
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                http_headers=http))
        elif rtype == "request":
            http = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "example.org")],
                                    is_http_request=True)
            w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                http_headers=http))
        else:
            w.write_record(w.create_warc_record(uri, rtype, payload=io.BytesIO(body),
                                                warc_content_type=ctype))
    return buf.getvalue()


def arc_bytes(records) -> bytes:
    """An ARC (version 1) file: a filedesc header then (uri, content type, body) responses."""
    head_body = b"1 0 newsgraph-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://test.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(head_body)
           + head_body + b"\n"]
    for uri, ctype, body in records:
        http = (b"HTTP/1.0 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Length: "
                + str(len(body)).encode() + b"\r\n\r\n" + body)
        out.append(b"%s 10.0.0.1 20240102030405 %s %d\n" % (uri.encode(), ctype.encode(), len(http))
                   + http + b"\n")
    return b"".join(out)
