"""The FastAPI app: routers, the one error body, and the security wrapper.

``create_app(db)`` opens the store read-only (one connection per worker thread) and builds
the app; settings come from ``[web]`` in the configuration (``defaults.toml``) unless given.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any, AsyncIterator, Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from .. import __version__
from .. import config as config_mod
from ..errors import (ConfigError, DependencyMissing, NewsgraphError, NotFound, QueryError,
                      StoreError)
from . import pages, routes
from .cache import ResponseCache
from .pool import StorePool
from .security import BodyTooLarge, Guard

log = logging.getLogger("newsgraph.web")

STATUS = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 406: "not_acceptable", 409: "busy", 413: "too_large",
          414: "uri_too_long", 415: "unsupported_media_type", 422: "bad_request",
          429: "too_many_requests", 501: "not_available", 503: "unavailable"}


def _status(exc: NewsgraphError) -> int:
    from .upload import Busy, TooLarge, Unauthorized
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, Unauthorized):
        return 401
    if isinstance(exc, Busy):
        return 409
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, (StoreError, DependencyMissing)):
        return 503
    return 500


def _err(status: int, code: str, message: str, headers: dict[str, str] | None = None
         ) -> routes.JSON:
    return routes.JSON({"error": {"code": code, "message": message}}, status_code=status,
                       headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(db: str | Path, *, cfg: dict[str, Any] | None = None,
               token: str | None = None, allowed_hosts: Iterable[str] | None = None,
               cors_origins: Iterable[str] | None = None) -> Any:
    """The app over the store ``db`` (which must exist). ``allowed_hosts``: the Host names
    it answers to (None: any; ``serve`` passes the loopback names when it listens there)."""
    cfg = cfg or config_mod.load()
    web = cfg["web"]
    token = web["token"] if token is None else token
    origins = list(web["cors_origins"] if cors_origins is None else cors_origins)
    threads = int(web["threads"])
    if threads < 1:
        raise ConfigError(f"[web] threads must be 1 or more, got {threads}")
    db = Path(db)
    pool = StorePool(db)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the handlers are plain functions, run on anyio's worker threads (40 by default):
        # a few keep the cores busy (SQLite reads without the GIL); more only contend
        import anyio.to_thread
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan, title="newsgraph", version=__version__,
        description="A cited knowledge base of news: actors, quotes, times and events, each "
        "with the sentence it came from. Every offset is a Python `str` index into the "
        "document's `text`. Errors: `{\"error\": {\"code\", \"message\"}}` with a 4xx status.",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.pool = pool
    app.state.threads = threads
    app.state.assets = pages.load_assets()
    app.state.db = db
    app.state.uploads = bool(token)

    @app.exception_handler(NewsgraphError)
    async def on_newsgraph_error(request: Request, exc: NewsgraphError) -> routes.JSON:
        status = _status(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return _err(status, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> routes.JSON:
        return _err(400, "bad_request", _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> routes.JSON:
        code = STATUS.get(exc.status_code, "error")
        msg = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404:
            msg = f"nothing at {request.url.path}"
        return _err(exc.status_code, code, msg, getattr(exc, "headers", None))

    @app.exception_handler(BodyTooLarge)
    async def on_too_large(request: Request, exc: BodyTooLarge) -> routes.JSON:
        return _err(413, "too_large", "the request body is over the limit")

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> routes.JSON:
        log.exception("%s %s failed", request.method, request.url.path)
        return _err(500, "internal", "the server failed to answer; the error is in its log")

    app.include_router(routes.router)
    limits = {}
    if token:
        from . import upload
        updir = Path(web["upload_dir"]) if web["upload_dir"] else \
            db.with_name(db.stem + "-uploads")
        app.include_router(upload.build(db, token, web["max_upload_bytes"], updir))
        limits["/api/ingest"] = web["max_upload_bytes"]
    app.include_router(pages.router)

    # middleware runs outermost-last-added: Guard, then CORS, then the cache, then routes
    app.add_middleware(ResponseCache, max_bytes=int(web["cache_mb"] * 1024 * 1024),
                       version=lambda: pool.get().data_version(), skip=("/api/ingest",))
    if origins:
        from starlette.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"],
                           allow_headers=[], allow_credentials=False)
    # added last, so it runs first: limits and host check before anything else reads
    app.add_middleware(Guard, max_body=web["max_request_bytes"], limits=limits,
                       allowed_hosts=allowed_hosts)
    return app
