"""``/api/games``: every registered game's play route, odds, history and stats; game-specific reads.

The routes for playing and reading are derived from the game registry when
the API is built, so a new game module brings its own ``POST
/api/games/<game>/<action>`` with its request and response shapes.
"""

from __future__ import annotations

from fastapi import APIRouter

from casino_app.api.routes.games import crash, gacha, odds, play, roulette, rounds

router = APIRouter()
for _module in (crash, odds, rounds, gacha, roulette):  # crash's fixed paths before the {game} ones
    router.include_router(_module.router)

add_play_routes = play.add_play_routes

__all__ = ["add_play_routes", "router"]
