"""Contract tests of the Kafka adapter against a real Kafka-protocol broker.

The broker is ``KAFKA_BOOTSTRAP_SERVERS`` when set, else the ``noida-db`` broker
the test session starts (``tests/support/kafka_broker.py``), so these run on CI.
They check what the embedded relay cannot: the producer's delivery settings
(idempotence, acks=all) are accepted by the broker, every domain topic the
outbox emits — purchases included — arrives on its prefixed topic with the
outbox id header, rows are marked published only after the broker acknowledged
them, the consumer group commits its offsets only after storing (a batch
redelivered after a crash is stored once), and messages that can never be
stored go to the dead-letter topic with the reason and are committed.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from casino_app.core.db import get_engine
from casino_app.services import outbox
from casino_app.services.accounts import identity
from casino_app.services.games import rps
from casino_app.services.shop import catalog, orders
from casino_app.workers import kafka
from tests.support import olap
from tests.support import shop as s
from tests.support.env import environment
from tests.support.wallets import player_with_gold

pytestmark = [pytest.mark.anyio, pytest.mark.kafka]

ROUND = {"round_id": 1, "user_id": 7, "game": "slot", "config_version": 1, "bet": 100, "payout": 0}


def _count(sql: str) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql)))


def _by_topic(table: str) -> Counter[str]:
    with get_engine().connect() as conn:
        return Counter(dict(conn.execute(sa.text(f"SELECT topic, count(*) FROM {table} GROUP BY topic")).all()))


def _business_activity() -> None:
    """A signup, a purchase paid through the sandbox (with its funnel) and a game round: every outbox topic."""
    user = s.adult(0)  # accounts.signups, ledger.transfers
    product = s.product()
    catalog.catalog(user)  # shop.funnel open_shop
    order = orders.purchase(user, product.id, s.key())  # shop.funnel buy_click
    s.pay(order.code)  # shop.orders, shop.funnel buy_success, ledger.transfers
    rps.play(identity.load(user), "ROCK", 100, f"kafka-contract-{uuid.uuid4()}")  # game.rounds, ledger.transfers


async def _drain(servers: str, topic: str, expected: int) -> list[Any]:
    """Every message of ``topic`` from the beginning (outside any group); fails if fewer than ``expected``."""
    reader = AIOKafkaConsumer(
        topic, bootstrap_servers=servers, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await reader.start()
    records: list[Any] = []
    try:
        for _ in range(40):
            for batch in (await reader.getmany(timeout_ms=250)).values():
                records.extend(batch)
            if len(records) >= expected:
                break
        records.extend(m for batch in (await reader.getmany(timeout_ms=250)).values() for m in batch)
    finally:
        await reader.stop()
    assert len(records) == expected, f"{topic}: {len(records)} messages, expected {expected}"
    return records


async def _uncommitted(consumer: AIOKafkaConsumer, topics: Collection[str]) -> int:
    """How many messages of the (outbox) ``topics`` the consumer's group has not committed yet."""
    partitions: list[TopicPartition] = []
    for topic in (kafka.topic_name(t) for t in topics):
        for _ in range(50):  # the consumer learns the partitions from a metadata response shortly after start
            if known := consumer.partitions_for_topic(topic):
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail(f"no partitions known for {topic}")
        partitions.extend(TopicPartition(topic, p) for p in known)
    ends = await consumer.end_offsets(partitions)
    behind = 0
    for tp in partitions:
        behind += ends[tp] - (await consumer.committed(tp) or 0)
    return behind


async def _consume_until_committed(
    consumer: AIOKafkaConsumer, dead_letters: AIOKafkaProducer, topics: Collection[str]
) -> int:
    """Run ``consume_batch`` until the group has committed every message of ``topics``; returns events stored."""
    stored = 0
    for _ in range(30):
        stored += await kafka.consume_batch(consumer, dead_letters, timeout_ms=500)
        if not await _uncommitted(consumer, topics):
            return stored
    pytest.fail("the consumer group did not commit every message in time")


