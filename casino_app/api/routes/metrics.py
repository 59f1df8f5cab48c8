"""``GET /metrics``: Prometheus exposition (multiprocess-aware), for the scraper only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from casino_app.api.ops_access import require_metrics_access
from casino_app.api.schemas import ERRORS
from casino_app.core import metrics
from casino_app.services import ops_metrics

router = APIRouter(tags=["system"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Prometheus text exposition",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    401: {**ERRORS[401], "description": "METRICS_TOKEN is set and the bearer token is missing or wrong"},
    404: {**ERRORS[404], "description": "No METRICS_TOKEN and the caller is not a direct loopback peer"},
}


@router.get("/metrics", summary="Prometheus metrics", response_class=Response, responses=_RESPONSES)
def get_metrics(request: Request) -> Response:
    """Request counts and latency per route, job runs, process metrics, and the business figures
    (purchases, rate limits, invite codes, gacha stock, crash exposure, RTP, gold, outbox lag).

    With ``METRICS_TOKEN`` set, send ``Authorization: Bearer <token>``. Without
    it, only direct loopback clients (no proxy) outside production are served.
    """
    require_metrics_access(request)
    body, content_type = metrics.render(extra=ops_metrics.scrape_registry())  # the last business snapshot
    return Response(body, media_type=content_type)
