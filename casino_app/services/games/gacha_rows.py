"""The gacha's own rows in a pull's transaction: today's pull count, the pity counter, limited stock."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError
from casino_app.models.games import GachaDailyPulls, GachaPity, GachaStock
from casino_app.services.fairness import rng
from casino_app.services.games.gacha_draw import Take, draw_round
from casino_app.services.games.gacha_table import GachaConfig, GachaItem


class DailyGachaLimit(AppError):
    """The player used today's pulls (429 with ``limit`` and ``used``)."""

    code = "DAILY_GACHA_LIMIT"
    status = 429


def use_daily_pull(db: Session, user_id: int, limit: int) -> int:
    """Count one pull action today (KST); raise ``DailyGachaLimit`` when the limit is reached."""
    today = clock.business_date()
    table = GachaDailyPulls.__table__
    used = db.execute(
        insert(table)
        .values(user_id=user_id, day=today, pulls=1)
        .on_conflict_do_update(
            index_elements=["user_id", "day"], set_={"pulls": table.c.pulls + 1}, where=table.c.pulls < limit
        )
        .returning(table.c.pulls)
    ).scalar_one_or_none()
    if used is None or limit == 0 or used > limit:
        current = db.execute(
            sa.select(table.c.pulls).where(table.c.user_id == user_id, table.c.day == today)
        ).scalar_one_or_none()
        tomorrow = clock.start_of_business_day(date.fromordinal(today.toordinal() + 1))
        wait = max(1, int((tomorrow - clock.now()).total_seconds()))
        raise DailyGachaLimit(details={"limit": limit, "used": int(current or 0)}, headers={"Retry-After": str(wait)})
    return int(used)


def used_today(user_id: int, db: Session | None = None) -> int:
    """Pull actions the player made today (KST)."""
    if db is None:
        with session_scope() as own:
            return used_today(user_id, own)
    table = GachaDailyPulls.__table__
    return int(
        db.execute(
            sa.select(table.c.pulls).where(table.c.user_id == user_id, table.c.day == clock.business_date())
        ).scalar_one_or_none()
        or 0
    )


def take_stock(db: Session, units: list[rng.Unit], config: GachaConfig, count: int, pity_before: int) -> Take:
    """A ``take`` that reserves stock rows, locking them all in item order first when the round may need one.

    A dry run (everything in stock) shows whether the round touches a limited
    item at all; most rounds do not and lock nothing. When it does, every
    limited row is locked up front in a fixed order, because a sold-out
    fallback can move to another limited item and rows locked in draw order
    could deadlock two concurrent pulls.
    """
    table = GachaStock.__table__
    touched: list[str] = []

    def assume_in_stock(_: int, item: GachaItem) -> bool:
        touched.append(item.id)
        return True

    draw_round(units, config, count, pity_before, assume_in_stock)
    if touched:
        limited = sorted((i for i in config.items if i.stock is not None), key=lambda i: i.id)
        db.execute(
            insert(table)
            .values([{"item_id": i.id, "remaining": i.stock, "initial": i.stock} for i in limited])
            .on_conflict_do_nothing(index_elements=["item_id"])
        )
        db.execute(
            sa.select(table.c.item_id)
            .where(table.c.item_id.in_([i.id for i in limited]))
            .order_by(table.c.item_id)
            .with_for_update()
        ).all()

    def take(_: int, item: GachaItem) -> bool:
        left = db.execute(
            sa.update(table)
            .where(table.c.item_id == item.id, table.c.remaining > 0)
            .values(remaining=table.c.remaining - 1)
            .returning(table.c.remaining)
        ).scalar_one_or_none()
        return left is not None

    return take


def locked_pity(db: Session, user_id: int) -> GachaPity:
    """The player's pity row, created if missing and locked for the pull."""
    db.execute(insert(GachaPity.__table__).values(user_id=user_id).on_conflict_do_nothing(index_elements=["user_id"]))
    row = db.get(GachaPity, user_id, with_for_update=True, populate_existing=True)
    assert row is not None
    return row