async def test_every_domain_topic_is_relayed_once_and_consumed_with_committed_offsets(kafka_servers: str) -> None:
    prefix = f"cc-test-{uuid.uuid4().hex[:8]}"  # fresh topics: nothing from an earlier run is consumed
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers, KAFKA_TOPIC_PREFIX=prefix):
        await asyncio.to_thread(_business_activity)
        emitted = _by_topic("outbox_events")
        assert set(emitted) == set(outbox.TOPICS)  # purchases (shop.orders, shop.funnel) included
        pending = sum(emitted.values())

        producer = kafka.new_producer()
        await producer.start()
        try:
            assert await kafka.relay_batch(producer) == pending
            assert await kafka.relay_batch(producer) == 0
            # The broker accepted the idempotent producer: it granted a producer id (InitProducerId) and the
            # batches were acknowledged by all in-sync replicas.
            assert producer._txn_manager is not None
            assert producer._txn_manager.producer_id >= 0
            assert producer._sender._acks == -1
        finally:
            await producer.stop()
        assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == 0

        received: dict[str, list[outbox.Event]] = {}
        for topic, count in emitted.items():
            for record in await _drain(kafka_servers, f"{prefix}.{topic}", count):
                event = outbox.Event.decode(record.value)
                assert event.topic == topic
                assert record.key == event.key.encode()
                assert dict(record.headers)["cc-outbox-id"] == str(event.id).encode()
                received.setdefault(topic, []).append(event)
        assert [e.payload["event"] for e in received[outbox.SHOP_FUNNEL]] == ["open_shop", "buy_click", "buy_success"]
        assert [e.payload["event"] for e in received[outbox.SHOP_ORDERS]] == ["paid"]

        consumer, dead_letters = kafka.new_consumer(), kafka.new_producer(client_id="cc-test-dead-letters")
        await consumer.start()
        await dead_letters.start()
        try:
            assert await _consume_until_committed(consumer, dead_letters, emitted) == pending
        finally:
            await consumer.stop()
            await dead_letters.stop()
        assert Counter(dict(olap.rows("SELECT topic, count() FROM events GROUP BY topic"))) == emitted

        again = kafka.new_consumer()  # the same group starts where the first one committed: nothing to read
        await again.start()
        try:
            assert await _uncommitted(again, emitted) == 0
            assert not await again.getmany(timeout_ms=1000)
        finally:
            await again.stop()


async def test_a_batch_redelivered_after_a_crash_before_the_commit_is_stored_once(kafka_servers: str) -> None:
    prefix = f"cc-test-{uuid.uuid4().hex[:8]}"
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers, KAFKA_TOPIC_PREFIX=prefix):
        await asyncio.to_thread(player_with_gold, 1_000)
        topics = set(_by_topic("outbox_events"))
        producer = kafka.new_producer()
        await producer.start()
        try:
            pending = await kafka.relay_batch(producer)
        finally:
            await producer.stop()
        assert pending > 0

        async def crash() -> None:
            raise RuntimeError("the consumer died between the database commit and the offset commit")

        first, dead_letters = kafka.new_consumer(), kafka.new_producer(client_id="cc-test-dead-letters")
        await first.start()
        await dead_letters.start()
        try:
            first.commit = crash  # type: ignore[method-assign]

            async def until_a_batch_arrives() -> None:
                for _ in range(30):
                    await kafka.consume_batch(first, dead_letters, timeout_ms=500)

            with pytest.raises(RuntimeError, match="died"):
                await until_a_batch_arrives()
            stored_first = olap.count("events")
            assert stored_first > 0  # the batch was stored, its offsets were not committed
        finally:
            await first.stop()

        second = kafka.new_consumer()  # the same group: gets the uncommitted batch again
        await second.start()
        try:
            assert await _uncommitted(second, topics) == pending
            # Everything is read again; what the first consumer stored is not stored twice.
            assert await _consume_until_committed(second, dead_letters, topics) == pending - stored_first
        finally:
            await second.stop()
            await dead_letters.stop()
        assert olap.count("events") == pending


