"""The caller of a download the web app starts with a plain same-origin link: a bearer token, or the session cookie.

The web UI holds no access token (its session is the HttpOnly cookie, see
``web_cookie``), so a file it offers is fetched by the browser itself with that
cookie, the way the websocket proves its session (``web_sessions.authenticate_hash``).
Only read-only ``GET`` routes use this. The cookie is ``SameSite=Strict``; on top of
that a request a browser marks as coming from another site (``Sec-Fetch-Site``) or
from a foreign ``Origin`` is refused (403 ``ORIGIN_REFUSED``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from casino_app.api import web_cookie
from casino_app.api.deps import bearer, current_context
from casino_app.core.context import user_id_var
from casino_app.core.errors import Forbidden, Unauthorized
from casino_app.services.accounts import identity, password_change, tokens, web_sessions
from casino_app.services.accounts.identity import AuthUser
from casino_app.settings import get_settings

_SAME_ORIGIN = {"same-origin", "none"}  # "none": typed, bookmarked or opened from the downloads list


def _check_origin(request: Request) -> None:
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if (site is not None and site not in _SAME_ORIGIN) or (
        origin is not None and origin not in get_settings().allowed_origins
    ):
        raise Forbidden(code="ORIGIN_REFUSED")


async def download_player(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AuthUser:
    """The verified player: by ``Authorization: Bearer`` when sent, else by the browser's session cookie.

    401 ``TOKEN_MISSING`` with neither, ``SESSION_EXPIRED`` / ``REFRESH_REUSED`` for a dead
    cookie; 403 ``PLAYERS_ONLY`` for staff, ``ORIGIN_REFUSED`` for a cookie sent from another site.
    """
    if credentials is not None:
        context = await current_context(request, credentials)
        return identity.require_player(context.user)
    cookie = web_cookie.session_cookie(request.headers.get("cookie", ""))
    if not cookie:
        raise Unauthorized(code="TOKEN_MISSING", headers={"WWW-Authenticate": "Bearer"})
    _check_origin(request)
    context = await run_in_threadpool(web_sessions.authenticate_hash, tokens.hash_refresh_token(cookie))
    user_id_var.set(context.user.id)
    password_change.require_current(context.user, request.method, request.url.path)
    return identity.require_player(context.user)


DownloadPlayer = Annotated[AuthUser, Depends(download_player)]
