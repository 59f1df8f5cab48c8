"""How many history exports may run at once: one per player, ``PER_PROCESS`` per process.

A running export holds one pooled database connection (and an open transaction)
until its file has been sent, so the number running at once is capped twice:

- **per player, one at a time**: a lock ``cc:export:<user id>`` in Redis (``SET NX``
  with a TTL, shared by every worker) or, without Redis, in this process. The TTL is
  only a safety net for a worker that dies mid-stream: a running export refreshes
  the lock as its chunks go out and releases it when the stream ends, fails or is
  abandoned (a release never deletes a lock that another export has since taken);
- **per process, ``PER_PROCESS`` at once**: the connection pool being protected
  (``db_pool_size`` + ``db_max_overflow``) belongs to one process, so this count is
  kept in the process itself.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

import redis

from casino_app.core.errors import RateLimited
from casino_app.core.redis_client import get_redis

logger = logging.getLogger(__name__)

PER_PROCESS = 4  # exports streaming at once in one process (the pool holds 10 + 20 connections)
LOCK_TTL_SECONDS = 120  # the safety net; well above the export's idle and statement timeouts
IN_PROGRESS_RETRY_SECONDS = 10  # the Retry-After hint while the player's own export runs
BUSY_RETRY_SECONDS = 5  # the Retry-After hint while the process is at ``PER_PROCESS``

_REFRESH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class _MemoryLocks:
    """The per-player locks without Redis: key → (token, monotonic deadline)."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str, token: str, ttl: float) -> bool:
        now = time.monotonic()
        with self._lock:
            held = self._held.get(key)
            if held is not None and held[1] > now:
                return False
            self._held[key] = (token, now + ttl)
            return True

    def refresh(self, key: str, token: str, ttl: float) -> None:
        with self._lock:
            held = self._held.get(key)
            if held is not None and held[0] == token:
                self._held[key] = (token, time.monotonic() + ttl)

    def release(self, key: str, token: str) -> None:
        with self._lock:
            held = self._held.get(key)
            if held is not None and held[0] == token:
                del self._held[key]

    def reset(self) -> None:
        with self._lock:
            self._held.clear()


class _ProcessCount:
    """How many exports this process is streaming."""

    def __init__(self) -> None:
        self.running = 0
        self._lock = threading.Lock()

    def take(self, limit: int) -> bool:
        with self._lock:
            if self.running >= limit:
                return False
            self.running += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.running = max(0, self.running - 1)

    def reset(self) -> None:
        with self._lock:
            self.running = 0


_locks = _MemoryLocks()
_process = _ProcessCount()


def lock_key(user_id: int) -> str:
    """The player's export lock (a Redis key, or the in-process lock's name)."""
    return f"cc:export:{user_id}"


@dataclass
class Slot:
    """One running export's hold on its player's lock and on a process slot."""

    key: str
    token: str
    client: redis.Redis | None
    _refreshed_at: float = field(default_factory=time.monotonic)
    _released: bool = False
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self) -> None:
        """Push the lock's TTL forward (at most every quarter TTL) while chunks go out."""
        now = time.monotonic()
        if self._released or now - self._refreshed_at < LOCK_TTL_SECONDS / 4:
            return
        self._refreshed_at = now
        if self.client is None:
            _locks.refresh(self.key, self.token, LOCK_TTL_SECONDS)
            return
        try:
            self.client.eval(_REFRESH, 1, self.key, self.token, LOCK_TTL_SECONDS * 1000)
        except redis.RedisError as exc:  # the lock then expires by its TTL; the export itself goes on
            logger.warning("could not refresh the export lock %s: %s", self.key, exc)

    def release(self) -> None:
        """Free the process slot and the player's lock (if still ours); a second call does nothing."""
        with self._guard:
            if self._released:
                return
            self._released = True
        _process.give_back()
        _unlock(self.client, self.key, self.token)


def _unlock(client: redis.Redis | None, key: str, token: str) -> None:
    if client is None:
        _locks.release(key, token)
        return
    try:
        client.eval(_RELEASE, 1, key, token)
    except redis.RedisError as exc:  # the lock then expires by its TTL
        logger.warning("could not release the export lock %s: %s", key, exc)


def claim(user_id: int) -> Slot:
    """Admit one more running export for ``user_id``, or refuse it with a 429.

    ``EXPORT_IN_PROGRESS`` while another export of the same player is streaming (on
    any worker when Redis is configured); ``EXPORT_BUSY`` while this process already
    streams ``PER_PROCESS`` exports. The caller must ``release()`` the returned slot
    when the stream ends, however it ends.
    """
    key, token, client = lock_key(user_id), uuid.uuid4().hex, get_redis()
    if client is None:
        locked = _locks.acquire(key, token, LOCK_TTL_SECONDS)
    else:
        locked = bool(client.set(key, token, nx=True, px=LOCK_TTL_SECONDS * 1000))
    if not locked:
        raise RateLimited(retry_after=IN_PROGRESS_RETRY_SECONDS, code="EXPORT_IN_PROGRESS")
    if not _process.take(PER_PROCESS):
        _unlock(client, key, token)
        raise RateLimited(retry_after=BUSY_RETRY_SECONDS, code="EXPORT_BUSY")
    return Slot(key, token, client)


def running() -> int:
    """How many exports this process is streaming now."""
    return _process.running


def reset_memory() -> None:
    """Forget in-process locks and counts (tests)."""
    _locks.reset()
    _process.reset()
