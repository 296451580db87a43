"""Answers to GET /api requests, kept while the store is unchanged.

Analysts repeat questions (paging back, the same actor's timeline, the search everyone
types), and the store changes only when an ingest commits. So a successful JSON answer is
kept, keyed by its path and query string, until SQLite's ``data_version`` says another
connection has committed: then every kept answer is dropped at once. Bounded in bytes;
least recently used answers go first.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable

MAX_ANSWER = 1 << 20      # an answer larger than this is not kept


class ResponseCache:
    """ASGI middleware. ``version()`` returns the store's current data_version."""

    def __init__(self, app: Any, *, max_bytes: int, version: Callable[[], int],
                 skip: tuple[str, ...] = ()):
        self.app = app
        self.max_bytes = max_bytes
        self.version = version
        self.skip = skip
        self.seen: int | None = None
        self.items: OrderedDict[bytes, tuple[tuple[tuple[bytes, bytes], ...], bytes]] = \
            OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    def clear(self) -> None:
        self.items.clear()
        self.size = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") != "GET" or self.max_bytes <= 0
                or not path.startswith("/api/") or path.startswith(self.skip)):
            await self.app(scope, receive, send)
            return
        v = self.version()
        if v != self.seen:
            self.seen = v
            self.clear()
        key = path.encode() + b"?" + scope.get("query_string", b"")
        got = self.items.get(key)
        if got is not None:
            self.items.move_to_end(key)
            self.hits += 1
            headers, body = got
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(msg: dict[str, Any]) -> None:
            if msg["type"] == "http.response.start":
                start.update(msg)
            elif msg["type"] == "http.response.body":
                chunks.append(msg.get("body", b""))
            await send(msg)

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        if start.get("status") == 200 and len(body) <= MAX_ANSWER and v == self.seen:
            # tuples of bytes: the collector stops tracking them (no cost to its passes)
            self.items[key] = (tuple(tuple(h) for h in start.get("headers", ())), body)
            self.size += len(body) + len(key)
            while self.size > self.max_bytes and self.items:
                k, (_, b) = self.items.popitem(last=False)
                self.size -= len(b) + len(k)
