"""``newsgraph serve``: the app under uvicorn.

Listens on 127.0.0.1 unless told otherwise; on a loopback address it answers only to
loopback host names (see ``security``). The store must exist: the server never creates one.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
from pathlib import Path
from typing import Any

from .. import query
from ..errors import ConfigError, StoreError
from . import require
from .security import LOOPBACK_HOSTS


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


_ENV = "NEWSGRAPH_SERVE"


def app_from_env() -> Any:
    """The app for one worker process of a multi-worker server (``--workers N``): the
    parent passes the store and the host check through the environment."""
    from .. import config as config_mod
    from .app import create_app
    spec = json.loads(os.environ[_ENV])
    app = create_app(spec["db"], cfg=config_mod.load(), allowed_hosts=spec["allowed"])
    freeze_startup_objects()
    return app


def freeze_startup_objects() -> None:
    """Take what the server built at start (modules, routes, schemas: ~64,000 objects) out
    of the garbage collector's full passes, which otherwise walk all of it every so often
    while answering: 70-100 ms with every client waiting, on a loaded 2-core machine (the
    spikes in the p99 of answers that cost 0.1 ms). Nothing of it is ever freed anyway."""
    import gc
    gc.collect()
    gc.freeze()


def _upgrade(db: Path) -> None:
    """Bring a store written by an older newsgraph to this schema, once, before serving it
    read-only (the only write the server makes, and only when the schema is older)."""
    from ..errors import SchemaTooOld
    from ..store import VERSION, open_store
    try:
        open_store(db, read_only=True).close()
        return
    except SchemaTooOld:
        pass
    with open_store(db, create=False) as st:    # a read-write open applies the migrations
        after = st.version
    if after != VERSION:
        raise StoreError(f"{db} could not be upgraded to schema version {VERSION}")
    print(f"newsgraph: upgraded {db} to schema version {VERSION}", file=sys.stderr)


def serve(db: str | Path, cfg: dict[str, Any], *, host: str | None = None,
          port: int | None = None, workers: int = 1, log_level: str = "warning") -> None:
    require()
    import uvicorn

    from .app import create_app
    web = cfg["web"]
    host = host or web["host"]
    port = web["port"] if port is None else port
    if not 0 <= port <= 65535:
        raise ConfigError(f"port must be 0-65535, got {port}")
    db = Path(db)
    if not db.is_file():
        raise StoreError(f"no store at {db} (create one with: newsgraph ingest PATH --db {db})")
    _upgrade(db)
    loop = is_loopback(host)
    allowed = [*LOOPBACK_HOSTS, host.lower()] if loop else None
    app = create_app(db, cfg=cfg, allowed_hosts=allowed)
    url = url_for(host, port)
    n = query.docs_total(app.state.pool.get())
    print(f"newsgraph: serving {db} ({n} documents, read-only) at {url}  "
          f"API: {url}api/  docs: {url}api/docs  (Ctrl-C stops)", file=sys.stderr, flush=True)
    if not loop:
        print(f"warning: listening on {host}, reachable from other machines; the API has no "
              f"accounts", file=sys.stderr)
    if app.state.uploads:
        print("uploads: POST /api/ingest with the configured token", file=sys.stderr)
    if workers < 1:
        raise ConfigError(f"workers must be 1 or more, got {workers}")
    opts = dict(host=host.strip("[]"), port=port, log_level=log_level, access_log=False,
                server_header=False, proxy_headers=False, timeout_graceful_shutdown=5)
    if workers == 1:
        freeze_startup_objects()
        uvicorn.run(app, **opts)
        return
    # each worker process builds its own app (its own connections and answer cache)
    app.state.pool.close()
    os.environ[_ENV] = json.dumps({"db": str(db), "allowed": allowed})
    print(f"workers: {workers} processes", file=sys.stderr)
    uvicorn.run("newsgraph.web.server:app_from_env", factory=True, workers=workers, **opts)
