"""The browser session cookie on the wire: its attributes, reading it, and the websocket's hashed copy."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from casino_app.services.accounts import tokens, web_sessions
from casino_app.settings import get_settings

_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


@functools.cache
def _secure() -> bool:
    """``Secure`` whenever browsers will keep it: https, or a loopback host (a secure context)."""
    public = get_settings().resolved_public_url
    parts = urlsplit(public)
    return parts.scheme == "https" or (parts.hostname or "") in _LOOPBACK


def set_cookie_value(token: str, max_age: int) -> str:
    """The ``Set-Cookie`` value that stores ``token`` (HttpOnly, SameSite=Strict, Path=/)."""
    parts = [f"{web_sessions.COOKIE_NAME}={token}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    if _secure():
        parts.append("Secure")
    return "; ".join(parts)


def clear_cookie_value() -> str:
    """The ``Set-Cookie`` value that deletes the session cookie."""
    parts = [f"{web_sessions.COOKIE_NAME}=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
    if _secure():
        parts.append("Secure")
    return "; ".join(parts)


def session_cookie(header: str) -> str:
    """The session cookie's value in a ``Cookie`` header ("" when absent)."""
    return web_sessions.parse_cookies(header).get(web_sessions.COOKIE_NAME, "")


def hashed_for_socket(header: str) -> str:
    """A websocket's ``Cookie`` header with the session cookie replaced by its SHA-256.

    Reflex keeps connection headers in its state (Redis in production): it must
    hold the hash, never the credential. A client-sent ``cc_web_sha256`` is dropped,
    so only this function can put a hash there.
    """
    jar = web_sessions.parse_cookies(header)
    token = jar.pop(web_sessions.COOKIE_NAME, "")
    jar.pop(web_sessions.HASH_COOKIE_NAME, None)
    if token:
        jar[web_sessions.HASH_COOKIE_NAME] = tokens.hash_refresh_token(token)
    return "; ".join(f"{name}={value}" for name, value in jar.items())
