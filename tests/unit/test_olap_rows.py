"""From outbox events to OLAP rows: each topic's typed rows, and payloads that cannot be mapped."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from casino_app.services import outbox
from casino_app.services.olap import rows, schema

AT = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
NOW = datetime(2026, 11, 28, 14, 31, tzinfo=UTC)


def event(topic: str, payload: dict, key: str = "7", event_id: int = 11) -> outbox.Event:
    return outbox.Event(event_id, topic, key, payload, AT)


def test_every_event_has_an_events_row_with_its_player() -> None:
    signup = event(outbox.ACCOUNT_SIGNUPS, {"user_id": 7, "invite_code_id": 1, "referrer_id": None})
    assert rows.event_row(signup, NOW) == (
        11,
        "accounts.signups",
        "7",
        7,
        AT,
        NOW,
        json.dumps(signup.payload, separators=(",", ":")),
    )
    assert rows.typed_rows(signup) == {}
    transfer = event(outbox.LEDGER_TRANSFERS, {"transfer_id": 3, "kind": "X", "legs": []}, key="user:42")
    assert rows.user_of(transfer) == 42
    assert rows.user_of(event(outbox.LEDGER_TRANSFERS, {"legs": []}, key="DAILY_REWARD")) == 0


def test_a_paid_order_counts_revenue_and_a_refund_takes_it_back() -> None:
    paid = {
        "event": "paid",
        "order": "O-1",
        "user_id": 7,
        "product_id": 2,
        "limited_package_id": None,
        "amount_krw": 5500,
        "discount_krw": 0,
        "gold": 600,
        "bonus_gold": 60,
        "provider": "sandbox",
    }
    (row,) = rows.typed_rows(event(outbox.SHOP_ORDERS, paid))["purchases"]
    assert row == (11, "O-1", 7, "paid", 5500, 5500, 600, 60, 2, 0, "sandbox", AT)
    (refund,) = rows.typed_rows(event(outbox.SHOP_ORDERS, {**paid, "event": "refunded"}))["purchases"]
    assert refund[3:6] == ("refunded", 5500, -5500)


def test_rounds_funnel_and_ledger_legs() -> None:
    played = {"round_id": 1, "user_id": 7, "game": "slot", "config_version": 3, "bet": 100, "payout": 250}
    assert rows.typed_rows(event(outbox.GAME_ROUNDS, played)) == {"rounds": [(11, 7, "slot", 3, 100, 250, AT)]}
    step = {"event": "buy_click", "user_id": 7, "product_id": 2}
    assert rows.typed_rows(event(outbox.SHOP_FUNNEL, step)) == {"funnel": [(11, 7, "buy_click", AT)]}
    legs = [
        {"source": "user:7", "target": "house:slot", "amount": 100, "kind": "BET"},
        {"source": "house:slot", "target": "user:7", "amount": 250, "kind": "WIN"},
        {"source": "house:slot", "target": "rewards", "amount": 5, "kind": "FEE"},
    ]
    flows = rows.typed_rows(event(outbox.LEDGER_TRANSFERS, {"kind": "SLOT_SPIN", "legs": legs}))["gold_flows"]
    assert [(f[1], f[2], f[5], f[6]) for f in flows] == [
        (0, "BET", 100, "sink"),
        (1, "WIN", 250, "source"),
        (2, "FEE", 5, "internal"),
    ]


@pytest.mark.parametrize(
    ("topic", "payload"),
    [
        (outbox.GAME_ROUNDS, {"user_id": 7, "game": "slot", "bet": "lots", "payout": 0}),
        (outbox.GAME_ROUNDS, {"user_id": 7, "game": "slot", "bet": -1, "payout": 0}),
        (outbox.GAME_ROUNDS, {"user_id": 7, "game": "slot", "bet": True, "payout": 0}),
        (outbox.GAME_ROUNDS, {"user_id": 0, "game": "slot", "bet": 1, "payout": 0}),
        (outbox.GAME_ROUNDS, {"user_id": 7, "game": "x" * 41, "bet": 1, "payout": 0}),
        (outbox.SHOP_ORDERS, {"event": "created", "order": "O", "user_id": 7, "amount_krw": 1, "gold": 1}),
        (outbox.SHOP_ORDERS, {"event": "paid", "order": "O", "user_id": 7, "amount_krw": 2**63, "gold": 1}),
        (outbox.SHOP_FUNNEL, {"event": "open_shop"}),
        (outbox.LEDGER_TRANSFERS, {"kind": "X", "legs": "none"}),
        (outbox.LEDGER_TRANSFERS, {"kind": "X", "legs": [{"source": "a", "target": "b"}]}),
    ],
)
def test_a_payload_that_does_not_fit_its_topic_is_unmappable(topic: str, payload: dict) -> None:
    with pytest.raises(rows.Unmappable):
        rows.typed_rows(event(topic, payload))


def test_the_schema_files_are_ordered_and_name_the_business_time_zone() -> None:
    found = schema.migrations()
    assert [m.version for m in found] == sorted({m.version for m in found})
    assert found[0].version == 1
    assert schema.head() >= 1
    statements = "\n".join(found[0].statements)
    assert "toDate(occurred_at, 'Asia/Seoul')" in statements
    assert "{tz}" not in statements
    assert all(s.startswith("CREATE ") for m in found for s in m.statements)
    assert "purchases_daily_agg" in statements
    assert "MATERIALIZED VIEW" in statements
