"""The player's rounds (with proofs), per-game stats and inventory — every registered game included."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Path, Query

from casino_app.api.deps import Player
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.games import inventory, registry, rounds

router = APIRouter(tags=["games"])


class HistoryItemOut(ResponseModel):
    """A past round with its proof."""

    id: int
    game: str
    config_version: int
    bet: int
    payout: int
    outcome: dict[str, Any]
    server_seed_hash: str
    client_seed: str
    nonce: int
    created_at: datetime


class HistoryOut(ResponseModel):
    """A page of rounds."""

    items: list[HistoryItemOut]
    next_cursor: str | None


class GameStatsOut(ResponseModel):
    """Totals for one game, plus the game's own counters (rps: wins/losses/ties; gacha: spins/rare_wins)."""

    total_bets: int
    total_wins: int
    total_losses: int
    total_wagered: int
    total_won: int
    best_win: int
    net: int
    extra: dict[str, int]


class StatsOut(ResponseModel):
    """Totals over every game and per game."""

    total_bets: int
    total_wins: int
    total_losses: int
    total_wagered: int
    total_won: int
    best_win: int
    game_breakdown: dict[str, GameStatsOut]


class InventoryItemOut(ResponseModel):
    """An owned item."""

    item_id: str
    name: str
    name_en: str
    rarity: str
    quantity: int
    first_obtained_at: datetime


def _game_stats(s: rounds.GameStats) -> GameStatsOut:
    return GameStatsOut(
        total_bets=s.total_bets,
        total_wins=s.total_wins,
        total_losses=s.total_losses,
        total_wagered=s.total_wagered,
        total_won=s.total_won,
        best_win=s.best_win,
        net=s.net,
        extra=s.extra,
    )


@router.get("/api/games/history", responses=errors(401, 403))
def history(
    user: Player,
    game_type: str | None = Query(None, pattern=registry.KEY_PATTERN, description="only this game"),
    limit: int = Query(20, ge=1, le=100),
    cursor: str | None = Query(None, max_length=40),
) -> HistoryOut:
    """The player's rounds, newest first, with proof fields (422 ``GAME_UNKNOWN`` for a game not on offer)."""
    items, next_cursor = rounds.history(user.id, game=game_type, limit=limit, cursor=cursor)
    return HistoryOut(items=[HistoryItemOut.model_validate(i) for i in items], next_cursor=next_cursor)


@router.get("/api/games/stats/me", responses=errors(401, 403))
def my_stats(user: Player) -> StatsOut:
    """Totals over all games and a breakdown entry for every game on offer."""
    overall, per_game = rounds.stats(user.id)
    return StatsOut(
        total_bets=overall.total_bets,
        total_wins=overall.total_wins,
        total_losses=overall.total_losses,
        total_wagered=overall.total_wagered,
        total_won=overall.total_won,
        best_win=overall.best_win,
        game_breakdown={game: _game_stats(s) for game, s in per_game.items()},
    )


@router.get("/api/games/stats/{game_type}", responses=errors(401, 403, 404))
def game_stats(user: Player, game_type: str = Path(pattern=registry.KEY_PATTERN, max_length=20)) -> GameStatsOut:
    """The player's totals and counters for one game (404 ``GAME_UNKNOWN`` for a game not on offer)."""
    registry.get(game_type)
    _, per_game = rounds.stats(user.id)
    return _game_stats(per_game[game_type])


@router.get("/api/inventory", responses=errors(401, 403))
def owned_items(user: Player) -> list[InventoryItemOut]:
    """Items the player owns (cosmetics, spin tickets…)."""
    return [
        InventoryItemOut(
            item_id=i.item_id,
            name=i.name_ko,
            name_en=i.name_en,
            rarity=i.rarity,
            quantity=i.quantity,
            first_obtained_at=i.first_obtained_at,
        )
        for i in inventory.owned(user.id)
    ]
