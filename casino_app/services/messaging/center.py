"""The player's notification center: the list (filters, keyset paging), unread counts, read state and settings.

Every query is scoped to the calling player's own rows (``user_id = :me``): another player's notification is
"not found", never readable or changeable. A change of read state is pushed to the player's other tabs after
commit (realtime event ``notifications_read`` with the new unread counts) so every badge agrees.

Settings: muted categories (service categories — account, purchase, notice — cannot be muted), the marketing
consent and the separate night-time consent (21:00–08:00 KST; it needs the marketing consent). Giving a consent
stores its time, withdrawing it stores NULL (withdrawing marketing also withdraws the night consent). Each
change is written to the audit trail and the player gets an account notice of the result with its date
(정보통신망법 §50: the sender tells the recipient the result of a consent or its withdrawal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.messaging import NOTIFICATION_CATEGORIES, SERVICE_CATEGORIES, NotificationPreference
from casino_app.models.progression import Notification
from casino_app.services import audit, notifications, realtime

PAGE_SIZE = 20
PAGE_SIZE_MAX = 50
READ_EVENT = "notifications_read"
# Every category in display order; the service ones (always delivered, never mutable) among them.
CATEGORIES = NOTIFICATION_CATEGORIES
MUTABLE_CATEGORIES = tuple(c for c in NOTIFICATION_CATEGORIES if c not in SERVICE_CATEGORIES)

_notes = Notification.__table__
_prefs = NotificationPreference.__table__


@dataclass(frozen=True)
class Item:
    """One notification of the player (its text comes from ``messaging.render``)."""

    id: int
    kind: str
    category: str
    params: dict[str, Any]
    created_at: datetime
    read: bool


@dataclass(frozen=True)
class Page:
    """A page of the list, newest first; ``next_before`` is the id to continue below (None: the end)."""

    items: list[Item]
    next_before: int | None


@dataclass(frozen=True)
class Unread:
    """How many notifications are unread, in total and per category (categories without any are absent)."""

    total: int
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """The player's notification settings; a consent is given when its time is not None."""

    muted: tuple[str, ...]
    marketing_consent_at: datetime | None
    night_consent_at: datetime | None


@dataclass(frozen=True)
class SettingsChange:
    """What to change (None: leave as it is). ``muted`` replaces the whole list of muted categories; ``mute`` and
    ``unmute`` change single categories of the list as it stands when the change is applied (a toggle)."""

    muted: Sequence[str] | None = None
    mute: Sequence[str] = ()
    unmute: Sequence[str] = ()
    marketing: bool | None = None
    night: bool | None = None


def check_category(category: str, *, field_name: str = "category") -> str:
    """``category`` when it is a known category, else 422 ``NOTIFICATION_CATEGORY_INVALID``."""
    if category not in NOTIFICATION_CATEGORIES:
        raise ValidationFailed(code="NOTIFICATION_CATEGORY_INVALID", details={"field": field_name})
    return category


# --- the list and the counts ---------------------------------------------------------------------------------


