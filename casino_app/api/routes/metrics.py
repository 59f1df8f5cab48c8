"""``GET /metrics``: Prometheus exposition (multiprocess-aware)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from casino_app.core import metrics

router = APIRouter(tags=["system"])


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def get_metrics() -> Response:
    """Request counts and latency per route, job runs, and process metrics."""
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
