"""``/api/web``: the browser's session cookie (HttpOnly) — set from a login handoff, cleared at logout.

Only the web UI calls these, from its own origin: a request whose ``Origin``
is another site is refused (403), on top of the cookie's ``SameSite=Strict``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import Field

from casino_app.api import web_cookie
from casino_app.api.schemas import ApiModel, errors
from casino_app.core.errors import Forbidden
from casino_app.services.accounts import web_sessions
from casino_app.settings import get_settings

router = APIRouter(prefix="/api/web", tags=["web session"])


class HandoffRequest(ApiModel):
    """The one-time ticket a web login handed to this browser."""

    ticket: str = Field(min_length=1, max_length=200)


def _same_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin is not None and origin not in get_settings().allowed_origins:
        raise Forbidden(code="ORIGIN_REFUSED")


@router.post("/session", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 403))
def establish(body: HandoffRequest, request: Request) -> Response:
    """Trade the handoff ticket for the session cookie (``HttpOnly; SameSite=Strict``, ``Secure`` on https).

    The ticket is good once, for one minute; presented twice it ends the session (401).
    """
    _same_origin(request)
    rotation = web_sessions.exchange_handoff(body.ticket)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.headers["set-cookie"] = web_cookie.set_cookie_value(rotation.token, rotation.max_age)
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403))
def logout(request: Request) -> Response:
    """End the browser's session (if any) and delete its cookie."""
    _same_origin(request)
    web_sessions.end_by_cookie(web_cookie.session_cookie(request.headers.get("cookie", "")))
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.headers["set-cookie"] = web_cookie.clear_cookie_value()
    response.headers["cache-control"] = "no-store"
    return response
