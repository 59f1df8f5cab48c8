"""Paying for unlocked achievements: gold through the ledger, XP through progression, and a notification."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.models.achievements import Achievement, UserAchievement
from casino_app.services import ledger, notifications, progression

SOURCE_ACCOUNT = "rewards:achievements"
TRANSFER_KIND = "ACHIEVEMENT_REWARD"


def transfer_key(user_id: int, achievement_id: int) -> str:
    """The ledger idempotency key of one player's reward for one achievement (paid at most once)."""
    return f"achievement:{user_id}:{achievement_id}"


def grant(db: Session, user_id: int, achievement_ids: Sequence[int]) -> None:
    """Pay the rewards of achievements the player just unlocked, in the caller's (the action's) transaction.

    Gold moves from ``rewards:achievements`` to the player's wallet under a per-user, per-achievement
    idempotency key and the transfer is linked to the unlock; XP goes through ``progression.add_xp``
    (which may reach a level and so unlock a level achievement in turn); the player is notified.
    """
    table = Achievement.__table__
    rows = db.execute(
        sa.select(table.c.id, table.c.key, table.c.name_ko, table.c.name_en, table.c.reward_gold, table.c.reward_xp)
        .where(table.c.id.in_(achievement_ids))
        .order_by(table.c.sort, table.c.id)
    ).all()
    unlocks = UserAchievement.__table__
    for row in rows:
        if row.reward_gold:
            posting = ledger.reward(
                db,
                SOURCE_ACCOUNT,
                user_id,
                row.reward_gold,
                kind=TRANSFER_KIND,
                key=transfer_key(user_id, row.id),
                reference=f"achievement:{row.key}",
            )
            db.execute(
                sa.update(unlocks)
                .where(unlocks.c.user_id == user_id, unlocks.c.achievement_id == row.id)
                .values(reward_transfer_id=posting.transfer_id)
            )
        if row.reward_xp:
            progression.add_xp(db, user_id, row.reward_xp, "achievement")
        notifications.notify(
            db,
            user_id,
            "achievement_unlocked",
            key=row.key,
            name_ko=row.name_ko,
            name_en=row.name_en,
            gold=row.reward_gold,
            xp=row.reward_xp,
        )
