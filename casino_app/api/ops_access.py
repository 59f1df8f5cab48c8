"""Who may read operational data (``/metrics``, the detailed ``/api/health`` report).

Two credentials exist: the ``METRICS_TOKEN`` bearer token (Prometheus and ops
tooling) and, for the health report only, a staff access token. Without a
metrics token configured, ``/metrics`` is served to direct loopback peers
outside production only.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import Request

from casino_app.core.errors import NotFound, Unauthorized
from casino_app.settings import get_settings

# Headers a reverse proxy adds; their presence means the peer address is the proxy's, not the client's.
_PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def has_metrics_token(request: Request) -> bool:
    """Whether the request carries the configured ``METRICS_TOKEN`` (constant-time compare)."""
    expected = get_settings().metrics_token
    presented = bearer_token(request)
    if expected is None or presented is None:
        return False
    return hmac.compare_digest(presented.encode(), expected.get_secret_value().encode())


def is_direct_loopback(request: Request) -> bool:
    """A loopback peer (127.0.0.0/8, ::1) that did not come through a proxy."""
    if get_settings().trusted_proxy_count or any(name in request.headers for name in _PROXY_HEADERS):
        return False  # behind a proxy the loopback peer may be the proxy relaying anyone
    host = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def require_metrics_access(request: Request) -> None:
    """Admit a ``/metrics`` scrape or raise: 401 for a missing/wrong token, 404 when tokenless access is off."""
    settings = get_settings()
    if settings.metrics_token is not None:
        if not has_metrics_token(request):
            raise Unauthorized(code="METRICS_TOKEN_INVALID", headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return
    if settings.app_env == "production" or not is_direct_loopback(request):
        raise NotFound(details={"path": request.url.path})


def is_staff(request: Request) -> bool:
    """Whether the request carries a valid staff access token (never raises)."""
    from casino_app.services.accounts import sessions

    token = bearer_token(request)
    if token is None:
        return False
    try:
        context = sessions.authenticate(token)
    except Exception:
        return False
    return context.user.staff_role is not None


def sees_health_details(request: Request) -> bool:
    """Whether ``/api/health`` may show its detailed report to this caller."""
    return get_settings().health_details or has_metrics_token(request) or is_staff(request)
