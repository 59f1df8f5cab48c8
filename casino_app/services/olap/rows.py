"""From an outbox event to its OLAP rows: the ``events`` row plus the typed rows of its topic.

Pure functions. A payload that does not have the shape its topic promises raises ``Unmappable`` (the sink
dead-letters it rather than store half of it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from casino_app.services import outbox

INT64_MAX = 2**63 - 1
EVENTS_COLUMNS = ("event_id", "topic", "key", "user_id", "occurred_at", "received_at", "payload")
COLUMNS: dict[str, tuple[str, ...]] = {
    "purchases": (
        "event_id",
        "order_code",
        "user_id",
        "status",
        "amount_krw",
        "revenue_krw",
        "gold",
        "bonus_gold",
        "product_id",
        "limited_package_id",
        "provider",
        "occurred_at",
    ),
    "rounds": ("event_id", "user_id", "game", "config_version", "bet", "payout", "occurred_at"),
    "funnel": ("event_id", "user_id", "step", "occurred_at"),
    "gold_flows": ("event_id", "leg", "kind", "source", "target", "amount", "direction", "occurred_at"),
}
USER_PREFIX = "user:"


class Unmappable(ValueError):
    """An event whose payload does not fit its topic."""


def _int(payload: Mapping[str, Any], name: str, *, optional: bool = False, minimum: int = 0) -> int:
    value = payload.get(name)
    if value is None and optional:
        return 0
    if type(value) is not int or not minimum <= value <= INT64_MAX:
        raise Unmappable(f"{name} must be an integer ≥ {minimum}")
    return value


def _text(payload: Mapping[str, Any], name: str, *, optional: bool = False, limit: int = 100) -> str:
    value = payload.get(name)
    if value is None and optional:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise Unmappable(f"{name} must be text of at most {limit} characters")
    return value


def user_of(event: outbox.Event) -> int:
    """The player an event is about (0 when it is not a player's event)."""
    value = event.payload.get("user_id")
    if type(value) is int and 0 < value <= INT64_MAX:
        return value
    if event.key.startswith(USER_PREFIX) and event.key[len(USER_PREFIX) :].isdigit():
        return int(event.key[len(USER_PREFIX) :])
    return 0


def event_row(event: outbox.Event, received_at: datetime) -> tuple[Any, ...]:
    """The ``events`` row."""
    payload = json.dumps(event.payload, ensure_ascii=False, separators=(",", ":"))
    return (event.id, event.topic, event.key, user_of(event), event.created_at, received_at, payload)


def _purchase(event: outbox.Event) -> list[tuple[Any, ...]]:
    p = event.payload
    status = _text(p, "event")
    if status not in ("paid", "refunded"):
        raise Unmappable("event must be paid or refunded")
    amount = _int(p, "amount_krw")
    return [
        (
            event.id,
            _text(p, "order"),
            _int(p, "user_id", minimum=1),
            status,
            amount,
            amount if status == "paid" else -amount,
            _int(p, "gold"),
            _int(p, "bonus_gold", optional=True),
            _int(p, "product_id", optional=True),
            _int(p, "limited_package_id", optional=True),
            _text(p, "provider", optional=True),
            event.created_at,
        )
    ]


def _round(event: outbox.Event) -> list[tuple[Any, ...]]:
    p = event.payload
    version = _int(p, "config_version", optional=True)
    if version > 2**32 - 1:
        raise Unmappable("config_version out of range")
    game = _text(p, "game", limit=40)
    return [
        (event.id, _int(p, "user_id", minimum=1), game, version, _int(p, "bet"), _int(p, "payout"), event.created_at)
    ]


def _funnel(event: outbox.Event) -> list[tuple[Any, ...]]:
    p = event.payload
    return [(event.id, _int(p, "user_id", minimum=1), _text(p, "event", limit=40), event.created_at)]


def direction(source: str, target: str) -> str:
    """``source`` when gold reaches a player from the system, ``sink`` when it leaves one, else ``internal``."""
    from_user, to_user = source.startswith(USER_PREFIX), target.startswith(USER_PREFIX)
    if to_user and not from_user:
        return "source"
    if from_user and not to_user:
        return "sink"
    return "internal"


def _gold_flows(event: outbox.Event) -> list[tuple[Any, ...]]:
    legs = event.payload.get("legs")
    fallback = event.payload.get("kind")
    if not isinstance(legs, list) or len(legs) > 1000:
        raise Unmappable("legs must be a list")
    found = []
    for index, leg in enumerate(legs):
        if not isinstance(leg, dict):
            raise Unmappable("a leg must be an object")
        source, target = _text(leg, "source"), _text(leg, "target")
        kind = _text(leg, "kind", optional=True) or (fallback if isinstance(fallback, str) else "")
        amount = _int(leg, "amount")
        found.append((event.id, index, kind[:100], source, target, amount, direction(source, target), event.created_at))
    return found


_TYPED = {
    outbox.SHOP_ORDERS: ("purchases", _purchase),
    outbox.GAME_ROUNDS: ("rounds", _round),
    outbox.SHOP_FUNNEL: ("funnel", _funnel),
    outbox.LEDGER_TRANSFERS: ("gold_flows", _gold_flows),
}


def typed_rows(event: outbox.Event) -> dict[str, list[tuple[Any, ...]]]:
    """The typed-table rows of an event (``{}`` for topics kept only in ``events``); raises ``Unmappable``."""
    if event.topic not in _TYPED:
        return {}
    table, build = _TYPED[event.topic]
    return {table: build(event)}
