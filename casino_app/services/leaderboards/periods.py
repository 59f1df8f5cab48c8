"""Leaderboard boards and periods: what is ranked, and which KST day or week an instant belongs to.

A daily period is one business (KST) day, keyed ``D2026-11-28``; a weekly period
runs Monday 00:00 KST to the next Monday, keyed by its Monday (``W2026-11-23``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from casino_app.core import clock


class Board(StrEnum):
    """What a board ranks: XP earned, missions completed, or the best single-round multiplier."""

    XP = "xp"
    MISSIONS = "missions"
    MULTIPLIER = "multiplier"


class PeriodKind(StrEnum):
    """How long a board runs before it starts again."""

    DAILY = "daily"
    WEEKLY = "weekly"


ALL_GAMES = ""  # the ``game`` of a board over every game (XP and missions boards have no other)


@dataclass(frozen=True)
class Period:
    """One concrete period of ``kind``: its key and the UTC instants it starts and ends."""

    kind: PeriodKind
    key: str
    starts_at: datetime
    ends_at: datetime


def period_of(kind: PeriodKind, at: datetime | None = None) -> Period:
    """The period of ``kind`` that contains ``at`` (default: the clock's now)."""
    day = clock.business_date(at or clock.now())
    if kind is PeriodKind.DAILY:
        return Period(kind, clock.daily_key(day), _start(day), _start(day + timedelta(days=1)))
    monday = clock.week_start(day)
    return Period(kind, clock.weekly_key(day), _start(monday), _start(monday + timedelta(days=7)))


def periods_of(at: datetime) -> tuple[Period, Period]:
    """The daily and the weekly period containing ``at``."""
    return period_of(PeriodKind.DAILY, at), period_of(PeriodKind.WEEKLY, at)


def _start(day: date) -> datetime:
    return clock.start_of_business_day(day)
