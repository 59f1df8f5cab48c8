"""Care on the round path: what is checked before a round is drawn and what every round counts.

The round engine reads the player's care state in its opening statement (``COLUMNS`` with ``JOINS``, no extra
round trip), so it is read after the player's seed row is locked: a player's rounds are serialised, and the
counters a round checks are exactly the ones the previous round wrote. Before drawing:

1. a cool-off or self-exclusion in force refuses the round (403 ``PLAY_PAUSED``);
2. a reality check that is due refuses it until the player has seen it (409 ``REALITY_CHECK_DUE``);
3. a used-up daily play-time limit refuses it (403 ``TIME_LIMIT_REACHED``);

and once the stake is known, a round whose stake could take today's net loss past the loss limit is refused
(403 ``LOSS_LIMIT_REACHED``) — so play stops exactly at the limit. Refusals roll the round back.

Counting (``count``, one UPSERT sent with the round): the day's stakes, payouts and play time, and the play
session. A session starts with a round after more than ``SESSION_GAP`` without one, and its first reality
check is due one interval later. Time between rounds counts as play time up to ``PLAY_GAP_CAP``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, run
from casino_app.services.care import errors, exclusions, guard, settings

SESSION_GAP = timedelta(minutes=30)
PLAY_GAP_CAP = timedelta(minutes=5)

# Read in the round's opening statement (``u``: users); ``%(care_now)s`` is the business clock's now.
COLUMNS = """
    EXISTS (SELECT 1 FROM care_exclusions e
            WHERE e.user_id = u.id AND (e.resumes_at IS NULL OR e.resumes_at > %(care_now)s)),
    c.reality_interval_min, COALESCE(cardinality(cs.flags), 0) > 0,
    CASE WHEN c.time_limit_pending_at <= %(care_now)s THEN c.time_limit_pending ELSE c.time_limit_min END,
    CASE WHEN c.loss_limit_pending_at <= %(care_now)s THEN c.loss_limit_pending ELSE c.loss_limit_gold END,
    c.day, c.day_staked, c.day_paid, c.day_seconds, c.last_played_at, c.reality_due_at"""
COLUMN_COUNT = 11
JOINS = """LEFT JOIN player_care c ON c.user_id = u.id LEFT JOIN player_segments cs ON cs.user_id = u.id"""


def session_live(last_played_at: datetime | None, now: datetime) -> bool:
    """Whether a play session is going on at ``now``: the last round was at most ``SESSION_GAP`` ago."""
    return last_played_at is not None and now - last_played_at <= SESSION_GAP


@dataclass(frozen=True)
class Snapshot:
    """The player's care state as the round sees it (after the seed lock)."""

    now: datetime
    excluded: bool
    interval_min: int | None
    flagged: bool
    time_limit_min: int | None
    loss_limit_gold: int | None
    day: date | None
    day_staked: int
    day_paid: int
    day_seconds: int
    last_played_at: datetime | None
    reality_due_at: datetime | None

    @property
    def today(self) -> date:
        """The KST business day of this round."""
        return clock.business_date(self.now)

    @property
    def session_live(self) -> bool:
        """Whether this round continues the play session (the previous round was recent enough)."""
        return session_live(self.last_played_at, self.now)

    @property
    def seconds_today(self) -> int:
        """Play time counted today before this round."""
        return self.day_seconds if self.day == self.today else 0

    @property
    def loss_today(self) -> int:
        """Today's net loss before this round (0 when ahead)."""
        return max(0, self.day_staked - self.day_paid) if self.day == self.today else 0


def params(now: datetime) -> dict[str, Any]:
    """The opening statement's parameter for the care columns."""
    return {"care_now": now}


