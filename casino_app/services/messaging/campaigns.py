"""Scheduled campaigns: an operator message to a target group at a chosen time, sent by a periodic job.

Lifecycle: ``scheduled`` → ``sending`` (the dispatcher started) → ``sent`` (every targeted player has a delivery
row), or ``cancelled`` from either active state (nothing more goes out; what went out stays). The dispatcher
(``dispatch_due``, every 30 s) delivers through ``delivery``: bounded batches, a row lock per batch with
``SKIP LOCKED`` so two workers never work on one campaign at once, and one delivery row per player inserted with
its notification in the same transaction — so each player gets a campaign exactly once across crashes and
restarts. Campaigns also skip players on a break (any category); marketing deferred by quiet hours waits for
08:00 KST. The list shows broadcasts too (``kind``), since they are delivered the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, NotFound, ValidationFailed
from casino_app.models.messaging import Campaign
from casino_app.services import audit
from casino_app.services.accounts import identity
from casino_app.services.messaging import audience, delivery, sending

NAME_MAX = 80
HORIZON = timedelta(days=90)
GRACE = timedelta(minutes=1)  # a time picked "now" in a minute-precision form is still accepted
LIST_LIMIT_MAX = 100

_campaigns = Campaign.__table__


@dataclass(frozen=True)
class CampaignView:
    """A campaign (or broadcast) with its delivery totals."""

    id: int
    kind: str
    name: str
    category: str
    message: dict[str, Any]
    target: dict[str, Any]
    status: str
    scheduled_at: datetime
    created_by: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancelled_at: datetime | None
    counts: delivery.Counts


def _view(db: Session, row: Any, now: datetime) -> CampaignView:
    target = dict(row.target)
    return CampaignView(
        id=row.id,
        kind=delivery.kind_of(target),
        name=row.name,
        category=row.category,
        message=dict(row.message),
        target={k: v for k, v in target.items() if k != "kind"},
        status=row.status,
        scheduled_at=row.scheduled_at,
        created_by=row.created_by,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        cancelled_at=row.cancelled_at,
        counts=delivery.counts(db, row, now),
    )


def clean_name(name: Any) -> str:
    """A campaign's internal name: 1–80 characters, one line (422 ``CAMPAIGN_NAME_INVALID``)."""
    try:
        return sending.clean_line(name, "name", max_length=NAME_MAX)
    except ValidationFailed:
        raise ValidationFailed(code="CAMPAIGN_NAME_INVALID", details={"field": "name"}) from None


def clean_schedule(scheduled_at: datetime, now: datetime) -> datetime:
    """A send time from now to 90 days ahead (422 ``SCHEDULE_INVALID``); naive times are KST."""
    at = scheduled_at if scheduled_at.tzinfo else scheduled_at.replace(tzinfo=clock.business_tz())
    if at < now - GRACE or at > now + HORIZON:
        raise ValidationFailed(code="SCHEDULE_INVALID", details={"max_days": HORIZON.days})
    return max(at, now)


def preview(actor: identity.AuthUser, target: dict[str, Any] | None, category: str = "notice") -> int:
    """How many players a target holds now (before consent, mutes and breaks; operators)."""
    identity.require_staff(actor, "operator")
    stored = audience.parse_target(target).as_json()
    with session_scope() as db:
        return audience.size(db, stored, sending.clean_category(category), clock.now())


def create(
    actor: identity.AuthUser,
    *,
    name: str,
    category: str,
    message: dict[str, Any],
    target: dict[str, Any] | None,
    scheduled_at: datetime,
    ip: str = "",
) -> CampaignView:
    """Schedule a campaign (operators; audited). Every field is checked; nothing is stored on a 422."""
    identity.require_staff(actor, "operator")
    now = clock.now()
    values = {
        "name": clean_name(name),
        "category": sending.clean_category(category),
        "message": sending.clean_message(message),
        "target": audience.parse_target(target).as_json(),
        "scheduled_at": clean_schedule(scheduled_at, now),
    }
    with session_scope() as db:
        row = db.execute(
            sa.insert(_campaigns)
            .values(**values, status="scheduled", created_by=actor.id, created_at=now)
            .returning(_campaigns)
        ).one()
        audit.record(
            db,
            actor_id=actor.id,
            action="campaigns.create",
            target_type="campaign",
            target_id=row.id,
            after={**values, "scheduled_at": values["scheduled_at"].isoformat()},
            ip=ip,
        )
        return _view(db, row, now)


def get(actor: identity.AuthUser, campaign_id: int) -> CampaignView:
    """One campaign or broadcast with its totals (operators; 404 ``CAMPAIGN_NOT_FOUND``)."""
    identity.require_staff(actor, "operator")
    with session_scope() as db:
        row = db.execute(sa.select(_campaigns).where(_campaigns.c.id == campaign_id)).first()
        if row is None:
            raise NotFound(code="CAMPAIGN_NOT_FOUND")
        return _view(db, row, clock.now())


def list_all(actor: identity.AuthUser, *, limit: int = 50, offset: int = 0) -> list[CampaignView]:
    """Campaigns and broadcasts, newest scheduled first, with their totals (operators)."""
    identity.require_staff(actor, "operator")
    now = clock.now()
    query = (
        sa.select(_campaigns)
        .order_by(_campaigns.c.scheduled_at.desc(), _campaigns.c.id.desc())
        .limit(max(1, min(limit, LIST_LIMIT_MAX)))
        .offset(max(0, offset))
    )
    with session_scope() as db:
        return [_view(db, row, now) for row in db.execute(query).all()]


def cancel(actor: identity.AuthUser, campaign_id: int, *, ip: str = "") -> CampaignView:
    """Stop a scheduled or sending campaign (operators; audited). 409 ``CAMPAIGN_NOT_CANCELLABLE`` once sent or
    cancelled. Waits for a batch in flight, so nothing goes out after this returns."""
    identity.require_staff(actor, "operator")
    now = clock.now()
    with session_scope() as db:
        row = db.execute(sa.select(_campaigns).where(_campaigns.c.id == campaign_id).with_for_update()).first()
        if row is None:
            raise NotFound(code="CAMPAIGN_NOT_FOUND")
        if row.status not in delivery.ACTIVE:
            raise Conflict(code="CAMPAIGN_NOT_CANCELLABLE", details={"status": row.status})
        previous = row.status
        row = db.execute(
            sa.update(_campaigns)
            .where(_campaigns.c.id == campaign_id)
            .values(status="cancelled", cancelled_at=now)
            .returning(_campaigns)
        ).one()
        audit.record(
            db,
            actor_id=actor.id,
            action="campaigns.cancel",
            target_type="campaign",
            target_id=campaign_id,
            before={"status": previous},
            after={"status": "cancelled"},
            ip=ip,
        )
        return _view(db, row, now)


def dispatch_due(
    now: datetime | None = None, *, batch: int = delivery.BATCH, limit: int | None = None
) -> list[delivery.Run]:
    """The periodic job: deliver every due campaign (and unfinished broadcast) that no other worker holds.

    ``limit`` caps the players handled per campaign in this run (the rest go out on the next run).
    """
    at = now or clock.now()
    with session_scope() as db:
        due = (
            db.execute(
                sa.select(_campaigns.c.id)
                .where(_campaigns.c.status.in_(delivery.ACTIVE), _campaigns.c.scheduled_at <= at)
                .order_by(_campaigns.c.scheduled_at, _campaigns.c.id)
            )
            .scalars()
            .all()
        )
    return [delivery.deliver(int(cid), at, batch=batch, limit=limit, skip_locked=True) for cid in due]
