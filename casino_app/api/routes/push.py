"""``/api/push``: web-push subscriptions of the calling player's browsers, and the VAPID public key.

The web app holds no access token (its session is the HttpOnly cookie), so its script calls these routes
with that cookie; API clients send ``Authorization: Bearer``. A cookie-authenticated call must come from this
site: it has to carry an allowed ``Origin`` (browsers always send one with ``POST`` and ``DELETE``) and no
cross-site ``Sec-Fetch-Site`` — on top of the cookie's ``SameSite=Strict``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import Field

from casino_app.api import web_cookie
from casino_app.api.deps import bearer
from casino_app.api.schemas import ApiModel, ResponseModel, documented, errors, rule
from casino_app.api.web_download import download_player
from casino_app.core.errors import Forbidden
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.messaging import push, vapid

router = APIRouter(prefix="/api/push", tags=["push"])


async def push_player(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AuthUser:
    """A verified player by bearer token, or by the session cookie from this site's own pages (``Origin`` set)."""
    cookie = web_cookie.session_cookie(request.headers.get("cookie", ""))
    if credentials is None and cookie and request.headers.get("origin") is None:
        raise Forbidden(code="ORIGIN_REFUSED")  # no credentials at all stays 401 (download_player)
    return await download_player(request, credentials)


PushPlayer = Annotated[AuthUser, Depends(push_player)]

Endpoint = Annotated[
    str,
    Field(
        max_length=push.ENDPOINT_MAX,
        examples=["https://fcm.googleapis.com/fcm/send/dXk3..."],
        description="The push service URL the browser gave: https, a DNS name (no IP address, no port), at most "
        "1000 characters",
    ),
    documented(pattern=push.ENDPOINT_PATTERN),
    rule(push.validate_endpoint),
]


class KeysIn(ApiModel):
    """The subscription's keys as ``PushSubscription.toJSON()`` gives them (base64url, padding optional)."""

    p256dh: Annotated[
        str,
        Field(max_length=100, description="The browser's public key: a P-256 point, 65 bytes uncompressed"),
        documented(pattern=push.P256DH_PATTERN),
        rule(push.validate_p256dh),
    ]
    auth: Annotated[
        str,
        Field(max_length=32, description="The browser's 16-byte auth secret"),
        documented(pattern=push.AUTH_PATTERN),
        rule(push.validate_auth),
    ]


class SubscriptionIn(ApiModel):
    """A browser's push subscription."""

    endpoint: Endpoint
    keys: KeysIn


class EndpointIn(ApiModel):
    """Which subscription to remove."""

    endpoint: str = Field(min_length=1, max_length=push.ENDPOINT_MAX)


class SubscriptionOut(ResponseModel):
    """The stored subscription."""

    id: int
    endpoint: str
    created: bool = Field(description="False when the endpoint was already stored (refreshed, or moved to you)")


class PublicKeyOut(ResponseModel):
    """What ``PushManager.subscribe`` needs."""

    public_key: str = Field(description="The VAPID public key: the uncompressed P-256 point, base64url")


@router.get("/public-key")
def public_key() -> PublicKeyOut:
    """The server's VAPID public key (``applicationServerKey``). It is public: no sign-in needed."""
    return PublicKeyOut(public_key=vapid.public_key())


@router.post("/subscriptions", responses={**errors(401, 403), 201: {"model": SubscriptionOut}})
def subscribe(request: Request, response: Response, body: SubscriptionIn, user: PushPlayer) -> SubscriptionOut:
    """Store this browser's subscription for the caller (201), or refresh it (200).

    An endpoint belongs to one player: subscribing one that another player had moves it to the caller (the
    browser is theirs now). At most 10 browsers per player; the oldest beyond that are dropped.
    """
    view = push.subscribe(
        user.id, body.endpoint, body.keys.p256dh, body.keys.auth, request.headers.get("user-agent", "")
    )
    response.status_code = status.HTTP_201_CREATED if view.created else status.HTTP_200_OK
    return SubscriptionOut(id=view.id, endpoint=view.endpoint, created=view.created)


@router.delete("/subscriptions", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 403, 404))
def unsubscribe(body: EndpointIn, user: PushPlayer) -> Response:
    """Remove the caller's own subscription for ``endpoint`` (404 when the caller has none with it)."""
    push.unsubscribe(user.id, body.endpoint)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
