"""Prize-roulette reads: the published wheel (exact probabilities, expected value) and the player's spins."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request

from casino_app.api.deps import Player
from casino_app.api.errors import locale_of
from casino_app.api.schemas import ResponseModel, errors
from casino_app.i18n import t
from casino_app.services.games import configs, roulette_table
from casino_app.services.games.roulette_table import RouletteConfig

router = APIRouter(tags=["games"])


class SegmentOut(ResponseModel):
    """One segment of the wheel, in wheel order (clockwise from the pointer)."""

    index: int
    kind: str
    amount: int
    item_id: str | None
    label: str
    label_ko: str
    label_en: str
    weight: int
    probability: float
    probability_exact: str  # "weight/total", reduced
    probability_percent: str  # exact decimal percentage


class RouletteConfigOut(ResponseModel):
    """The active wheel, published before any spin."""

    version: int
    segments: list[SegmentOut]
    total_weight: int
    expected_value: dict[str, float]
    expected_value_exact: dict[str, str]
    free_spins_per_day: int
    ticket_item_id: str
    draw_rule: str
    rules: list[str]


class RouletteSpinsOut(ResponseModel):
    """What the player can spin now."""

    spins_left: int
    free_spins_left: int
    tickets: int
    next_free_at: datetime | None


@router.get("/api/games/roulette/config", responses=errors(404))
def roulette_config(request: Request) -> RouletteConfigOut:
    """Every segment with its prize and exact probability, the expected value of a spin, free spins and rules."""
    locale = locale_of(request)
    table = configs.active("roulette")
    config: RouletteConfig = table.config
    chances = roulette_table.probabilities(config)
    expected = roulette_table.expected_value(config)
    return RouletteConfigOut(
        version=table.version,
        segments=[
            SegmentOut(
                index=index,
                kind=segment.kind,
                amount=segment.amount,
                item_id=segment.item_id,
                label=segment.label_en if locale == "en" else segment.label_ko,
                label_ko=segment.label_ko,
                label_en=segment.label_en,
                weight=segment.weight,
                probability=float(chance),
                probability_exact=f"{chance.numerator}/{chance.denominator}",
                probability_percent=roulette_table.percent_text(chance),
            )
            for index, (segment, chance) in enumerate(zip(config.segments, chances, strict=True))
        ],
        total_weight=config.total_weight,
        expected_value={kind: float(value) for kind, value in expected.items()},
        expected_value_exact={kind: f"{value.numerator}/{value.denominator}" for kind, value in expected.items()},
        free_spins_per_day=config.free_spins_per_day,
        ticket_item_id=roulette_table.TICKET_ITEM_ID,
        draw_rule="segment = pick(weights, float 0)",
        rules=[
            f"{t('roulette.rule_free', locale)} {config.free_spins_per_day}. {t('roulette.rule_reset', locale)}",
            t("roulette.rule_ticket", locale),
            t("roulette.rule_draw", locale),
            t("roulette.rule_scale", locale),
        ],
    )


@router.get("/api/games/roulette/spins", responses=errors(401, 403))
def roulette_spins(user: Player) -> RouletteSpinsOut:
    """Today's free spins left, tickets held and when the free spins come back (null while one is available)."""
    # Imported here, not at module level, so the registry keeps its installation order.
    from casino_app.services.games import roulette

    spins = roulette.available(user.id)
    return RouletteSpinsOut(
        spins_left=spins.spins_left,
        free_spins_left=spins.free_left,
        tickets=spins.tickets,
        next_free_at=spins.next_free_at,
    )
