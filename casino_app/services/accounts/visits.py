"""A player's visits as analytics events (``accounts.logins``): a session opened, or used again on a new day.

Retention and active players (``services/analytics``) count these; staff sessions are never player activity.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from casino_app.core import clock
from casino_app.models.accounts import User
from casino_app.services import outbox


def opened(db: Session, user: User, channel: str) -> None:
    """A session opened for ``user`` (in the caller's transaction): that day's visit."""
    if user.staff_role is None:
        outbox.emit(db, outbox.ACCOUNT_LOGINS, user.id, {"user_id": user.id, "channel": channel, "resumed": False})


def note_return(db: Session, user: User, channel: str, last_used_at: datetime, now: datetime) -> bool:
    """A player's session used on a new business day is that day's visit (``accounts.logins``, resumed).

    Called where a session's ``last_used_at`` moves forward, in that transaction; the caller then sets it to
    ``now``, so a day is counted once per session. Returns whether a visit was recorded.
    """
    if user.staff_role is not None or clock.business_date(last_used_at) == clock.business_date(now):
        return False
    outbox.emit(db, outbox.ACCOUNT_LOGINS, user.id, {"user_id": user.id, "channel": channel, "resumed": True})
    return True
