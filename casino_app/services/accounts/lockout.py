"""Login attempts and the lockout rule: N failures within the window lock the site ID until it passes."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.models.accounts import LoginAttempt
from casino_app.settings import get_settings

SUCCESS = "success"
BAD_PASSWORD = "bad_password"  # noqa: S105 - an outcome label, not a password
UNKNOWN_USER = "unknown_user"
LOCKED = "locked"
INACTIVE = "inactive"
WRONG_PORTAL = "wrong_portal"
# An attempt whose password check is still running. It counts as a failure so
# that parallel guesses cannot all slip past the check before any is recorded.
PENDING = "pending"
# Outcomes that count towards the lockout. Unknown IDs count too, so a locked
# answer never reveals whether an account exists.
FAILURES = (BAD_PASSWORD, UNKNOWN_USER, WRONG_PORTAL, PENDING)


def attempt_key(site_id: str) -> str:
    """The lockout key for whatever the client typed (lower-cased, printable characters only, bounded)."""
    return "".join(ch for ch in site_id.strip().lower() if ch.isprintable())[:40]


def seconds_locked(session: Session, site_id: str, now: datetime) -> int | None:
    """Seconds until ``site_id`` may try again, or ``None`` when it is not locked.

    Locked while at least ``LOGIN_MAX_FAILURES`` failures happened inside the
    trailing window and after the last success; it unlocks when the oldest of
    those failures leaves the window.
    """
    settings = get_settings()
    window = timedelta(minutes=settings.login_failure_window_minutes)
    table = LoginAttempt.__table__
    last_success = (
        sa.select(sa.func.max(table.c.created_at))
        .where(table.c.site_id == site_id, table.c.outcome == SUCCESS)
        .scalar_subquery()
    )
    failures = (
        session.execute(
            sa.select(table.c.created_at)
            .where(
                table.c.site_id == site_id,
                table.c.outcome.in_(FAILURES),
                # No upper bound: an attempt stamped by a host whose clock runs ahead still counts.
                table.c.created_at > now - window,
                sa.or_(last_success.is_(None), table.c.created_at > last_success),
            )
            .order_by(table.c.created_at.desc())
            .limit(settings.login_max_failures)
        )
        .scalars()
        .all()
    )
    if len(failures) < settings.login_max_failures:
        return None
    unlock_at = failures[-1] + window
    return max(1, math.ceil((unlock_at - now).total_seconds()))


def serialize(session: Session, site_id: str) -> None:
    """Hold a transaction-scoped lock on ``site_id`` so check-then-record is atomic across workers."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended("login:" + site_id, 0))))


def record(
    session: Session, *, site_id: str, user_id: int | None, portal: str, outcome: str, ip: str, now: datetime
) -> LoginAttempt:
    """Store one attempt (every attempt is recorded, successful or not)."""
    attempt = LoginAttempt(site_id=site_id, user_id=user_id, portal=portal, outcome=outcome, ip=ip[:45], created_at=now)
    session.add(attempt)
    session.flush()
    return attempt


def settle(session: Session, attempt_id: int, *, outcome: str, user_id: int | None) -> None:
    """Replace a pending attempt's outcome once the password check has finished."""
    table = LoginAttempt.__table__
    session.execute(sa.update(table).where(table.c.id == attempt_id).values(outcome=outcome, user_id=user_id))
