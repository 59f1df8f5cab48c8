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
) -> None:
    """Add an audit row in the caller's transaction (it commits or rolls back with the action)."""
    session.add(
        AuditLog(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            details=details or {},
            ip=ip[:45],
            created_at=clock.now(),
        )
    )
