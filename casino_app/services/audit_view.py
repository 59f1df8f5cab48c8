"""The audit viewer: staff actions from ``audit_log``, filtered, newest first, keyset-paginated by id.

Read-only: how actions are written stays in ``services.audit.record``. Each row carries the actor's site ID and
nickname (``None`` for a system action or an actor since deleted). Dates of the console's date range are KST
business days; :func:`day_bounds` turns them into the UTC half-open interval ``[since, until)`` this module
filters on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.audit import AuditLog

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_ID = 2**63 - 1  # PostgreSQL bigint
MAX_ACTIONS = 500  # distinct actions offered by the filter's dropdown
# Filter values: actions and target types are dotted/underscored ASCII names, target ids printable ASCII.
NAME_PATTERN = r"^[A-Za-z0-9_.:-]*$"
TARGET_ID_PATTERN = r"^[!-~]*$"
# Dates outside these years are clamped (no audit row lies outside; avoids date overflow at the extremes).
_EARLIEST = date(clock.SCHEDULE_YEARS[0], 1, 1)
_LATEST = date(clock.SCHEDULE_YEARS[1], 12, 31)


@dataclass(frozen=True)
class AuditEntry:
    """One audited staff action with its actor (``actor_id`` None: the system)."""

    id: int
    created_at: datetime
    actor_id: int | None
    actor_site_id: str | None
    actor_nickname: str | None
    action: str
    target_type: str
    target_id: str
    details: dict[str, Any]
    ip: str


@dataclass(frozen=True)
class Change:
    """One changed value of an audited action: ``field`` ("" when the whole value is the change), as JSON text
    before and after (None: it did not exist on that side)."""

    field: str
    before: str | None
    after: str | None


_MISSING = object()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def changes(details: dict[str, Any]) -> list[Change]:
    """What an action changed, from the ``before``/``after`` it recorded (``services.audit.record``).

    Two objects give one change per key whose value differs (keys in order); anything else (a number, a list,
    a value on one side only) is one change of the whole value. Nothing recorded: no changes.
    """
    before, after = details.get("before"), details.get("after")
    if before is None and after is None:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        keys = [*before, *(k for k in after if k not in before)]
        return [
            Change(str(k), _json(before[k]) if k in before else None, _json(after[k]) if k in after else None)
            for k in keys
            if before.get(k, _MISSING) != after.get(k, _MISSING)
        ]
    if isinstance(after, dict) and before is None:
        return [Change(str(k), None, _json(v)) for k, v in after.items()]
    if isinstance(before, dict) and after is None:
        return [Change(str(k), _json(v), None) for k, v in before.items()]
    return [Change("", None if before is None else _json(before), None if after is None else _json(after))]


@dataclass(frozen=True)
class AuditPage:
    """A page of entries, newest first; ``next_cursor`` (the last id shown) is None on the last page."""

    items: list[AuditEntry]
    next_cursor: int | None


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The UTC instants ``[since, until)`` covering KST days ``first``..``last`` inclusive (None: open).

    Days are clamped to the years 2000-2100, outside which no audit row exists.
    """
    since = clock.start_of_business_day(min(max(first, _EARLIEST), _LATEST)) if first else None
    until = clock.start_of_business_day(min(max(last, _EARLIEST), _LATEST) + timedelta(days=1)) if last else None
    return since, until


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def search(
    *,
    actor_id: int | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    cursor: int | None = None,
) -> AuditPage:
    """Audit entries matching every given filter, newest (highest id) first, ``limit`` (1-200) per page.

    ``action`` matches as a prefix (``"crash."`` finds ``crash.loop.pause``); ``target_type`` and ``target_id``
    match exactly; ``since`` is inclusive and ``until`` exclusive; ``cursor`` is the previous page's
    ``next_cursor`` (entries with a lower id follow). Empty strings mean "no filter".
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    log = AuditLog.__table__
    users = User.__table__
    query = (
        sa.select(log, users.c.site_id.label("actor_site_id"), users.c.nickname.label("actor_nickname"))
        .select_from(log.outerjoin(users, users.c.id == log.c.actor_id))
        .order_by(log.c.id.desc())
        .limit(limit + 1)
    )
    if actor_id is not None:
        query = query.where(log.c.actor_id == actor_id)
    if action:
        query = query.where(log.c.action.like(_like_prefix(action), escape="\\"))
    if target_type:
        query = query.where(log.c.target_type == target_type)
    if target_id:
        query = query.where(log.c.target_id == target_id)
    if since is not None:
        query = query.where(log.c.created_at >= since)
    if until is not None:
        query = query.where(log.c.created_at < until)
    if cursor is not None:
        query = query.where(log.c.id < cursor)
    with session_scope() as db:
        rows = db.execute(query).all()
    items = [
        AuditEntry(
            id=int(r.id),
            created_at=r.created_at,
            actor_id=None if r.actor_id is None else int(r.actor_id),
            actor_site_id=r.actor_site_id,
            actor_nickname=r.actor_nickname,
            action=str(r.action),
            target_type=str(r.target_type),
            target_id=str(r.target_id),
            details=dict(r.details or {}),
            ip=str(r.ip or ""),
        )
        for r in rows[:limit]
    ]
    return AuditPage(items, items[-1].id if len(rows) > limit and items else None)


def actions() -> list[str]:
    """The distinct actions recorded so far, sorted (for the filter's dropdown; at most 500)."""
    log = AuditLog.__table__
    query = sa.select(log.c.action).distinct().order_by(log.c.action).limit(MAX_ACTIONS)
    with session_scope() as db:
        return [str(a) for a in db.execute(query).scalars()]
