"""Mission periods: which progress row an action counts towards, and when the next period starts (KST).

Daily missions reset at 00:00 KST, weekly ones on Monday 00:00 KST; onboarding
missions never reset and an event's missions last as long as the event. A daily or
weekly mission completed in the period just before stays claimable during the
current one (``previous_key``): a reset never takes a finished reward away at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from casino_app.core import clock

ONCE = "once"


def event_key(event_id: int) -> str:
    """The one period of an event's missions."""
    return f"E{event_id}"


@dataclass(frozen=True)
class Periods:
    """The period keys in force at one instant, and when the daily and weekly ones end."""

    daily: str
    weekly: str
    daily_ends_at: datetime
    weekly_ends_at: datetime
    previous_daily: str = ""
    previous_weekly: str = ""

    def previous_key(self, cadence: str) -> str | None:
        """The period just before the current one (yesterday KST, last KST week); None for once-only cadences."""
        if cadence == "daily":
            return self.previous_daily
        if cadence == "weekly":
            return self.previous_weekly
        return None

    def key(self, cadence: str, event_id: int | None = None) -> str:
        """The period key of a mission of ``cadence`` (an event mission needs its event)."""
        if cadence == "daily":
            return self.daily
        if cadence == "weekly":
            return self.weekly
        if cadence == "onboarding":
            return ONCE
        if cadence == "event" and event_id is not None:
            return event_key(event_id)
        raise ValueError(f"no period for cadence {cadence!r}")


def at(instant: datetime | None = None) -> Periods:
    """The periods at ``instant`` (default: the clock's now)."""
    day = clock.business_date(instant or clock.now())
    tomorrow = day + timedelta(days=1)
    next_monday = clock.week_start(day) + timedelta(days=7)
    return Periods(
        daily=clock.daily_key(day),
        weekly=clock.weekly_key(day),
        daily_ends_at=clock.start_of_business_day(tomorrow),
        weekly_ends_at=clock.start_of_business_day(next_monday),
        previous_daily=clock.daily_key(day - timedelta(days=1)),
        previous_weekly=clock.weekly_key(day - timedelta(days=7)),
    )
