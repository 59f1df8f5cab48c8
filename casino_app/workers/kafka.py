"""The Kafka adapter: the outbox relay's producer and the analytics consumer (aiokafka).

Run each as its own process when ``KAFKA_BOOTSTRAP_SERVERS`` is set::

    python -m casino_app.workers.kafka relay     # outbox → Kafka (idempotent producer, acks=all)
    python -m casino_app.workers.kafka consume   # Kafka → analytics_events (commits offsets after the DB)

Delivery is at least once end to end: the relay marks rows published only
after Kafka acknowledged every message of the batch, and the consumer stores
by outbox id, so a message seen twice is stored once. Without Kafka the
``outbox-relay`` periodic job moves events straight into the analytics table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy.exc import DataError
from sqlmodel import Session

from casino_app.core import metrics
from casino_app.core.db import get_engine, session_scope
from casino_app.services import outbox
from casino_app.settings import Settings, get_settings

logger = logging.getLogger("casino_app.kafka")
CONSUMER_GROUP = "cc-analytics"
IDLE_SECONDS = 1.0


def topic_name(topic: str, settings: Settings | None = None) -> str:
    """The Kafka topic for an outbox topic (``KAFKA_TOPIC_PREFIX`` + ``.`` + topic)."""
    return f"{(settings or get_settings()).kafka_topic_prefix}.{topic}"


def _servers(settings: Settings) -> str:
    if not settings.kafka_bootstrap_servers:
        raise RuntimeError("KAFKA_BOOTSTRAP_SERVERS is not set: the embedded relay job handles the outbox")
    return settings.kafka_bootstrap_servers


def new_producer(settings: Settings | None = None) -> AIOKafkaProducer:
    """An idempotent producer that waits for every in-sync replica (no duplicates from its own retries)."""
    settings = settings or get_settings()
    return AIOKafkaProducer(
        bootstrap_servers=_servers(settings),
        client_id="cc-outbox-relay",
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
    )


async def consume_batch(consumer: AIOKafkaConsumer, timeout_ms: int = 1000) -> int:
    """Store one batch of messages in ``analytics_events`` and then commit their offsets; returns new events."""
    batches = await consumer.getmany(timeout_ms=timeout_ms, max_records=outbox.BATCH)
    events: list[outbox.Event] = []
    for messages in batches.values():
        for message in messages:
            try:
                events.append(outbox.Event.decode(message.value or b""))
            except ValueError:
                logger.warning("skipped a message that is not an outbox event", extra={"topic": message.topic})
    stored = await asyncio.to_thread(_store, events) if events else 0
    if batches:
        await consumer.commit()
    return stored


def _store(events: Sequence[outbox.Event]) -> int:
    """Store a batch; if the batch is refused, store event by event and skip (log) the ones that cannot be.

    A message that can never be stored must not stop the consumer: its offset
    would never be committed and the same batch would be read forever. Other
    failures (the database is down) propagate, so nothing is committed.
    """
    try:
        with session_scope() as db:
            return outbox.receive(db, events)
    except DataError:  # a value the database refuses; anything else (e.g. DB down) propagates, uncommitted
        logger.exception("analytics batch refused; storing one by one")
    stored = 0
    for event in events:
        try:
            with session_scope() as db:
                stored += outbox.receive(db, [event])
        except DataError:
            logger.exception("skipped an outbox event that cannot be stored", extra={"outbox_id": event.id})
    return stored


async def run_consumer(stop: asyncio.Event) -> None:
    """Consume until ``stop`` is set, reconnecting with backoff."""
    backoff = 0.5
    while not stop.is_set():
        consumer = new_consumer()
        try:
            await consumer.start()
            logger.info("analytics consumer connected to Kafka")
            while not stop.is_set():
                await consume_batch(consumer)
                backoff = 0.5
        except Exception:
            logger.exception("analytics consumer failed; retrying")
            await _sleep_or_stop(stop, backoff)
            backoff = min(backoff * 2, 30.0)
        finally:
            await consumer.stop()


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
