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


async def consume(die: bool) -> None:
    # A group of its own: the killed static member stays in its group on the test broker (which never expires
    # sessions), and other tests' consumers must not wait for it in the shared analytics group.
    kafka.CONSUMER_GROUP = os.environ.get("CC_TEST_CONSUMER_GROUP", kafka.CONSUMER_GROUP)
    consumer = kafka.new_consumer()
    dead_letters = kafka.new_producer(client_id="cc-test-dead-letters")
    await consumer.start()
    await dead_letters.start()
    if die:
        consumer.commit = _die  # type: ignore[method-assign]
    idle = 0
    try:
        while idle < 6:  # three idle seconds: the topics are drained
            stored = await kafka.consume_batch(consumer, dead_letters, timeout_ms=500)
            idle = idle + 1 if stored == 0 else 0
    finally:
        await consumer.stop()
        await dead_letters.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["relay", "consume"])
    parser.add_argument("--die-before-commit", action="store_true")
    args = parser.parse_args()
    if args.role == "relay":
        relay(args.die_before_commit)
    else:
        asyncio.run(consume(args.die_before_commit))
    if args.die_before_commit:
        sys.exit(3)  # never reached when the kill happened
    print(json.dumps(figures()))


if __name__ == "__main__":
    main()
