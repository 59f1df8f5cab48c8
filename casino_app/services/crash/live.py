"""The live state of the crash round: one JSON snapshot the leader writes and every process reads.

In Redis (``crash:live``, expiring after ``STALE_AFTER_S`` without a write) when ``REDIS_URL`` is set, in
this process otherwise (embedded mode: one process leads and serves). Bets and cash-outs read it first: a
store that cannot be reached, or a loop that has stopped writing, is 503 ``CRASH_UNAVAILABLE`` before
anything is debited. Every write is also published on the realtime ``crash`` channel for the open tabs.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from typing import Any

import redis

from casino_app.core.errors import ServiceUnavailable
from casino_app.core.redis_client import get_redis
from casino_app.services import realtime

KEY = "crash:live"
CHANNEL = "crash"
STALE_AFTER_S = 10


class CrashUnavailable(ServiceUnavailable):
    """The live store is unreachable or the round loop is not running (503; nothing was debited)."""

    code = "CRASH_UNAVAILABLE"


_local: dict[str, Any] = {}
_local_lock = threading.Lock()


def write(snapshot: dict[str, Any], *, publish: bool = True) -> None:
    """Store the leader's snapshot and publish it (``publish=False``: store only)."""
    snapshot = {**snapshot, "written_ms": int(time.time() * 1000)}
    client = get_redis()
    if client is None:
        with _local_lock:
            _local.clear()
            _local.update(snapshot)
    else:
        client.set(KEY, json.dumps(snapshot, separators=(",", ":")), ex=STALE_AFTER_S)
    if publish:
        realtime.to_channel(CHANNEL, "crash", **snapshot)


def tick(data: dict[str, Any]) -> None:
    """Publish a small in-flight update (the multiplier now) without rewriting the stored snapshot."""
    realtime.to_channel(CHANNEL, "crash_tick", **data)


def read() -> dict[str, Any] | None:
    """The latest snapshot, or ``None`` when the loop has not written one recently.

    Raises ``CrashUnavailable`` when Redis is configured but cannot be reached.
    """
    client = get_redis()
    if client is None:
        with _local_lock:
            found = dict(_local)
        if not found or time.time() * 1000 - found.get("written_ms", 0) > STALE_AFTER_S * 1000:
            return None
        return found
    try:
        raw = client.get(KEY)
    except redis.RedisError:
        raise CrashUnavailable(details={"reason": "live_store"}) from None
    return json.loads(raw) if raw else None


def require() -> dict[str, Any]:
    """The latest snapshot; 503 ``CRASH_UNAVAILABLE`` when the store or the loop is down."""
    found = read()
    if found is None:
        raise CrashUnavailable(details={"reason": "loop_not_running"})
    return found


def forget() -> None:
    """Drop the stored snapshot (tests, and a leader that steps down)."""
    client = get_redis()
    if client is None:
        with _local_lock:
            _local.clear()
    else:
        with contextlib.suppress(redis.RedisError):
            client.delete(KEY)
