"""The Kafka adapter: the outbox relay's producer and the analytics consumer (aiokafka).

Run each as its own process when ``KAFKA_BOOTSTRAP_SERVERS`` is set::

    python -m casino_app.workers.kafka relay     # outbox → Kafka (idempotent producer, acks=all)
    python -m casino_app.workers.kafka consume   # Kafka → OLAP (commits offsets after the OLAP insert)

Delivery is at least once end to end: the relay marks rows published only
after Kafka acknowledged every message of the batch, and the consumer stores
through the OLAP sink, which skips event ids it already holds, so a message
seen twice is stored once. A message the consumer can never store (malformed
JSON, not an outbox event, a payload that does not fit its topic)
goes to the ``<prefix>.dead-letter`` topic with the reason in a header and is
committed like the others, so it is kept for inspection and never retried
forever. Without Kafka the ``outbox-relay`` periodic job moves events straight
into OLAP (``olap.sink.relay``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlmodel import Session

from casino_app.core import metrics
from casino_app.core.db import get_engine
from casino_app.services import outbox
from casino_app.services.olap import sink
from casino_app.settings import Settings, get_settings

logger = logging.getLogger("casino_app.kafka")
CONSUMER_GROUP = "cc-analytics"
IDLE_SECONDS = 1.0
DEAD_LETTER = "dead-letter"  # topic suffix: <prefix>.dead-letter
REASON_HEADER = "cc-dead-letter-reason"
SOURCE_HEADER = "cc-dead-letter-source"  # "<topic>/<partition>/<offset>" of the original message


def topic_name(topic: str, settings: Settings | None = None) -> str:
    """The Kafka topic for an outbox topic (``KAFKA_TOPIC_PREFIX`` + ``.`` + topic)."""
    return f"{(settings or get_settings()).kafka_topic_prefix}.{topic}"


def _servers(settings: Settings) -> str:
    if not settings.kafka_bootstrap_servers:
        raise RuntimeError("KAFKA_BOOTSTRAP_SERVERS is not set: the embedded relay job handles the outbox")
    return settings.kafka_bootstrap_servers


def new_producer(settings: Settings | None = None, client_id: str = "cc-outbox-relay") -> AIOKafkaProducer:
    """An idempotent producer that waits for every in-sync replica (no duplicates from its own retries)."""
    settings = settings or get_settings()
    return AIOKafkaProducer(
        bootstrap_servers=_servers(settings),
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
    )


async def relay_batch(producer: AIOKafkaProducer, limit: int = outbox.BATCH) -> int:
    """Send one batch of pending events; mark them published once Kafka has acknowledged all of them.

    The claiming transaction stays open across the sends, so the rows stay
    locked (another relay skips them) and a failed send leaves them pending.
    """
    db = Session(get_engine())
    try:
        events = await asyncio.to_thread(outbox.claim, db, limit)
        if not events:
            return 0
        pending = [
            await producer.send(
                topic_name(e.topic),
                value=e.encode(),
                key=e.key.encode(),
                headers=[("cc-outbox-id", str(e.id).encode())],
            )
            for e in events
        ]
        await asyncio.gather(*pending)
        await asyncio.to_thread(_finish, db, [e.id for e in events])
        metrics.OUTBOX_RELAYED.labels("kafka").inc(len(events))
        return len(events)
    finally:
        await asyncio.to_thread(db.close)  # rolls back whatever was not committed


def _finish(db: Session, ids: Sequence[int]) -> None:
    outbox.mark_published(db, ids)
    db.commit()


async def run_relay(stop: asyncio.Event) -> None:
    """Relay until ``stop`` is set, reconnecting with backoff when Kafka or the database is unavailable."""
    backoff = 0.5
    while not stop.is_set():
        producer = new_producer()
        try:
            await producer.start()
            logger.info("outbox relay connected to Kafka")
            while not stop.is_set():
                sent = await relay_batch(producer)
                backoff = 0.5
                if sent < outbox.BATCH:
                    await _sleep_or_stop(stop, IDLE_SECONDS)
        except Exception:
            logger.exception("outbox relay failed; retrying")
            await _sleep_or_stop(stop, backoff)
            backoff = min(backoff * 2, 30.0)
        finally:
            await producer.stop()


def new_consumer(settings: Settings | None = None) -> AIOKafkaConsumer:
    """A consumer of every outbox topic in the analytics group; offsets are committed by hand."""
    settings = settings or get_settings()
    return AIOKafkaConsumer(
        *(topic_name(t, settings) for t in outbox.TOPICS),
        bootstrap_servers=_servers(settings),
        group_id=CONSUMER_GROUP,
        client_id="cc-analytics-consumer",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        group_instance_id=settings.kafka_consumer_instance_id,
    )


@dataclass(frozen=True)
class DeadLetter:
    """A consumed message that can never be stored, and why."""

    message: Any  # aiokafka ConsumerRecord: topic, partition, offset, key, value, headers
    kind: str  # malformed-json | unknown-schema | unstorable
    detail: str

    @property
    def reason(self) -> str:
        """The reason header's text: ``<kind>: <detail>`` (bounded)."""
        return f"{self.kind}: {self.detail}"[:500]


