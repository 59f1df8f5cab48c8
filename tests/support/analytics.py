"""A known world for the analytics reports: outbox events with chosen KST times, relayed into the OLAP store.

"Now" is Saturday 2026-11-28 10:00 KST (``NOW``). Player ids are plain numbers (the reports read only the OLAP
store). The figures every report must give for this world are worked out by hand in the tests beside their
asserts; the events are listed here by the report they are made for, but every report sees all of them (a
round or a funnel step also makes its player active for spend and retention, a ledger transfer never does).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.models.outbox import OutboxEvent
from casino_app.services import outbox
from casino_app.services.games import configs
from casino_app.services.olap import sink

SEOUL = ZoneInfo("Asia/Seoul")
_orders = itertools.count(1)
_transfers = itertools.count(1)

# Declared RTP of the odds tables (game_configs): slot version 1 (retired) and 2 (active), the others' active one.
SLOT_V1_RTP, SLOT_V2_RTP = 0.96, 0.90
ACTIVE_RTP = {"gacha": 0.95, "rps": 0.97, "roulette": 0.5, "crash": 0.99}


def kst(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment given in Seoul time (2026), as UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL).astimezone(UTC)


NOW = kst(11, 28, 10, 0)


class Events:
    """Outbox rows to insert, each with its own ``created_at``."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, topic: str, key: str, at: datetime, payload: dict[str, Any]) -> None:
        """One event of ``topic`` at ``at``."""
        self.rows.append({"topic": topic, "key": key, "payload": payload, "created_at": at})

    def signup(self, user: int, at: datetime) -> None:
        """``accounts.signups``."""
        self.add(outbox.ACCOUNT_SIGNUPS, str(user), at, {"user_id": user, "invite_code_id": 1, "referrer_id": None})

    def login(self, user: int, at: datetime, *, resumed: bool = False) -> None:
        """``accounts.logins``: a player's session opened, or (``resumed``) a session kept open from an earlier
        business day used again, which is that day's visit."""
        self.add(outbox.ACCOUNT_LOGINS, str(user), at, {"user_id": user, "channel": "web", "resumed": resumed})

    def step(self, user: int, step: str, at: datetime) -> None:
        """``shop.funnel``: open_shop, buy_click, buy_success or buy_fail."""
        self.add(outbox.SHOP_FUNNEL, str(user), at, {"event": step, "user_id": user})

    def order(self, user: int, status: str, amount_krw: int, at: datetime, code: str | None = None) -> str:
        """``shop.orders``: an order paid or refunded (returns its code)."""
        code = code or f"ORD{next(_orders):05d}"
        payload = {
            "event": status,
            "order": code,
            "user_id": user,
            "product_id": 1,
            "limited_package_id": None,
            "amount_krw": amount_krw,
            "gold": amount_krw,
            "bonus_gold": 0,
            "provider": "sandbox",
        }
        self.add(outbox.SHOP_ORDERS, str(user), at, payload)
        return code

    def round(self, user: int, game: str, version: int, bet: int, payout: int, at: datetime) -> None:
        """``game.rounds``: one settled round."""
        payload = {"user_id": user, "game": game, "config_version": version, "bet": bet, "payout": payout}
        self.add(outbox.GAME_ROUNDS, str(user), at, payload)

    def transfer(self, kind: str, legs: list[tuple[str, str, int, str]], at: datetime) -> None:
        """``ledger.transfers``: legs of (source, target, amount, kind), keyed by the first player account."""
        users = [code for leg in legs for code in leg[:2] if code.startswith("user:")]
        payload = {
            "transfer_id": next(_transfers),
            "kind": kind,
            "reference": "test",
            "legs": [{"source": s, "target": t, "amount": a, "kind": k} for s, t, a, k in legs],
        }
        self.add(outbox.LEDGER_TRANSFERS, users[0] if users else kind, at, payload)

    def relay(self) -> int:
        """Insert the rows into ``outbox_events`` and relay everything pending into OLAP; returns how many."""
        with get_engine().begin() as conn:
            conn.execute(sa.insert(OutboxEvent.__table__), self.rows)
        relayed = 0
        while (n := sink.relay()) > 0:
            relayed += n
        return relayed


