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


def _cfg(**web):
    import copy

    from newsgraph import config as config_mod
    cfg = copy.deepcopy(config_mod.load())
    cfg["web"].update(web)
    return cfg


def test_kept_answers_are_bounded_and_the_oldest_go_first(web_db):
    # room for a few small answers only: 4 KiB
    app = create_app(web_db, cfg=_cfg(cache_mb=4 / 1024))
    with TestClient(app) as c:
        cache = _cache(app)
        assert cache.max_bytes == 4096
        first = c.get("/api/documents", params={"limit": 1}).json()
        sizes = []
        for n in range(2, 40):
            assert c.get("/api/documents", params={"limit": n}).status_code == 200
            assert cache.size <= cache.max_bytes
            sizes.append(len(cache.items))
        assert max(sizes) < 38          # answers were dropped to stay in the bound
        misses = cache.misses
        # the first answer, least recently used, is gone: asking again reads the store
        assert c.get("/api/documents", params={"limit": 1}).json() == first
        assert cache.misses == misses + 1
        # the one just kept is answered from memory
        hits = cache.hits
        c.get("/api/documents", params={"limit": 1})
        assert cache.hits == hits + 1


def test_answers_are_recomputed_after_a_commit_even_when_equal_in_size(web_db, tmp_path):
    """The key is the request, the check is the store's data_version: a cached answer is
    never served after another connection committed, whatever the answer."""
    db = tmp_path / "v.db"
    shutil.copy(web_db, db)
    app = create_app(db)
    with TestClient(app) as c:
        cache = _cache(app)
        c.get("/api/stats")
        c.get("/api/stats")
        hits, misses = cache.hits, cache.misses
        with open_store(db) as st:
            write_batch(st, [plain(body(4343), "mem/later.txt", published="2030-01-02",
                                   title="Later")], Dedup())
        c.get("/api/stats")
        assert (cache.hits, cache.misses) == (hits, misses + 1)
        assert len(cache.items) == 1     # everything kept before the commit was dropped


def test_request_threads_come_from_the_config(web_db):
    import anyio.to_thread
    import pytest

    from newsgraph.errors import ConfigError
    app = create_app(web_db, cfg=_cfg(threads=3))
    with TestClient(app) as c:
        assert app.state.threads == 3
        got = c.portal.call(lambda: _tokens(anyio.to_thread))
        assert got == 3
        assert c.get("/api/stats").status_code == 200
    with pytest.raises(ConfigError, match="threads"):
        create_app(web_db, cfg=_cfg(threads=0))


async def _tokens(to_thread) -> int:
    return to_thread.current_default_thread_limiter().total_tokens
