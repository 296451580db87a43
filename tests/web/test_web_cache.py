"""Kept answers: a repeated question is answered from memory, and any commit to the store by
another connection (an ingest) drops them all."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgraph.link.dedup import Dedup  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.link import write_batch  # noqa: E402
from newsgraph.web import create_app  # noqa: E402
from newsgraph.web.cache import ResponseCache  # noqa: E402
from web_factory import QUIET, TestClient, body, plain, web_db  # noqa: E402,F401

pytestmark = QUIET


def _cache(app) -> ResponseCache:
    stack = app.middleware_stack or app.build_middleware_stack()
    while not isinstance(stack, ResponseCache):
        stack = stack.app
    return stack


def test_repeats_are_kept_and_a_commit_drops_them(web_db, tmp_path):
    db = tmp_path / "c.db"
    shutil.copy(web_db, db)
    app = create_app(db)
    with TestClient(app) as c:
        first = c.get("/api/documents", params={"limit": 5}).json()
        cache = _cache(app)
        hits = cache.hits
        assert c.get("/api/documents", params={"limit": 5}).json() == first
        assert cache.hits == hits + 1
        # errors are never kept
        c.get("/api/search", params={"q": '"'})
        assert c.get("/api/search", params={"q": '"'}).status_code == 400
        assert cache.hits == hits + 1
        with open_store(db) as st:       # another connection commits a document
            write_batch(st, [plain(body(4242), "mem/late.txt", published="2030-01-01",
                                   title="Late")], Dedup())
        after = c.get("/api/documents", params={"limit": 5}).json()
        assert after["total"] == first["total"] + 1
        assert after["items"][0]["title"] == "Late"
