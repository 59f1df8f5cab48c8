"""Sliding-window rate limits: Redis when configured (shared by every worker), else in-process.

``hit(key, limit, window)`` admits at most ``limit`` events per ``window``
seconds for ``key``; rejected events are not counted, so a client that waits
gets through. Time comes from the business clock.

Every decision is counted in ``cc_rate_limit_hits_total{endpoint, rank, outcome}``:
the endpoint is the key's first ``:``-separated part (a fixed scope such as
``signup`` or ``round``, never the variable part), the rank is the player's
when the caller passes it (``none`` for per-address limits or when the caller
does not know it), the outcome ``allowed`` or
``blocked`` — the alert on the block rate divides the two.
"""

from __future__ import annotations

import math
import threading
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass

from casino_app.core import clock, metrics
from casino_app.core.redis_client import get_redis

_LUA = """
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, math.ceil(window * 1000))
  return {1, limit - count - 1, '0'}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, 0, tostring(tonumber(oldest[2]) + window - now)}
"""


@dataclass(frozen=True)
class Decision:
    """The limiter's answer: allowed, how many remain, and seconds until the next slot."""

    allowed: bool
    remaining: int
    retry_after: int


class _MemoryLimiter:
    def __init__(self) -> None:
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window: float, now: float) -> Decision:
        with self._lock:
            events = self._events[key]
            while events and events[0] <= now - window:
                events.popleft()
            if len(events) < limit:
                events.append(now)
                return Decision(True, limit - len(events), 0)
            return Decision(False, 0, max(1, math.ceil(events[0] + window - now)))

    def reset(self) -> None:
        with self._lock:
            self._events.clear()


_memory = _MemoryLimiter()


def hit(key: str, limit: int, window_seconds: float, *, rank: str | None = None) -> Decision:
    """Record one event for ``key`` if within ``limit`` per ``window_seconds``.

    ``rank`` (the player's, when known) only labels the metric; the limit is the same for every rank.
    """
    now = clock.now().timestamp()
    client = get_redis()
    if client is None:
        decision = _memory.hit(key, limit, window_seconds, now)
    else:
        allowed, remaining, wait = client.eval(
            _LUA, 1, f"cc:rl:{key}", repr(now), repr(float(window_seconds)), limit, uuid.uuid4().hex
        )
        decision = Decision(bool(allowed), int(remaining), max(1, math.ceil(float(wait))) if not allowed else 0)
    metrics.RATE_LIMIT_HITS.labels(
        key.split(":", 1)[0], rank or "none", "allowed" if decision.allowed else "blocked"
    ).inc()
    return decision


def reset_memory() -> None:
    """Forget in-process counters (tests)."""
    _memory.reset()
