"""``GET /api/health``: readiness of database, Redis, migrations and jobs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from casino_app.api.errors import envelope, locale_of
from casino_app.i18n import error_message
from casino_app.services import health

router = APIRouter(tags=["system"])


@router.get(
    "/api/health",
    summary="Service health",
    responses={503: {"description": "A dependency is down; the report is in error.details"}},
)
def get_health(request: Request) -> Any:
    """Report database, Redis, migration and periodic-job status (503 when not ready)."""
    report = health.check()
    if report.healthy:
        return JSONResponse(report.as_dict())
    return envelope(503, "UNHEALTHY", error_message("UNHEALTHY", locale_of(request)), report.as_dict())
