"""What every response carries and every request must respect, as one ASGI middleware.

- **Headers**: a Content-Security-Policy that allows scripts, styles and connections only
  from this server (no inline script, no eval, nothing from a CDN), no framing, no MIME
  sniffing, no referrer.
- **Size limits**: a body longer than the limit (declared by Content-Length or counted as
  it streams in) is answered 413; an over-long query string 414. The upload route has its
  own, larger limit.
- **Host check**: when the server listens on loopback, a request naming another host is
  refused (a web page elsewhere cannot reach the API through DNS rebinding).

Error answers have the API's one body: ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, Iterable

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]

MAX_QUERY_STRING = 8192
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class BodyTooLarge(Exception):
    pass


def error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}},
                      ensure_ascii=False).encode()


async def send_error(send: Send, status: int, code: str, message: str) -> None:
    body = error_body(code, message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _host(scope: Scope) -> str:
    for k, v in scope.get("headers", ()):
        if k == b"host":
            h = v.decode("latin-1").strip().lower()
            if h.startswith("["):      # [::1]:8000
                return h[: h.find("]") + 1] if "]" in h else h
            return h.rsplit(":", 1)[0] if h.count(":") == 1 else h
    return ""


class Guard:
    """The middleware. ``limits`` maps a path to its own body limit (the upload route)."""

    def __init__(self, app: Any, *, max_body: int, limits: dict[str, int] | None = None,
                 allowed_hosts: Iterable[str] | None = None):
        self.app = app
        self.max_body = max_body
        self.limits = dict(limits or {})
        self.allowed_hosts = ({h.lower() for h in allowed_hosts}
                              if allowed_hosts is not None else None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed_hosts is not None and _host(scope) not in self.allowed_hosts:
            await send_error(send, 400, "bad_host",
                             f"this server answers only to {', '.join(sorted(self.allowed_hosts))}")
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING:
            await send_error(send, 414, "uri_too_long",
                             f"the query string is over {MAX_QUERY_STRING} bytes")
            return
        limit = self.limits.get(scope.get("path", ""), self.max_body)
        for k, v in scope.get("headers", ()):
            if k == b"content-length":
                try:
                    n = int(v)
                except ValueError:
                    await send_error(send, 400, "bad_request", "Content-Length is not a number")
                    return
                if n > limit:
                    await send_error(send, 413, "too_large",
                                     f"the request body is {n} bytes; the limit is {limit}")
                    return
        seen = 0
        started = False

        async def counted_receive() -> dict[str, Any]:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return msg

        async def secured_send(msg: dict[str, Any]) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
                have = {k.lower() for k, _ in msg.get("headers", ())}
                msg = {**msg, "headers": [*msg.get("headers", ()),
                                          *(h for h in HEADERS if h[0] not in have)]}
            await send(msg)

        try:
            await self.app(scope, counted_receive, secured_send)
        except BodyTooLarge:
            if not started:
                await send_error(send, 413, "too_large",
                                 f"the request body is over the limit of {limit} bytes")
