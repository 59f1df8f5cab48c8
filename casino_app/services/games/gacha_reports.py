"""What the gacha reports besides a pull: rarity counts, pity, stock left, players today, every prize given."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

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


@dataclass(frozen=True)
class PrizeLine:
    """One prize a pull gave: what it was and when (names as they were on the table the round used)."""

    round_id: int
    position: int  # 1 for a single pull; 1–10 within a 10-pull, in draw order
    rarity: str
    item_id: str
    kind: str  # gold | xp | cosmetic
    amount: int  # gold or XP credited (0 for a cosmetic)
    name_ko: str
    name_en: str
    created_at: datetime


def prize_log(user_id: int, limit: int = 30) -> list[PrizeLine]:
    """The player's latest gacha prizes of every kind (gold and XP too, not only inventory items), newest round
    first and in draw order within a round; at most ``limit`` lines."""
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT r.id, p.ord, p.value->>'rarity', p.value->>'item_id', p.value->>'kind',"
                " COALESCE((p.value->>'amount')::bigint, 0), p.value->>'name_ko', p.value->>'name_en', r.created_at"
                " FROM game_rounds r"
                " CROSS JOIN LATERAL jsonb_array_elements(r.outcome->'pulls') WITH ORDINALITY AS p(value, ord)"
                " WHERE r.user_id = :u AND r.game = 'gacha'"
                " ORDER BY r.id DESC, p.ord ASC LIMIT :n"
            ),
            {"u": user_id, "n": max(1, min(int(limit), 200))},
        ).all()
    return [
        PrizeLine(int(rid), int(pos), rarity, item, kind, int(amount), ko, en, created)
        for rid, pos, rarity, item, kind, amount, ko, en, created in rows
    ]


@dataclass(frozen=True)
class PrizeTotals:
    """Everything the player's pulls ever gave: prizes, gold credited, XP added, inventory items."""

    prizes: int
    gold: int
    xp: int
    items: int


def prize_totals(user_id: int) -> PrizeTotals:
    """Sums over all of the player's gacha prizes by kind (gold equals the rounds' payouts)."""
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT p->>'kind', count(*), COALESCE(sum((p->>'amount')::bigint), 0)"
                " FROM game_rounds r, jsonb_array_elements(r.outcome->'pulls') p"
                " WHERE r.user_id = :u AND r.game = 'gacha' GROUP BY 1"
            ),
            {"u": user_id},
        ).all()
    by_kind = {kind: (int(n), int(total)) for kind, n, total in rows}
    return PrizeTotals(
        prizes=sum(n for n, _ in by_kind.values()),
        gold=by_kind.get("gold", (0, 0))[1],
        xp=by_kind.get("xp", (0, 0))[1],
        items=by_kind.get("cosmetic", (0, 0))[0],
    )
