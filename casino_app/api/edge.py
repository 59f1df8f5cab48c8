"""The HTTP edge around the whole app (pages, /api, /_event): security headers outermost, session handling inside."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.types import ASGIApp

from casino_app.api.security_headers import BuildPolicy, SecurityHeadersMiddleware
from casino_app.api.session_edge import SessionEdgeMiddleware


def wrap(app: ASGIApp, build_dir: Callable[[], Path]) -> ASGIApp:
    """``app`` behind the edge; ``build_dir`` is where the served frontend build lives (for CSP hashes)."""
    return SecurityHeadersMiddleware(SessionEdgeMiddleware(app), BuildPolicy(build_dir))
