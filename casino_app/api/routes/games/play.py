"""``POST /api/games/<game>/<action>``: one route per registered game, all through the round engine.

A round is the hottest request there is, so a typical one skips FastAPI's per-request dependency solving
(about half a millisecond of CPU on this project's bench): ``_PlayRoute`` serves a request with no query
string, one valid ``Idempotency-Key``, a ``Content-Type: application/json`` body that the game's request model
accepts (or no body where the model needs none) by calling the same checks the signature declares — the bearer
scheme, ``current_context``, ``current_user``, ``current_player`` — in the same order, then the same endpoint
body. Anything else (a missing, repeated or bad key, another content type, a body that does not validate, a
query, dependency overrides in tests) goes through FastAPI's own handler for the route, so every error answer
is exactly what the declared signature gives; a route whose declared dependencies change refuses to build. The
OpenAPI document comes from that signature either way.
"""

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Body, FastAPI, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from casino_app.api import deps
from casino_app.api.blocking import run_blocking
from casino_app.api.deps import Player
from casino_app.api.idempotency import IdempotencyKey, idempotency_key, respond_once, well_formed_key
from casino_app.api.schemas import errors
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.games import engine, registry
from casino_app.services.games.registry import Game


def _respond(request: Request, game: Game, user: AuthUser, key: str, parsed: BaseModel) -> Response:
    def action() -> tuple[int, Any]:
        return 200, game.render(engine.play(game.key, user, parsed, f"api:{key}"))

    return respond_once(request, user.id, key, parsed, action)


def _route(game: Game) -> Any:
    request_model = game.request_model
    if _needs_body(game):
        return _play(game, request_model, Body())
    # A game whose request has no required field (the roulette) may be played with no body at all.
    return _play(game, request_model | None, Body(None))


def _needs_body(game: Game) -> bool:
    return any(field.is_required() for field in game.request_model.model_fields.values())


def _play(game: Game, body_type: Any, body_default: Any) -> Any:
    def play(request: Request, user: Player, key: IdempotencyKey, body: body_type = body_default) -> Response:
        return _respond(request, game, user, key, body if body is not None else game.request_model())

    play.__name__ = f"play_{game.key}"
    play.__doc__ = f"{game.api_summary}. `Idempotency-Key` required: a retry returns the same round."
    return play


async def _typical(request: Request, game: Game) -> tuple[str, BaseModel] | None:
    """The key and the parsed request of a request the direct path may serve, else ``None``."""
    if request.scope.get("query_string") or (key := well_formed_key(request)) is None:
        return None
    try:
        raw = await request.body()  # kept on the request: FastAPI's handler reads the same bytes
    except HTTPException:  # the body limit's 413: FastAPI's handler lets it through too
        raise
    except Exception:  # a broken stream: FastAPI's handler answers it (400)
        return None
    if not raw:
        return None if _needs_body(game) else (key, game.request_model())
    if request.headers.get("content-type") != "application/json":
        return None
    try:  # as FastAPI does: JSON first, then the model (Python mode)
        return key, game.request_model.model_validate(json.loads(raw))
    except Exception:  # anything FastAPI would refuse (bad JSON, too deep, not the model): it answers
        return None


# What the direct path does in place of FastAPI's dependency solving: the app's query rule (it takes no query),
# the caller (``current_player``'s chain) and the key (``well_formed_key``), in the declared order.
_DIRECT = (deps.single_valued_query, deps.current_player, idempotency_key)


def _route_class(game: Game) -> type[APIRoute]:
    class _PlayRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            declared = super().get_route_handler()
            if tuple(d.call for d in self.dependant.dependencies) != _DIRECT:
                raise RuntimeError(f"{self.path}: its dependencies changed; teach the direct path or drop it")
            overrides = self.dependency_overrides_provider

            async def handler(request: Request) -> Response:
                typical = await _typical(request, game)
                if typical is None or getattr(overrides, "dependency_overrides", None):
                    return await declared(request)
                key, parsed = typical
                context = await deps.current_context(request, await deps.bearer(request))
                user = await deps.current_player(await deps.current_user(context))
                return await run_blocking(_respond, request, game, user, key, parsed)

            return handler

    return _PlayRoute


def add_play_routes(api: FastAPI) -> None:
    """Add the play route of every game registered now (call when building the API)."""
    for game in registry.games():
        if game.shared:  # crash has its own bet and cash-out routes
            continue
        api.router.add_api_route(  # the router's: only it takes a route class
            f"/api/games/{game.key}/{game.action}",
            _route(game),
            methods=["POST"],
            response_model=game.response_model,
            responses=errors(400, 401, 403, 409, 429),
            tags=["games"],
            summary=game.api_summary,
            route_class_override=_route_class(game),
        )
