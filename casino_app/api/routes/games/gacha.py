"""Gacha reads: the full disclosure Korean law requires before a pull, and the player's own counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from casino_app.api.deps import Player
from casino_app.api.errors import locale_of
from casino_app.api.schemas import ResponseModel, errors
from casino_app.i18n import t
from casino_app.services.games import configs, gacha_reports, gacha_table
from casino_app.services.games.gacha import PityOut
from casino_app.services.games.gacha_table import GachaConfig

router = APIRouter(tags=["games"])


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


class GachaStatsOut(ResponseModel):
    """Own rarity counts and pity state."""

    total_pulls: int
    by_rarity: dict[str, int]
    pity: PityOut


@router.get("/api/games/gacha/config", responses=errors(404))
def gacha_config(request: Request) -> GachaConfigOut:
    """Probabilities of every item and rarity, consolidated rates with pity, rules, stock, costs, limits."""
    locale = locale_of(request)
    table = configs.active("gacha")
    config: GachaConfig = table.config
    base = gacha_table.rarity_probabilities(config)
    consolidated = gacha_table.consolidated_rates(config)
    chance = gacha_table.item_probabilities(config, base)
    consolidated_chance = gacha_table.item_probabilities(config, consolidated)
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
        costs={"single": config.cost_single, "ten": config.cost_ten},
        daily_limits=dict(config.daily_limits),
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
        stock=gacha_reports.stock(config),
        declared_gold_rtp=table.declared_rtp,
        players_today=gacha_reports.players_today(),
    )


@router.get("/api/games/gacha/stats", responses=errors(401, 403))
def gacha_stats(user: Player) -> GachaStatsOut:
    """Own pulls by rarity and the pity counter."""
    s = gacha_reports.stats(user.id)
    return GachaStatsOut(
        total_pulls=s.total_pulls,
        by_rarity=s.by_rarity,
        pity=PityOut(count=s.pity_count, threshold=s.pity_threshold),
    )
