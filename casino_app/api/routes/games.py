"""``/api/games``: odds tables, slot spins, gacha pulls, history, stats, inventory."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from casino_app.api.deps import Admin, Client, Player
from casino_app.api.errors import locale_of
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.i18n import t
from casino_app.services.games import configs, gacha, rounds, slot
from casino_app.settings import get_settings

router = APIRouter(tags=["games"])


class ProofOut(ResponseModel):
    """What the round was drawn from (verifiable once the server seed is revealed)."""

    server_seed_hash: str
    client_seed: str
    nonce: int


class OddsOut(ResponseModel):
    """The active odds table of a game, the same for every player."""

    game: str
    version: int
    declared_rtp: float
    config: dict[str, Any]
    published_at: datetime


class SpinIn(ApiModel):
    """A slot bet (one of the table's ``bet_options``)."""

    bet_amount: int = Field(ge=1, le=10**9)


class SpinOut(ResponseModel):
    """A slot round."""

    round_id: int
    reels: list[str]
    bet_amount: int
    win_amount: int
    multiplier: str
    streak_bonus_pct: int
    celebrate: bool
    balance: int
    xp_gained: int
    level: int
    config_version: int
    proof: ProofOut


class PullIn(ApiModel):
    """One pull or ten."""

    count: Literal[1, 10]


class PulledItemOut(ResponseModel):
    """One prize."""

    rarity: str
    item_id: str
    kind: str
    amount: int
    name: str
    name_en: str
    pity: bool
    guarantee: bool
    fell_back: bool


class PityOut(ResponseModel):
    """Pulls since the last Epic-or-better and the guarantee threshold."""

    count: int
    threshold: int


class PullOut(ResponseModel):
    """A gacha round."""

    round_id: int
    items: list[PulledItemOut]
    pity: PityOut
    daily_remaining: int
    daily_limit: int
    cost: int
    gold_won: int
    balance: int
    config_version: int
    proof: ProofOut


class GachaConfigOut(ResponseModel):
    """Everything Korean law requires to be disclosed before a pull."""

    version: int
    costs: dict[str, int]
    daily_limits: dict[str, int]
    rarity_rates: dict[str, float]
    consolidated_rates: dict[str, float]
    items: list[dict[str, Any]]
    pity_rule: dict[str, Any]
    ten_pull_rule: dict[str, Any]
    fallback_rule: str
    stock: dict[str, int]
    declared_gold_rtp: float
    players_today: int


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
    """Totals for one game."""

    total_bets: int
    total_wins: int
    total_losses: int
    total_wagered: int
    total_won: int
    best_win: int
    net: int


class StatsOut(ResponseModel):
    """Totals over every game and per game."""

    total_bets: int
    total_wins: int
    total_losses: int
    total_wagered: int
    total_won: int
    best_win: int
    game_breakdown: dict[str, GameStatsOut]


class GachaStatsOut(ResponseModel):
    """Own rarity counts and pity state."""

    total_pulls: int
    by_rarity: dict[str, int]
    pity: PityOut


class InventoryItemOut(ResponseModel):
    """An owned item."""

    item_id: str
    name: str
    name_en: str
    rarity: str
    quantity: int
    first_obtained_at: datetime


class ConfigVersionIn(ApiModel):
    """A complete new odds table (validated; becomes active for everyone)."""

    config: dict[str, Any]


class ConfigVersionOut(ResponseModel):
    """A stored version."""

    version: int
    is_active: bool
    declared_rtp: float
    created_by: int | None
    created_at: datetime


def _game_path() -> Any:
    return Path(pattern="^(slot|gacha)$", description="slot or gacha")


@router.get("/api/games/{game}/odds", responses=errors(404))
def odds(game: str = _game_path()) -> OddsOut:
    """The active, published odds table and declared RTP (public, no login needed)."""
    table = configs.active(game)
    return OddsOut(
        game=game,
        version=table.version,
        declared_rtp=table.declared_rtp,
        config=table.config.model_dump(mode="json"),
        published_at=table.created_at,
    )


@router.post("/api/games/slot/spin", response_model=SpinOut, responses=errors(400, 401, 403, 409, 429))
def spin(request: Request, body: SpinIn, user: Player, key: IdempotencyKey) -> Response:
    """Spin the slot (bet and win are posted in one ledger call)."""

    def action() -> tuple[int, SpinOut]:
        r = slot.spin(user.id, body.bet_amount, f"api:{key}")
        return 200, SpinOut(
            round_id=r.round_id,
            reels=r.reels,
            bet_amount=r.bet,
            win_amount=r.win_amount,
            multiplier=r.multiplier,
            streak_bonus_pct=r.streak_bonus_pct,
            celebrate=r.celebrate,
            balance=r.balance,
            xp_gained=r.xp_gained,
            level=r.level,
            config_version=r.config_version,
            proof=ProofOut(server_seed_hash=r.server_seed_hash, client_seed=r.client_seed, nonce=r.nonce),
        )

    return respond_once(request, user.id, key, body, action)


def pull_out(r: gacha.PullResult) -> PullOut:
    """Render a pull for the API."""
    return PullOut(
        round_id=r.round_id,
        items=[
            PulledItemOut(
                rarity=i["rarity"],
                item_id=i["item_id"],
                kind=i["kind"],
                amount=i["amount"],
                name=i["name_ko"],
                name_en=i["name_en"],
                pity=i["pity"],
                guarantee=i["guarantee"],
                fell_back=bool(i["sold_out"]),
            )
            for i in r.items
        ],
        pity=PityOut(count=r.pity_count, threshold=r.pity_threshold),
        daily_remaining=r.daily_remaining,
        daily_limit=r.daily_limit,
        cost=r.cost,
        gold_won=r.gold_won,
        balance=r.balance,
        config_version=r.config_version,
        proof=ProofOut(server_seed_hash=r.server_seed_hash, client_seed=r.client_seed, nonce=r.nonce),
    )


@router.post("/api/games/gacha/pull", response_model=PullOut, responses=errors(400, 401, 403, 409, 429))
def pull(request: Request, body: PullIn, user: Player, key: IdempotencyKey) -> Response:
    """Pull once or ten times (cost, daily limit, pity, stock and prizes in one transaction)."""

    def action() -> tuple[int, PullOut]:
        return 200, pull_out(gacha.pull(user, body.count, f"api:{key}"))

    return respond_once(request, user.id, key, body, action)


@router.get("/api/games/gacha/config", responses=errors(404))
def gacha_config(request: Request) -> GachaConfigOut:
    """Probabilities of every item and rarity, consolidated rates with pity, rules, stock, costs, limits."""
    settings = get_settings()
    locale = locale_of(request)
    table = configs.active("gacha")
    config: configs.GachaConfig = table.config
    base = configs.gacha_rarity_probabilities(config)
    consolidated = configs.gacha_consolidated(config)
    chance = configs.gacha_item_probabilities(config, base)
    consolidated_chance = configs.gacha_item_probabilities(config, consolidated)
    items = [
        {
            **item.model_dump(mode="json"),
            "probability": float(chance[item.id]),
            "consolidated_probability": float(consolidated_chance[item.id]),
        }
        for item in config.items
    ]
    return GachaConfigOut(
        version=table.version,
        costs={"single": settings.gacha_cost_single, "ten": settings.gacha_cost_ten},
        daily_limits=gacha.daily_limits(),
        rarity_rates={r: float(p) for r, p in base.items()},
        consolidated_rates={r: float(p) for r, p in consolidated.items()},
        items=items,
        pity_rule={
            "threshold": config.pity_threshold,
            "guarantees": "EPIC_OR_BETTER",
            "text": t("gacha.rule_pity", locale),
        },
        ten_pull_rule={"guarantees": "RARE_OR_BETTER", "text": t("gacha.rule_ten", locale)},
        fallback_rule=t("gacha.rule_fallback", locale),
        stock=gacha.stock(),
        declared_gold_rtp=table.declared_rtp,
        players_today=rounds.gacha_players_today(),
    )


@router.get("/api/games/gacha/stats", responses=errors(401, 403))
def gacha_stats(user: Player) -> GachaStatsOut:
    """Own pulls by rarity and the pity counter."""
    s = gacha.stats(user.id)
    return GachaStatsOut(
        total_pulls=s.total_pulls, by_rarity=s.by_rarity, pity=PityOut(count=s.pity_count, threshold=s.pity_threshold)
    )


@router.get("/api/inventory", tags=["games"], responses=errors(401, 403))
def inventory(user: Player) -> list[InventoryItemOut]:
    """Items the player owns."""
    return [
        InventoryItemOut(
            item_id=i.item_id,
            name=i.name_ko,
            name_en=i.name_en,
            rarity=i.rarity,
            quantity=i.quantity,
            first_obtained_at=i.first_obtained_at,
        )
        for i in gacha.inventory(user.id)
    ]


@router.get("/api/games/history", responses=errors(401, 403))
def history(
    user: Player,
    game_type: str | None = Query(None, pattern="^(slot|gacha)$"),
    limit: int = Query(20, ge=1, le=100),
    cursor: str | None = Query(None, max_length=40),
) -> HistoryOut:
    """The player's rounds, newest first, with proof fields."""
    items, next_cursor = rounds.history(user.id, game=game_type, limit=limit, cursor=cursor)
    return HistoryOut(items=[HistoryItemOut.model_validate(i) for i in items], next_cursor=next_cursor)


@router.get("/api/games/stats/me", responses=errors(401, 403))
def my_stats(user: Player) -> StatsOut:
    """Totals over all games and per game."""
    overall, per_game = rounds.stats(user.id)

    def out(s: rounds.GameStats) -> GameStatsOut:
        return GameStatsOut(
            total_bets=s.total_bets,
            total_wins=s.total_wins,
            total_losses=s.total_losses,
            total_wagered=s.total_wagered,
            total_won=s.total_won,
            best_win=s.best_win,
            net=s.net,
        )

    return StatsOut(
        total_bets=overall.total_bets,
        total_wins=overall.total_wins,
        total_losses=overall.total_losses,
        total_wagered=overall.total_wagered,
        total_won=overall.total_won,
        best_win=overall.best_win,
        game_breakdown={game: out(s) for game, s in per_game.items()},
    )


@router.post("/api/admin/games/{game}/configs", status_code=201, tags=["admin"], responses=errors(401, 403, 404))
def add_config_version(body: ConfigVersionIn, staff: Admin, client: Client, game: str = _game_path()) -> OddsOut:
    """Publish a new version of a game's odds table (admins only; audited; slot RTP must be 92–97 %)."""
    table = configs.add_version(game, body.config, actor_id=staff.id, ip=client.ip)
    return OddsOut(
        game=game,
        version=table.version,
        declared_rtp=table.declared_rtp,
        config=table.config.model_dump(mode="json"),
        published_at=table.created_at,
    )


@router.get("/api/admin/games/{game}/configs", tags=["admin"], responses=errors(401, 403, 404))
def list_config_versions(staff: Admin, game: str = _game_path()) -> list[ConfigVersionOut]:
    """Every version of a game's table."""
    return [ConfigVersionOut.model_validate(v) for v in configs.versions(game)]
