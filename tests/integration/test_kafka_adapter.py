"""The Kafka adapter's own logic, with stand-ins for the aiokafka producer and consumer.

The broker-facing behaviour is covered by ``test_kafka_contract.py`` (needs a
broker); these check the ordering guarantees the adapter itself is responsible
for: publish-before-mark, nothing marked on failure, store-before-commit,
tolerance of duplicates, and foreign messages dead-lettered (acknowledged)
before the commit.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from casino_app.core.db import get_engine
from casino_app.services import outbox
from casino_app.workers import kafka
from tests.support import olap
from tests.support.env import environment
from tests.support.wallets import player_with_gold

pytestmark = pytest.mark.anyio


def _count(sql: str) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql)))


def _dead_letters_counted(kind: str) -> float:
    return REGISTRY.get_sample_value("cc_kafka_dead_letters_total", {"kind": kind}) or 0.0


class FakeProducer:
    """Records sends; each send's acknowledgement succeeds or fails."""

    def __init__(self, *, fail_at: int | None = None) -> None:
        self.sent: list[tuple[str, bytes, bytes, list[tuple[str, bytes]]]] = []
        self.fail_at = fail_at

    async def send(self, topic: str, *, value: bytes, key: bytes, headers: list[tuple[str, bytes]]) -> Any:
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.fail_at is not None and len(self.sent) == self.fail_at:
            ack.set_exception(ConnectionError("broker went away"))
        else:
            # Nothing may be marked published before the broker acknowledges.
            assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL") == 0
            ack.set_result(None)
        self.sent.append((topic, value, key, headers))
        return ack


class FakeConsumer:
    """Hands out the given messages once, then nothing; checks the DB already holds them when committing."""

    def __init__(self, values: list[bytes], dead_letters: DeadLetterSink | None = None) -> None:
        self.values = values
        self.commits = 0
        self.dead_letters = dead_letters

    async def getmany(self, *, timeout_ms: int, max_records: int) -> dict[str, list[SimpleNamespace]]:
        values, self.values = self.values, []
        records = [
            SimpleNamespace(topic="cc.game.rounds", partition=0, offset=n, key=b"k", value=v, headers=(("h", b"1"),))
            for n, v in enumerate(values)
        ]
        return {"tp": records} if records else {}

    async def commit(self) -> None:
        self.commits += 1
        self.stored_at_commit = olap.count("events")
        self.acked_at_commit = self.dead_letters.acked if self.dead_letters else 0


class DeadLetterSink:
    """A producer stand-in for the dead-letter topic: records sends and counts acknowledgements."""

    def __init__(self, *, fail: bool = False) -> None:
        self.sent: list[tuple[str, bytes, bytes, dict[str, bytes]]] = []
        self.acked = 0
        self.fail = fail

    async def send(self, topic: str, *, value: bytes, key: bytes, headers: list[tuple[str, bytes]]) -> Any:
        self.sent.append((topic, value, key, dict(headers)))
        return asyncio.ensure_future(self._ack())

    async def _ack(self) -> None:
        await asyncio.sleep(0)
        if self.fail:
            raise ConnectionError("broker went away")
        self.acked += 1


async def test_relay_sends_every_pending_event_then_marks_them() -> None:
    await asyncio.to_thread(player_with_gold, 1_000)
    expected = _count("SELECT count(*) FROM outbox_events")
    producer = FakeProducer()
    with environment(KAFKA_TOPIC_PREFIX="cc"):
        assert await kafka.relay_batch(producer) == expected  # type: ignore[arg-type]
    assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == 0
    topic, value, key, headers = producer.sent[0]
    event = outbox.Event.decode(value)
    assert topic == f"cc.{event.topic}"
    assert key == event.key.encode()
    assert headers == [("cc-outbox-id", str(event.id).encode())]
    assert await kafka.relay_batch(producer) == 0  # type: ignore[arg-type]


async def test_a_failed_acknowledgement_leaves_the_whole_batch_pending() -> None:
    for _ in range(3):
        await asyncio.to_thread(player_with_gold, 1_000)
    pending = _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")
    with pytest.raises(ConnectionError):
        await kafka.relay_batch(FakeProducer(fail_at=1))  # type: ignore[arg-type]
    assert _count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == pending
    # The retry sends the batch again: receivers de-duplicate by outbox id.
    assert await kafka.relay_batch(FakeProducer()) == pending  # type: ignore[arg-type]


async def test_consumer_stores_before_committing_and_tolerates_duplicates_and_junk() -> None:
    await asyncio.to_thread(player_with_gold, 1_000)
    producer = FakeProducer()
    await kafka.relay_batch(producer)  # type: ignore[arg-type]
    values = [value for _, value, _, _ in producer.sent]
    junk = [
        b"not json",
        b'{"id": 1, "topic": "other"}',
        b'{"id": Infinity}',
        values[0].replace(b'"id":', b'"id":1e30,"x":'),
    ]
    unstorable = outbox.Event(
        10**12, outbox.GAME_ROUNDS, "1", {"user_id": 7, "game": "slot", "bet": "lots", "payout": 0}, datetime.now(UTC)
    ).encode()
    sink = DeadLetterSink()
    consumer = FakeConsumer([*values, values[0], *junk, unstorable], sink)
    counted_before = _dead_letters_counted("unknown-schema")
    with environment(KAFKA_TOPIC_PREFIX="cc"):
        assert await kafka.consume_batch(consumer, sink) == len(values)  # type: ignore[arg-type]
    assert consumer.commits == 1
    assert consumer.stored_at_commit == len(values)
    assert consumer.acked_at_commit == 5  # every dead letter acknowledged before the offsets are committed
    assert [topic for topic, *_ in sink.sent] == ["cc.dead-letter"] * 5
    assert [value for _, value, _, _ in sink.sent] == [*junk, unstorable]  # kept byte for byte
    reasons = [headers[kafka.REASON_HEADER].decode() for *_, headers in sink.sent]
    assert [r.split(":")[0] for r in reasons] == [
        "malformed-json",
        "unknown-schema",
        "unknown-schema",
        "unknown-schema",
        "unstorable",
    ]
    first_junk = len(values) + 1
    assert [headers[kafka.SOURCE_HEADER] for *_, headers in sink.sent] == [
        f"cc.game.rounds/0/{n}".encode() for n in range(first_junk, first_junk + 5)
    ]
    assert all(headers["h"] == b"1" and key == b"k" for _, _, key, headers in sink.sent)  # original key, headers
    assert _dead_letters_counted("unknown-schema") == counted_before + 3
    assert await kafka.consume_batch(FakeConsumer(values), DeadLetterSink()) == 0  # type: ignore[arg-type]
    assert olap.count("events") == len(values)


async def test_an_unacknowledged_dead_letter_leaves_the_batch_uncommitted() -> None:
    consumer = FakeConsumer([b"not json"])
    with pytest.raises(ConnectionError):
        await kafka.consume_batch(consumer, DeadLetterSink(fail=True))  # type: ignore[arg-type]
    assert consumer.commits == 0  # redelivered later, dead-lettered again then
