"""Realtime fan-out: publish an event to one player or to a channel; every backend process delivers it.

Transport: Redis pub/sub when ``REDIS_URL`` is set (any worker's publish reaches
every worker), otherwise an in-process bus. Which tabs belong to which player
is kept in a registry (a Redis sorted set per player, or a dict) that the UI
layer updates as tabs log in and out. Delivery into Reflex state is the UI
layer's job (``casino_app.state.realtime``); this module never imports reflex.

Publish after the database commits (``core.db.after_commit``), never before:
an event must not announce something that was rolled back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from casino_app.core import metrics
from casino_app.core.redis_client import get_async_redis, get_redis

logger = logging.getLogger(__name__)

REDIS_CHANNEL = "cc:realtime"
TAB_TTL_SECONDS = 6 * 3600
BROADCAST = "*"


@dataclass(frozen=True)
class Event:
    """``target`` is ``user:<id>`` or a channel name such as ``feed`` (``*`` = every tab)."""

    target: str
    type: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def user_id(self) -> int | None:
        """The addressed player, for user events."""
        if self.target.startswith("user:"):
            return int(self.target.removeprefix("user:"))
        return None

    def encode(self) -> str:
        """Wire form."""
        wire = {"target": self.target, "type": self.type, "data": self.data}  # not ``asdict``: it deep-copies
        return json.dumps(wire, ensure_ascii=False, separators=(",", ":"), default=_nested)

    @classmethod
    def decode(cls, raw: str | bytes) -> Event:
        """Parse the wire form."""
        payload = json.loads(raw)
        return cls(target=str(payload["target"]), type=str(payload["type"]), data=dict(payload.get("data") or {}))


def _nested(value: object) -> object:
    """A dataclass inside an event's data goes out as its fields (as ``asdict`` did)."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# --- publishing --------------------------------------------------------------------------


