"""The web front end: a JSON API under ``/api`` and the analyst's page, one FastAPI app.

``newsgraph serve`` runs it under uvicorn (``server.serve``); ``create_app(db)`` builds it
for tests and embedding. Everything it answers comes from ``newsgraph.query``, over
read-only store connections (one per worker thread, ``pool``); the only writer is the
upload endpoint, which exists only when a token is configured (``upload``).

    app.py        the app: error bodies, security middleware, routers
    routes.py     /api: search, documents, actors, quotes, events, timeline, graph, briefing
    views.py      query results -> the JSON the API answers (facts with their sentences)
    schemas.py    response models (they document /api/openapi.json; responses are plain JSON)
    pages.py      the HTML shell, the docs page and the bundled static files
    security.py   size limits (413), host check, CSP and other headers
    upload.py     POST /api/ingest (token-checked)
    static/       the page: own JS/CSS and vendor/ (npm libraries with their licences,
                  written by tools/vendor_web.py)

FastAPI and uvicorn are ordinary dependencies of newsgraph (pinned in pyproject.toml);
``require()`` names the install command if an environment lacks them anyway.
"""

from __future__ import annotations

from typing import Any

from ..errors import DependencyMissing

FASTAPI_PIN = "fastapi==0.165.0"
UVICORN_PIN = "uvicorn==0.54.0"


def require() -> None:
    """Raise DependencyMissing (with the command that installs them) if fastapi or uvicorn
    cannot be imported."""
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise DependencyMissing(f"the web server's packages ({exc.name})",
                                f"pip install '{FASTAPI_PIN}' '{UVICORN_PIN}' "
                                f"(or reinstall newsgraph: pip install -e .)") from exc


def create_app(db: str, **kw: Any) -> Any:
    require()
    from .app import create_app as _create
    return _create(db, **kw)


__all__ = ["create_app", "require"]
