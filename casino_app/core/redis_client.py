"""Redis clients (optional): ``None`` when ``REDIS_URL`` is unset (embedded mode)."""

from __future__ import annotations

import functools

import redis
import redis.asyncio as aioredis

from casino_app.settings import get_settings


@functools.cache
def get_redis() -> redis.Redis | None:
    """A shared synchronous client, or ``None`` without Redis."""
    url = get_settings().redis_url
    if not url:
        return None
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)


def get_async_redis() -> aioredis.Redis | None:
    """A new asyncio client (one per event loop), or ``None`` without Redis."""
    url = get_settings().redis_url
    if not url:
        return None
    return aioredis.Redis.from_url(url, socket_connect_timeout=2, health_check_interval=30)
