"""The OLAP sink: each event id once per table, the purchases materialized view, dead letters, and a sink
killed between its OLAP insert and its commit (embedded relay and Kafka consumer) leaving no duplicate."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.services import outbox
from casino_app.services.accounts import identity
from casino_app.services.games import rps
from casino_app.services.olap import rows, sink
from casino_app.services.shop import catalog, orders, refunds
from casino_app.workers import kafka
from tests.support import olap
from tests.support import shop as s
from tests.support.env import environment

ROOT = Path(__file__).resolve().parents[2]


def _pending() -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")))


def _by_topic() -> dict[str, int]:
    with get_engine().connect() as conn:
        return dict(conn.execute(sa.text("SELECT topic, count(*) FROM outbox_events GROUP BY topic")).all())


def _shop_day(refund: bool = True) -> tuple[int, int]:
    """Two paid orders (one refunded) and a round: every topic. Returns (paid ₩, refunded ₩)."""
    user = s.adult(0)
    product = s.product()
    catalog.catalog(user)
    placed = []
    for _ in range(2):
        order = orders.purchase(user, product.id, s.key())
        s.pay(order.code)
        placed.append(order)
    refunded = 0
    if refund:
        refunds.staff_refund(placed[0].code, "test refund", actor_id=s.staff())
        refunded = placed[0].amount_krw
    rps.play(identity.load(user), "ROCK", 100, f"olap-{uuid.uuid4()}")
    return sum(o.amount_krw for o in placed), refunded


def _drain() -> None:
    while sink.relay() > 0:
        pass


def test_the_materialized_view_counts_each_purchase_once_even_when_events_come_again() -> None:
    paid, refunded = _shop_day()
    with session_scope() as db:
        events = outbox.claim(db, 10_000)
    first = sink.store(events)
    assert first.new == len(events)
    assert not first.refused
    assert sink.store(events).new == 0  # redelivered: nothing new, the view is not fed twice
    assert sink.store(list(reversed(events)) + events[:3]).new == 0
    ((orders_paid, orders_refunded, revenue, buyers),) = olap.rows(
        "SELECT sum(paid_orders), sum(refunded_orders), sum(revenue_krw), uniqExactMerge(buyers) "
        "FROM purchases_daily_agg"
    )
    assert (orders_paid, orders_refunded, revenue, buyers) == (2, 1, paid - refunded, 1)
    assert olap.rows("SELECT sum(revenue_krw) FROM purchases") == [(paid - refunded,)]
    assert olap.count("events") == len(events)
    assert olap.rows("SELECT count(), uniqExact(event_id) FROM rounds") == [(1, 1)]


def test_a_crash_between_two_tables_is_repaired_by_the_next_delivery() -> None:
    _shop_day(refund=False)
    with session_scope() as db:
        events = outbox.claim(db, 10_000)
    # The sink died after writing the purchases of half the batch and before anything else.
    half = [e for e in events if e.topic == outbox.SHOP_ORDERS][:1]
    purchase_rows = [row for e in half for row in rows.typed_rows(e)["purchases"]]
    sink._insert_new("purchases", purchase_rows, rows.COLUMNS["purchases"])
    assert sink.store(events).new == len(events)
    assert olap.rows("SELECT count(), uniqExact(event_id) FROM purchases") == [(2, 2)]
    assert olap.rows("SELECT sum(paid_orders) FROM purchases_daily_agg") == [(2,)]


def test_an_event_that_does_not_fit_its_topic_becomes_a_dead_letter_and_does_not_block_the_relay() -> None:
    _shop_day(refund=False)
    with session_scope() as db:
        outbox.emit(db, outbox.GAME_ROUNDS, "9", {"user_id": 9, "game": "slot", "bet": "lots", "payout": 0})
    total = sum(_by_topic().values())
    _drain()
    assert _pending() == 0
    assert olap.count("events") == total - 1
    ((topic, reason),) = olap.rows("SELECT topic, reason FROM dead_letters")
    assert topic == "game.rounds"
    assert "bet" in reason
    _drain()
    assert olap.count("dead_letters") == 1


def _run(role: str, env: dict[str, str], *, die: bool) -> dict:
    command = [sys.executable, "-m", "tests.support.olap_sink_proc", role]
    if die:
        command.append("--die-before-commit")
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    if die:
        assert done.returncode == -9, f"the sink was not killed: rc={done.returncode}\n{done.stderr[-3000:]}"
        return {}
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _assert_once(found: dict, topics: dict[str, int], paid: int, refunded: int) -> None:
    total = sum(topics.values())
    assert found["events"] == {"rows": total, "ids": total}
    for table, topic in (("purchases", "shop.orders"), ("rounds", "game.rounds"), ("funnel", "shop.funnel")):
        assert found[table] == {"rows": topics[topic], "ids": topics[topic]}, table
    assert found["gold_flows"]["rows"] == found["gold_flows"]["distinct_legs"]
    assert found["gold_flows"]["ids"] == topics["ledger.transfers"]
    assert found["daily_agg"] == {"paid_orders": 2, "refunded_orders": 1, "revenue_krw": paid - refunded}
    assert found["purchases_revenue_krw"] == paid - refunded


def _sink_env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "OLAP_URL": f"chdb://{tmp_path / 'olap'}", **extra}
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def test_the_embedded_relay_killed_between_the_olap_insert_and_its_commit_stores_nothing_twice(
    clean_db: str, tmp_path: Path
) -> None:
    paid, refunded = _shop_day()
    topics = _by_topic()
    env = _sink_env(clean_db, tmp_path)
    _run("relay", env, die=True)
    assert _pending() == sum(topics.values())  # killed before the commit: every event is still pending
    found = _run("relay", env, die=False)  # the restarted relay sends the same events again
    assert _pending() == 0
    _assert_once(found, topics, paid, refunded)


@pytest.mark.kafka
def test_the_kafka_consumer_killed_between_the_olap_insert_and_the_offset_commit_stores_nothing_twice(
    clean_db: str, tmp_path: Path, kafka_servers: str
) -> None:
    prefix = f"cc-test-{uuid.uuid4().hex[:8]}"
    paid, refunded = _shop_day()
    topics = _by_topic()
    with environment(KAFKA_BOOTSTRAP_SERVERS=kafka_servers, KAFKA_TOPIC_PREFIX=prefix):

        async def relay_all() -> None:
            producer = kafka.new_producer()
            await producer.start()
            try:
                while await kafka.relay_batch(producer):
                    pass
            finally:
                await producer.stop()

        asyncio.run(relay_all())
    assert _pending() == 0
    # Static membership: the restarted consumer takes the killed one's place at once, as in compose. (The test
    # broker never expires a dead member's session, so a dynamic member would wait for it forever.)
    env = _sink_env(
        clean_db,
        tmp_path,
        KAFKA_BOOTSTRAP_SERVERS=kafka_servers,
        KAFKA_TOPIC_PREFIX=prefix,
        KAFKA_CONSUMER_INSTANCE_ID=f"olap-sink-{uuid.uuid4().hex[:8]}",
        CC_TEST_CONSUMER_GROUP=f"cc-analytics-{prefix}",
    )
    _run("consume", env, die=True)  # stored a batch, killed before committing its offsets
    found = _run("consume", env, die=False)  # the group hands the uncommitted messages over again
    _assert_once(found, topics, paid, refunded)
    # The restarted consumer read again what the killed one had stored: more messages than new events.
    assert found["consumed"] == sum(topics.values())
    assert found["new"] < found["consumed"]
