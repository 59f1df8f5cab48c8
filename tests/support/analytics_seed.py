"""Seed the analytics reports through the real pipeline: outbox events with chosen moments, inserted into a
database's ``outbox_events``. The embedded relay of whichever process owns that database's OLAP store (an app
server's ``outbox-relay`` job, or ``sink.relay()`` in a test) carries them into OLAP like any other event.

``scenario`` builds one fixed story around "today" (a KST business day) whose report figures are worked out by
hand in ``Expected``: a buy funnel on the day before, a paid order, and four signup cohorts (31, 20, 8 days ago
and yesterday) with their returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from casino_app.services import outbox

KST = ZoneInfo("Asia/Seoul")
# Player ids far above any real account's, so seeded players never meet the ones tests sign up.
FIRST_ID = 2_000_000_000


@dataclass(frozen=True)
class Event:
    """One outbox row to insert."""

    topic: str
    user_id: int
    payload: dict[str, Any]
    at: datetime


def at_kst(day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC moment of ``hour:minute`` on KST business day ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=KST).astimezone(UTC)


def signup(user_id: int, at: datetime) -> Event:
    """``accounts.signups`` as ``users.create`` emits it."""
    return Event(outbox.ACCOUNT_SIGNUPS, user_id, {"user_id": user_id, "invite_code_id": None, "referrer_id": None}, at)


def login(user_id: int, at: datetime, *, resumed: bool = False) -> Event:
    """``accounts.logins``: the player's session opened, or (``resumed``) a session kept open from an earlier
    business day used again — that day's visit (``visits.note_return``)."""
    return Event(outbox.ACCOUNT_LOGINS, user_id, {"user_id": user_id, "channel": "web", "resumed": resumed}, at)


def funnel_step(user_id: int, step: str, at: datetime) -> Event:
    """``shop.funnel`` (open_shop, buy_click, buy_success or buy_fail)."""
    return Event(outbox.SHOP_FUNNEL, user_id, {"event": step, "user_id": user_id}, at)


def paid_order(user_id: int, code: str, amount_krw: int, gold: int, at: datetime) -> Event:
    """``shop.orders`` for a paid order (the shape of ``shop.machine.order_event``)."""
    payload = {
        "event": "paid",
        "order": code,
        "user_id": user_id,
        "product_id": None,
        "limited_package_id": None,
        "amount_krw": amount_krw,
        "discount_krw": 0,
        "gold": gold,
        "bonus_gold": 0,
        "provider": "sandbox",
        "receipt_code": None,
    }
    return Event(outbox.SHOP_ORDERS, user_id, payload, at)


def insert(url: str, events: list[Event]) -> None:
    """Add ``events`` to the outbox of the database at ``url`` (pending, with their own ``created_at``)."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO outbox_events (topic, key, payload, created_at)"
                    " VALUES (:topic, :key, CAST(:payload AS JSONB), :at)"
                ),
                [{"topic": e.topic, "key": str(e.user_id), "payload": _json(e.payload), "at": e.at} for e in events],
            )
    finally:
        engine.dispose()


def pending(url: str) -> int:
    """Outbox events of the database at ``url`` that no relay has carried yet."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(sa.text("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")) or 0)
    finally:
        engine.dispose()


def _json(payload: dict[str, Any]) -> str:
    import json

    return json.dumps(payload, ensure_ascii=False)


@dataclass
class Expected:
    """The seeded figures, worked out by hand from the story in ``scenario``."""

    today: date
    funnel_day: date  # today − 1
    # Players reaching open_shop, then buy_click, then buy_success in order; failed players.
    funnel_steps: tuple[int, int, int] = (4, 3, 1)
    funnel_failed: int = 1
    # Distinct players per step on funnel_day, in any order: open_shop, buy_click, buy_success, buy_fail.
    funnel_daily: tuple[int, int, int, int] = (4, 4, 1, 1)
    order_krw: int = 33_000
    active_on_funnel_day: int = 6  # the five funnel players and one returning cohort player
    # Cohort day -> (size, D1, D7, D30); None where day n has not ended by today (not measurable).
    cohorts: dict[date, tuple[int, int | None, int | None, int | None]] = field(default_factory=dict)
    # n -> (cohorts measured, their players, retained) of the D1 / D7 / D30 summary over a 60-day window.
    summary: dict[int, tuple[int, int, int]] = field(default_factory=dict)