class _LocalBus:
    """In-process fan-out to asyncio subscribers, safe to publish from any thread."""

    def __init__(self) -> None:
        self._subscribers: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Event]]] = []
        self._lock = threading.Lock()

    def publish(self, event: Event) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, event)
            except RuntimeError:  # that loop has closed
                self.unsubscribe(queue)

    def subscribe(self) -> asyncio.Queue[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        with self._lock:
            self._subscribers.append((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Event]) -> None:
        with self._lock:
            self._subscribers = [(loop, q) for loop, q in self._subscribers if q is not queue]


_bus = _LocalBus()


def publish(event: Event) -> None:
    """Send ``event`` to every backend process (errors are logged, never raised to the caller)."""
    client = get_redis()
    try:
        if client is None:
            _bus.publish(event)
        else:
            client.publish(REDIS_CHANNEL, event.encode())
    except Exception:
        logger.exception("realtime publish failed", extra={"event_type": event.type})


def to_user(user_id: int, event_type: str, **data: Any) -> None:
    """Publish to every open tab of one player."""
    publish(Event(target=f"user:{user_id}", type=event_type, data=data))


def to_channel(channel: str, event_type: str, **data: Any) -> None:
    """Publish to every tab listening on ``channel`` (``*`` reaches every connected tab)."""
    publish(Event(target=channel, type=event_type, data=data))


async def subscribe() -> AsyncIterator[Event]:
    """Yield every published event, from this process (no Redis) or from all of them (Redis)."""
    aclient = get_async_redis()
    if aclient is None:
        queue = _bus.subscribe()
        try:
            while True:
                yield await queue.get()
        finally:
            _bus.unsubscribe(queue)
    else:
        pubsub = aclient.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(REDIS_CHANNEL)
        try:
            async for message in pubsub.listen():
                if message and message.get("type") == "message":
                    try:
                        yield Event.decode(message["data"])
                    except (ValueError, KeyError, TypeError):
                        logger.warning("dropped a malformed realtime message")
        finally:
            await pubsub.unsubscribe(REDIS_CHANNEL)
            await pubsub.aclose()
            await aclient.aclose()


# --- which tabs belong to which player ------------------------------------------------------


class _LocalTabs:
    def __init__(self) -> None:
        self._tabs: dict[int, dict[str, float]] = defaultdict(dict)
        self._lock = threading.Lock()

    def add(self, user_id: int, token: str, now: float) -> None:
        with self._lock:
            self._tabs[user_id][token] = now

    def remove(self, user_id: int, token: str) -> None:
        with self._lock:
            self._tabs.get(user_id, {}).pop(token, None)

    def of(self, user_id: int, now: float) -> list[str]:
        with self._lock:
            tabs = self._tabs.get(user_id, {})
            for token in [t for t, seen in tabs.items() if now - seen > TAB_TTL_SECONDS]:
                tabs.pop(token, None)
            return list(tabs)


_tabs = _LocalTabs()


TABS_PREFIX = "cc:rt:tabs:"  # one sorted set per player: tab token → last registration (epoch seconds)
SCAN_BATCH = 500


def _tabs_key(user_id: int) -> str:
    return f"{TABS_PREFIX}{user_id}"


def register_tab(user_id: int, client_token: str) -> None:
    """Remember that ``client_token`` (a browser tab) belongs to ``user_id``."""
    now = time.time()
    with _owners_lock:
        _local_owners[client_token] = user_id
    mark_present({user_id})
    client = get_redis()
    if client is None:
        _tabs.add(user_id, client_token, now)
        return
    pipe = client.pipeline()
    pipe.zadd(_tabs_key(user_id), {client_token: now})
    pipe.expire(_tabs_key(user_id), TAB_TTL_SECONDS)
    pipe.execute()


def unregister_tab(user_id: int, client_token: str) -> None:
    """Forget a tab (logout, or the tab now belongs to someone else)."""
    with _owners_lock:
        if _local_owners.get(client_token) == user_id:
            del _local_owners[client_token]
        _present.pop(user_id, None)  # another open tab is re-marked within PRESENCE_REFRESH_SECONDS
    client = get_redis()
    if client is None:
        _tabs.remove(user_id, client_token)
        return
    pipe = client.pipeline(transaction=False)
    pipe.zrem(_tabs_key(user_id), client_token)
    pipe.delete(f"{PRESENCE_PREFIX}{user_id}")
    pipe.execute()


# --- who has a tab open right now ------------------------------------------------------------
# The tab registry above remembers tabs for hours (a tab that reconnects must still get its events); whether a
# player has a tab *open now* is a shorter-lived fact: each backend process re-marks the players whose tab
# websockets it holds every PRESENCE_REFRESH_SECONDS (state.realtime), and the mark lapses after
# PRESENCE_TTL_SECONDS. Web push uses it: a player with an open tab sees the notification live instead.

PRESENCE_TTL_SECONDS = 60
PRESENCE_REFRESH_SECONDS = 20
PRESENCE_PREFIX = "cc:rt:present:"
_local_owners: dict[str, int] = {}  # tab token → player, for tabs registered through this process
_owners_lock = threading.Lock()
_present: dict[int, float] = {}  # embedded mode: player → when the mark lapses


def local_owners() -> dict[str, int]:
    """Tabs registered through this process and their players."""
    with _owners_lock:
        return dict(_local_owners)


def forget_owners(tokens: set[str]) -> None:
    """Drop these tabs from this process's owner map (their websockets are gone from here)."""
    with _owners_lock:
        for token in tokens:
            _local_owners.pop(token, None)


def report_open_tabs(count: int) -> None:
    """Publish how many tab websockets this process holds (``cc_realtime_open_tabs``, summed over workers)."""
    metrics.REALTIME_OPEN_TABS.set(max(0, count))


def mark_present(user_ids: set[int]) -> None:
    """Mark these players as having a tab open for the next ``PRESENCE_TTL_SECONDS``."""
    if not user_ids:
        return
    client = get_redis()
    if client is None:
        until = time.time() + PRESENCE_TTL_SECONDS
        with _owners_lock:
            for user_id in user_ids:
                _present[user_id] = until
        return
    pipe = client.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.set(f"{PRESENCE_PREFIX}{user_id}", b"1", ex=PRESENCE_TTL_SECONDS)
    pipe.execute()


def is_present(user_id: int) -> bool:
    """Whether the player had a tab open within the last ``PRESENCE_TTL_SECONDS``."""
    client = get_redis()
    if client is None:
        with _owners_lock:
            return _present.get(user_id, 0.0) > time.time()
    return bool(client.exists(f"{PRESENCE_PREFIX}{user_id}"))


def tabs_of(user_id: int) -> list[str]:
    """The tabs registered for ``user_id`` in the last few hours."""
    now = time.time()
    client = get_redis()
    if client is None:
        return _tabs.of(user_id, now)
    key = _tabs_key(user_id)
    client.zremrangebyscore(key, "-inf", now - TAB_TTL_SECONDS)
    return [t.decode() if isinstance(t, bytes) else str(t) for t in client.zrange(key, 0, -1)]


def users_with_tabs_since(since: float) -> set[int]:
    """Users with a tab (re-)registered at or after ``since`` (epoch seconds), from the realtime registry."""
    client = get_redis()
    if client is None:
        with _tabs._lock:  # the embedded registry: this process holds every tab
            return {user_id for user_id, tabs in _tabs._tabs.items() if any(seen >= since for seen in tabs.values())}
    found: set[int] = set()
    keys: list[bytes | str] = []

    def flush() -> None:
        pipe = client.pipeline(transaction=False)
        for key in keys:
            pipe.zcount(key, since, "+inf")
        for key, count in zip(keys, pipe.execute(), strict=True):
            name = key.decode() if isinstance(key, bytes) else str(key)
            suffix = name.removeprefix(TABS_PREFIX)
            if int(count) > 0 and suffix.isdigit():
                found.add(int(suffix))
        keys.clear()

    for key in client.scan_iter(match=f"{TABS_PREFIX}*", count=SCAN_BATCH):
        keys.append(key)
        if len(keys) >= SCAN_BATCH:
            flush()
    if keys:
        flush()
    return found
