"""The browser session cookie on the wire: its name and attributes, reading it, and the websocket's hashed copy."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from casino_app.services.accounts import tokens, web_sessions
from casino_app.settings import get_settings

_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
_ALL_NAMES = {web_sessions.COOKIE_NAME, web_sessions.SECURE_COOKIE_NAME, web_sessions.HASH_COOKIE_NAME}


@functools.cache
def _secure() -> bool:
    """``Secure`` whenever browsers will keep it: https, or a loopback host (a secure context)."""
    parts = urlsplit(get_settings().resolved_public_url)
    return parts.scheme == "https" or (parts.hostname or "") in _LOOPBACK


def cookie_name() -> str:
    """``__Host-cc_web`` on secure sites (no subdomain can set or shadow it), ``cc_web`` on plain-http hosts."""
    return web_sessions.SECURE_COOKIE_NAME if _secure() else web_sessions.COOKIE_NAME


def _attributes(max_age: int) -> str:
    parts = ["Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    if _secure():
        parts.append("Secure")
    return "; ".join(parts)


def set_cookie_value(token: str, max_age: int) -> str:
    """The ``Set-Cookie`` value that stores ``token`` (HttpOnly, SameSite=Strict, Path=/, Secure when possible)."""
    return f"{cookie_name()}={token}; {_attributes(max_age)}"


def clear_cookie_value() -> str:
    """The ``Set-Cookie`` value that deletes the session cookie."""
    return f"{cookie_name()}=; {_attributes(0)}"


def session_cookie(header: str) -> str:
    """The session cookie's value in a ``Cookie`` header ("" when absent or ambiguous)."""
    return web_sessions.single_cookie(header, cookie_name())


def hashed_for_socket(header: str) -> str:
    """A websocket's ``Cookie`` header with the session cookie replaced by its SHA-256.

    Reflex keeps connection headers in its state (Redis in production): it must
    hold the hash, never the credential. Every session-cookie name is removed,
    including a client-sent ``cc_web_sha256``, so only this function can put a
    hash there; two session cookies (a planted twin) give no hash at all.
    """
    token = session_cookie(header)
    kept = [(name, value) for name, value in web_sessions.parse_cookies(header) if name not in _ALL_NAMES]
    if token:
        kept.append((web_sessions.HASH_COOKIE_NAME, tokens.hash_refresh_token(token)))
    return "; ".join(f"{name}={value}" for name, value in kept)
