"""Whether the Kafka brokers answer (for ``/api/health``), cached briefly so probes do not open a
connection each time."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient

from casino_app.settings import get_settings

CACHE_SECONDS = 10.0
TIMEOUT_SECONDS = 3.0
_lock = threading.Lock()
_cached: tuple[float, dict[str, Any]] | None = None


async def _probe(servers: str, prefix: str) -> dict[str, Any]:
    admin = AIOKafkaAdminClient(bootstrap_servers=servers, request_timeout_ms=int(TIMEOUT_SECONDS * 1000))
    try:
        await asyncio.wait_for(admin.start(), TIMEOUT_SECONDS)
        topics = await asyncio.wait_for(admin.list_topics(), TIMEOUT_SECONDS)
    finally:
        with contextlib.suppress(Exception):
            await admin.close()
    ours = sorted(t for t in topics if t.startswith(f"{prefix}."))
    return {"topics": ours}


def check() -> dict[str, Any]:
    """``{"configured": True, "ok": bool, ...}``: the brokers answer and which of our topics exist."""
    global _cached
    settings = get_settings()
    with _lock:
        if _cached is not None and time.monotonic() - _cached[0] < CACHE_SECONDS:
            return _cached[1]
        start = time.perf_counter()
        try:
            found = asyncio.run(_probe(settings.kafka_bootstrap_servers or "", settings.kafka_topic_prefix))
            report = {"configured": True, "ok": True, "latency_ms": round((time.perf_counter() - start) * 1000, 2)}
            report.update(found)
        except Exception as exc:  # unreachable, timed out, refused: "down", never a 500
            report = {"configured": True, "ok": False, "error": type(exc).__name__}
        _cached = (time.monotonic(), report)
        return report


def forget() -> None:
    """Drop the cached answer (tests)."""
    global _cached
    with _lock:
        _cached = None