def odds_tables() -> None:
    """Slot version 1 (declared 0.96) retired and version 2 (declared 0.90) active; the other games' active
    tables declare ``ACTIVE_RTP``."""
    configs.ensure_defaults()
    with get_engine().begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE game_configs SET is_active = false, declared_rtp = :rtp WHERE game = 'slot' AND version = 1"
            ),
            {"rtp": SLOT_V1_RTP},
        )
        conn.execute(
            sa.text(
                "INSERT INTO game_configs (game, version, config, declared_rtp, is_active, created_at)"
                " SELECT game, 2, config, :rtp, true, created_at FROM game_configs WHERE game = 'slot' AND version = 1"
            ),
            {"rtp": SLOT_V2_RTP},
        )
        for game, rtp in ACTIVE_RTP.items():
            conn.execute(
                sa.text("UPDATE game_configs SET declared_rtp = :rtp WHERE game = :game AND is_active"),
                {"rtp": rtp, "game": game},
            )
    configs.forget_active()


def retention_cohorts(e: Events) -> None:
    """Signups from 10-19 to 11-28 and the activity that makes (or does not make) them retained."""
    e.signup(11, kst(10, 19, 23, 30))  # the day before a 40-day window (10-20 .. 11-28)
    e.signup(12, kst(10, 20, 0, 30))  # 10-20 in Seoul (still 10-19 in UTC): cohort 10-20
    for user in (1, 2, 3):  # cohort 10-25
        e.signup(user, kst(10, 25, 12))
    e.login(1, kst(10, 26, 9))  # D1
    e.transfer("ADMIN_ADJUST", [("admin:adjust", "user:2", 10, "ADMIN_ADJUST")], kst(10, 26, 9))  # not activity
    e.round(1, "rps", 1, 0, 0, kst(11, 1, 20))  # D7 (a round without stake still counts as a round played)
    e.login(1, kst(11, 24, 8), resumed=True)  # D30: back with the session kept open (a resumed visit)
    e.step(2, "open_shop", kst(11, 24, 15))  # D30
    for user in (4, 5, 6):  # cohort 11-01
        e.signup(user, kst(11, 1, 10))
    e.signup(7, kst(11, 1, 23, 30))  # 23:30 KST on 11-01
    e.login(4, kst(11, 2, 9))  # D1
    e.round(5, "rps", 1, 0, 0, kst(11, 2, 21))  # D1
    e.login(5, kst(11, 8, 9))  # D7
    e.login(6, kst(11, 3, 9))  # day 2: neither D1 nor D7
    e.login(7, kst(11, 2, 0, 30))  # 00:30 KST on 11-02 (11-01 in UTC): D1 in Seoul
    e.signup(8, kst(11, 27, 9))  # cohort 11-27
    e.signup(9, kst(11, 27, 18))
    e.login(8, kst(11, 28, 8))  # day 1 is today: not measured until it has ended
    e.signup(10, kst(11, 28, 9))  # cohort 11-28 (today)


def buy_funnel(e: Events) -> None:
    """Shop steps from 11-25 to 11-28 (and the orders of the successful ones)."""
    e.step(20, "open_shop", kst(11, 26, 10, 0))  # in order: level 3
    e.step(20, "buy_click", kst(11, 26, 10, 1))
    e.step(20, "buy_success", kst(11, 26, 10, 2))
    e.order(20, "paid", 5_000, kst(11, 26, 10, 2))
    e.step(21, "open_shop", kst(11, 27, 12, 0))  # level 2, a failed buy
    e.step(21, "buy_click", kst(11, 27, 12, 1))
    e.step(21, "buy_fail", kst(11, 27, 12, 2))
    e.step(22, "buy_click", kst(11, 27, 13, 0))  # clicks before opening the shop: level 1
    e.step(22, "open_shop", kst(11, 27, 13, 5))
    e.step(23, "buy_click", kst(11, 28, 9, 0))  # clicks and buys without opening the shop: level 0
    e.step(23, "buy_success", kst(11, 28, 9, 1))
    e.order(23, "paid", 10_000, kst(11, 28, 9, 1))
    e.step(24, "open_shop", kst(11, 25, 23, 30))  # 11-25 in Seoul: outside a 3-day window (11-26 .. 11-28)
    e.step(24, "buy_click", kst(11, 26, 0, 30))  # 11-26 in Seoul (11-25 in UTC)
    e.step(24, "buy_success", kst(11, 26, 0, 31))
    e.order(24, "paid", 3_000, kst(11, 26, 0, 31))
    e.step(25, "open_shop", kst(11, 28, 8, 0))  # a failed try, then a success: level 3 and failed
    e.step(25, "buy_fail", kst(11, 28, 8, 1))
    e.step(25, "buy_click", kst(11, 28, 8, 2))
    e.step(25, "buy_success", kst(11, 28, 8, 3))
    e.order(25, "paid", 1_000, kst(11, 28, 8, 3))