def snapshot(now: datetime, columns: tuple[Any, ...] | list[Any]) -> Snapshot:
    """The care columns of the opening statement as a ``Snapshot``."""
    excluded, interval, flagged, time_limit, loss_limit, day, staked, paid, seconds, last, due = columns
    return Snapshot(
        now=now,
        excluded=bool(excluded),
        interval_min=interval,
        flagged=bool(flagged),
        time_limit_min=time_limit,
        loss_limit_gold=loss_limit,
        day=day,
        day_staked=int(staked or 0),
        day_paid=int(paid or 0),
        day_seconds=int(seconds or 0),
        last_played_at=last,
        reality_due_at=due,
    )


def read(db: Session, user_id: int, now: datetime) -> Snapshot:
    """The snapshot in a statement of its own (the engine's path for a player's very first round)."""
    text = f"SELECT {COLUMNS} FROM users u {JOINS} WHERE u.id = %(user_id)s"  # noqa: S608 (constants only)
    sql = Sql(text, {"user_id": user_id, **params(now)})
    run(db, sql)
    return snapshot(now, sql.rows[0])


def check_before(db: Session, user_id: int, care: Snapshot) -> None:
    """Refuse the round for a break in force, a reality check that is due, or a used-up play-time limit."""
    if care.excluded:
        found = exclusions.in_force(db, user_id, care.now)
        if found is not None:
            raise guard.paused_error(found, care.now)
    if care.session_live and care.reality_due_at is not None and care.reality_due_at <= care.now:
        raise errors.RealityCheckDue(details={"due_at": care.reality_due_at.isoformat()})
    if care.time_limit_min is not None and care.seconds_today >= care.time_limit_min * 60:
        raise errors.TimeLimitReached(
            details={"limit_minutes": care.time_limit_min, "played_minutes": care.seconds_today // 60}
        )


def check_stake(care: Snapshot, stake: int) -> None:
    """Refuse a stake that could take today's net loss past the loss limit (a free round always passes)."""
    limit = care.loss_limit_gold
    if limit is None or stake <= 0 or care.loss_today + stake <= limit:
        return
    raise errors.LossLimitReached(
        details={
            "limit": limit,
            "lost": care.loss_today,
            "stake": stake,
            "remaining": max(0, limit - care.loss_today),
        }
    )


_COUNT = """
    INSERT INTO player_care AS c (user_id, day, day_staked, day_paid, day_seconds, session_started_at,
                                  last_played_at, reality_due_at)
    VALUES (%(care_user)s, %(care_day)s, %(care_bet)s, %(care_paid)s, 0, %(care_now)s, %(care_now)s, %(care_due)s)
    ON CONFLICT (user_id) DO UPDATE SET
        day = EXCLUDED.day,
        day_staked = CASE WHEN c.day = EXCLUDED.day THEN c.day_staked ELSE 0 END + EXCLUDED.day_staked,
        day_paid = CASE WHEN c.day = EXCLUDED.day THEN c.day_paid ELSE 0 END + EXCLUDED.day_paid,
        day_seconds = CASE WHEN c.day = EXCLUDED.day THEN c.day_seconds ELSE 0 END + %(care_gap)s,
        session_started_at = CASE WHEN %(care_live)s THEN c.session_started_at ELSE EXCLUDED.session_started_at END,
        reality_due_at = CASE WHEN %(care_live)s THEN c.reality_due_at ELSE EXCLUDED.reality_due_at END,
        last_played_at = GREATEST(c.last_played_at, EXCLUDED.last_played_at)
"""


def count(user_id: int, care: Snapshot, stake: int, payout: int) -> Sql:
    """The statement that counts the round into the day and the play session (sent with the round)."""
    live = care.session_live
    gap = min(care.now - care.last_played_at, PLAY_GAP_CAP) if live and care.last_played_at else timedelta()
    gap = max(gap, timedelta())  # a round stamped just before the previous one committed adds nothing
    due = care.now + settings.interval_delta(settings.effective_interval(care.interval_min, care.flagged))
    return Sql(
        _COUNT,
        {
            "care_user": user_id,
            "care_day": care.today,
            "care_bet": stake,
            "care_paid": payout,
            "care_now": care.now,
            "care_due": due,
            "care_gap": int(gap.total_seconds()),
            "care_live": live,
        },
    )
