"""Append-only audit trail of staff actions."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from casino_app.core import clock
from casino_app.models.audit import AuditLog


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: str | int,
    details: dict[str, Any] | None = None,
    ip: str = "",
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
) -> None:
    """Add an audit row in the caller's transaction (it commits or rolls back with the action).

    ``before`` and ``after`` (JSON-able: the changed fields as they were and became) and ``reason`` (why, as
    the staff member typed it) are kept under those keys of ``details``, so the viewer shows every action the
    same way: who, what, before, after, why.
    """
    details = dict(details or {})
    if before is not None:
        details["before"] = before
    if after is not None:
        details["after"] = after
    if reason is not None:
        details["reason"] = reason
    session.add(
        AuditLog(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            details=details,
            ip=ip[:45],
            created_at=clock.now(),
        )
    )
