"""What the gacha reports besides a pull: rarity counts, pity, stock left, players today."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.games import GachaPity, GachaStock, GameRound
from casino_app.services.games.gacha_table import RARITIES, GachaConfig


def rarity_counts(db: Session, user_id: int) -> dict[str, int]:
    """How many of the player's pulls landed on each rarity."""
    rows = db.execute(
        sa.text(
            "SELECT p->>'rarity' AS rarity, count(*)"
            " FROM game_rounds r, jsonb_array_elements(r.outcome->'pulls') p"
            " WHERE r.user_id = :u AND r.game = 'gacha' GROUP BY 1"
        ),
        {"u": user_id},
    ).all()
    return dict.fromkeys(RARITIES, 0) | {rarity: int(n) for rarity, n in rows}


@dataclass(frozen=True)
class GachaStats:
    """The player's rarity counts and pity state."""

    total_pulls: int
    by_rarity: dict[str, int]
    pity_count: int
    pity_threshold: int


def stats(user_id: int) -> GachaStats:
    """Own pull counts per rarity and the pity counter."""
    from casino_app.services.games import configs

    threshold = configs.active("gacha").config.pity_threshold
    with session_scope() as db:
        counts = rarity_counts(db, user_id)
        pity = db.get(GachaPity, user_id)
    return GachaStats(sum(counts.values()), counts, pity.pulls_since_epic if pity else 0, threshold)


def stock(config: GachaConfig) -> dict[str, int]:
    """Remaining global stock of every limited item of ``config``."""
    limited = {i.id: i.stock for i in config.items if i.stock is not None}
    table = GachaStock.__table__
    with session_scope() as db:
        rows = dict(
            db.execute(sa.select(table.c.item_id, table.c.remaining).where(table.c.item_id.in_(list(limited)))).all()
        )
    return {item_id: int(rows.get(item_id, initial or 0)) for item_id, initial in limited.items()}


_pullers_cache: tuple[float, str, int] = (0.0, "", 0)


def players_today() -> int:
    """How many different players pulled the gacha today (KST); cached for a few seconds."""
    global _pullers_cache
    today = clock.business_date()
    checked, day, value = _pullers_cache
    if day == today.isoformat() and time.monotonic() - checked < 5:
        return value
    table = GameRound.__table__
    with session_scope() as db:
        value = int(
            db.execute(
                sa.select(sa.func.count(sa.distinct(table.c.user_id))).where(
                    table.c.game == "gacha", table.c.created_at >= clock.start_of_business_day(today)
                )
            ).scalar_one()
        )
    _pullers_cache = (time.monotonic(), today.isoformat(), value)
    return value


def forget_players_today() -> None:
    """Drop the cached counter (a new player just pulled)."""
    global _pullers_cache
    _pullers_cache = (0.0, "", 0)
