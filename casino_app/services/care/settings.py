"""A player's care settings: the reality-check interval and the daily play-time and net-loss limits.

**Reality checks** come every 15, 30 or 60 minutes of play (30 by default); a player the nightly segment job
flagged (``services.care.segments``) gets them every 15 minutes whatever they chose.

**Limits**: an optional daily play-time limit (minutes of play, 15–1,440) and an optional daily net-loss limit in
gold (stakes minus payouts since 00:00 KST). Lowering a limit, or setting one where there was none, applies at
once; raising or removing one waits 24 hours (a later change before then replaces the waiting one; asking for
the value in force cancels it) — the same rule as the shop's purchase limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.care import PlayerCare, PlayerSegment
from casino_app.services.care.errors import CareInvalid
from casino_app.settings import get_settings

INTERVALS = (15, 30, 60)
DEFAULT_INTERVAL = 30
FLAGGED_INTERVAL = 15
TIME_LIMIT_RANGE = (15, 1440)
LOSS_LIMIT_RANGE = (100, 100_000_000)
INCREASE_DELAY = timedelta(hours=24)
LIMITS = ("time_limit_min", "loss_limit_gold")


@dataclass(frozen=True)
class PendingLimit:
    """A raised or removed (``value`` None) limit waiting for ``effective_at``."""

    name: str
    value: int | None
    effective_at: datetime


@dataclass(frozen=True)
class CareView:
    """A player's care settings as they apply now, with today's play (KST business day)."""

    reality_interval_min: int
    effective_interval_min: int
    flagged: bool
    time_limit_min: int | None
    loss_limit_gold: int | None
    pending: list[PendingLimit]
    played_seconds_today: int
    net_today: int

    @property
    def loss_today(self) -> int:
        """Today's net loss in gold (0 when ahead)."""
        return max(0, -self.net_today)


def effective_interval(chosen: int | None, flagged: bool) -> int:
    """Minutes between reality checks: the player's choice, at most 15 for a flagged player."""
    minutes = chosen or DEFAULT_INTERVAL
    return min(minutes, FLAGGED_INTERVAL) if flagged else minutes


def interval_delta(minutes: int) -> timedelta:
    """The length of a reality-check interval of ``minutes`` (``REALITY_CHECK_MINUTE_SECONDS`` per minute)."""
    return timedelta(seconds=minutes * get_settings().reality_check_minute_seconds)


def limit_in_force(current: int | None, pending: int | None, pending_at: datetime | None, now: datetime) -> int | None:
    """The limit that applies at ``now``: a waiting change once its 24 hours have passed, else the current one."""
    return pending if pending_at is not None and pending_at <= now else current


def is_flagged(db: Session, user_id: int) -> bool:
    """Whether the latest segment run raised a protective flag for the player."""
    flags = db.execute(sa.select(PlayerSegment.__table__.c.flags).where(PlayerSegment.__table__.c.user_id == user_id))
    row = flags.first()
    return bool(row and row[0])


def ensure_row(db: Session, user_id: int) -> PlayerCare:
    """The player's care row, created with the defaults when missing, locked for update."""
    db.execute(insert(PlayerCare.__table__).values(user_id=user_id).on_conflict_do_nothing())
    row = db.get(PlayerCare, user_id, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


def _today(row: PlayerCare | None, today: date) -> tuple[int, int]:
    if row is None or row.day != today:
        return 0, 0
    return row.day_seconds, row.day_paid - row.day_staked


def _view(db: Session, user_id: int, row: PlayerCare | None, now: datetime) -> CareView:
    flagged = is_flagged(db, user_id)
    chosen = row.reality_interval_min if row is not None else DEFAULT_INTERVAL
    values: dict[str, int | None] = {}
    pending: list[PendingLimit] = []
    for name in LIMITS:
        current, waiting, at = (getattr(row, f) if row else None for f in (name, *_pending_fields(name)))
        values[name] = limit_in_force(current, waiting, at, now)
        if at is not None and at > now:
            pending.append(PendingLimit(name, waiting, at))
    seconds, net = _today(row, clock.business_date(now))
    return CareView(
        reality_interval_min=chosen,
        effective_interval_min=effective_interval(chosen, flagged),
        flagged=flagged,
        time_limit_min=values["time_limit_min"],
        loss_limit_gold=values["loss_limit_gold"],
        pending=pending,
        played_seconds_today=seconds,
        net_today=net,
    )


def _pending_fields(name: str) -> tuple[str, str]:
    base = name.rsplit("_", 1)[0]  # time_limit / loss_limit
    return f"{base}_pending", f"{base}_pending_at"


def get(user_id: int) -> CareView:
    """The player's care settings and today's play."""
    with session_scope() as db:
        return _view(db, user_id, db.get(PlayerCare, user_id), clock.now())


def set_reality_interval(user_id: int, minutes: int) -> CareView:
    """Choose the reality-check interval (15, 30 or 60 minutes); a check already due sooner stays due."""
    if type(minutes) is not int or minutes not in INTERVALS:
        raise CareInvalid(details={"field": "reality_interval_min", "allowed": list(INTERVALS)})
    now = clock.now()
    with session_scope() as db:
        row = ensure_row(db, user_id)
        row.reality_interval_min = minutes
        if row.reality_due_at is not None:
            sooner = now + interval_delta(effective_interval(minutes, is_flagged(db, user_id)))
            row.reality_due_at = min(row.reality_due_at, sooner)
        row.updated_at = now
        db.flush()
        return _view(db, user_id, row, now)


def _valid(name: str, value: Any, bounds: tuple[int, int]) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not bounds[0] <= value <= bounds[1]:
        raise CareInvalid(details={"field": name, "min": bounds[0], "max": bounds[1]})
    return value


def set_limits(user_id: int, *, time_limit_min: int | None, loss_limit_gold: int | None) -> CareView:
    """Set the daily play-time and net-loss limits (None: none); decreases apply now, increases after 24 hours."""
    wanted = {
        "time_limit_min": _valid("time_limit_min", time_limit_min, TIME_LIMIT_RANGE),
        "loss_limit_gold": _valid("loss_limit_gold", loss_limit_gold, LOSS_LIMIT_RANGE),
    }
    now = clock.now()
    with session_scope() as db:
        row = ensure_row(db, user_id)
        for name, new in wanted.items():
            waiting_field, at_field = _pending_fields(name)
            current = limit_in_force(getattr(row, name), getattr(row, waiting_field), getattr(row, at_field), now)
            pending_at: datetime | None = getattr(row, at_field)
            matured = pending_at is not None and pending_at <= now
            if new == current or (new is not None and (current is None or new < current)):
                setattr(row, name, new)  # a decrease (or the value in force) applies now and cancels any wait
                setattr(row, waiting_field, None)
                setattr(row, at_field, None)
                continue
            if matured:
                setattr(row, name, current)
            earlier_same = pending_at is not None and not matured and getattr(row, waiting_field) == new
            setattr(row, waiting_field, new)
            setattr(row, at_field, pending_at if earlier_same else now + INCREASE_DELAY)
        row.updated_at = now
        db.flush()
        return _view(db, user_id, row, now)
