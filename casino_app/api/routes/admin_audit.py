"""``/api/admin/audit``: the audit viewer's REST side — staff actions, filtered, newest first (support and up)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from casino_app.api.deps import Support
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services import audit_view

router = APIRouter(prefix="/api/admin/audit", tags=["admin"])

NAME = audit_view.NAME_PATTERN
TARGET_ID = audit_view.TARGET_ID_PATTERN
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: object) -> object:
    """Only ``YYYY-MM-DD`` (pydantic alone would also take a number as a Unix timestamp)."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise PydanticCustomError("date_format", "a date as YYYY-MM-DD")
    if not isinstance(value, str | date):
        raise PydanticCustomError("date_format", "a date as YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]


class AuditEntryOut(ResponseModel):
    """One staff action: who (``actor_id`` null: the system), what, on which object, and its details
    (an adjustment's ``before``/``after``, the ``reason``, …, as the action recorded them)."""

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


class AuditPageOut(ResponseModel):
    """A page newest first; pass ``next_cursor`` as ``cursor`` for the next (null: no more)."""

    items: list[AuditEntryOut]
    next_cursor: int | None


@router.get("", responses=errors(401, 403))
def audit_search(
    staff: Support,
    actor_id: int | None = Query(None, ge=1, le=audit_view.MAX_ID, description="Only this staff member's actions"),
    action: str | None = Query(None, max_length=60, pattern=NAME, description="Action prefix, e.g. ``crash.``"),
    target_type: str | None = Query(None, max_length=40, pattern=NAME, description="Exact target type"),
    target_id: str | None = Query(None, max_length=64, pattern=TARGET_ID, description="Exact target id"),
    since: Annotated[Day | None, Query(description="First KST date, inclusive")] = None,
    until: Annotated[Day | None, Query(description="Last KST date, inclusive")] = None,
    limit: int = Query(audit_view.DEFAULT_LIMIT, ge=1, le=audit_view.MAX_LIMIT),
    cursor: int | None = Query(
        None, ge=1, le=audit_view.MAX_ID, description="``next_cursor`` of the previous page (entries below this id)"
    ),
) -> AuditPageOut:
    """Audited staff actions matching every given filter, newest first, keyset-paginated by id.

    Dates are KST business days (years outside 2000-2100 are clamped); ``since`` after ``until`` finds nothing.
    """
    start, end = audit_view.day_bounds(since, until)
    page = audit_view.search(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        since=start,
        until=end,
        limit=limit,
        cursor=cursor,
    )
    return AuditPageOut(items=[AuditEntryOut.model_validate(e) for e in page.items], next_cursor=page.next_cursor)
