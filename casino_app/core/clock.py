"""The business clock. Every rule that depends on "now" asks here, so tests can move time.

Production uses the system clock (UTC, timezone-aware). Tests install a
``FrozenClock`` with ``use_clock`` and advance it explicitly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


class SystemClock:
    """Real time."""

    def now(self) -> datetime:
        """Current UTC time."""
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to (thread-safe)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")
        self._at = at.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The frozen instant."""
        with self._lock:
            return self._at

    def advance(self, delta: timedelta) -> None:
        """Move forward by ``delta``."""
        with self._lock:
            self._at += delta

    def set(self, at: datetime) -> None:
        """Jump to ``at`` (timezone-aware)."""
        with self._lock:
            self._at = at.astimezone(UTC)


_clock: SystemClock | FrozenClock = SystemClock()


def now() -> datetime:
    """Current business time (UTC, timezone-aware)."""
    return _clock.now()


def business_tz() -> ZoneInfo:
    """The zone that defines a business day (``BUSINESS_TIMEZONE``, Asia/Seoul)."""
    from casino_app.settings import get_settings

    return ZoneInfo(get_settings().business_timezone)


def business_date(at: datetime | None = None) -> date:
    """The business (KST) calendar date of ``at`` (default: now)."""
    return (at or now()).astimezone(business_tz()).date()


def kst_text(at: datetime | None) -> str:
    """``2026-11-28 21:05`` in the business zone (empty for None): how the UI and messages show a moment."""
    return at.astimezone(business_tz()).strftime("%Y-%m-%d %H:%M") if at is not None else ""


def start_of_business_day(day: date) -> datetime:
    """The UTC instant when business day ``day`` starts."""
    return datetime(day.year, day.month, day.day, tzinfo=business_tz()).astimezone(UTC)


# Years a scheduled window (an event, a season) may fall in: later ones would overflow date arithmetic.
SCHEDULE_YEARS = (2000, 2100)


def week_start(day: date) -> date:
    """The Monday of business date ``day``'s week (business weeks run Monday 00:00 to Monday 00:00)."""
    return day - timedelta(days=day.weekday())


def daily_key(day: date) -> str:
    """The key of business day ``day`` for per-day rows (missions, leaderboards): ``D2026-11-28``."""
    return f"D{day.isoformat()}"


def weekly_key(day: date) -> str:
    """The key of ``day``'s business week: ``W`` and its Monday (``W2026-11-23``)."""
    return f"W{week_start(day).isoformat()}"


@contextmanager
def use_clock(clock: SystemClock | FrozenClock) -> Iterator[SystemClock | FrozenClock]:
    """Install ``clock`` for the duration of the block (tests)."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield clock
    finally:
        _clock = previous
