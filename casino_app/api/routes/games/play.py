"""``POST /api/games/<game>/<action>``: one route per registered game, all through the round engine."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from casino_app.api.deps import Player
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import errors
from casino_app.services.games import engine, registry
from casino_app.services.games.registry import Game


def _route(game: Game) -> Any:
    request_model = game.request_model

    def play(request: Request, body: request_model, user: Player, key: IdempotencyKey) -> Response:  # type: ignore[valid-type]
        def action() -> tuple[int, Any]:
            return 200, game.render(engine.play(game.key, user, body, f"api:{key}"))

        return respond_once(request, user.id, key, body, action)

    play.__name__ = f"play_{game.key}"
    play.__doc__ = f"{game.api_summary}. `Idempotency-Key` required: a retry returns the same round."
    return play


def add_play_routes(api: FastAPI) -> None:
    """Add the play route of every game registered now (call when building the API)."""
    for game in registry.games():
        api.add_api_route(
            f"/api/games/{game.key}/{game.action}",
            _route(game),
            methods=["POST"],
            response_model=game.response_model,
            responses=errors(400, 401, 403, 409, 429),
            tags=["games"],
            summary=game.api_summary,
        )
