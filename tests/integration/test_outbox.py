"""The transactional outbox: events exist exactly when their change committed, and relay exactly/at least once."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.services import health, ledger, outbox
from casino_app.services.games import slot
from casino_app.services.olap import sink
from casino_app.workers.schedule import periodic_jobs
from tests.support import olap
from tests.support.accounts import new_player
from tests.support.env import environment
from tests.support.wallets import fund, player_with_gold


def _rows(sql: str) -> list[tuple]:
    with get_engine().connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_a_spin_records_its_transfer_and_round_in_the_same_transaction() -> None:
    user = player_with_gold(10_000)
    before = _rows("SELECT count(*) FROM outbox_events")[0][0]
    result = slot.spin(user, 100, "outbox-spin")
    events = _rows(f"SELECT topic, key, payload FROM outbox_events ORDER BY id OFFSET {before}")
    assert [(t, k) for t, k, _ in events] == [("ledger.transfers", f"user:{user}"), ("game.rounds", str(user))]
    transfer, round_ = events[0][2], events[1][2]
    assert transfer["kind"] == "SLOT_SPIN"
    assert transfer["legs"][0] == {"source": f"user:{user}", "target": "house:slot", "amount": 100, "kind": "BET"}
    assert round_ == {
        "round_id": result.round_id,
        "user_id": user,
        "game": "slot",
        "config_version": result.config_version,
        "bet": 100,
        "payout": result.win_amount,
    }
    slot.spin(user, 100, "outbox-spin")  # a replay is not a new business action
    assert _rows("SELECT count(*) FROM outbox_events")[0][0] == before + 2


def test_a_rolled_back_action_leaves_no_event() -> None:
    user = player_with_gold(500)
    before = _rows("SELECT count(*) FROM outbox_events")[0][0]
    with pytest.raises(RuntimeError), session_scope() as db:  # noqa: PT012 - the failure must happen in the scope
        ledger.post(
            db, key="rolled-back", kind="BET", legs=[ledger.Leg(ledger.user_account(user), "house:slot", 5, "BET")]
        )
        raise RuntimeError("boom")
    with pytest.raises(ledger.InsufficientFunds):
        ledger.post(
            None, key="too-much", kind="BET", legs=[ledger.Leg(ledger.user_account(user), "house:slot", 10**9, "BET")]
        )
    assert _rows("SELECT count(*) FROM outbox_events")[0][0] == before


def test_signup_is_an_event() -> None:
    pair = new_player("outboxer", "아웃박스")
    topics = _rows(f"SELECT topic, payload->>'user_id' FROM outbox_events WHERE key = '{pair.user.id}'")
    assert ("accounts.signups", str(pair.user.id)) in topics


def test_embedded_relay_moves_everything_exactly_once() -> None:
    user = player_with_gold(100_000)
    for i in range(30):
        slot.spin(user, 100, f"relay-{i}")
    pending = _rows("SELECT id, topic, payload FROM outbox_events WHERE published_at IS NULL ORDER BY id")
    assert sink.relay(limit=25) == 25
    assert sink.relay() == len(pending) - 25
    assert sink.relay() == 0
    received = olap.rows("SELECT event_id, topic, payload FROM events ORDER BY event_id")
    assert [(i, t, json.loads(p)) for i, t, p in received] == pending
    assert _rows("SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == [(0,)]
    assert outbox.backlog().pending == 0


def test_concurrent_relays_never_relay_an_event_twice() -> None:
    user = player_with_gold(1_000_000)
    for i in range(120):
        slot.spin(user, 100, f"parallel-relay-{i}")
    total = _rows("SELECT count(*) FROM outbox_events")[0][0]
    with ThreadPoolExecutor(max_workers=6) as pool:
        moved = sum(pool.map(lambda _: sink.relay(limit=20), range(40)))
    assert moved == total
    assert olap.rows("SELECT count(), uniqExact(event_id) FROM events") == [(total, total)]


def test_receiving_an_event_twice_stores_it_once() -> None:
    player_with_gold(1_000)
    with session_scope() as db:
        events = outbox.claim(db)
    assert events
    assert sink.store(events).new == len(events)
    assert sink.store(events).new == 0  # Kafka redelivered the batch
    assert olap.count("events") == len(events)


def test_backlog_is_reported_by_health_and_the_job_drains_it_only_without_kafka() -> None:
    fund(new_player().user.id, 1_000)
    job = next(j for j in periodic_jobs() if j.name == "outbox-relay")
    with environment(KAFKA_BOOTSTRAP_SERVERS="kafka.invalid:9092"):
        job.run("test")  # with Kafka, the relay process owns the outbox
    waiting = health.check().events
    assert waiting["ok"]
    assert waiting["outbox_pending"] > 0
    job.run("test")
    assert health.check().events["outbox_pending"] == 0
    assert health.check().mode["events"] == "in-process"


def test_published_events_are_purged_after_a_week() -> None:
    player_with_gold(1_000)
    sink.relay()
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE outbox_events SET published_at = now() - interval '8 days'"))
    player_with_gold(1_000)  # a new, still-pending event survives
    assert outbox.purge_published(days=7) > 0
    assert _rows("SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL") == [(0,)]
    assert _rows("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")[0][0] > 0


def _visits(user_id: int) -> list[dict]:
    found = _rows(
        f"SELECT payload FROM outbox_events WHERE topic = 'accounts.logins' AND key = '{user_id}' ORDER BY id"
    )
    return [payload for (payload,) in found]


def test_a_session_used_on_a_new_business_day_is_that_days_visit_once() -> None:
    from datetime import UTC, datetime, timedelta

    from casino_app.core.clock import FrozenClock, use_clock
    from casino_app.services.accounts import sessions

    client = sessions.ClientInfo(ip="10.0.0.1", user_agent="pytest")
    frozen = FrozenClock(datetime(2026, 11, 28, 14, 0, tzinfo=UTC))  # 23:00 KST
    with use_clock(frozen):
        pair = new_player()
        user = pair.user.id
        assert [v["resumed"] for v in _visits(user)] == [False]  # the signup's session
        frozen.advance(timedelta(minutes=30))  # 23:30 KST, same day: no new visit
        pair = sessions.refresh(pair.refresh_token, client)
        assert len(_visits(user)) == 1
        frozen.advance(timedelta(minutes=40))  # 00:10 KST the next day
        pair = sessions.refresh(pair.refresh_token, client)
        frozen.advance(timedelta(minutes=40))
        sessions.refresh(pair.refresh_token, client)
    visits = _visits(user)
    assert [v["resumed"] for v in visits] == [False, True]
    assert visits[1] == {"user_id": user, "channel": "api", "resumed": True}
