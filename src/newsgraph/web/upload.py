"""POST /api/ingest: upload one file and ingest it. The route exists only when a token is
configured (``[web] token`` or ``$NEWSGRAPH_WEB_TOKEN``), and every call must carry it
(``Authorization: Bearer TOKEN``, compared in constant time).

The file is kept in the upload folder under a name made only of safe characters (it is the
stored document's source, so it must stay readable); its body is counted as it arrives and
refused with 413 past ``[web] max_upload_bytes``. One ingest runs at a time (409 while one
does). The ingest writes through its own connection; the server's readers stay read-only.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
import threading
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from ..errors import NewsgraphError, QueryError
from . import schemas as S
from .routes import DATE, JSON, _errors

SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Unauthorized(NewsgraphError):
    code = "unauthorized"


class Busy(NewsgraphError):
    code = "busy"


class TooLarge(NewsgraphError):
    code = "too_large"


def safe_name(name: str | None) -> str:
    """A file name with no path in it: the last component, unsafe characters replaced."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = SAFE.sub("_", base).strip("._")[:100]
    return base or "upload"


def build(db: Path, token: str, max_bytes: int, upload_dir: Path) -> APIRouter:
    router = APIRouter(prefix="/api", default_response_class=JSON)
    lock = threading.Lock()
    want = token.encode()

    @router.post("/ingest", response_model=None,
                 responses={200: {"model": S.IngestReport}, **_errors(400, 401, 409, 413)},
                 summary="Upload one file (any format `ingest` reads) and ingest it",
                 tags=["store"],
                 description="The body is the file's bytes; `name` its file name (the "
                 "extension helps to tell the format). Needs `Authorization: Bearer TOKEN`.")
    async def ingest(request: Request,
                     name: str = Query("upload.txt", min_length=1, max_length=200),
                     published: Optional[str] = Query(None, pattern=DATE)) -> JSON:
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip().encode() if auth[:7].lower() == "bearer " else b""
        if not given or not hmac.compare_digest(given, want):
            raise Unauthorized("this endpoint needs the server's token: "
                               "Authorization: Bearer TOKEN")
        chunks: list[bytes] = []
        n = 0
        async for chunk in request.stream():
            n += len(chunk)
            if n > max_bytes:
                raise TooLarge(f"the upload is over the limit of {max_bytes} bytes")
            chunks.append(chunk)
        if n == 0:
            raise QueryError("the upload is empty: send the file's bytes as the body")
        if not lock.acquire(blocking=False):
            raise Busy("an ingest is already running; try again when it has finished")
        try:
            return JSON(await run_in_threadpool(_ingest, db, upload_dir, name,
                                                b"".join(chunks), published))
        finally:
            lock.release()

    return router


def _ingest(db: Path, upload_dir: Path, name: str, body: bytes, published: str | None
            ) -> dict[str, Any]:
    from ..api import ingest
    upload_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    path = upload_dir / f"{stamp}-{secrets.token_hex(4)}-{safe_name(name)}"
    path.write_bytes(body)
    rep = ingest([str(path)], db=str(db), published=published, workers=1)
    out = rep.to_dict()
    out["db"] = db.name
    out["saved_as"] = path.name
    return out
