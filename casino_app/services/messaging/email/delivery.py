"""Delivering queued mail: the periodic job (and the nudge after a trigger) that empties the outbox.

Each mail is handled in its own transaction with its row locked (``FOR UPDATE SKIP LOCKED``), so two workers
never send the same mail twice. Per mail:

- marketing is checked against the delivery policy again: at night without the night consent it stays
  ``queued`` (deferred to 08:00 KST); consent withdrawn or a break started since → ``failed`` with the reason;
- no SMTP configured → ``local`` (it stays readable in the console);
- else it goes through SMTP: ``sent`` (with ``sent_at``), or the attempt and error are recorded and it is tried
  again on a later run, until ``MAX_ATTEMPTS`` makes it ``failed``.

One run looks at each mail at most once (ascending id), so a failing mail waits for the next run. Between 21:00
and 08:00 KST the selection itself leaves out marketing mail whose recipient has no night consent: however many
such mails wait for the morning, they neither use up a run's ``limit`` nor hold back the service mail behind them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.messaging import EmailMessage, NotificationPreference
from casino_app.services.messaging import policy
from casino_app.services.messaging.email import smtp

logger = logging.getLogger(__name__)

JOB_NAME = "email-delivery"
INTERVAL_SECONDS = 30.0
MAX_ATTEMPTS = 5
BATCH = 100
_messages = EmailMessage.__table__
_preferences = NotificationPreference.__table__


@dataclass(frozen=True)
class DeliveryRun:
    """What one run did."""

    sent: int = 0
    failed: int = 0
    retrying: int = 0
    local: int = 0
    deferred: int = 0


def _waiting_for_morning() -> sa.ColumnElement[bool]:
    """Marketing mail to a player without the night consent: it may not leave before 08:00 KST."""
    night_consent = sa.exists().where(
        _preferences.c.user_id == _messages.c.user_id, _preferences.c.night_consent_at.is_not(None)
    )
    return sa.and_(_messages.c.category == policy.MARKETING, _messages.c.user_id.is_not(None), ~night_consent)


def _next(db: Session, after: int, now: datetime) -> sa.Row | None:
    query = sa.select(_messages).where(_messages.c.status == "queued", _messages.c.id > after)
    if policy.is_quiet_hours(now):
        query = query.where(~_waiting_for_morning())
    return db.execute(query.order_by(_messages.c.id).limit(1).with_for_update(skip_locked=True)).first()


def _waiting() -> int:
    """Queued mail the night leaves out of the selection (reported as ``deferred``)."""
    query = sa.select(sa.func.count()).where(_messages.c.status == "queued", _waiting_for_morning())
    with session_scope() as db:
        return int(db.execute(query).scalar_one())


def _update(db: Session, message_id: int, **values: object) -> None:
    db.execute(sa.update(_messages).where(_messages.c.id == message_id).values(**values))


def _deliver_one(after: int, now: datetime, counts: dict[str, int]) -> int | None:
    """Handle the first queued mail above id ``after``; its id, or None when none is left."""
    with session_scope() as db:
        row = _next(db, after, now)
        if row is None:
            return None
        if row.category == policy.MARKETING and row.user_id is not None:
            reason = policy.blocked(db, row.user_id, policy.MARKETING, campaign=True, now=now)
            if reason == policy.QUIET_HOURS:  # the night consent was withdrawn since the selection
                counts["deferred"] += 1
                return int(row.id)
            if reason is not None:
                _update(db, row.id, status="failed", error=f"policy: {reason}")
                counts["failed"] += 1
                return int(row.id)
        if not smtp.configured():
            _update(db, row.id, status="local")
            counts["local"] += 1
            return int(row.id)
        message = smtp.build(
            to=row.to_address, subject=row.subject, text=row.body_text, html=row.body_html, message_id=row.id
        )
        attempts = row.attempts + 1
        try:
            smtp.send(message)
        except smtp.DeliveryError as exc:
            gave_up = attempts >= MAX_ATTEMPTS
            _update(db, row.id, attempts=attempts, error=str(exc)[:300], status="failed" if gave_up else "queued")
            counts["failed" if gave_up else "retrying"] += 1
            logger.warning("mail delivery failed", extra={"message_id": row.id, "attempts": attempts})
            return int(row.id)
        _update(db, row.id, attempts=attempts, error="", status="sent", sent_at=clock.now())
        counts["sent"] += 1
        return int(row.id)


def deliver_pending(limit: int = BATCH, now: datetime | None = None) -> DeliveryRun:
    """Deliver up to ``limit`` queued mails (each once per run); returns what happened to them.

    Mail deferred to the morning is not selected at night (``deferred`` counts it) and never counts toward
    ``limit``.
    """
    at = now or clock.now()
    counts = dict.fromkeys(("sent", "failed", "retrying", "local", "deferred"), 0)
    after = 0
    while sum(counts.values()) - counts["deferred"] < limit:
        handled = _deliver_one(after, at, counts)
        if handled is None:
            break
        after = handled
    if policy.is_quiet_hours(at):
        counts["deferred"] += _waiting()
    run = DeliveryRun(**counts)
    if any(counts.values()):
        logger.info("mail delivery run", extra={"job": JOB_NAME, **counts})
    return run


def run_job(runner: str) -> None:
    """The periodic job's entry point (``workers.schedule``)."""
    deliver_pending()