def scenario(today: date) -> tuple[list[Event], Expected]:
    """The story (``today`` is the KST business day the reports are read on; day n of a cohort is measured once
    it has ended, i.e. signup day + n < today):

    Funnel, all on today − 1 at noon: A opens the shop, clicks buy and pays (and its order of ₩33,000 is paid);
    B opens, clicks and fails; C opens and clicks; D only opens; E clicks without opening the shop first.
    Ordered levels: open_shop A B C D = 4, buy_click A B C = 3, buy_success A = 1; failed B = 1. Per day in
    any order: open 4, click 4 (E too), success 1, fail 1.

    Cohort today − 31: C and S sign up; C signs in on today − 30 (D1 1/2) and its shop visit on today − 1 is
    its D30 (day 30 was yesterday: ended, 1/2); S comes back on today − 24 with the session it kept open, a
    resumed visit (D7 1/2).
    Cohort today − 20: Q1, Q2 sign up at 23:30 KST; Q1 signs in at 00:30 KST on today − 19 (D1 1/2), Q2 on
    today − 13 (D7 1/2); D30 (today + 10) not yet.
    Cohort today − 8: P1–P4 sign up; P1, P2, P3 sign in on today − 7 (D1 3/4 = 75.0 %); P1 signs in on
    today − 1 (D7, yesterday: ended, 1/4 = 25.0 %); P4 only on today − 6 (neither). D30 not yet.
    Cohort today − 1: D signs up at 11:00, an hour before opening the shop. Its day 1 is today, not ended:
    D1, D7 and D30 are all unmeasurable and the cohort is in no summary.
    Summary over a 60-day window: D1 (1 + 1 + 3) / (2 + 2 + 4) = 5/8 = 62.5 %; D7 (1 + 1 + 1) / 8 = 3/8 =
    37.5 %; D30 only cohort today − 31: 1/2 = 50.0 %.
    Active on today − 1: A–E (D's signup and C's return are the same players) and P1 = 6; ARPU ₩33,000 / 6 =
    ₩5,500, ARPPU ₩33,000, paying share 1/6 = 16.7 %.
    """
    ids = iter(range(FIRST_ID, FIRST_ID + 100))
    a, b, c, d, e = (next(ids) for _ in range(5))
    funnel_day = today - timedelta(days=1)
    noon = at_kst(funnel_day, 12)
    minute = timedelta(minutes=1)
    events = [
        signup(d, at_kst(funnel_day, 11)),
        *(funnel_step(p, "open_shop", noon) for p in (a, b, c, d)),
        *(funnel_step(p, "buy_click", noon + minute) for p in (a, b, c, e)),
        funnel_step(a, "buy_success", noon + 2 * minute),
        paid_order(a, f"CCSEED{a}", 33_000, 3_300, noon + 2 * minute),
        funnel_step(b, "buy_fail", noon + 2 * minute),
    ]
    p1, p2, p3, p4 = (next(ids) for _ in range(4))
    first = today - timedelta(days=8)
    events += [signup(p, at_kst(first, 10)) for p in (p1, p2, p3, p4)]
    events += [login(p, at_kst(first + timedelta(days=1), 9)) for p in (p1, p2, p3)]
    events += [login(p1, at_kst(first + timedelta(days=7), 20)), login(p4, at_kst(first + timedelta(days=2), 9))]
    q1, q2 = next(ids), next(ids)
    second = today - timedelta(days=20)
    events += [signup(q, at_kst(second, 23, 30)) for q in (q1, q2)]
    events += [login(q1, at_kst(second + timedelta(days=1), 0, 30)), login(q2, at_kst(second + timedelta(days=7), 8))]
    s1 = next(ids)
    oldest = today - timedelta(days=31)
    events += [signup(p, at_kst(oldest, 10)) for p in (c, s1)]
    events += [
        login(c, at_kst(oldest + timedelta(days=1), 9)),
        login(s1, at_kst(oldest + timedelta(days=7), 21), resumed=True),
    ]
    expected = Expected(
        today=today,
        funnel_day=funnel_day,
        cohorts={
            oldest: (2, 1, 1, 1),
            second: (2, 1, 1, None),
            first: (4, 3, 1, None),
            funnel_day: (1, None, None, None),
        },
        summary={1: (3, 8, 5), 7: (3, 8, 3), 30: (1, 2, 1)},
    )
    return events, expected
