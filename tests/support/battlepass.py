"""Helpers for battle pass tests: a published season with tiers, its premium product, reading progress."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.battlepass import BattlePassSeason, BattlePassTier
from casino_app.services.battlepass import admin
from casino_app.services.battlepass.rewards import Reward
from tests.support import shop as s

_seq = itertools.count(1)


def tiers(count: int = 5, step: int = 100, *, premium: bool = True) -> list[admin.TierInput]:
    """Tier n at ``step * (n - 1)`` pass XP: free ``100 * n`` gold, premium ``1,000 * n`` gold."""
    return [
        admin.TierInput(n, step * (n - 1), Reward("gold", 100 * n), Reward("gold", 1_000 * n) if premium else None)
        for n in range(1, count + 1)
    ]


def premium_product(actor: int | None = None) -> int:
    """A premium pass product on sale (5,500 won for 1,000 gold)."""
    product = s.product(actor, price_krw=5_500, gold=1_000, bonus_gold=0, name_ko="프리미엄 패스")
    assert product.id is not None
    return product.id


def season(
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    tier_list: list[admin.TierInput] | None = None,
    product_id: int | None = None,
    publish: bool = True,
    actor: int | None = None,
    **amounts: int,
) -> BattlePassSeason:
    """A season (published unless told) running from a day ago for 30 days unless given, with ``tiers()``."""
    actor = actor or s.staff()
    now = clock.now()
    starts = starts_at or now - timedelta(days=1)
    tier_list = tiers() if tier_list is None else tier_list
    if product_id is None and any(t.premium for t in tier_list):
        product_id = premium_product(actor)
    created = admin.create_season(
        admin.SeasonInput(
            key=f"s{next(_seq):03d}-{uuid.uuid4().hex[:8]}",
            name_ko="테스트 시즌",
            name_en="Test season",
            starts_at=starts,
            ends_at=ends_at or starts + timedelta(days=30),
            premium_product_id=product_id,
            **amounts,
        ),
        actor_id=actor,
    )
    assert created.id is not None
    admin.set_tiers(created.id, tier_list, actor_id=actor)
    return admin.publish(created.id, actor_id=actor) if publish else created


def tier_id(season_id: int, level: int) -> int:
    """The id of the season's tier ``level``."""
    with session_scope() as db:
        return int(
            db.execute(
                sa.select(BattlePassTier.id).where(BattlePassTier.season_id == season_id, BattlePassTier.level == level)
            ).scalar_one()
        )


def pass_xp(season_id: int, user_id: int) -> int:
    """The player's pass XP in the season (0 without a row)."""
    with session_scope() as db:
        found = db.execute(
            sa.text("SELECT xp FROM battlepass_progress WHERE season_id = :s AND user_id = :u"),
            {"s": season_id, "u": user_id},
        ).scalar()
    return int(found or 0)


def set_xp(season_id: int, user_id: int, xp: int) -> None:
    """Put the player's pass XP at ``xp`` (a shortcut for tests about claims)."""
    with session_scope() as db:
        db.execute(
            sa.text(
                "INSERT INTO battlepass_progress (season_id, user_id, xp) VALUES (:s, :u, :x)"
                " ON CONFLICT (season_id, user_id) DO UPDATE SET xp = EXCLUDED.xp"
            ),
            {"s": season_id, "u": user_id, "x": xp},
        )


def claims(user_id: int) -> list[tuple[int, str]]:
    """The player's claims as (tier level, track), in claim order."""
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT t.level, c.track FROM battlepass_claims c JOIN battlepass_tiers t ON t.id = c.tier_id"
                " WHERE c.user_id = :u ORDER BY c.id"
            ),
            {"u": user_id},
        ).all()
    return [(int(level), str(track)) for level, track in rows]


def audit_trail(season_id: int) -> list[tuple[str, int | None, dict]]:
    """The season's audit records (action, actor, details), oldest first."""
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT action, actor_id, details FROM audit_log"
                " WHERE target_type = 'battlepass_season' AND target_id = :t ORDER BY id"
            ),
            {"t": str(season_id)},
        ).all()
    return [(str(a), actor, dict(details)) for a, actor, details in rows]
