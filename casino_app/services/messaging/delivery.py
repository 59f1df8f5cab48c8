"""Delivering a broadcast or a campaign: bounded batches, each player exactly once, policy applied per player.

A batch is one transaction: it locks the campaign row (``FOR UPDATE``, or ``SKIP LOCKED`` for the periodic job so
two workers never work on the same campaign at once), takes the next players of the audience that have no
``campaign_deliveries`` row yet (ascending id), and for each inserts the row (``ON CONFLICT DO NOTHING`` on the
primary key) together with the notification. Row and notification commit or roll back together, so a crash or a
restart mid-campaign never sends twice and never loses anyone: the next run simply continues with the players
who still have no row.

Per player the delivery policy decides: ``sent``, a skip outcome (muted, no consent, on a break), or — marketing
between 21:00 and 08:00 KST without the night consent — a deferral: no row, so a later run (after 08:00 KST)
sends it. At night the audience page query already leaves those players out (``audience.next_page``), so a run
does not re-check them every 30 s; a run reports them as ``deferred``. A campaign is ``sent`` once every targeted
player has a row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.messaging import Campaign, CampaignDelivery
from casino_app.services import notifications
from casino_app.services.messaging import audience, policy

BATCH = 200  # players per transaction
ACTIVE = ("scheduled", "sending")
SENT = "sent"

_campaigns = Campaign.__table__
_deliveries = CampaignDelivery.__table__


@dataclass
class Run:
    """What one delivery run did for one campaign."""

    campaign_id: int
    sent: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    deferred: int = 0  # players left waiting (for 08:00 KST) when the run reached the audience's end
    finished: bool = False

    @property
    def handled(self) -> int:
        """Players given a delivery row by this run."""
        return self.sent + sum(self.skipped.values())


@dataclass(frozen=True)
class Counts:
    """A campaign's totals: targeted = sent + skipped + pending (pending: not handled yet, or deferred)."""

    targeted: int
    sent: int
    skipped: dict[str, int]
    pending: int


def kind_of(target: dict[str, Any]) -> str:
    """The notification kind a campaign row sends: ``broadcast`` or ``campaign``."""
    return "broadcast" if audience.is_broadcast(target) else "campaign"


def _lock(db: Session, campaign_id: int, now: datetime, *, skip_locked: bool) -> Any:
    query = (
        sa.select(_campaigns)
        .where(_campaigns.c.id == campaign_id, _campaigns.c.status.in_(ACTIVE), _campaigns.c.scheduled_at <= now)
        .with_for_update(skip_locked=skip_locked)
    )
    return db.execute(query).first()


def _deliver_one(db: Session, row: Any, user_id: int, now: datetime, run: Run) -> None:
    kind = kind_of(row.target)
    # Campaigns and broadcasts alike are ours to send: neither reaches a player on a break, whatever the category.
    reason = policy.blocked(db, user_id, row.category, campaign=True, now=now)
    if reason == policy.QUIET_HOURS:
        run.deferred += 1
        return
    outcome = reason or SENT
    claimed = db.execute(
        insert(_deliveries)
        .values(campaign_id=row.id, user_id=user_id, outcome=outcome, created_at=now)
        .on_conflict_do_nothing(index_elements=["campaign_id", "user_id"])
        .returning(_deliveries.c.user_id)
    ).first()
    if claimed is None:  # another run handled this player first
        return
    if outcome != SENT:
        run.skipped[outcome] += 1
        return
    if notifications.notify(db, user_id, kind, category=row.category, **row.message):
        run.sent += 1
        return
    # The policy changed between the two checks (the clock crossed 21:00 or a break began): decide again later.
    db.execute(sa.delete(_deliveries).where(_deliveries.c.campaign_id == row.id, _deliveries.c.user_id == user_id))
    run.deferred += 1


def _batch(campaign_id: int, after: int, size: int, now: datetime, run: Run, *, skip_locked: bool) -> list[int]:
    """One transaction: the next ``size`` players above ``after`` (their ids; empty when the campaign is not
    deliverable — cancelled, finished, not due, locked by another worker — or nobody is left)."""
    with session_scope() as db:
        row = _lock(db, campaign_id, now, skip_locked=skip_locked)
        if row is None:
            return []
        if row.status == "scheduled":
            db.execute(
                sa.update(_campaigns).where(_campaigns.c.id == campaign_id).values(status="sending", started_at=now)
            )
        ids = audience.next_page(db, campaign_id, row.target, row.category, now, after=after, limit=size)
        for user_id in ids:
            _deliver_one(db, row, user_id, now, run)
        return ids


def _finish(campaign_id: int, now: datetime, *, skip_locked: bool) -> int | None:
    """Mark the campaign ``sent`` when every targeted player has a row. Returns the players still pending (0: it
    is ``sent`` now), or None when the campaign is not deliverable (cancelled, finished, held by another worker)."""
    with session_scope() as db:
        row = _lock(db, campaign_id, now, skip_locked=skip_locked)
        if row is None:
            return None
        waiting = audience.pending(db, campaign_id, row.target, row.category, now)
        if waiting == 0:
            db.execute(sa.update(_campaigns).where(_campaigns.c.id == campaign_id).values(status=SENT, finished_at=now))
        return waiting


def deliver(
    campaign_id: int,
    now: datetime | None = None,
    *,
    batch: int = BATCH,
    limit: int | None = None,
    skip_locked: bool = False,
) -> Run:
    """Deliver a due campaign or broadcast to the players it has not handled yet, ``batch`` per transaction.

    Stops after ``limit`` players (None: the whole audience), when the campaign is cancelled or finished, or —
    with ``skip_locked`` (the periodic job) — when another worker holds it. Marks it ``sent`` when nobody is
    left; deferred players keep it ``sending``. Safe to call again at any time: nobody gets it twice.
    """
    at = now or clock.now()
    run = Run(campaign_id)
    after, left = 0, limit
    while left is None or left > 0:
        take = max(1, batch) if left is None else min(max(1, batch), left)
        ids = _batch(campaign_id, after, take, at, run, skip_locked=skip_locked)
        if not ids:
            waiting = _finish(campaign_id, at, skip_locked=skip_locked)
            run.finished = waiting == 0
            run.deferred = run.deferred if waiting is None else waiting
            break
        after = ids[-1]
        left = None if left is None else left - len(ids)
    return run


def counts(db: Session, row: Any, now: datetime) -> Counts:
    """A campaign's totals from its delivery rows, plus (while it is active) the players still pending."""
    outcomes = dict(
        db.execute(
            sa.select(_deliveries.c.outcome, sa.func.count())
            .where(_deliveries.c.campaign_id == row.id)
            .group_by(_deliveries.c.outcome)
        ).all()
    )
    sent = int(outcomes.pop(SENT, 0))
    skipped = {outcome: int(n) for outcome, n in sorted(outcomes.items())}
    waiting = audience.pending(db, row.id, row.target, row.category, now) if row.status in ACTIVE else 0
    return Counts(targeted=sent + sum(skipped.values()) + waiting, sent=sent, skipped=skipped, pending=waiting)
