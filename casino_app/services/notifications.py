"""Player notifications: stored, listed in the side panel, and pushed live after commit.

The notification center (filters, paging, unread counts, read state, settings) is ``messaging.center``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.models.progression import Notification
from casino_app.services import realtime
from casino_app.services.messaging import categories, policy, push


@dataclass(frozen=True)
class NotificationView:
    """A notification as the player sees it (text comes from the i18n catalog: ``notify.<kind>``)."""

    id: int
    kind: str
    params: dict[str, Any]
    created_at: datetime
    read: bool


def notify(db: Session, user_id: int, kind: str, *, category: str | None = None, **params: Any) -> bool:
    """Store a notification in the caller's transaction and push it to the player's tabs after commit.

    ``category`` defaults to the kind's (``messaging.categories``). Returns False, storing nothing, when the
    delivery policy holds it back (a muted category; marketing without consent, on a break or at night without
    the night consent); service messages always go out.
    """
    table = Notification.__table__
    now = clock.now()
    category = category or categories.category_of(kind)
    if policy.blocked(db, user_id, category, now=now) is not None:
        return False
    notification_id = db.execute(
        sa.insert(table)
        .values(user_id=user_id, kind=kind, category=category, params=params, created_at=now)
        .returning(table.c.id)
    ).scalar_one()
    payload = {
        "id": notification_id,
        "kind": kind,
        "category": category,
        "params": params,
        "created_at": now.isoformat(),
    }
    after_commit(db, lambda: realtime.to_user(user_id, "notification", **payload))
    push.after_notify(db, user_id, notification_id, kind, params)  # web push when no tab is open
    return True


def recent(user_id: int, limit: int = 10) -> list[NotificationView]:
    """The player's latest notifications, newest first."""
    table = Notification.__table__
    with session_scope() as db:
        rows = db.execute(
            sa.select(table.c.id, table.c.kind, table.c.params, table.c.created_at, table.c.read_at)
            .where(table.c.user_id == user_id)
            .order_by(table.c.id.desc())
            .limit(max(1, min(limit, 50)))
        ).all()
    return [NotificationView(r.id, r.kind, dict(r.params), r.created_at, r.read_at is not None) for r in rows]