def page(
    user_id: int,
    *,
    category: str | None = None,
    unread_only: bool = False,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """The player's notifications newest first, optionally of one category and/or unread only, below id ``before``.

    ``limit`` is clamped to 1..50. Raises 422 ``NOTIFICATION_CATEGORY_INVALID`` for an unknown category.
    """
    if category is not None:
        check_category(category)
    size = max(1, min(limit, PAGE_SIZE_MAX))
    query = sa.select(
        _notes.c.id, _notes.c.kind, _notes.c.category, _notes.c.params, _notes.c.created_at, _notes.c.read_at
    ).where(_notes.c.user_id == user_id)
    if category is not None:
        query = query.where(_notes.c.category == category)
    if unread_only:
        query = query.where(_notes.c.read_at.is_(None))
    if before is not None:
        query = query.where(_notes.c.id < before)
    with session_scope() as db:
        rows = db.execute(query.order_by(_notes.c.id.desc()).limit(size + 1)).all()
    items = [Item(r.id, r.kind, r.category, dict(r.params), r.created_at, r.read_at is not None) for r in rows[:size]]
    return Page(items, items[-1].id if len(rows) > size else None)


def _unread(db: Session, user_id: int) -> Unread:
    # WHERE user_id = :me AND read_at IS NULL is exactly the partial index ix_notifications_unread.
    rows = db.execute(
        sa.select(_notes.c.category, sa.func.count())
        .where(_notes.c.user_id == user_id, _notes.c.read_at.is_(None))
        .group_by(_notes.c.category)
    ).all()
    by_category = {category: int(count) for category, count in rows}
    return Unread(sum(by_category.values()), by_category)


def unread(user_id: int) -> Unread:
    """The player's unread notifications: the total and the count per category."""
    with session_scope() as db:
        return _unread(db, user_id)


# --- read state --------------------------------------------------------------------------------------------


def _announce(db: Session, user_id: int, *, notification_id: int | None, category: str | None) -> Unread:
    """The counts after a change, pushed to the player's tabs once the transaction commits."""
    counts = _unread(db, user_id)
    data = {
        "id": notification_id,
        "category": category,
        "unread": counts.total,
        "by_category": counts.by_category,
    }
    after_commit(db, lambda: realtime.to_user(user_id, READ_EVENT, **data))
    return counts


def mark_read(user_id: int, notification_id: int) -> Unread:
    """Mark one of the player's own notifications read (again: no change) and return the new unread counts.

    404 ``NOTIFICATION_NOT_FOUND`` when it does not exist or belongs to someone else.
    """
    with session_scope() as db:
        changed = db.execute(
            sa.update(_notes)
            .where(_notes.c.id == notification_id, _notes.c.user_id == user_id, _notes.c.read_at.is_(None))
            .values(read_at=clock.now())
            .returning(_notes.c.id)
        ).first()
        if changed is None:
            owned = db.execute(
                sa.select(_notes.c.id).where(_notes.c.id == notification_id, _notes.c.user_id == user_id)
            ).first()
            if owned is None:
                raise NotFound(code="NOTIFICATION_NOT_FOUND")
            return _unread(db, user_id)
        return _announce(db, user_id, notification_id=notification_id, category=None)


def mark_all_read(user_id: int, category: str | None = None) -> tuple[int, Unread]:
    """Mark every unread notification of the player read (only ``category``'s when given).

    Returns how many changed and the new unread counts. 422 ``NOTIFICATION_CATEGORY_INVALID`` for an unknown
    category.
    """
    if category is not None:
        check_category(category)
    query = sa.update(_notes).where(_notes.c.user_id == user_id, _notes.c.read_at.is_(None))
    if category is not None:
        query = query.where(_notes.c.category == category)
    with session_scope() as db:
        changed = int(db.execute(query.values(read_at=clock.now())).rowcount or 0)  # type: ignore[attr-defined]
        if not changed:
            return 0, _unread(db, user_id)
        return changed, _announce(db, user_id, notification_id=None, category=category)


# --- settings and consent ----------------------------------------------------------------------------------


def settings(user_id: int) -> Settings:
    """The player's settings (the defaults — nothing muted, no consent — when never saved)."""
    with session_scope() as db:
        row = db.execute(
            sa.select(_prefs.c.muted, _prefs.c.marketing_consent_at, _prefs.c.night_consent_at).where(
                _prefs.c.user_id == user_id
            )
        ).first()
    if row is None:
        return Settings((), None, None)
    return Settings(_ordered(row.muted), row.marketing_consent_at, row.night_consent_at)


def _ordered(categories: Sequence[str]) -> tuple[str, ...]:
    return tuple(c for c in NOTIFICATION_CATEGORIES if c in set(categories))


def _check_muted(muted: Sequence[str]) -> tuple[str, ...]:
    for category in muted:
        check_category(category, field_name="muted")
        if category in SERVICE_CATEGORIES:
            raise ValidationFailed(
                code="NOTIFICATION_CATEGORY_LOCKED", details={"field": "muted", "category": category}
            )
    return _ordered(muted)


def _consent_at(current: datetime | None, wanted: bool | None, now: datetime) -> datetime | None:
    """Keep the first time a still-given consent was given; withdrawal clears it."""
    if wanted is None:
        return current
    if wanted:
        return current or now
    return None


def _audit_view(value: Settings) -> dict[str, Any]:
    return {
        "muted": list(value.muted),
        "marketing_consent_at": value.marketing_consent_at.isoformat() if value.marketing_consent_at else None,
        "night_consent_at": value.night_consent_at.isoformat() if value.night_consent_at else None,
    }


def _notify_consent(db: Session, user_id: int, kind: str, before: datetime | None, after: datetime | None) -> None:
    if (before is None) == (after is None):
        return
    outcome = "given" if after is not None else "withdrawn"
    notifications.notify(db, user_id, f"{kind}_{outcome}", at=clock.kst_text(after or clock.now()))


def update_settings(user_id: int, change: SettingsChange, *, ip: str = "") -> Settings:
    """Apply ``change`` to the player's settings in one transaction and return the result.

    422 ``NOTIFICATION_CATEGORY_INVALID`` for an unknown category, ``NOTIFICATION_CATEGORY_LOCKED`` for a service
    category (they cannot be muted), ``NIGHT_CONSENT_NEEDS_MARKETING`` for a night consent without the marketing
    consent. A change is audited (before/after) and each consent given or withdrawn sends the player an account
    notice with its time; saving the same values again changes nothing.
    """
    muted = _check_muted(change.muted) if change.muted is not None else None
    mute = set(_check_muted(change.mute))
    unmute = {check_category(category, field_name="unmute") for category in change.unmute}
    now = clock.now()
    with session_scope() as db:
        db.execute(
            pg_insert(_prefs).values(user_id=user_id, updated_at=now).on_conflict_do_nothing(index_elements=["user_id"])
        )
        row = db.execute(
            sa.select(_prefs.c.muted, _prefs.c.marketing_consent_at, _prefs.c.night_consent_at)
            .where(_prefs.c.user_id == user_id)
            .with_for_update()
        ).one()
        before = Settings(_ordered(row.muted), row.marketing_consent_at, row.night_consent_at)
        marketing_at = _consent_at(before.marketing_consent_at, change.marketing, now)
        night_at = _consent_at(before.night_consent_at, change.night, now) if marketing_at is not None else None
        if change.night and marketing_at is None:
            raise ValidationFailed(code="NIGHT_CONSENT_NEEDS_MARKETING", details={"field": "night_consent"})
        base = set(before.muted if muted is None else muted)
        after = Settings(_ordered((base | mute) - unmute), marketing_at, night_at)
        if after == before:
            return before
        db.execute(
            sa.update(_prefs)
            .where(_prefs.c.user_id == user_id)
            .values(
                muted=list(after.muted),
                marketing_consent_at=after.marketing_consent_at,
                night_consent_at=after.night_consent_at,
                updated_at=now,
            )
        )
        audit.record(
            db,
            actor_id=user_id,
            action="notifications.settings",
            target_type="user",
            target_id=user_id,
            ip=ip,
            before=_audit_view(before),
            after=_audit_view(after),
        )
        _notify_consent(db, user_id, "marketing_consent", before.marketing_consent_at, after.marketing_consent_at)
        _notify_consent(db, user_id, "night_consent", before.night_consent_at, after.night_consent_at)
        return after
