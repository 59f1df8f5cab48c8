"""What every path that moves gold, takes money or markets to a player asks first.

Games check on the round path itself (``services.care.play``, read in the round's opening statement); purchases,
reward claims and marketing notifications call ``ensure_open`` / ``marketing_allowed`` in their own transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from casino_app.core import clock
from casino_app.services.care import exclusions
from casino_app.services.care.errors import PlayPaused


def paused_error(found: exclusions.Exclusion, now: datetime) -> PlayPaused:
    """The 403 for a break in force, with what the player needs to know to come back."""
    return PlayPaused(
        details={
            "kind": found.kind,
            "period": found.period,
            "ends_at": found.ends_at.isoformat(),
            "until": found.until.isoformat(),
            "until_kst": clock.kst_text(found.until),
            "opt_in_needed": found.opted_in_at is None,
        }
    )


def on_break(db: Session, user_id: int, now: datetime | None = None) -> exclusions.Exclusion | None:
    """The cool-off or self-exclusion in force, if any."""
    return exclusions.in_force(db, user_id, now or clock.now())


def ensure_open(db: Session, user_id: int, now: datetime | None = None) -> None:
    """403 ``PLAY_PAUSED`` while a cool-off or self-exclusion is in force (games, purchases, claims)."""
    at = now or clock.now()
    found = on_break(db, user_id, at)
    if found is not None:
        raise paused_error(found, at)


def marketing_allowed(db: Session, user_id: int, now: datetime | None = None) -> bool:
    """Whether a marketing message may reach the player (never during a cool-off or self-exclusion)."""
    return on_break(db, user_id, now) is None
