"""An event's window and what it allows: the one place the event time rules live.

Times are entered and shown in KST and stored in UTC; a time without an offset
means KST. The window is half-open: an event is **live** from ``starts_at``
(inclusive) to ``ends_at`` (exclusive), so joining exactly at the start works
and exactly at the end does not. Ending an event early (``ended_at``) closes it
at that instant instead. Joining and progress happen only while it is live.

Claims: rewards of missions completed while the event was live may still be
claimed for ``CLAIM_GRACE`` (three days) after its effective end — a player who
finished a mission in the last minute must not lose the reward — and the event
stays visible to players for that long; after that it is gone from the player
screens and nothing more can be claimed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from casino_app.core import clock
from casino_app.models.events import Event

CLAIM_GRACE = timedelta(days=3)


class Phase(StrEnum):
    """Where an event stands at a given instant."""

    DRAFT = "draft"  # staff only
    UPCOMING = "upcoming"  # published, before its start
    LIVE = "live"  # published, inside its window: join and progress
    ENDED = "ended"  # past its end (or ended early): claims only, during the grace period


def to_utc(value: datetime) -> datetime:
    """An entered time in UTC (a naive time is read as KST)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=clock.business_tz())
    return value.astimezone(UTC)


def to_kst(value: datetime) -> datetime:
    """A stored time as shown (KST)."""
    return value.astimezone(clock.business_tz())


def effective_end(event: Event) -> datetime:
    """When the event stops being live: its scheduled end, or the moment it was ended early."""
    if event.ended_at is not None and event.ended_at < event.ends_at:
        return event.ended_at
    return event.ends_at


def phase(event: Event, now: datetime | None = None) -> Phase:
    """The event's phase at ``now`` (default: the clock's now)."""
    at = now or clock.now()
    if event.status == "draft":
        return Phase.DRAFT
    if event.status == "ended" or at >= event.ends_at:
        return Phase.ENDED
    return Phase.UPCOMING if at < event.starts_at else Phase.LIVE


def claims_close_at(event: Event) -> datetime:
    """The end of the claim period (``CLAIM_GRACE`` after the effective end)."""
    return effective_end(event) + CLAIM_GRACE


def ran(event: Event) -> bool:
    """Whether the event was ever live (one ended before its start never ran)."""
    return event.status != "draft" and effective_end(event) > event.starts_at


def visible(event: Event, now: datetime | None = None) -> bool:
    """Whether players see the event: published and upcoming or live, or ended and still in its claim period."""
    at = now or clock.now()
    current = phase(event, at)
    if current in (Phase.UPCOMING, Phase.LIVE):
        return True
    return current == Phase.ENDED and ran(event) and at < claims_close_at(event)