def earlier_orders(e: Events) -> None:
    """Orders from 11-18 to 11-24: one refunded later, one each side of the midnight before 11-19."""
    e.order(31, "paid", 7_000, kst(11, 18, 23, 30))  # 11-18: outside a 10-day window (11-19 .. 11-28)
    e.order(31, "paid", 2_000, kst(11, 19, 0, 30))  # 11-19 in Seoul (11-18 in UTC)
    refunded = e.order(30, "paid", 20_000, kst(11, 20, 12))
    e.order(20, "paid", 5_000, kst(11, 21, 9))
    e.order(30, "refunded", 20_000, kst(11, 24, 15), code=refunded)


def game_rounds(e: Events) -> None:
    """Slot rounds on both odds tables, a roulette spin (no stake), and a round each side of 11-22's midnight."""
    e.round(20, "slot", 1, 100, 1_000, kst(11, 21, 23, 30))  # 11-21: outside a 7-day window (11-22 .. 11-28)
    e.round(22, "slot", 1, 100, 100, kst(11, 22, 0, 30))  # 11-22 in Seoul (11-21 in UTC)
    e.round(20, "slot", 1, 100, 0, kst(11, 26, 11, 0))
    e.round(20, "slot", 1, 100, 250, kst(11, 26, 11, 1))
    e.round(21, "slot", 1, 100, 50, kst(11, 27, 14))
    e.round(21, "slot", 2, 100, 0, kst(11, 28, 9, 30))
    e.round(22, "roulette", 1, 0, 500, kst(11, 27, 15))


def gold_flows(e: Events) -> None:
    """Ledger transfers from 11-21 to 11-28: sources, sinks, an internal move, one each side of 11-28's midnight."""
    e.transfer("WIN", [("house:slot", "user:20", 1_000, "WIN")], kst(11, 21, 12))  # outside a 7-day window
    e.transfer("BET", [("user:20", "house:slot", 100, "BET")], kst(11, 26, 11, 0))
    e.transfer(
        "BET", [("user:20", "house:slot", 100, "BET"), ("house:slot", "user:20", 250, "WIN")], kst(11, 26, 11, 1)
    )
    e.transfer("PURCHASE", [("shop:sales", "user:21", 5_500, "PURCHASE")], kst(11, 27, 9))
    e.transfer("DAILY_REWARD", [("rewards:daily", "user:22", 300, "DAILY_REWARD")], kst(11, 27, 23, 30))
    e.transfer("DAILY_REWARD", [("rewards:daily", "user:22", 300, "DAILY_REWARD")], kst(11, 28, 0, 30))
    e.transfer("ADMIN_ADJUST", [("admin:adjust", "user:50", 1_000, "ADMIN_ADJUST")], kst(11, 28, 10))  # staff grant
    e.transfer("SWEEP", [("house:slot", "promo", 999, "SWEEP")], kst(11, 28, 10, 5))  # internal: not counted
    e.transfer("GACHA_PULL", [("user:21", "house:gacha", 200, "GACHA_PULL")], kst(11, 28, 10, 10))


def build() -> int:
    """The whole world: odds tables in PostgreSQL, every event relayed into OLAP; returns the events relayed."""
    odds_tables()
    e = Events()
    for part in (retention_cohorts, buy_funnel, earlier_orders, game_rounds, gold_flows):
        part(e)
    return e.relay()
