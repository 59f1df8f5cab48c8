"""The FastAPI app that Reflex mounts via ``rx.App(api_transformer=...)``.

Its routes win over Reflex's; everything else (the frontend, ``/_event``)
falls through to the Reflex app mounted at the root. Unknown ``/api/*`` paths
answer a 404 envelope instead of falling through to the frontend.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.routing import Match

from casino_app.api.errors import install_error_handlers
from casino_app.api.middleware import BodyLimitMiddleware, RequestContextMiddleware
from casino_app.api.routes import (
    admin,
    admin_wallet,
    auth,
    fairness,
    games,
    health,
    invites,
    metrics,
    streak,
    users,
    wallet,
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
        invites.router,
        wallet.router,  # before users: /api/users/balance must win over /api/users/{user_id}
        users.router,
        streak.router,
        fairness.router,
        games.router,
        admin.router,
        admin_wallet.router,
    ]


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _add_catch_all(api: FastAPI) -> None:
    """Answer unknown ``/api/*`` paths with 404, and known paths with a wrong method with 405."""

    def unknown_api_route(path: str, request: Request) -> None:
        own = request.scope.get("route")
        allowed = [
            method
            for method in _METHODS
            if any(
                route is not own and route.matches({**request.scope, "method": method})[0] == Match.FULL
                for route in api.router.routes
            )
        ]
        if allowed:
            raise HTTPException(405, headers={"Allow": ", ".join(allowed)})
        raise NotFound(details={"path": f"/api/{path}"})

    api.add_api_route("/api/{path:path}", unknown_api_route, methods=list(_METHODS), include_in_schema=False)


def create_api() -> FastAPI:
    """Build the REST API with its error envelope, middleware and routers."""
    api = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description="Casino-Club F2P REST API. Errors always use the envelope "
        '`{"error": {"code", "message", "details"}}`; messages follow `Accept-Language` (ko default).',
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        swagger_ui_parameters={"defaultModelsExpandDepth": 0},
    )
    install_error_handlers(api)
    for router in _routers():
        api.include_router(router)
    _add_catch_all(api)
    api.add_middleware(BodyLimitMiddleware, max_bytes=get_settings().max_request_body_bytes)
    api.add_middleware(RequestContextMiddleware)
    return api
