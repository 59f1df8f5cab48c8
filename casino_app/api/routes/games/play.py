"""``POST /api/games/<game>/<action>``: one route per registered game, all through the round engine."""

from typing import Any

from fastapi import Body, FastAPI, Request
from fastapi.responses import Response

from casino_app.api.deps import Player
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import errors
from casino_app.services.games import engine, registry
from casino_app.services.games.registry import Game


def _route(game: Game) -> Any:
    request_model = game.request_model
    if any(field.is_required() for field in request_model.model_fields.values()):
        return _play(game, request_model, Body())
    # A game whose request has no required field (the roulette) may be played with no body at all.
    return _play(game, request_model | None, Body(None))


def _play(game: Game, body_type: Any, body_default: Any) -> Any:
    def play(request: Request, user: Player, key: IdempotencyKey, body: body_type = body_default) -> Response:
        parsed = body if body is not None else game.request_model()

        def action() -> tuple[int, Any]:
            return 200, game.render(engine.play(game.key, user, parsed, f"api:{key}"))

        return respond_once(request, user.id, key, parsed, action)

    play.__name__ = f"play_{game.key}"
    play.__doc__ = f"{game.api_summary}. `Idempotency-Key` required: a retry returns the same round."
    return play


def add_play_routes(api: FastAPI) -> None:
    """Add the play route of every game registered now (call when building the API)."""
    for game in registry.games():
        if game.shared:  # crash has its own bet and cash-out routes
            continue
        api.add_api_route(
            f"/api/games/{game.key}/{game.action}",
            _route(game),
            methods=["POST"],
            response_model=game.response_model,
            responses=errors(400, 401, 403, 409, 429),
            tags=["games"],
            summary=game.api_summary,
        )
