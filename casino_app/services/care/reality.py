"""The reality check: every N minutes of play, the session's time and net result, and play waits until seen.

The round path refuses rounds while a check is due (``services.care.play``); ``status`` tells every tab of the
player whether one is due (the game pages ask every few seconds and show the check, blocking play), and
``acknowledge`` — from any tab — lets play go on for one more interval and tells the player's other tabs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.models.care import PlayerCare
from casino_app.services import realtime
from casino_app.services.care import play, settings
from casino_app.services.games import rounds


@dataclass(frozen=True)
class RealityStatus:
    """The player's play session as the reality check shows it."""

    live: bool
    due: bool
    due_at: datetime | None
    session_started_at: datetime | None
    interval_min: int
    minutes: int
    rounds: int
    wagered: int
    won: int

    @property
    def net(self) -> int:
        """Won minus wagered in this session."""
        return self.won - self.wagered


def _status(row: PlayerCare | None, interval: int, now: datetime) -> RealityStatus:
    live = row is not None and play.session_live(row.last_played_at, now)
    if row is None or not live or row.session_started_at is None:
        return RealityStatus(False, False, None, None, interval, 0, 0, 0, 0)
    summary = rounds.session_summary(row.user_id, row.session_started_at)
    due_at = row.reality_due_at
    return RealityStatus(
        live=True,
        due=due_at is not None and due_at <= now,
        due_at=due_at,
        session_started_at=row.session_started_at,
        interval_min=interval,
        minutes=int((now - row.session_started_at).total_seconds() // 60),
        rounds=summary.rounds,
        wagered=summary.wagered,
        won=summary.won,
    )


def status(user_id: int) -> RealityStatus:
    """Whether a reality check is due, with the session's time, rounds and net result."""
    now = clock.now()
    with session_scope() as db:
        row = db.get(PlayerCare, user_id)
        chosen = row.reality_interval_min if row else None
        interval = settings.effective_interval(chosen, settings.is_flagged(db, user_id))
    return _status(row, interval, now)


def acknowledge(user_id: int) -> RealityStatus:
    """The player has seen the check: the next one is due one interval from now (nothing changes if none is due)."""
    now = clock.now()
    with session_scope() as db:
        row = settings.ensure_row(db, user_id)
        interval = settings.effective_interval(row.reality_interval_min, settings.is_flagged(db, user_id))
        if row.reality_due_at is not None and row.reality_due_at <= now:
            row.reality_due_at = now + settings.interval_delta(interval)
            row.updated_at = now
            after_commit(db, lambda: realtime.to_user(user_id, "care", reality_due=False))
        db.flush()
        db.expunge(row)
    return _status(row, interval, now)
