"""Browser security headers on every HTTP response of the whole app (pages, /api, /_event).

The Content-Security-Policy allows scripts from this origin plus the exact
SHA-256 of every inline ``<script>`` in the built pages (React Router's boot
scripts, our language bootstrap), read once from the build output on disk — so
an injected inline script is never allowed, and nothing may call ``eval``.
Styles allow inline because the component library injects style tags at run time.

Redirects never echo the request's Host header: an absolute ``Location`` on
the request's own host is rewritten to a path.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_DOCS_PATHS = ("/api/docs",)

BASE_DIRECTIVES = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
# Swagger UI (development only: API_DOCS_ENABLED is off in production) comes from FastAPI's CDN defaults.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
# A response may keep its own policy only when it is one of these stricter ones (never a looser one): an image
# that can carry script (SVG) is served with no scripts, no loads and no plugins at all.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
STRICT_POLICIES: frozenset[bytes] = frozenset({SVG_CSP.encode()})
STATIC_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)


def script_hash(body: bytes) -> str:
    """The CSP source expression for an inline script's exact bytes."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"


def inline_script_hashes(html_files: list[Path]) -> list[str]:
    """Every distinct inline-script hash in ``html_files`` (sorted, for a stable header)."""
    found: set[str] = set()
    for path in html_files:
        for match in _INLINE_SCRIPT.finditer(path.read_bytes()):
            found.add(script_hash(match.group(1)))
    return sorted(found)


class BuildPolicy:
    """The app's policy with the inline-script hashes of the served build, re-read when the build changes."""

    def __init__(self, build_dir: Callable[[], Path]) -> None:
        self._build_dir = build_dir
        self._lock = threading.Lock()
        self._stamp: float | None = None
        self._policy = content_security_policy([])

    def policy(self) -> str:
        """The app's policy with the current build's hashes (no build yet: no inline scripts allowed)."""
        directory = self._build_dir()
        try:
            stamp = directory.stat().st_mtime
        except OSError:
            return self._policy
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._policy = content_security_policy(inline_script_hashes(sorted(directory.rglob("*.html"))))
                    self._stamp = stamp
        return self._policy


def content_security_policy(hashes: list[str]) -> str:
    """The app's policy: scripts from self plus the given inline-script hashes."""
    script_src = " ".join(["script-src 'self'", *hashes])
    return "; ".join([script_src, *BASE_DIRECTIVES])


def _relative_location(location: bytes, host: bytes) -> bytes:
    """``http://<host>/path?q`` → ``/path?q`` when ``<host>`` is the request's own Host header."""
    try:
        parts = urlsplit(location.decode("latin-1"))
    except ValueError:
        return location
    if parts.scheme in {"http", "https"} and parts.netloc.encode("latin-1").lower() == host.lower():
        path = parts.path or "/"
        if path.startswith("//"):
            path = "/" + path.lstrip("/")
        return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")
    return location


class SecurityHeadersMiddleware:
    """Add the security headers to every HTTP response; strip the Host from redirects."""

    def __init__(self, app: ASGIApp, policy: BuildPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap ``http.response.start`` of HTTP requests; websockets pass through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = (DOCS_CSP if path.startswith(_DOCS_PATHS) else self.policy.policy()).encode()
        host = next((value for key, value in scope.get("headers", ()) if key == b"host"), b"")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = [v for k, v in message.get("headers", ()) if k.lower() == b"content-security-policy"]
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in _OWNED]
                strict = len(own) == 1 and own[0] in STRICT_POLICIES
                headers.append((b"content-security-policy", own[0] if strict else csp))
                headers.extend(STATIC_HEADERS)
                if 300 <= message["status"] < 400:
                    headers = [(k, _relative_location(v, host) if k.lower() == b"location" else v) for k, v in headers]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


_OWNED = {b"content-security-policy", *(name for name, _ in STATIC_HEADERS)}
