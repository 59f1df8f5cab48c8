"""The transactional outbox: domain events are written with the change they describe, then relayed.

``emit`` adds a row in the caller's transaction, so an event exists exactly when
its change committed. A relay later moves pending rows either to Kafka
(``workers/kafka.py``, at least once) or, with no broker configured, straight
into the OLAP store (``olap.sink.relay``). Both paths end in ``olap.sink.store``,
which stores each event id once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock, metrics
from casino_app.core.db import Sql, session_scope
from casino_app.models.outbox import OutboxEvent

LEDGER_TRANSFERS = "ledger.transfers"
GAME_ROUNDS = "game.rounds"
ACCOUNT_SIGNUPS = "accounts.signups"
ACCOUNT_LOGINS = "accounts.logins"  # a player's session opened (retention counts it as a day of activity)
SHOP_ORDERS = "shop.orders"  # an order paid or refunded
SHOP_FUNNEL = "shop.funnel"  # purchase funnel: open_shop, buy_click, buy_success, buy_fail
TOPICS = (LEDGER_TRANSFERS, GAME_ROUNDS, ACCOUNT_SIGNUPS, ACCOUNT_LOGINS, SHOP_ORDERS, SHOP_FUNNEL)
BATCH = 500


@dataclass(frozen=True)
class Event:
    """One outbox event as it travels (the Kafka message value is ``encode()``)."""

    id: int
    topic: str
    key: str
    payload: dict[str, Any]
    created_at: datetime

    def encode(self) -> bytes:
        """The wire form: JSON with the outbox id, so receivers can de-duplicate."""
        body = {
            "id": self.id,
            "topic": self.topic,
            "key": self.key,
            "payload": self.payload,
            "created_at": self.created_at.isoformat(),
        }
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def decode(cls, raw: bytes) -> Event:
        """Inverse of ``encode``; raises ``ValueError`` for anything that is not one of our events."""
        try:
            body = json.loads(raw)
            event = cls(
                body["id"], body["topic"], body["key"], body["payload"], datetime.fromisoformat(body["created_at"])
            )
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise ValueError("not an outbox event") from exc
        valid = (
            type(event.id) is int
            and 1 <= event.id <= 2**63 - 1
            and event.topic in TOPICS
            and isinstance(event.key, str)
            and len(event.key) <= 100
            and isinstance(event.payload, dict)
            and event.created_at.tzinfo is not None
        )
        if not valid:
            raise ValueError("not an outbox event")
        return event


def emit(db: Session, topic: str, key: str | int, payload: dict[str, Any]) -> None:
    """Record an event in the caller's transaction (it is relayed only if that transaction commits)."""
    topic = _known(topic)
    db.execute(
        sa.insert(OutboxEvent.__table__).values(
            topic=topic, key=str(key)[:100], payload=payload, created_at=clock.now()
        )
    )


_EMIT = """
    INSERT INTO outbox_events (topic, key, payload, created_at)
    VALUES (%(topic)s, %(key)s, %(payload)s::jsonb, %(now)s)
"""


def emit_statement(topic: str, key: str | int, payload: dict[str, Any]) -> Sql:
    """``emit`` as a plain statement for a pipeline (``core.merge.together`` can merge it)."""
    params = {"topic": _known(topic), "key": str(key)[:100], "payload": json.dumps(payload), "now": clock.now()}
    return Sql(_EMIT, params)


def _known(topic: str) -> str:
    if topic not in TOPICS:
        raise ValueError(f"unknown outbox topic {topic!r}")
    return topic


def claim(db: Session, limit: int = BATCH) -> list[Event]:
    """The oldest pending events, locked for this transaction (concurrent relays skip them)."""
    table = OutboxEvent.__table__
    rows = db.execute(
        sa.select(table.c.id, table.c.topic, table.c.key, table.c.payload, table.c.created_at)
        .where(table.c.published_at.is_(None))
        .order_by(table.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    return [Event(*row) for row in rows]


def mark_published(db: Session, ids: Sequence[int]) -> None:
    """Mark claimed events as relayed."""
    table = OutboxEvent.__table__
    db.execute(sa.update(table).where(table.c.id.in_(list(ids))).values(published_at=clock.now()))


def purge_published(days: int = 7) -> int:
    """Delete events relayed more than ``days`` ago (periodic job); returns how many."""
    table = OutboxEvent.__table__
    with session_scope() as db:
        result = db.execute(sa.delete(table).where(table.c.published_at < clock.now() - timedelta(days=days)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Backlog:
    """What the relay still has to do."""

    pending: int
    oldest_age_seconds: float


def backlog() -> Backlog:
    """Pending events and the age of the oldest (0 when none), also exported as Prometheus gauges."""
    table = OutboxEvent.__table__
    with session_scope() as db:
        count, oldest = db.execute(
            sa.select(sa.func.count(), sa.func.min(table.c.created_at)).where(table.c.published_at.is_(None))
        ).one()
    age = max(0.0, (clock.now() - oldest).total_seconds()) if oldest is not None else 0.0
    metrics.OUTBOX_PENDING.set(int(count))
    metrics.OUTBOX_OLDEST.set(age)
    return Backlog(int(count), age)
