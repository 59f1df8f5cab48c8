"""Experience and levels: ``level = xp // 500 + 1`` (the database derives it; this module grants XP)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, run
from casino_app.models.accounts import XP_PER_LEVEL, User
from casino_app.models.progression import LevelUp
from casino_app.services import actions, notifications


@dataclass(frozen=True)
class LevelChange:
    """XP and level after a grant; ``leveled_up`` when at least one level was reached."""

    xp: int
    level: int
    previous_level: int

    @property
    def leveled_up(self) -> bool:
        """Whether this grant crossed a level boundary."""
        return self.level > self.previous_level


@dataclass(frozen=True)
class LevelProgress:
    """Where a player stands inside their level (for the XP bar)."""

    level: int
    xp: int
    into_level: int
    per_level: int

    @property
    def percent(self) -> int:
        """Progress through the current level, 0–100."""
        return self.into_level * 100 // self.per_level


def progress(xp: int) -> LevelProgress:
    """Level and progress for an XP total."""
    return LevelProgress(level=xp // XP_PER_LEVEL + 1, xp=xp, into_level=xp % XP_PER_LEVEL, per_level=XP_PER_LEVEL)


def level_of(db: Session, user_id: int) -> int:
    """The player's current level (a generated column of their XP)."""
    return int(db.execute(sa.select(User.__table__.c.level).where(User.__table__.c.id == user_id)).scalar_one())


_ADD_XP = "UPDATE users SET xp = xp + %(amount)s WHERE id = %(user_id)s RETURNING xp, level"


def add_xp_statement(user_id: int, amount: int) -> Sql:
    """The XP grant as one statement for a pipeline; finish it with ``added``."""
    if type(amount) is not int or amount < 0:
        raise ValueError("XP grants are non-negative integers")
    return Sql(_ADD_XP, {"amount": amount, "user_id": user_id})


def add_xp(db: Session, user_id: int, amount: int, reason: str) -> LevelChange:
    """Grant XP in the caller's transaction; record and announce every level reached; count it for progression."""
    statement = add_xp_statement(user_id, amount)
    counted = actions.pending(actions.Action(user_id, actions.Kind.XP_EARNED, count=amount)) if amount else None
    run(db, statement, *(counted.statements if counted else ()))
    if counted is not None:
        counted.finish(db)
    return added(db, statement, reason)


def added(db: Session, statement: Sql, reason: str) -> LevelChange:
    """The level change of an executed ``add_xp_statement``; records and announces every level reached."""
    (xp, level), amount, user_id = statement.rows[0], statement.params["amount"], statement.params["user_id"]  # type: ignore[index]
    previous = (xp - amount) // XP_PER_LEVEL + 1
    change = LevelChange(xp=int(xp), level=int(level), previous_level=previous)
    if change.leveled_up:
        now = clock.now()
        db.execute(
            insert(LevelUp.__table__)
            .values(
                [
                    {"user_id": user_id, "level": lv, "reason": reason, "reached_at": now}
                    for lv in range(previous + 1, change.level + 1)
                ]
            )
            .on_conflict_do_nothing(index_elements=["user_id", "level"])
        )
        notifications.notify(db, user_id, "level_up", level=change.level)
        actions.record(db, actions.Action(user_id, actions.Kind.LEVEL_REACHED, count=change.level))
    return change
