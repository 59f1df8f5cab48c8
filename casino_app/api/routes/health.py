"""``GET /api/health``: readiness of database, Redis, migrations and jobs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ConfigDict, Field

from casino_app.api.errors import envelope, locale_of
from casino_app.api.ops_access import sees_health_details
from casino_app.api.schemas import ErrorEnvelope, ResponseModel
from casino_app.i18n import error_message
from casino_app.services import health

router = APIRouter(tags=["system"])


class HealthOut(ResponseModel):
    """``status`` always; the detailed report (database, migrations, Redis, jobs, mode) only when allowed."""

    model_config = ConfigDict(extra="allow")

    status: str = Field(examples=["ok"])


@router.get(
    "/api/health",
    summary="Service health",
    response_model=HealthOut,
    responses={
        503: {
            "model": ErrorEnvelope,
            "description": "A dependency is down (UNHEALTHY); the report is in error.details when details are shown",
        }
    },
)
def get_health(request: Request) -> Any:
    """Database, Redis, migration and periodic-job status (503 when not ready).

    Anonymous callers in production get only ``{"status": …}``; the detailed
    report needs ``HEALTH_DETAILS_PUBLIC``, the ``METRICS_TOKEN`` or a staff
    access token as ``Authorization: Bearer …``.
    """
    report = health.check()
    details = report.as_dict() if sees_health_details(request) else None
    if report.healthy:
        return JSONResponse(details or {"status": report.status})
    return envelope(503, "UNHEALTHY", error_message("UNHEALTHY", locale_of(request)), details)
