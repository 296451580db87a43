"""The page: an HTML shell for every view, the API docs page, and the bundled files.

Static files are read once, when the app is built, from ``static/`` inside the package
(own code and ``vendor/``, the npm libraries with their licences). A request names a file
of that list or gets a 404: there is no path from a URL to the file system, so no
traversal. Each file has an ETag (a hash of its bytes) and a gzipped copy.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import query
from ..errors import NotFound

TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml",
         ".txt": "text/plain; charset=utf-8", ".json": "application/json",
         ".png": "image/png", ".woff2": "font/woff2", ".map": "application/json"}
# the views the page's router knows; each URL gets the same shell
VIEWS = ("/", "/search", "/documents", "/actors", "/quotes", "/timeline", "/graph")
DOC_ID = re.compile(r"^[0-9a-fA-F]{4,16}$")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gz: bytes | None
    type: str
    etag: str


def load_assets() -> dict[str, Asset]:
    """Every file under static/, keyed by its URL path (``/static/js/app.js``)."""
    out: dict[str, Asset] = {}
    root = resources.files("newsgraph.web").joinpath("static")

    def walk(node: Any, rel: str) -> None:
        for child in node.iterdir():
            name = child.name
            if name.startswith("."):
                continue
            if child.is_dir():
                walk(child, f"{rel}{name}/")
            else:
                ext = name[name.rfind("."):] if "." in name else ""
                body = child.read_bytes()
                ctype = TYPES.get(ext.lower(), "application/octet-stream")
                gz = (gzip.compress(body, 6, mtime=0)
                      if len(body) > 1024 and not ctype.startswith(("image/png", "font/"))
                      else None)
                out[f"/static/{rel}{name}"] = Asset(
                    body, gz, ctype, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')

    walk(root, "")
    return out


def serve_asset(request: Request, a: Asset, status: int = 200,
                cache: str = "no-cache") -> Response:
    headers = {"etag": a.etag, "cache-control": cache, "vary": "accept-encoding"}
    if status == 200 and request.headers.get("if-none-match") == a.etag:
        return Response(status_code=304, headers=headers)
    body = a.body
    if a.gz is not None and "gzip" in request.headers.get("accept-encoding", ""):
        body = a.gz
        headers["content-encoding"] = "gzip"
    return Response(body, status_code=status, media_type=a.type, headers=headers)


router = APIRouter(include_in_schema=False)


def _assets(request: Request) -> dict[str, Asset]:
    return request.app.state.assets


def _shell(request: Request, status: int = 200) -> Response:
    return serve_asset(request, _assets(request)["/static/index.html"], status)


@router.get("/static/{path:path}")
def static(request: Request, path: str) -> Response:
    a = _assets(request).get("/static/" + path)
    if a is None:
        raise NotFound(f"no file /static/{path}")
    return serve_asset(request, a)


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    return serve_asset(request, _assets(request)["/static/docs.html"])


for _view in VIEWS:
    router.add_api_route(_view, _shell, methods=["GET"], include_in_schema=False)


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str) -> Response:
    """The document view; 404 (the same shell, which says so) for an unknown document."""
    if not DOC_ID.match(doc_id):
        return _shell(request, 404)
    try:
        query.resolve_document(request.app.state.pool.get(), doc_id.lower())
    except NotFound:
        return _shell(request, 404)
    return _shell(request)


@router.get("/actors/{actor_id}")
def actor_page(request: Request, actor_id: str) -> Response:
    return _shell(request, 200 if actor_id.isdigit() and len(actor_id) < 19 else 404)
