"""FastAPI dependencies: who is calling (verified per request; see ``session_cache``), roles, client info."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from casino_app.core.context import user_id_var
from casino_app.core.errors import Unauthorized, ValidationFailed
from casino_app.services.accounts import identity, password_change, session_cache, sessions
from casino_app.services.accounts.identity import AuthContext, AuthUser
from casino_app.settings import get_settings

bearer = HTTPBearer(auto_error=False, description="Access token from /api/auth/login")


def single_valued_query(request: Request) -> None:
    """No query parameter may be sent twice: every parameter of this API is one value, and which copy a framework
    keeps (the first, the last) must never decide what a request means (422 ``QUERY_PARAM_REPEATED``).

    A dependency of every route (``create_api``)."""
    keys = [key for key, _ in request.query_params.multi_items()]
    if len(keys) != len(set(keys)):
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        raise ValidationFailed(code="QUERY_PARAM_REPEATED", details={"fields": ", ".join(repeated[:5])})


def client_info(request: Request) -> sessions.ClientInfo:
    """Client IP (honouring ``TRUSTED_PROXY_COUNT`` hops of X-Forwarded-For) and User-Agent."""
    ip = request.client.host if request.client else ""
    hops = get_settings().trusted_proxy_count
    forwarded = request.headers.get("x-forwarded-for")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            ip = chain[-hops]
    return sessions.ClientInfo(ip=ip[:45], user_agent=request.headers.get("user-agent", "")[:300])


async def current_context(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AuthContext:
    """The verified caller: token valid, session alive, ``jti`` not denied, user active.

    A player whose password a staff member reset may only reach the routes of
    ``password_change.ALLOWED_ROUTES`` until they choose a new one (403 ``PASSWORD_CHANGE_REQUIRED``).

    A token this process already verified, with nothing changed since, is answered
    from ``session_cache`` right here; anything else is checked against the
    database in a worker thread. The context is also kept for the request's own
    transactions (money calls re-check the session in their idempotency claim).
    """
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthorized(code="TOKEN_MISSING", headers={"WWW-Authenticate": "Bearer"})
    context = session_cache.peek(credentials.credentials)
    if context is None:
        context = await run_in_threadpool(sessions.authenticate, credentials.credentials)
    user_id_var.set(context.user.id)
    route = getattr(request.scope.get("route"), "path", request.url.path)
    password_change.require_current(context.user, request.method, route)
    session_cache.current.set(context)
    return context


async def current_user(context: Annotated[AuthContext, Depends(current_context)]) -> AuthUser:
    """The verified caller's user (the play routes' direct path calls this chain itself: keep them in step)."""
    return context.user


async def current_player(user: Annotated[AuthUser, Depends(current_user)]) -> AuthUser:
    """A verified player (staff accounts are refused)."""
    return identity.require_player(user)


def require_rank(rank: str) -> Callable[..., object]:
    """Dependency: a player of at least ``rank`` (STANDARD < PREMIUM < VIP)."""

    async def dependency(user: Annotated[AuthUser, Depends(current_user)]) -> AuthUser:
        return identity.require_rank(user, rank)

    return dependency


def require_staff(role: str = "operator") -> Callable[..., object]:
    """Dependency: staff with at least ``role`` (support < operator < admin)."""

    async def dependency(user: Annotated[AuthUser, Depends(current_user)]) -> AuthUser:
        return identity.require_staff(user, role)

    return dependency


Context = Annotated[AuthContext, Depends(current_context)]
CurrentUser = Annotated[AuthUser, Depends(current_user)]
Player = Annotated[AuthUser, Depends(current_player)]
Support = Annotated[AuthUser, Depends(require_staff("support"))]
Operator = Annotated[AuthUser, Depends(require_staff("operator"))]
Admin = Annotated[AuthUser, Depends(require_staff("admin"))]
Client = Annotated[sessions.ClientInfo, Depends(client_info)]
