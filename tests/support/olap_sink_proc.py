"""A sink in its own process, so a test can kill it between the OLAP insert and its commit.

``python -m tests.support.olap_sink_proc relay|consume [--die-before-commit]`` drains the outbox (embedded
relay) or the Kafka topics (the analytics consumer) into the OLAP store of ``OLAP_URL``; with
``--die-before-commit`` the process SIGKILLs itself at the moment it would commit (marking the outbox rows
published, committing the Kafka offsets), i.e. after the OLAP insert. Without it, it prints the store's
figures as JSON when done. The environment (DATABASE_URL, OLAP_URL, KAFKA_*) comes from the test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from typing import Any

from casino_app.services import outbox
from casino_app.services.olap import client, sink
from casino_app.workers import kafka


def _die(*_: Any, **__: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def figures() -> dict[str, Any]:
    """Rows and distinct event ids per table, and the materialized view's totals."""
    found: dict[str, Any] = {}
    for table in ("events", "purchases", "rounds", "funnel", "gold_flows"):
        rows, ids = client.query(f"SELECT count(), uniqExact(event_id) FROM {table}")[0]
        found[table] = {"rows": int(rows), "ids": int(ids)}
    legs = client.query("SELECT count() FROM (SELECT event_id, leg FROM gold_flows GROUP BY event_id, leg)")[0][0]
    found["gold_flows"]["distinct_legs"] = int(legs)
    paid, refunded, revenue = client.query(
        "SELECT sum(paid_orders), sum(refunded_orders), sum(revenue_krw) FROM purchases_daily_agg"
    )[0]
    found["daily_agg"] = {"paid_orders": int(paid), "refunded_orders": int(refunded), "revenue_krw": int(revenue)}
    found["purchases_revenue_krw"] = int(client.query("SELECT sum(revenue_krw) FROM purchases")[0][0])
    return found


def relay(die: bool) -> None:
    if die:
        outbox.mark_published = _die  # type: ignore[assignment]
    while sink.relay() > 0:
        pass


async def _drained(consumer: Any) -> bool:
    """Whether the group has committed every message of the partitions assigned to this consumer."""
    assigned = consumer.assignment()
    if not assigned:
        return False
    ends = await consumer.end_offsets(list(assigned))
    for partition in assigned:
        committed = await consumer.committed(partition)
        if (committed or 0) < ends[partition]:
            return False
    return True


async def consume(die: bool) -> dict[str, int]:
    """Consume until every message is committed (or, with ``die``, until the first commit kills the process);
    returns how many messages were read and how many events were new."""
    # A group of its own: the killed static member stays in its group on the test broker (which never expires
    # sessions), and other tests' consumers must not wait for it in the shared analytics group.
    kafka.CONSUMER_GROUP = os.environ.get("CC_TEST_CONSUMER_GROUP", kafka.CONSUMER_GROUP)
    consumer = kafka.new_consumer()
    dead_letters = kafka.new_producer(client_id="cc-test-dead-letters")
    await consumer.start()
    await dead_letters.start()
    if die:
        consumer.commit = _die  # type: ignore[method-assign]
    read = {"consumed": 0, "new": 0}
    fetch = consumer.getmany

    async def counting(*args: Any, **kwargs: Any) -> Any:
        batches = await fetch(*args, **kwargs)
        read["consumed"] += sum(len(batch) for batch in batches.values())
        return batches

    consumer.getmany = counting  # type: ignore[method-assign]
    try:
        for _ in range(120):  # at most a minute
            read["new"] += await kafka.consume_batch(consumer, dead_letters, timeout_ms=500)
            if not die and read["consumed"] and await _drained(consumer):
                break
        else:
            raise SystemExit("the consumer did not finish within a minute")
    finally:
        await consumer.stop()
        await dead_letters.stop()
    return read


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["relay", "consume"])
    parser.add_argument("--die-before-commit", action="store_true")
    args = parser.parse_args()
    read: dict[str, int] = {}
    if args.role == "relay":
        relay(args.die_before_commit)
    else:
        read = asyncio.run(consume(args.die_before_commit))
    if args.die_before_commit:
        sys.exit(3)  # never reached when the kill happened
    print(json.dumps({**figures(), **read}))


if __name__ == "__main__":
    main()