def _undecodable(message: Any, error: ValueError) -> DeadLetter:
    try:
        json.loads(message.value or b"")
    except ValueError as exc:  # includes invalid UTF-8
        return DeadLetter(message, "malformed-json", str(exc))
    return DeadLetter(message, "unknown-schema", str(error))


async def consume_batch(consumer: AIOKafkaConsumer, dead_letters: AIOKafkaProducer, timeout_ms: int = 1000) -> int:
    """Store one batch of messages in OLAP, dead-letter what cannot be stored, then commit the offsets.

    Returns how many events were new. The commit comes only after the OLAP
    insert and the broker's acknowledgement of every dead letter, so a crash in
    between redelivers the batch (stored events are skipped the second time).
    """
    batches = await consumer.getmany(timeout_ms=timeout_ms, max_records=outbox.BATCH)
    decoded: list[tuple[Any, outbox.Event]] = []
    dead: list[DeadLetter] = []
    for messages in batches.values():
        for message in messages:
            try:
                decoded.append((message, outbox.Event.decode(message.value or b"")))
            except ValueError as exc:
                dead.append(_undecodable(message, exc))
    stored, refused = await asyncio.to_thread(_store, decoded) if decoded else (0, [])
    dead.extend(refused)
    if dead:
        await send_dead_letters(dead_letters, dead)
    if batches:
        await consumer.commit()
    return stored


async def send_dead_letters(producer: AIOKafkaProducer, dead: Sequence[DeadLetter]) -> None:
    """Produce each message as it came to ``<prefix>.dead-letter`` with the reason and origin in headers;
    returns once the broker acknowledged all of them (raises otherwise, and nothing gets committed)."""
    topic = topic_name(DEAD_LETTER)
    pending = []
    for letter in dead:
        m = letter.message
        headers = [
            *(m.headers or ()),
            (REASON_HEADER, letter.reason.encode()),
            (SOURCE_HEADER, f"{m.topic}/{m.partition}/{m.offset}".encode()),
        ]
        pending.append(await producer.send(topic, value=m.value, key=m.key, headers=list(headers)))
        logger.warning("dead-lettered a message", extra={"topic": m.topic, "offset": m.offset, "reason": letter.reason})
    await asyncio.gather(*pending)
    for letter in dead:
        metrics.KAFKA_DEAD_LETTERS.labels(letter.kind).inc()


def _store(pairs: Sequence[tuple[Any, outbox.Event]]) -> tuple[int, list[DeadLetter]]:
    """Store a batch in OLAP; returns (new events, the messages whose events can never be stored).

    A message that can never be stored must not stop the consumer (its offset would never be committed and
    the same batch would be read forever), so it is dead-lettered. Other failures (OLAP down) propagate, and
    nothing is committed.
    """
    stored = sink.store([event for _, event in pairs])
    by_id = {event.id: message for message, event in pairs}
    return stored.new, [DeadLetter(by_id[r.event.id], "unstorable", r.reason) for r in stored.refused]


async def run_consumer(stop: asyncio.Event) -> None:
    """Consume until ``stop`` is set, reconnecting with backoff."""
    backoff = 0.5
    while not stop.is_set():
        consumer = new_consumer()
        dead_letters = new_producer(client_id="cc-analytics-dead-letters")
        try:
            await dead_letters.start()
            await consumer.start()
            logger.info("analytics consumer connected to Kafka")
            while not stop.is_set():
                await consume_batch(consumer, dead_letters)
                backoff = 0.5
        except Exception:
            logger.exception("analytics consumer failed; retrying")
            await _sleep_or_stop(stop, backoff)
            backoff = min(backoff * 2, 30.0)
        finally:
            await consumer.stop()
            await dead_letters.stop()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _main(role: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await (run_relay(stop) if role == "relay" else run_consumer(stop))


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m casino_app.workers.kafka relay|consume``."""
    from casino_app.core.logging import configure_logging

    parser = argparse.ArgumentParser(prog="casino_app.workers.kafka")
    parser.add_argument("role", choices=["relay", "consume"])
    args = parser.parse_args(argv)
    if not get_settings().kafka_bootstrap_servers:
        parser.exit(2, "KAFKA_BOOTSTRAP_SERVERS is not set: without Kafka the outbox-relay job handles the outbox\n")
    configure_logging()
    asyncio.run(_main(args.role))


if __name__ == "__main__":
    main()
