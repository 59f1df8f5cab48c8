"""Append-only audit trail of staff actions."""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.errors import ValidationFailed
from casino_app.models.audit import AuditLog

REASON_MAX = 200  # characters of a staff action's reason


def clean_reason(raw: object) -> str:
    """A staff action's reason: 1–200 characters after trimming, on one line, no control characters.

    422 ``REASON_REQUIRED`` (empty), ``REASON_TOO_LONG`` or ``REASON_INVALID`` (control characters: they cannot be
    stored in the audit row's JSON and have no business in a reason).
    """
    reason = unicodedata.normalize("NFC", raw).strip() if isinstance(raw, str) else ""
    if not reason:
        raise ValidationFailed(code="REASON_REQUIRED", details={"field": "reason"})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(code="REASON_TOO_LONG", details={"field": "reason", "max": REASON_MAX})
    if any(unicodedata.category(ch).startswith("C") for ch in reason):
        raise ValidationFailed(code="REASON_INVALID", details={"field": "reason"})
    return reason


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