async def test_messages_that_cannot_be_stored_go_to_the_dead_letter_topic_and_are_committed(
    kafka_servers: str,
) -> None:
    prefix = f"cc-test-{uuid.uuid4().hex[:8]}"
    now = datetime.now(UTC)
    good = outbox.Event(10**12, outbox.GAME_ROUNDS, "7", ROUND, now).encode()
    malformed = b'{"id": 1, "topic": '
    foreign = b'{"id": 5, "topic": "somewhere.else", "schema": 2}'
    unstorable = outbox.Event(
        10**12 + 1, outbox.GAME_ROUNDS, "7", {"user_id": 7, "game": "slot", "bet": "lots", "payout": 0}, now
    ).encode()
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers, KAFKA_TOPIC_PREFIX=prefix):
        source = kafka.topic_name(outbox.GAME_ROUNDS)
        producer = kafka.new_producer()
        await producer.start()
        try:
            for value in (malformed, good, foreign, unstorable):
                await producer.send_and_wait(source, value=value, key=b"7", headers=[("trace", b"t-1")])
        finally:
            await producer.stop()

        consumer, dead_letters = kafka.new_consumer(), kafka.new_producer(client_id="cc-test-dead-letters")
        await consumer.start()
        await dead_letters.start()
        try:
            assert await _consume_until_committed(consumer, dead_letters, [outbox.GAME_ROUNDS]) == 1
        finally:
            await consumer.stop()
            await dead_letters.stop()
        assert olap.count("events") == 1

        letters = await _drain(kafka_servers, f"{prefix}.dead-letter", 3)
        assert [r.value for r in letters] == [malformed, foreign, unstorable]  # kept byte for byte, in order
        headers = [dict(r.headers) for r in letters]
        kinds = [h[kafka.REASON_HEADER].decode().split(":")[0] for h in headers]
        assert kinds == ["malformed-json", "unknown-schema", "unstorable"]
        assert [h[kafka.SOURCE_HEADER] for h in headers] == [f"{source}/0/{n}".encode() for n in (0, 2, 3)]
        assert all(h["trace"] == b"t-1" and r.key == b"7" for h, r in zip(headers, letters, strict=True))

        again = kafka.new_consumer()  # nothing is left to retry
        await again.start()
        try:
            assert await _uncommitted(again, [outbox.GAME_ROUNDS]) == 0
            assert not await again.getmany(timeout_ms=1000)
        finally:
            await again.stop()


async def test_a_relay_the_broker_never_acknowledges_leaves_the_batch_pending(kafka_servers: str) -> None:
    await asyncio.to_thread(player_with_gold, 1_000)
    pending = _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")
    assert pending > 0
    # The broker refuses the topic name, so no send is ever acknowledged; the relay is given up after 3 s.
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers, KAFKA_TOPIC_PREFIX="not a topic!"):
        producer = kafka.new_producer()
        await producer.start()
        try:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(kafka.relay_batch(producer), 3)
        finally:
            await producer.stop()
    assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == pending
    # Nothing was lost: the next relay sends the whole batch.
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers, KAFKA_TOPIC_PREFIX=f"cc-test-{uuid.uuid4().hex[:8]}"):
        producer = kafka.new_producer()
        await producer.start()
        try:
            assert await kafka.relay_batch(producer) == pending
        finally:
            await producer.stop()
    assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == 0


def test_topic_names_carry_the_prefix() -> None:
    with environment(KAFKA_TOPIC_PREFIX="casino"):
        assert [kafka.topic_name(t) for t in outbox.TOPICS] == [
            "casino.ledger.transfers",
            "casino.game.rounds",
            "casino.accounts.signups",
            "casino.accounts.logins",
            "casino.shop.orders",
            "casino.shop.funnel",
        ]
        assert kafka.topic_name(kafka.DEAD_LETTER) == "casino.dead-letter"
