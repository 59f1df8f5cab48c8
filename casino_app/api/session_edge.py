"""The browser session at the HTTP edge: hashed for the websocket, rotated on page loads.

- Websocket connections (Reflex's ``/_event``): the ``Cookie`` header is rewritten
  so the session cookie reaches Reflex only as its SHA-256 (``web_cookie.hashed_for_socket``).
  The socket proves the session by the cookie its browser sent on *this*
  connection; a client token replayed from elsewhere carries no cookie.
- Page loads (HTTP GET of a document) that carry the cookie rotate it
  (``web_sessions.rotate``): a successor is set, a dead cookie is deleted.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casino_app.api import web_cookie
from casino_app.services.accounts import web_sessions

logger = logging.getLogger("casino_app.edge")

# Paths that are never a page document (API, socket, assets); everything else the SPA serves is.
_NOT_PAGES = ("/api", "/_event", "/_upload", "/_health", "/ping", "/metrics", "/assets/", "/fonts/", "/js/")


def _header(scope: Scope, name: bytes) -> str:
    return next((value.decode("latin-1") for key, value in scope.get("headers", ()) if key.lower() == name), "")


def _is_page_load(scope: Scope) -> bool:
    if scope.get("method") != "GET" or scope.get("path", "").startswith(_NOT_PAGES):
        return False
    if "prefetch" in (_header(scope, b"sec-purpose") + _header(scope, b"purpose")).lower():
        return False  # a speculative load may never be shown: it must not rotate the cookie
    destination = _header(scope, b"sec-fetch-dest")
    if destination:
        return destination == "document"
    return "text/html" in _header(scope, b"accept")


def _with_hashed_cookie(scope: Scope) -> Scope:
    headers = [(k, v) for k, v in scope.get("headers", ()) if k.lower() != b"cookie"]
    cookie = "; ".join(v.decode("latin-1") for k, v in scope.get("headers", ()) if k.lower() == b"cookie")
    rewritten = web_cookie.hashed_for_socket(cookie)
    if rewritten:
        headers.append((b"cookie", rewritten.encode("latin-1")))
    return {**scope, "headers": headers}


class SessionEdgeMiddleware:
    """Hash the session cookie for websockets; rotate it on page loads."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Dispatch by connection type."""
        if scope["type"] == "websocket" or scope.get("path", "").startswith("/_event"):
            # Every transport of the event endpoint, so a polling fallback never sees the raw cookie either.
            await self.app(_with_hashed_cookie(scope), receive, send)
            return
        if scope["type"] != "http" or not _is_page_load(scope):
            await self.app(scope, receive, send)
            return
        cookie = web_cookie.session_cookie(_header(scope, b"cookie"))
        set_cookie = await self._rotation(cookie) if cookie else None

        async def send_with_cookie(message: Message) -> None:
            if set_cookie and message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"cache-control"]
                # A response that sets the session cookie is never stored by a cache.
                headers += [(b"set-cookie", set_cookie.encode("latin-1")), (b"cache-control", b"no-store")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    async def _rotation(cookie: str) -> str | None:
        try:
            rotation = await run_in_threadpool(web_sessions.rotate, cookie)
        except Exception:  # the page must load even when the database hiccups; the socket re-checks
            logger.warning("web session rotation failed", exc_info=True)
            return None
        if rotation.action == "replace":
            return web_cookie.set_cookie_value(rotation.token, rotation.max_age)
        if rotation.action == "clear":
            return web_cookie.clear_cookie_value()
        return None
