"""The FastAPI app that Reflex mounts via ``rx.App(api_transformer=...)``.

Its routes win over Reflex's; everything else (the frontend, ``/_event``)
falls through to the Reflex app mounted at the root. Unknown ``/api/*`` paths
answer a 404 envelope instead of falling through to the frontend.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from starlette.convertors import PathConvertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount
from starlette.types import Receive, Scope, Send

from casino_app.api.deps import single_valued_query
from casino_app.api.errors import install_error_handlers
from casino_app.api.idempotency import document_idempotency_key
from casino_app.api.middleware import BodyLimitMiddleware, RequestContextMiddleware
from casino_app.api.routes import (
    account_password,
    achievements,
    admin,
    admin_audit,
    admin_battlepass,
    admin_care,
    admin_crash,
    admin_dashboard,
    admin_economy,
    admin_email,
    admin_events,
    admin_grants,
    admin_limited,
    admin_messages,
    admin_missions,
    admin_monitor,
    admin_overlays,
    admin_players,
    admin_shop,
    admin_staff,
    admin_wallet,
    analytics,
    auth,
    battlepass,
    care,
    care_feedback,
    care_wellbeing,
    events,
    export,
    fairness,
    games,
    health,
    invites,
    metrics,
    missions,
    notifications,
    overlays,
    payments,
    push,
    referrals,
    shop,
    shop_limited,
    social,
    stories,
    streak,
    user_email,
    users,
    wallet,
    web_session,
)
from casino_app.core.errors import NotFound
from casino_app.settings import get_settings

API_VERSION = "1.0.0"
API_TITLE = "Casino-Club API"


def _routers() -> list[APIRouter]:
    return [
        health.router,
        metrics.router,
        auth.router,
        account_password.router,
        web_session.router,
        invites.router,
        wallet.router,  # before users: /api/users/balance must win over /api/users/{user_id}
        notifications.router,
        users.router,
        user_email.router,
        overlays.router,
        streak.router,
        fairness.router,
        achievements.router,  # /api/games/achievements, /leaderboard and /follow: before the game routes
        social.router,
        games.router,
        missions.router,
        events.router,
        battlepass.router,
        referrals.router,
        stories.router,
        export.router,
        care.router,
        care_feedback.router,
        care_wellbeing.router,
        admin.router,
        admin_missions.router,
        admin_events.router,
        admin_battlepass.router,
        admin_care.router,
        admin_crash.router,
        admin_dashboard.router,
        analytics.router,
        admin_monitor.router,
        admin_audit.router,
        admin_email.router,
        admin_players.router,
        admin_wallet.router,
        admin_grants.router,
        admin_staff.router,
        admin_economy.router,
        admin_messages.router,
        admin_overlays.router,
        shop.router,
        shop_limited.router,
        admin_shop.router,
        admin_limited.router,
        payments.router,
        push.router,
    ]


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class _AnyPathConvertor(PathConvertor):
    """``{path:path}`` that also matches control characters such as an encoded newline (``%0A``)."""

    regex = "(?s:.*)"


# Starlette's ``{path:path}`` is ``.*``, which stops at a newline: such a request matched no
# mount, not even the one Reflex puts this API under, and got a plain-text 404 from the
# outermost app. Registered at import, before Reflex builds its mounts, so every mount and
# the catch-all below also take those paths and /api answers them with the envelope.
register_url_convertor("path", _AnyPathConvertor())


class _UnknownApiRoute:
    """ASGI endpoint of the ``/api`` catch-all: 405 with ``Allow`` when another method matches, else 404.

    An ASGI app rather than a function, so its route takes every method (Starlette limits a
    function endpoint without ``methods`` to GET): no ``/api`` request, whatever its method,
    falls through to the Reflex app that ``api_transformer`` mounts at "" after it.
    """

    def __init__(self, api: FastAPI, path: str) -> None:
        self.api = api
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Raise the error; the API's exception handlers render the envelope."""
        route = next(r for r in self.api.router.routes if getattr(r, "path", None) == self.path)
        scope["route"] = route  # the metrics label
        # Count endpoint routes only: a mount at "" (Reflex) matches every path, the catch-all itself too. Each
        # method is tried only on the routes whose path matched (PARTIAL or FULL), not on every route.
        near = [
            candidate
            for candidate in self.api.router.routes
            if not isinstance(candidate, Mount) and candidate is not route and candidate.matches(scope)[0] != Match.NONE
        ]
        allowed = [
            method
            for method in _METHODS
            if any(candidate.matches({**scope, "method": method})[0] == Match.FULL for candidate in near)
        ]
        if allowed:
            raise HTTPException(405, headers={"Allow": ", ".join(allowed)})
        raise NotFound(details={"path": scope.get("path", "")})


def _add_catch_all(api: FastAPI) -> None:
    """Answer unknown ``/api/*`` paths with 404, and known paths with a wrong method with 405."""
    path = "/api/{path:path}"
    api.add_route(path, _UnknownApiRoute(api, path), include_in_schema=False)


def create_api() -> FastAPI:
    """Build the REST API with its error envelope, middleware and routers.

    ``/api/docs`` and ``/api/openapi.json`` are served only when ``docs_enabled``
    (off in production by default); ``api.openapi()`` builds the document either way.
    """
    docs = get_settings().docs_enabled
    api = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description="Casino-Club F2P REST API. Errors always use the envelope "
        '`{"error": {"code", "message", "details"}}`; messages follow `Accept-Language` (ko default).',
        openapi_url="/api/openapi.json" if docs else None,
        docs_url="/api/docs" if docs else None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        swagger_ui_parameters={"defaultModelsExpandDepth": 0},
        dependencies=[Depends(single_valued_query)],
        # Observability is Prometheus and JSON logs (ADR 0013); FastAPI's native OpenTelemetry would otherwise
        # look up three global providers (and the environment) on every request to learn it has none.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    install_error_handlers(api)
    # The play routes first: routing tries routes in order, and a round is the hottest request there is.
    games.add_play_routes(api)
    for router in _routers():
        api.include_router(router)
    _add_catch_all(api)
    _document_extras(api)
    api.add_middleware(BodyLimitMiddleware, max_bytes=get_settings().max_request_body_bytes)
    api.add_middleware(RequestContextMiddleware)
    return api


def _document_extras(api: FastAPI) -> None:
    """Post-process the generated OpenAPI document with what FastAPI cannot express itself."""
    generate = api.openapi

    def openapi() -> dict:
        if api.openapi_schema is None:
            document = generate()
            document_idempotency_key(document)
            _document_body_limit(document)
        return api.openapi_schema  # type: ignore[return-value]

    api.openapi = openapi  # type: ignore[method-assign]


def _document_body_limit(document: dict) -> None:
    """Every /api operation may answer 413: the body limit is checked before routing, whatever the method."""
    response = {
        "description": "Body too large (PAYLOAD_TOO_LARGE)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
    }
    for path, operations in document.get("paths", {}).items():
        if path.startswith("/api/"):
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("413", response)
